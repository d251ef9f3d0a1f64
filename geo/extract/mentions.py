"""Find named parks, projects, bases, corridors and regions in normalized document text.

A name ends with a head (工业园区, 项目, 铁路, 基地 ...). Its qualifier runs left from the head to
the nearest list separator (、) or clause boundary, and is cut after the last framing verb
(推进, 依托, 加快 ...). Coordinated items sharing one head are expanded (甲、乙在建火电项目 ->
甲火电项目, 乙火电项目), and a qualifier with no anchor (a place, or a proper name that is no
common word, see geo.extract.anchors) names nothing in particular (重点园区, 各类园区, 省级经济开发区).
Mentions become entities in geo.extract.resolve.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import replace
from functools import cache, lru_cache
from operator import attrgetter
from typing import NamedTuple

from ahocorasick_rs import AhoCorasick, Implementation, MatchKind

from geo.corpus.documents import Document
from geo.corpus.sentences import Sentence, sentence_at
from geo.extract.anchors import (
    anchoring_places,
    generic_pattern,
    has_anchor,
    is_place_prefix,
    only_province,
    places_in,
)
from geo.extract.resolve import resolve
from geo.extract.validate import Standing, gate, validated
from geo.knowledge.gazetteer import PROVINCE_ABBREVIATIONS, inside_admin_name, macro_region_words
from geo.knowledge.industries import industry_keywords
from geo.knowledge.lexicon import (
    CORRIDOR_HEADS,
    CUT_WORDS,
    DASHES,
    DISCIPLINES,
    HEAD_KIND,
    HEAD_TAILS,
    LEADING_WORDS,
    LIST_MARKER,
    MULTI_UNIT_HEADS,
    PARK_HEADS,
    PHASE_TAILS,
    STATUS_WORDS,
)
from geo.knowledge.scanner import WordPattern, by_first_char, by_last_char
from geo.knowledge.store import knowledge_cache
from geo.model import KINDS, Entity, Mention, Rejection

__all__ = ["KINDS", "Entity", "Mention", "extract", "extract_mentions", "has_anchor", "places_of", "resolve"]

def _plain(words: Iterable[str]) -> list[tuple[str, str]]:
    """Words that need nothing after them, for by_first_char."""
    return [(word, "") for word in words]


MAX_CLAUSE_CHARS = 600  # longer than any clause of the seeds and dev documents (500); see _windows
MAX_EVIDENCE_CHARS = 1000  # the evidence of a name in an endless sentence (real ones: < 600)
_HEADS_BY_LENGTH = sorted(HEAD_KIND, key=len, reverse=True)
_TAILS = "(?:" + by_first_char(_plain(HEAD_TAILS)) + ")"
# Every alternative opens with its word (a lookbehind for the digit before 线 or the 等 before
# 新线 comes after the word), so the regex skips the positions where no head starts itself.
_HEAD = re.compile(
    "(?:"
    + by_first_char(
        [("线", r"(?<=[一二三四五六七八九十\d]线)"), ("新线", "(?<=等新线)"), *_plain(_HEADS_BY_LENGTH)]
    )
    + f"){_TAILS}?"
    "(?:" + "|".join(map(re.escape, PHASE_TAILS)) + r"|\d{1,2}号机组)?"
    r"(?![域网线路段局站]|客运|货运|公司|集团|化(?![工肥学纤]))"
)
_HEAD_AT_END = re.compile(f"(?:{by_first_char(_plain(_HEADS_BY_LENGTH))}){_TAILS}?$")
_TAIL_AT_END = re.compile(f"{_TAILS}$")
_CORRIDOR_HEAD_END = re.compile(r"(铁路|公路|高速公路|管道|高铁)$")
# A qualifier naming a line and what is done to it: the works are the line's (甲乙高速丙段扩容工程).
_LINEAR_WORKS = re.compile(
    r"(?:铁路|公路|高速|高速公路|管道|高铁|航道|客专|环线|环高|电力联网|复航)"
    r"(?:\([^()]*\)|[\u4e00-\u9fff]{1,10}段)?"
    r"(?:改造|扩容|扩能|整治|升级|电化|电气化|改扩建|扩建|建设|复航|联网)*$"
)
_SECTIONED_HEADS = ("铁路", "公路", "高速", "管道", "高铁", "大桥", "线", "文化公园")  # …丙段 may follow
_PARK_HEADS_BY_LENGTH = sorted(PARK_HEADS, key=len, reverse=True)
_PARK_ENDS = by_last_char(PARK_HEADS)


def _ends_with_park_head(text: str) -> bool:
    """`text.endswith(PARK_HEADS)`, trying only the heads that end with its last character."""
    return text.endswith(_PARK_ENDS.get(text[-1:], ()))


_ITEM_SEPARATOR = re.compile(r"以及|和|及|与|或|、|\(|\)")
_ITEM_WORD = re.compile(r"[和及与或、]")  # where _ITEM_SEPARATOR finds more than brackets
_CLAUSE_BREAK = re.compile(r"[,;:!?。\n]")
# Cut words that also begin words of names: 在建 (a status word), 向外送电, 有色金属, 有限公司.
_CUT_UNLESS = {"在": "(?!建)", "向": "(?!外)", "有": "(?![色限机轨序])"}
# …and cut words that end nouns of names: 综合利用 (甲盐穴综合利用示范基地), 防洪提升.
_CUT_UNLESS_AFTER = {"利用": ("综合", "循环", "资源化"), "提升": ("防洪", "整治")}


def _cut_word(word: str) -> tuple[str, str]:
    """A cut word and what must follow it: the lookbehinds for the nouns it may end (read
    after the word, so that every alternative of _CUT opens with its word) and the lookahead
    for the words it may begin."""
    before = "".join(f"(?<!{re.escape(noun + word)})" for noun in _CUT_UNLESS_AFTER.get(word, ()))
    return word, before + _CUT_UNLESS.get(word, "")


# A verb after 化 is the rest of a compound (工程化建设, 智能化改造), not a frame of the name.
_CUT = re.compile(
    "(?:"
    + by_first_char(
        map(_cut_word, sorted(CUT_WORDS, key=len, reverse=True)), lambda c: f"(?<!化{re.escape(c)})"
    )
    + ")"
)
_LEADING = re.compile(f"^(?:{by_first_char(_plain(sorted(LEADING_WORDS, key=len, reverse=True)))})")
_STATUS = re.compile(by_first_char(_plain(STATUS_WORDS)))
_SEQUENCE_SEP = re.compile(rf"[{DASHES}]|至")
_SEQUENCE_GLUE_CHAR = re.compile(rf"[{DASHES}至]")
_HAS_DASH = re.compile(rf"[{DASHES}]")
_LEADING_BRACKET = re.compile(r"^(?:\([^()]*\)|\[\d{1,3}\]\s*)")  # (一), a note mark [2]
_TRAILING_BRACKET = re.compile(r"\([^()]{1,12}\)")
_SPELLED_OUT = re.compile(r"\([\u4e00-\u9fff]{3,6}\)")
_PROVINCE_LETTERS = re.compile(rf"^[{''.join(PROVINCE_ABBREVIATIONS)}]{{3,}}")
_HEAD_OR_DASH = re.compile(f"{_HEAD.pattern}|[{DASHES}]")
_LIST_MARKER_ANYWHERE = re.compile(r"(?=[等\s\d二三四五六七八九十两])" + LIST_MARKER.pattern.removeprefix("^"))
_PLACE_PART = r"[\u4e00-\u9fff]{2,9}(?:\([\u4e00-\u9fff]{2,6}\))?"
_DASHED = re.compile(rf"{_PLACE_PART}(?:[{DASHES}]{_PLACE_PART})+")
_SEQUENCE = re.compile(rf"{_PLACE_PART}(?:(?:[{DASHES}]|至){_PLACE_PART})+")
_SEQUENCE_BEFORE = re.compile(rf"{_PLACE_PART}(?:[{DASHES}]|至){_PLACE_PART}$")
# A corridor head followed by its section: 联络线甲-乙-丙, 高速丁至戊段
_SECTION_AFTER = re.compile(
    rf"[\u4e00-\u9fff]{{2,8}}(?:(?:[{DASHES}]|至)[\u4e00-\u9fff]{{2,8}}?)+段|[\u4e00-\u9fff]{{2,6}}(?:[{DASHES}][\u4e00-\u9fff]{{2,6}})+(?=$|、)"
)
_REDUNDANT_RAIL = re.compile(r"(客专|客运专线)铁路$")  # a 客专 is a railway: 甲至乙客专铁路 = 甲至乙客专
_CORRIDOR_TAIL = re.compile(r"(扩能改造|电气化改造|扩能|项目|工程)$")
# What _CORRIDOR_TAIL can end a name with ($ also matches before a final line break)
_CORRIDOR_TAIL_WORDS = ("扩能改造", "电气化改造", "扩能", "项目", "工程", "\n")
_ENUMERATION = re.compile(
    r"^\s*(?:第[一二三四五六七八九十百\d]+[章节条]\s*|\d{1,3}[.、]|\(?[一二三四五六七八九十]+[)、]|\(\d{1,2}\))"
)
# The characters _ENUMERATION can open a clause with, besides digits (\\d) and whitespace (\\s)
_ENUMERATION_OPENERS = frozenset("第(一二三四五六七八九十")
_SHARED_LEAD = re.compile(r"^(盟市|地区|城市|省市|旗县|市|地|的|大型|多条|以上|一批|[百千万亿]+级)+")
# Size classes shared by listed items are no part of each one's name (甲、乙大型水库 -> 甲水库).
_SHARED_CLASS = re.compile(r"^(?:大型|中型|大中型|一批)+")
_OPENERS = "《“\"'•●▪■◆"  # quotes, and the bullets of lists
_CJK_ONLY = re.compile(r"[\u4e00-\u9fff]+$")
_CONJUNCTIONS = frozenset("及和与或")
_SEQUENCE_GLUE = frozenset("至经" + DASHES)
_MAX_NAME = 48


def _inside_parentheses(text: str, at: int) -> bool:
    if "(" not in text:
        return False
    return text[:at].count("(") > text[:at].count(")")


def _after_last_cut(text: str) -> int:
    """Offset where a name may start: after the last framing verb outside places and brackets
    (not cached itself: _read_item, which asks it, is)."""
    matches = list(_CUT.finditer(text))
    if not matches:
        return 0
    protected = _place_spans_holding(text, matches)
    for match in reversed(matches):
        if any(s <= match.start() and match.end() <= e for s, e in protected):
            continue  # a cut word inside a place name (通辽 holds no 通过)
        if match.group() == "的" and _SEQUENCE_BEFORE.search(text[: match.start()]):
            continue  # 甲-乙-丙的公路大通道: the sequence is the name
        if not _inside_parentheses(text, match.start()):
            return match.end()
    return 0


def _place_spans_holding(text: str, matches: list[re.Match[str]]) -> list[tuple[int, int]]:
    """Spans of the places in `text`, scanned only when one of `matches` could lie inside a place
    name at all (few framing words and conjunctions do: 新建, 和); otherwise none matter."""
    if not any(inside_admin_name(m.group()) for m in matches):
        return []
    places = places_in(text)
    return [
        (m.start, m.end)
        for i, m in enumerate(places)
        if not _compass_and_conjunction(text, m.start, m.end)
        or (i > 0 and places[i - 1].end == m.start and _encloses(places[i - 1], m))
    ]


_PARENT_DIGITS = {"province": 2, "prefecture": 4}


def _encloses(outer, inner) -> bool:
    """Whether a unit of `outer` (a province or prefecture) holds a unit of `inner` (邢台南和)."""
    return any(
        i.adcode[: _PARENT_DIGITS[o.level]] == o.adcode[: _PARENT_DIGITS[o.level]]
        for o in outer.units
        if o.level in _PARENT_DIGITS
        for i in inner.units
    )


_COMPASS_CONJUNCTION = re.compile(r"[东西南北][和及与]")
_CUT_BEFORE = re.compile(f"(?:{_CUT.pattern})$")


def _compass_and_conjunction(text: str, start: int, end: int) -> bool:
    """甲南和乙: a two-character place of a compass point and a conjunction (南和, 西和) right
    after the characters of another name is that name's quarter and a conjunction, not the
    county; after a framing verb, its own province or prefecture or at the start it is the county."""
    return (
        end - start == 2
        and bool(_COMPASS_CONJUNCTION.fullmatch(text, start, end))
        and start > 0
        and "\u4e00" <= text[start - 1] <= "\u9fff"
        and not _CUT_BEFORE.search(text, 0, start)
    )


def _quoted_part(text: str) -> bool:
    """Whether `text` opens with a quoted part that closes inside it (“甲乙”丙区)."""
    return text[:1] == "“" and "”" in text[2:]


def _strip_leading(text: str) -> tuple[int, str]:
    """Drop leading quotes, prepositions and adverbs (以, 在, 重点); returns (dropped, rest)."""
    dropped = 0
    while True:
        stripped = _LEADING_BRACKET.sub("", text) if text[:1] in "([" else text  # what it opens with
        if not _quoted_part(stripped):  # “甲乙”丙区: the quote belongs to the name
            stripped = stripped.lstrip(_OPENERS + " ")
        dropped += len(text) - len(stripped)
        text = stripped
        match = _LEADING.match(text)
        if not match or len(text) - match.end() < 2:
            return dropped, text
        places = places_in(text[:6])
        if places and places[0].start == 0:
            return dropped, text  # a place name that begins like a function word
        dropped += match.end()
        text = text[match.end() :]


@knowledge_cache()
def _read_item(item: str) -> tuple[int, int, str]:
    """An item with the words before its last framing verb cut and its leading words stripped:
    (cut, dropped, rest). One cached answer for both steps: every later head of a clause reads
    the same items again (its previous items, its items sharing a head)."""
    cut = _after_last_cut(item)
    dropped, rest = _strip_leading(item[cut:] if cut else item)
    return cut, dropped, rest


@knowledge_cache()
def _read_piece(piece: str) -> tuple[int, int, str, tuple[int, int] | None]:
    """What a head reads of the item before it: _read_item's (cut, dropped, qualifier) and the
    qualifier's _list_marker, one cached answer instead of three."""
    cut, dropped, qualifier = _read_item(piece)
    return cut, dropped, qualifier, _list_marker(qualifier)


