"""The keys under which a rebuild finds the GeoJSON text and CSV line of a row
(geo.layers.reuse.feature_keys): equal rows key alike however their values are shared or were
made, and any change of a cell, of the geometry or of the pipeline gives another key. Names
are invented."""

from __future__ import annotations

import copy

import geopandas as gpd
from shapely.geometry import Point

from geo.layers.reuse import feature_keys


def _frame(name: str, sentence: str, shared: bool, confidence: float = 0.8, x: float = 110.0):
    """One row whose list cell holds `sentence` twice: the same object, or equal copies."""
    other = sentence if shared else "".join(list(sentence))
    return gpd.GeoDataFrame(
        {
            "id": ["a1"],
            "name": [name],
            "mention_sentences": [[sentence, other]],
            "evidence": [sentence],
            "confidence": [confidence],
            "former_name": [None],
        },
        geometry=[Point(x, 40.0)],
        crs="EPSG:4326",
    )


def test_equal_rows_key_alike_however_their_values_are_shared():
    sentence = "推进瑞丰工业园区建设。"
    shared = feature_keys("v1", _frame("瑞丰工业园区", sentence, shared=True))
    apart = feature_keys("v1", _frame("瑞丰工业园区", copy.copy(sentence), shared=False))
    assert shared == apart


def test_any_change_of_a_row_or_the_pipeline_gives_another_key():
    sentence = "推进瑞丰工业园区建设。"
    base = feature_keys("v1", _frame("瑞丰工业园区", sentence, True))[0]
    changed = [
        feature_keys("v2", _frame("瑞丰工业园区", sentence, True)),
        feature_keys("v1", _frame("金川工业园区", sentence, True)),
        feature_keys("v1", _frame("瑞丰工业园区", "推进瑞丰工业园区建设!", True)),
        feature_keys("v1", _frame("瑞丰工业园区", sentence, True, confidence=0.81)),
        feature_keys("v1", _frame("瑞丰工业园区", sentence, True, x=110.000001)),
    ]
    keys = [base, *(k[0] for k in changed)]
    assert len(set(keys)) == len(keys)
