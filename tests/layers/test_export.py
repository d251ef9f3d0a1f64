"""Filtered exports: the same rows as the same filter in pandas, and clear errors for bad values."""

from __future__ import annotations

import json

import pytest
from maplayers import write_sample_layers

from geo.cli import main
from geo.layers.filters import FilterError, Filters, apply_filters
from geo.layers.io import read_layer


def test_filters_equal_the_same_selection_in_pandas(sample_frame):
    frame = sample_frame
    got = apply_filters(frame, Filters(province=("内蒙古",), kind=("park", "project")))
    expected = frame[(frame["province"] == "内蒙古自治区") & frame["kind"].isin(["park", "project"])]
    assert list(got["id"]) == list(expected["id"]) and len(got) > 0

    got = apply_filters(frame, Filters(industry=("chemicals",)))
    expected = frame[frame["industries"].map(lambda codes: "chemicals" in codes)]
    assert list(got["id"]) == list(expected["id"]) and len(got) == 1

    got = apply_filters(frame, Filters(prefecture=("乌兰察布市",), doc=("t.txt",)))
    expected = frame[frame["prefecture"] == "乌兰察布市"]
    assert list(got["id"]) == list(expected["id"])


def test_text_search_finds_names_aliases_and_pinyin(sample_frame):
    assert set(apply_filters(sample_frame, Filters(text="瑞丰"))["name"]) == {"丰镇瑞丰工业园区"}
    assert set(apply_filters(sample_frame, Filters(text="ruifeng"))["name"]) == {"丰镇瑞丰工业园区"}


@pytest.mark.parametrize(
    ("filters", "message"),
    [
        (Filters(province=("火星省",)), "unknown province '火星省'; valid: 内蒙古自治区"),
        (Filters(prefecture=("不存在市",)), "unknown prefecture"),
        (Filters(industry=("steel",)), "valid: agrifood"),
        (Filters(kind=("factory",)), "valid: base, corridor, park, project, region"),
        (Filters(doc=("missing.txt",)), "valid: t.txt"),
    ],
)
def test_each_bad_filter_is_a_clear_error(sample_frame, filters, message):
    with pytest.raises(FilterError, match=message.replace("(", r"\(")):
        apply_filters(sample_frame, filters)


def test_export_command_writes_the_filtered_layer(sample_frame, tmp_path, capsys):
    write_sample_layers(sample_frame, tmp_path / "layers")
    layers, out = tmp_path / "layers", tmp_path / "parks.json"
    assert main(["export", "--layers", str(layers), "--kind", "park", "-o", str(out)]) == 0
    features = json.loads(out.read_text(encoding="utf-8"))["features"]
    assert {f["properties"]["kind"] for f in features} == {"park"}
    assert len(features) == (sample_frame["kind"] == "park").sum()

    gpkg = tmp_path / "chem.gpkg"
    assert main(["export", "--layers", str(layers), "--industry", "chemicals", "-o", str(gpkg)]) == 0
    assert list(
        read_layer(layers / "entities.parquet").pipe(lambda f: f[f["primary_industry"] == "chemicals"])[
            "name"
        ]
    ) == ["丰镇瑞丰工业园区"]

    assert main(["export", "--layers", str(layers), "--industry", "steel", "-o", str(out)]) == 2
    err = capsys.readouterr().err.strip().splitlines()[-1]
    assert err.startswith("error: unknown industry 'steel'; valid:") and "Traceback" not in err


def test_export_without_a_build_says_how_to_make_one(tmp_path, capsys):
    assert main(["export", "--layers", str(tmp_path), "-o", str(tmp_path / "x.geojson")]) == 1
    assert "python -m geo build" in capsys.readouterr().err
