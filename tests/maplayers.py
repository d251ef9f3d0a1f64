"""Layers for the map tests: the conftest's sample frame, with its unplaced park given a place.

That park's evidence sentence holds markup ('<b>商贸</b>') from the test document, which a popup
must show as text. Placements are invented, like the conftest's, so no test needs the geocoder.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import geopandas as gpd
from shapely.geometry import Point

from geo.build import build_report, documents_csv, write_build
from geo.corpus.documents import Corpus
from geo.layers.publish import DOCUMENTS, publish, staging

MARKUP_PARK = "商都县瑞达物流园区"
MARKUP_TEXT = "<b>商贸</b>"
SHANGDU = {
    "province": "内蒙古自治区",
    "province_code": "150000",
    "prefecture": "乌兰察布市",
    "prefecture_code": "150900",
    "county": "商都县",
    "county_code": "150923",
    "adcode": "150923000000",
    "precision": "county",
    "country": "中国",
}


def placed_sample(sample_frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Every entity of the sample placed: the park with markup in its evidence at 商都县."""
    frame = sample_frame.copy()
    at = frame["name"] == MARKUP_PARK
    assert at.sum() == 1 and MARKUP_TEXT in frame.loc[at, "evidence"].iloc[0]
    for column, value in SHANGDU.items():
        frame.loc[at, column] = value
    frame.loc[at, "geometry"] = Point(113.56, 41.56)
    return gpd.GeoDataFrame(frame, geometry="geometry", crs=sample_frame.crs)


def write_sample_layers(
    frame: gpd.GeoDataFrame,
    folder: Path,
    documents: Sequence[dict[str, str]] = (),
    skipped: Sequence[dict[str, str]] = (),
) -> Path:
    """The frame published at `folder` as a build (the app reads only builds), with the rows of
    documents.csv and the skipped files of report.json a test gives."""
    corpus = Corpus()
    report = build_report(corpus, frame) | {
        "documents_read": len(documents),
        "documents_skipped": list(skipped),
    }
    with staging(folder) as staged:
        write_build(staged, corpus, frame, report)
        (staged / DOCUMENTS).write_text(documents_csv(documents), encoding="utf-8")
        publish(staged, folder)
    return folder
