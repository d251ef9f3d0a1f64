"""From a filter change to the map HTML being ready, on 20,000 or 100,000 synthetic entities.

A filter change in the app reruns: apply_filters, then the map the app draws for that many
entities (geo.app.areas.shown_as: points, clustered when dense, up to POINTS_LIMIT; counts per
province beyond), then streamlit-folium's preparation of the map (folium render, the Leaflet
script, its hash). This script times those steps for the first view and a few typical filters
and prints the size of the page: the standalone HTML (folium's render, assets inlined) and what
st_folium sends to the browser. Times are wall-clock and CPU (process_time): the machine is
shared, and CPU time is what this process spent.

The frame is invented: prefecture seats of the gazetteer with a random offset, random kinds,
industries, precisions, names and evidence sentences, seeded so every run draws the same one.

    .venv/bin/python bench/map_filter.py            # --entities 20000 --runs 3 --seed 7 --json
    .venv/bin/python bench/map_filter.py --entities 100000
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from collections.abc import Callable
from importlib.util import find_spec
from pathlib import Path
from types import SimpleNamespace

REPO = Path(__file__).resolve().parent.parent
if find_spec("geo") is None:  # not installed: use this checkout
    sys.path.append(str(REPO))

import geopandas as gpd  # noqa: E402
from shapely.geometry import LineString, MultiPoint, Point  # noqa: E402

from geo.app.areas import area_map, shown_as  # noqa: E402
from geo.app.map import entity_map, map_html  # noqa: E402
from geo.layers.filters import Filters, apply_filters  # noqa: E402
from geo.layers.frame import COLUMNS, CRS, city_table, industry_table  # noqa: E402

KINDS = {"park": 0.4, "project": 0.3, "base": 0.1, "corridor": 0.15, "region": 0.05}
HEADS = {"park": "工业园区", "project": "项目", "base": "基地", "corridor": "通道", "region": "经济区"}
PRECISIONS = {"county": 0.55, "prefecture": 0.3, "province": 0.15}
SYLLABLES = "瑞丰达兴安华泰宏远鑫盛隆源通恒昌新金海云龙鼎峰创联东西南北中"


def synthetic_frame(n: int, seed: int = 7) -> gpd.GeoDataFrame:
    """n entities spread over China's prefecture seats, with every layer column filled."""
    rng = random.Random(seed)
    table = city_table().reset_index(drop=True)
    cities = [  # plain tuples: a row lookup per entity would dominate the run
        SimpleNamespace(city=c, city_province=p, prefecture_code=code, city_pinyin=py, geometry=g)
        for c, p, code, py, g in zip(
            table["city"],
            table["city_province"],
            table["prefecture_code"],
            table["city_pinyin"],
            table.geometry,
            strict=True,
        )
    ]
    codes = list(industry_table()["industry"])
    labels = industry_table().set_index("industry")
    rows, geometries = [], []
    for i in range(n):
        kind = rng.choices(list(KINDS), weights=list(KINDS.values()))[0]
        city = cities[rng.randrange(len(cities))]
        x, y = city.geometry.x, city.geometry.y
        if kind == "corridor":
            other = cities[rng.randrange(len(cities))].geometry
            geometry, precision = LineString([(x, y), (other.x, other.y)]), "multi"
        elif kind == "region":
            spots = [(x + rng.uniform(-1, 1), y + rng.uniform(-1, 1)) for _ in range(3)]
            geometry, precision = MultiPoint(spots), "multi"
        else:
            precision = rng.choices(list(PRECISIONS), weights=list(PRECISIONS.values()))[0]
            spread = 0.4 if precision == "county" else 0.0
            geometry = Point(x + rng.uniform(-spread, spread), y + rng.uniform(-spread, spread))
        name = city.city[:2] + "".join(rng.choices(SYLLABLES, k=rng.randint(2, 4))) + HEADS[kind]
        industries = rng.sample(codes, rng.choice((1, 1, 2)))
        doc = f"doc_{rng.randrange(300):03d}.txt"
        year = rng.randint(2012, 2024)
        evidence = (
            f"加快推进{name}建设,重点发展{labels.at[industries[0], 'industry_label_zh']}产业,打造区域增长极。"
        )
        rows.append(
            {
                "id": f"{i:012x}",
                "name": name,
                "pinyin": f"Synthetic {i}",
                "aliases": [],
                "kind": kind,
                "industries": industries,
                "primary_industry": industries[0],
                "industry_label_zh": labels.at[industries[0], "industry_label_zh"],
                "industry_label_en": labels.at[industries[0], "industry_label_en"],
                "industry_evidence": [],
                "country": "中国",
                "province": city.city_province,
                "province_code": city.prefecture_code[:2] + "0000",
                "prefecture": city.city if precision != "province" else None,
                "prefecture_code": city.prefecture_code if precision != "province" else None,
                "prefecture_pinyin": city.city_pinyin,
                "county": None,
                "county_code": None,
                "adcode": None,
                "precision": precision,
                "place_source": "name",
                "places": [],
                "confidence": 0.8,
                "docs": [doc],
                "mentions": 1,
                "first_date": f"{year}-03-01",
                "last_date": f"{year + rng.choice((0, 0, 1, 3))}-06-30",
                "evidence": evidence,
                "evidence_doc": doc,
                "mention_docs": [doc, doc],
                "mention_sentences": [evidence, f"{name}已入驻企业{rng.randint(5, 90)}家。"],
            }
        )
        geometries.append(geometry)
    return gpd.GeoDataFrame(rows, columns=COLUMNS, geometry=geometries, crs=CRS)


