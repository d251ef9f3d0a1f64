"""Names in text to candidate places, and the choice among candidates.

A name may denote a Chinese administrative unit (official, short, customary or former name, or a
town inside it, which stands for its county) or a country or city abroad. Which of several
candidates is meant is settled by context: a unit already named in the same string (卓资县旗下营),
the documents' jurisdictions, the higher level (大同 is 大同市 before 大同区), and nearness to the
other places of a corridor or region.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from functools import cache, wraps
from typing import NamedTuple

from ahocorasick_rs import AhoCorasick, MatchKind

from geo.extract.anchors import has_anchor
from geo.knowledge.gazetteer import (
    PROVINCE_ABBREVIATIONS,
    AdminUnit,
    admin_table,
    foreign_places,
    port_index,
    renamed_units,
    strip_units,
    town_index,
    zone_index,
)
from geo.knowledge.lexicon import GENERIC_WORDS, HEAD_KIND
from geo.knowledge.scanner import Scanner
from geo.knowledge.segment import is_common_word, jieba_words
from geo.knowledge.store import current, knowledge_cache
from geo.place.datum import gcj02_to_wgs84
from geo.place.words import certain_bounds, word_bound, word_end
from geo.place.words import load as load_word_pairs

LEVEL_RANK = {"country": 0, "province": 1, "prefecture": 2, "city": 2, "county": 3}
_NEAR_KM = 300.0  # a town this close to a corridor's other ends may be one of them
_DIRECTIONS = "东西南北中"
# Provinces whose one-character name also names their parts (蒙西, 冀北, 湘南); 京, 新, 云, 青 ...
# are left out: 京东, 新西, 云中, 青西 are other things.
_PART_LETTERS = "冀晋蒙辽苏浙皖闽赣鲁豫鄂湘粤桂琼渝川黔滇藏陕甘陇宁"
_HEADS = tuple(sorted(HEAD_KIND, key=len, reverse=True))
_HEADS_AND_PORTS = (*_HEADS, "口岸", "港", "镇", "乡")
_LONGEST_HEAD = max(map(len, _HEADS), default=0)
_HEAD_SET = frozenset(_HEADS)
_HEAD_FIRSTS = frozenset(h[0] for h in _HEADS_AND_PORTS)  # a head can only start with these
_HEAD_LENGTHS = tuple(sorted({len(h) for h in _HEADS}, reverse=True))
_SHORT_NAME_MIDDLE = 6  # at most this many characters between a guarded name and its head
_GUARDED_VIAS = ("town", "short town", "weak")
# After these a name is a river's (嫩江干流, 黑河流域), not the unit named after it.
# A town's name before one of these would be another unit's (六盘山区 is the mountain area, not
# 六盘山镇); 区域 and 区块 are the town's own area.
_UNIT_WORDS = ("区", "县", "旗")
_AREA_WORDS = ("区域", "区块")
_RIVER_WORDS = ("干流", "支流", "流域", "河段", "河道", "水系", "沿岸", "上游", "中游", "下游", "入海口")
_RIVER_FIRSTS = frozenset(w[0] for w in _RIVER_WORDS)  # a river word can only start with these
_TOWN_VIAS = ("town", "short town")
_NUMBERED = re.compile(r"[一二三四五六七八九十\d][线期号条]")


@dataclass(frozen=True, eq=False)
class Place:
    """A place a name may denote; `code` is the 6-digit code of a Chinese unit, lon/lat WGS-84.
    Compared field by field as a dataclass is, but the same object at once (places are shared,
    one per unit) and hashed by code or name alone, whose hash the string keeps: placement
    hashes and compares places in sets and cache keys hundreds of thousands of times."""

    name: str
    level: str  # province | prefecture | county (China); country | city (abroad)
    country: str
    lon: float
    lat: float
    code: str | None = None

    def __eq__(self, other: object) -> bool:
        if self is other:
            return True
        if other.__class__ is not self.__class__:
            return NotImplemented
        if self.code != other.code:  # type: ignore[attr-defined]
            return False  # most places compared: no need to make the tuples below
        return (self.name, self.level, self.country, self.lon, self.lat) == (
            other.name,  # type: ignore[attr-defined]
            other.level,  # type: ignore[attr-defined]
            other.country,  # type: ignore[attr-defined]
            other.lon,  # type: ignore[attr-defined]
            other.lat,  # type: ignore[attr-defined]
        )

    def __hash__(self) -> int:
        return hash(self.code or self.name)

    @property
    def unit(self) -> AdminUnit | None:
        return admin_table().by_code.get(self.code) if self.code else None

    def within(self, other: Place) -> bool:
        """Whether this place lies inside (or is) `other`."""
        if self is other or (self.code == other.code and self == other):  # equal places share a code
            return True
        if self.country != other.country:
            return False
        if other.level == "country":
            return True
        if not (self.code and other.code) or LEVEL_RANK[self.level] <= LEVEL_RANK[other.level]:
            return False
        if other.level == "province":
            return self.code[:2] == other.code[:2]
        unit = self.unit
        return other.level == "prefecture" and unit is not None and unit.prefecture_code == other.code

    def km_to(self, other: Place) -> float:
        return distance_km(self.lon, self.lat, other.lon, other.lat)


def distance_km(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Great-circle distance (haversine; plenty for plausibility and tie-breaking)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


@cache  # a pure function of the unit
def place_of(unit: AdminUnit) -> Place:
    """The unit as a place, its GCJ-02 centroid converted to WGS-84."""
    lon, lat = gcj02_to_wgs84(unit.lon_gcj or 0.0, unit.lat_gcj or 0.0)
    return Place(unit.name, unit.level, "中国", lon, lat, unit.code)


def place_by_code(code: str) -> Place | None:
    unit = admin_table().by_code.get(code[:6])
    return place_of(unit) if unit else None


def lineage(place: Place) -> dict[str, Place | None]:
    """A Chinese place's province, prefecture and county (a dict of the caller's own)."""
    return dict(_lineage_of_code(place.code) if place.code else _NO_LINEAGE)


def province_of(place: Place) -> Place | None:
    """A Chinese place's province (None abroad): `lineage(place)["province"]` without a dict."""
    return _lineage_of_code(place.code)[0][1] if place.code else None


