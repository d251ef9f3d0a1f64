"""What a placement is: the units, precision, WGS-84 geometry and source of one entity's place.

Below both the build's name step (`geocode`) and the online chain (`online`), which refine it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from shapely.geometry import LineString, MultiPoint, Point
from shapely.geometry.base import BaseGeometry

from geo.knowledge.store import current, knowledge_cache
from geo.place.boundaries import inside_point, union_of
from geo.place.candidates import Place, common_place, lineage, place_by_code

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
    former_name: str | None = None  # the name of a gone or renamed unit the text used (长乐市)

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
            "former_name": self.former_name,
        }


MUNICIPALITIES = ("110000", "120000", "310000", "500000")


def unit_names(place: Place) -> dict[str, str | None]:
    """Official names of a place's province, prefecture and county. A municipality is its own
    prefecture, for its counties (重庆市/重庆市/甲区) and for itself (a zone known only to lie in
    上海市 lies in its prefecture-level unit too); a county-level city under its province directly
    has the official group name (省直辖县级行政区划) there. Worked out once per unit."""
    return dict(_unit_names(place.code or ""))


@knowledge_cache(maxsize=None)
def _unit_names(code: str) -> tuple[tuple[str, str | None], ...]:
    unit = place_by_code(code) if code else None
    names = {level: p.name if p else None for level, p in lineage(unit).items()} if unit else {}
    names = {"province": None, "prefecture": None, "county": None} | names
    if code[:2] + "0000" in MUNICIPALITIES:
        names["prefecture"] = names["province"]
    elif names["county"] and not names["prefecture"] and code[2:4] == "90":
        region = (names["province"] or "").endswith("自治区")
        names["prefecture"] = "自治区直辖县级行政区划" if region else "省直辖县级行政区划"
    return tuple(names.items())


def placement_of(place: Place, source: str, confidence: float) -> Placement:
    """A point placement at one unit (or a place abroad): the unit's seat, or a point inside the
    unit where the seat lies outside it."""
    point = seat_point(place)
    if place.code is None:
        return Placement(
            place.country, precision="country", confidence=confidence, geometry=point, source=source
        )
    names = unit_names(place)
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


def seat_point(place: Place) -> Point:
    """The point a placement at the place puts an entity on (see `placement_of`), made once per
    place: a geometry is immutable, so the entities placed there share it."""
    points: dict[Place, Point] = current().part("seat_points", dict)
    if place not in points:
        points[place] = Point(inside_point(place.code, place.lon, place.lat))
    return points[place]


def members_placement(kind: str, members: Sequence[Place], confidence: float) -> Placement:
    """A corridor's line through its members' seats, or a region's area (the union of its units'
    boundaries; their points where a member has none), with the unit all members share."""
    points = list(dict.fromkeys((p.lon, p.lat) for p in members))
    area = None if kind == "corridor" else union_of([p.code or "" for p in members])
    if area is not None:
        geometry: BaseGeometry = area
    elif len(points) == 1:
        geometry = Point(points[0])
    elif kind == "corridor":
        geometry = LineString(points)
    else:
        geometry = MultiPoint(points)
    shared = common_place(members)
    names = unit_names(shared) if shared else {}
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
