"""Name normalisation (gazetteer.normalize): the plain-letters shortcut agrees with the full path."""

from __future__ import annotations

import unicodedata

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


def _fold_the_long_way(text: str) -> str:
    text = "".join("'" if ch in normalize._APOSTROPHES else ch for ch in text)
    decomposed = unicodedata.normalize("NFKD", text)
    return " ".join("".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold().split())


def test_fold_drops_exactly_the_combining_marks() -> None:
    everything = "".join(chr(c) for c in range(0x80, 0x30000) if not 0xD800 <= c < 0xE000)
    assert normalize.fold(everything) == _fold_the_long_way(everything)
    assert normalize.fold("Bāghūz  Fawqānī") == "baghuz fawqani"


def test_fold_writes_every_apostrophe_alike() -> None:
    # The exact comparison form: a typed ’ or ` must not make "Ma'an" a mere respelling.
    assert {normalize.fold(name) for name in ("Ma'an", "Ma’an", "Ma‘ān", "Maʿan", "Ma´an", "Ma`an")} == {"ma'an"}


def _key_step_by_step(text: str) -> str:
    # Steps 4-7 of the module docstring one after another, as normalize_name did before it
    # remembered each word's steps 5-7.
    tokens = words(text)
    if len(tokens) > 1 and tokens[-1] in normalize._ADMIN_WORDS:
        tokens = tokens[:-1]
    if len(tokens) > 2 and tokens[0] in normalize._ADMIN_WORDS and tokens[1] == "of":
        tokens = tokens[2:]
    tokens = [t for i, t in enumerate(tokens) if not (t == "the" and 0 < i < len(tokens) - 1 and tokens[i - 1] == "of")]
    out = []
    for i, tok in enumerate(tokens):
        if tok in normalize.ARTICLES and i + 1 < len(tokens):
            continue
        if i > 0 and len(tok) > 4 and tok[0] in "ae" and tok[1] in "tdrzsnl" and tok[2] == tok[1]:
            tok = tok[2:]
        out.append(normalize._spelling(normalize._ABBREVIATIONS.get(tok, tok)))
    return " ".join(out)


@given(st.lists(st.sampled_from(["al", "ez", "Ezzor", "arraqqa", "Assad", "St", "Mt", "of", "the", "Governorate",
                                 "district", "Deir", "Qaim", "ash", "Essen", "annapolis", "Shaykh"]), max_size=5))
def test_word_by_word_key_agrees_with_the_steps_in_order(parts: list[str]) -> None:
    text = " ".join(parts)
    assert normalize_name(text) == _key_step_by_step(text)


def test_respelled_tells_spelling_folds_from_writing_conventions() -> None:
    # Met only through the folds of step 7 (vowels, doubled letters, q for k): a respelling.
    assert normalize.respelled("Hall", "Hal") and normalize.respelled("Korvanieh", "Qurvanieh")
    # Met letter for letter once case, marks, punctuation, articles, admin words and abbreviations
    # are set aside: the same name written another way.
    for text, name in (("St. Varnok", "Saint Varnok"), ("Varnok Governorate", "Varnok"),
                       ("Deir Ezzor", "Deir ez-Zor"), ("Bāb al-Korv", "Bab Korv"), ("VARNOK", "Varnok")):
        assert normalize_name(text) == normalize_name(name)
        assert not normalize.respelled(text, name), (text, name)


def test_codes_are_short_capitalised_words() -> None:
    assert normalize.is_code("VOH") and normalize.is_code("KVRN")
    assert not any(normalize.is_code(name) for name in ("Voh", "VARNOK", "U.S.", "V1", "Hal"))