def _above(place: Place) -> tuple[Place | None, ...]:
    """The place's province, prefecture and county, in that order, without a dict."""
    return _lineage_places(place.code) if place.code else (None, None, None)


@knowledge_cache(maxsize=None)
def _lineage_places(code: str) -> tuple[Place | None, ...]:
    return tuple(u for _, u in _lineage_of_code(code))


_NO_LINEAGE = (("province", None), ("prefecture", None), ("county", None))


@knowledge_cache(maxsize=None)  # one entry per unit at most: asked for every place read
def _lineage_of_code(code: str) -> tuple[tuple[str, Place | None], ...]:
    unit = admin_table().by_code.get(code)
    if unit is None:
        return _NO_LINEAGE
    return tuple((level, place_of(u) if u else None) for level, u in admin_table().lineage(unit).items())


def common_place(places: Sequence[Place]) -> Place | None:
    """The most specific Chinese unit containing all `places` (None if there is none)."""
    if not places or any(p.code is None for p in places):
        return None
    for level in (2, 1, 0):  # county, prefecture, province
        found = {_above(p)[level] for p in places}
        if len(found) == 1 and None not in found:
            return found.pop()
    return None


def province_place(letter: str) -> Place | None:
    name = PROVINCE_ABBREVIATIONS.get(letter)
    unit = next((u for u in admin_table().by_name.get(name or "", ()) if u.level == "province"), None)
    return place_of(unit) if unit else None


# --- scanning ---------------------------------------------------------------------------------


class Hit(NamedTuple):
    """A span of text naming one of `candidates`; `via` says which lexicon knew the name. A
    tuple, made in C: every name of every text read is one."""

    start: int
    end: int
    surface: str
    candidates: tuple[Place, ...]
    via: str  # admin | renamed | town | short town | weak | foreign | direction


def _generic(stem: str) -> bool:
    """A town named like a park or a generic word (工业园区街道, 平原镇) is not looked for."""
    return stem in GENERIC_WORDS or any(head in stem for head in HEAD_KIND)


Entries = dict[str, tuple[tuple[Place, ...], str]]


def _town_entries(loose: bool) -> Entries:
    """Town stems (standing for their counties); strict scans skip two-character stems, common
    words and stems named like a head; loose scans, which read strings known to name places,
    keep a town that is just a head word (新港, a district as often as a port)."""
    table = admin_table()
    return {
        stem: (tuple(place_of(table.by_code[c]) for c in codes), "town")
        for stem, codes in town_index().items()
        if (len(stem) >= 3 or loose)
        and (loose or not is_common_word(stem, min_freq=300))
        and (not _generic(stem) or (loose and stem in HEAD_KIND))
    }


def _direction_entries() -> Entries:
    """A province's part (蒙西, 冀北) stands for the province, where jieba knows it as a place."""
    entries: Entries = {}
    for letter in _PART_LETTERS:
        for direction in _DIRECTIONS:
            _, tag = jieba_words().get(letter + direction, (0, "ns"))
            if tag == "ns" and (province := province_place(letter)):
                entries[letter + direction] = ((province,), "direction")
    return entries


