"""The app in a real browser: `streamlit run app.py` on 127.0.0.1 and Debian's Chromium, driven by
Playwright, with every request that is not to the app refused, as on a machine with no internet.

Skipped only when /usr/bin/chromium is absent (`apt-get install -y chromium`; .ci/run does).
"""

from __future__ import annotations

import math
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import TEXT
from maplayers import MARKUP_PARK, MARKUP_TEXT, placed_sample, write_sample_layers
from playwright.sync_api import expect

from geo.app import services
from geo.app.labels import label
from geo.layers.filters import Filters, apply_filters
from geo.layers.publish import published
from geo.layers.texts import TEXTS, texts_jsonl

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[2]
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
TITLE = "甲市关于推进园区建设的通知"
# When each sample entity was named (first, last): a year filter from 2022 leaves two points.
DATES = {
    "丰镇瑞丰工业园区": ("2019-04-01", "2020-04-01"),
    "凉城光伏电站项目": ("2022-08-01", "2023-08-01"),
    MARKUP_PARK: ("2023-02-01", "2023-02-01"),
}
WAIT_MS = 90_000

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="Debian's chromium is not installed at /usr/bin/chromium"
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_healthy(url: str, server: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"streamlit exited with {server.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError(f"streamlit did not answer at {url}")


@pytest.fixture(scope="module")
def frame(sample_frame):
    out = placed_sample(sample_frame)
    out["first_date"] = [DATES.get(n, (None, None))[0] for n in out["name"]]
    out["last_date"] = [DATES.get(n, (None, None))[1] for n in out["name"]]
    return out


@pytest.fixture(scope="module")
def app_url(frame, tmp_path_factory) -> Iterator[str]:
    documents = [{"file": "t.txt", "title": TITLE, "date": "2021-05-06"}]
    layers = write_sample_layers(frame, tmp_path_factory.mktemp("layers"), documents=documents)
    (published(layers) / TEXTS).write_text(texts_jsonl([("t.txt", TEXT)]), encoding="utf-8")
    port = free_port()
    env = {**os.environ, services.LAYERS_ENV: str(layers)}
    log = (tmp_path_factory.mktemp("server") / "streamlit.log").open("w")
    command = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.address", "127.0.0.1"]
    command += [
        "--server.port",
        str(port),
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
    ]
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_healthy(url, server)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


@pytest.fixture
def page(app_url, tmp_path):
    from playwright.sync_api import sync_playwright

    refused: list[str] = []

    def only_the_app(route) -> None:
        url = route.request.url
        if url.startswith((app_url, "data:", "blob:", "about:")):
            route.continue_()
        else:
            refused.append(url)
            route.abort()

    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path / "profile"),  # a new, empty user data dir
            executable_path=str(CHROMIUM),
            headless=True,
            args=FLAGS,
            viewport={"width": 1400, "height": 1000},
        )
        context.route("**/*", only_the_app)
        page = context.new_page()
        page.refused = refused
        yield page
        context.close()


def markers(page) -> int:
    return page.frame_locator(MAP_FRAME).locator("path.pa-point").count()


def wait_for_markers(page, count: int) -> None:
    page.wait_for_function(
        """([selector, count]) => {
            const frame = document.querySelector(selector);
            const doc = frame && frame.contentDocument;
            return !!doc && doc.querySelectorAll("path.pa-point").length === count;
        }""",
        arg=[MAP_FRAME, count],
        timeout=WAIT_MS,
    )


def points(frame) -> int:
    return int((frame.geometry.geom_type == "Point").sum())


def test_markers_appear_and_one_industry_leaves_its_markers(page, app_url, frame, tmp_path):
    page.goto(app_url)
    wait_for_markers(page, points(frame))
    assert markers(page) == points(frame) == 3
    assert page.frame_locator(MAP_FRAME).locator("path.pa-line").count() == 1

    industry = page.locator('[data-testid="stMultiSelect"]').filter(has_text="产业")
    industry.locator("input").click()
    page.locator('[role="option"]', has_text="化工").click()
    page.keyboard.press("Escape")
    expected = points(apply_filters(frame, Filters(industry=("chemicals",))))
    wait_for_markers(page, expected)
    assert markers(page) == expected == 1
    assert "industry=chemicals" in page.url
    page.screenshot(path=str(tmp_path / "industry.png"), full_page=True)
    assert page.refused == []  # the page asked nothing of the internet


