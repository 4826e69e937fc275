"""An in-memory gazetteer over a handful of places: the stand-in tests use instead of the SQLite index.

It answers the same questions the geoparser asks of :class:`gazetteer.Gazetteer` (``has_key``,
``lookup_key``, ``search``, ``get``, ``country``, ``is_blocked``) with the same match kinds, priors and
scores as the index, so parser tests stay small and fast and rank as production does.

>>> from gazetteer import Kind, Place
>>> gz = MemoryGazetteer([Place("custom:erbil", "Erbil", 36.19, 44.01, alt_names=("Arbil", "Hawler"))])
>>> [c.place.name for c in gz.search("Hawler")]
['Erbil']
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from .exc import PlaceNotFoundError
from .normalize import fold, is_code, normalize_name, respelled
from .place import MATCH_WEIGHTS, Candidate, Kind, Match, Place, match_score
from .writing import prior_for

__all__ = ["MemoryGazetteer"]


class MemoryGazetteer:
    """A gazetteer held in dictionaries; fine for tests and for a few thousand places."""

    def __init__(self, places: Iterable[Place], *, blocked: Iterable[str] = ()) -> None:
        self._places: dict[str, Place] = {}
        self._by_key: dict[str, list[tuple[str, Match]]] = defaultdict(list)
        self._blocked = {fold(b) for b in blocked}
        for place in places:
            self.add(place)

    def add(self, place: Place) -> None:
        self._places[place.id] = place
        names = [(place.name, Match.EXACT)] + [(n, Match.ALIAS) for n in (place.ascii_name, *place.alt_names) if n]
        seen: set[str] = set()
        for name, match in names:
            key = normalize_name(name)
            if key and key not in seen:
                seen.add(key)
                self._by_key[key].append((place.id, match))

    def close(self) -> None:
        """Nothing to release; present so tests can use it where a Gazetteer goes."""

    def has_key(self, key: str) -> bool:
        return key in self._by_key and key not in self._blocked

    def has_keys(self, keys: Sequence[str]) -> list[bool]:
        return [self.has_key(key) for key in keys]

    def prefetch(self, keys: Iterable[str]) -> None:
        """Nothing to read ahead: every place is in memory already."""

    def is_blocked(self, name: str) -> bool:
        return fold(name) in self._blocked

    def get(self, place_id: str) -> Place:
        try:
            return self._places[place_id]
        except KeyError:
            raise PlaceNotFoundError(place_id) from None

    def country(self, code: str) -> Place | None:
        return next((p for p in self._places.values() if p.kind is Kind.COUNTRY and p.country == code), None)

    def lookup_key(self, key: str, *, text: str | None = None) -> list[Candidate]:
        """Candidates with this key; with the surface ``text`` the match is exact/alias/normalised."""
        folded = fold(text) if text is not None else None
        out = []
        for pid, match in self._by_key.get(key, ()):
            place = self._places[pid]
            matched = place.name
            if folded is not None:
                # As the index does: an alias shaped like a code matches only as written, and a
                # normalised match names the name met letter for letter.
                codes = {n for n in place.alt_names if is_code(n)} - {place.name, place.ascii_name}
                if fold(place.name) == folded:
                    match = Match.EXACT
                elif (alias := next((n for n in (place.ascii_name, *place.alt_names)
                                     if n and fold(n) == folded and (n == text or n not in codes)), None)) is not None:
                    match, matched = Match.ALIAS, alias
                else:
                    match = Match.NORMALISED
                    names = [n for n in (place.name, place.ascii_name, *place.alt_names)
                             if n and normalize_name(n) == key]
                    spelled = [n for n in names if n not in codes]
                    if names and not spelled:
                        continue
                    if spelled:
                        matched = next((n for n in spelled if not respelled(folded, n)), spelled[0])
            prior = prior_for(place)
            out.append(Candidate(place, match, match_score(MATCH_WEIGHTS[match], prior), prior, matched))
        return sorted(out, key=lambda c: -c.score)

    def search(
        self,
        name: str,
        *,
        country: str | None = None,
        kinds: Sequence[Kind | str] | None = None,
        near: tuple[float, float] | None = None,
        limit: int = 10,
    ) -> list[Candidate]:
        wanted = {Kind.parse(k) for k in kinds} if kinds else None
        out = [
            c for c in self.lookup_key(normalize_name(name), text=name)
            if not (country and c.place.country != country.upper()) and not (wanted and c.place.kind not in wanted)
        ]
        out.sort(key=lambda c: -c.score)
        return out[:limit]
