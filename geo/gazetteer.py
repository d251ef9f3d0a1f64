"""China's administrative divisions (province, prefecture, county) with their customary names.

The table comes from the `cpca` package's adcodes file (names, codes and GCJ-02 centroids); it is
read at first use and kept in memory. Short names are derived by rule (丰镇市 -> 丰镇, 锡林郭勒盟 ->
锡林郭勒, 察哈尔右翼后旗 -> 察右后旗); `ADMIN_ALIASES` adds the customary ones no rule derives.
For the geocoder, towns (standing for their counties) and names cpca's table lacks (renamed
units) come from jionlp's tables, and a small table lists countries and major cities abroad.
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
        return frozenset(n for n in short if is_common_word(n))


@cache
def jieba_module():
    """jieba, imported once and quiet (it logs its dictionary loading otherwise)."""
    import jieba

    jieba.setLogLevel(60)
    return jieba


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


def is_common_word(name: str, min_freq: int = 500) -> bool:
    """A word jieba knows as frequent and not as a place name (合作, 资源, 通道)."""
    freq, tag = jieba_words().get(name, (0, ""))
    return freq >= min_freq and tag != "ns"


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
    return [
        AdminMention(end + 1 - len(name), end + 1, name, units)
        for end, (name, units) in _cached_automaton().iter_long(text)
    ]


# --- towns, renamed units and places abroad (read by the geocoder) ----------------------------

_TOWN_SUFFIXES = ("街道办事处", "街道办", "办事处", "街道", "苏木乡", "苏木", "镇", "乡")


@cache
def _jionlp_location_lines() -> tuple[str, ...]:
    """jionlp's five-level table (province ... village), read from its zip without importing
    jionlp; indentation gives the level."""
    import zipfile

    with zipfile.ZipFile(package_file("jionlp", "dictionary/china_location.zip")) as archive:
        return tuple(archive.read("china_location.txt").decode("utf-8").splitlines())


def _county_of(table: AdminTable, code: str, name: str) -> AdminUnit | None:
    """The cpca county for a jionlp county: same code, else same name in the same prefecture."""
    unit = table.by_code.get(code)
    if unit and unit.level == "county":
        return unit
    return next(
        (u for u in table.by_name.get(name, ()) if u.level == "county" and u.code[:4] == code[:4]),
        None,
    )


def town_stem(name: str, county: AdminUnit | None = None) -> str:
    """旗下营镇 -> 旗下营, 察哈尔右翼后旗乌兰哈达苏木 -> 乌兰哈达, 某某满族乡 -> 某某."""
    if county:
        for prefix in (county.name, *county.short_names):
            if name.startswith(prefix) and len(name) > len(prefix) + 1:
                name = name.removeprefix(prefix)
                break
    suffix = next((s for s in _TOWN_SUFFIXES if name.endswith(s)), None)
    if suffix is None:
        return ""
    stem = name.removesuffix(suffix)
    if suffix == "乡":
        for group in _ethnic_groups():
            if stem.endswith(group) and len(stem) - len(group) >= 2:
                stem = stem.removesuffix(group).removesuffix("民族")
                break
    return stem


@cache
def town_index() -> dict[str, tuple[str, ...]]:
    """Town and township stems (旗下营, 甘其毛都) to the codes of the counties they lie in.

    From jionlp's table of towns; farms, development zones and forest centres listed beside the
    towns are left out. Stems that are also administrative names are left to those names.
    """
    table = admin_table()
    index: dict[str, set[str]] = {}
    county: AdminUnit | None = None
    for line in _jionlp_location_lines():
        depth = len(line) - len(line.lstrip("\t"))
        parts = line.strip().split("\t")
        if depth == 2:
            county = _county_of(table, parts[1], parts[0]) if len(parts) == 3 else None
        elif depth == 3 and county is not None:
            stem = town_stem(parts[0], county)
            if len(stem) >= 2 and stem not in table.by_name:
                index.setdefault(stem, set()).add(county.code)
    return {stem: tuple(sorted(codes)) for stem, codes in index.items()}


@cache
def renamed_units() -> dict[str, tuple[AdminUnit, ...]]:
    """Names that cpca's table lacks, to its units: units renamed or re-designated since the table
    was made (平泉县 -> 平泉市, 大同县 -> 云州区) and former names (襄樊 -> 襄阳市), from jionlp."""
    table = admin_table()
    out: dict[str, set[AdminUnit]] = {}

    def add(name: str, unit: AdminUnit | None) -> None:
        if unit is None or name == unit.name or name in table.by_name or name in _PLACEHOLDER_NAMES:
            return
        out.setdefault(name, set()).add(unit)
        for short in derive_short_names(name, unit.level):
            if short not in table.by_name and len(short) >= 2:
                out.setdefault(short, set()).add(unit)

    prefecture_code = ""
    for line in _jionlp_location_lines():
        depth = len(line) - len(line.lstrip("\t"))
        parts = line.strip().split("\t")
        if depth == 1 and len(parts) == 3:
            prefecture_code = parts[1]
            add(parts[0], table.by_code.get(parts[1]))
        elif depth == 2 and len(parts) == 3 and parts[1][:4] == prefecture_code[:4]:
            add(parts[0], _county_of(table, parts[1], parts[0]))
    changes = package_file("jionlp", "dictionary/china_location_change.txt")
    for line in changes.read_text(encoding="utf-8").splitlines():
        old, _, new = line.partition("=>")
        old_parts, new_parts = old.split("\t")[2::2], new.split("\t")
        if len(old_parts) != len(new_parts) or len(new_parts) < 2:
            continue
        old_unit, new_unit = _unit_by_names(table, old_parts), _unit_by_names(table, new_parts)
        add(old_parts[-1], new_unit)
        add(new_parts[-1], old_unit if new_unit is None else None)
    return {name: tuple(sorted(units, key=lambda u: u.code)) for name, units in out.items()}


def _unit_by_names(table: AdminTable, names: list[str]) -> AdminUnit | None:
    """The unit named by a province [, prefecture [, county]] path of full names."""
    candidates = [u for u in table.by_name.get(names[-1], ()) if u.name == names[-1]]
    for unit in candidates:
        lineage = table.lineage(unit)
        path = [lineage[level].name for level in LEVELS if lineage[level] is not None]
        if path == names:
            return unit
    return None


@dataclass(frozen=True)
class ForeignPlace:
    """A country or a major city abroad; coordinates are WGS-84 (a city, or the country's
    approximate geographic centre)."""

    name: str
    country: str
    level: str  # "country" or "city"
    lon: float
    lat: float


# Countries bordering China and Belt and Road partners, their capitals and a few major cities on
# the corridors Chinese plans name. (name, country or None for a country, lon, lat, aliases)
_FOREIGN: tuple[tuple[str, str | None, float, float, tuple[str, ...]], ...] = (
    ("蒙古国", None, 103.8, 46.9, ("蒙古",)),
    ("俄罗斯", None, 96.0, 62.0, ("俄罗斯联邦",)),
    ("朝鲜", None, 127.5, 40.3, ()),
    ("韩国", None, 127.8, 35.9, ()),
    ("哈萨克斯坦", None, 66.9, 48.0, ()),
    ("吉尔吉斯斯坦", None, 74.8, 41.2, ()),
    ("塔吉克斯坦", None, 71.3, 38.9, ()),
    ("乌兹别克斯坦", None, 64.6, 41.4, ()),
    ("土库曼斯坦", None, 59.6, 39.0, ()),
    ("阿富汗", None, 67.7, 33.9, ()),
    ("巴基斯坦", None, 69.3, 30.4, ()),
    ("印度", None, 79.0, 21.0, ()),
    ("尼泊尔", None, 84.1, 28.4, ()),
    ("不丹", None, 90.4, 27.5, ()),
    ("缅甸", None, 96.0, 21.9, ()),
    ("老挝", None, 102.5, 19.9, ()),
    ("越南", None, 108.3, 14.1, ()),
    ("泰国", None, 101.0, 15.9, ()),
    ("柬埔寨", None, 105.0, 12.6, ()),
    ("马来西亚", None, 102.0, 4.2, ()),
    ("新加坡", None, 103.82, 1.35, ()),
    ("印度尼西亚", None, 113.9, -0.8, ("印尼",)),
    ("孟加拉国", None, 90.4, 23.7, ("孟加拉",)),
    ("斯里兰卡", None, 80.8, 7.9, ()),
    ("伊朗", None, 53.7, 32.4, ()),
    ("土耳其", None, 35.2, 39.0, ()),
    ("沙特阿拉伯", None, 45.1, 23.9, ("沙特",)),
    ("阿联酋", None, 53.8, 23.4, ("阿拉伯联合酋长国",)),
    ("埃及", None, 30.8, 26.8, ()),
    ("白俄罗斯", None, 28.0, 53.7, ()),
    ("格鲁吉亚", None, 43.4, 42.3, ()),
    ("阿塞拜疆", None, 47.6, 40.1, ()),
    ("塞尔维亚", None, 21.0, 44.0, ()),
    ("匈牙利", None, 19.5, 47.2, ()),
    ("波兰", None, 19.1, 51.9, ()),
    ("乌兰巴托", "蒙古国", 106.92, 47.92, ()),
    ("莫斯科", "俄罗斯", 37.62, 55.76, ()),
    ("伊尔库茨克", "俄罗斯", 104.28, 52.29, ()),
    ("新西伯利亚", "俄罗斯", 82.92, 55.03, ()),
    ("赤塔", "俄罗斯", 113.5, 52.03, ()),
    ("符拉迪沃斯托克", "俄罗斯", 131.89, 43.12, ("海参崴",)),
    ("哈巴罗夫斯克", "俄罗斯", 135.07, 48.48, ("伯力",)),
    ("平壤", "朝鲜", 125.75, 39.04, ()),
    ("首尔", "韩国", 126.98, 37.57, ()),
    ("阿斯塔纳", "哈萨克斯坦", 71.43, 51.13, ()),
    ("阿拉木图", "哈萨克斯坦", 76.89, 43.24, ()),
    ("比什凯克", "吉尔吉斯斯坦", 74.59, 42.87, ()),
    ("杜尚别", "塔吉克斯坦", 68.77, 38.56, ()),
    ("塔什干", "乌兹别克斯坦", 69.24, 41.3, ()),
    ("阿什哈巴德", "土库曼斯坦", 58.38, 37.95, ()),
    ("喀布尔", "阿富汗", 69.18, 34.53, ()),
    ("伊斯兰堡", "巴基斯坦", 73.05, 33.68, ()),
    ("瓜达尔", "巴基斯坦", 62.33, 25.13, ()),
    ("新德里", "印度", 77.21, 28.61, ()),
    ("加德满都", "尼泊尔", 85.32, 27.72, ()),
    ("仰光", "缅甸", 96.16, 16.87, ()),
    ("万象", "老挝", 102.63, 17.97, ()),
    ("河内", "越南", 105.85, 21.03, ()),
    ("曼谷", "泰国", 100.5, 13.76, ()),
    ("金边", "柬埔寨", 104.92, 11.56, ()),
    ("吉隆坡", "马来西亚", 101.69, 3.14, ()),
    ("雅加达", "印度尼西亚", 106.85, -6.21, ()),
    ("达卡", "孟加拉国", 90.41, 23.81, ()),
    ("科伦坡", "斯里兰卡", 79.86, 6.93, ()),
    ("德黑兰", "伊朗", 51.39, 35.69, ()),
    ("伊斯坦布尔", "土耳其", 28.98, 41.01, ()),
    ("明斯克", "白俄罗斯", 27.56, 53.9, ()),
)

# One-character names of countries in bilateral names: 中白工业园, 中哈物流基地, 中蒙俄.
COUNTRY_ABBREVIATIONS: dict[str, str] = {
    "蒙": "蒙古国",
    "俄": "俄罗斯",
    "白": "白俄罗斯",
    "哈": "哈萨克斯坦",
    "吉": "吉尔吉斯斯坦",
    "塔": "塔吉克斯坦",
    "乌": "乌兹别克斯坦",
    "巴": "巴基斯坦",
    "阿": "阿联酋",
    "印": "印度",
    "缅": "缅甸",
    "老": "老挝",
    "越": "越南",
    "泰": "泰国",
    "柬": "柬埔寨",
    "马": "马来西亚",
    "新": "新加坡",
    "埃": "埃及",
    "塞": "塞尔维亚",
    "匈": "匈牙利",
    "波": "波兰",
    "朝": "朝鲜",
    "韩": "韩国",
}


@cache
def foreign_places() -> dict[str, ForeignPlace]:
    """Names and aliases of places abroad to the place."""
    index: dict[str, ForeignPlace] = {}
    for name, country, lon, lat, aliases in _FOREIGN:
        place = ForeignPlace(name, country or name, "city" if country else "country", lon, lat)
        for key in (name, *aliases):
            index[key] = place
    return index
