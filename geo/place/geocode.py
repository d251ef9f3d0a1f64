"""Place extracted entities: administrative units, WGS-84 geometry and where the placement came from.

An entity is placed by the most specific unit its name supports (丰镇瑞丰化工园区 -> 丰镇市);
a name with no place of its own takes the place of a park it names (集宁瑞丰工业园区 for a project
in 瑞丰工业园区), then a single unit its sentences name, then its documents' jurisdiction. The
jurisdiction is also the prior that settles ambiguous short names. Corridors get a line through
their ordered places, regions the points of their members. What cannot be placed gets no
geometry: never a made-up point.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from functools import partial
from typing import TYPE_CHECKING, Any

from geo.corpus.documents import Document, DocumentSummary
from geo.extract.anchors import has_anchor
from geo.knowledge.gazetteer import (
    COUNTRY_ABBREVIATIONS,
    PROVINCE_ABBREVIATIONS,
    admin_table,
    foreign_places,
    macro_region_index,
)
from geo.knowledge.lexicon import CUT_WORDS, DASHES, HEAD_KIND, PARK_HEADS
from geo.knowledge.segment import is_word_bound, jieba_words
from geo.knowledge.store import knowledge_cache
from geo.model import Entity, Mention, crowded_sentences, pickled_by_fields
from geo.place.candidates import (
    LEVEL_RANK,
    Choice,
    Context,
    Hit,
    Place,
    abbreviation_members,
    head_of,
    lineage,
    narrowest_place,
    place_by_code,
    province_place,
    read_members,
    read_places,
    scan,
    zone_place,
)
from geo.place.placement import COARSE, MULTI_KINDS, Placement, members_placement, placement_of

if TYPE_CHECKING:
    from geo.place.online import GeocoderChain

_BILATERAL = re.compile(rf"^中([{''.join(COUNTRY_ABBREVIATIONS)}])(?![{''.join(COUNTRY_ABBREVIATIONS)}])")
_BRACKETED = re.compile(r"\(([\u4e00-\u9fff]{2,6})\)")
_SEPARATOR = re.compile(rf"[{DASHES}]|至")
_SECTION = re.compile(rf"([\u4e00-\u9fff]{{2,12}}(?:(?:[{DASHES}]|至)[\u4e00-\u9fff]{{2,8}}?)+)段")
_NEW_OR_OLD = ("新", "老")
_HEADS = tuple(sorted(HEAD_KIND, key=len, reverse=True))
_PART_OF = re.compile(r"\(([\u4e00-\u9fff]{2,10}?)(?:片区|部分)\)")


# --- context ----------------------------------------------------------------------------------


def priors_of(entity: Entity, documents: dict[str, Document | DocumentSummary]) -> tuple[Place, ...]:
    """The jurisdictions of the entity's documents, most specific first."""
    found = []
    for name in entity.docs:
        doc = documents.get(name)
        code = doc.meta.jurisdiction.code if doc else None
        if code and (place := place_by_code(code)):
            found.append(place)
    return tuple(sorted(dict.fromkeys(found), key=lambda p: -LEVEL_RANK[p.level]))


def named_codes(doc: Document) -> frozenset[str]:
    """Codes of the units a document names, read with its own jurisdiction as prior: what its
    one-character abbreviations may stand for."""
    code = doc.meta.jurisdiction.code
    prior = place_by_code(code) if code else None
    found = read_places(doc.text, Context((prior,) if prior else ()))
    return frozenset(c.place.code for _, c in found if c.place.code)


# --- stages -----------------------------------------------------------------------------------