def _banner_entries(loose: bool) -> Entries:
    """Banners by their stem: 奈曼旗 -> 奈曼, 扎鲁特旗 -> 扎鲁特."""
    table = admin_table()
    entries: Entries = {}
    for unit in table.units:
        stem = unit.name.removesuffix("旗")
        known = stem == unit.name or len(stem) < 2 or stem in table.by_name
        if unit.level == "county" and not known and (loose or not is_common_word(stem, min_freq=300)):
            entries[stem] = ((place_of(unit),), "admin")
    return entries


def _admin_entries(loose: bool) -> Entries:
    """Official, short and customary names; strict scans keep short county names that are common
    words (延长) only for their other units."""
    table = admin_table()
    weak = frozenset() if loose else table.weak_names
    entries: Entries = {}
    for name, units in table.by_name.items():
        kept = [u for u in units if name not in weak or u.level != "county" or name not in u.short_names]
        if kept:
            entries[name] = (tuple(place_of(u) for u in kept), "admin")
    return entries


def _entries(loose: bool) -> Entries:
    """Every name the scanner knows; later kinds win a name over earlier ones. Loose scans read
    strings known to be places (a corridor's ends)."""
    renamed = {
        name: (tuple(place_of(u) for u in units), "renamed") for name, units in renamed_units().items()
    }
    abroad = {
        name: ((Place(p.name, p.level, p.country, p.lon, p.lat),), "foreign")
        for name, p in foreign_places().items()
    }
    return {
        **_town_entries(loose),
        **_direction_entries(),
        **_banner_entries(loose),
        **renamed,
        **abroad,
        **_admin_entries(loose),
    }


def _scanner(loose: bool) -> Scanner[tuple[tuple[Place, ...], str]]:
    """The place scanner of the current knowledge (strict or loose), built once."""
    return current().part(f"place_scanner:{'loose' if loose else 'strict'}", lambda: Scanner(_entries(loose)))


def inside_place_word(fragment: str, loose: bool = True) -> bool:
    """Whether `fragment` stands inside some name the place scanner knows: when not, no place
    name of any text holds it (a caller can skip scanning a text for places around it)."""
    return _scanner(loose).inside_a_word(fragment)


def scan(text: str, loose: bool = False) -> list[Hit]:
    """Place names in `text`, leftmost-longest and non-overlapping. An ethnic group (蒙古族,
    朝鲜族) is no place. Kept per short text: placement scans a name from several rules."""
    return _scan(text, loose) if len(text) > _CACHED_TEXT else list(_cached_scan(text, loose))


def _scan(text: str, loose: bool) -> list[Hit]:
    scanner = _scanner(loose)
    found = scanner.indexes(text)
    if not found:
        return []
    new, words, values = tuple.__new__, scanner.words, scanner.values
    hits = [new(Hit, (start, end, words[i], *values[i])) for i, start, end in found]
    return [h for h in hits if not text.startswith("族", h.end)] if "族" in text else hits


_cached_scan = knowledge_cache(maxsize=1 << 17)(lambda text, loose: tuple(_scan(text, loose)))


# --- choosing ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Context:
    """What settles an ambiguous name: the documents' jurisdictions (most specific first), places
    already read nearby (the other ends of a corridor) and, read on first need, the codes of the
    units the documents name anywhere; `tie` holds the groups of units that settle a name no
    prior settles, strongest first (the provinces a name abbreviates, the units its documents
    name), read only where the candidates would otherwise share no unit below them."""

    priors: tuple[Place, ...] = ()
    near: tuple[Place, ...] = ()
    named: Callable[[], frozenset[str]] | None = None
    tie: tuple[tuple[Place, ...], ...] = ()

    def provinces(self) -> tuple[Place, ...]:
        """The provinces of the documents' jurisdictions."""
        return _provinces(self.priors)

    def inside(self, place: Place) -> bool:
        """Whether the place lies in one of the documents' provinces."""
        return any(place.within(p) for p in _provinces(self.priors))

    def unsupported(self, place: Place, beside: Iterable[Place] = ()) -> bool:
        """A county-level place outside the documents' provinces whose prefecture and province
        neither the documents nor the places `beside` it name is a word in a name (a reservoir
        named after a county of the next province, 甲水库 in a report of 乙省), not where the
        thing is."""
        if place.level != "county" or not self.priors or self.inside(place):
            return False
        return not self._backed(place, beside)

    def stray(self, place: Place, beside: Iterable[Place]) -> bool:
        """Where the documents have no jurisdiction, a county among a corridor's places whose
        prefecture and province neither the documents nor its other places name (滨海县 in 福州
        滨海快线, a coastal line of 福州): a word in the name, not one of its ends."""
        return place.level == "county" and not self.priors and not self._backed(place, beside)

    def _backed(self, place: Place, beside: Iterable[Place]) -> bool:
        """Whether the documents or the places `beside` name the place's prefecture or province."""
        named = self.named() if self.named else frozenset()
        codes = {p.code for p in beside}
        return any(
            u is not None and (u.code in named or u.code in codes) for u in _above(place) if u != place
        )


