"""The Streamlit app driven by AppTest: filters, counts, search, URL state, downloads, uploads.

The app reads layers written here from the sample frame ($PARKATLAS_LAYERS); nothing touches
the network or data/layers/.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from maplayers import MARKUP_PARK, placed_sample, write_sample_layers
from shapely.geometry import Point
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

from geo.app import services
from geo.app.assets import asset_uri
from geo.layers.filters import Filters, apply_filters

APP = str(Path(__file__).resolve().parents[2] / "app.py")
TIMEOUT = 120


@pytest.fixture
def frame(sample_frame) -> gpd.GeoDataFrame:
    return placed_sample(sample_frame)


@pytest.fixture
def layers(frame, tmp_path, monkeypatch) -> Path:
    folder = write_sample_layers(frame, tmp_path / "layers")
    monkeypatch.setenv(services.LAYERS_ENV, str(folder))
    return folder


def start(**query: str | list[str]) -> AppTest:
    app = AppTest.from_file(APP, default_timeout=TIMEOUT)
    app.query_params.update(query)
    app.run()
    assert not app.exception, app.exception
    return app


def metrics(app: AppTest) -> list[int]:
    return [int(m.value) for m in app.metric]


def map_args(app: AppTest) -> dict:
    component = app.get("component_instance")[0]
    return json.loads(component.proto.json_args)


def popups_on_map(app: AppTest) -> int:
    return map_args(app)["script"].count('class=\\"pa-popup\\"')


def test_the_app_shows_every_entity_on_the_map_and_in_the_table(layers, frame):
    app = start()
    assert metrics(app) == [4, 4, 0]
    assert popups_on_map(app) == 4
    table = app.dataframe[0].value
    assert sorted(table["名称"]) == sorted(frame["name"])
    assert app.query_params == {}


def test_the_map_is_served_without_the_internet(layers):
    args = map_args(start())
    assert args["js_links"] and all(link.startswith("data:") for link in args["js_links"] + args["css_links"])
    assert "http" not in args["header"].replace("http-equiv", "")


def test_a_clustered_map_sends_the_cluster_plugin_too(frame, tmp_path, monkeypatch):
    crowded = frame.copy()
    crowded.loc[crowded["name"] == "凉城光伏电站项目", "geometry"] = Point(113.1, 40.4)  # on 丰镇's point
    folder = write_sample_layers(gpd.GeoDataFrame(crowded, crs=frame.crs), tmp_path / "crowded")
    monkeypatch.setenv(services.LAYERS_ENV, str(folder))
    args = map_args(start())
    assert "L.markerClusterGroup" in args["script"]
    assert args["js_links"] == [asset_uri("leaflet"), asset_uri("markerclusterjs")]
    assert asset_uri("markerclusterdefaultcss") in args["css_links"]


def test_choosing_an_industry_updates_counts_map_and_url(layers, frame):
    app = start()
    app.multiselect(key="filter_industry").set_value(["chemicals"]).run()
    expected = apply_filters(frame, Filters(industry=("chemicals",)))
    assert metrics(app) == [len(expected), len(expected), 0]
    assert popups_on_map(app) == len(expected)
    assert list(app.dataframe[0].value["名称"]) == list(expected["name"])
    assert app.query_params["industry"] == "chemicals"


def test_filters_by_kind_province_prefecture_and_document(layers, frame):
    app = start()
    app.multiselect(key="filter_kind").set_value(["park", "corridor"])
    app.multiselect(key="filter_province").set_value(["内蒙古自治区"])
    app.multiselect(key="filter_doc").set_value(["t.txt"]).run()
    assert app.multiselect(key="filter_prefecture").options == ["乌兰察布市"]
    app.multiselect(key="filter_prefecture").set_value(["乌兰察布市"]).run()
    expected = apply_filters(
        frame,
        Filters(
            province=("内蒙古自治区",), prefecture=("乌兰察布市",), kind=("park", "corridor"), doc=("t.txt",)
        ),
    )
    assert metrics(app)[0] == len(expected) == 3
    assert app.query_params["kind"] == ["park", "corridor"]


def test_search_matches_names_and_places_in_chinese_and_pinyin(layers):
    app = start()
    app.text_input(key="filter_text").set_value("瑞丰").run()
    assert metrics(app)[0] == 1
    app.text_input(key="filter_text").set_value("乌兰察布").run()  # a prefecture no name holds
    assert metrics(app)[0] == 4
    app.text_input(key="filter_text").set_value("liangcheng").run()
    assert sorted(app.dataframe[0].value["名称"]) == ["丰镇—凉城天然气管道", "凉城光伏电站项目"]
    assert app.query_params["q"] == "liangcheng"
    app.button(key="clear").click().run()
    assert metrics(app)[0] == 4 and app.query_params == {}


def test_a_shared_link_opens_the_same_view(layers):
    app = start(industry="general", kind=["park", "project"], lang="en", basemap="osm")
    assert app.multiselect(key="filter_industry").value == ["general"]
    assert app.radio(key="lang").value == "en" and app.radio(key="basemap").value == "osm"
    assert metrics(app)[0] == 2
    assert app.metric[0].label == "Matching"
    assert "tile.openstreetmap.org" in map_args(app)["script"]


def test_a_tile_basemap_says_it_needs_the_internet(layers):
    app = start()
    assert not any("需要联网" in c.value for c in app.sidebar.caption)
    app.radio(key="basemap").set_value("gaode").run()
    assert any("需要联网" in c.value for c in app.sidebar.caption)


def test_a_link_with_unknown_values_warns_and_ignores_them(layers):
    app = start(province=["火星", "内蒙古"])
    assert app.multiselect(key="filter_province").value == ["内蒙古自治区"]
    assert any("火星" in w.value for w in app.warning)
    assert metrics(app)[0] == 4


def test_switching_language_keeps_the_filters(layers):
    app = start()
    app.multiselect(key="filter_industry").set_value(["general"]).run()
    app.radio(key="lang").set_value("en").run()
    assert app.multiselect(key="filter_industry").value == ["general"]
    assert app.multiselect(key="filter_industry").label == "Industry"
    assert "Name" in app.dataframe[0].value.columns
    assert app.query_params == {"industry": "general", "lang": "en"}


def test_a_language_switch_keeps_codes_though_the_browser_sends_old_labels(layers):
    # after a switch the browser still holds a widget's labels in the old language and sends them
    app = start(lang="en")
    app.multiselect(key="filter_kind").set_value(["park"]).run()
    app.multiselect(key="filter_industry").set_value(["chemicals"]).run()
    app.radio(key="lang").set_value("zh").run()
    app.multiselect(key="filter_kind").set_value(["Park"])
    app.multiselect(key="filter_industry").set_value(["Chemicals"])
    app.text_input(key="filter_text").set_value("丰").run()
    assert not app.exception, app.exception
    assert app.multiselect(key="filter_kind").value == ["park"]
    assert app.multiselect(key="filter_industry").value == ["chemicals"]
    assert app.query_params["kind"] == "park" and app.query_params["industry"] == "chemicals"
    app.radio(key="lang").set_value("en").run()
    app.multiselect(key="filter_industry").set_value(["化工"]).run()
    assert app.multiselect(key="filter_industry").value == ["chemicals"]
    assert app.query_params["industry"] == "chemicals"


def test_the_basemap_keeps_its_choice_across_a_language_switch(layers):
    app = start(lang="en")
    app.radio(key="basemap").set_value("gaode").run()
    app.radio(key="lang").set_value("zh").run()
    assert app.radio(key="basemap").value == "gaode"
    radio = app.radio(key="basemap")
    radio.options.append("Gaode (AMap)")  # the browser still holds the English label and sends it
    radio.set_value("Gaode (AMap)").run()
    assert not app.exception, app.exception
    assert app.radio(key="basemap").value == "gaode"
    assert app.query_params["basemap"] == "gaode"


NOTICE = {
    "file": "t.txt",
    "title": "甲市关于推进园区建设的通知",
    "issuer": "甲市人民政府",
    "date": "2020-03-05",
}


def test_the_map_and_table_name_documents_by_title(frame, tmp_path, monkeypatch):
    folder = write_sample_layers(frame, tmp_path / "layers", documents=[NOTICE])
    monkeypatch.setenv(services.LAYERS_ENV, str(folder))
    app = start()
    assert "甲市关于推进园区建设的通知 (甲市人民政府, 2020-03-05)" in map_args(app)["script"]
    assert set(app.dataframe[0].value["来源文件"]) == {
        "甲市关于推进园区建设的通知 (甲市人民政府, 2020-03-05)"
    }


def test_the_documents_tab_lists_documents_read_and_files_skipped(frame, tmp_path, monkeypatch):
    documents = [NOTICE, {"file": "empty.txt", "title": "乙县通知"}]
    skipped = [{"file": "/in/scan.pdf", "reason": "password-protected PDF"}]
    folder = write_sample_layers(frame, tmp_path / "layers", documents=documents, skipped=skipped)
    monkeypatch.setenv(services.LAYERS_ENV, str(folder))
    app = start()
    app.radio(key="page").set_value("docs").run()
    documents, skipped = (d.value for d in app.dataframe)
    assert dict(zip(documents["标题"], documents["实体数"], strict=True)) == {
        "甲市关于推进园区建设的通知": 4,
        "乙县通知": 0,
    }
    assert skipped.to_dict("records") == [{"文件名": "scan.pdf", "原因": "PDF 有密码保护"}]


def charts(app: AppTest) -> list[dict]:
    return [json.loads(c.proto.spec) for c in app.get("vega_lite_chart")]


def test_charts_count_whole_entities_and_vanish_for_an_empty_result(layers):
    app = start()
    specs = charts(app)
    assert len(specs) == 2 and all(s["encoding"]["x"]["axis"]["tickMinStep"] == 1 for s in specs)
    app.text_input(key="filter_text").set_value("没有这个名称").run()
    assert metrics(app)[0] == 0 and charts(app) == []


@pytest.fixture
def deferred(monkeypatch) -> dict:
    """The download callables the app registers, by file name: what a click would download."""
    registered: dict = {}
    original = MediaFileManager.add_deferred

    def record(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        registered[file_name] = data_callable
        return original(self, data_callable, mimetype, coordinates, file_name=file_name, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add_deferred", record)
    return registered


def test_downloads_hold_the_filtered_layer_and_the_build(layers, frame, deferred):
    app = start()
    app.multiselect(key="filter_kind").set_value(["park"]).run()
    expected = sorted(apply_filters(frame, Filters(kind=("park",)))["name"])
    geojson = json.loads(deferred["parkatlas-entities.geojson"]())
    assert sorted(f["properties"]["name"] for f in geojson["features"]) == expected
    csv = pd.read_csv(io.BytesIO(deferred["parkatlas-entities.csv"]()))
    assert sorted(csv["name"]) == expected
    assert deferred["parkatlas-entities.gpkg"]().startswith(b"SQLite format 3")
    assert deferred["entities.geojson"]() == (layers / "entities.geojson").read_bytes()
    assert len(deferred["parkatlas-layers.zip"]()) > 0
    labels = [b.label for b in app.download_button]
    assert labels[:3] == ["GEOJSON", "GPKG", "CSV"] and "entities.geojson" in labels


UPLOADED = "关于推进园区建设的通知\n推进卓资县旗下营工业园区建设,发展冶金产业。\n"


def test_uploaded_documents_join_the_map_and_a_bad_file_is_reported(layers):
    app = start()
    app.file_uploader(key="upload").set_value(
        [
            ("new.txt", UPLOADED.encode("gb18030"), "text/plain"),
            ("broken.pdf", b"%PDF-1.4 broken", "application/pdf"),
        ]
    )
    app.run()
    app.button(key="add_docs").click().run()
    assert not app.exception
    assert metrics(app)[0] > 4
    assert "卓资县旗下营工业园区" in set(app.dataframe[0].value["名称"])
    assert any(r"new\.txt" in s.value for s in app.success)  # names are escaped Markdown
    assert any(r"broken\.pdf" in e.value for e in app.error)
    assert "new.txt" in app.multiselect(key="filter_doc").options
    app.multiselect(key="filter_doc").set_value(["new.txt"]).run()
    assert metrics(app)[0] >= 1 and MARKUP_PARK not in set(app.dataframe[0].value["名称"])


def test_uploading_twice_adds_nothing_twice_and_reasons_are_chinese(layers):
    app = start()
    assert any("只在本次会话" in c.value and "20 MB" in c.value for c in app.caption)
    files = [
        ("new.txt", UPLOADED.encode("utf-8"), "text/plain"),
        ("broken.pdf", b"%PDF-1.4 broken", "application/pdf"),
    ]
    app.file_uploader(key="upload").set_value(files)
    app.run()
    app.button(key="add_docs").click().run()
    first, found = metrics(app), len(app.success)
    assert found == 1 and any("无法读取的 PDF" in e.value for e in app.error)
    app.button(key="add_docs").click().run()
    assert not app.exception
    assert metrics(app) == first and len(app.success) == found
    assert sum("已处理过" in i.value for i in app.info) == 2


def test_first_start_builds_from_seeds_and_a_filter_change_does_not_rebuild(tmp_path, monkeypatch):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "doc.txt").write_text(UPLOADED, encoding="utf-8")
    out = tmp_path / "layers"
    monkeypatch.setenv(services.LAYERS_ENV, str(out))
    monkeypatch.setenv(services.SEEDS_ENV, str(seeds))
    calls = {"build": 0, "load": 0}
    import geo.build

    real_build, real_load = geo.build.build, services.load_entities

    def counting_build(*args, **kwargs):
        calls["build"] += 1
        return real_build(*args, **kwargs)

    def counting_load(*args, **kwargs):
        calls["load"] += 1
        return real_load(*args, **kwargs)

    monkeypatch.setattr(geo.build, "build", counting_build)
    monkeypatch.setattr(services, "load_entities", counting_load)
    app = start()
    assert (out / "entities.parquet").exists()
    assert calls == {"build": 1, "load": 1}
    assert "卓资县旗下营工业园区" in set(app.dataframe[0].value["名称"])
    app.multiselect(key="filter_kind").set_value(["park"]).run()
    app.text_input(key="filter_text").set_value("卓资").run()
    assert calls == {"build": 1, "load": 1}
    assert metrics(app)[0] == 1
