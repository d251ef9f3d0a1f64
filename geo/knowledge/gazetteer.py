"""China's administrative divisions (province, prefecture, county) with their customary names.

The table comes from the `cpca` package's adcodes file (names, codes and GCJ-02 centroids); it is
read at first use and kept in memory. Short names are derived by rule (丰镇市 -> 丰镇, 锡林郭勒盟 ->
锡林郭勒, 察哈尔右翼后旗 -> 察右后旗); `ADMIN_ALIASES` adds the customary ones no rule derives.
For the geocoder, towns (standing for their counties) and names cpca's table lacks (renamed
units) come from jionlp's tables, and a small table lists countries and major cities abroad.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, field
from functools import cache, cached_property
from typing import NamedTuple

from shapely.geometry import shape

from geo.knowledge.divisions import CurrentUnit, read_current_units, successor_code
from geo.knowledge.scanner import Scanner
from geo.knowledge.segment import is_common_word
from geo.knowledge.store import current, knowledge_cache
from geo.knowledge.tables import package_file, read_rows

LEVELS = ("province", "prefecture", "county")


# Customary names no suffix rule derives (锡林郭勒盟 -> 锡盟), and the one-character
# abbreviations of provinces used in document numbers (晋政发) and names (蒙晋冀).
ADMIN_ALIASES: dict[str, tuple[str, ...]] = {
    row["name"]: tuple(row["aliases"].split()) for row in read_rows("admin_aliases")
}
PROVINCE_ABBREVIATIONS: dict[str, str] = {
    row["letter"]: row["province"] for row in read_rows("province_abbreviations")
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


def _ethnic_groups() -> tuple[str, ...]:
    return current().part("ethnic_groups", _read_ethnic_groups)


def _read_ethnic_groups() -> tuple[str, ...]:
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
            if name.endswith(("自治县", "自治旗")):  # 通道侗族自治县 -> 通道县, 鄂温克族自治旗 -> 鄂温克旗
                out.append(stem + name[-1])
    banner = _BANNER.match(name)
    if banner:  # 察哈尔右翼后旗 -> 察右后旗, 科尔沁左翼中旗 -> 科左中旗
        first, _, side, pos = banner.groups()
        out += [f"{first}{side}{pos}旗", f"{first}{side}{pos}"]
    out += ADMIN_ALIASES.get(name, ())
    return tuple(dict.fromkeys(n for n in out if n != name))


class AdminTable:
    """All units, by code, with parent links; built once from the cpca table."""

    def __init__(self, units: list[AdminUnit], former: dict[str, tuple[str, str]] | None = None):
        self.units = units
        self.by_code = {u.code: u for u in units}
        self.former = former or {}  # former name -> (its code then, today's code)

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


def admin_table() -> AdminTable:
    """The administrative table of the current knowledge."""
    return current().part("admin", read_admin_table)


def _level(code: str) -> str:
    return "province" if code.endswith("0000") else "prefecture" if code.endswith("00") else "county"


def _read_2016_units() -> dict[str, tuple[str, float, float]]:
    """cpca's table (2016): code -> (name, GCJ-02 seat), placeholders left out."""
    lines = package_file("cpca", "resources/adcodes.csv").read_text(encoding="utf-8").splitlines()
    return {
        r["adcode"][:6]: (r["name"].strip(), float(r["longitude"]), float(r["latitude"]))
        for r in csv.DictReader(lines)
        if r["name"].strip() not in _PLACEHOLDER_NAMES and r["longitude"]
    }


