"""Enum options named by strings: one parser whose error lists the valid names (house style 9)."""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum
from typing import TypeVar, cast

__all__ = ["parse_choice"]

E = TypeVar("E", bound=Enum)


def parse_choice(cls: type[E], value: str | E, noun: str, plural: str,
                 spell: Callable[[str], str] = str.lower) -> E:
    """Return the member of ``cls`` named by ``value`` (stripped, then spelled as the values are).

    >>> from gazetteer import Kind
    >>> parse_choice(Kind, " Country ", "kind", "kinds")
    <Kind.COUNTRY: 'country'>
    """
    if isinstance(value, cls):
        return value
    try:
        return cls(spell(cast(str, value).strip()))
    except ValueError:
        valid = ", ".join(str(member.value) for member in cls)
        raise ValueError(f"unknown {noun} {value!r}; valid {plural}: {valid}") from None