def st_folium_payload(fmap) -> int:
    """What streamlit-folium does with a map before sending it, and the size it sends."""
    import streamlit_folium as sf

    fmap.get_root().render()
    html, header = sf._get_html(fmap), sf._get_header(fmap)
    script = sf._get_map_string(fmap)
    sf.generate_js_hash(script, "map", False)
    links = [
        url for element in [fmap, *fmap._children.values()] for _, url in getattr(element, "default_js", [])
    ]
    links += [
        url for element in [fmap, *fmap._children.values()] for _, url in getattr(element, "default_css", [])
    ]
    return len(script) + len(header) + len(html) + sum(len(link) for link in dict.fromkeys(links))


def timed(step: Callable[[], object]) -> tuple[float, object]:
    start = time.perf_counter()
    out = step()
    return time.perf_counter() - start, out


def cpu_timed(step: Callable[[], object]) -> tuple[float, float, object]:
    wall, cpu = time.perf_counter(), time.process_time()
    out = step()
    return time.perf_counter() - wall, time.process_time() - cpu, out


def app_map(frame: gpd.GeoDataFrame):
    """The map the app draws for these rows (points, or counts per province when too many)."""
    if shown_as(len(frame), "points") == "areas":
        return area_map(frame, "province")
    return entity_map(frame)


def measure(frame: gpd.GeoDataFrame, filters: Filters, runs: int) -> dict[str, float | int | str]:
    app_times, cpu_times, page_times = [], [], []
    for _ in range(runs):
        seconds, cpu, (shown, payload) = cpu_timed(
            lambda: (lambda f: (f, st_folium_payload(app_map(f))))(apply_filters(frame, filters))
        )
        app_times.append(seconds)
        cpu_times.append(cpu)
        seconds, page = timed(lambda: map_html(app_map(apply_filters(frame, filters))))
        page_times.append(seconds)
    return {
        "entities": len(shown),
        "drawn": shown_as(len(shown), "points"),
        "app_s": round(statistics.median(app_times), 3),
        "cpu_s": round(statistics.median(cpu_times), 3),
        "app_s_max": round(max(app_times), 3),
        "page_s": round(statistics.median(page_times), 3),
        "page_mb": round(len(page.encode()) / 1e6, 2),
        "sent_mb": round(payload / 1e6, 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--entities", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    generated, frame = timed(lambda: synthetic_frame(args.entities, args.seed))
    province = frame["province"].value_counts().index[0]
    cold, _ = timed(lambda: map_html(entity_map(frame.iloc[:10])))  # basemap outlines, first use
    cases = {
        "first view (no filter)": Filters(),
        "one province": Filters(province=(province,)),
        "one industry": Filters(industry=("power",)),
        "province + industry + kind": Filters(province=(province,), industry=("power",), kind=("park",)),
        "name search": Filters(text="瑞丰"),
        "place search": Filters(text=str(province)[:2]),
        "years 2015-2017": Filters(year_from=2015, year_to=2017),
    }
    results = {name: measure(frame, filters, args.runs) for name, filters in cases.items()}
    report = {
        "entities": args.entities,
        "generated_s": round(generated, 2),
        "first_map_s": round(cold, 2),
        "cases": results,
    }
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=1))
        return
    print(
        f"{args.entities} synthetic entities (generated in {generated:.1f} s); first map of the process "
        f"(loads the province outlines) {cold:.2f} s"
    )
    print(
        f"{'filter':<28} {'shown':>6} {'drawn':>7} {'app s':>7} {'cpu s':>7} {'max s':>7} {'page s':>7} "
        f"{'page MB':>8} {'sent MB':>8}"
    )
    for name, r in results.items():
        print(
            f"{name:<28} {r['entities']:>6} {r['drawn']:>7} {r['app_s']:>7.3f} {r['cpu_s']:>7.3f} "
            f"{r['app_s_max']:>7.3f} {r['page_s']:>7.3f} {r['page_mb']:>8.2f} {r['sent_mb']:>8.2f}"
        )


if __name__ == "__main__":
    main()