def _split_items(text: str, base: int = 0) -> list[tuple[int, str]]:
    """Split on 、 and on 和/及/与 outside parentheses and place names; (base + offset, item)
    pairs (`base`: where `text` starts in the clause, added here rather than by a second list)."""
    if not _ITEM_WORD.search(text):
        return [(base, text)]  # brackets alone split nothing: one search in C, no match objects
    if not _JOIN_OR_BRACKET.search(text):
        return _split_at_commas(text, base)  # 、 alone (most lists): no depth, no place to protect
    separators = list(_ITEM_SEPARATOR.finditer(text))
    joins = [m for m in separators if m.group() not in "、()"]
    protected = _place_spans_holding(text, joins) if joins else []
    items, depth, start = [], 0, 0
    for match in separators:
        separator = match.group()
        if separator == "(":
            depth += 1
        elif separator == ")":
            depth = max(0, depth - 1)
        elif depth == 0 and not (separator != "、" and any(s <= match.start() < e for s, e in protected)):
            items.append((base + start, text[start : match.start()]))
            start = match.end()
    items.append((base + start, text[start:]))
    return items


_JOIN_OR_BRACKET = re.compile(r"[和及与或()]")  # what _ITEM_SEPARATOR finds besides 、 (以及 holds 及)


def _split_at_commas(text: str, base: int) -> list[tuple[int, str]]:
    """What _split_items gives for a text whose only separators are 、: str.split in C."""
    items, at = [], base
    for part in text.split("、"):
        items.append((at, part))
        at += len(part) + 1
    return items


_MARKS = _OPENERS + "” "


