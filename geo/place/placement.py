"""What a placement is: the units, precision, WGS-84 geometry and source of one entity's place.

Below both the build's name step (`geocode`) and the online chain (`online`), which refine it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from shapely.geometry import LineString, MultiPoint, Point
from shapely.geometry.base import BaseGeometry

from geo.place.candidates import Place, common_place, lineage

MULTI_KINDS = ("corridor", "region")
COARSE = ("prefecture", "province")


@dataclass
class Placement:
    """Where an entity is: official full names of its units, the 12-digit code of the most
    specific one, the precision, a WGS-84 geometry (lon/lat) and what the placement rests on."""

    country: str | None = None
    province: str | None = None
    prefecture: str | None = None
    county: str | None = None
    adcode: str | None = None
    precision: str | None = None  # county | prefecture | province | country | multi | None
    confidence: float = 0.0
    geometry: BaseGeometry | None = None
    places: list[str] = field(default_factory=list)
    source: str | None = None  # name | sentence | document | an online provider's name

    def properties(self) -> dict:
        """The fields of a GeoJSON feature's properties (the geometry goes beside them)."""
        return {
            "country": self.country,
            "province": self.province,
            "prefecture": self.prefecture,
            "county": self.county,
            "adcode": self.adcode,
            "precision": self.precision,
            "place_confidence": self.confidence,
            "places": list(self.places),
            "place_source": self.source,
        }


def placement_of(place: Place, source: str, confidence: float) -> Placement:
    """A point placement at one unit (or a place abroad)."""
    point = Point(place.lon, place.lat)
    if place.code is None:
        return Placement(
            place.country, precision="country", confidence=confidence, geometry=point, source=source
        )
    names = {level: p.name if p else None for level, p in lineage(place).items()}
    return Placement(
        "中国",
        names["province"],
        names["prefecture"],
        names["county"],
        place.code.ljust(12, "0"),
        place.level,
        round(confidence, 2),
        point,
        [],
        source,
    )


def members_placement(kind: str, members: Sequence[Place], confidence: float) -> Placement:
    """A corridor's line or a region's points, with the unit all members share."""
    points = list(dict.fromkeys((p.lon, p.lat) for p in members))
    if len(points) == 1:
        geometry: BaseGeometry = Point(points[0])
    elif kind == "corridor":
        geometry = LineString(points)
    else:
        geometry = MultiPoint(points)
    shared = common_place(members)
    names = {level: p.name if p else None for level, p in lineage(shared).items()} if shared else {}
    countries = {p.country for p in members}
    country = "中国" if "中国" in countries else next(iter(countries)) if len(countries) == 1 else None
    return Placement(
        country,
        names.get("province"),
        names.get("prefecture"),
        names.get("county"),
        None,
        "multi",
        round(confidence, 2),
        geometry,
        [p.name for p in members],
        "name",
    )