def from_name(name: str, ctx: Context) -> Placement | None:
    """The most specific unit the name supports, or the place abroad it names (白俄罗斯,
    乌兰巴托) or implies (中白工业园: a China-Belarus park with no Chinese place is abroad)."""
    if "跨境" in name:  # 甲-乙跨境经济合作区: the Chinese side is named first
        name = re.split(f"[{DASHES}]", name)[0]
    found = read_places(name, ctx)
    if _unsettled(name, found) and (tie := tie_breaks(name, found, ctx)):
        found = read_places(name, Context(ctx.priors, ctx.near, ctx.named, tie))
    found = [(h, c) for h, c in found if not _in_head(h, name)]
    chinese = _meant(found, ctx, lettered_provinces(name))
    result = narrowest_place(chinese)
    if result and (seat := _seat_namesake(chinese, result[0])):
        result = (seat, *result[1:])
    if result is None or result[0].level != "county":
        zone = zone_place(name, result[0] if result else None)
        result = (zone, False, "zone") if zone else result
    if result is None and not found and (lead := _leading_place(name, ctx)):
        result = (lead, False, "town")
    if result:
        place, ambiguous, via = result
        placement = placement_of(place, "name", 0.9 - 0.1 * ambiguous - 0.05 * (via == "town"))
        former = [h.surface for h, c in chinese if h.via == "renamed" and place.within(c.place)]
        return replace(placement, former_name=former[0]) if former else placement
    abroad = [c.place for _, c in found if c.place.code is None]
    if abroad:
        return placement_of(abroad[0], "name", 0.85)
    bilateral = _BILATERAL.match(name)
    if bilateral and name.endswith(PARK_HEADS):
        country = foreign_places()[COUNTRY_ABBREVIATIONS[bilateral.group(1)]]
        place = Place(country.name, country.level, country.country, country.lon, country.lat)
        return placement_of(place, "name", 0.6)
    return None


_SAR_RUN_LETTERS = "港澳台"
_LETTER_RUN = re.compile(f"[{''.join(PROVINCE_ABBREVIATIONS)}{_SAR_RUN_LETTERS}]{{2,}}")


def _unsettled(name: str, found: list[tuple[Hit, Choice]]) -> bool:
    """Whether a place name of `name` with several candidates was left unread or read only as
    the unit its candidates share (南沙: a district of 广州 and one of 三沙)."""
    chosen = {h.start: c.place for h, c in found}
    return any(
        len(set(h.candidates)) > 1 and chosen.get(h.start) not in h.candidates
        for h in scan(name)
        if h.candidates[0].code
    )


def lettered_provinces(name: str) -> list[Place]:
    """The provinces a name abbreviates in a run of one-character names (粤港澳, 京津冀)."""
    return [p for run in _LETTER_RUN.findall(name) for letter in run if (p := province_place(letter))]


def tie_breaks(name: str, found: list[tuple[Hit, Choice]], ctx: Context) -> tuple[tuple[Place, ...], ...]:
    """What settles a name's place that neither the name's own units nor the documents'
    jurisdictions settle, strongest first: the provinces the name itself names or abbreviates in a
    run of one-character names (粤港澳, 京津冀: one letter alone is often a word, 新区), then the
    units below province level its documents name, then their provinces. A district named alike
    in two provinces is the one of the province the text speaks of."""
    own = [c.place for _, c in found if c.place.level == "province"] + lettered_provinces(name)
    below, provinces = _named_groups(frozenset(ctx.named() if ctx.named else ()))
    groups = (tuple(dict.fromkeys(g)) for g in (own, below, provinces))
    return tuple(g for g in groups if g)


@knowledge_cache(maxsize=256)
def _named_groups(named: frozenset[str]) -> tuple[list[Place], list[Place]]:
    """The named units below province level and the provinces of all named units, in code order:
    read once per set of named units (a corpus has a few hundred), not per name."""
    places = [p for code in sorted(named) if (p := place_by_code(code))]
    return [p for p in places if p.level != "province"], [q for p in places if (q := lineage(p)["province"])]


def _leading_place(name: str, ctx: Context) -> Place | None:
    """The place a name with no head of the lexicon opens with when running text would not read
    it (a two-character town, a county named like a common word): 亦庄 alone, 博鳌 in 博鳌甲乙
    先行区. Such a name starts with where the thing is; the place must be a word of its own,
    have one candidate, and lie in the documents' provinces where they have any. A name with a
    head is left to the guarded reading (the town right before the head or after its unit)."""
    if name.endswith(_HEADS):
        return None
    hits = [h for h in scan(name, loose=True) if h.start == 0 and h.candidates[0].code]
    if not hits or not is_word_bound(name, hits[0].end):
        return None
    places = set(hits[0].candidates)
    place = places.pop() if len(places) == 1 else None
    return place if place and (not ctx.priors or ctx.inside(place)) else None


