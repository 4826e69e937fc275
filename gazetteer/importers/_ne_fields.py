"""Natural Earth properties read as clean text, numbers, a feature's names and its slug."""

from __future__ import annotations

import hashlib
import math
import re
import unicodedata
from typing import Any

from ._ne_layers import Layer, Props

_LANGUAGE_FIELD = re.compile(r"^name_[a-z]{2}$")
_NOT_LANGUAGES = frozenset({"name_en"})  # name_en is listed explicitly, first
_ALT_SPLIT = re.compile(r"\s*[|;,]\s*")
_SLUG_DROP = re.compile(r"[^a-z0-9]+")
_MAX_NAME = 200  # longer "names" are notes, not names

# Name fields per layer, after the primary name; "*lang" stands for every name_xx field.
_ALT_FIELDS: dict[Layer, tuple[str, ...]] = {
    Layer.RIVERS: ("name_en", "name_alt", "*lang"),
    Layer.LAKES: ("name_en", "name_alt", "*lang"),
    Layer.REGIONS: ("name_en", "name_alt", "namealt", "*lang"),
    Layer.ADMIN1: ("name_en", "name_alt", "name_local", "gn_name", "woe_name", "*lang"),
    Layer.ADMIN1_LABELS: ("name_en", "name_alt", "*lang"),
    Layer.COUNTRIES: ("name_en", "name_long", "formal_en", "admin", "geounit", "subunit", "brk_name",
                      "name_sort", "name_ciawf", "name_alt", "*lang"),
    Layer.POPULATED_PLACES: ("name_en", "nameascii", "namealt", "namepar", "gn_ascii", "ls_name",
                             "meganame", "*lang"),
}
_PRIMARY_FIELDS = ("name", "name_en", "nameascii", "name_long", "admin")


def clean_text(value: Any) -> str:
    """A property as clean text: '' for null, -99 sentinels, numbers and over-long notes."""
    if not isinstance(value, str):
        return ""
    text = " ".join(value.split())
    if text in ("-99", "-1", "0") or len(text) > _MAX_NAME:
        return ""
    return text


def finite_number(value: Any) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def positive_int(value: Any) -> int | None:
    number = finite_number(value)
    return int(number) if number is not None and number > 0 and number == int(number) else None


def feature_names(props: Props, layer: Layer) -> list[str]:
    """The primary name first, then every alternate, de-duplicated in order."""
    found: list[str] = []
    for key in _PRIMARY_FIELDS:
        text = clean_text(props.get(key))
        if text:
            found.append(text)
            break
    for key in _ALT_FIELDS[layer]:
        keys = sorted(k for k in props if _LANGUAGE_FIELD.match(k) and k not in _NOT_LANGUAGES) if key == "*lang" else [key]
        for k in keys:
            text = clean_text(props.get(k))
            if not text:
                continue
            # Only alt-name fields hold lists; a formal name keeps its commas ("Korea, Republic of").
            pieces = _ALT_SPLIT.split(text) if "alt" in k else [text]
            found.extend(p for p in pieces if p)
    seen: set[str] = set()
    unique = []
    for name in found:
        if name.casefold() not in seen:
            seen.add(name.casefold())
            unique.append(name)
    if unique and unique[0].isupper() and len(unique[0]) > 4:
        # Region layers shout some names ("CORDILLERA ORIENTAL"); show them in title case.
        unique.insert(0, unique[0].title())
    return unique


def slug(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    dashed = _SLUG_DROP.sub("-", ascii_name).strip("-")
    return dashed or hashlib.sha1(name.encode()).hexdigest()[:10]