@knowledge_cache(maxsize=4096)
def _provinces(priors: tuple[Place, ...]) -> tuple[Place, ...]:
    """The provinces of a set of jurisdictions: asked for every place read, kept per set (a
    corpus has a few hundred)."""
    return tuple(q for p in priors if (q := province_of(p)))


class Choice(NamedTuple):
    place: Place
    ambiguous: bool  # several candidates, settled by context


def choose(hit: Hit, ctx: Context, inside: Place | None = None, headed: bool = False) -> Choice | None:
    """The candidate meant: inside `inside` (a unit named just before) or the priors, else, right
    before a head (`headed`), a province's namesake prefecture (吉林), else the only one of the
    highest level, else, for a headed name that no unit just before encloses, the one county
    among urban districts (inside the documents' provinces), else the one clearly nearest the
    places read nearby, else the unit all candidates share; None when nothing tells."""
    if len(hit.candidates) == 1:  # the common case, settled before any context is read
        return Choice(hit.candidates[0], False)
    candidates = list(dict.fromkeys(hit.candidates))
    if inside is not None and (narrowed := [c for c in candidates if c.within(inside)]):
        candidates = narrowed
    else:
        for prior in ctx.priors:
            if narrowed := [c for c in candidates if c.within(prior)]:
                candidates = narrowed
                break
    if len(candidates) == 1:
        return Choice(candidates[0], len(hit.candidates) > 1)
    if headed and (city := province_namesake(candidates)):
        return Choice(city, True)
    top = min(LEVEL_RANK[c.level] for c in candidates)
    highest = [c for c in candidates if LEVEL_RANK[c.level] == top]
    if len(highest) == 1 and top < LEVEL_RANK["county"]:
        return Choice(highest[0], True)
    county = county_over_districts(candidates) if headed and inside is None else None
    if county and (not ctx.priors or ctx.inside(county)):
        return Choice(county, True)
    if ctx.near:
        ranked = sorted(candidates, key=lambda c: sum(c.km_to(n) for n in ctx.near))
        far = [sum(c.km_to(n) for n in ctx.near) for c in ranked[:2]]
        if far[0] < 0.7 * far[1]:
            return Choice(ranked[0], True)
    if settled := _tie_break(candidates, ctx.tie):
        return Choice(settled, True)
    shared = common_place(candidates)
    return Choice(shared, True) if shared else None


def _tie_break(candidates: Sequence[Place], groups: Sequence[Sequence[Place]]) -> Place | None:
    """The one candidate inside a unit of the first group that holds any (南沙 in a name that also
    says 粤: the Guangdong district, not the Hainan one); None where that group holds several."""
    for group in groups:
        inside = {c for c in candidates if any(c.within(g) for g in group)}
        if inside:
            return inside.pop() if len(inside) == 1 else None
    return None


def province_namesake(places: Sequence[Place]) -> Place | None:
    """The prefecture that bears its province's short name (吉林市 in 吉林省), where the name is
    read right before a head: a zone, port or line is a city's (吉林经济技术开发区), a province's
    own is named in full (吉林省…)."""
    provinces = [p for p in places if p.level == "province"]
    cities = [p for p in places if p.level == "prefecture" and provinces and p.within(provinces[0])]
    return cities[0] if len(provinces) == 1 and len(cities) == 1 else None


def county_over_districts(places: Iterable[Place]) -> Place | None:
    """The one county or county-level city among namesakes that are otherwise urban districts
    (太和县 beside 锦州's 太和区): a zone or port named by the bare name is the county's, since a
    district's is named with its city (锦州太和…)."""
    places = set(places)
    rural = [p for p in places if p.level == "county" and not p.name.endswith("区")]
    others = places - set(rural)
    return rural[0] if len(rural) == 1 and all(p.level == "county" for p in others) else None


def head_of(text: str) -> str:
    """The longest head `text` ends with ("" if none): one set look-up per head length, not a
    comparison per head."""
    size = len(text)
    return next((text[size - n :] for n in _HEAD_LENGTHS if n <= size and text[size - n :] in _HEAD_SET), "")


def before_head(text: str, end: int, generic: bool = True) -> bool:
    """Whether a head follows, at once (乙口岸) or, where `generic`, after words that name nothing
    in particular, to the end of a short name (乙绿色产业园); the name must end a word there
    (互助合作 is one word, so 互助合作产业园 names no 互助)."""
    if text.startswith(_HEADS_AND_PORTS, end):
        return True
    if not generic or len(text) - end > _SHORT_NAME_MIDDLE + _LONGEST_HEAD:
        return False  # not the end of a short name: never copy the rest of a long text
    tail = text[end:]
    head = head_of(tail)
    middle = tail.removesuffix(head)
    if not head or not 0 < len(middle) <= _SHORT_NAME_MIDDLE or has_anchor(middle):
        return False
    return word_bound(text, end)