def _seat_namesake(found: list[tuple[Hit, Choice]], place: Place) -> Place | None:
    """The county-level city that bears the short name an autonomous prefecture, 地区 or 盟 was
    read by (恩施 for 恩施州 and 恩施市; in running text the city's name counts as a common word):
    a zone or project of that name lies in the seat city. A prefecture-level 市 keeps its name (a
    rural 县 of the same name is not its seat)."""
    if place.level != "prefecture" or place.name.endswith("市"):
        return None
    surface = next((h.surface for h, c in found if c.place == place), "")
    units = admin_table().by_name.get(surface, ())
    seats = {u.code for u in units if u.name.endswith("市") and u.prefecture_code == place.code}
    return place_by_code(seats.pop()) if len(seats) == 1 else None


def _in_head(hit: Hit, name: str) -> bool:
    """A place read across the start of the name's head and ending inside it is part of the head:
    a sub-district named after a park (甲科创园街道) is no place in 乙科创园区; a unit named
    with the head (甲新区) is one."""
    head = head_of(name)
    return hit.start < len(name) - len(head) < hit.end < len(name)


def _meant(
    found: list[tuple[Hit, Choice]], ctx: Context, lettered: Sequence[Place] = ()
) -> list[tuple[Hit, Choice]]:
    """The Chinese places of a name that say where the thing is. Where some lie in the documents'
    provinces and some outside, the outside ones qualify a company or partner (甲省电气乙县项目
    in a report of 乙's province); a county outside that the documents, the name's other places
    and the provinces it abbreviates (`lettered`: 粤 of 粤港澳) give no other sign of is a word in
    the name."""
    chinese = [(h, c) for h, c in found if c.place.code]
    inside = [(h, c) for h, c in chinese if ctx.inside(c.place)]
    if inside:
        return inside
    places = [c.place for _, c in chinese] + list(lettered)
    return [(h, c) for h, c in chinese if not ctx.unsupported(c.place, places)]


def multi_members(entity: Entity, ctx: Context, named: frozenset[str]) -> list[Place]:
    """Ordered places of a corridor or region: the section it names (甲高速乙至丙段), else its
    place sequence, else the units its name abbreviates (呼包鄂, 蒙晋冀(乌大张)); then the other
    places its name names; narrowed to a part it names (…示范区(山西片区))."""
    name = entity.name
    section = _SECTION.search(name)
    if section:
        members = read_members(_SEPARATOR.split(section.group(1)), ctx)
    elif one := _one_unit_section(name, ctx):
        return [one]
    else:
        members = read_members(entity.places, ctx) if entity.places else []
    if not members:
        members = abbreviated(name, ctx, named) or _macro_region(name)
    if not section:
        for _, choice in read_places(name, ctx):
            if not any(choice.place.within(m) or m.within(choice.place) for m in members):
                members.append(choice.place)
    members = [m for m in members if not ctx.unsupported(m, members)]
    members = [m for m in members if not ctx.stray(m, members)] or members  # not every end
    for text in (name, *(a for a in entity.aliases if a.startswith(name))):
        if part := _PART_OF.search(text):
            whole = read_places(part.group(1), ctx, loose=True)
            if whole:
                area = whole[0][1].place
                members = [m for m in members if m.within(area)] or [area]
                break
    return members


def _macro_region(name: str) -> list[Place]:
    """The provinces of the macro-region a name opens with (长三角…, 珠三角…), longest word first."""
    index = macro_region_index()
    word = max((w for w in index if name.startswith(w)), key=len, default=None)
    return [p for code in index[word] if (p := place_by_code(code))] if word else []


def _one_unit_section(name: str, ctx: Context) -> Place | None:
    """The unit whose section a name is (甲高速乙段, 甲文化公园(乙段)): the place read just
    before the closing 段."""
    end = len(name.removesuffix(")")) - 1
    if end < 2 or name[end] != "段":
        return None
    found = [c.place for h, c in read_places(name[:end], ctx, loose=True) if h.end == end and c.place.code]
    return found[-1] if found else None


def side_of(name: str, named: frozenset[str]) -> Place | None:
    """The unit whose side a name opens with (深方科创园区: the Shenzhen side's park, in a text on
    a cross-border area): one character of a province's name or of a prefecture the documents
    name, then 方, where jieba has no word 甲方 (东方, 南方 and 中方 are words)."""
    if len(name) < 3 or name[1] != "方" or name[:2] in jieba_words():
        return None
    return letter_place(name[0], named)


