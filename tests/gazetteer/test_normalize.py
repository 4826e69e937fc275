"""Name normalisation (gazetteer.normalize): the plain-letters shortcut agrees with the full path."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from gazetteer import normalize
from gazetteer.normalize import normalize_name, words


def _words_the_long_way(text: str) -> list[str]:
    folded = normalize._POSSESSIVE.sub("", normalize.fold(text)).translate(normalize._DROP)
    return [w for w in normalize._NON_WORD.sub("", normalize._SEPARATORS.sub(" ", folded)).split() if w]


@given(st.text(alphabet="aAzZqQ '’-.é\t", max_size=20))
def test_words_shortcut_agrees_with_the_full_path(text: str) -> None:
    assert words(text) == _words_the_long_way(text)


def test_plain_names_and_punctuated_names_meet() -> None:
    assert words("Deir  Ezzor") == ["deir", "ezzor"]
    assert normalize_name("Port Said") == normalize_name("PORT-SAID") == "purt sed"
    assert normalize_name("Lake Town's") == normalize_name("Lake Town")


def test_the_after_of_inside_a_name_is_dropped_elsewhere_kept() -> None:
    assert normalize_name("Free Republic of the Marsh") == normalize_name("Free Republic of Marsh")
    assert normalize_name("The Dalles").startswith("the")  # a leading article stays
    assert normalize_name("Isle of the") == "isle uf the"  # nothing after it: not inside a name
