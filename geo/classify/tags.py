"""Industry codes for entities: from the name first, then the words framing its mentions.

A name is head-final (甲煤炭物流园区 is a logistics park dealing in coal), so the keyword nearest
the head gives the primary code; place words in its qualifier (a district named 临港) are no
keywords. Context is read narrowly, because one policy sentence often lists many parks and many
industries: other entities' names are masked, and a mention gets the words after its own list of
names (甲、乙工业园区以氟化工为主) up to the next name, a frame just before it (以氟化工为主的甲园区)
or after it (甲园区,主导产业为…), the words of a longer name containing it (甲园区氢氟酸项目), and,
only when those say nothing, the lead of the sentence before the first name, if it ends in a
frame or topic that speaks for them (以…为基础,依托甲园区; 物流业方面,…).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from geo.knowledge.gazetteer import inside_admin_name, scan_admin_names
from geo.knowledge.industries import keyword_codes
from geo.knowledge.lexicon import BASE_HEADS, PARK_HEADS, PROJECT_HEADS
from geo.knowledge.scanner import Scanner, WordPattern
from geo.knowledge.store import current, knowledge_cache
from geo.knowledge.tables import read_rows, read_words
from geo.model import Entity, Mention, crowded_sentences
from geo.place.candidates import inside_place_word
from geo.place.candidates import scan as scan_places

GENERAL = "general"
# What a corridor carries is what it is: its context may only name one of these.
CARRIERS = ("transport", "power", "oil_gas", "water_env", "logistics")
NAME_ONLY = frozenset(read_words("industry_name_only"))  # mean something only inside a name
BLOCKERS = frozenset(read_words("industry_blockers"))  # contain a keyword, mean something else
# National transfer programmes (西气东输) name corridors but are proper names, so they stay out of
# the keyword tables (industries.csv, gbt4754_terms.csv), whose words the extractor reads as generic.
PROGRAMMES = {row["name"]: tuple(row["codes"].split()) for row in read_rows("industry_programmes")}
_WHERE_ORDER = {"name": 0, "attached": 1, "frame": 2, "after": 3, "tail": 4, "lead": 5}
# The clause after 为基础/为依托 is evidence of the frame's strength, read without name words.
_READ_AS = {"clause": "frame", "topic": "lead"}
# A project is listed under its sentence's topic (加快铁路建设,…实施甲线扩能等项目), so it reads
# the whole lead; a park or base, long-lived and many-sided, only the lead's closing frame.
_LEAD_OF = {"project": "lead"}
# In a corridor's name a port is an end point (甲口岸-乙公路), not what the corridor is.
ENDPOINT_WORDS = frozenset({"口岸", "港", "港区"})
# Leftmost-longest head words, found by one automaton pass (the regex alternation of every head
# tried each word at each position: a third of the stage's time).
_HOST_HEAD = WordPattern(PARK_HEADS)
_NAME_HEAD = WordPattern(PARK_HEADS + PROJECT_HEADS + BASE_HEADS)
_LIST_ITEM = re.compile(r"[^、,;。]+")
# The words after a name reach to the end of its clause and one more: 依托甲园区,发展新材料.
_CLAUSE_END = re.compile(r"([,;。])")
_LIST_GAP = re.compile(r"^[、,和及与或等\s]*$")
# Frames right before a name: 以氟化工为主(导产业)的甲园区, 重点发展铝、铜的甲园区 (with its 的: a
# neighbour's own frame, 甲园区重点发展化工、乙园区, is no frame of the next name).
_FRAME_BEFORE = re.compile(
    r"(?:以([^,;。]{1,20}?)为(?:主|主导|重点|特色|核心)(?:产业)?的?"
    r"|(?:重点|主要|着力|大力)发展([^,;。]{1,20}?)的)$"
)
# Frames right after a name (or its list) that say what it does: 以氟化工为主, 重点发展…,
# 主导产业为…, (主导产业:…), and 为基地/为依托,<the clause that follows>. Behind a comma only
# the lead-industry shapes count (甲园区,主导产业为…), not any 发展 (以建设甲园区,发展…为重点).
_FRAME_AFTER = re.compile(
    r"^(?:[((]|,(?=(?:已经|已)?(?:形成|构建)|主导产业|产业定位|(?:重点|主要)发展))?"
    r"(?:等|要|将|应|的|已)?(?:(?:已经|已)?(?:形成|构建|打造|培育)了?)?(?:"
    r"(?:主要|重点|要)?以([^,;。]{1,30}?)为(?:主|主导|重点|特色|核心|方向)"
    r"|(?:重点|主要|着力|大力|优先|积极)?(?:发展|布局|培育|承接|打造|引进|集聚)([^,;。]{1,40})"
    r"|(?:的)?(?:主导产业|产业定位|功能定位|定位)(?:为|是|包括|有|[::])?([^,;。]{1,40})"
    r"|为(?:主|重点|主导|核心|基地|依托|载体|平台|龙头|抓手|基础|支撑)[,]?(?P<clause>[^,;。]{1,40})"
    r")"
)
# A lead that speaks for the names after it ends in a frame or a topic, then at most a verb.
_LEAD_FRAME = re.compile(
    r"(?:以([^,;。]{1,30}?)为(?:基础|依托|主|主导|重点|特色|核心|方向|抓手)|([^,;。]{1,12})方面)"
    r"[,:]?[^,;。]{0,6}$"
)
# The longest text the two frames ending at $ can match (以 30 为 依托, 7 more; 以 20 为 主导 产业 的):
# they are searched for only there, not tried at every character of a long lead.
_LEAD_FRAME_REACH = 1 + 30 + 1 + 2 + 1 + 6 + 1
_FRAME_BEFORE_REACH = 1 + 20 + 1 + 2 + 2 + 1 + 1
_MASK = "□"
_CONJOINED = re.compile(r"(?:以及|及)[^、,;。□]+")
# A word right before a town suffix is the town's name (甲市大桥镇); 乡村, 乡镇 are no suffix.
_TOWN_SUFFIX = re.compile(r"(?:镇|乡|街道)(?![村镇土])")


class Evidence(NamedTuple):
    """A word that decided a code and where it was read: name, attached (a longer name holding
    this one), frame, after (the words after its list of names), tail or lead (of the sentence)."""

    code: str
    word: str
    where: str


@dataclass(frozen=True)
class IndustryTags:
    """Taxonomy codes of an entity (primary first) and the words that decided them."""

    codes: tuple[str, ...]
    primary: str
    evidence: tuple[Evidence, ...]


class _Hit(NamedTuple):
    start: int
    end: int
    word: str
    codes: tuple[str, ...]


def _keyword_scanner() -> Scanner[tuple[str, ...]]:
    """Keywords with their codes, and blockers with none."""
    return Scanner({**dict.fromkeys(BLOCKERS, ()), **PROGRAMMES, **keyword_codes()})


def keyword_hits(text: str) -> list[_Hit]:
    """Industry words of `text`, leftmost-longest and non-overlapping (风电设备 is no 风电), and
    none inside a place name (铜川 is no copper, 乳山 no dairy)."""
    if not text:
        return []
    found = [hit for hit in current().part("industry_scanner", _keyword_scanner).scan(text) if hit.value]
    # Only a word that stands inside some administrative name can be inside one in the text:
    # most texts (and most names) need no scan for them.
    if found and any(inside_admin_name(hit.word) for hit in found):
        places = [(p.start, p.end) for p in scan_admin_names(text)]
        found = [hit for hit in found if not any(s <= hit.start and hit.end <= e for s, e in places)]
    return [_Hit(*hit) for hit in found]


def _place_spans(name: str) -> list[tuple[int, int]]:
    """Spans of `name` that name a place: administrative units, towns and districts the place
    scanner knows (临港, 新港). The name's head is what the thing is, so a place word ending the
    name (甲新港, a port) or running into its head (a town 科创园 in 甲科创园区) is no such span."""
    heads = list(_NAME_HEAD.finditer(name))
    head = heads[-1].start() if heads else len(name)
    spans = [(h.start, h.end) for h in scan_places(name, loose=True)]
    return [(s, e) for s, e in spans if e <= head and e < len(name)]


@knowledge_cache(maxsize=16384)
def _inside_place_word(word: str) -> bool:
    """Whether `word` stands inside some word of the loose place scanner; when not, no place
    span of any name holds it, and the name need not be scanned for places (three names in four)."""
    return inside_place_word(word, loose=True)


def name_hits(name: str) -> list[_Hit]:
    """Industry words of a name, none inside a place word of it nor naming a town (甲大桥镇): a
    district named 临港 is no port, a town named 大桥 no bridge; a place word that is itself a
    keyword stays one."""
    hits = [h for h in keyword_hits(name) if not _TOWN_SUFFIX.match(name, h.end)]
    if not any(_inside_place_word(h.word) for h in hits):
        return hits
    places = _place_spans(name)
    return [
        h
        for h in hits
        if not any(s <= h.start and h.end <= e and (s, e) != (h.start, h.end) for s, e in places)
    ]


def _evidence(text: str, where: str, *, name_words: bool = False) -> list[Evidence]:
    """Evidence from `text`; context drops the words that only mean something inside a name."""
    return [
        Evidence(code, h.word, where)
        for h in keyword_hits(text)
        if name_words or h.word not in NAME_ONLY
        for code in h.codes
    ]


def _name_evidence(name: str, kind: str) -> list[Evidence]:
    """Name words, the one nearest the head first. A project in a park is what follows the
    park; a park's 铁路/公路 only says how it is reached; a corridor's 口岸 is an end point."""
    if kind in ("project", "base"):
        name = _after_host(name)
    found = [Evidence(code, h.word, "name") for h in reversed(name_hits(name)) for code in h.codes]
    if kind == "corridor":
        found = [e for e in found if e.word not in ENDPOINT_WORDS]
    if kind in ("park", "base") and any(e.code not in ("transport", GENERAL) for e in found):
        found = _without_access(found)
    return found


def _without_access(found: list[Evidence]) -> list[Evidence]:
    """Drop transport words that say how a park is reached, unless the word is transport and
    more at once (低空经济: aircraft and flying)."""
    both = {e.word for e in found if e.code != "transport"}
    return [e for e in found if e.code != "transport" or e.word in both]


def _occurrences(text: str, part: str) -> list[int]:
    """Starts of the non-overlapping occurrences of `part`, left to right (what a regex of the
    escaped word finds): str.find, as compiling a regex per surface overflowed re's cache and
    cost most of the stage."""
    found: list[int] = []
    if not part:
        return found
    at = text.find(part)
    while at >= 0:
        found.append(at)
        at = text.find(part, at + len(part))
    return found


def _after_host(name: str) -> str:
    """What a project or base hosted in a park is (甲工业园区氢氟酸项目 -> 氢氟酸项目); a project
    that says nothing after the park builds the park (甲数据产业园项目)."""
    hosts = [m.end() for m in _HOST_HEAD.finditer(name) if m.end() < len(name)]
    rest = name[hosts[-1] :] if hosts else name
    return rest if keyword_hits(rest) else name


def _mask_unnamed_siblings(text: str, own: tuple[int, int]) -> str:
    """List items ending in a head that no mention covers (the extractor missed them) are
    still other things' names: 甲园区、乙钢铁公司固废项目 gives 甲园区 no steel. The item
    holding the mention itself is no sibling (以铝、铜为主的甲园区). Heads are looked for only in
    items beside a 、 (most sentences have none)."""
    if "、" not in text:
        return text
    for seg in _LIST_ITEM.finditer(text):
        if (
            _MASK not in seg.group()
            and not (seg.start() < own[1] and own[0] < seg.end())
            and (
                (seg.start() and text[seg.start() - 1] == "、")
                or (seg.end() < len(text) and text[seg.end()] == "、")
            )
            and (heads := _NAME_HEAD.finditer(seg.group()))
        ):
            end = seg.start() + heads[-1].end()
            text = text[: seg.start()] + _MASK * (end - seg.start()) + text[end:]
    return text


def _mask_conjoined_siblings(text: str) -> str:
    """A name joined by 以及/及 to a masked one is another thing's name too, though the
    extractor missed it: 甲园区以及年产6万台乘用车项目 says nothing of their neighbours."""
    if "及" not in text:
        return text
    for m in _CONJOINED.finditer(text):
        if m.start() and text[m.start() - 1] == _MASK and (heads := _NAME_HEAD.finditer(m.group())):
            end = m.start() + heads[-1].end()
            text = text[: m.start()] + _MASK * (end - m.start()) + text[end:]
    return text


def _windows(mention: Mention, neighbours: Sequence[Mention]) -> dict[str, str] | None:
    """The texts around one mention, other names masked: attached (a longer name containing it),
    frame (以…为主的 before it, 主导产业为… after it), clause (what follows 为基础, after it), after
    (up to the next name), tail (the rest), lead (before any name), topic (the lead's closing frame)."""
    return _sentence_windows(
        mention.sentence, mention.surface, tuple(dict.fromkeys(n.surface for n in neighbours))
    )


@knowledge_cache(maxsize=1 << 16)
def _sentence_windows(sentence: str, surface: str, others: tuple[str, ...]) -> dict[str, str] | None:
    """`_windows` of a mention `surface` in `sentence` among the `others` surfaces (in the order
    first met): the same sentence and names give the same windows, so they are read once (a
    third of the mentions in a corpus of repeated boilerplate). Read-only: it is shared."""
    at = sentence.find(surface)
    if at < 0:
        return None
    own = (at, at + len(surface))
    attached: list[str] = []
    spans = [own]
    masked = list(sentence)
    for other in set(others):  # a set, as before: its order is the order attached words are read
        for start in _occurrences(sentence, other):
            end = start + len(other)
            if start <= own[0] and own[1] <= end:
                # a coordinated mention (甲园区、乙中心等项目) names siblings, not this one
                if (start, end) != own and "、" not in other:
                    attached.append(_after_host(sentence[own[1] : end]))
            elif end <= own[0] or own[1] <= start:
                spans.append((start, end))
                masked[start:end] = _MASK * (end - start)
    text = _mask_conjoined_siblings(_mask_unnamed_siblings("".join(masked), own))
    groups = _groups(sorted(set(spans)), text)
    mine = next(i for i, g in enumerate(groups) if g[0] <= own[0] and own[1] <= g[1])
    after_end = groups[mine + 1][0] if mine + 1 < len(groups) else len(text)
    before = text[groups[mine - 1][1] if mine else 0 : groups[mine][0]]
    frame = _FRAME_BEFORE.search(before, max(0, len(before) - _FRAME_BEFORE_REACH))
    after = text[groups[mine][1] : after_end]
    framed = _FRAME_AFTER.match(after)
    return {
        "attached": " ".join(attached),
        "frame": " ".join(g for f in (frame, framed) if f for g in f.groups()[:3] if g),
        "clause": framed.group("clause") or "" if framed else "",
        "after": "".join(_CLAUSE_END.split(after, maxsplit=2)[:4]),
        "tail": text[after_end:],
        "lead": text[: groups[0][0]],
        "topic": _topic(text[: groups[0][0]]),
    }


def _topic(lead: str) -> str:
    """What a sentence's lead says its names are for: a frame (以石墨资源为基础,依托…) or a topic
    (物流业方面,…) just before them; any other lead is about something else (获批生物医药试点,甲园区…)."""
    found = _LEAD_FRAME.search(lead, max(0, len(lead) - _LEAD_FRAME_REACH))
    return " ".join(g for g in found.groups() if g) if found else ""


def _groups(spans: list[tuple[int, int]], text: str) -> list[tuple[int, int]]:
    """Merge names joined only by list separators (甲、乙和丙): they share what follows."""
    groups: list[tuple[int, int]] = []
    for start, end in spans:
        if groups and (start <= groups[-1][1] or _LIST_GAP.match(text[groups[-1][1] : start])):
            groups[-1] = (groups[-1][0], max(end, groups[-1][1]))
        else:
            groups.append((start, end))
    return groups


def _names_an_industry(evidence: Iterable[Evidence]) -> bool:
    return any(e.code != GENERAL for e in evidence)


def _context(windows: list[dict[str, str]], kind: str, named: bool) -> list[Evidence]:
    """Context by kind: a region is many things; a corridor takes only what it carries; a named
    park or project takes frames and attached words; one whose name says nothing also takes
    what follows it, and failing that the topic of the sentence's lead. A frame (以铝、铜为主导产业) says
    outright what a zone does, so it reads even the words that otherwise count only in names."""

    def read(*wheres: str, carriers: bool = False) -> list[Evidence]:
        found = [
            e
            for w in windows
            for where in wheres
            for e in _evidence(w[where], _READ_AS.get(where, where), name_words=carriers or where == "frame")
        ]
        if carriers:
            return [e for e in found if e.code in CARRIERS]
        # a park is no transport work: the roads and railways around it say how it is reached
        return _without_access(found) if kind == "park" else found

    if kind == "region":
        return []
    if kind == "corridor":
        if named:
            return []
        for where in ("attached", "frame", "clause", "after", "tail", "lead"):
            if found := read(where, carriers=True):
                return found
        return []
    if named:
        return read("attached", "frame", "clause")
    return next(
        (
            f
            for wheres in (("attached", "frame", "clause", "after"), (_LEAD_OF.get(kind, "topic"),))
            if _names_an_industry(f := read(*wheres))
        ),
        [],
    )


def _decide(name: list[Evidence], context: list[Evidence]) -> IndustryTags:
    """Name codes first (nearest the head first), then context codes in order of strength."""
    chosen: list[Evidence] = []
    for e in name + sorted(context, key=lambda e: _WHERE_ORDER[e.where]):
        if e.code not in [c.code for c in chosen]:
            chosen.append(e)
    specific = [e for e in chosen if e.code != GENERAL]
    if specific:
        chosen = specific
    if not chosen:  # nothing said at all: general, on no evidence
        return IndustryTags((GENERAL,), GENERAL, ())
    return IndustryTags(tuple(e.code for e in chosen), chosen[0].code, tuple(chosen))


def classify_text(name: str, context: str = "", kind: str = "park") -> IndustryTags:
    """Codes of a name read in a sentence (which should contain it; else it is put in front)."""
    sentence = context if name in context else name + context
    windows = _windows(Mention("", name, kind, name, 0, len(name), sentence), ())
    evidence = _name_evidence(name, kind)
    return _decide(evidence, _context([windows] if windows else [], kind, _names_an_industry(evidence)))


def classify(entity: Entity, neighbours: Sequence[Mention] = ()) -> IndustryTags:
    """Codes of an entity; `neighbours` are other entities' mentions, masked in its sentences."""
    others: dict[tuple[str, str], list[str]] = {}
    for n in neighbours:
        others.setdefault((n.doc, n.sentence), []).append(n.surface)
    return classify_masked(entity, _masks(entity, others))


def _masks(entity: Entity, others: dict[tuple[str, str], list[str]]) -> tuple[tuple[str, ...], ...]:
    """Per mention of `entity`, the other names its sentence holds (surfaces, in the order first met)."""
    return tuple(tuple(dict.fromkeys(others.get((m.doc, m.sentence), ()))) for m in entity.mentions)


def classify_masked(entity: Entity, masks: Sequence[tuple[str, ...]]) -> IndustryTags:
    """Codes of an entity whose k-th mention's sentence holds the other names `masks[k]`: what
    `classify` reads of its neighbours, so a memo keys these surfaces (a flat tuple of short
    strings) rather than each neighbour mention of each of its sentences."""
    # A coordinated surface (甲钢铁、乙水泥项目) also names its siblings: the expanded name will do.
    names = dict.fromkeys([entity.name, *(a for a in entity.aliases if "、" not in a)])
    evidence = [e for n in names for e in _name_evidence(n, entity.kind)]
    named = _names_an_industry(evidence)
    if entity.kind == "region" or (entity.kind == "corridor" and named):
        return _decide(evidence, [])  # their context says nothing (see _context): not read
    windows = []
    for m, same in zip(entity.mentions, masks, strict=True):
        if found := _sentence_windows(m.sentence, m.surface, same):
            windows.append(found)
    return _decide(evidence, _context(windows, entity.kind, named))


# An engine's map (geo.parallel): a function over argument tuples, results in order.
Mapper = Callable[[Callable[..., Any], list[tuple[Any, ...]]], Iterable[Any]]
BATCH = 256  # entities per task on a worker


def classify_batch(items: Sequence[tuple[Entity, tuple[tuple[str, ...], ...]]]) -> list[IndustryTags]:
    """`classify_masked` of each (entity, masks): a pure function of its arguments, so any worker
    can run a batch, and a memo's key of an item is the entity and the masking names alone."""
    return [classify_masked(entity, masks) for entity, masks in items]


def classify_all(entities: Sequence[Entity], mapper: Mapper | None = None) -> list[IndustryTags]:
    """Codes of every entity, each read with the other entities of its sentences masked; on
    `mapper`'s workers in batches if given (the stage is per entity, so it need not stay serial)."""
    items = masked_items(entities)
    if mapper is None:
        return classify_batch(items)
    batches = [(items[k : k + BATCH],) for k in range(0, len(items), BATCH)]
    return [tags for batch in mapper(classify_batch, batches) for tags in batch]


def masked_items(entities: Sequence[Entity]) -> list[tuple[Entity, tuple[tuple[str, ...], ...]]]:
    """`classify_batch`'s items: each entity and, per mention, the names of the other entities
    its sentence holds. A memo keys an item by the entity (its mentions by their records) and
    these short strings: keying each neighbour mention of each sentence walked tens of them per
    entity in a rebuild."""
    crowded = crowded_sentences(entities)  # most sentences name one entity: nothing to mask
    by_sentence: dict[tuple[str, str], list[tuple[int, str]]] = {}
    for i, entity in enumerate(entities):
        for m in entity.mentions:
            if (key := (m.doc, m.sentence)) in crowded:
                by_sentence.setdefault(key, []).append((i, m.surface))
    return [
        (
            entity,
            tuple(
                tuple(dict.fromkeys(s for j, s in by_sentence[key] if j != i))
                if (key := (m.doc, m.sentence)) in crowded
                else ()
                for m in entity.mentions
            ),
        )
        for i, entity in enumerate(entities)
    ]
