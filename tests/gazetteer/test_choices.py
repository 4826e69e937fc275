"""Tests for gazetteer.choices: enum options named by strings."""

from __future__ import annotations

import doctest

import pytest

import gazetteer.choices
from gazetteer import Kind
from gazetteer.choices import parse_choice
from gazetteer.importers.naturalearth import Layer


def test_a_name_is_stripped_and_spelled_as_the_values_are() -> None:
    assert parse_choice(Kind, "  ADMIN1 ", "kind", "kinds") is Kind.ADMIN1
    assert parse_choice(Kind, Kind.RIVER, "kind", "kinds") is Kind.RIVER
    assert Layer.parse("Populated_Places") is Layer.POPULATED_PLACES  # the layer's own spelling: "_" is "-"


def test_an_unknown_name_lists_the_valid_ones() -> None:
    with pytest.raises(ValueError, match=r"^unknown kind 'town'; valid kinds: populated_place, admin2, admin1, "):
        parse_choice(Kind, "town", "kind", "kinds")
    with pytest.raises(ValueError, match=r"^unknown Natural Earth layer 'roads'; valid layers: rivers, lakes, "):
        Layer.parse("roads")


def test_docstring_examples_run() -> None:
    result = doctest.testmod(gazetteer.choices)
    assert result.failed == 0 and result.attempted >= 1
