"""Place a name the gazetteer lacks where the text says it lies: "Korvan, 12 km east of Hajin",
"Korvan, Hajin district", "Korvan in Hajin", "Hajin's Korvan".

News gives small places by their distance and bearing from a known one. When the gazetteer has
no entry for the name, that phrase is better than no point and better than the known place's own
point: the mention's place becomes the point that far from the known place in that direction, a
:class:`gazetteer.Place` whose id says how it was made (``relative:geonames:170017/12km/E``).
Without a distance, the place the text puts the name in stands in for it (see :func:`_holder`).

>>> round(destination(0.0, 0.0, 111.195, 0.0)[0], 3)
1.0
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

from gazetteer import EARTH_RADIUS_KM, Kind, Place, haversine_km

from .lexicon import NUMBER_WORDS, OWNED_GAPS
from .resolve import Resolution

__all__ = ["destination", "with_relative_points"]

_KM_PER_MILE = 1.609344
# A place the gazetteer knows keeps its point when it lies this close to the point the text gives
# (or within half the distance given): the text's distances are round figures, the gazetteer's are not.
_AGREE_KM = 25.0
# Places a distance can run from, and picks an alternative by the text's point may replace: not an
# area (see _nearest_sense).
_POINT_KINDS = frozenset({Kind.POPULATED_PLACE, Kind.OTHER})
# Bearings in degrees clockwise from north, by the words news writes them in.
_BEARINGS = {
    "north": 0.0, "northeast": 45.0, "east": 90.0, "southeast": 135.0,
    "south": 180.0, "southwest": 225.0, "west": 270.0, "northwest": 315.0,
}
# After the name: ", 12 km east of ", " (12 kilometres north-east of the town of ", ", a village some 7
# miles south of ". The reference place's name must start where the match ends. Every part is bounded.
_WHERE_IT_LIES = re.compile(
    r"(?:,| \(|,? (?:a|the) (?:small |tiny |remote |nearby )?(?:village|town|hamlet|settlement|city|area|district|"
    r"neighbou?rhood|camp|base|farm|oilfield|oil field|field|desert area|suburb)"
    r"(?: (?:lying|located|situated|some|about))?,?)"
    r" ?(?:(?:about|some|nearly|around|roughly|approximately|just|only|less than) )?"
    r"(\d{1,4}(?:\.\d{1,2})?|" + "|".join(NUMBER_WORDS) + r")[ -]?"
    r"(km|kms|kilometers|kilometres|kilometer|kilometre|miles|mile|mi)\b(?: \([^()]{1,30}\))? "
    r"(north|south)?[- ]?(east|west)? of (?:the )?"
    r"(?:(?:city|town|village|provincial capital|capital|district|province) of )?"
)


def destination(lat: float, lon: float, km: float, bearing: float) -> tuple[float, float]:
    """The point ``km`` from (``lat``, ``lon``) along the great circle leaving it at ``bearing``
    degrees clockwise from north, as (lat, lon) with the longitude in [-180, 180]."""
    d = km / EARTH_RADIUS_KM
    phi, lam, theta = math.radians(lat), math.radians(lon), math.radians(bearing)
    phi2 = math.asin(math.sin(phi) * math.cos(d) + math.cos(phi) * math.sin(d) * math.cos(theta))
    lam2 = lam + math.atan2(math.sin(theta) * math.sin(d) * math.cos(phi),
                            math.cos(d) - math.sin(phi) * math.sin(phi2))
    lon2 = (math.degrees(lam2) + 540.0) % 360.0 - 180.0
    return math.degrees(phi2), lon2


def _nearest_sense(r: Resolution, lat: float, lon: float, km: float, said: str) -> Resolution:
    """``r`` for a name the gazetteer knows, which the text puts ``km`` from a place, at (``lat``,
    ``lon``): its pick, unless the pick lies far from there and one of its alternatives lies by it
    ("Hyderabad, a city 150 km northeast of Karachi" is Pakistan's). The text's point itself does not
    replace a place the gazetteer knows: "X, 60 miles north of Y" is as often one of a list of the
    distances from the place a text is about."""
    assert r.place is not None
    reach = max(_AGREE_KM, km / 2)
    pick_off = haversine_km(r.place.lat, r.place.lon, lat, lon)
    if r.place.kind not in _POINT_KINDS or pick_off <= reach:
        return r  # an area's name before a distance qualifies the town before it ("Gilroy, California, 11 km")
    near = [(haversine_km(p.lat, p.lon, lat, lon), i) for i, (p, _) in enumerate(r.alternatives)]
    off, i = min(near, default=(math.inf, -1))
    if off > reach:
        return r
    place = r.alternatives[i][0]
    # The context's pick, scored 1.0 against itself, becomes the first alternative.
    alternatives = ((r.place, 1.0), *r.alternatives[:i], *r.alternatives[i + 1 :])
    return Resolution(r.span, place, r.confidence, alternatives,
                      f"{said}; the context alone chose {r.place.name}, {pick_off:,.0f} km from there")


# Between a name and the place that holds it: "Korvan, Hajin", "Korvan in Hajin", "Korvan in the Hajin
# district".
_HELD_IN = (", ", " in ", " in the ")
# What can hold a village: not a river, sea or mountain, and not a continent or world region, whose
# point says nothing of where in it the name lies.
_HOLDER_KINDS = frozenset({Kind.POPULATED_PLACE, Kind.ADMIN2, Kind.ADMIN1, Kind.COUNTRY, Kind.ISLAND})


def _holder(text: str, r: Resolution, starts: dict[int, Resolution],
            ends: dict[int, Resolution]) -> Resolution | None:
    """The resolved place the text puts a name the gazetteer lacks in, right after it ("Kampungu,
    Kasai", "Greenlane in Auckland") or as its owner ("Auckland's Greenlane"); None when it names none."""
    end = r.span.end
    for gap in _HELD_IN:
        if text.startswith(gap, end) and (held := starts.get(end + len(gap))) is not None:
            break
    else:
        held = None
        for gap in OWNED_GAPS:
            if text.startswith(gap, r.span.start - len(gap)) and (held := ends.get(r.span.start - len(gap))):
                break
    if held is None or held.place is None or held.place.kind not in _HOLDER_KINDS:
        return None
    return held


def with_relative_points(text: str, resolutions: Sequence[Resolution]) -> list[Resolution]:
    """``resolutions`` (in text order), where each name the gazetteer lacks (or lacks where the text
    puts it: a stand-in, see :class:`Resolution`) that the text places by distance and bearing from a
    place it resolved stands at the point the text gives; a name it knows takes the sense that lies
    there, if one does (see :func:`_nearest_sense`). A name the gazetteer lacks that the text puts
    in a place it resolved, with no distance, takes that place as a stand-in (see :func:`_holder`)."""
    out = list(resolutions)
    starts = {r.span.start: r for r in resolutions if r.place is not None and not r.stand_in}
    ends = {r.span.end: r for r in starts.values()}
    homes: dict[str, Resolution] = {}  # one sense per text: every mention of the name stands there
    for r in resolutions:
        if r.place is None and r.span.text not in homes and (home := _holder(text, r, starts, ends)):
            homes[r.span.text] = home
    for k, r in enumerate(resolutions):
        m = _WHERE_IT_LIES.match(text, r.span.end, r.span.end + 160)
        if m is None or (reference := starts.get(m.end())) is None or reference.place is None:
            if r.place is None and (home := homes.get(r.span.text)) is not None:
                assert home.place is not None
                out[k] = Resolution(r.span, home.place, round(0.5 * home.confidence, 4), (),
                                    f"no '{r.span.text}' in the gazetteer; placed by the text in {home.place.name}",
                                    stand_in=True)
            continue
        if reference.place.kind not in _POINT_KINDS:
            continue  # "150 km northeast of Pakistan's largest city": no distance runs from an area's centre
        number, unit, north_south, east_west = m.groups()
        direction = (north_south or "") + (east_west or "")
        if direction not in _BEARINGS:
            continue
        distance = float(NUMBER_WORDS.get(number, 0) or number)
        miles = unit.startswith("mi")
        km = distance * _KM_PER_MILE if miles else distance
        origin = reference.place
        lat, lon = destination(origin.lat, origin.lon, km, _BEARINGS[direction])
        said = f"{distance:g} {'miles' if miles else 'km'} {direction} of {origin.name}, as the text says"
        if r.place is not None and not r.stand_in:
            out[k] = _nearest_sense(r, lat, lon, km, said)
            continue
        reason = f"no '{r.span.text}' there in the gazetteer; {said}" if r.stand_in else said
        measure = f"{distance:g}{'mi' if miles else 'km'}"  # as the text gives it: "20mi", "12km"
        compass = (north_south or "")[:1].upper() + (east_west or "")[:1].upper()  # "NE"
        place = Place(
            f"relative:{origin.id}/{measure}/{compass}", r.span.text, lat, lon, Kind.POPULATED_PLACE,
            country=origin.country, admin1=origin.admin1, admin1_name=origin.admin1_name, source="text",
        )
        # Only as sure as the place it is measured from; the distance is a round figure.
        out[k] = Resolution(r.span, place, round(0.8 * reference.confidence, 4), r.alternatives, reason)
    return out
