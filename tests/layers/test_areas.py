"""Counts per unit with the unit's polygon: the choropleth layer."""

from __future__ import annotations

import pandas as pd
import pytest
from shapely.geometry import MultiPolygon, Polygon

from geo.layers.areas import area_counts


def frame() -> pd.DataFrame:
    rows = [
        ("内蒙古自治区", "150000", "乌兰察布市", "150900", "丰镇市", "150981"),
        ("内蒙古自治区", "150000", "乌兰察布市", "150900", "凉城县", "150925"),
        ("内蒙古自治区", "150000", "包头市", "150200", None, None),
        ("山西省", "140000", None, None, None, None),
    ]
    columns = ["province", "province_code", "prefecture", "prefecture_code", "county", "county_code"]
    return pd.DataFrame(rows, columns=columns)


def test_counts_per_prefecture_add_up_and_carry_polygons():
    areas = area_counts(frame(), "prefecture")
    assert list(zip(areas["name"], areas["count"], strict=True)) == [
        ("乌兰察布市", 2),
        ("包头市", 1),
        (None, 1),
    ]
    assert areas["count"].sum() == len(frame())
    assert all(isinstance(g, Polygon | MultiPolygon) for g in areas.geometry[:2])
    assert areas.geometry.iloc[2] is None and areas.crs == "EPSG:4326"


def test_a_county_polygon_lies_inside_its_prefecture_polygon():
    counties = area_counts(frame(), "county").set_index("code")
    prefectures = area_counts(frame(), "prefecture").set_index("code")
    county = counties.loc["150981", "geometry"]
    assert prefectures.loc["150900", "geometry"].buffer(0.01).contains(county)


def test_unknown_level_is_an_error():
    with pytest.raises(ValueError, match="level must be one of"):
        area_counts(frame(), "town")
