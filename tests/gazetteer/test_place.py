"""Tests for gazetteer.place: the value types check themselves, and the unchecked path matches."""

from __future__ import annotations

import dataclasses

import pytest

from gazetteer import Candidate, Match
from tests.samples import BAGHOUZ


def test_an_unchecked_candidate_equals_the_checked_one() -> None:
    checked = Candidate(BAGHOUZ, Match.ALIAS, 0.5, 0.25, "Baghouz")
    unchecked = Candidate.unchecked(BAGHOUZ, Match.ALIAS, 0.5, 0.25, "Baghouz")
    assert unchecked == checked and hash(unchecked) == hash(checked)
    assert Candidate.unchecked(BAGHOUZ, Match.EXACT, 1.0, 1.0) == Candidate(BAGHOUZ, Match.EXACT, 1.0, 1.0)
    with pytest.raises(dataclasses.FrozenInstanceError):
        unchecked.score = 0.9  # type: ignore[misc]


def test_only_the_checked_constructor_rejects_a_score_out_of_range() -> None:
    with pytest.raises(ValueError, match=r"candidate test:baghouz: score 1.5 is outside \[0, 1\]"):
        Candidate(BAGHOUZ, Match.EXACT, 1.5, 0.5)
    # The unchecked path is the caller's promise: it is not checked again.
    assert Candidate.unchecked(BAGHOUZ, Match.EXACT, 1.5, 0.5).score == 1.5