_CACHED_TEXT = 64  # longer texts (a document's) are read once: no cache holds them


def _cached_reading(read: Callable[[str, Context, bool], list]) -> Callable[..., list]:
    """`read_places` by (text, priors, near, tie, loose), which is all it reads of its context (never
    `named`, a per-entity callable that would defeat any key): the same names, corridor ends and
    qualifiers recur across a corpus's entities and documents."""

    @knowledge_cache(maxsize=1 << 17)
    def cached(
        text: str, priors: tuple[Place, ...], near: tuple[Place, ...], tie: tuple, loose: bool
    ) -> tuple:
        return tuple(read(text, Context(priors, near, tie=tie), loose))

    @wraps(read)
    def reading(text: str, ctx: Context, loose: bool = False) -> list:
        if len(text) > _CACHED_TEXT:
            return read(text, ctx, loose)
        return list(cached(text, ctx.priors, ctx.near, ctx.tie, loose))

    return reading


@_cached_reading
def read_places(text: str, ctx: Context, loose: bool = False) -> list[tuple[Hit, Choice]]:
    """The places named in `text`, each chosen in the light of the ones before it. In running
    text a two-character name counts only as a word of its own (not 通化 in 恒通化工)."""
    out: list[tuple[Hit, Choice]] = []
    inside: Place | None = None  # the last Chinese unit read
    new = tuple.__new__  # a Choice made in C: a NamedTuple's own __new__ is a Python function
    for hit, headed in place_hits(text, loose):
        if len(hit.candidates) == 1 and hit.via not in _GUARDED_VIAS:
            # what `choose` answers for one candidate, and no guard: most names of a document
            place = hit.candidates[0]
            out.append((hit, new(Choice, (place, False))))
            inside = place if place.code else inside
            continue
        choice = choose(hit, ctx, inside, headed)
        if choice is None:
            continue
        if (
            hit.via in _GUARDED_VIAS
            and not (inside and choice.place.within(inside))
            and not _credible(hit, choice, ctx)
        ):
            continue
        out.append((hit, choice))
        inside = choice.place if choice.place.code else inside
    return out


def place_hits(text: str, loose: bool = False) -> tuple[tuple[Hit, bool], ...]:
    """The names `read_places` reads in `text`, each with whether a head follows it: what the text
    alone decides (which names stand as words, ports, guarded names, rivers), read once per
    text and kept for short texts, whatever the context the places are then chosen in (a
    name recurs in documents of many jurisdictions, a corridor's end beside many others)."""
    return _read_hits(text, loose) if len(text) > _CACHED_TEXT else _cached_hits(text, loose)


def _read_hits(text: str, loose: bool) -> tuple[tuple[Hit, bool], ...]:
    if not loose:
        load_word_pairs()  # on first strict reading: before a build's workers fork (geo.parallel.warm)
    hits = scan(text, loose)
    if not loose and (two := [h for h in hits if len(h.surface) == 2]):
        # one array search for a text's many names; a name's few bounds are looked up alone
        certain = certain_bounds(text, [p for h in two for p in (h.start, h.end)]) if len(two) > 4 else ()
        hits = [
            h
            for h in hits
            # both ends certain bounds: a word of its own (what _stands_alone answers first)
            if len(h.surface) > 2
            or (h.start in certain and h.end in certain)
            or _stands_alone(h, text, certain)
        ]
    hits = _with_ports(text, hits)
    if not loose:
        hits = sorted([*hits, *_guarded(text, hits)], key=lambda h: h.start)
    kept = []
    for h in hits:
        end = h.end
        if text[end : end + 1] in _RIVER_FIRSTS and text.startswith(_RIVER_WORDS, end):
            continue
        if h.via in _TOWN_VIAS and _before_unit_word(h, text):
            continue
        # one candidate (most names): no head asked
        kept.append((h, len(h.candidates) > 1 and _several(h.candidates) and before_head(text, end)))
    return tuple(kept)


_cached_hits = knowledge_cache(maxsize=1 << 17)(_read_hits)


def _several(places: tuple[Place, ...]) -> bool:
    """Whether the places are not all one (the only case where `choose` reads `headed`)."""
    return any(p != places[0] for p in places[1:])


# A port's name counts only right before these: 水口, 三合 and 吉祥 are common words and towns.
_PORT_TAILS = ("口岸", "公路口岸", "铁路口岸", "陆路口岸", "边境口岸", "国际口岸", "边境贸易口岸")


