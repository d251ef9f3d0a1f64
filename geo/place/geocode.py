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
from dataclasses import replace
from typing import Any

from geo.corpus.documents import Document, DocumentSummary
from geo.extract.anchors import has_anchor
from geo.knowledge.gazetteer import COUNTRY_ABBREVIATIONS, foreign_places
from geo.knowledge.lexicon import DASHES, PARK_HEADS
from geo.model import Entity
from geo.place.candidates import (
    LEVEL_RANK,
    Context,
    Place,
    abbreviation_members,
    lineage,
    narrowest_place,
    place_by_code,
    read_members,
    read_places,
    scan,
)
from geo.place.online import GeocoderChain
from geo.place.placement import COARSE, MULTI_KINDS, Placement, members_placement, placement_of

_BILATERAL = re.compile(rf"^中([{''.join(COUNTRY_ABBREVIATIONS)}])(?![{''.join(COUNTRY_ABBREVIATIONS)}])")
_BRACKETED = re.compile(r"\(([\u4e00-\u9fff]{2,6})\)")
_SEPARATOR = re.compile(rf"[{DASHES}]|至")
_SECTION = re.compile(rf"([\u4e00-\u9fff]{{2,12}}(?:(?:[{DASHES}]|至)[\u4e00-\u9fff]{{2,8}}?)+)段")
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
    chinese = [(h, c) for h, c in found if c.place.code]
    if result := narrowest_place(chinese):
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


def multi_members(entity: Entity, ctx: Context, named: frozenset[str]) -> list[Place]:
    """Ordered places of a corridor or region: the section it names (甲高速乙至丙段), else its
    place sequence, else the units its name abbreviates (呼包鄂, 蒙晋冀(乌大张)); then the other
    places its name names; narrowed to a part it names (…示范区(山西片区))."""
    name = entity.name
    section = _SECTION.search(name)
    if section:
        members = read_members(_SEPARATOR.split(section.group(1)), ctx)
    else:
        members = read_members(entity.places, ctx) if entity.places else []
    if not members:
        members = abbreviated(name, ctx, named)
    if not section:
        for _, choice in read_places(name, ctx):
            if not any(choice.place.within(m) or m.within(choice.place) for m in members):
                members.append(choice.place)
    for text in (name, *(a for a in entity.aliases if a.startswith(name))):
        if part := _PART_OF.search(text):
            whole = read_places(part.group(1), ctx, loose=True)
            if whole:
                area = whole[0][1].place
                members = [m for m in members if m.within(area)] or [area]
                break
    return members


def abbreviated(name: str, ctx: Context, named: frozenset[str]) -> list[Place]:
    """Units a name abbreviates by their first characters, at its start (呼包鄂, 集通线) or spelled
    out in brackets after provinces' one-character names (蒙晋冀(乌大张))."""
    name = name.lstrip("“\"'《")
    if any(h.start == 0 for h in scan(name)):
        return []
    members = abbreviation_members(name, named, ctx)
    spelled = _BRACKETED.search(name)
    if members and spelled:
        inner_ctx = Context(tuple(m for m in members if m.level == "province") or ctx.priors)
        members = abbreviation_members(spelled.group(1), named, inner_ctx) or members
    return members


def from_sentences(entity: Entity, ctx: Context, crowded: set[tuple[str, str]]) -> Placement | None:
    """The one unit the entity's sentences name (inside the documents' provinces), if just one.
    Only sentences about this entity alone count: in a sentence that also names other entities
    (`crowded`: document and sentence), a place may be any of theirs."""
    provinces = [p for p in ctx.priors if p.level == "province"] or [
        q for p in ctx.priors if (q := lineage(p)["province"])
    ]
    found: set[Place] = set()
    for mention in entity.mentions:
        if (mention.doc, mention.sentence) in crowded:
            continue
        sentence = mention.sentence.replace(mention.surface, "," * len(mention.surface))
        for _, choice in read_places(sentence, ctx):
            place = choice.place
            if place.code and (not provinces or any(place.within(p) for p in provinces)):
                found.add(place)
    specific = [p for p in found if not any(q != p and q.within(p) for q in found)]
    if len(specific) == 1:
        return placement_of(specific[0], "sentence", 0.6)
    return None


Hosts = dict[str, dict[str, Placement]]


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