def test_popup_shows_document_markup_as_text(page, app_url, frame, tmp_path):
    page.goto(f"{app_url}/?q={MARKUP_PARK}")
    wait_for_markers(page, 1)
    page.frame_locator(MAP_FRAME).locator("path.pa-point").click(force=True)
    popup = page.frame_locator(MAP_FRAME).locator(".leaflet-popup-content")
    popup.wait_for(timeout=WAIT_MS)
    assert MARKUP_TEXT in popup.inner_text()  # shown as the characters '<b>', not as bold
    evidence = popup.locator(".pa-evidence")
    assert evidence.locator("b").count() == 0
    assert evidence.locator("mark").inner_text() == MARKUP_PARK
    assert "Shangdouxian" in popup.inner_text() and TITLE in popup.inner_text()
    page.screenshot(path=str(tmp_path / "popup.png"))
    assert (tmp_path / "popup.png").stat().st_size > 10_000


def test_a_tile_basemap_offline_says_why_the_map_is_grey(page, app_url, tmp_path):
    page.goto(f"{app_url}/?basemap=osm")
    note = page.frame_locator(MAP_FRAME).locator(".pa-tile-note")
    note.wait_for(timeout=WAIT_MS)  # the tiles were refused, as on a machine with no internet
    assert "需要联网" in note.inner_text()
    page.screenshot(path=str(tmp_path / "tiles-offline.png"))


def test_choosing_a_table_row_opens_its_card_on_the_map(page, app_url, frame, tmp_path):
    page.goto(app_url)
    wait_for_markers(page, points(frame))
    grid = page.locator('[data-testid="stDataFrame"]').first
    grid.wait_for(timeout=WAIT_MS)
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 18, box["y"] + 35 + 18)  # the first row's selection cell
    page.wait_for_function(  # the map is drawn anew: during the rerun two frames may exist
        """([selector, name]) => [...document.querySelectorAll(selector)].some((frame) => {
            const doc = frame.contentDocument;
            const open = doc && doc.querySelector(".leaflet-popup-content .pa-name");
            return !!open && open.textContent === name;
        })""",
        arg=[MAP_FRAME, frame["name"].iloc[0]],  # the table's first row
        timeout=WAIT_MS,
    )
    page.screenshot(path=str(tmp_path / "row.png"))


def test_a_language_switch_with_filters_set_keeps_them_as_codes(page, app_url, tmp_path):
    page.goto(f"{app_url}/?lang=en&kind=park&industry=chemicals&basemap=gaode")
    wait_for_markers(page, 1)
    page.locator('[data-testid="stRadio"]').first.get_by_text("中文").click()
    page.get_by_text("搜索名称或地名").wait_for(timeout=WAIT_MS)
    search = page.locator('[data-testid="stTextInput"] input')
    search.fill("瑞丰")
    search.press("Enter")
    page.wait_for_url("**q=*", timeout=WAIT_MS)
    wait_for_markers(page, 1)
    assert page.locator('[data-testid="stException"]').count() == 0
    kind = page.locator('[data-testid="stMultiSelect"]').filter(has_text="类型")
    industry = page.locator('[data-testid="stMultiSelect"]').filter(has_text="产业")
    assert "园区" in kind.inner_text() and "化工" in industry.inner_text()
    assert "kind=park" in page.url and "industry=chemicals" in page.url
    basemap = page.locator('[data-testid="stRadio"]').nth(1)
    assert basemap.locator("input:checked").count() == 1
    assert "高德地图" in basemap.locator("label", has=page.locator("input:checked")).inner_text()
    page.screenshot(path=str(tmp_path / "language.png"), full_page=True)


def wait_for_open_card(page, name: str) -> None:
    page.wait_for_function(  # the map is drawn anew: during the rerun two frames may exist
        """([selector, name]) => [...document.querySelectorAll(selector)].some((frame) => {
            const doc = frame.contentDocument;
            const open = doc && doc.querySelector(".leaflet-popup-content .pa-name");
            return !!open && open.textContent === name;
        })""",
        arg=[MAP_FRAME, name],
        timeout=WAIT_MS,
    )


def test_a_document_shows_its_entities_marked_and_a_mark_opens_the_map(page, app_url, frame, tmp_path):
    page.goto(f"{app_url}/?view=docs&read=t.txt")
    marks = page.locator(".pa-doc mark.pa-hl")
    marks.first.wait_for(timeout=WAIT_MS)
    assert marks.count() == len(frame)  # each entity of the sample is named once
    text = page.locator(".pa-doc")
    assert MARKUP_TEXT in text.inner_text() and text.locator("b").count() == 0  # markup as text
    page.screenshot(path=str(tmp_path / "document.png"), full_page=True)
    name = "丰镇瑞丰工业园区"
    marks.filter(has_text=name).click()
    wait_for_open_card(page, name)
    assert "view=docs" not in page.url
    page.screenshot(path=str(tmp_path / "document-to-map.png"))
    assert page.refused == []


