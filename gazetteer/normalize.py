"""One documented normalisation of place names, so news spellings meet gazetteer spellings.

:func:`normalize_name` maps a name to a *matching key*. Two spellings that news uses for the same
place should get the same key; the steps, in order:

1. Unicode NFKD, combining marks dropped (``Bāghūz`` -> ``Baghuz``), case folded.
2. Apostrophes and ayn/hamza marks (``' ‘ ’ ʿ ʾ ʻ ʼ ` ´``) dropped; a trailing possessive
   ``'s`` dropped first (``Syria's`` -> ``syria``).
3. Hyphens, dots, commas, slashes become spaces; other punctuation is dropped.
4. Administrative suffixes and prefixes dropped: governorate, province, district, sub-district,
   muhafazah, wilayah, "governorate of" (``Deir ez-Zor Governorate`` -> ``deir ez zor``); "the"
   after "of" inside a name dropped, as news often do (``Democratic Republic of Congo``).
5. Arabic articles dropped: standalone or hyphenated ``al el ad ar as at az an ash adh ath ed
   ez es er`` before another word, and, after the first word, an article fused by assimilation
   (``Ezzor`` -> ``zor``, ``Arraqqa`` -> ``raqqa``). The first word keeps a fused article because
   ordinary names start that way (Essen, Annapolis).
6. Abbreviations expanded: ``st`` -> ``saint``, ``ft`` -> ``fort``, ``mt`` -> ``mount``.
7. Spelling variants folded per word: ``q`` -> ``k``; ``ai ay ei ey`` -> ``e``;
   ``ou oo ow aw`` -> ``u``; ``o`` -> ``u``; a final ``h`` after a vowel dropped; doubled letters
   single (``Deir ez-Zor``, ``Dayr az Zawr``, ``Dair al-Zour`` all give ``der zur``).

The key is for matching only; it is never shown to users. The function is pure and cached.

>>> normalize_name("Dayr az Zawr") == normalize_name("Deir ez-Zor") == normalize_name("Dair al-Zour")
True
>>> normalize_name("Bāghūz") == normalize_name("Baghouz") == normalize_name("BAGHUZ")
True
>>> normalize_name("Deir Ezzor Governorate")
'der zur'
>>> normalize_name("Syria's")
'syria'
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache

__all__ = ["ARTICLES", "fold", "is_code", "normalize_name", "respelled", "words"]

# Longest first so "ash" is tried before "as".
ARTICLES = ("adh", "ash", "ath", "al", "el", "ad", "ar", "as", "at", "az", "an", "ed", "ez", "es", "er")
_ARTICLE_SET = frozenset(ARTICLES)
# Consonants an Arabic article assimilates to ("sun letters"), as romanised.
_SUN = frozenset("tdrzsnl")

_ADMIN_WORDS = frozenset(
    {"governorate", "province", "district", "subdistrict", "muhafazah", "muhafazat", "wilayah", "wilayat"}
)
_ABBREVIATIONS = {"st": "saint", "ste": "sainte", "ft": "fort", "mt": "mount"}

_APOSTROPHES = "'‘’ʿʾʻʼ`´ʹ"
_DROP = str.maketrans("", "", _APOSTROPHES)
_AS_APOSTROPHE = {ord(c): "'" for c in _APOSTROPHES}
_POSSESSIVE = re.compile(r"[" + _APOSTROPHES + r"]s$")
_SEPARATORS = re.compile(r"[\s\-‐‑‒–—―./,;:()\[\]_]+")
_NON_WORD = re.compile(r"[^0-9a-z ]+")
_DIPHTHONG_E = re.compile(r"ai|ay|ei|ey")
_DIPHTHONG_U = re.compile(r"ou|oo|ow|aw")
_DOUBLE = re.compile(r"(.)\1+")
_FINAL_H = re.compile(r"(?<=[aeiu])h$")


class _CombiningMarks(dict[int, int | None]):
    """A ``str.translate`` table that drops combining marks, filled in as characters are first seen
    (a generator over the characters of every non-ASCII name cost more than the rest of ``fold``)."""

    def __missing__(self, code: int) -> int | None:
        kept = None if unicodedata.combining(chr(code)) else code
        self[code] = kept
        return kept


_MARKS = _CombiningMarks()


def fold(text: str) -> str:
    """Case-fold, strip diacritics and write every apostrophe as ``'``, keeping everything else (the
    'exact' comparison form: news types "Ma’an" where the gazetteer has "Ma'an" or "Ma‘ān").

    >>> fold("Bāghūz Fawqānī")
    'baghuz fawqani'
    >>> fold("Ma’an") == fold("Ma‘ān") == "ma'an"
    True
    """
    if text.isascii():  # NFKD leaves ASCII unchanged; this fast path halves the index build time
        if "`" in text:
            text = text.replace("`", "'")
        return " ".join(text.casefold().split())
    # Apostrophes first: NFKD would split "´" into a space and a combining accent.
    stripped = unicodedata.normalize("NFKD", text.translate(_AS_APOSTROPHE)).translate(_MARKS)
    return " ".join(stripped.casefold().split())


def words(text: str) -> list[str]:
    """Split a folded name into plain ASCII words, possessive, apostrophes and punctuation removed."""
    if text.isascii() and text.replace(" ", "").isalpha():
        return text.lower().split()  # plain letters and spaces: nothing below would change them
    folded = _POSSESSIVE.sub("", fold(text)).translate(_DROP)
    return [w for w in _NON_WORD.sub("", _SEPARATORS.sub(" ", folded)).split() if w]


@lru_cache(maxsize=1 << 16)
def _spelling(tok: str) -> str:
    tok = tok.replace("q", "k")
    tok = _DIPHTHONG_E.sub("e", tok)
    tok = _DIPHTHONG_U.sub("u", tok)
    tok = tok.replace("o", "u")
    tok = _FINAL_H.sub("", tok)
    return _DOUBLE.sub(r"\1", tok)


def _first_formal(tok: str) -> str:
    return _ABBREVIATIONS.get(tok, tok)


def _later_formal(tok: str) -> str:
    if len(tok) > 4 and tok[0] in "ae" and tok[1] in _SUN and tok[2] == tok[1]:
        tok = tok[2:]  # a fused assimilated article: "Ezzor" -> "zor", "Arraqqa" -> "raqqa"
    return _ABBREVIATIONS.get(tok, tok)


# Steps 5-7 per word, remembered per word: the parser normalises every run of capitalised words,
# and the same words come back in many runs ("New", "York", "City").
@lru_cache(maxsize=1 << 16)
def _first_word(tok: str) -> str:
    return _spelling(_first_formal(tok))


@lru_cache(maxsize=1 << 16)
def _later_word(tok: str) -> str:
    return _spelling(_later_formal(tok))


@lru_cache(maxsize=1 << 18)
def normalize_name(text: str) -> str:
    """Return the matching key of a place name; see the module docstring for every step."""
    return _key(text, _first_word, _later_word)


def is_code(name: str) -> bool:
    """Whether a name is shaped like a code such as an airport's ("DOH", "KBGW"): up to four capital
    letters. An alternate name of that shape is matched only as written (see
    :class:`gazetteer.Gazetteer`): "Dow" is not Doha's "DOH", nor "Den" Denver's "DEN". A place's
    own name is never a code, though some sources write them in capitals ("JAVA")."""
    return len(name) <= 4 and name.isascii() and name.isalpha() and name.isupper()


def respelled(text: str, name: str) -> bool:
    """Whether ``text`` meets ``name`` only through the spelling folds of step 7 (vowels, doubled
    letters, "q" for "k"), not by its letters: "Baghouz" and "Bāghūz", or "Hall" and "Hal", but
    not "St. Clair" and "Saint Clair" nor "Deir Ezzor" and "Deir ez-Zor".

    >>> respelled("Baghouz", "Bāghūz"), respelled("Deir Ezzor Governorate", "Deir ez-Zor")
    (True, False)
    """
    return _letters_key(text) != _letters_key(name)


@lru_cache(maxsize=1 << 16)
def _letters_key(text: str) -> str:
    """Steps 1-6 only: the key of a name but for the spelling folds."""
    return _key(text, _first_formal, _later_formal)


def _key(text: str, first_word: Callable[[str], str], later_word: Callable[[str], str]) -> str:
    tokens = words(text)
    if len(tokens) > 1 and tokens[-1] in _ADMIN_WORDS:
        tokens = tokens[:-1]
    if len(tokens) > 2 and tokens[0] in _ADMIN_WORDS and tokens[1] == "of":
        tokens = tokens[2:]
    if "the" in tokens:
        tokens = [t for i, t in enumerate(tokens) if not (t == "the" and 0 < i < len(tokens) - 1 and tokens[i - 1] == "of")]
    last = len(tokens) - 1
    # An article standing alone before another word goes ("al Qaim", "ez Zor"); the first word
    # keeps a fused article because ordinary names start that way (Essen, Annapolis).
    return " ".join(
        [(later_word if i else first_word)(t) for i, t in enumerate(tokens) if i == last or t not in _ARTICLE_SET]
    )