def _port_scanner() -> Scanner[tuple[tuple[Place, ...], str]]:
    table = admin_table()
    return Scanner({name: ((place_of(table.by_code[code]),), "port") for name, code in port_index().items()})


def _with_ports(text: str, hits: list[Hit]) -> list[Hit]:
    """`hits` with the ports of entry named right before 口岸 (文锦渡口岸, 圈河口岸), which win over
    the shorter names read inside theirs (黑山 in 黑山头口岸) or across their start."""
    if "口岸" not in text:
        return hits
    ports = [
        Hit(start, end, name, places, via)
        for start, end, name, (places, via) in current().part("port_scanner", _port_scanner).scan(text)
        if text.startswith(_PORT_TAILS, end)
    ]
    if not ports:
        return hits
    kept = _not_outread(hits, ports)
    kept_starts = [h.start for h in kept]
    ports = [p for p in ports if not _overlaps(kept, kept_starts, p.start, p.end)]
    return sorted([*kept, *ports], key=lambda h: h.start)


def _not_outread(hits: list[Hit], ports: list[Hit]) -> list[Hit]:
    """The hits no port at least as long overlaps. Hits are in text order and disjoint, so their
    ends are in order too, and the hits a port overlaps (starting before its end, ending after
    its start) are one run found by two binary searches: a document's few ports are looked up
    among its many names, not each name among the ports."""
    starts, ends = [h.start for h in hits], [h.end for h in hits]
    dropped = set()
    for port in ports:
        size = port.end - port.start
        for i in range(bisect_right(ends, port.start), bisect_left(starts, port.end)):
            if size >= ends[i] - starts[i]:
                dropped.add(i)
    return [h for i, h in enumerate(hits) if i not in dropped] if dropped else hits


def _before_unit_word(hit: Hit, text: str) -> bool:
    """Whether a town's name runs on into a unit word, which makes it some other unit's name."""
    return (
        hit.via in _TOWN_VIAS
        and text.startswith(_UNIT_WORDS, hit.end)
        and not text.startswith(_AREA_WORDS, hit.end)
    )


def _stands_alone(hit: Hit, text: str, certain: Collection[int] = ()) -> bool:
    """A two-character name is a word of its own, or starts a word and is followed by a head
    (成都双流机场 is one word in jieba's dictionary, 甲乙港 is cut 甲|乙港); inside a word (通化 in
    恒通化工) it is no place."""
    if not word_bound(text, hit.start, certain):
        return False
    if word_bound(text, hit.end, certain):
        return True
    until = word_end(text, hit.start) or hit.start  # jieba's words only: the block around
    heads_its_word = until > hit.end and text.endswith(_HEADS_AND_PORTS, 0, until)
    return heads_its_word or text.startswith(_HEADS_AND_PORTS, hit.end)


class _Spans:
    """A word list's leftmost-longest matches as bare (word index, start, end), as Scanner finds
    them (the same automaton kind) but without a match object per match: of the guarded names
    in a document (one in ten characters) one in a hundred is kept, and making the objects of
    the others cost more than finding them."""

    def __init__(self, entries: dict[str, tuple[tuple[Place, ...], str]]):
        self.words = [word for word in entries if word]
        self.values = [entries[word] for word in self.words]
        self._automaton = AhoCorasick(self.words, matchkind=MatchKind.LeftmostLongest) if self.words else None
        self._one: dict[int, bool] = {}

    def one_place(self, index: int) -> bool:
        """Whether the word's places are one (or a county among districts of its name): a fact of
        the word alone, worked out on its first match, not at each of its matches in a corpus."""
        if (one := self._one.get(index)) is None:
            places = self.values[index][0]
            one = self._one[index] = len(set(places)) == 1 or county_over_districts(places) is not None
        return one

    def __reduce__(self) -> tuple:
        """Pickled as its words and values (the automaton does not pickle): the knowledge snapshot
        holds it, and the automaton is made again on loading."""
        return _Spans, (dict(zip(self.words, self.values, strict=True)),)

    def spans(self, text: str) -> list[tuple[int, int, int]]:
        return self._automaton.find_matches_as_indexes(text) if self._automaton is not None and text else []


def _guarded_scanner() -> _Spans:
    """Names running text alone does not show to be places: two-character town stems (亦庄, 天竺)
    and county names that are common words (太和, 东方)."""
    table = admin_table()
    entries = {
        stem: (tuple(place_of(table.by_code[c]) for c in codes), "short town")
        for stem, codes in town_index().items()
        if len(stem) == 2 and not is_common_word(stem, min_freq=300) and not _generic(stem)
    }
    for name in table.weak_names:
        units = [u for u in table.by_name[name] if u.level == "county" and name in u.short_names]
        entries[name] = (tuple(place_of(u) for u in units), "weak")
    return _Spans(entries)


