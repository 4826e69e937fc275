"""The context's fast helpers give what the plain regex versions gave."""

from __future__ import annotations

import re

import pytest

from geomap.context import SpanContext
from geomap.wordlists import has_lower_word

_LOWER_WORD = re.compile(r"(?<![\w'’])[a-z]+(?![\w])")  # the word list used_lower once built


@pytest.mark.parametrize("text", [
    "police said the Police", "Policeman and policeman", "the dog's owner", "o'clock", "x_police",
    "police", "police1 2police", "an ábc abc", "", "mobile\nmobile-phone", "’s and ’t", "A.B.C abc.",
])
@pytest.mark.parametrize("word", ["police", "policeman", "s", "t", "abc", "ábc", "mobile", "phone", "a.b", "x"])
def test_a_lower_case_word_is_found_as_the_word_list_found_it(text: str, word: str) -> None:
    assert has_lower_word(text, word) == (word in _LOWER_WORD.findall(text))


@pytest.mark.parametrize("text", [
    "BEIRUT (AP) — " * 20, "Beirut (AP) — " * 20, "ÉTÉ ÀÉ " * 50, "AB cd " * 30, "ABC", "Ab" * 1500,
])
def test_mostly_upper_counts_ascii_letters_as_the_regexes_did(text: str) -> None:
    head = text[:2000]
    lower, upper = len(re.findall("[a-z]", head)), len(re.findall("[A-Z]", head))
    assert SpanContext(text, []).mostly_upper == (lower + upper > 100 and upper > 0.6 * (lower + upper))


def _word_before_by_characters(text: str, pos: int) -> tuple[str, str]:
    """The word before ``pos`` found one character at a time (what word_before's quick path must agree with)."""
    i = pos
    while i > max(0, pos - 12) and not text[i - 1].isalnum():
        i -= 1
    j = i
    while j > 0 and pos - j < 40 and text[j - 1].isalnum():
        j -= 1
    return text[j:i], text[i:pos]


@pytest.mark.parametrize("text", [
    "spokesman Mustafa Bali", "in  Baghouz", "said, Bali", "(AP) Bali", "x" * 45 + " Bali", "y" * 38 + " Bali",
    " Bali", "Bali", "a_b Bali", "Zürich Bali", "in\nBali", "1999 Bali",
])
def test_the_word_before_a_position_is_found_as_character_by_character(text: str) -> None:
    ctx = SpanContext(text, [])
    for pos in range(len(text) + 1):
        assert ctx.word_before(pos) == _word_before_by_characters(text, pos)
