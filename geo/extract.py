"""Find named parks, projects, bases, corridors and regions in normalized document text.

A name ends with a head (工业园区, 项目, 铁路, 基地 ...). Its qualifier runs left from the head to
the nearest list separator (、) or clause boundary, and is cut after the last framing verb
(推进, 依托, 加快 ...). Coordinated items sharing one head are expanded (甲、乙在建火电项目 ->
甲火电项目, 乙火电项目), and a qualifier with no anchor (a place, or a proper name that is no
common word) names nothing in particular (重点园区, 各类园区, 省级经济开发区).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, lru_cache

from geo.corpus import Document
from geo.gazetteer import PROVINCE_ABBREVIATIONS, jieba_words, scan_admin_names
from geo.industries import industry_keywords
from geo.lexicon import (
    CUT_WORDS,
    DASHES,
    GENERIC_WORDS,
    HEAD_KIND,
    HEAD_TAILS,
    LEADING_WORDS,
    LIST_MARKER,
    MULTI_UNIT_HEADS,
    PARK_HEADS,
    STATUS_WORDS,
)
from geo.sentences import sentence_at

KINDS = ("park", "project", "base", "corridor", "region")
_HEADS_BY_LENGTH = sorted(HEAD_KIND, key=len, reverse=True)
_HEAD = re.compile(
    "(?:(?<=[一二三四五六七八九十])线|" + "|".join(map(re.escape, _HEADS_BY_LENGTH)) + ")"
    "(?:" + "|".join(map(re.escape, HEAD_TAILS)) + ")?"
    r"(?![域网线路段])"
)
_CORRIDOR_HEAD_END = re.compile(r"(铁路|公路|高速公路|管道|高铁)$")
_PARK_HEADS_BY_LENGTH = sorted(PARK_HEADS, key=len, reverse=True)
_CONJUNCTION = re.compile(r"以及|和|及|与|或")
_CLAUSE = re.compile(r"[^,;:!?。\n]+")
# 在 frames a place (在甲县建设) but not in 在建 (under construction), a status word.
_CUT = re.compile(
    "|".join(re.escape(w) + ("(?!建)" if w == "在" else "") for w in sorted(CUT_WORDS, key=len, reverse=True))
)
_LEADING = re.compile("^(?:" + "|".join(map(re.escape, sorted(LEADING_WORDS, key=len, reverse=True))) + ")")
_STATUS = re.compile("|".join(map(re.escape, STATUS_WORDS)))
_SEQUENCE_SEP = re.compile(rf"[{DASHES}]|至")
_PLACE_PART = r"[\u4e00-\u9fff]{2,9}(?:\([\u4e00-\u9fff]{2,6}\))?"
_DASHED = re.compile(rf"{_PLACE_PART}(?:[{DASHES}]{_PLACE_PART})+")
_SEQUENCE = re.compile(rf"{_PLACE_PART}(?:(?:[{DASHES}]|至){_PLACE_PART})+")
_SEQUENCE_BEFORE = re.compile(rf"{_PLACE_PART}(?:[{DASHES}]|至){_PLACE_PART}$")
# A corridor head followed by its section: 联络线甲-乙-丙, 高速丁至戊段
_SECTION_AFTER = re.compile(
    rf"[\u4e00-\u9fff]{{2,8}}(?:(?:[{DASHES}]|至)[\u4e00-\u9fff]{{2,8}}?)+段|[\u4e00-\u9fff]{{2,6}}(?:[{DASHES}][\u4e00-\u9fff]{{2,6}})+(?=$|、)"
)
_CORRIDOR_TAIL = re.compile(r"(扩能改造|电气化改造|扩能|项目|工程)$")
_ENUMERATION = re.compile(
    r"^\s*(?:第[一二三四五六七八九十百\d]+[章节条]\s*|\d{1,2}[.、]|\(?[一二三四五六七八九十]+[)、]|\(\d{1,2}\))"
)
_QUANTIFIED = re.compile(r"^(一批|一些|多条|多个|若干|各类|各个|各|这些|其他|其它|有关|相关|该|本|有条件的)")
_SHARED_LEAD = re.compile(r"^(盟市|地区|城市|省市|旗县|市|地|的|大型|多条)+")
_OPENERS = "《“\"'"
_PROPER_TAGS = {"ns", "nr", "nz", "nrt", "nt", "nrfg"}
_MAX_NAME = 48


@dataclass(frozen=True)
class Mention:
    """One mention of an entity: the document, the span of the normalized text and its sentence."""

    doc: str
    name: str
    kind: str
    surface: str
    start: int
    end: int
    sentence: str
    places: tuple[str, ...] = ()
    confidence: float = 0.8


@dataclass
class Entity:
    """An entity with all its mentions, across documents."""

    name: str
    kind: str
    mentions: list[Mention] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)

    @property
    def docs(self) -> list[str]:
        return sorted({m.doc for m in self.mentions})

    @property
    def places(self) -> tuple[str, ...]:
        return next((m.places for m in self.mentions if m.places), ())

    @property
    def confidence(self) -> float:
        best = max(m.confidence for m in self.mentions)
        return round(min(1.0, best + 0.05 * (len(self.mentions) - 1)), 2)


# --- qualifiers -------------------------------------------------------------------------------


@cache
def _generic_pattern() -> re.Pattern[str]:
    words = sorted({*GENERIC_WORDS, *industry_keywords()}, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, words)))


@lru_cache(maxsize=16384)
def _places_in(text: str) -> tuple:
    """Administrative names in a short string; qualifiers and items repeat, so cached."""
    return tuple(scan_admin_names(text))


@cache
def _jieba():
    import jieba

    jieba.setLogLevel(60)
    return jieba


def _segment(text: str) -> list[str]:
    return _jieba().lcut(text, HMM=False)


def has_anchor(qualifier: str) -> bool:
    """Whether a qualifier names something in particular: a place, or a proper name that is no
    common word (瑞丰, 中哈); 重点, 各类, 省级经济, 精细化工, 人才 are no anchors."""
    if not qualifier or _QUANTIFIED.match(qualifier):
        return False
    if _places_in(qualifier):
        return True
    rest = re.sub(r"[^\u4e00-\u9fffA-Za-z]", "", _generic_pattern().sub("", qualifier))
    if len(rest) < 2:
        return False
    words = jieba_words()
    singles = 0
    for token in _segment(rest):
        if len(token) == 1:
            singles += 1
            if singles >= 2:  # characters jieba has no word for: a proper name
                return True
            continue
        singles = 0
        freq, tag = words.get(token, (0, ""))
        if freq == 0 or tag in _PROPER_TAGS:
            return True
    return bool(re.search(r"[A-Za-z]{2,}", rest))


def _inside_parentheses(text: str, at: int) -> bool:
    return text[:at].count("(") > text[:at].count(")")


def _after_last_cut(text: str) -> int:
    """Offset where a name may start: after the last framing verb outside places and brackets."""
    cut = 0
    protected = [(m.start, m.end) for m in _places_in(text)]
    for match in _CUT.finditer(text):
        if any(s < match.end() and match.start() < e for s, e in protected):
            continue
        if match.group() == "的" and _SEQUENCE_BEFORE.search(text[: match.start()]):
            continue  # 甲-乙-丙的公路大通道: the sequence is the name
        if not _inside_parentheses(text, match.start()):
            cut = match.end()
    return cut


def _strip_leading(text: str) -> tuple[int, str]:
    """Drop leading quotes, prepositions and adverbs (以, 在, 重点); returns (dropped, rest)."""
    dropped = 0
    while True:
        stripped = re.sub(r"^\([^()]*\)", "", text).lstrip(_OPENERS + " ")
        dropped += len(text) - len(stripped)
        text = stripped
        match = _LEADING.match(text)
        if not match or len(text) - match.end() < 2:
            return dropped, text
        places = _places_in(text[:6])
        if places and places[0].start == 0:
            return dropped, text  # a place name that begins like a function word
        dropped += match.end()
        text = text[match.end() :]


def _split_items(text: str) -> list[tuple[int, str]]:
    """Split on 、 and on 和/及/与 outside parentheses and place names; (offset, item) pairs."""
    protected = [(m.start, m.end) for m in _places_in(text)]
    conjunctions = {
        m.start(): m.end()
        for m in _CONJUNCTION.finditer(text)
        if not any(s <= m.start() < e for s, e in protected)
    }
    items, depth, start, i = [], 0, 0, 0
    while i < len(text):
        char = text[i]
        if char == "(":
            depth += 1
        elif char == ")":
            depth = max(0, depth - 1)
        elif depth == 0 and (char == "、" or i in conjunctions):
            items.append((start, text[start:i]))
            start = i + 1 if char == "、" else conjunctions[i]
            i = start
            continue
        i += 1
    items.append((start, text[start:]))
    return items


def _clean_name(name: str, kind: str = "") -> str:
    """Drop status words (在建, 拟建) from a name unless that leaves too little; a corridor's
    name drops its works (铁路电气化改造 -> 铁路, 铁路项目 -> 铁路), its surface keeps them."""
    without = _STATUS.sub("", name)
    name = (without if len(without) >= 4 else name).strip(_OPENERS + "” ")
    if kind == "corridor":
        name = _CORRIDOR_TAIL.sub("", name)
    return name


# --- places of corridors and regions ----------------------------------------------------------


def _trim_parts(parts: list[str]) -> tuple[str, ...]:
    """Trim the first part to the place it ends with, the last to the place it starts with."""
    first = _places_in(parts[0])
    if first and first[-1].end == len(parts[0]) and first[-1].start > 0:
        parts[0] = parts[0][first[-1].start :]
    last = _places_in(parts[-1])
    if last and last[0].start == 0 and last[0].end < len(parts[-1]) and not parts[-1].endswith(")"):
        parts[-1] = parts[-1][: last[0].end]
    return tuple(parts)


def _trimmed(match: re.Match[str]) -> tuple[int, int, tuple[str, ...]]:
    """A matched place sequence trimmed to its places: (start, end, parts)."""
    raw = [p for p in _SEQUENCE_SEP.split(match.group()) if p]
    parts = _trim_parts(list(raw))
    return match.start() + len(raw[0]) - len(parts[0]), match.end() - (len(raw[-1]) - len(parts[-1])), parts


def places_of(qualifier: str) -> tuple[str, ...]:
    """Ordered places of A-B-C or A至B至C in a qualifier."""
    match = _SEQUENCE.search(qualifier)
    return _trimmed(match)[2] if match else ()


def _multi_unit_abbreviation(qualifier: str) -> bool:
    """晋陕豫 (province abbreviations) or an abbreviation spelled out in brackets (乌大张)."""
    if re.search(r"\([\u4e00-\u9fff]{3,6}\)", qualifier):
        return True
    return bool(re.match(rf"^[{''.join(PROVINCE_ABBREVIATIONS)}]{{3,}}", qualifier))


def _kind(head: str, qualifier: str, places: tuple[str, ...]) -> str:
    if head.endswith("线") and head not in HEAD_KIND:
        return "corridor"
    base_head = next(h for h in _HEADS_BY_LENGTH if head.startswith(h))
    kind = HEAD_KIND[base_head]
    if kind == "project" and _CORRIDOR_HEAD_END.search(qualifier):
        return "corridor"
    if base_head in MULTI_UNIT_HEADS and (len(places) >= 2 or _multi_unit_abbreviation(qualifier)):
        return "region"
    return kind


# --- coordination -----------------------------------------------------------------------------


def _list_marker(qualifier: str) -> tuple[int, int] | None:
    """Where 等 / 三大 / 两个 separates coordinated items from their shared words."""
    for i in range(1, len(qualifier)):
        match = LIST_MARKER.match(qualifier[i:])
        if match and not _inside_parentheses(qualifier, i):
            return i, i + match.end()
    return None


def _previous_items(items: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Coordinated items before the last one, leftwards until a framing verb opens the list."""
    out: list[tuple[int, str]] = []
    for offset, item in reversed(items):
        cut = _after_last_cut(item)
        dropped, cleaned = _strip_leading(item[cut:])
        hosts = cleaned.endswith(PARK_HEADS)
        if not 2 <= len(cleaned) <= 24 or (_HEAD.search(cleaned) and not hosts):
            break  # too long for a coordinated item, or a name of its own that hosts nothing
        out.insert(0, (offset + cut + dropped, cleaned))
        if cut:
            break
    return out


