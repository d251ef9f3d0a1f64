"""The offline gazetteer behind geopy's interface: cpca's units, jionlp's towns and former names
and a small table of places abroad, as a geopy `Geocoder` (the first of a `GeocoderChain`, or
used alone). Apart from geo.place.online, so that a build that asks no online provider never
imports geopy.
"""

from __future__ import annotations

from typing import Any

from geopy.geocoders.base import Geocoder
from geopy.location import Location

from geo.place.candidates import Context, Place, lineage, place_by_code, read_member, scan


def location_of(place: Place, source: str = "gazetteer") -> Location:
    """A geopy Location (WGS-84) whose `raw` carries the unit's code, level and lineage."""
    names = {level: p.name if p else None for level, p in lineage(place).items()}
    path = [n for n in (names["province"], names["prefecture"], names["county"]) if n]
    raw = {
        "name": place.name,
        "code": place.code,
        "adcode": place.code.ljust(12, "0") if place.code else None,
        "level": place.level,
        "country": place.country,
        **names,
        "source": source,
    }
    address = "".join(dict.fromkeys(path)) if place.code else place.name
    return Location(address, (place.lat, place.lon), raw)


def _priors(prior: str | None) -> tuple[Place, ...]:
    if not prior:
        return ()
    place = place_by_code(prior) if prior.isdigit() else read_member(prior, Context())
    return (place,) if place else ()


class GazetteerGeocoder(Geocoder):
    """cpca's units, jionlp's towns and former names and a small table of places abroad, offline.

    `geocode("丰镇")` is 丰镇市; `prior` (a unit's name or code) settles names several units
    bear; `exactly_one=False` lists every candidate of the query's first name.
    """

    name = "gazetteer"

    def __init__(self, *, prior: str | None = None, **kwargs: Any):
        super().__init__(**kwargs)
        self.prior = prior

    def geocode(self, query, *, exactly_one=True, timeout=None, prior: str | None = None):
        ctx = Context(_priors(prior or self.prior))
        if exactly_one:
            place = read_member(str(query), ctx)
            return location_of(place) if place else None
        hits = scan(str(query), loose=True)
        return [location_of(p) for p in dict.fromkeys(hits[0].candidates)] if hits else []
