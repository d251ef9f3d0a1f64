"""Group mentions into entities: one per name and kind, with shortened repeats, other spellings
of the same place and other names of the same corridor folded in."""

from __future__ import annotations

import re
from collections.abc import Callable
from operator import attrgetter

from geo.extract.anchors import anchoring_places, has_anchor, is_place_prefix
from geo.model import Entity, Mention

_PLACES = attrgetter("places")


_FEW = 8  # aliases an entity's list is searched for; past them, a set beside it


def _alias_adder() -> Callable[[Entity, str], None]:
    """Adds an alias to an entity once, for one grouping: an entity named in most documents,
    in as many ways (a region's thousands of surfaces), had its list searched for every
    mention, quadratic in its mentions; past a few aliases a set of them is kept beside the
    list, for this call only."""
    sets: dict[int, set[str]] = {}

    def add(entity: Entity, alias: str) -> None:
        aliases = entity.aliases
        if alias == entity.name:
            return
        if len(aliases) < _FEW:
            if alias not in aliases:
                aliases.append(alias)
            return
        known = sets.get(id(entity))
        if known is None:
            known = sets[id(entity)] = set(aliases)
        if alias not in known:
            known.add(alias)
            aliases.append(alias)

    return add


def _forms(name: str) -> tuple[str, str]:
    """The canonical and the short form of a name, from one reading of its places."""
    places = anchoring_places(name)
    return _canonical(name, places), _short_form(name, places)


def _canonical(name: str, places: list) -> str:
    """The name with a leading short place name written in full (卓资旗下营 -> 卓资县旗下营), so
    that both spellings of one park are one entity."""
    if places and places[0].start == 0 and len(places[0].units) == 1:
        unit = places[0].units[0]
        if not name[places[0].end :].startswith(unit.name[len(places[0].surface) :]):
            return unit.name + name[places[0].end :]
    return name


_MODES = (
    ("rail", re.compile(r"铁路|高铁|客运专线|客专|城际|线$")),
    ("road", re.compile(r"公路|高速")),
    ("pipe", re.compile(r"管道|管线|输气")),
    ("power", re.compile(r"输电|送电|电力|特高压")),
)


def _corridor_keys() -> Callable[[Entity], tuple[str, ...] | None]:
    """Corridors of one mode between the same ordered places are one corridor (甲—乙天然气管道
    and 甲—乙长输管道): the key of an entity, for one resolve call. An entity is asked once per
    document that names it, and its places (those of its first mention that has any) were read
    from its first mention every time: for a corridor named in most documents, mostly without
    places, that was quadratic in its mentions. Mentions are only appended (a merge), so the
    places found stay, and a corridor with none yet reads only its mentions added since."""
    read: dict[int, tuple[int, tuple[str, ...]]] = {}  # id -> (mentions read, their places)

    def key(entity: Entity) -> tuple[str, ...] | None:
        if entity.kind != "corridor":
            return None
        mentions = entity.mentions
        seen, places = read.get(id(entity), (0, ()))
        if not places and seen < len(mentions):
            places = next(filter(None, map(_PLACES, mentions[seen:])), ())
            read[id(entity)] = (len(mentions), places)
        if len(places) < 2:
            return None
        mode = next((m for m, pattern in _MODES if pattern.search(entity.name)), "other")
        return (mode, *places)

    return key


def _merge(target: Entity, other: Entity) -> None:
    """`other` joins `target`: its mentions, and its names as aliases (each once)."""
    target.mentions += other.mentions
    known = {target.name, *target.aliases}
    for alias in (other.name, *other.aliases):
        if alias not in known:
            known.add(alias)
            target.aliases.append(alias)


def _short_form(name: str, places: list) -> str:
    """The name as it is also written, without a province written out in full before a lower
    unit or a proper name (甲省乙市丙新区 -> 乙丙新区): headings and lists in State Council texts
    write the province, the documents that the name comes from mostly do not."""
    if not places or places[0].start != 0 or places[0].surface != places[0].units[0].name:
        return name
    if places[0].units[0].level != "province" or len(places[0].units) != 1:
        return name
    rest = name[places[0].end :]
    lower = [p for p in places[1:] if p.start == places[0].end and p.units[0].level != "province"]
    if lower and lower[0].surface == lower[0].units[0].name and len(lower[0].units) == 1:
        short = next((n for n in lower[0].units[0].short_names if len(n) >= 2), "")
        if short:
            rest = short + rest[len(lower[0].surface) :]
    return rest if len(rest) >= 4 and has_anchor(rest[:-2]) else name