def _trim_marks(name: str) -> str:
    """Quotes and bullets at the ends go, unless they pair with one inside the name (“甲乙”丙公路,
    甲“乙工程”): a quoted part is the name's own."""
    start, end = 0, len(name)
    while start < end and name[start] in _MARKS and not (name[start] == "“" and "”" in name[start + 2 : end]):
        start += 1
    while (
        end > start
        and name[end - 1] in _MARKS
        and not (name[end - 1] == "”" and "“" in name[start : end - 2])
    ):
        end -= 1
    return name[start:end]


# Traditional texts quote with corner brackets; names are written as Simplified texts quote.
_CORNER_QUOTES = str.maketrans("「」『』", "“”‘’")
_CORNER_QUOTE = re.compile("[「」『』]")
# Either of what _clean_name rewrites inside a name: most names hold neither (one search in C)
_QUOTE_OR_STATUS = re.compile(f"[「」『』]|{_STATUS.pattern}")
_MARK_SET = frozenset(_MARKS)


def _clean_name(name: str, kind: str = "") -> str:
    """Drop status words (在建, 拟建) from a name unless that leaves too little; a corridor's
    name drops its works (铁路电气化改造 -> 铁路, 铁路项目 -> 铁路), its surface keeps them.
    Corner quotes become the quotes of Simplified texts (「甲」 -> “甲”)."""
    if _QUOTE_OR_STATUS.search(name):
        if _CORNER_QUOTE.search(name):  # translate looks up every character: only where one is
            name = name.translate(_CORNER_QUOTES)
        without = _STATUS.sub("", name)
        name = without if len(without) >= 4 else name
    if name[:1] in _MARK_SET or name[-1:] in _MARK_SET:  # most names neither open nor end with one
        name = _trim_marks(name)
    if kind == "corridor":
        if name.endswith(_CORRIDOR_TAIL_WORDS):  # the regex, tried at every position, only then
            name = _CORRIDOR_TAIL.sub("", name)
        name = _without_redundant_rail(name)
    return name


def _without_redundant_rail(name: str) -> str:
    """What `_REDUNDANT_RAIL.sub(r"\\1", name)` gives, without the template: re hands a
    replacement with a backslash to a Python function (re._subx) on every call."""
    match = _REDUNDANT_RAIL.search(name) if name.endswith(("铁路", "\n")) else None  # $: or before \n
    return name if match is None else name[: match.start()] + match.group(1) + name[match.end() :]


# --- places of corridors and regions ----------------------------------------------------------


@cache
def _corridor_words() -> re.Pattern[str]:
    heads = sorted(CORRIDOR_HEADS, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, heads)))


def _bare_end(part: str) -> str:
    """The last place of a sequence without the works that follow it (延长长输管道 -> 延长,
    乙天然气 -> 乙), for places the gazetteer does not scan in running text."""
    head = _corridor_words().search(part, 2)
    if head:
        part = part[: head.start()]
    while True:
        ending = [m for m in generic_pattern().finditer(part, 2) if m.end() == len(part)]
        if not ending:
            return part
        part = part[: ending[0].start()]


def _trim_parts(parts: list[str]) -> tuple[str, ...]:
    """Trim the first part to the place it ends with, the last to the place it starts with."""
    first = places_in(parts[0])
    if first and first[-1].end == len(parts[0]) and first[-1].start > 0:
        parts[0] = parts[0][first[-1].start :]
    parts[-1] = _bare_end(parts[-1])
    last = places_in(parts[-1])
    if (
        last
        and last[0].start == 0
        and last[0].end < len(parts[-1])
        and not parts[-1].endswith(")")
        and not has_anchor(parts[-1][last[0].end :])  # 巴彦呼舒 is no 巴彦 followed by words
    ):
        parts[-1] = parts[-1][: last[0].end]
    return tuple(parts)


def _trimmed(match: re.Match[str]) -> tuple[int, int, tuple[str, ...]]:
    """A matched place sequence trimmed to its places: (start, end, parts)."""
    raw = [p for p in _SEQUENCE_SEP.split(match.group()) if p]
    parts = _trim_parts(list(raw))
    return match.start() + len(raw[0]) - len(parts[0]), match.end() - (len(raw[-1]) - len(parts[-1])), parts


@knowledge_cache()
def places_of(qualifier: str) -> tuple[str, ...]:
    """Ordered places of A-B-C or A至B至C in a qualifier (cached: items repeat)."""
    if not _SEQUENCE_GLUE_CHAR.search(qualifier):
        return ()  # no dash, no 至: no sequence (a search of _SEQUENCE tries every position)
    match = _SEQUENCE.search(qualifier)
    return _trimmed(match)[2] if match else ()




def _multi_unit_abbreviation(qualifier: str) -> bool:
    """晋陕豫 (province abbreviations), an abbreviation spelled out in brackets (乌大张), or a
    region over several provinces (长三角)."""
    return bool(
        _SPELLED_OUT.search(qualifier)
        or _PROVINCE_LETTERS.match(qualifier)
        or qualifier.startswith(macro_region_words())
    )


@cache
def _base_head(head: str) -> str:
    """The longest known head that opens `head` (铁路扩能 -> 铁路); few distinct, so cached."""
    return next((head[:n] for n in range(len(head), 0, -1) if head[:n] in HEAD_KIND), "")


def _kind(head: str, qualifier: str, places: tuple[str, ...]) -> str:
    base_head = _base_head(head)
    if not base_head:
        return "corridor"  # 甲乙线, 甲线: a line
    kind = HEAD_KIND[base_head]
    if kind == "project" and _LINEAR_WORKS.search(qualifier):
        return "corridor"  # 甲至乙铁路改造项目, 甲航道整治工程, 甲乙电力联网工程: works on a line
    if base_head in MULTI_UNIT_HEADS and (len(places) >= 2 or _multi_unit_abbreviation(qualifier)):
        return "region"
    return kind


# --- coordination -----------------------------------------------------------------------------


def _list_marker(qualifier: str) -> tuple[int, int] | None:
    """Where 等 / 三大 / 两个 separates coordinated items from their shared words (asked through
    _read_piece, which is cached)."""
    for match in _LIST_MARKER_ANYWHERE.finditer(qualifier, 1):
        if not _inside_parentheses(qualifier, match.start()):
            return match.start(), match.end()
    return None