def _leading_unit(qualifier: str, previous: str) -> int:
    """Length of the coordinated item that opens `qualifier` (0 when none is found): a place
    sequence (大同-朔州-忻州特色…), a park (乙工业园区硅材料 -> 乙工业园区), a place
    (化德在建光伏 -> 化德), or a part shaped like the previous item (甲电二期外送… -> 甲电二期)."""
    sequence = _SEQUENCE.match(qualifier)
    if sequence:
        return _trimmed(sequence)[1]
    for head in _PARK_HEADS_BY_LENGTH:
        at = qualifier.find(head)
        if at > 0 and at + len(head) < len(qualifier) and previous.endswith(head):
            return at + len(head)
    places = _places_in(qualifier)
    if places and places[0].start == 0 and places[0].end < len(qualifier):
        return places[0].end
    if 2 <= len(previous) < len(qualifier) and qualifier[len(previous) - 1] == previous[-1]:
        return len(previous)
    return 0


def _coordinated(
    items: list[tuple[int, str]], qualifier: str, q_start: int, cut: int
) -> tuple[list[tuple[int, str]], str]:
    """The coordinated items sharing this head, and the words they share (empty list: none)."""
    previous = _previous_items(items[:-1]) if len(items) > 1 and cut == 0 else []
    marker = _list_marker(qualifier)
    if marker:
        shared = _SHARED_LEAD.sub("", qualifier[marker[1] :])
        return [*previous, (q_start, qualifier[: marker[0]])], shared
    if not previous:
        return [], qualifier
    bare = all(not _HEAD.search(item) for _, item in previous)
    hosts = all(item.endswith(PARK_HEADS) for _, item in previous)
    if not (bare or hosts):
        return [], qualifier
    unit = _leading_unit(qualifier, previous[-1][1])
    corridor = _CORRIDOR_HEAD_END.search(qualifier)
    if not unit and bare and corridor and corridor.start() >= 2:
        unit = corridor.start()  # 甲乙、丙丁戊铁路项目: the items share 铁路
    if not unit or (hosts and not bare and not qualifier[:unit].endswith(PARK_HEADS)):
        return [], qualifier
    return [*previous, (q_start, qualifier[:unit])], qualifier[unit:]


