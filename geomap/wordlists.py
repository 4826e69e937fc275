"""What the word lists say of a word: whether news writes it in lower case (``data/common_words.tsv``,
learned by ``tools/build_lexicon.py``), whether it is a given name (the gender-guesser package's
list), and whether a text uses it in lower case. Each list is read once, on first use."""

from __future__ import annotations

from functools import lru_cache
from importlib.resources import files

from .lexicon import DEMONYMS, MODIFIERS, ORG_WORDS, POSSESSIVE_ENDINGS, STOPWORDS, TITLES, TYPE_SUFFIXES

__all__ = ["MAX_LOWER_SCAN", "common_words", "english_words", "first_name_word", "first_names", "has_lower_word"]


@lru_cache(maxsize=1)
def _word_counts() -> dict[str, tuple[int, int]]:
    """Lower-case and capitalised counts per word (``data/common_words.tsv``, see tools/build_lexicon.py)."""
    text = files("geomap").joinpath("data/common_words.tsv").read_text(encoding="utf-8")
    counts = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            word, lower, capital = line.split("\t")
            counts[word] = (int(lower), int(capital))
    return counts


@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    """Words news writes in lower case at least twice as often as capitalised mid-sentence ("food")."""
    return frozenset(w for w, (lower, capital) in _word_counts().items() if lower >= 3 and lower >= 2 * capital)


@lru_cache(maxsize=1)
def english_words() -> frozenset[str]:
    """Words news also writes in lower case ("arts", "veterans"): ordinary words, not surnames."""
    return frozenset(_word_counts())


@lru_cache(maxsize=1)
def first_names() -> frozenset[str]:
    """Given names from the gender-guesser package's name list (about 40,000, many languages)."""
    try:
        data = files("gender_guesser").joinpath("data/nam_dict.txt").read_bytes().decode("utf-8", "replace")
    except (ModuleNotFoundError, FileNotFoundError):
        return frozenset()
    names = set()
    for line in data.splitlines():
        if line[:1] in ("#", "=") or len(line) < 4:
            continue
        name = line[3:29].strip()
        if name and "+" not in name and " " not in name:
            names.add(name)
    return frozenset(names)


@lru_cache(maxsize=1 << 14)
def first_name_word(word: str) -> bool | None:
    """What a capitalised word alone says of it as a first name: False if it cannot be one (too short,
    upper-case, an ordinary or listed word), True if it is a given name, None if the context decides
    (words recur from text to text: each is looked up in the lists once)."""
    low = word.lower()
    if len(word) < 3 or word.isupper():
        return False
    if low in STOPWORDS or low in MODIFIERS or low in TYPE_SUFFIXES or low in ORG_WORDS or low in TITLES:
        return False
    if word in DEMONYMS or low in common_words() or word.endswith(POSSESSIVE_ENDINGS):
        return False
    return True if word in first_names() else None


MAX_LOWER_SCAN = 200_000


def has_lower_word(text: str, word: str) -> bool:
    """Whether ``word`` stands alone in the first :data:`MAX_LOWER_SCAN` characters of ``text`` as a
    word of letters a-z, not after an apostrophe ("police", not "Police", "policeman" or "'s").

    A search for the one word asked: cheaper than listing every lower-case word of the text.
    """
    if not (word.isascii() and word.isalpha() and word.islower()):
        return False  # only words of a-z count
    limit = min(len(text), MAX_LOWER_SCAN)
    i = text.find(word, 0, limit)
    while i >= 0:
        end = i + len(word)
        if (i == 0 or not _is_word_char(text[i - 1]) and text[i - 1] not in "'’") and (
                end == limit or not _is_word_char(text[end])):
            return True
        i = text.find(word, i + 1, limit)
    return False


def _is_word_char(c: str) -> bool:
    return c.isalnum() or c == "_"  # what \w matches