def _previous_items(items: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Coordinated items before the last one, leftwards until a framing verb opens the list."""
    out: list[tuple[int, str]] = []
    for offset, item in reversed(items):
        cut, dropped, cleaned = _read_item(item)
        hosts = _ends_with_park_head(cleaned)
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
    sequence = _SEQUENCE.match(qualifier) if _SEQUENCE_GLUE_CHAR.search(qualifier) else None  # needs 至 or a dash
    if sequence:
        return _trimmed(sequence)[1]
    if _ends_with_park_head(previous):  # most previous items end with no park head: no search
        for head in _PARK_HEADS_BY_LENGTH:
            if previous.endswith(head):
                at = qualifier.find(head)
                if at > 0 and at + len(head) < len(qualifier):
                    return at + len(head)
    places = places_in(qualifier)
    if places and places[0].start == 0 and places[0].end < len(qualifier):
        return places[0].end
    if 2 <= len(previous) < len(qualifier) and qualifier[len(previous) - 1] == previous[-1]:
        return len(previous)
    return 0


def _item_before_generic(qualifier: str, previous: str) -> int:
    """Length of the proper part of the last item before shared generic and industry words
    (甲、乙风电项目: 乙 | 风电; 甲、乙水电站: 乙 | -); the whole when the previous item ends
    with those words too (甲口岸、乙口岸后方通道); 0 when the part names nothing."""
    rest = _bare_end(qualifier) if len(qualifier) > 2 else qualifier
    if len(rest) < 2 or not (has_anchor(rest) or (has_anchor(previous) and _proper_shaped(rest))):
        return 0
    return len(qualifier) if previous.endswith(qualifier[len(rest) :]) else len(rest)


def _one_head_items(
    items: list[tuple[int, str]], clause: str, qualifier: str, q_start: int, head: str
) -> list[tuple[int, str]]:
    """甲北站、乙北站综合枢纽: items listed with 、 that end with the head the last one ends with,
    before a further head, share that further head (甲北站综合枢纽); not a bare 项目 or 工程
    (甲电站、乙电站项目 names two plants), nor parks, which host what follows them."""
    end = _HEAD_AT_END.search(qualifier)
    if not end or end.start() < 2 or head in ("项目", "工程") or _ends_with_park_head(qualifier):
        return []
    out: list[tuple[int, str]] = []
    following = items[-1][0]
    for offset, item in reversed(items[:-1]):
        at, dropped, cleaned = _read_item(item)
        if clause[following - 1 : following] != "、" or not cleaned.endswith(end.group()):
            break
        if len(cleaned) < len(end.group()) + 2:
            break
        out.insert(0, (offset + at + dropped, cleaned))
        if at:
            break
        following = offset
    return [*out, (q_start, qualifier)] if out else []


def _coordinated(
    previous: list[tuple[int, str]],
    qualifier: str,
    q_start: int,
    marker: tuple[int, int] | None,
    in_list: bool = False,
    line: bool = False,
) -> tuple[list[tuple[int, str]], str]:
    """The coordinated items sharing this head, and the words they share (empty list: none).
    A name that is itself an item of a longer list (甲、乙、丙北站等…) shares no head with the
    items before it unless their shared words say so. `previous`: the head's _previous_items,
    `marker`: its qualifier's _list_marker (both found once per head)."""
    if _quoted_part(qualifier):
        return [], qualifier  # 甲、乙、“丙丁”公路: a quoted name takes the head alone
    if marker:
        # 甲航空枢纽、乙等10个国家物流枢纽: an item with a head of its own is no member named by
        # the class head
        previous = [(o, item) for o, item in previous if not _HEAD_AT_END.search(item)]
    if marker and (previous or qualifier.startswith("等", marker[0])):
        shared = _SHARED_LEAD.sub("", qualifier[marker[1] :])
        return [*previous, (q_start, qualifier[: marker[0]])], shared
    if not previous:
        return [], qualifier
    # 甲乙、丙丁扩容、戊己高速: a line's works (扩容) may end an item of a list of lines
    bare = all(
        not _HEAD.search(item) and (not _TAIL_AT_END.search(item) or (line and _abbreviated_works(item)))
        for _, item in previous
    )
    hosts = not bare and all(_ends_with_park_head(item) for _, item in previous)  # asked only if not bare
    if not (bare or hosts):
        return [], qualifier
    unit = _leading_unit(qualifier, previous[-1][1]) or (
        0 if in_list else _item_before_generic(qualifier, previous[-1][1])
    )
    corridor = _CORRIDOR_HEAD_END.search(qualifier)
    if not unit and bare and corridor and corridor.start() >= 2:
        unit = corridor.start()  # 甲乙、丙丁戊铁路项目: the items share 铁路
    if not unit or (hosts and not bare and not _ends_with_park_head(qualifier[:unit])):
        return [], qualifier
    return [*previous, (q_start, qualifier[:unit])], _SHARED_CLASS.sub("", qualifier[unit:])


# --- mentions ---------------------------------------------------------------------------------


def _sentence_of(doc: Document, offset: int) -> str:
    """The evidence sentence, cut to a window around the name when it is endless (placement and
    classification read it once per entity)."""
    sentence = _sentence_at(doc.sentences, offset)
    if sentence is None:
        return ""
    if len(sentence.text) <= MAX_EVIDENCE_CHARS:
        return sentence.text
    step = MAX_EVIDENCE_CHARS // 4  # the name starts at least 2 steps in and ends before the end
    start = sentence.start + max(0, (offset - sentence.start) // step - 2) * step
    return _evidence_window(doc, start, min(sentence.end, start + MAX_EVIDENCE_CHARS))


_last_found: tuple[list[Sentence], Sentence] | None = None


def _sentence_at(sentences: list[Sentence], offset: int) -> Sentence | None:
    """sentence_at, trying the sentence found last first: the names of one head, and the heads
    of one clause, mostly stand in one sentence (sentences do not overlap, so one that holds
    the offset is the one a search would find)."""
    global _last_found
    last = _last_found  # one read: another thread may replace the pair, never half of it
    if last is not None and last[0] is sentences and last[1].start <= offset < last[1].end:
        return last[1]
    found = sentence_at(sentences, offset)
    if found is not None:
        _last_found = (sentences, found)
    return found


@lru_cache(maxsize=8)
def _evidence_window(doc: Document, start: int, end: int) -> str:
    """One string per window on a fixed grid, shared by the names in it (a copy per name of a
    run-on line took 2 GB)."""
    return doc.text[start:end]


def _named(kind: str, head: str, qualifier: str, places: tuple[str, ...]) -> bool:
    """Whether an anchored qualifier with this head still names one thing in particular."""
    if kind in ("park", "base") and only_province(qualifier):
        return False  # 内蒙古文化产业园区: a class of parks of the province
    if kind == "base" and "至" in qualifier:
        return False  # 甲风电至乙消纳基地: a flow of power, not a located base
    # 电力外送通道, 信息通道: a channel needs its ends
    # 甲乙过江通道: two places side by side are its ends
    ends = len(places) >= 2 or "至" in qualifier or len(anchoring_places(qualifier)) >= 2
    # 甲高铁通道: a channel of one line's mode is that line's, named like it
    return not (kind == "corridor" and "通道" in head and not ends and not head.startswith(("高铁", "铁路")))


def _heads_in(clause: str, starts: list[int] | None) -> Iterable[re.Match[str]]:
    """What `_HEAD.finditer(clause)` finds, trying only `starts` (the offsets in `clause` where a
    head or 线 begins, from the document's one automaton pass) when they are given: a match needs
    a head at its start, and the regex searching a window visits every character."""
    if starts is None:
        return _HEAD.finditer(clause)
    found, end = [], 0
    for at in starts:
        if at >= end and (head := _HEAD.match(clause, at)):
            found.append(head)
            end = head.end()
    return found


def _clause_mentions(doc: Document, clause: str, base: int, starts: list[int] | None = None) -> list[Mention]:
    floor, first = 0, clause[:1]
    # an enumeration mark (一、, (2), 第三条) opens few clauses: the regex only where one may
    if first in _ENUMERATION_OPENERS or first.isdecimal() or first.isspace():  # \d, \s in re
        enumeration = _ENUMERATION.match(clause)
        floor = enumeration.end() if enumeration else 0
    found: list[Mention] = []
    bracketed = "(" in clause  # else no head stands inside parentheses: no count per head
    for head in _heads_in(clause, starts):
        at = head.start()
        if at > floor and not (bracketed and _inside_parentheses(clause, at)):
            found += _head_mentions(doc, clause, base, head, floor)
    if len(found) > 1:
        found = _drop_nested(found)
    if not _HAS_DASH.search(clause):
        return found
    return found + _standalone_sequences(doc, clause, base, found)


_PLACE_SECTION = re.compile(r"\(?([\u4e00-\u9fff]{2,14}?)段(?:\([\u4e00-\u9fff]{1,4}\))?\)?")
_SECTION_WORKS = re.compile(r"扩能改造|扩容改造|改扩建|扩容|扩能|扩建|改造")


def _all_places(text: str) -> bool:
    """Whether `text` is places joined by 至 or dashes (丙省, 丙至丁)."""
    return all(p and is_place_prefix(p) for p in _SEQUENCE_SEP.split(text))


def _place_section_end(clause: str, end: int) -> int:
    """End of a section named by its places after a corridor head (甲乙铁路丙省段, 甲乙高速丙至丁段
    扩容, 甲乙高速丙北段), with the works that follow it; `end` when there is none."""
    if clause.find("段", end + 2, end + 17) < 0:
        return end  # no 段 where _PLACE_SECTION could end (most lines name no section): no regex
    section = _PLACE_SECTION.match(clause, end)
    if not section:
        return end
    named = section.group(1)
    if not _all_places(named) and not (named[-1] in "东西南北中" and _all_places(named[:-1])):
        return end
    works = _SECTION_WORKS.match(clause, section.end())
    return works.end() if works else section.end()


# 甲口岸建设, 甲口岸正式开放, 甲口岸实现…: a port that is itself what the text builds or reports on
_PORT_IN_ITS_OWN_RIGHT = re.compile(
    r"$|[^\u4e00-\u9fff、]|(?:建设|建成|开放|正式|实现|入选|开通|扩建|改造|升级|获批|列入|纳入|项目|工程)"
)
_PORT_LIST_REST = re.compile(r"(?:[、和及与][\u4e00-\u9fff]{1,12}?口岸)*")


_DISCIPLINE_ENDS = by_last_char(DISCIPLINES)
_NOT_A_ROAD = re.compile(r"[发增度化公铁运]")  # 高速发展, 高速增长: no road


def _not_a_works(clause: str, head: re.Match[str]) -> bool:
    """A head that names no works here: 高速发展, 高速增长 (no road), 遗传工程 (a field of study)."""
    text, end = head.group(), head.end()
    if text == "高速" and _NOT_A_ROAD.match(clause, end):
        return True
    if text.endswith("口岸"):
        after = _PORT_LIST_REST.match(clause, end).end()  # 甲口岸、乙口岸优势: the list's end
        return not _PORT_IN_ITS_OWN_RIGHT.match(clause, after)  # 甲口岸优势: named in passing
    # no copy of the clause's prefix; only the disciplines its last character ends
    return clause.endswith(_DISCIPLINE_ENDS.get(clause[end - 1 : end], ()), 0, end)


def _extended_head(clause: str, head: re.Match[str]) -> tuple[str, int]:
    """The head with the section or works that belong to it (联络线甲至乙段, 铁路丙省段扩能)."""
    head_text, end = head.group(), head.end()
    if head_text in ("联络线", "高速", "连接线"):
        section = _SECTION_AFTER.match(clause, end)
        if section:
            head_text, end = head_text + section.group(), section.end()
    if head_text.endswith(_SECTIONED_HEADS):
        section_end = _place_section_end(clause, end)
        return head_text + clause[end:section_end], section_end
    if head_text.endswith("段"):
        works = _SECTION_WORKS.match(clause, end)
        if works:
            return head_text + works.group(), works.end()
    return head_text, end


def _named_before_quote(qualifier: str) -> bool:
    """甲河“乙丙”项目: a proper name before the quoted slogan says where the works are."""
    at = qualifier.rfind("“")
    return at >= 2 and has_anchor(qualifier[:at])


class _At(NamedTuple):
    """Where one head stands: its document, clause and offsets, for the mentions that end there.
    A named tuple: one is made per head, and a frozen dataclass costs several times as much."""

    doc: Document
    clause: str
    base: int
    head: re.Match[str]
    head_text: str
    surface_end: int

    def mention(
        self, name: str, kind: str, start: int, places: tuple[str, ...], confidence: float
    ) -> Mention:
        surface = self.clause[start : self.surface_end]
        surface = name if surface == name else surface  # one string for both (half the mentions)
        sentence = _sentence_of(self.doc, self.base + self.head.start())  # only for heads that name something
        return Mention(
            self.doc.name,
            name,
            kind,
            surface,
            self.base + start,
            self.base + self.surface_end,
            sentence,
            places,
            confidence,
        )


# A NamedTuple's __new__ is a Python function; one head makes one _At: made in C instead
_new_at = tuple.__new__

# 甲乙、丙丁等新线: the new lines of a list are railways (铁路新线), named 甲乙铁路.
_HEAD_READS_AS = {"新线": "铁路"}


def _head_mentions(doc: Document, clause: str, base: int, head: re.Match[str], floor: int) -> list[Mention]:
    """The mentions that end with one head: one name, a coordinated list, or none."""
    if _not_a_works(clause, head):
        return []
    head_text, end = _extended_head(clause, head)
    head_text = _HEAD_READS_AS.get(head_text, head_text)
    trailing = _TRAILING_BRACKET.match(clause, end) if clause.startswith("(", end) else None
    at = _new_at(_At, (doc, clause, base, head, head_text, trailing.end() if trailing else end))
    items = _split_items(clause[floor : head.start()], floor)
    if len(items) > 1:  # one item (most heads): nothing to rejoin
        items = _rejoin_last(items, clause)
        items = _rejoin_way_points(_rejoin_link_ends(items, clause, head.group()), clause)
    piece_offset, piece = items[-1]
    cut, dropped, qualifier, marker = _read_piece(piece)
    q_start = piece_offset + cut + dropped
    if qualifier.endswith("”") and not anchoring_places(qualifier) and not _named_before_quote(qualifier):
        return []  # “甲乙”工程: a programme's slogan, not a located project
    if clause.startswith("”", end) and qualifier.count("“") > qualifier.count("”"):
        # 甲“乙工程”: the quote closes after the head
        at = at._replace(head_text=head_text + "”", surface_end=end + 1)
    if not marker and (cut or len(items) == 1):
        # no list marker and no items before this one (most heads): no reading of a list below
        # can yield, so the single name (or none) is the answer without asking them
        return _single_mention(at, items, [], cut, qualifier, q_start, piece_offset)
    # the coordinated items before this one: asked by every reading of a list below, found once
    previous = _previous_items(items[:-1]) if len(items) > 1 and cut == 0 else []
    if marker and (
        _HEAD_AT_END.search(qualifier[: marker[0]])
        or _TAIL_AT_END.search(qualifier[: marker[0]])
        or (at.head.group() == "工程" and _WATER_WORKS_END.search(qualifier[: marker[0]]))
    ):
        return _class_head_items(at, previous, qualifier, q_start, marker)
    # 甲、乙、丙北站等高铁项目: this name is an item of a list whose head comes later
    in_list = clause.startswith("等", end) and bool(_HEAD.search(clause, end + 1))
    line = HEAD_KIND.get(_HEAD_READS_AS.get(head.group(), head.group())) == "corridor"
    if cut == 0 and len(items) > 1:
        same = _one_head_items(items, clause, qualifier, q_start, head.group())
        if same and _list_anchored(same, clause):
            return _coordinated_mentions(at, same, "")
    coordinated, shared = _coordinated(previous, qualifier, q_start, marker, in_list, line)
    if coordinated:
        coordinated = _rejoin_conjoined(_share_prefix(coordinated), clause)
    if coordinated and (
        _list_anchored(coordinated, clause)
        or (line and not shared and _abbreviated_lines(coordinated, clause))
    ):
        return _coordinated_mentions(at, coordinated, shared)
    return _single_mention(at, items, previous, cut, qualifier, q_start, piece_offset)


# Works on a river or its banks named by what they do (甲江干流防洪提升, 乙河综合治理): listed
# before a class label of 工程, each is a works of its own.
_WATER_WORKS_END = re.compile(
    r"(?:江|河|湖|干流|支流|流域|库区)[\u4e00-\u9fff]{0,4}(?:防洪提升|防洪治理|综合治理|整治提升)$"
)


def _share_works(listed: list[tuple[int, str]], clause: str) -> list[tuple[int, str]]:
    """甲乙和丙丁扩能: a bare item joined by 和/及/与 to one ending with works shares the works
    (甲乙扩能, 丙丁扩能); items listed with 、 keep their own."""
    out = list(listed)
    for i in range(len(out) - 2, -1, -1):
        (offset, item), (next_offset, following) = out[i], out[i + 1]
        works = _TAIL_AT_END.search(following)
        joined = clause[offset + len(item) : next_offset] in ("和", "及", "与")
        if joined and works and not _TAIL_AT_END.search(item) and not _HEAD.search(item):
            out[i] = (offset, item + works.group())
    return out


def _class_head_items(
    at: _At, previous: list[tuple[int, str]], qualifier: str, q_start: int, marker: tuple[int, int]
) -> list[Mention]:
    """甲供水工程、乙储罐扩建等生态项目: the items are names of their own, the head a class; items
    with a head are found at their head, items ending with works (扩建) here (甲乙、丙丁戊、甲站等
    高铁项目: bare items before a corridor class are corridors)."""
    listed = _share_works([*previous, (q_start, qualifier[: marker[0]])], at.clause)
    shared = _SHARED_LEAD.sub("", qualifier[marker[1] :])
    line = _CORRIDOR_HEAD_END.search(shared) or HEAD_KIND.get(at.head.group()) == "corridor"
    line_head = shared if _CORRIDOR_HEAD_END.search(shared) else shared + at.head_text
    out = [
        at.mention(item + "工程", "project", offset, (), 0.7)  # 甲江干流防洪提升等重大工程
        for offset, item in listed
        if at.head.group() == "工程" and _WATER_WORKS_END.search(item) and has_anchor(item)
    ]
    out += [
        at.mention(_clean_name(_works_moved(item, line_head)), "corridor", offset, (), 0.6)
        if line and not _HEAD.search(item)  # 甲乙扩能等铁路项目: 甲乙铁路扩能
        else at.mention(_clean_name(item), "project", offset, (), 0.7)
        for offset, item in listed
        if _TAIL_AT_END.search(item) and not _HEAD_AT_END.search(item) and has_anchor(item)
    ]
    if line:
        bare = [(o, i) for o, i in listed if not _HEAD.search(i) and not _TAIL_AT_END.search(i)]
        out += [
            at.mention(_clean_name(item + shared + at.head_text, "corridor"), "corridor", o, (), 0.6)
            for o, item in bare
            if has_anchor(item)
        ]
    return out


_SECTOR = re.compile(r"(铁路|高铁|高速公路|公路)方面")
_ABBREVIATION = re.compile(r"[\u4e00-\u9fff]{2,5}")


def _sector_lines(at: _At, coordinated: list[tuple[int, str]], shared: str) -> list[Mention]:
    """铁路方面抓好甲乙、丙丁等项目: under a sector heading, short bare items listed before a bare
    项目 are lines of that sector named by their abbreviations (甲乙铁路, 丙丁铁路)."""
    if at.head.group() not in ("项目", "工程") or shared or not coordinated:
        return []
    sectors = list(_SECTOR.finditer(at.clause, 0, coordinated[0][0]))
    if not sectors:
        return []
    sector = sectors[-1]
    bases = [_works_moved(item, sector.group(1)) for _, item in coordinated]
    if not all(_ABBREVIATION.fullmatch(_TAIL_AT_END.sub("", item)) for _, item in coordinated):
        return []
    first = coordinated[0][0]
    return [at.mention(name, "corridor", first, places_of(name), 0.6) for name in bases]


# 高速公路续建甲至乙等7个项目: the sector opens the list, a status word follows it.
_SECTOR_FIRST = re.compile(r"^(高速公路|铁路|高铁|公路)(?:续建|新建|在建|拟建|新开工|开工建设|开工)(.{4,})$")


def _sector_first_lines(at: _At, coordinated: list[tuple[int, str]]) -> list[Mention]:
    """Lines between places listed after their sector and a status word, before a bare 项目
    (高速公路续建甲至乙等项目 -> 甲至乙高速公路); the items are the lines, not projects named by
    the sector."""
    if at.head.group() not in ("项目", "工程"):
        return []
    first = _SECTOR_FIRST.match(coordinated[0][1])
    items = [first.group(2), *(item for _, item in coordinated[1:])] if first else []
    if not items or not all(len(places_of(item)) >= 2 for item in items):
        return []
    start = coordinated[0][0]
    return [at.mention(item + first.group(1), "corridor", start, places_of(item), 0.6) for item in items]


def _abbreviated_works(item: str) -> bool:
    """甲乙扩容: works on a line named by a short abbreviation alone (not 甲线电化扩能, whose line
    is named)."""
    rest = _TAIL_AT_END.sub("", item)
    return bool(_ABBREVIATION.fullmatch(rest)) and len(rest) <= 4 and "线" not in rest


def _works_moved(item: str, head: str) -> str:
    """甲乙扩容 + 高速 -> 甲乙高速扩容: a line's works follow its head."""
    tail = _TAIL_AT_END.search(item)
    if tail and tail.start() >= 2:
        return item[: tail.start()] + head + tail.group()
    return item + head


def _coordinated_mentions(at: _At, coordinated: list[tuple[int, str]], shared: str) -> list[Mention]:
    """One mention per coordinated item (甲、乙火电项目), all citing the shared surface; none when
    one item names nothing."""
    sector = _sector_lines(at, coordinated, shared) or _sector_first_lines(at, coordinated)
    if sector:
        return sector
    first = coordinated[0][0]
    out = []
    for _, item in coordinated:
        places = places_of(item)
        kind = _kind(at.head_text, item + shared, places)
        if not _named(kind, at.head_text, item + shared, places):
            return []
        if kind == "corridor" and not shared.strip() and _TAIL_AT_END.search(item):
            name = _clean_name(_works_moved(item, at.head_text))  # keeps its works: 甲乙高速扩容
            out.append(at.mention(name, kind, first, places, 0.6))
            continue
        mention = at.mention(_clean_name(item + shared + at.head_text, kind), kind, first, places, 0.7)
        out.append(mention if has_anchor(item) else replace(mention, listed=True, confidence=0.6))
    return out


def _proper_shaped(item: str) -> bool:
    """Whether a list item may be a proper name jieba reads as common words (a reservoir's
    name, an abbreviation): short, and holding no generic or industry word of two characters or
    more (专用马铃薯, 烧碱深加工 describe a product, not a place)."""
    return 2 <= len(item) <= 6 and bool(_CJK_ONLY.match(item)) and not generic_pattern(2).search(item)


@cache
def _industry_pattern() -> WordPattern:
    """Industry words of two characters or more, as an automaton read like their regex
    alternation: compiling that regex of a thousand words cost 0.1 s of CPU in every process
    that read a maker's list, the automaton a few ms."""
    return WordPattern(w for w in industry_keywords() if len(w) >= 2)


def _maker_shaped(item: str) -> bool:
    """Whether a list item is a maker's name and its product (中创新远动力电池及储能): jieba
    reads some makers' names as common words (中, 创新, 远), but four to six characters before the
    first industry word, at least two of them no generic word, name the maker (a product's
    modifier is shorter: 高油大豆, 强中筋小麦)."""
    product = _industry_pattern().search(item, 4)
    if not product or product.start() > 6:
        return False
    maker = item[: product.start()]
    return bool(_CJK_ONLY.match(maker)) and generic_pattern().uncovered(maker) >= 2


def _abbreviated_lines(items: list[tuple[int, str]], clause: str) -> bool:
    """甲乙、丙丁、戊己等铁路: lines are named by the first letters of the places they join, which
    jieba reads as common words more often than not; one anchored abbreviation among short,
    name-shaped ones listed with 、 (not the 甲大桥及引线 of a works) is enough."""

    def listed(i: int, offset: int) -> bool:
        before = clause[offset - 1 : offset]
        return before == "、" if i else before not in _CONJUNCTIONS

    return all(
        len(item) <= 4 and _proper_shaped(item) and listed(i, offset)
        for i, (offset, item) in enumerate(items)
    ) and any(has_anchor(item) for _, item in items)


def _list_anchored(items: list[tuple[int, str]], clause: str) -> bool:
    """Coordinated items sharing one head are names of one sort: when at least half of them
    name a place or a proper name, the others, if shaped like names and listed with 、 (not the
    甲大桥及引线 of a works), name one too (甲、乙、丙等水电站 where jieba knows 丙 as a common
    word)."""
    anchored = sum(1 for _, item in items if has_anchor(item))
    if anchored == len(items):
        return True
    return 2 * anchored >= len(items) and all(
        has_anchor(item)
        or (_proper_shaped(item) and clause[offset - 1 : offset] not in _CONJUNCTIONS)
        or (anchored >= 2 and _maker_shaped(item))
        for offset, item in items
    )


def _single_mention(
    at: _At,
    items: list[tuple[int, str]],
    previous: list[tuple[int, str]],
    cut: int,
    qualifier: str,
    q_start: int,
    piece_offset: int,
) -> list[Mention]:
    """One name, or, when its qualifier names nothing, the parks it lies in (甲园区乙项目) or the
    company's product list."""
    head_text = at.head_text
    if len(qualifier) < 2 or len(qualifier) + len(head_text) > _MAX_NAME:
        return []
    section = head_text[len(at.head.group()) :]  # 高速甲至乙段: the section's places anchor it
    anchored = _anchored_without_status(qualifier) or (section and anchoring_places(section))
    if (
        not anchored
        and (not previous or head_text != "项目")
        and not at.clause.endswith(_HOST_VERBS, 0, piece_offset + cut)
    ):
        return []  # names nothing, hosted by no listed places, no product list: no kind needed
    places = places_of(qualifier)
    kind = _kind(head_text, qualifier, places)
    if not anchored or (cut and not anchoring_places(qualifier)):
        # 支持甲、乙打造盐穴储能基地: a proper word (盐穴) in a name each listed place builds
        hosts = _host_places(at.clause[: piece_offset + cut], kind)
        if hosts:
            name = _clean_name(qualifier + head_text, kind)
            return [at.mention(place + name, kind, q_start, (), 0.6) for place in hosts]
    if not anchored:
        return _product_list(items, previous, kind, head_text, at.mention)
    if not _named(kind, head_text, qualifier, places):
        return []
    confidence = 0.9 if anchoring_places(qualifier) else 0.75
    name = _clean_name(qualifier + head_text, kind)
    return [at.mention(one, kind, q_start, places, confidence) for one in _bracketed_places(name)]


@knowledge_cache()
def _anchored_without_status(qualifier: str) -> bool:
    """has_anchor of a qualifier without its status words (在建, 拟建): cached by the qualifier,
    so a repeated one is neither rewritten nor looked up twice."""
    return has_anchor(_STATUS.sub("", qualifier))


_BRACKETED_LIST = re.compile(r"\(([^()]{2,}、[^()]{2,})\)")


def _bracketed_places(name: str) -> list[str]:
    """中国(甲、乙)丙聚集区: a list of places in brackets names one zone in each (中国(甲)丙聚集区,
    中国(乙)丙聚集区); the name itself otherwise."""
    match = _BRACKETED_LIST.search(name) if "、" in name else None
    if not match:
        return [name]
    places = match.group(1).split("、")
    if not all(is_place_prefix(p) for p in places):
        return [name]
    return [f"{name[: match.start()]}({p}){name[match.end() :]}" for p in places]


# 在甲、乙、丙等8个县建设…基地: the places that each get one of the works named after them.
_HOST_LIST = re.compile(
    r"在((?:[\u4e00-\u9fff]{2,6}、)+[\u4e00-\u9fff]{2,6})等(?:\d+|[二三四五六七八九十两]+)个[\u4e00-\u9fff]{0,3}[县市区旗地]"
    r"(?:建设|建成|打造|布局|发展)$"
)


_HOST_VERBS = ("建设", "建成", "打造", "布局", "发展", "创建", "争创")
# 支持甲、乙打造…基地: places listed right before the verb each build one.
_PLACES_BUILD = re.compile(r"((?:[\u4e00-\u9fff]{2,9}、)+[\u4e00-\u9fff]{2,6})(?:建设|打造|创建|争创|布局)$")


def _host_places(before: str, kind: str) -> list[str]:
    """The listed places when the text before a name's framing verb says where each of a class
    of works goes (在甲、乙等2个县建设果菜基地 -> 甲果菜基地, 乙果菜基地; 支持甲、乙打造储能基地);
    bases and projects only."""
    if kind not in ("base", "project") or not before.endswith(_HOST_VERBS):
        return []
    match = _HOST_LIST.search(before) or _PLACES_BUILD.search(before)
    if not match:
        return []
    places = match.group(1).split("、")
    first = places_in(places[0])
    if first and first[-1].end == len(places[0]):  # 支持甲、乙打造: the verb before 甲 frames the list
        places[0] = places[0][first[-1].start :]
    return places if all(is_place_prefix(p) for p in places) else []


def _rejoin_last(items: list[tuple[int, str]], clause: str) -> list[tuple[int, str]]:
    """甲乙创新及科技园: the words between 及 and the head name nothing on their own, so 及 joins
    them to the words before it into one name, when those hold no head of their own."""
    if len(items) < 2:
        return items
    (prev_offset, prev), (offset, last) = items[-2], items[-1]
    between = clause[prev_offset + len(prev) : offset]
    if between not in ("及", "以及"):
        return items  # tested first: most items follow 、, and has_anchor may segment
    if has_anchor(_STATUS.sub("", last)) or _HEAD.search(prev) or not has_anchor(prev[_read_item(prev)[0] :]):
        return items
    return [*items[:-2], (prev_offset, prev + between + last)]


def _rejoin_link_ends(items: list[tuple[int, str]], clause: str, head: str) -> list[tuple[int, str]]:
    """甲铁路与乙线间联络线: a link between two lines names both; 与 joins them into one name."""
    if head not in ("联络线", "连接线") or len(items) < 2 or not items[-1][1].endswith("间"):
        return items
    (prev_offset, prev), (offset, last) = items[-2], items[-1]
    between = clause[prev_offset + len(prev) : offset]
    if between not in ("与", "和") or not _HEAD.search(prev):
        return items
    return [*items[:-2], (prev_offset, prev + between + last)]


_OPEN_WAY = re.compile(r"^([\u4e00-\u9fff]{2,9})经([\u4e00-\u9fff]{2,9})$")  # 甲经乙, no 至 yet


def _open_way(item: str) -> bool:
    """甲经乙 of two names (not the 经 of 经济, 经营): a route whose end comes after a 、."""
    if "经" not in item:
        return False  # asked of every listed item: most hold no 经, and need no cut or strip
    match = _OPEN_WAY.match(_read_item(item)[2])
    return (
        bool(match)
        and match.group(2)[0] not in "济营贸开销"
        and not _HEAD.search(match.group())
        and has_anchor(match.group(1))
        and has_anchor(match.group(2))
    )


def _rejoin_way_points(items: list[tuple[int, str]], clause: str) -> list[tuple[int, str]]:
    """甲经乙、丙至丁铁路: the way points after 经 run on, across 、, to the item with 至;
    the whole is one route, not two."""
    if len(items) < 2 or "经" not in clause:
        return items  # the items are pieces of the clause: no 经, no way point
    out: list[tuple[int, str]] = []
    for offset, item in items:
        if out and clause[offset - 1 : offset] == "、" and _open_way(out[-1][1]):
            out[-1] = (out[-1][0], out[-1][1] + "、" + item)
            continue
        out.append((offset, item))
    return out


def _rejoin_conjoined(items: list[tuple[int, str]], clause: str) -> list[tuple[int, str]]:
    """甲动力电池及储能: an item after 及/和/与 that names nothing on its own is the rest of the
    item before it, not an item of the list."""
    out: list[tuple[int, str]] = []
    for offset, item in items:
        if out and not has_anchor(item):
            prev_offset, prev = out[-1]
            between = clause[prev_offset + len(prev) : offset]
            if between in ("及", "和", "与", "以及"):
                out[-1] = (prev_offset, prev + between + item)
                continue
        out.append((offset, item))
    return out


def _share_prefix(items: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """甲供水通辽、赤峰支线: the words before the first item's place are shared by the other
    items when those are bare places (甲供水赤峰支线)."""
    if len(items) < 2:
        return items
    places = anchoring_places(items[0][1])
    if not places or places[-1].end != len(items[0][1]) or places[-1].start == 0:
        return items
    prefix = items[0][1][: places[-1].start]
    if prefix[-1] in _SEQUENCE_GLUE or anchoring_places(prefix):
        return items  # 甲至乙、丙至丁铁路: the items are sequences of their own
    if not all(is_place_prefix(item) for _, item in items[1:]):
        return items
    return [items[0], *((offset, prefix + item) for offset, item in items[1:])]


def _product_list(items, previous, kind: str, head_text: str, mention) -> list[Mention]:
    """甲公司聚氯乙烯、烧碱深加工项目: one named project over a list of its products, when only
    the first item carries the name. Only under 项目: a plant head (电厂, 电站) names a works of its
    own kind, not a maker's products (甲直连、虚拟电厂 is two things). `previous`: the
    head's _previous_items."""
    if kind != "project" or head_text != "项目" or not previous:
        return []
    if any(_HEAD.search(i) or "”" in i for _, i in previous):
        return []
    rest = [item for _, item in previous[1:]] + [items[-1][1]]
    if not has_anchor(previous[0][1]) or any(len(i) > 10 or has_anchor(i) for i in rest):
        return []
    start = previous[0][0]
    whole = "、".join(item for _, item in previous) + "、" + items[-1][1]
    return [mention(_clean_name(whole + head_text, kind), kind, start, (), 0.6)]


_CLASS_WORDS = re.compile(r"^(?:大型|大中型|中小型|一批|若干|各类|重点|等)")


def _hosts(mention: Mention) -> bool:
    """Parks and 基地 host projects inside their names; a 数据中心 or 电站 hosts nothing."""
    return mention.kind == "park" or mention.name.endswith("基地")


def _hosted_by(inner: Mention, outer: Mention) -> bool:
    """Whether the longer name is a works inside the park or base that opens it: a project, a
    base, or a line that serves it (甲港区疏港航道), not a route from it to other places
    (甲口岸-乙-丙公路, 甲站至乙港区)."""
    if outer.kind in ("project", "base"):
        return True
    return outer.kind == "corridor" and not _SEQUENCE_SEP.search(outer.name)


def _drop_nested(mentions: list[Mention]) -> list[Mention]:
    """An inner name that opens a longer one is kept only as a park or base hosting a project
    or a line (甲工业园区 in 甲工业园区硅材料项目, 甲港区 in 甲港区疏港航道); 甲新区 inside 甲新区精细化工园区 is no entity. An outer
    name that goes on with a class word (甲煤电基地大型坑口电站) names a class, not a project."""

    def inner_of(o: Mention) -> list[Mention]:
        return [
            m
            for m in mentions
            if m is not o and o.start <= m.start and m.end < o.end and o.name.startswith(m.name)
        ]

    inner = {id(o): inner_of(o) for o in mentions}  # once per name: quadratic, not cubic
    if not any(inner.values()):
        return mentions  # no name opens another (most clauses): nothing nested to drop
    inner_ids = {key: {id(m) for m in found} for key, found in inner.items()}
    classes = {
        id(o) for o in mentions if any(_CLASS_WORDS.match(o.name[len(m.name) :]) for m in inner[id(o)])
    }
    out = []
    for m in mentions:
        if id(m) in classes:
            continue
        outer = [o for o in mentions if id(o) not in classes and id(m) in inner_ids[id(o)]]
        if outer and not (_hosts(m) and all(_hosted_by(m, o) for o in outer)):
            continue
        out.append(m)
    return out


def _standalone_sequences(doc: Document, clause: str, base: int, found: list[Mention]) -> list[Mention]:
    """A-B-C place sequences outside any name: corridors or regions named by their places."""
    out = []
    covered = [(m.start - base, m.end - base) for m in found]
    for match in _DASHED.finditer(clause):
        if any(s <= match.start() and match.end() <= e for s, e in covered):
            continue  # inside a name found (甲-乙铁路): so is the trimmed sequence, no need to trim it
        start, end, parts = _trimmed(match)
        if any(s < end and start < e for s, e in covered):
            continue
        if len(parts) < 2 or any(len(p) > 9 for p in parts):
            continue  # the length tests first: they need no scan of the parts for places
        if sum(1 for p in parts if places_in(p)) < max(2, len(parts) - 1):
            continue
        sentence = _sentence_of(doc, base + start)
        kind = "corridor" if re.search(r"通道|铁路|公路|管道|高铁|线", sentence) else "region"
        name = clause[start:end]
        out.append(Mention(doc.name, name, kind, name, base + start, base + end, sentence, parts, 0.6))
    return out


@cache
def _head_word_starts() -> AhoCorasick:
    """Every head, 线 and dash in one automaton, matches overlapping (工业园区 and 园区 both):
    _HEAD_OR_DASH can match only where one of them starts."""
    return AhoCorasick(
        sorted({*HEAD_KIND, "线", *_HEAD_READS_AS, *DASHES}),
        matchkind=MatchKind.Standard,
        implementation=Implementation.DFA,
    )  # a DFA: a few hundred words, and 17 ns a character against 41 for the default NFA


def _head_or_dash_starts(text: str) -> list[int]:
    """Offsets where _HEAD_OR_DASH may match, in order: one automaton pass in Rust finds about a
    tenth of the positions a regex search must try (its lookahead cannot skip ahead in C)."""
    found = _head_word_starts().find_matches_as_indexes(text, overlapping=True)
    return sorted({start for _, start, _ in found})


def _clauses_to_read(text: str, starts: list[int] | None = None) -> list[tuple[int, int]]:
    """Spans of the clauses that hold a head or a dash; most clauses name nothing, so each place
    where a head may start (`starts`, else found here) is tried, its clause's ends found from
    there, and the places inside that clause skipped (no list of every comma, no visit of every
    head). The first place where _HEAD_OR_DASH matches is what `_HEAD_OR_DASH.search(text, end)`
    would find."""
    backwards = text[::-1]  # the clause's start is the first break found going backwards
    spans: list[tuple[int, int]] = []
    end = 0
    for at in _head_or_dash_starts(text) if starts is None else starts:
        if at < end or not _HEAD_OR_DASH.match(text, at):
            continue
        before = _CLAUSE_BREAK.search(backwards, len(text) - at)
        after = _CLAUSE_BREAK.search(text, at)
        end = after.start() if after else len(text)
        spans.append((len(text) - before.start() if before else 0, end))
    return spans


def _windows(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Clauses longer than MAX_CLAUSE_CHARS cut into windows of that size: reading a clause costs
    its length times its names, so bounded windows keep extraction linear in the text's length
    (only a name across a cut of such a run-on clause is lost)."""
    return [
        (at, min(end, at + MAX_CLAUSE_CHARS))
        for start, end in spans
        for at in range(start, end, MAX_CLAUSE_CHARS)
    ]


def extract_mentions(doc: Document) -> list[Mention]:
    """Every entity mention of a document, in text order."""
    mentions: list[Mention] = []
    text = doc.text  # a property: read once
    starts = _head_or_dash_starts(text)
    for start, end in _windows(_clauses_to_read(text, starts)):
        first = bisect_left(starts, start)
        inside = starts[first : bisect_left(starts, end, first)]
        mentions += _clause_mentions(doc, text[start:end], start, [at - start for at in inside])
    return sorted(mentions, key=_SPAN)


_SPAN = attrgetter("start", "end")  # the sort key of mentions, read in C


def extract(documents: list[Document]) -> list[Entity]:
    """Entities of a corpus."""
    return extract_checked(documents)[0]


def extract_checked(documents: list[Document]) -> tuple[list[Entity], list[Rejection]]:
    """Entities of a corpus whose names are well-formed, and the names rejected on the way."""
    return entities_of([m for doc in documents for m in extract_mentions(doc)])


def entities_of(mentions: list[Mention]) -> tuple[list[Entity], list[Rejection]]:
    """The corpus-wide step: mentions (of every document, in order) checked and resolved."""
    standing = Standing()
    return entities_of_checked(*validated(mentions, standing), standing)


def entities_of_checked(
    checked: list[Mention], rejected: list[Rejection], standing: Standing | None = None
) -> tuple[list[Entity], list[Rejection]]:
    """`entities_of` on mentions already checked (the check reads one mention at a time, so a
    build checks each document's as it arrives): resolved across documents, then gated, the
    gate taking the names that stood in the check (`standing`) as passed."""
    entities, dropped = gate(resolve(checked), standing)
    return entities, rejected + dropped