# --- mentions ---------------------------------------------------------------------------------


def _sentence_of(doc: Document, offset: int) -> str:
    sentence = sentence_at(doc.sentences, offset)
    return sentence.text if sentence else ""


def _clause_mentions(doc: Document, clause: str, base: int) -> list[Mention]:
    found: list[Mention] = []
    enumeration = _ENUMERATION.match(clause)
    floor = enumeration.end() if enumeration else 0
    for head in _HEAD.finditer(clause):
        if head.start() <= floor or _inside_parentheses(clause, head.start()):
            continue
        head_text, end = head.group(), head.end()
        if head_text == "高速" and re.match(r"[发增度化公铁运]", clause[end : end + 1]):
            continue  # 高速发展, 高速增长: no road
        if head_text in ("联络线", "高速", "连接线"):
            section = _SECTION_AFTER.match(clause, end)
            if section:
                head_text, end = head_text + section.group(), section.end()
        trailing = re.match(r"\([^()]{1,12}\)", clause[end:])
        surface_end = end + trailing.end() if trailing else end
        sentence = _sentence_of(doc, base + head.start())
        items = [(floor + o, t) for o, t in _split_items(clause[floor : head.start()])]
        piece_offset, piece = items[-1]
        cut = _after_last_cut(piece)
        dropped, qualifier = _strip_leading(piece[cut:])
        q_start = piece_offset + cut + dropped
        coordinated, shared = _coordinated(items, qualifier, q_start, cut)
        if coordinated and all(has_anchor(item) for _, item in coordinated):
            first = coordinated[0][0]
            for _, item in coordinated:
                places = places_of(item)
                kind = _kind(head_text, item + shared, places)
                found.append(
                    Mention(
                        doc.name,
                        _clean_name(item + shared + head_text, kind),
                        kind,
                        clause[first:surface_end],
                        base + first,
                        base + surface_end,
                        sentence,
                        places,
                        0.7,
                    )
                )
            continue
        if len(qualifier) < 2 or len(qualifier) + len(head_text) > _MAX_NAME:
            continue
        if not has_anchor(_STATUS.sub("", qualifier)):
            continue
        places = places_of(qualifier)
        kind = _kind(head_text, qualifier, places)
        found.append(
            Mention(
                doc.name,
                _clean_name(qualifier + head_text, kind),
                kind,
                clause[q_start:surface_end],
                base + q_start,
                base + surface_end,
                sentence,
                places,
                0.9 if _places_in(qualifier) else 0.75,
            )
        )
    found = _drop_nested(found)
    return found + _standalone_sequences(doc, clause, base, found)


