"""How many other names of a document could lie near each candidate place, whatever they are picked as.

"Gainesville" beside "Cooke County" and "Lindsay" is the Texas town, though alone it is another
state's. Picks alone cannot see this: each name starts at its likeliest place, and the likeliest
places of a local story's names are scattered, so none supports another. :func:`add_support` looks at
every candidate of every name instead; :mod:`geomap.resolve` adds what it finds to each candidate's
own evidence before the first pick.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from gazetteer import Kind

from .groups import NameGroup
from .nearness import pairs_within

__all__ = ["SUPPORT_CAP", "add_support"]

SUPPORT_CAP = 3  # other names: past three, a long text's many small homonyms would outweigh the prior
# Kinds too broad to stand at a point beside other names: the votes speak for them (a first-level
# division is supported by the names that could lie inside it instead).
_BROAD_KINDS = frozenset({Kind.COUNTRY, Kind.ADMIN1, Kind.CONTINENT, Kind.REGION, Kind.SEA})


def add_support(groups: Sequence[NameGroup], weight: float, radius_km: float) -> None:
    """Add ``weight`` to each candidate's base (``NameGroup.bases``) for every other name, up to
    :data:`SUPPORT_CAP`, that could lie near it. A town or county counts the names with a place within
    ``radius_km`` or a first-level division around it; a first-level division counts the names with
    a place inside it. A dateline or byline supports nothing; a name with one candidate gains nothing
    (nothing ranks against it)."""
    points: list[tuple[float, float]] = []
    owners: list[tuple[int, int]] = []  # per point: its group and candidate index
    inside: dict[tuple[str, str], set[int]] = defaultdict(set)  # per admin-1 area: names with a place in it
    around: dict[tuple[str, str], set[int]] = defaultdict(set)  # per admin-1 area: names that could be it
    for gi, g in enumerate(groups):
        supports = g.role is None
        if not supports and len(g.candidates) < 2:
            continue  # neither supports nor is ranked
        for i, c in enumerate(g.candidates):
            place = c.place
            if place.kind is Kind.ADMIN1:
                if supports and place.admin1:
                    around[(place.country, place.admin1)].add(gi)
            elif place.kind not in _BROAD_KINDS:
                points.append((place.lat, place.lon))
                owners.append((gi, i))
                if supports and place.admin1:
                    inside[(place.country, place.admin1)].add(gi)
    near: dict[tuple[int, int], set[int]] = defaultdict(set)  # per (group, candidate): names with a place near it
    for a, b in pairs_within(points, radius_km):
        (ga, ia), (gb, ib) = owners[a], owners[b]
        if ga != gb:
            if groups[gb].role is None:
                near[(ga, ia)].add(gb)
            if groups[ga].role is None:
                near[(gb, ib)].add(ga)
    for gi, g in enumerate(groups):
        if len(g.candidates) < 2:
            continue
        for i, c in enumerate(g.candidates):
            place = c.place
            area = (place.country, place.admin1)
            if place.kind is Kind.ADMIN1:
                found = inside.get(area) if place.admin1 else None
            elif place.kind in _BROAD_KINDS:
                continue
            else:
                found = near.get((gi, i))
                if place.admin1 and area in around:
                    found = around[area] | found if found else around[area]
            if found:
                count = len(found) - (gi in found)
                if count:
                    g.bases[i] += weight * min(count, SUPPORT_CAP)
