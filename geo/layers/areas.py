"""Counts of entities per province, prefecture or county, with the unit's polygon: the layer a
choropleth draws, for whatever rows a filter left.

An entity counts in the unit its codes name (a corridor in the unit all its places share); rows
with no unit at that level are counted apart as `None` so that the counts always add up.
"""

from __future__ import annotations

import geopandas as gpd
import pandas as pd

from geo.layers.frame import CRS
from geo.place.boundaries import boundary

LEVELS = ("province", "prefecture", "county")


def area_counts(frame: pd.DataFrame, level: str) -> gpd.GeoDataFrame:
    """One row per unit of `level` named by the rows of `frame`: code, name, count (most first,
    the rows without a unit last), and the unit's WGS-84 polygon (None where there is none)."""
    if level not in LEVELS:
        raise ValueError(f"level must be one of {', '.join(LEVELS)}, not {level!r}")
    code_column = f"{level}_code"
    units = frame[[code_column, level]].astype(object).where(frame[[code_column, level]].notna(), None)
    grouped = (
        units.groupby(code_column, dropna=False)
        .agg(name=(level, "first"), count=(level, "size"))
        .reset_index()
        .rename(columns={code_column: "code"})
    )
    grouped["code"] = grouped["code"].astype(object).where(grouped["code"].notna(), None)
    grouped = grouped.assign(_unplaced=grouped["code"].isna()).sort_values(
        ["_unplaced", "count", "code"], ascending=[True, False, True], kind="stable"
    )
    grouped = grouped.drop(columns="_unplaced")
    geometry = [boundary(code) if isinstance(code, str) else None for code in grouped["code"]]
    return gpd.GeoDataFrame(grouped.reset_index(drop=True), geometry=geometry, crs=CRS)