def _group(mentions: list[Mention]) -> dict[tuple[str, str], Entity]:
    """One entity per canonical name and kind across documents. Each distinct name's forms are
    read once and kept for this call only: most mentions repeat a name, and a bounded memo
    would forget (and read again) every name of a corpus with more of them than it holds."""
    entities: dict[tuple[str, str], Entity] = {}
    forms: dict[str, tuple[str, str]] = {}
    add_alias = _alias_adder()
    for m in mentions:
        found = forms.get(m.name)
        if found is None:
            found = forms[m.name] = _forms(m.name)
        canonical, short = found
        key = (canonical, m.kind)
        entity = entities.get(key)
        if entity is None:  # made only when new: most mentions repeat a name
            entity = entities[key] = Entity(m.name, m.kind)
        entity.mentions.append(m)
        add_alias(entity, m.name)
        if "、" not in m.surface:  # a shared list surface names no one item
            add_alias(entity, m.surface)
        add_alias(entity, short)
    return entities


def _merge_corridors(
    doc_entities: list[Entity], merged: set[int], corridor_key: Callable[[Entity], tuple[str, ...] | None]
) -> None:
    """Other names of one corridor in a document (same mode, same ordered places) join the first."""
    corridors: dict[tuple[str, ...], Entity] = {}
    for entity in doc_entities:
        key = corridor_key(entity)
        if key and id(entity) not in merged:
            first = corridors.setdefault(key, entity)
            if first is not entity:
                _merge(first, entity)
                merged.add(id(entity))


def _merge_short_repeats(doc_entities: list[Entity], merged: set[int]) -> None:
    """A shortened repeat (瑞丰工业园区 after 集宁瑞丰工业园区) joins the one longer name that
    differs from it by a place prefix."""
    names: dict[str, set[str]] = {}  # by kind: only suffixes that are names are looked up
    for e in doc_entities:
        names.setdefault(e.kind, set()).add(e.name)
    by_suffix: dict[tuple[str, str], list[Entity]] = {}
    for entity in doc_entities:
        name, same_kind = entity.name, names[entity.kind]
        for cut in range(1, len(name) - 1):
            if name[cut:] in same_kind:  # a string, not a (kind, suffix) tuple per cut
                by_suffix.setdefault((entity.kind, name[cut:]), []).append(entity)
    for short in doc_entities:
        candidates = by_suffix.get((short.kind, short.name))
        if not candidates or id(short) in merged:
            continue  # most names end no other name of the document
        longer = [
            e for e in candidates if id(e) not in merged and is_place_prefix(e.name[: -len(short.name)])
        ]
        if len(longer) == 1:
            _merge(longer[0], short)
            merged.add(id(short))


def resolve(mentions: list[Mention]) -> list[Entity]:
    """Group mentions into entities, merge other names of one thing within each document, and
    order them by document, then first mention."""
    entities = _group(mentions)
    by_doc: dict[str, list[Entity]] = {}
    for entity in entities.values():
        for doc in entity.docs:
            by_doc.setdefault(doc, []).append(entity)
    merged: set[int] = set()
    corridor_key = _corridor_keys()
    for doc_entities in by_doc.values():
        _merge_corridors(doc_entities, merged, corridor_key)
        _merge_short_repeats(doc_entities, merged)
    kept = [e for e in entities.values() if id(e) not in merged]
    return sorted(kept, key=_first_seen)


def _first_seen(entity: Entity) -> tuple[str, int]:
    """Where an entity is first named: its first document (in sorted order, as Entity.docs) and
    the first mention there, in two passes over its mentions (not a sorted list of documents)."""
    mentions = entity.mentions
    if len(mentions) == 1:  # most entities
        return mentions[0].doc, mentions[0].start
    first = min(m.doc for m in mentions)
    return first, min(m.start for m in mentions if m.doc == first)
