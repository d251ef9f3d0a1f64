"""The documents view's text with its entities marked, the card's mentions and read links, the
year filter and chart, the choropleth's counts, and the map's toggles and cluster colours."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import pytest
from maplayers import MARKUP_PARK, placed_sample
from shapely.geometry import Point

from geo.app.areas import area_data, shade
from geo.app.documents import AT_ID, document_html, entity_spans, names_in
from geo.app.map import entity_map, map_html
from geo.app.popups import CARD_MENTIONS, popup_html
from geo.app.state import View, query_from_view, valid_filters, view_from_query, year_bounds
from geo.app.tables import year_counts
from geo.layers.filters import FilterError, Filters, apply_filters


@pytest.fixture
def frame(sample_frame) -> gpd.GeoDataFrame:
    out = placed_sample(sample_frame)
    out["first_date"] = ["2019-03-01", "2021-06-01", "2023-01-09", None][: len(out)] + [None] * (len(out) - 4)
    out["last_date"] = ["2020-03-01", "2021-06-01", "2024-01-09", None][: len(out)] + [None] * (len(out) - 4)
    return out


# --- the document, read ---------------------------------------------------------------------------


def test_every_entity_is_marked_and_the_text_stays_text():
    names = {"青禾工业园区": "a1", "青禾园区": "a1", "<b>港区</b>物流园": "b2"}
    text = "推进青禾工业园区建设。<script>alert(1)</script>依托<b>港区</b>物流园发展,**粗体**。青禾园区扩区。"
    marked = document_html(text, names)
    assert marked.count('<mark class="pa-hl" data-id="a1">') == 2
    assert '<mark class="pa-hl" data-id="b2">&lt;b&gt;港区&lt;/b&gt;物流园</mark>' in marked
    assert "<script>" not in marked and "&lt;script&gt;alert(1)&lt;/script&gt;" in marked
    assert "**粗体**" in marked  # Markdown is never rendered: it reaches the page as it is


def test_the_longest_name_wins_and_marks_never_overlap():
    spans = entity_spans("青禾工业园区一期", {"青禾工业园区": "long", "工业园区": "short"})
    assert spans == [(0, 6, "long")]


def test_the_linked_sentence_gets_the_anchor_before_it():
    text = "第一句。推进青禾工业园区建设。"
    marked = document_html(text, {"青禾工业园区": "a1"}, sentence="推进青禾工业园区建设。")
    assert marked.index(f'id="{AT_ID}"') < marked.index("<mark") and marked.startswith("第一句。<span")
    assert AT_ID not in document_html(text, {}, sentence="不在文中。")


def test_names_in_a_document_are_its_entities_names_and_aliases(frame):
    names = names_in(frame, "t.txt")
    assert names[MARKUP_PARK] == frame.loc[frame["name"] == MARKUP_PARK, "id"].iloc[0]
    assert names_in(frame, "other.txt") == {}


# --- the card ---------------------------------------------------------------------------------------


def _row(n: int, readable_doc: str = "a.txt") -> dict:
    return {
        "id": "abc123",
        "name": "青禾工业园区",
        "kind": "park",
        "docs": ["a.txt", "<i>b</i>.txt"],
        "mention_docs": [readable_doc, "<i>b</i>.txt"] * n,
        "mention_sentences": [f"第{i}句:推进青禾工业园区建设<x>。" for i in range(2 * n)],
        "first_date": "2019-03-01",
        "last_date": "2023-01-09",
    }


def test_the_card_lists_every_mention_with_a_read_link_where_the_text_is_kept():
    card = popup_html(_row(1), "zh", {"a.txt": "甲市通知 (2019-03-01)"}, readable={"a.txt"})
    assert card.count("<li>") == 2 and "第0句" in card and "第1句" in card
    assert card.count('class="pa-read"') == 1 and 'data-file="a.txt" data-m="abc123.0"' in card
    assert "甲市通知" in card and "&lt;i&gt;b&lt;/i&gt;.txt" in card and "&lt;x&gt;" in card
    assert "2019-03-01 – 2023-01-09" in card


def test_a_long_card_counts_the_mentions_it_leaves_out():
    card = popup_html(_row(CARD_MENTIONS), "en")
    assert card.count("<li>") == CARD_MENTIONS and f"{CARD_MENTIONS} more mentions" in card


# --- time ---------------------------------------------------------------------------------------------


def test_the_year_range_keeps_entities_named_within_it(frame):
    def names(**years):
        return set(apply_filters(frame, Filters(**years))["name"])

    assert len(names(year_from=2020, year_to=2021)) == 2  # 2019-2020 and 2021
    assert len(names(year_from=2024)) == 1 and len(names(year_to=2018)) == 0
    assert len(names()) == len(frame)  # no range: the undated stay
    with pytest.raises(FilterError):
        apply_filters(frame, Filters(year_from=2023, year_to=2020))


def test_years_travel_in_the_link_and_nonsense_years_are_dropped(frame):
    view = view_from_query({"from": "2020", "to": "2022", "view": "docs", "read": "t.txt", "show": "areas"})
    assert (view.filters.year_from, view.filters.year_to) == (2020, 2022)
    assert (view.page, view.read, view.show, view.level) == ("docs", "t.txt", "areas", "province")
    assert query_from_view(view) == {
        "from": "2020",
        "to": "2022",
        "view": "docs",
        "read": "t.txt",
        "show": "areas",
    }
    odd = view_from_query({"from": "２０２０", "to": "99999", "show": "<x>"})
    assert odd.filters.year_from is None and odd.filters.year_to is None and odd.show == "points"
    _, dropped = valid_filters(frame, Filters(year_from=2023, year_to=2020))
    assert dropped == ["2023-2020"]
    assert query_from_view(View()) == {}


def test_year_bounds_and_counts_per_year(frame):
    assert year_bounds(frame) == (2019, 2024)
    assert year_bounds(frame.assign(first_date=None, last_date=None)) is None
    table = year_counts(frame, "kind", "en")
    assert int(table["n"].sum()) == 3 and list(table["year"].unique()) == ["2019", "2021", "2023"]
    assert year_counts(frame.assign(first_date=None), "industry").empty


def test_a_document_title_finds_its_entities(frame):
    found = apply_filters(frame, Filters(text="园区建设通知"), titles={"t.txt": "甲市关于园区建设通知"})
    assert len(found) == len(frame)
    assert apply_filters(frame, Filters(text="园区建设通知")).empty


# --- areas ----------------------------------------------------------------------------------------------


def test_the_choropleth_counts_per_unit_and_says_what_has_no_unit(frame):
    data = area_data(frame, "county")
    counties = {f["properties"]["code"]: f["properties"]["n"] for f in data["collection"]["features"]}
    expected = frame["county_code"].dropna().value_counts().to_dict()
    assert counties == expected and data["missing"] == int(frame["county_code"].isna().sum())
    provinces = area_data(frame, "province")["collection"]["features"]
    assert sum(f["properties"]["n"] for f in provinces) == int(frame["province_code"].notna().sum())
    assert all(f["geometry"]["type"] in ("Polygon", "MultiPolygon") for f in provinces)


def test_area_tooltips_escape_names():
    rows = pd.DataFrame({"province_code": ["150000"], "province": ["<img src=x>"]})
    tip = area_data(gpd.GeoDataFrame(rows, geometry=[Point(113, 41)], crs=4326), "province")
    assert tip["collection"]["features"][0]["properties"]["t"] == "&lt;img src=x&gt;: 1"


def test_shades_grow_with_the_count():
    from geo.app.areas import SHADES

    steps = [SHADES.index(shade(n, 100)) for n in range(1, 101)]
    assert steps == sorted(steps) and steps[-1] == len(SHADES) - 1 and shade(0, 0) == SHADES[0]


# --- the map's controls -------------------------------------------------------------------------------


def test_toggles_by_kind_and_precision_and_clusters_coloured_by_industry(frame):
    page = map_html(entity_map(frame, cluster_above=0))
    assert "iconCreateFunction: clusterIcon" in page and "pa-toggles" in page
    assert '"group":"k","value":"park"' in page and '"group":"q","value":"county"' in page


def test_too_many_points_draw_as_counts_per_area():
    from geo.app.areas import POINTS_LIMIT, shown_as

    assert shown_as(POINTS_LIMIT, "points") == "points" and shown_as(POINTS_LIMIT + 1, "points") == "areas"
    assert shown_as(3, "areas") == "areas"


def test_an_upload_naming_a_known_entity_adds_its_sentences_and_widens_its_dates(frame):
    from geo.app.services import merge_entities

    again = frame.iloc[[0]].copy()
    again["docs"] = [["u.txt"]]
    again["mention_docs"] = [["u.txt"]]
    again["mention_sentences"] = [["上传文件中的新句子。"]]
    again["first_date"], again["last_date"] = "2025-01-01", "2025-02-01"
    merged = merge_entities(frame, again)
    row = merged[merged["id"] == frame.iloc[0]["id"]].iloc[0]
    assert len(merged) == len(frame) and row["mention_sentences"][-1] == "上传文件中的新句子。"
    assert row["mention_docs"][-1] == "u.txt" and row["last_date"] == "2025-02-01"
    assert row["first_date"] == frame.iloc[0]["first_date"]