def _seat_of_new_unit(unit: CurrentUnit) -> tuple[float, float] | None:
    """A point inside a unit that cpca's table lacks: a representative point of its boundary."""
    try:
        area = shape(json.loads(unit.path.read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    point = area.representative_point()
    return point.x, point.y


def _bring_up_to_date(
    old: dict[str, tuple[str, float, float]], current: dict[str, CurrentUnit]
) -> tuple[dict[str, tuple[str, float, float]], dict[str, tuple[str, str]]]:
    """Today's units (code -> name and seat) and the gone or renamed ones (former name -> (former
    code, today's code)). A province is never dropped, nor a unit of a province the list lacks."""
    covered = {code[:2] for code in current}
    units: dict[str, tuple[str, float, float]] = {}
    for code, (name, lon, lat) in old.items():
        if code in current or _level(code) == "province" or code[:2] not in covered:
            units[code] = (current[code].name if code in current else name, lon, lat)
    arrived = {code: unit.name for code, unit in current.items() if code not in old}
    former: dict[str, tuple[str, str]] = {}
    for code, (name, lon, lat) in old.items():
        if code in units and units[code][0] != name:
            former[name] = (code, code)  # renamed under the same code: 桥西区 -> 信都区
        elif code not in units and (after := successor_code(code, name, arrived)):
            former[name] = (code, after)
            if after in arrived and after not in units and _level(after) == _level(code):
                units[after] = (arrived[after], lon, lat)  # the seat stays where it was
    for code, name in arrived.items():
        if code not in units and (seat := _seat_of_new_unit(current[code])):
            units[code] = (name, *seat)
    return units, former


def read_admin_table() -> AdminTable:
    """Today's units (cpca's 2016 table brought up to the boundary set's list) with parents, short
    names, and the former names of gone or renamed units."""
    units, former = _bring_up_to_date(_read_2016_units(), read_current_units())
    table: list[AdminUnit] = []
    for code, (name, lon, lat) in units.items():
        level = _level(code)
        parent = code[:4] + "00"
        table.append(
            AdminUnit(
                code=code,
                name=name,
                level=level,
                province_code=code[:2] + "0000",
                prefecture_code=parent if level == "county" and parent in units else None,
                lon_gcj=lon,
                lat_gcj=lat,
                short_names=derive_short_names(name, level),
            )
        )
    table.sort(key=lambda u: u.code)
    return AdminTable(table, former)


class AdminMention(NamedTuple):
    """A span of text naming one or more (ambiguous) administrative units."""

    start: int
    end: int
    surface: str
    units: tuple[AdminUnit, ...]


def _admin_scanner() -> Scanner[tuple[AdminUnit, ...]]:
    table = admin_table()
    weak = table.weak_names
    entries: dict[str, tuple[AdminUnit, ...]] = {}
    for name, units in table.by_name.items():
        if name in weak:  # keep 大同 for 大同市 while dropping it for 大同区
            units = [u for u in units if u.level != "county" or name not in u.short_names]
            if not units:
                continue
        entries[name] = tuple(units)
    return Scanner(entries, AdminMention)


def scan_admin_names(text: str) -> list[AdminMention]:
    """Administrative names in `text`, leftmost-longest and non-overlapping."""
    return admin_scan()(text)


@knowledge_cache(maxsize=1)
def admin_scan() -> Callable[[str], list[AdminMention]]:
    """scan_admin_names' scanner, through a one-entry cache: one call in C, where asking the
    knowledge for its part is two in Python, on every new string extraction scans."""
    return current().part("admin_scanner", _admin_scanner).scan


@knowledge_cache()
def inside_admin_name(fragment: str) -> bool:
    """Whether `fragment` stands inside some administrative name that scan_admin_names finds;
    when not (most framing words), no place in any text holds it and the text need not be scanned.
    Cached: the fragments are a few framing words and conjunctions, asked again and again."""
    return current().part("admin_scanner", _admin_scanner).inside_a_word(fragment)


# --- towns, renamed units and places abroad (read by the geocoder) ----------------------------

# 地区: Beijing's area offices (亦庄地区, 天竺地区), a town's level beside its 镇 or 街道.
_TOWN_SUFFIXES = ("街道办事处", "街道办", "办事处", "街道", "苏木乡", "苏木", "地区", "镇", "乡")


@cache  # the file of an installed package: the same whatever the knowledge
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


def town_index() -> dict[str, tuple[str, ...]]:
    """Town stems to county codes, of the current knowledge."""
    return current().part("towns", read_town_index)


def read_town_index() -> dict[str, tuple[str, ...]]:
    """Town and township stems (旗下营, 甘其毛都) and their names with the suffix (旗下营镇) to the
    codes of the counties they lie in.

    From jionlp's table of towns; farms, development zones and forest centres listed beside the
    towns are left out. Stems that are also administrative names are left to those names. Towns
    of a county listed under its former code are today's county's; towns of a functional area
    (白沟镇 under 保定白沟新城) stand for its prefecture.
    """
    table = admin_table()
    index: dict[str, set[str]] = {}
    for county, town in _towns_by_county(table):
        stem = town_stem(town, county)
        for name in (stem, _town_name(town, stem)):
            if len(name) >= 2 and name not in table.by_name:
                index.setdefault(name, set()).add(county.code)
    return {stem: tuple(sorted(_counties_first(codes))) for stem, codes in index.items()}


def _counties_first(codes: set[str]) -> set[str]:
    """A town's counties; a functional area's prefecture only where no county has the name (a
    prefecture would win over the counties as the higher level)."""
    counties = {c for c in codes if not c.endswith("00")}
    return counties or codes


def _towns_by_county(table: AdminTable) -> Iterator[tuple[AdminUnit, str]]:
    """(county, name) for every town-level line of jionlp's table under a known county: towns,
    sub-districts, and the zones and farms listed beside them."""
    county: AdminUnit | None = None
    for line in _jionlp_location_lines():
        depth = len(line) - len(line.lstrip("\t"))
        parts = line.strip().split("\t")
        if depth == 2:
            county = _county_at(table, parts)
        elif depth == 3 and county is not None:
            yield county, parts[0]


def _county_at(table: AdminTable, parts: list[str]) -> AdminUnit | None:
    """The unit a county line of jionlp's table (name, code, short name) stands for."""
    if len(parts) != 3:
        return None
    name, code = parts[0], parts[1]
    return (
        _county_of(table, code, name)
        or _without_counties(table, code)
        or _moved_or_renamed(table, name, code)
        or _area_prefecture(table, code)
    )


def _moved_or_renamed(table: AdminTable, name: str, code: str) -> AdminUnit | None:
    """Today's county for a county line whose code is gone: the one county of its province that
    bears its name (公主岭市, moved to another prefecture under a new code) or that it was
    renamed to (澄江县 -> 澄江市). Its towns are today's county's."""
    same = [u for u in table.by_name.get(name, ()) if u.level == "county" and u.code[:2] == code[:2]]
    same = same or [
        u for u in renamed_units().get(name, ()) if u.level == "county" and u.code[:2] == code[:2]
    ]
    return same[0] if len(same) == 1 else None


def _area_prefecture(table: AdminTable, code: str) -> AdminUnit | None:
    """The prefecture of a functional area that the statistical codes list like a county (甲经济
    技术开发区, 甲新城): its towns are in that prefecture, in a county the table does not say."""
    unit = table.by_code.get(code[:4] + "00")
    return unit if unit is not None and unit.level == "prefecture" and code[4:] != "00" else None


def _without_counties(table: AdminTable, code: str) -> AdminUnit | None:
    """A prefecture-level city whose towns lie directly under it (东莞, 中山): it stands for them."""
    unit = table.by_code.get(code)
    if unit is None or unit.level != "prefecture":
        return None
    return None if any(u.prefecture_code == unit.code for u in table.units) else unit


def _town_name(name: str, stem: str) -> str:
    """The town's own name with its suffix (盛泽镇, 宋庄镇): three characters or more, so it is
    read in running text where a two-character stem is not; "" for a sub-district office."""
    if not stem:
        return ""
    suffix = next((s for s in ("镇", "乡", "苏木") if name.endswith(s)), "")
    return stem + suffix if suffix else ""


def zone_index() -> dict[str, tuple[str, ...]]:
    """Names of development zones to the codes of the counties they lie in, of the current
    knowledge."""
    return current().part("zones", read_zone_index)


def read_zone_index() -> dict[str, tuple[str, ...]]:
    """Development zones, parks and bonded zones that jionlp's table lists beside the towns of a
    county (the statistical division codes give such zones a town-level code): their full names
    (张江高科技园区) and their names without the leading names of their own units (北京雁栖经济
    开发区 -> 雁栖经济开发区), each to its counties. A name with less than two characters before
    its head (经济开发区, 县工业园区) names no zone of its own and is left out."""
    table = admin_table()
    index: dict[str, set[str]] = {}
    for county, zone in _towns_by_county(table):
        if not town_stem(zone):
            own = {n for u in table.lineage(county).values() if u for n in (u.name, *u.short_names)}
            for key in zone_keys(zone, own):
                index.setdefault(key, set()).add(county.code)
    return {key: tuple(sorted(codes)) for key, codes in index.items()}


def zone_keys(name: str, units: Collection[str] | None = None) -> tuple[str, ...]:
    """The names a zone is looked up by: as written and without the leading names of `units`
    (any unit's where None), each with at least two characters before a park head; () for a
    name that is no zone's."""
    from geo.knowledge.lexicon import PARK_HEADS  # the lexicon reads data files: load it late

    head = next((h for h in sorted(PARK_HEADS, key=len, reverse=True) if name.endswith(h)), None)
    if head is None:
        return ()
    keys = [name, strip_units(name, units)]
    return tuple(dict.fromkeys(k for k in keys if len(k) - len(head) >= 2))


def strip_units(name: str, units: Collection[str] | None = None) -> str:
    """The name without the administrative names (of `units`, or any) it starts with
    (北京市雁栖经济开发区 -> 雁栖经济开发区)."""
    known = admin_table().by_name if units is None else units
    while True:
        prefix = next((name[:n] for n in range(min(len(name) - 1, 12), 1, -1) if name[:n] in known), "")
        if not prefix:
            return name
        name = name[len(prefix) :]


def renamed_units() -> dict[str, tuple[AdminUnit, ...]]:
    """Former names to today's units, of the current knowledge."""
    return current().part("renamed", read_renamed_units)


def read_renamed_units() -> dict[str, tuple[AdminUnit, ...]]:
    """Names today's table lacks, to its units: units gone or renamed since 2016 (长乐市 ->
    长乐区, 莱芜市 -> 济南市), and former names from jionlp's tables (襄樊 -> 襄阳市)."""
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
    for name, (_, today) in table.former.items():
        add(name, table.by_code.get(today))
    for unit in table.units:  # one-character counties renamed to their old 州 (蓟县 -> 蓟州区)
        if unit.level == "county" and re.fullmatch(r".州[区市]", unit.name):
            add(unit.name[0] + "县", unit)
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


# One-character names of countries in bilateral names: 中白工业园, 中哈物流基地, 中蒙俄.
COUNTRY_ABBREVIATIONS: dict[str, str] = {
    row["letter"]: row["country"] for row in read_rows("country_abbreviations")
}


def foreign_places() -> dict[str, ForeignPlace]:
    """Places abroad of the current knowledge."""
    return current().part("foreign", read_foreign_places)


def read_foreign_places() -> dict[str, ForeignPlace]:
    """Names and aliases of places abroad to the place."""
    index: dict[str, ForeignPlace] = {}
    for row in read_rows("foreign_places"):  # neighbours, Belt and Road partners, corridor cities
        name, country = row["name"], row["country"]
        level = "city" if country else "country"
        place = ForeignPlace(name, country or name, level, float(row["lon"]), float(row["lat"]))
        for key in (name, *row["aliases"].split()):
            index[key] = place
    return index


# --- ports of entry ---------------------------------------------------------------------------


def macro_region_index() -> dict[str, tuple[str, ...]]:
    """Macro-regions named by a word of their own (长三角, 珠三角, 京津冀) to their provinces'
    codes, from `data/macro_regions.csv`: a few state planning regions, written by hand because no
    division package lists them; a province the table lacks is skipped, never guessed."""
    return current().part("macro_regions", read_macro_region_index)


def macro_region_words() -> tuple[str, ...]:
    """The macro-regions' words, for `str.startswith` in extraction's hot path (built once)."""
    return current().part("macro_region_words", lambda: tuple(macro_region_index()))


def read_macro_region_index() -> dict[str, tuple[str, ...]]:
    """The table behind `macro_region_index`."""
    table = admin_table()
    index = {}
    for row in read_rows("macro_regions"):
        units = [
            next((u for u in table.by_name.get(n, ()) if u.level == "province"), None)
            for n in row["provinces"].split()
        ]
        index[row["region"]] = tuple(u.code for u in units if u is not None)
    return index


def port_index() -> dict[str, str]:
    """Names of ports of entry to the code of their county, of the current knowledge."""
    return current().part("ports", read_port_index)


def read_port_index() -> dict[str, str]:
    """China's land and border ports of entry (口岸) whose name is no unit's (文锦渡, 圈河), with
    their aliases, to their county's code; from `data/ports_of_entry.csv`, written by hand from
    the State Council's public list of open ports, since no registry package ships one (cpca,
    jionlp and the division packages stop at towns, and a port is often named after a village or a
    pass). A row whose county the table lacks is skipped, never guessed."""
    table = admin_table()
    index: dict[str, str] = {}
    for row in read_rows("ports_of_entry"):
        county = next(
            (
                u
                for u in table.by_name.get(row["county"], ())
                if u.level == "county" and table.province_of(u).name == row["province"]
            ),
            None,
        )
        if county is None:
            continue
        for name in (row["port"], *row["aliases"].split()):
            if name not in table.by_name:
                index[name] = county.code
    return index