def _overlaps(hits: list[Hit], starts: list[int], start: int, end: int) -> bool:
    """Whether [start, end) overlaps a hit: only the last hit starting before `end` can, since
    hits are in order and disjoint (a binary search, not a pass over every hit)."""
    at = bisect_left(starts, end) - 1
    return at >= 0 and hits[at].end > start


def _guarded(text: str, hits: list[Hit]) -> list[Hit]:
    """Guarded names where the grammar says a place stands: right after a unit that holds it
    (北京天竺, 甲县乙镇), or before a head (乙口岸, 乙工业园, 太和经济开发区, 互助绿色产业园)."""
    starts = [h.start for h in hits]  # hits are in text order and do not overlap
    ending_at = {h.end: h for h in hits if h.via != "foreign"}  # disjoint: one hit ends at each end
    found = []
    near_end = len(text) - _SHORT_NAME_MIDDLE - _LONGEST_HEAD  # where before_head reads generic words
    names = current().part("guarded_names", _guarded_scanner)
    for index, start, end in names.spans(text):
        if start not in ending_at and text[end : end + 1] not in _HEAD_FIRSTS and end < near_end:
            continue  # neither after a unit nor possibly before a head: most names of a long text
        name, (places, via) = names.words[index], names.values[index]
        if _overlaps(hits, starts, start, end):
            continue
        before = ending_at.get(start)
        held = before is not None and any(p.within(c) for c in before.candidates for p in places)
        # towns: the head at once
        if held or (names.one_place(index) and before_head(text, end, generic=via == "weak")):
            found.append(Hit(start, end, name, places, via))
    return found


def _credible(hit: Hit, choice: Choice, ctx: Context) -> bool:
    """Whether a town name is meant: it lies in the documents' provinces or near the other ends of
    a corridor, or its name has three characters or more and one town only bears it."""
    provinces = ctx.provinces()
    if ctx.inside(choice.place):
        return True
    if any(choice.place.km_to(n) <= _NEAR_KM for n in ctx.near):
        return True
    if hit.via in ("short town", "weak"):  # outside the documents' provinces: a word
        one = len(set(hit.candidates)) == 1 or county_over_districts(hit.candidates) == choice.place
        return not provinces and one
    return len(hit.surface) >= 3 and len(set(hit.candidates)) == 1


def zone_place(name: str, within: Place | None = None) -> Place | None:
    """The county of the one listed development zone the name is (张江高科技园区, or 北京雁栖经济
    开发区 written 雁栖经济开发区), inside `within` where that is given; None when no zone or
    several bear the name. Without `within`, the name must have a proper qualifier (not 生态工业
    园区, a zone's name in one county only by chance)."""
    index = zone_index()
    key = name if name in index else strip_units(name)
    head = head_of(key)
    if key not in index or (within is None and not has_anchor(key.removesuffix(head))):
        return None
    places = [p for c in index[key] if (p := place_by_code(c)) and (within is None or p.within(within))]
    return places[0] if len(places) == 1 else None


def narrowest_place(found: Sequence[tuple[Hit, Choice]]) -> tuple[Place, bool, str] | None:
    """The place a name stands for: its first place, narrowed by the places after it that lie
    inside (乌兰察布集宁 -> 集宁区). Returns (place, ambiguous, via)."""
    while len(found) > 1 and found[0][0].via == "direction" and found[1][1].place.level != "province":
        found = found[1:]  # 辽西北供水通辽支线: a province's part only frames the place after it
    if not found:
        return None
    (first_hit, first), *rest = found
    place, ambiguous, via = first.place, first.ambiguous, first_hit.via
    for hit, choice in rest:
        if choice.place != place and choice.place.within(place):
            place, ambiguous, via = choice.place, ambiguous or choice.ambiguous, hit.via
        elif not place.within(choice.place):
            break
    return place, ambiguous, via


# --- places of corridors and regions ----------------------------------------------------------

_BRACKET = re.compile(r"^(.*?)\((.+?)\)?$")


def read_member(text: str, ctx: Context, opening: bool = False) -> Place | None:
    """A string known to name one place (a corridor's end): the place a bracket explains it by
    (新惠(敖汉旗), 赤峰(元宝山)), else its first place (绥芬河口岸), or its last for the
    opening end (新建巴彦浩特: words before it are the sentence's). Names that are also common
    words (延长) and two-character towns count only where nothing else is named."""
    text = text.strip()
    match = _BRACKET.match(text)
    if match and "(" in text:
        outer = read_member(match.group(1), ctx, opening)
        inner = read_member(match.group(2), ctx)
        if inner and (outer is None or inner.within(outer)):
            return inner
        return outer
    for loose in (False, True):
        found = read_places(text, ctx, loose)
        if result := narrowest_place(found[-1:] if opening else found):
            return result[0]
    return None


