"""China's administrative divisions (province, prefecture, county) with their customary names.

The table comes from the `cpca` package's adcodes file (names, codes and GCJ-02 centroids); it is
read at first use and kept in memory. Short names are derived by rule (丰镇市 -> 丰镇, 锡林郭勒盟 ->
锡林郭勒, 察哈尔右翼后旗 -> 察右后旗); `ADMIN_ALIASES` adds the customary ones no rule derives.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from functools import cache, cached_property
from importlib.util import find_spec
from pathlib import Path

LEVELS = ("province", "prefecture", "county")


def package_file(package: str, relative: str) -> Path:
    """A data file shipped inside an installed package, found without importing the package
    (importing cpca would load pandas and jieba's model for nothing)."""
    spec = find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(f"package {package!r} is not installed; run: pip install {package}")
    return Path(next(iter(spec.submodule_search_locations))) / relative


# Customary names and abbreviations that no suffix rule derives (administrative lexicon).
ADMIN_ALIASES: dict[str, tuple[str, ...]] = {
    "锡林郭勒盟": ("锡盟",),
    "阿拉善盟": ("阿盟",),
    "达尔罕茂明安联合旗": ("达茂旗", "达茂"),
    "东乌珠穆沁旗": ("东乌旗",),
    "西乌珠穆沁旗": ("西乌旗",),
    "阿拉善左旗": ("阿左旗",),
    "阿拉善右旗": ("阿右旗",),
    "鄂尔多斯市": ("鄂市",),
    "呼和浩特市": ("呼市",),
    "新巴尔虎左旗": ("新左旗",),
    "新巴尔虎右旗": ("新右旗",),
    "陈巴尔虎旗": ("陈旗",),
    "莫力达瓦达斡尔族自治旗": ("莫旗",),
    "鄂伦春自治旗": ("鄂伦春旗",),
    "鄂温克族自治旗": ("鄂温克旗",),
    "围场满族蒙古族自治县": ("围场",),
    "丰宁满族自治县": ("丰宁",),
    "北京市": ("首都",),
}

# One-character abbreviations used in document numbers (晋政发, 内政发) and names (蒙晋冀).
PROVINCE_ABBREVIATIONS: dict[str, str] = {
    "京": "北京市",
    "津": "天津市",
    "冀": "河北省",
    "晋": "山西省",
    "蒙": "内蒙古自治区",
    "内": "内蒙古自治区",
    "辽": "辽宁省",
    "吉": "吉林省",
    "黑": "黑龙江省",
    "沪": "上海市",
    "苏": "江苏省",
    "浙": "浙江省",
    "皖": "安徽省",
    "闽": "福建省",
    "赣": "江西省",
    "鲁": "山东省",
    "豫": "河南省",
    "鄂": "湖北省",
    "湘": "湖南省",
    "粤": "广东省",
    "桂": "广西壮族自治区",
    "琼": "海南省",
    "渝": "重庆市",
    "川": "四川省",
    "蜀": "四川省",
    "黔": "贵州省",
    "贵": "贵州省",
    "滇": "云南省",
    "云": "云南省",
    "藏": "西藏自治区",
    "陕": "陕西省",
    "秦": "陕西省",
    "甘": "甘肃省",
    "陇": "甘肃省",
    "青": "青海省",
    "宁": "宁夏回族自治区",
    "新": "新疆维吾尔自治区",
}

_PLACEHOLDER_NAMES = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}


@dataclass(frozen=True)
class AdminUnit:
    """One administrative unit; `code` is the 6-digit standard code, coordinates are GCJ-02."""

    code: str
    name: str
    level: str
    province_code: str
    prefecture_code: str | None
    lon_gcj: float | None
    lat_gcj: float | None
    short_names: tuple[str, ...] = field(default=())

    @property
    def adcode(self) -> str:
        """The 12-digit code used by the gold files and many Chinese datasets."""
        return self.code.ljust(12, "0")


@cache
def _ethnic_groups() -> tuple[str, ...]:
    text = package_file("cpca", "resources/56_nations.csv").read_text(encoding="utf-8")
    names = [line.strip() for line in text.splitlines() if line.strip()]
    stems = {n.removesuffix("族") for n in names if len(n) > 2} | {"蒙古", "达斡尔", "鄂温克"}
    return tuple(sorted(stems | set(names), key=len, reverse=True))


_BANNER = re.compile(r"^(.)(.*?)([左右])翼(前|中|后)旗$")


def derive_short_names(name: str, level: str) -> tuple[str, ...]:
    """Names a document may use instead of the official one."""
    out: list[str] = []
    stem = name
    for suffix in (
        "特别行政区",
        "自治区",
        "自治州",
        "自治县",
        "自治旗",
        "地区",
        "林区",
        "省",
        "市",
        "盟",
        "县",
        "区",
    ):
        if name.endswith(suffix):
            stem = name.removesuffix(suffix)
            break
    if stem != name:
        # strip ethnic group names left before 自治: 广西壮族 -> 广西, 延边朝鲜族 -> 延边
        changed = True
        while changed:
            changed = False
            for group in _ethnic_groups():
                if stem.endswith(group) and len(stem) - len(group) >= 2:
                    stem = stem.removesuffix(group)
                    changed = True
        if len(stem) >= 2 and stem != name:
            out.append(stem)
    banner = _BANNER.match(name)
    if banner:  # 察哈尔右翼后旗 -> 察右后旗, 科尔沁左翼中旗 -> 科左中旗
        first, _, side, pos = banner.groups()
        out += [f"{first}{side}{pos}旗", f"{first}{side}{pos}"]
    out += ADMIN_ALIASES.get(name, ())
    return tuple(dict.fromkeys(n for n in out if n != name))


