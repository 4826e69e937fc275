"""The pieces of a text the parser passes around: the words of a capitalised run, the run, and a
span the gazetteer knows as a name with the context's verdict on it. Tuples: a text has dozens."""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from .context import Clue

__all__ = ["Run", "Span", "Token", "name_bounds"]

_POSSESSIVE = ("'s", "’s", "'S", "’S")  # in capitals too: "CAMBRIDGE'S"


class Token(NamedTuple):
    """A word of a run with its offsets in the run's text (a tuple, shared by every run of the same text:
    add :attr:`Run.start` for offsets in the document)."""

    text: str
    start: int
    end: int
    is_capitalised: bool
    is_upper: bool


class Run(NamedTuple):
    """A maximal stretch of capitalised words (and connectors) in the text; its tokens' offsets count
    from ``start``."""

    start: int
    end: int
    tokens: tuple[Token, ...]


class Span(NamedTuple):
    """A stretch of text that may name a place, with the context's verdict on it: a name the gazetteer
    knows (``key`` its matching key), or one the text calls a place (``key`` empty)."""

    start: int
    end: int
    text: str
    key: str
    run: Run
    first: int  # index of its first token in run.tokens
    last: int  # index of its last token in run.tokens (inclusive)
    clue: Clue


def name_bounds(first: Token, last: Token) -> tuple[int, int]:
    """Where the name from ``first`` to ``last`` starts and ends in the run, without a possessive."""
    end = last.end
    if last.text.endswith(_POSSESSIVE):
        end -= 2
    return first.start, end