def _drop_nested(mentions: list[Mention]) -> list[Mention]:
    """An inner name that opens a longer one is kept only as a park hosting a project or base
    (甲工业园区 in 甲工业园区硅材料项目); 甲新区 inside 甲新区精细化工园区 is no entity."""
    out = []
    for m in mentions:
        outer = [
            o
            for o in mentions
            if o is not m and o.start <= m.start and m.end < o.end and o.name.startswith(m.name)
        ]
        if outer and not all(m.kind in ("park", "base") and o.kind in ("project", "base") for o in outer):
            continue
        out.append(m)
    return out


def _standalone_sequences(doc: Document, clause: str, base: int, found: list[Mention]) -> list[Mention]:
    """A-B-C place sequences outside any name: corridors or regions named by their places."""
    out = []
    covered = [(m.start - base, m.end - base) for m in found]
    for match in _DASHED.finditer(clause):
        start, end, parts = _trimmed(match)
        if any(s < end and start < e for s, e in covered):
            continue
        placed = sum(1 for p in parts if _places_in(p))
        if len(parts) < 2 or placed < max(2, len(parts) - 1) or any(len(p) > 9 for p in parts):
            continue
        sentence = _sentence_of(doc, base + start)
        kind = "corridor" if re.search(r"通道|铁路|公路|管道|高铁|线", sentence) else "region"
        name = clause[start:end]
        out.append(Mention(doc.name, name, kind, name, base + start, base + end, sentence, parts, 0.6))
    return out