class AdminTable:
    """All units, by code, with parent links; built once from the cpca table."""

    def __init__(self, units: list[AdminUnit]):
        self.units = units
        self.by_code = {u.code: u for u in units}

    def province_of(self, unit: AdminUnit) -> AdminUnit:
        return self.by_code[unit.province_code]

    def prefecture_of(self, unit: AdminUnit) -> AdminUnit | None:
        return self.by_code.get(unit.prefecture_code) if unit.prefecture_code else None

    def lineage(self, unit: AdminUnit) -> dict[str, AdminUnit | None]:
        """The unit's province, prefecture and county (None where it has none)."""
        return {
            "province": self.province_of(unit),
            "prefecture": unit if unit.level == "prefecture" else self.prefecture_of(unit),
            "county": unit if unit.level == "county" else None,
        }

    @cached_property
    def by_name(self) -> dict[str, list[AdminUnit]]:
        """Official and short names to the units that carry them (several where ambiguous)."""
        index: dict[str, list[AdminUnit]] = {}
        for unit in self.units:
            for name in (unit.name, *unit.short_names):
                index.setdefault(name, []).append(unit)
        return index

    @cached_property
    def weak_names(self) -> frozenset[str]:
        """Short county names that are also common words (合作, 资源, 通道, 延长).

        They are not looked for in running text, only where the grammar already says a place
        stands (a corridor's end, an item before a place suffix).
        """
        short = {n for u in self.units if u.level == "county" for n in u.short_names}
        return frozenset(n for n in short if _is_common_word(n))


@cache
def jieba_words() -> dict[str, tuple[int, str]]:
    """jieba's dictionary: word -> (frequency, part of speech)."""
    path = package_file("jieba", "dict.txt")
    words: dict[str, tuple[int, str]] = {}
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) == 3:
                words[parts[0]] = (int(parts[1]), parts[2])
    return words


def _is_common_word(name: str) -> bool:
    freq, tag = jieba_words().get(name, (0, ""))
    return freq >= 500 and tag != "ns"


@cache
def admin_table() -> AdminTable:
    """Read cpca's adcodes table into units with parents and short names."""
    lines = package_file("cpca", "resources/adcodes.csv").read_text(encoding="utf-8").splitlines()
    rows = list(csv.DictReader(lines))
    codes = {r["adcode"][:6]: r for r in rows}
    units: list[AdminUnit] = []
    for row in rows:
        code, name = row["adcode"][:6], row["name"].strip()
        if name in _PLACEHOLDER_NAMES or not row["longitude"]:
            continue
        if code.endswith("0000"):
            level = "province"
        elif code.endswith("00"):
            level = "prefecture"
        else:
            level = "county"
        prefecture_code = None
        if level == "county":
            parent = codes.get(code[:4] + "00")
            if parent and parent["name"] not in _PLACEHOLDER_NAMES and parent["longitude"]:
                prefecture_code = code[:4] + "00"
        units.append(
            AdminUnit(
                code=code,
                name=name,
                level=level,
                province_code=code[:2] + "0000",
                prefecture_code=prefecture_code,
                lon_gcj=float(row["longitude"]),
                lat_gcj=float(row["latitude"]),
                short_names=derive_short_names(name, level),
            )
        )
    units.sort(key=lambda u: u.code)
    return AdminTable(units)


@dataclass(frozen=True)
class AdminMention:
    """A span of text naming one or more (ambiguous) administrative units."""

    start: int
    end: int
    surface: str
    units: tuple[AdminUnit, ...]


def _automaton(table: AdminTable):
    import ahocorasick

    automaton = ahocorasick.Automaton()
    weak = table.weak_names
    for name, units in table.by_name.items():
        if name in weak:  # keep 大同 for 大同市 while dropping it for 大同区
            units = [u for u in units if u.level != "county" or name not in u.short_names]
            if not units:
                continue
        automaton.add_word(name, (name, tuple(units)))
    automaton.make_automaton()
    return automaton


@cache
def _cached_automaton():
    return _automaton(admin_table())


def scan_admin_names(text: str) -> list[AdminMention]:
    """Administrative names in `text`, leftmost-longest and non-overlapping."""
    found = sorted(
        (
            (end + 1 - len(name), end + 1, name, units)
            for end, (name, units) in _cached_automaton().iter(text)
        ),
        key=lambda m: (m[0], -(m[1] - m[0])),
    )
    out: list[AdminMention] = []
    last_end = -1
    for start, end, name, units in found:
        if start >= last_end:
            out.append(AdminMention(start, end, name, units))
            last_end = end
    return out
