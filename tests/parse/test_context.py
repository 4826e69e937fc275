"""The context's fast helpers give what the plain regex versions gave."""

from __future__ import annotations

import re

import pytest

from geomap.context import SpanContext, _has_lower_word

_LOWER_WORD = re.compile(r"(?<![\w'’])[a-z]+(?![\w])")  # the word list used_lower once built


@pytest.mark.parametrize("text", [
    "police said the Police", "Policeman and policeman", "the dog's owner", "o'clock", "x_police",
    "police", "police1 2police", "an ábc abc", "", "mobile\nmobile-phone", "’s and ’t", "A.B.C abc.",
])
@pytest.mark.parametrize("word", ["police", "policeman", "s", "t", "abc", "ábc", "mobile", "phone", "a.b", "x"])
def test_a_lower_case_word_is_found_as_the_word_list_found_it(text: str, word: str) -> None:
    assert _has_lower_word(text, word) == (word in _LOWER_WORD.findall(text))


@pytest.mark.parametrize("text", [
    "BEIRUT (AP) — " * 20, "Beirut (AP) — " * 20, "ÉTÉ ÀÉ " * 50, "AB cd " * 30, "ABC", "Ab" * 1500,
])
def test_mostly_upper_counts_ascii_letters_as_the_regexes_did(text: str) -> None:
    head = text[:2000]
    lower, upper = len(re.findall("[a-z]", head)), len(re.findall("[A-Z]", head))
    assert SpanContext(text, []).mostly_upper == (lower + upper > 100 and upper > 0.6 * (lower + upper))
