"""One object for each distinct per-entity result the build holds until its layers are written.

The driver keeps every entity's placement and industry tags from the place stage to the last
chunk of rows the writers make (geo.layers.frame.FrameRows). Most are repeats: a corpus's
15,328 entities had 95 distinct tags and 6,477 distinct placements (entities placed at one
county alike), yet each was an object of its own (and, from a worker or the tags child, with a
geometry of its own): about 1.1 KB an entity, the largest per-entity term after the entities
themselves (bench/memory.py). Equal values are read alike by every writer, so one of each is kept.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import fields, replace
from typing import TypeVar

from shapely.geometry.base import BaseGeometry

from geo.classify.tags import IndustryTags
from geo.place.placement import Placement

T = TypeVar("T")


def one_each(values: Sequence[T | None], key: Callable[[T], Hashable]) -> list[T | None]:
    """`values` with each value of an equal `key` the first such object (None stays None)."""
    first: dict[Hashable, T] = {}
    return [None if v is None else first.setdefault(key(v), v) for v in values]


def _geometry_key(geometry: BaseGeometry | None) -> bytes | None:
    """A geometry's exact form (type, dimensions, every coordinate's bits)."""
    return None if geometry is None else geometry.wkb


def _placement_key(placement: Placement) -> tuple:
    """Every field exactly: floats by repr (0.0 and -0.0 print apart), lists as tuples, the
    geometry by its WKB."""
    key = []
    for field in fields(placement):
        value = getattr(placement, field.name)
        if isinstance(value, float):
            value = repr(value)
        elif isinstance(value, list):
            value = tuple(value)
        elif isinstance(value, BaseGeometry):
            value = _geometry_key(value)
        key.append(value)
    return tuple(key)


def shared_placements(placements: Sequence[Placement | None]) -> list[Placement | None]:
    """One object per distinct placement, and one per distinct geometry among those left (a
    county's seat, pickled back from a worker once per entity)."""
    geometries: dict[bytes, BaseGeometry] = {}

    def one_geometry(placement: Placement) -> Placement:
        key = _geometry_key(placement.geometry)
        if key is None:
            return placement
        geometry = geometries.setdefault(key, placement.geometry)  # type: ignore[arg-type]
        return placement if geometry is placement.geometry else replace(placement, geometry=geometry)

    kept = one_each(placements, _placement_key)
    distinct = {id(p): one_geometry(p) for p in kept if p is not None}
    return [None if p is None else distinct[id(p)] for p in kept]


def shared_tags(tags: Sequence[IndustryTags | None]) -> list[IndustryTags | None]:
    """One object per distinct tags (frozen: their value is their key)."""
    return one_each(tags, lambda t: t)