def letter_place(letter: str, named: frozenset[str]) -> Place | None:
    """The one unit a single character stands for: a province's one-character name, or the first
    character of a prefecture the documents name (深 for 深圳)."""
    table = admin_table()
    units = {
        unit.code
        for code in named
        if (unit := table.by_code.get(code)) and unit.level == "prefecture" and unit.name.startswith(letter)
    }
    province = province_place(letter)
    places = {p for p in (*map(place_by_code, units), province) if p is not None}
    return places.pop() if len(places) == 1 else None


_SAR_LETTERS = {"港": "810000", "澳": "820000"}


def pair_host(name: str, named: frozenset[str]) -> Place | None:
    """The side named first in a pair of a mainland unit's letter and a special administrative
    region's (港, 澳), or the other way round: 深港甲基地 is built in 深圳 with Hong Kong, 港深甲园
    in Hong Kong with 深圳 (a cooperation place puts its host first). The pair opens the name, or
    stands as a word of its own after words that name no place (甲乙深港青年基地: the place the
    pair's host holds); there the letter must stand for a prefecture the documents name and the
    pair be no frequent word (新港 is a port's name). Read for point entities only: a region of
    both (粤港澳…) is not one side's."""
    for at in range(len(name) - 2):
        pair = name[at : at + 2]
        if (pair[0] in _SAR_LETTERS) == (pair[1] in _SAR_LETTERS):
            continue
        if at and not (is_word_bound(name, at) and is_word_bound(name, at + 2)):
            continue
        if at and jieba_words().get(pair, (0, ""))[0] >= _FREQUENT_PAIR:
            return None
        return _pair_side(pair, named, prefecture_only=at > 0)
    return None


_FREQUENT_PAIR = 100  # jieba's count of a pair read as a word (新港 828, 深港 3)


def _pair_side(pair: str, named: frozenset[str], prefecture_only: bool) -> Place | None:
    """The host of a letter pair: the region where its letter comes first, else the mainland
    unit its letter stands for (only a named prefecture where `prefecture_only`)."""
    letter = pair[1] if pair[0] in _SAR_LETTERS else pair[0]
    mainland = letter_place(letter, named)
    if mainland is None or (prefecture_only and mainland.level != "prefecture"):
        return None
    return place_by_code(_SAR_LETTERS[pair[0]]) if pair[0] in _SAR_LETTERS else mainland


def partner_host(name: str, ctx: Context) -> Place | None:
    """The host prefecture of a cooperation park named by two one-character names, a partner's
    and then its host's (甲乙合作产业园 in a report of 乙's province: a park 甲 builds in 乙): the
    second character is in the name of one prefecture only of the one province the documents
    are about, the first in none of them but the first of a province's or prefecture's name
    elsewhere. The pair must be no word of jieba's dictionary and name no place itself."""
    provinces = set(ctx.provinces())
    pair = name[:2]
    if len(provinces) != 1 or len(name) < 5 or not name.endswith(PARK_HEADS) or not is_word_bound(name, 2):
        return None
    if pair in jieba_words() or scan(pair, loose=True) or _BILATERAL.match(name):
        return None  # 中德合作产业园 is a China-Germany park, not 宁德's
    own = _prefecture_short_names(provinces.pop().code or "")
    hosts = [code for code, names in own if any(pair[1] in n for n in names)]
    if len(hosts) != 1 or any(pair[0] in n for _, names in own for n in names):
        return None
    return place_by_code(hosts[0]) if pair[0] in _partner_letters() else None