def test_a_card_opens_the_document_at_its_sentence(page, app_url, tmp_path):
    page.goto(f"{app_url}/?q={MARKUP_PARK}&lang=en")
    wait_for_markers(page, 1)
    page.frame_locator(MAP_FRAME).locator("path.pa-point").click(force=True)
    link = page.frame_locator(MAP_FRAME).locator(".leaflet-popup-content a.pa-read")
    with page.context.expect_page(timeout=WAIT_MS) as opened:
        link.click()
    page = opened.value  # a new tab: the map stays where it was
    page.wait_for_url("**view=docs**", timeout=WAIT_MS)
    assert "read=t.txt" in page.url and "lang=en" in page.url and "q=" in page.url
    anchor = page.locator(".pa-doc #pa-at")
    anchor.wait_for(state="attached", timeout=WAIT_MS)
    chosen = page.locator(".pa-doc mark.pa-chosen")
    assert chosen.inner_text() == MARKUP_PARK
    page.screenshot(path=str(tmp_path / "map-to-document.png"))


def test_the_year_filter_keeps_the_entities_named_in_those_years(page, app_url, frame, tmp_path):
    page.goto(f"{app_url}/?from=2022")
    expected = points(apply_filters(frame, Filters(year_from=2022)))
    wait_for_markers(page, expected)
    assert expected == 2 and "from=2022" in page.url
    slider = page.locator('[data-testid="stSlider"]')
    assert "2022" in slider.inner_text()
    charts = page.locator('[data-testid="stVegaLiteChart"]')
    expect(charts).to_have_count(3, timeout=WAIT_MS)  # province, industry, year: drawn after the map
    page.screenshot(path=str(tmp_path / "years.png"), full_page=True)


def test_the_choropleth_shades_the_units_of_the_filter(page, app_url, frame, tmp_path):
    page.goto(f"{app_url}/?show=areas&level=prefecture")
    page.frame_locator(MAP_FRAME).locator("path.pa-choropleth").first.wait_for(timeout=WAIT_MS)
    units = frame["prefecture_code"].dropna().nunique()
    assert page.frame_locator(MAP_FRAME).locator("path.pa-choropleth").count() == units
    assert markers(page) == 0
    page.screenshot(path=str(tmp_path / "areas.png"))
    assert page.refused == []


EARTH_RADIUS_M = 6_371_000  # the sphere of Leaflet's CRS.Earth, whose distance the tool reports


def great_circle_m(a: dict, b: dict) -> float:
    lat1, lat2 = math.radians(a["lat"]), math.radians(b["lat"])
    dlat, dlng = lat2 - lat1, math.radians(b["lng"] - a["lng"])
    h = math.sin(dlat / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(dlng / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(h))


def test_fullscreen_and_a_measured_distance_between_two_clicks(page, app_url, frame, tmp_path):
    page.goto(app_url)
    wait_for_markers(page, points(frame))
    inside = page.frame_locator(MAP_FRAME)
    inside.locator("a.pa-fullscreen").click()
    map_frame = page.locator(MAP_FRAME).element_handle().content_frame()
    map_frame.wait_for_function(
        "() => document.fullscreenElement === document.querySelector('.leaflet-container')", timeout=WAIT_MS
    )
    # the title follows the fullscreenchange event, which fires a frame after fullscreenElement
    expect(inside.locator("a.pa-fullscreen")).to_have_attribute(
        "title", label("exit_fullscreen", "zh"), timeout=WAIT_MS
    )

    inside.locator("a.pa-measure").click()
    total = inside.locator(".pa-measure-total")
    expect(total).to_have_text(label("measure_hint", "zh"), timeout=WAIT_MS)
    container = inside.locator(".leaflet-container")
    box = container.bounding_box()
    clicks = [(box["width"] * 0.35, box["height"] * 0.55), (box["width"] * 0.7, box["height"] * 0.4)]
    for x, y in clicks:
        container.click(position={"x": x, "y": y}, force=True)
    assert inside.locator("path.pa-measure-line").count() == 1
    assert inside.locator(".leaflet-popup").count() == 0  # a click on a park measures, no card
    latlngs = map_frame.evaluate(
        """(clicks) => {
            const map = Object.values(window).find((v) => v instanceof L.Map);
            return clicks.map(([x, y]) => map.containerPointToLatLng([x, y]));
        }""",
        clicks,
    )
    expected = great_circle_m(*latlngs)
    assert float(total.get_attribute("data-metres")) == pytest.approx(expected, rel=1e-3)
    shown = re.fullmatch(re.escape(label("distance", "zh")) + r" ([\d.]+) km", total.inner_text())
    assert shown and float(shown.group(1)) == pytest.approx(expected / 1000, rel=0.01)
    page.screenshot(path=str(tmp_path / "fullscreen-measure.png"))
    assert (tmp_path / "fullscreen-measure.png").stat().st_size > 10_000

    inside.locator(".pa-measure-clear").click()
    assert inside.locator("path.pa-measure-line").count() == 0
    inside.locator("a.pa-fullscreen").click()
    map_frame.wait_for_function("() => document.fullscreenElement === null", timeout=WAIT_MS)
    assert page.refused == []