def _crowded_sentences(entities: Sequence[Entity]) -> set[tuple[str, str]]:
    """(document, sentence) pairs that name more than one entity: their places may be anyone's."""
    in_sentence: dict[tuple[str, str], set[int]] = {}
    for i, entity in enumerate(entities):
        for mention in entity.mentions:
            in_sentence.setdefault((mention.doc, mention.sentence), set()).add(i)
    return {key for key, found in in_sentence.items() if len(found) > 1}


class _NamedCodes:
    """Codes of the units each document names, read once per document on first need (a
    streamed build's summaries carry them, read where the text was)."""

    def __init__(self, docs: dict[str, Document | DocumentSummary]):
        self.docs = docs
        self.named: dict[str, frozenset[str]] = {}

    def __call__(self, entity: Entity) -> frozenset[str]:
        for d in entity.docs:
            if d in self.docs and d not in self.named:
                doc = self.docs[d]
                self.named[d] = doc.named if isinstance(doc, DocumentSummary) else named_codes(doc)
        return frozenset().union(*(self.named[d] for d in entity.docs if d in self.named))


def _from_own_name(entity: Entity, ctx: Context, codes_of: _NamedCodes) -> Placement | None:
    """What the entity's own name supports: a corridor's or region's members, a unit, or the
    three or more units a name abbreviates."""
    if entity.kind in MULTI_KINDS:
        members = multi_members(entity, ctx, codes_of(entity))
        return members_placement(entity.kind, members, 0.8) if members else None
    if found := from_name(entity.name, ctx):
        return found
    members = abbreviated(entity.name, ctx, codes_of(entity))
    return members_placement("region", members, 0.7) if len(members) >= 3 else None


def _fallbacks(
    entity: Entity,
    current: Placement | None,
    ctx: Context,
    hosts: Hosts,
    crowded: set[tuple[str, str]],
) -> Placement:
    """Then a host park, the entity's own sentences, its documents' jurisdiction: a point entity
    with no place or only a coarse one takes the first that tells more."""
    if entity.kind not in MULTI_KINDS:
        if current is None or current.precision in COARSE:
            current = from_host(entity, hosts, current) or current
        if current is None:
            current = from_sentences(entity, ctx, crowded)
    if current is None and ctx.priors:
        current = placement_of(ctx.priors[0], "document", 0.4)
    return current or Placement()


OwnName = tuple[Entity, Context, frozenset[str]]
# An engine's map (geo.parallel): a function over argument tuples, results in order.
Mapper = Callable[[Callable[..., Any], list[tuple[Any, ...]]], Iterable[Any]]
BATCH = 256  # entities per task on a worker


def own_placements(items: Sequence[OwnName]) -> list[Placement | None]:
    """What each entity's own name supports, given its context and the codes its documents name:
    the bulk of placement, a pure function of its arguments, so any worker can run a batch."""
    return [_from_own_name(entity, ctx, lambda _entity, n=named: n) for entity, ctx, named in items]


def _own_name_item(entity: Entity, ctx: Context, codes_of: _NamedCodes) -> OwnName:
    """An entity as `own_placements` reads it (name, kind, aliases, ordered places), without its
    mentions' sentences, which it does not read and a worker need not be sent."""
    first = next((m for m in entity.mentions if m.places), None)
    light = Entity(entity.name, entity.kind, [first] if first else [], list(entity.aliases))
    return light, ctx, codes_of(entity)


def _own_names(
    entities: Sequence[Entity], contexts: list[Context], codes_of: _NamedCodes, mapper: Mapper | None
) -> dict[int, Placement]:
    if mapper is None:
        found = [_from_own_name(e, contexts[i], codes_of) for i, e in enumerate(entities)]
    else:
        items = [_own_name_item(e, contexts[i], codes_of) for i, e in enumerate(entities)]
        batches = [(items[k : k + BATCH],) for k in range(0, len(items), BATCH)]
        found = [p for batch in mapper(own_placements, batches) for p in batch]
    return {i: p for i, p in enumerate(found) if p}


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
    contexts = [Context(priors_of(entity, docs)) for entity in entities]
    placed = _own_names(entities, contexts, codes_of, mapper)
    hosts, crowded = _host_index(entities, placed), _crowded_sentences(entities)
    out = {
        i: _fallbacks(entity, placed.get(i), contexts[i], hosts, crowded) for i, entity in enumerate(entities)
    }
    if geocoder is not None:
        for i, entity in enumerate(entities):
            if entity.kind not in MULTI_KINDS and out[i].precision in COARSE:
                out[i] = geocoder.refine(entity.name, out[i])
    return out
