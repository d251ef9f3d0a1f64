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

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from geo.classify.tags import IndustryTags
from geo.place.placement import Placement

T = TypeVar("T")


def one_each(values: Sequence[T | None], key: Callable[[T], Hashable]) -> list[T | None]:
    """`values` with each value of an equal `key` the first such object (None stays None)."""
    first: dict[Hashable, T] = {}
    return [None if v is None else first.setdefault(key(v), v) for v in values]


# Placement's fields but the geometry (keyed apart), listed once rather than by `dataclasses.fields`
# per placement.
_FIELDS = tuple(f.name for f in fields(Placement) if f.name != "geometry")


def _geometry_keys(placements: Sequence[Placement]) -> dict[int, bytes | None]:
    """Each placement's geometry in its exact form (type, dimensions, every coordinate's bits:
    its WKB), by the placement's id, made in one vectorised call: a geometry's `.wkb` one at a
    time cost about 30 us of call overhead (most of the frame stage at 100 MiB, run twice)."""
    unique = list({id(p): p for p in placements}.values())
    shapes = np.fromiter((p.geometry for p in unique), dtype=object, count=len(unique))
    forms = shapely.to_wkb(shapes).tolist()
    return dict(zip(map(id, unique), forms, strict=True))


def _placement_key(placement: Placement, geometry: bytes | None) -> tuple:
    """Every field exactly: floats by repr (0.0 and -0.0 print apart), lists as tuples, and the
    geometry by its form (`_geometry_keys`)."""
    key: list[Hashable] = [geometry]
    for name in _FIELDS:
        value = getattr(placement, name)
        if isinstance(value, float):
            value = repr(value)
        elif isinstance(value, list):
            value = tuple(value)
        key.append(value)
    return tuple(key)


def shared_placements(placements: Sequence[Placement | None]) -> list[Placement | None]:
    """One object per distinct placement, and one per distinct geometry among those left (a
    county's seat, pickled back from a worker once per entity)."""
    forms = _geometry_keys([p for p in placements if p is not None])
    geometries: dict[bytes, BaseGeometry] = {}

    def one_geometry(placement: Placement) -> Placement:
        form = forms[id(placement)]
        if form is None:
            return placement
        geometry = geometries.setdefault(form, placement.geometry)  # type: ignore[arg-type]
        return placement if geometry is placement.geometry else replace(placement, geometry=geometry)

    kept = one_each(placements, lambda p: _placement_key(p, forms[id(p)]))
    distinct = {id(p): one_geometry(p) for p in kept if p is not None}
    return [None if p is None else distinct[id(p)] for p in kept]


def shared_tags(tags: Sequence[IndustryTags | None]) -> list[IndustryTags | None]:
    """One object per distinct tags (frozen: their value is their key)."""
    return one_each(tags, lambda t: t)
