"""Chinese map datums to WGS-84.

cpca's centroids and Chinese map services use GCJ-02 (Baidu adds its own BD-09 on top); a map in
WGS-84 drawn with them is off by several hundred metres. The transforms come from `prcoords`,
whose inverse is iterated to a fixed point (sub-millimetre), where the one-step inverse that many
libraries ship is off by a metre or two.
"""

from __future__ import annotations

import prcoords

# prcoords' own test of "inside China": outside it GCJ-02 equals WGS-84.
_LAT = (0.8293, 55.8271)
_LON = (72.004, 137.8347)


def in_china_box(lon: float, lat: float) -> bool:
    """Whether the point lies in the box where GCJ-02 is offset at all."""
    return _LAT[0] <= lat <= _LAT[1] and _LON[0] <= lon <= _LON[1]


def gcj02_to_wgs84(lon: float, lat: float) -> tuple[float, float]:
    """GCJ-02 (cpca, AMap, Tencent) to WGS-84, as (lon, lat)."""
    if not in_china_box(lon, lat):
        return lon, lat
    wgs = prcoords.gcj_wgs_bored((lat, lon), False)
    return wgs.lon, wgs.lat


def bd09_to_wgs84(lon: float, lat: float) -> tuple[float, float]:
    """BD-09 (Baidu) to WGS-84, as (lon, lat)."""
    gcj = prcoords.bd_gcj_bored((lat, lon), False)
    return gcj02_to_wgs84(gcj.lon, gcj.lat)


def wgs84_to_gcj02(lon: float, lat: float) -> tuple[float, float]:
    """WGS-84 to GCJ-02, as (lon, lat); for tests and for querying Chinese services."""
    if not in_china_box(lon, lat):
        return lon, lat
    gcj = prcoords.wgs_gcj((lat, lon), False)
    return gcj.lon, gcj.lat


TO_WGS84 = {
    "wgs84": lambda lon, lat: (lon, lat),
    "gcj02": gcj02_to_wgs84,
    "bd09": bd09_to_wgs84,
}