@knowledge_cache(maxsize=64)
def _prefecture_short_names(province: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(code, short names) of a province's prefectures: read once per province, not per name."""
    units = admin_table().units
    return tuple(
        (u.code, u.short_names) for u in units if u.level == "prefecture" and u.code[:2] == province[:2]
    )


@knowledge_cache(maxsize=1)
def _partner_letters() -> frozenset[str]:
    """Characters that may stand for a partner: provinces' one-character names and the first
    characters of prefectures' names."""
    units = admin_table().units
    firsts = {n[0] for u in units if u.level == "prefecture" for n in u.short_names if n}
    return frozenset(PROVINCE_ABBREVIATIONS) | firsts


def abbreviated(name: str, ctx: Context, named: frozenset[str]) -> list[Place]:
    """Units a name abbreviates by their first characters, at its start (呼包鄂, 集通线) or spelled
    out in brackets after provinces' one-character names (蒙晋冀(乌大张))."""
    name = name.lstrip("“\"'《")
    if any(h.start == 0 for h in scan(name)):
        return []
    members = abbreviation_members(name, named, ctx)
    if not members and name.startswith(_NEW_OR_OLD):  # 新甲乙丙高速: a new line of 甲乙丙
        members = abbreviation_members(name[1:], named, ctx)
    spelled = _BRACKETED.search(name)
    if members and spelled:
        inner_ctx = Context(tuple(m for m in members if m.level == "province") or ctx.priors)
        members = abbreviation_members(spelled.group(1), named, inner_ctx) or members
    return [m for m in members if not ctx.unsupported(m, members)]


def from_sentences(
    entity: Entity, ctx: Context, crowded: set[tuple[str, str]], opening_only: bool = False
) -> Placement | None:
    """The one unit the entity's sentences name (inside the documents' provinces), if just one.
    In a sentence that also names other entities (`crowded`: document and sentence) a place may
    be any of theirs: only a unit opening the mention's clause, with a verb between it and the
    mention, counts there (甲市乙园区新开工丙项目; not 甲市丁园区、丙项目; not a town's name,
    which may be a river's), and only when such units name one place. A unit labelling the
    mention (甲市:乙经济区) counts wherever it lies. `opening_only`: only labels and opening
    units count (to narrow a placement)."""
    return sentence_placement(said_of(entity, crowded), ctx, opening_only)


# An entity's mentions and, for each, whether its sentence names other entities too: all
# `from_sentences` reads of an entity, so a worker can be sent it without the entity. The
# mentions themselves, not their sentences' text: a memo key takes each mention's form once per
# build (geo.cache `stand_for`: its record and place), where hashing every sentence again for
# every entity was most of a rebuild's placement keys.
Said = tuple[tuple[Mention, ...], tuple[bool, ...]]


def said_of(entity: Entity, crowded: set[tuple[str, str]]) -> Said:
    mentions = tuple(entity.mentions)
    return mentions, tuple((m.doc, m.sentence) in crowded for m in mentions)


def sentence_placement(said: Said, ctx: Context, opening_only: bool = False) -> Placement | None:
    """`from_sentences` of an entity's mentions as `said_of` gives them."""
    found: set[Place] = set()
    for mention, crowded in zip(*said, strict=True):
        surface, sentence = mention.surface, mention.sentence
        at = sentence.find(surface)
        if at >= 0 and (label := _label_place(sentence[:at], ctx)):
            found.add(label)
            continue
        for place in _sentence_places(surface, sentence, at, opening_only or crowded, ctx):
            if not ctx.priors or ctx.inside(place):
                found.add(place)
    specific = [p for p in found if not any(q != p and q.within(p) for q in found)]
    if len(specific) == 1:
        return placement_of(specific[0], "sentence", 0.6)
    return None


_CLAUSE_END = re.compile(r"[;;。!?！？]")
_LABEL = re.compile(r"([\u4e00-\u9fff]{2,10})[:：]$")
_VERBS = tuple(sorted(CUT_WORDS, key=len, reverse=True))
_UNIT_VIAS = ("admin", "renamed")  # a town's name in a clause may be a river's or a company's


def _label_place(before: str, ctx: Context) -> Place | None:
    """The unit a list item is labelled with (…(5)甲市:), read from the text before the mention."""
    label = _LABEL.search(before)
    found = read_places(label.group(1), ctx) if label else []
    places = {c.place for h, c in found if c.place.code and h.end == len(label.group(1))} if label else set()
    return places.pop() if len(places) == 1 else None


def _sentence_places(surface: str, sentence: str, at: int, opening: bool, ctx: Context) -> list[Place]:
    """The Chinese places of a mention's sentence that may be its own (see `from_sentences`)."""
    if not opening:
        sentence = sentence.replace(surface, "," * len(surface))
        return [c.place for _, c in read_places(sentence, ctx) if c.place.code]
    if at < 0:
        return []
    clause = _CLAUSE_END.split(sentence[:at])[-1]
    found = read_places(clause, ctx)
    places = {
        c.place
        for h, c in found
        if c.place.code and h.via in _UNIT_VIAS and any(v in clause[h.end :] for v in _VERBS)
    }
    nested = all(p.within(q) or q.within(p) for p in places for q in places)
    return [p for p in places if not any(q != p and q.within(p) for q in places)] if nested else []


Hosts = dict[tuple[str, str], Placement]


def _host_index(entities: Sequence[Entity], placed: dict[int, Placement]) -> Hosts:
    """Parks placed by a leading place name, by document and the name without the place
    (瑞丰工业园区 for 集宁瑞丰工业园区): a project in that park is where the park is."""
    hosts: Hosts = {}
    for i, entity in enumerate(entities):
        placement = placed.get(i)
        if entity.kind != "park" or placement is None or placement.precision not in ("county", "prefecture"):
            continue
        hits = scan(entity.name)
        if hits and hits[0].start == 0:
            bare = entity.name[hits[0].end :]
            head = next((h for h in sorted(PARK_HEADS, key=len, reverse=True) if bare.endswith(h)), "")
            if head and has_anchor(bare.removesuffix(head)) and not scan(bare):
                for doc in entity.docs:
                    hosts.setdefault(doc, {})[bare] = placement
    return hosts


def from_host(entity: Entity, hosts: Hosts, current: Placement | None) -> Placement | None:
    """The placement of the one park (`hosts`, by document) whose name the entity's name
    contains, when it is inside what the entity has so far. Looked up by the entity's own
    documents, so the work grows with its documents' parks, not with the corpus."""
    found = {
        p.adcode: p
        for doc in entity.docs
        for bare, p in hosts.get(doc, {}).items()
        if bare in entity.name and bare != entity.name
    }
    if len(found) != 1:
        return None
    host = next(iter(found.values()))
    if current and current.adcode and not (host.adcode or "").startswith(current.adcode.rstrip("0")):
        return None
    return replace(host, confidence=0.75, places=[])


# --- entities ---------------------------------------------------------------------------------


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class DocCodes:
    """The codes of the units one document names, as its summary holds them: a memo key takes
    its form once per build (a frozen dataclass), where a tuple would be read again per entity."""

    codes: tuple[str, ...] | frozenset[str]


# The codes an entity's documents name, per document: the worker makes their union. Made in the
# driver, the unions of every set of documents (a set of hundreds of codes each, no two alike)
# were the place stage's largest term, and grew faster than the entities (bench/README.md).
NamedParts = tuple[DocCodes, ...]


def named_union(parts: NamedParts) -> frozenset[str]:
    """The codes all the documents of `parts` name."""
    return frozenset().union(*(p.codes for p in parts))


class _NamedCodes:
    """Codes of the units each document names, read once per document on first need (a
    streamed build's summaries carry them, read where the text was)."""

    def __init__(self, docs: dict[str, Document | DocumentSummary]):
        self.docs = docs
        self.named: dict[str, frozenset[str]] = {}
        self.by_docs: dict[tuple[str, ...], frozenset[str]] = {}  # one set per set of documents
        self.by_parts: dict[tuple[str, ...], NamedParts] = {}  # one tuple per set of documents
        self.wrapped: dict[str, DocCodes] = {}

    def __call__(self, entity: Entity) -> frozenset[str]:
        return self.of(tuple(entity.docs))

    def parts(self, key: tuple[str, ...]) -> NamedParts:
        """The codes the documents `key` name, one `DocCodes` per document (its summary's own
        tuple, not a copy), made once per set of documents: a worker makes their union."""
        found = self.by_parts.get(key)
        if found is None:
            self._read(key)
            found = self.by_parts[key] = tuple(self._doc_codes(d) for d in key if d in self.named)
        return found

    def _read(self, key: tuple[str, ...]) -> None:
        """Each document's codes, read once (a streamed build's summary carries them)."""
        for d in key:
            if d in self.docs and d not in self.named:
                doc = self.docs[d]
                self.named[d] = doc.named if isinstance(doc, DocumentSummary) else named_codes(doc)

    def _doc_codes(self, doc: str) -> DocCodes:
        found = self.wrapped.get(doc)
        if found is None:
            found = self.wrapped[doc] = DocCodes(self.named[doc])
        return found

    def of(self, key: tuple[str, ...]) -> frozenset[str]:
        """The codes the documents `key` name (sorted names, as `Entity.docs` gives them)."""
        if key not in self.by_docs:
            self._read(key)
            self.by_docs[key] = frozenset().union(*(self.named[d] for d in key if d in self.named))
        return self.by_docs[key]


def _from_own_name(entity: Entity, ctx: Context, codes_of: _NamedCodes) -> Placement | None:
    """What the entity's own name supports: a corridor's or region's members, a unit, or the
    three or more units a name abbreviates."""
    if entity.kind in MULTI_KINDS:
        members = multi_members(entity, ctx, codes_of(entity))
        return members_placement(entity.kind, members, 0.8) if members else None
    if found := from_name(entity.name, ctx):
        return found
    named = codes_of(entity)
    if side := side_of(entity.name, named) or pair_host(entity.name, named) or partner_host(entity.name, ctx):
        return placement_of(side, "name", 0.6)
    members = abbreviated(entity.name, ctx, codes_of(entity))
    return members_placement("region", members, 0.7) if len(members) >= 3 else None


def _fallbacks(
    entity: Entity,
    current: Placement | None,
    ctx: Context,
    hosts: Hosts,
    by_sentences: Callable[[bool], Placement | None],
) -> Placement:
    """Then a host park, the entity's own sentences (`by_sentences(narrowing)`), its documents'
    jurisdiction: a point entity with no place or only a coarse one takes the first that tells
    more."""
    if entity.kind not in MULTI_KINDS and (current is None or current.precision in COARSE):
        current = from_host(entity, hosts, current) or current
    if asks_sentences(entity, current):
        current = _inside(by_sentences(current is not None), current) or current
    if current is None and ctx.priors:
        if _names_the_mainland(entity.name, ctx):
            return Placement("中国", precision="country", confidence=0.3, source="name")
        current = placement_of(ctx.priors[0], "document", 0.4)
    return current or Placement()


def _names_the_mainland(name: str, ctx: Context) -> bool:
    """Whether a name read in a special administrative region's text opens with a mainland unit's
    name that nothing settled (a district name two provinces share): the thing is on the
    mainland, somewhere in China, and the region's own place would be a made-up answer."""
    if not ctx.priors or any(p.code not in _SAR_LETTERS.values() for p in ctx.priors):
        return False
    hits = [h for h in scan(name) if h.via == "admin"]
    return (
        bool(hits)
        and hits[0].start == 0
        and not any(c.within(p) for c in hits[0].candidates for p in ctx.priors)
    )


OwnName = tuple[Entity, Context, NamedParts, Said]
# An entity's placement by own name and, where the fallbacks may ask for it, by its sentences.
Own = tuple[Placement | None, Placement | None]
# An engine's map (geo.parallel): a function over argument tuples, results in order.
Mapper = Callable[[Callable[..., Any], list[tuple[Any, ...]]], Iterable[Any]]
BATCH = 256  # entities per task on a worker


def own_placements(items: Sequence[OwnName]) -> list[Own]:
    """What each entity's own name supports, given its context and the codes its documents name,
    and what its sentences do where `_fallbacks` may ask (`asks_sentences`): the bulk of
    placement, a pure function of its arguments, so any worker can run a batch, and the
    driver's serial fallbacks are left with the host parks and the jurisdictions."""
    out: list[Own] = []
    unions: dict[int, frozenset[str]] = {}  # one per set of documents in the batch, freed with it
    for entity, ctx, parts, said in items:
        named = unions.get(id(parts))
        if named is None:
            named = unions[id(parts)] = named_union(parts)
        ctx = Context(ctx.priors, ctx.near, lambda n=named: n, ctx.tie)
        own = _from_own_name(entity, ctx, lambda _entity, n=named: n)
        by_sentences = sentence_placement(said, ctx, own is not None) if asks_sentences(entity, own) else None
        out.append((own, by_sentences))
    return out


def asks_sentences(entity: Entity, own: Placement | None) -> bool:
    """Whether `_fallbacks` reads the entity's sentences: it has no place, or a point entity has
    only its province. `_fallbacks` asks it of its current placement; a worker asks it of the
    placement by own name, since a host park's placement, the one step between, is never coarse
    (with one the sentences are not read); then `own`'s presence says whether they narrow."""
    return own is None or (entity.kind not in MULTI_KINDS and own.precision == "province")


def _own_name_item(
    entity: Entity, ctx: Context, light: Context, crowded: set, parts: NamedParts | None = None
) -> OwnName:
    """An entity as `own_placements` reads it (name, kind, aliases, ordered places, and its
    mentions with whether their sentences are crowded), without the rest of its mentions;
    `light`: its context `ctx` without the codes' reader, whose codes go along instead, by
    document (`parts`, `_NamedCodes.parts`; default: `ctx`'s codes as one part)."""
    first = next((m for m in entity.mentions if m.places), None)
    light_entity = Entity(entity.name, entity.kind, [first] if first else [], list(entity.aliases))
    if parts is None:
        parts = (DocCodes(ctx.named() if ctx.named else frozenset()),)
    return light_entity, light, parts, said_of(entity, crowded)


def _light_contexts(contexts: list[Context]) -> list[Context]:
    """Each context without its codes' reader (a worker is sent the codes themselves), made once
    per context object (`place_entities` shares one per set of documents): a memo key takes a
    shared object's form once, where a new one per entity was walked and hashed each time."""
    made: dict[int, Context] = {}
    for ctx in contexts:
        if id(ctx) not in made:
            made[id(ctx)] = Context(ctx.priors, ctx.near, None, ctx.tie)
    return [made[id(ctx)] for ctx in contexts]


def _own_names(
    entities: Sequence[Entity],
    contexts: list[Context],
    codes_of: _NamedCodes,
    mapper: Mapper | None,
    crowded: set[tuple[str, str]],
) -> list[Own]:
    """Each entity's `Own`: on `mapper`'s workers, its sentences read there where they may be
    asked for; in this process, read only when asked."""
    if mapper is None:
        return [(_from_own_name(e, contexts[i], codes_of), None) for i, e in enumerate(entities)]
    lights = _light_contexts(contexts)
    items = [
        _own_name_item(e, contexts[i], lights[i], crowded, codes_of.parts(tuple(e.docs)))
        for i, e in enumerate(entities)
    ]
    batches = [(items[k : k + BATCH],) for k in range(0, len(items), BATCH)]
    return [p for batch in mapper(own_placements, batches) for p in batch]


def _inside(found: Placement | None, current: Placement | None) -> Placement | None:
    """`found` where it lies inside `current` (or there is no `current`), else None."""
    if found is None or current is None:
        return found
    return found if (found.adcode or "").startswith((current.adcode or "").rstrip("0")) else None


def place_entities(
    entities: Sequence[Entity],
    documents: Sequence[Document | DocumentSummary],
    geocoder: GeocoderChain | None = None,
    mapper: Mapper | None = None,
) -> dict[int, Placement]:
    """A placement for every entity, by index; an entity that cannot be placed gets an empty
    `Placement()` (no geometry, no precision). `geocoder` (online providers, off by default) may refine
    entities placed only at prefecture or province level. `mapper` (an engine's) runs the placement
    by own name, the costly step, on its workers in batches."""
    docs = {d.name: d for d in documents}
    codes_of = _NamedCodes(docs)
    doc_sets = [tuple(e.docs) for e in entities]
    shared: dict[tuple[str, ...], Context] = {}  # one reading and one object per set of documents
    for e, key in zip(entities, doc_sets, strict=True):
        if key not in shared:
            shared[key] = Context(priors_of(e, docs), named=partial(codes_of.of, key))
    contexts = [shared[key] for key in doc_sets]
    crowded = crowded_sentences(entities)
    owns = _own_names(entities, contexts, codes_of, mapper, crowded)
    placed = {i: own for i, (own, _) in enumerate(owns) if own}
    hosts = _host_index(entities, placed)

    def by_sentences(i: int) -> Callable[[bool], Placement | None]:
        if mapper is not None:  # read by the worker
            return lambda _narrowing: owns[i][1]
        return lambda narrowing: from_sentences(entities[i], contexts[i], crowded, narrowing)

    out = {
        i: _fallbacks(entity, placed.get(i), contexts[i], hosts, by_sentences(i))
        for i, entity in enumerate(entities)
    }
    if geocoder is not None:
        for i, entity in enumerate(entities):
            if entity.kind not in MULTI_KINDS and out[i].precision in COARSE:
                out[i] = geocoder.refine(entity.name, out[i])
    return out