def read_members(parts: Iterable[str], ctx: Context) -> list[Place]:
    """Ordered places of a corridor or region; ambiguous ends are read again once the others are
    known, so nearness can settle them (朝阳 beside 锦州 and 赤峰)."""
    parts = list(parts)
    alone = Context(ctx.priors, (), ctx.named, ctx.tie)
    first = [read_member(p, alone, i == 0 < len(parts) - 1) for i, p in enumerate(parts)]
    second = first
    if any(map(_near_may_settle, parts)):
        known = Context(ctx.priors, tuple(p for p in first if p is not None), ctx.named, ctx.tie)
        second = [read_member(p, known, i == 0 < len(parts) - 1) for i, p in enumerate(parts)]
    out: list[Place] = []
    for place in second:
        if place is not None and (not out or out[-1] != place):
            out.append(place)
    return out


def _near_may_settle(text: str) -> bool:
    """Whether the places read nearby may change how `read_member` reads `text`: only a name of
    several candidates (which `choose` may rank by nearness) or a guarded name (which `_credible`
    may take for being near) can; for most ends (one candidate each) a second reading would
    repeat the first. Read from the text's hits alone, as `read_member` reads them: the strict
    hits, and the loose ones only where there are no strict ones, since a strict reading of
    names of one candidate each reads them all whatever the context, and `read_member` stops
    there (the loose reading of such an end was made for this question alone)."""
    text = text.strip()
    match = _BRACKET.match(text)
    if match and "(" in text:
        return _near_may_settle(match.group(1)) or _near_may_settle(match.group(2))
    for loose in (False, True):
        hits = place_hits(text, loose)
        if any(_several(hit.candidates) or hit.via in _GUARDED_VIAS for hit, _ in hits):
            return True
        if hits:
            return False
    return False


def abbreviation_members(text: str, named: frozenset[str], ctx: Context) -> list[Place]:
    """Places abbreviated by single characters at the start of `text` (呼包鄂, 集通线, 晋陕豫,
    乌大张): each character is a province's one-character name or the first character of a unit
    the documents name in full. At least two characters must resolve, or none is taken."""
    letters: list[list[Place]] = []
    for i, char in enumerate(text):
        if not "\u4e00" <= char <= "\u9fff" or _NUMBERED.match(text, i):
            break
        units = _named_by_letter(named, char)
        province = province_place(char)
        if not units and province is None:
            break
        letters.append(units or [province])  # type: ignore[list-item]
    provinces = [province_place(c) for c in text[: len(letters)]]
    if len(letters) >= 2 and all(provinces):
        return provinces  # type: ignore[return-value]
    # in a mixed run (京通, 呼包鄂) a province letter counts only for a province the text names
    for i, options in enumerate(letters):
        if options[0].level == "province" and options[0].code not in named:
            letters = letters[:i]
            break
    if len(letters) < 2:
        return []
    return [_pick(i, letters, ctx) for i in range(len(letters))]


def _named_by_letter(named: frozenset[str], letter: str) -> list[Place]:
    """The named units below province level whose name or a short name starts with `letter`, in
    code order: the units of the letter filtered by the named set, not the named set indexed
    (a corpus has hundreds of named sets of hundreds of units, the text a few letters)."""
    return [place for code, place in _units_by_letter().get(letter, ()) if code in named]


@knowledge_cache(maxsize=1)
def _units_by_letter() -> dict[str, list[tuple[str, Place]]]:
    """Every unit below province level by each first character of its names, in code order."""
    table = admin_table()
    index: dict[str, list[tuple[str, Place]]] = {}
    for code in sorted(table.by_code):
        unit = table.by_code[code]
        if unit.level != "province":
            for letter in dict.fromkeys(n[0] for n in (unit.name, *unit.short_names) if n):
                index.setdefault(letter, []).append((code, place_of(unit)))
    return index


def _pick(i: int, letters: list[list[Place]], ctx: Context) -> Place:
    """A letter's unit: inside the priors if possible, the higher level, then the one nearest
    the other letters' units (呼 in 呼包鄂 is 呼和浩特, beside 包头 and 鄂尔多斯)."""
    options = letters[i]
    for prior in ctx.priors:
        if inside := [p for p in options if p.within(prior)]:
            options = inside
            break
    top = min(LEVEL_RANK[p.level] for p in options)
    options = [p for p in options if LEVEL_RANK[p.level] == top]
    others = [p for j, group in enumerate(letters) if j != i for p in group]
    return min(options, key=lambda p: min((p.km_to(o) for o in others), default=0.0))