def extract_mentions(doc: Document) -> list[Mention]:
    """Every entity mention of a document, in text order."""
    mentions: list[Mention] = []
    for clause in _CLAUSE.finditer(doc.text):
        mentions += _clause_mentions(doc, clause.group(), clause.start())
    return sorted(mentions, key=lambda m: (m.start, m.end))


# --- entities ---------------------------------------------------------------------------------


def _is_place_prefix(prefix: str) -> bool:
    places = _places_in(prefix)
    return bool(places) and places[0].start == 0 and places[-1].end == len(prefix)


def _add_alias(entity: Entity, alias: str) -> None:
    if alias != entity.name and alias not in entity.aliases:
        entity.aliases.append(alias)


def resolve(mentions: list[Mention]) -> list[Entity]:
    """Group mentions into entities: one per name and kind across documents; a shortened repeat
    in a document (瑞丰工业园区 after 集宁瑞丰工业园区) joins the longer name."""
    entities: dict[tuple[str, str], Entity] = {}
    for m in mentions:
        entity = entities.setdefault((m.name, m.kind), Entity(m.name, m.kind))
        entity.mentions.append(m)
        _add_alias(entity, m.surface)
    by_doc: dict[str, list[Entity]] = {}
    for entity in entities.values():
        for doc in entity.docs:
            by_doc.setdefault(doc, []).append(entity)
    merged: set[int] = set()
    for doc_entities in by_doc.values():
        for short in doc_entities:
            longer = [
                e
                for e in doc_entities
                if e is not short
                and id(e) not in merged
                and e.kind == short.kind
                and len(e.name) > len(short.name)
                and e.name.endswith(short.name)
                and _is_place_prefix(e.name[: -len(short.name)])
            ]
            if len(longer) == 1 and id(short) not in merged:
                target = longer[0]
                target.mentions += short.mentions
                for alias in (short.name, *short.aliases):
                    _add_alias(target, alias)
                merged.add(id(short))
    kept = [e for e in entities.values() if id(e) not in merged]
    return sorted(kept, key=lambda e: (e.docs[0], min(m.start for m in e.mentions if m.doc == e.docs[0])))


def extract(documents: list[Document]) -> list[Entity]:
    """Entities of a corpus."""
    return resolve([m for doc in documents for m in extract_mentions(doc)])
