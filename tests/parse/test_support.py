"""geomap.support: how many other names could lie near each candidate."""

from __future__ import annotations

from gazetteer import Candidate, Kind, Match, Place
from geomap.groups import NameGroup
from geomap.support import SUPPORT_CAP, add_support
from tests.samples import USA

_KORVAN_BIG = Place("test:korvan-xa", "Korvan", 33.0, -84.0, country="US", admin1="XA", population=500_000)
_KORVAN = Place("test:korvan-xb", "Korvan", 33.6, -97.1, country="US", admin1="XB", population=30_000)
_PELTON = Place("test:pelton-xb", "Pelton", 33.4, -97.4, country="US", admin1="XB", population=30_000)
_PELTON_FAR = Place("test:pelton-xc", "Pelton", 40.0, -75.0, country="US", admin1="XC", population=500_000)


def test_support_counts_other_names_near_a_place_or_around_and_inside_a_state() -> None:
    norda_state = Place("test:norda-xb", "Norda", 34.0, -98.0, Kind.ADMIN1, country="US", admin1="XB")
    norda_city = Place("test:norda-city", "Norda", 19.4, -99.1, country="MX", population=9_000_000)
    far = Place("test:varnok", "Varnok", 10.0, 10.0, country="NG", population=30_000)
    names = [[_KORVAN_BIG, _KORVAN], [_PELTON], [norda_city, norda_state], [USA], [far]]
    groups = [NameGroup((str(k), None), [k], [Candidate(p, Match.EXACT, 0.5, 0.5) for p in places])
              for k, places in enumerate(names)]
    for g in groups:
        g.bases = [0.0] * len(g.candidates)
    add_support(groups, 1.0, 50.0)
    support = [[round(b, 6) for b in g.bases] for g in groups]
    # Korvan in XB: Pelton within reach and the state Norda could be; Norda the state: both towns inside;
    # the big namesake, the lone names, the country and the far town: nothing.
    assert support == [[0, 2], [0], [0, 2], [0], [0]]

    groups[1].role = "dateline"  # where the reporter was supports nothing, but is still supported
    groups[1].candidates.append(Candidate(_PELTON_FAR, Match.EXACT, 0.5, 0.5))
    for g in groups:
        g.bases = [0.0] * len(g.candidates)
    add_support(groups, 1.0, 50.0)
    assert [[round(b, 6) for b in g.bases] for g in groups][:3] == [[0, 1], [2, 0], [0, 1]]


def test_support_stops_at_three_names() -> None:
    near = [Place(f"test:near-{k}", f"Near{k}", 33.6 + k / 100, -97.1, country="US", admin1="XB") for k in range(5)]
    groups = [NameGroup(("korvan", None), [0], [Candidate(p, Match.EXACT, 0.5, 0.5) for p in (_KORVAN_BIG, _KORVAN)])]
    groups += [NameGroup((p.name, None), [k + 1], [Candidate(p, Match.EXACT, 0.5, 0.5)]) for k, p in enumerate(near)]
    for g in groups:
        g.bases = [0.0] * len(g.candidates)
    add_support(groups, 1.0, 50.0)
    assert groups[0].bases == [0.0, SUPPORT_CAP]
