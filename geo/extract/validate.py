"""Well-formedness of entity names, checked before a name becomes an entity.

Extraction cuts names out of running prose, and prose leaves marks on them: a framing verb at the
front (力促甲乙高铁), a class label at the end (甲站重大项目), a reporting verb inside
(甲工业园入选首批…), a count (甲县4个抽水蓄能电站), a stray quote (甲乙”六期工程), or no
entity at all (人才工程, 更多世界级产业集群). A researcher who sees one such name on the map
stops trusting the others, so every name passes here: repairable marks are repaired (the frame
or label stripped), the rest are rejected with a reason the build report lists.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import replace
from functools import cache
from typing import NamedTuple

from ahocorasick_rs import AhoCorasick

from geo.extract.anchors import anchoring_places, has_anchor, is_place_prefix, places_in
from geo.knowledge.gazetteer import inside_admin_name
from geo.knowledge.industries import industry_keywords
from geo.knowledge.lexicon import (
    CLASS_LABELS,
    EXCLUDED_HEADS,
    FRAME_WORDS,
    HEAD_KIND,
    HEAD_TAILS,
    PEOPLE_WORDS,
    PHASE_TAILS,
    PROGRAMME_WORDS,
    REPORTING_VERBS,
    SOCIAL_WORDS,
    WORKS_WORDS,
)
from geo.knowledge.scanner import WordPattern, by_first_char, by_last_char
from geo.knowledge.segment import jieba_module, jieba_words
from geo.knowledge.store import current, knowledge_cache
from geo.model import Entity, Mention, Rejection

_PAIRS = ("“”", "《》", "()", "「」", "‘’", "〈〉")
_BRACKETS = re.compile("[" + re.escape("".join(_PAIRS)) + "]")
_COUNT = re.compile(r"(?:\d+|[一二两三四五六七八九十百千]+)(?:多|余)?(?:个|条|家|座|所|批|项|款)(?:以上)?")
_PHASE = re.compile(
    r"(?:[一二三四五六七八九十\d]+期(?:工程|项目)?|段(?:\([^()]*\))?|\([^()]{1,8}段\)|\d+号机组|[东西南北]扩)$"
)
# The last characters _PHASE can end a name with ($ also matches before a final line break): a
# name ending otherwise holds no phase, and its regex search (tried at every position) is spared.
_PHASE_ENDS = ("期", "程", "目", "段", ")", "组", "扩", "\n")
# A character every phase holds (期, 段, 号 of 号机组, 扩): a name that ends with 工程 or 项目 and
# holds none of them (most such names) has no phase, and the regex is not tried at every position.
_PHASE_MARK = re.compile("[期段号扩]")
_BATCH = re.compile(r"^(?:首批|第[一二三四五六七八九十\d]+批|新一批)")
# 甲、乙等高铁 cut at its head leaves 乙等高铁: the list marker glued to the head goes.
_LISTED_HEAD = re.compile(r"(?<=[\u4e00-\u9fff]{2})等(?=[\u4e00-\u9fff]{2,4}$)")
# A line's section after its head: 甲乙高速丙至丁段, 甲铁路丙省段(东段)扩容
_SECTION_END = re.compile(
    r"(?:铁路|公路|高速|高铁|管道|线|大桥|通道)[^段]{1,14}段(?:\([^()]{1,4}\))?(?:扩能改造|扩容|扩能|改造|扩建)?$"
)
_SCALE = re.compile(r"[\d一二三四五六七八九十百千万亿]+级")
_WHITESPACE = re.compile(r"\s")  # what _SPACE_IN_WORDS removes and str.strip strips
_SPACE_IN_WORDS = re.compile(r"(?<=[\u4e00-\u9fff\d])\s+(?=[\u4e00-\u9fff\d])")
# jieba tags of words that frame a name and never open one: verbs, adverbs, prepositions,
# conjunctions (紧扣, 提前, 关于, 但).
_FRAME_TAGS = {"v", "vd", "ad", "d", "p", "c"}
_PROGRAMME_HEAD = re.compile(r"(?:工程|项目)$")
# The conventions leave out unnamed definite references (首个…, 全国最大…): a superlative or a
# "first" inside a name says which one without naming it.
_DEFINITE = re.compile(r"最(?:大|长|高|早|先进)|首(?:个|座|条|家)")
# “千村示范”工程: a slogan in quotes with a bare head names a programme, not a located works.
_SLOGAN_ONLY = re.compile(r"^“[^”]+”(?:工程|项目|行动|计划)$")
# “两山”实践创新基地, “五水”工程: a numbered slogan in quotes names a programme, wherever it goes.
_NUMBERED_SLOGAN = re.compile(r"^“([^”]*[一二两三四五六七八九十百千万][^”]*)”(.*)$")


_FRAME_SET = frozenset(FRAME_WORDS)
_LABELS_LONGEST_FIRST = tuple(sorted(CLASS_LABELS, key=len, reverse=True))
_LABEL_ENDS = by_last_char(CLASS_LABELS)  # name.endswith(CLASS_LABELS) tried only on a few labels


class Check(NamedTuple):
    """The verdict on one name: the name as repaired, and why it was rejected ('' if it was not)."""

    name: str
    reason: str = ""

    @property
    def ok(self) -> bool:
        return not self.reason


@cache
def _head_at_end() -> re.Pattern[str]:
    """A head, maybe a tail and a phase, ending the name. Its heads grouped by first character
    (by_first_char): a search tried all 143 heads at every position of the name, and asks of a
    match only where it starts, which the order of the words does not change."""
    heads = sorted(HEAD_KIND, key=len, reverse=True)
    tails = "|".join(map(re.escape, sorted(HEAD_TAILS, key=len, reverse=True)))
    phases = "|".join(map(re.escape, sorted(PHASE_TAILS, key=len, reverse=True)))
    return re.compile(f"(?:{by_first_char((h, '') for h in heads)})(?:{tails})?(?:{phases})?$")


@cache
def _tail_at_end() -> re.Pattern[str]:
    return re.compile(f"(?:{by_first_char((t, '') for t in HEAD_TAILS)})$")


_COMPILED: dict[int, tuple[tuple[str, ...], re.Pattern[str]]] = {}


def _words(words: tuple[str, ...]) -> re.Pattern[str]:
    """One pattern per word list, found by the list's identity: hashing a tuple of a hundred
    words on every call (what @cache does) cost twice the search it returns. The entry keeps
    the tuple alive, so its id cannot be reused by another list."""
    found = _COMPILED.get(id(words))
    if found is None or found[0] is not words:
        found = _COMPILED[id(words)] = (
            words,
            re.compile("|".join(map(re.escape, sorted(words, key=len, reverse=True)))),
        )
    return found[1]


# The word lists the rules look for inside a name. Most names hold none of them, so one scan
# that says which lists a name holds spares each rule its own regex search.
# Prepositions that join the places of a corridor (甲至乙, 甲经乙) and conjunctions of items:
# frame words that frame nothing inside a name.
_GLUE = frozenset("至经往和与及暨")
_SCREENED = (
    FRAME_WORDS,
    REPORTING_VERBS,
    EXCLUDED_HEADS,
    PEOPLE_WORDS,
    SOCIAL_WORDS,
    PROGRAMME_WORDS,
    tuple(w for w in FRAME_WORDS if w not in _GLUE),  # what may frame inside a name
)


@cache
def _screen_automaton() -> tuple[AhoCorasick, tuple[int, ...]]:
    """Every word of the screened lists, and per word the bits of the lists that hold it."""
    words = sorted({w for words in _SCREENED for w in words if w})
    bits = tuple(sum(1 << i for i, listed in enumerate(_SCREENED) if w in listed) for w in words)
    return AhoCorasick(words), bits


@knowledge_cache()
def _lists_in(text: str) -> int:
    """The bits (1 << index in _SCREENED) of the lists that have a word anywhere in `text`:
    every occurrence, overlapping ones too, so a list whose bit is off has no word in `text`
    nor in any part of it. Cached: the rules ask it of one name again and again."""
    automaton, bits = _screen_automaton()
    found = 0
    for index, _, _ in automaton.find_matches_as_indexes(text, overlapping=True):
        found |= bits[index]
    return found


# The bit of each list in what _lists_in returns, by the list's identity (the lexicon's tuples
# live as long as the module); what may frame inside a name is asked by its bit alone.
_BIT_OF = {id(words): 1 << i for i, words in enumerate(_SCREENED)}
_FRAME_INSIDE = 1 << (len(_SCREENED) - 1)


def _occurrences(name: str, words: tuple[str, ...], pos: int = 0) -> Iterator[re.Match[str]]:
    """The words of a screened list in `name` from `pos`: no regex search at all where the
    screen finds none of them (most names)."""
    if not _lists_in(name) & _BIT_OF[id(words)]:
        return iter(())
    return _words(words).finditer(name, pos)


def _opening(name: str, words: tuple[str, ...]) -> re.Match[str] | None:
    """A word of a screened list that opens `name`, screened as _occurrences."""
    return _words(words).match(name) if _lists_in(name) & _BIT_OF[id(words)] else None


@knowledge_cache()
def ends_with_head(name: str) -> bool:
    """Whether a name ends as names do: with a head (工业园区, 铁路), maybe a tail (扩建), or a
    phase or section (二期, 乙省段), maybe inside quotes that close a quoted part (甲“乙工程”).
    Cached, as head_length."""
    if name.endswith("”") and "“" in name:
        name = name[:-1]
    elif head_length(name):
        return True  # its head, found once for head_length (cached), ends it
    if _head_at_end().search(name) or _tail_at_end().search(name) or _SECTION_END.search(name):
        return True
    return bool(_PHASE.search(name) and _head_at_end().search(_without_phase(name)))


@knowledge_cache()
def head_length(name: str) -> int:
    """Length of the head (with tail) a name ends with, 0 when none. Cached: checking one name
    asks it of the name and its cuts several times."""
    match = _head_at_end().search(_without_phase(name))
    return len(name) - match.start() if match else 0


def _without_phase(name: str) -> str:
    """The name without a phase or section at its end (二期, 乙段): one test in C for most names."""
    return _PHASE.sub("", name) if name.endswith(_PHASE_ENDS) and _PHASE_MARK.search(name) else name


def _in_place(name: str, start: int, end: int) -> bool:
    """Whether name[start:end] lies inside an administrative name (将乐, 那曲, 获嘉)."""
    if not inside_admin_name(name[start:end]):
        return False  # no administrative name holds these characters: no need to scan
    return any(p.start <= start and end <= p.end and p.end - p.start >= end - start for p in places_in(name))


def _frame_at_front(name: str) -> int:
    """Length of a framing word that opens `name`: from the lexicon, or a word jieba tags as
    verb, adverb, preposition or conjunction; 0 when the front is a place or a proper word."""
    match = _opening(name, FRAME_WORDS)
    if match and not _in_place(name, 0, match.end()):
        return match.end()
    first = _first_word(name)
    if len(first) >= 2 and first in _tagged().framing and not _in_place(name, 0, len(first)):
        return len(first)
    return 0


def _first_word(name: str) -> str:
    """jieba's first word of `name` when it may be a framing word outside a place name (else
    its first character); segmenting only when a framing word of the dictionary opens it
    keeps this cheap (most names open with a place)."""
    tagged = _tagged()
    # every prefix of 2 to 5 characters opens with the first two: when no framing word does,
    # none of them is one (one look-up, where most names open with a place)
    if len(name) < 2 or name[:2] not in tagged.framing_openings:
        return name[:1]  # no framing word opens it, whatever jieba's first word is
    framing = tagged.framing
    if framing.isdisjoint((name[:2], name[:3], name[:4], name[:5])):
        return name[:1]
    # jieba's first word of name[:8] is one of its prefixes: when every framing one lies in a
    # place name (开化 of 开化县), no first word frames it, whatever jieba reads
    openers = [k for k in range(2, min(len(name), 8) + 1) if name[:k] in framing]
    if all(_in_place(name, 0, k) for k in openers):
        return name[:1]
    return jieba_module().lcut(name[:8], HMM=False)[0]


class TaggedWords(NamedTuple):
    """Word classes of jieba's dictionary that the validator asks about per name."""

    framing: frozenset[str]  # tagged as in _FRAME_TAGS (verb, adverb, preposition, conjunction)
    framing_openings: frozenset[str]  # the first two characters of each framing word of two or more
    verbs: frozenset[str]  # tagged "v", two characters or more
    two_character_verbs: frozenset[str]
    longest_verb: int


def tagged_word_sets() -> TaggedWords:
    """jieba's framing words and verbs, read from its dictionary in one pass. A part of the
    knowledge, as the dictionary is: a derived-answer cache would be cleared with the others
    and the 350,000 words read again (0.1 s)."""
    return current().part("validator_tagged_words", _read_tagged_word_sets)


def _read_tagged_word_sets() -> TaggedWords:
    framing, verbs = [], []
    for word, (_, tag) in jieba_words().items():
        if tag in _FRAME_TAGS:
            framing.append(word)
        if tag == "v" and len(word) >= 2:
            verbs.append(word)
    return TaggedWords(
        frozenset(framing),
        frozenset(w[:2] for w in framing if len(w) >= 2),
        frozenset(verbs),
        frozenset(w for w in verbs if len(w) == 2),
        max(map(len, verbs), default=0),
    )


@knowledge_cache(maxsize=1)
def _tagged() -> TaggedWords:
    """The word classes through a one-entry cache: one call in C, where asking the knowledge
    for its part is four in Python, once per name."""
    return tagged_word_sets()


@knowledge_cache()
def strip_frame(name: str) -> str:
    """The name without framing words at its front, while what is left still names something.
    Cached: check_name strips again after the label and reporting verb, mostly the same string
    (a stripped name strips to itself), and each strip may segment with jieba."""
    while True:
        cut = _frame_at_front(name) or _last_frame(name) or _verb_before_place(name)
        rest = name[cut:]
        if not cut or not ends_with_head(rest) or not _anchored(rest):
            return name
        name = rest


def _frames_inside(name: str) -> list[int]:
    """Offsets just after words inside `name` that frame what follows (中央将…, 国家对…):
    lexicon frame words outside place names, one-character ones only where jieba reads them as
    preposition or adverb (甘其毛都 holds no 其). Other verbs inside are left alone: too many
    names hold one (承接产业转移示范区, 综合利用项目)."""
    if not _lists_in(name) & _FRAME_INSIDE:
        return []  # most names hold no frame word but glue (和, 至): no need to segment
    words = jieba_words()
    ends, at = [], 0
    for token in jieba_module().lcut(name, HMM=False):
        _, tag = words.get(token, (0, ""))
        start, at = at, at + len(token)
        framing = token in _FRAME_SET and (len(token) >= 2 or tag in ("p", "d")) and token not in _GLUE
        if framing and not _in_place(name, start, at):
            ends.append(at)
    return ends


def _last_frame(name: str) -> int:
    """Where the name starts after the last framing word inside it that leaves a name: the
    left boundary nearest the head among those that keep an anchored qualifier."""
    if not _lists_in(name) & _FRAME_INSIDE:
        return 0  # no frame word in the name, so none in its front part: no need to look
    length = head_length(name)
    for end in reversed(_frames_inside(name[: len(name) - length] if length else name)):
        rest = name[end:]
        if ends_with_head(rest) and _anchored(rest):
            return end
    return 0


def _verb_before_place(name: str) -> int:
    """Where a name starts after a verb that a place follows (科学确定甲新区, 乙购买用于甲机场):
    words before a verb belong to the sentence, and a name that opens with a place after it is
    the whole name. 0 when no place follows the name's first (most names: no need to segment)."""
    places = places_in(name)
    if not places or places[-1].start < 2:
        return 0  # no two characters before the last place: no verb ends where it starts
    tagged = _tagged()
    if tagged.two_character_verbs.isdisjoint([name[i : i + 2] for i in range(places[-1].start - 1)]):
        return 0  # no two-character verb before the last place: no need to segment
    if not _verb_ends_at_a_place(name, places, tagged):
        return 0  # the cut below is made only where a verb ends and a place starts
    words, at, cut = jieba_words(), 0, 0
    for token in jieba_module().lcut(name[: places[-1].start], HMM=False):
        at += len(token)
        if (
            len(token) >= 2
            and words.get(token, (0, ""))[1] == "v"
            and not _in_place(name, at - len(token), at)
        ):
            rest = name[at:]
            if any(p.start == at for p in places) and ends_with_head(rest) and _anchored(rest):
                cut = at
    return cut


def _verb_ends_at_a_place(name: str, places: tuple, tagged: TaggedWords) -> bool:
    """Whether some verb of jieba's dictionary ends where a place of `name` starts: jieba can
    read a verb token there only if the characters before the place spell one."""
    for place in places:
        start = place.start
        for length in range(2, min(start, tagged.longest_verb) + 1):
            if name[start - length : start] in tagged.verbs:
                return True
    return False


def _anchored(name: str) -> bool:
    """Whether the words before the head name something in particular (not 重点, 更多, 省级)."""
    length = head_length(name)
    qualifier = name[: len(name) - length] if length else name
    if "级" in qualifier:
        qualifier = _SCALE.sub("", qualifier)  # 五百亿级: a size class names nothing
    return len(qualifier) >= 2 and has_anchor(qualifier)


def strip_label(name: str) -> str:
    """甲站重大项目 -> 甲站, 甲乙烯重大产业项目 -> 甲乙烯项目: a class label at the end goes; if
    what is left ends with no head, the label's own head (项目, 工程) stays."""
    if not name.endswith(_LABEL_ENDS.get(name[-1:], ())):
        return name  # most names end with no label: one test in C, of the labels of its last character
    for label in _LABELS_LONGEST_FIRST:
        if name.endswith(label) and len(name) > len(label) + 1:
            rest = name[: -len(label)]
            return rest if ends_with_head(rest) else rest + label[-2:]
    return name


def cut_at_reporting_verb(name: str) -> str:
    """甲工业园入选首批国家级零碳园区 -> 甲工业园: a name ends before a reporting verb; the cut
        is kept when it ends with a head. A bare place before the verb takes the designation after
        it when that is a national one (甲市获批国家物流枢纽 -> 甲市国家物流枢纽; a ranking such as
    全球百强… is none); anything else is left to fail."""
    for match in _occurrences(name, REPORTING_VERBS, 2):
        if _in_place(name, match.start(), match.end()):
            continue
        left, right = name[: match.start()], _BATCH.sub("", name[match.end() :])
        if ends_with_head(left):
            return left
        if is_place_prefix(left) and right.startswith("国家") and ends_with_head(right):
            return left + right  # 甲市入选国家物流枢纽: the city's designation is the entity
        return name
    return name


def after_excluded_head(name: str) -> str:
    """甲重点实验室乙产业园 -> 乙产业园: a head the conventions leave out (实验室, 研发基地) ends
    a name of its own, so a name does not run on across it; what follows is kept when it still
    names something."""
    ends = [m.end() for m in _occurrences(name, EXCLUDED_HEADS)]
    if not ends or ends[-1] >= len(name) - 1:
        return name
    rest = name[ends[-1] :]
    return rest if ends_with_head(rest) and _anchored(rest) else name


def _unbalanced(name: str, kind: str, listed: bool) -> bool:
    if not _BRACKETS.search(name):
        return False
    for opener, closer in _PAIRS:
        if closer not in name:
            if opener in name:
                return True  # opened, never closed
            continue  # neither: balanced, with no walk over the name's characters
        depth = 0
        for char in name:
            depth += (char == opener) - (char == closer)
            if depth < 0:
                return True
        if depth:
            return True
    return False


def _count(name: str, kind: str, listed: bool) -> bool:
    if not _COUNT.search(name):
        return False  # most names hold no count
    return any(not _in_place(name, m.start(), m.end()) for m in _COUNT.finditer(name))


def _programme(name: str, kind: str, listed: bool) -> bool:
    """教育提质工程, 民生实事工程, 便民服务项目: a works named by a social aim or a slogan."""
    if kind != "project" or not _lists_in(name) & _BIT_OF[id(PROGRAMME_WORDS)]:
        return False  # the cheap screen before the head's regex: most projects hold no such word
    return bool(_PROGRAMME_HEAD.search(_without_phase(name))) and _holds(name, PROGRAMME_WORDS)


def _numbered_slogan(name: str, kind: str, listed: bool) -> bool:
    """Whether the name opens with a numbered slogan in quotes and nothing after it anchors it."""
    match = _NUMBERED_SLOGAN.match(name)
    return bool(match) and not _anchored(match.group(2))


def _holds(name: str, words: tuple[str, ...]) -> bool:
    """Whether a word of the (screened) list stands in the name outside its place names."""
    return any(not _in_place(name, m.start(), m.end()) for m in _occurrences(name, words))


def _excluded_head(name: str, kind: str, listed: bool) -> bool:
    return name.endswith(_EXCLUDED_ENDS.get(name[-1:], ()))  # name.endswith(EXCLUDED_HEADS)


_EXCLUDED_ENDS = by_last_char(EXCLUDED_HEADS)


def _unplaced_programme(name: str, kind: str, listed: bool) -> bool:
    """两通工程, 天保工程: a 工程 or 项目 that names neither a place nor an industry is a
    programme; works are named by where they are or what they make (甲煤电项目)."""
    if kind != "project" or not _PROGRAMME_HEAD.search(_without_phase(name)):
        return False
    qualifier = name[: len(name) - head_length(name)]
    return not anchoring_places(qualifier) and not _industry_words().search(qualifier)


@knowledge_cache(maxsize=1)
def _industry_words() -> WordPattern:
    """Industry and works words: an automaton, where a regex of its thousand words, tried one by
    one at every position, took 5 us a name (a few dozen words, as in _words, are faster as a
    regex than as a call into Rust)."""
    return WordPattern(industry_keywords() | set(WORKS_WORDS))


def _framed(name: str, kind: str, listed: bool) -> bool:
    match = _opening(name, FRAME_WORDS)
    return bool(match) and not _in_place(name, 0, match.end())


def _reporting_verb(name: str, kind: str, listed: bool) -> bool:
    return any(not _in_place(name, m.start(), m.end()) for m in _occurrences(name, REPORTING_VERBS, 1))


def _people(name: str, kind: str, listed: bool) -> bool:
    return _holds(name, PEOPLE_WORDS)


def _social(name: str, kind: str, listed: bool) -> bool:
    return _holds(name, SOCIAL_WORDS)


def _headless(name: str, kind: str, listed: bool) -> bool:
    return kind not in ("corridor", "region") and not ends_with_head(name)


def _generic(name: str, kind: str, listed: bool) -> bool:
    return not listed and not _anchored(name)


def _definite(name: str, kind: str, listed: bool) -> bool:
    return bool(_DEFINITE.search(name))


def _slogan_only(name: str, kind: str, listed: bool) -> bool:
    return bool(_SLOGAN_ONLY.match(name))


# What a rule needs of a name before it can fail: the bit of a screened list (a word of it
# somewhere in the name), _ODD (a bracket, a count, a superlative or an opening quote) or
# _ALWAYS. check_name reads the screens once per name and asks only the rules whose screen is
# on: most names hold no screened word and nothing odd, and skip ten of the fourteen rules.
_ALWAYS = 1 << len(_SCREENED)
_ODD = _ALWAYS << 1
# a character that each of those rules needs: a bracket or quote, a measure word, 最 or 首
_ODD_MARKS = re.compile("[" + re.escape("".join(_PAIRS)) + "个条家座所批项款最首]")


def _bit(words: tuple[str, ...]) -> int:
    return _BIT_OF[id(words)]


# The rules of check_name in the order they are asked: the first that fails gives the reason.
# Each reads (name, kind, listed) and is asked under its screen; built once, not per name.
_FAILURES: tuple[tuple[str, Callable[[str, str, bool], bool], int], ...] = (
    ("a person or pronoun inside the name", _people, _bit(PEOPLE_WORDS)),
    (
        "a head the conventions leave out (science base, strategy corridor, key parks)",
        _excluded_head,
        _ALWAYS,
    ),
    ("a school, hospital, institute or talent place", _social, _bit(SOCIAL_WORDS)),
    ("unbalanced quotes or brackets", _unbalanced, _ODD),
    ("count inside the name", _count, _ODD),
    ("reporting verb inside the name", _reporting_verb, _bit(REPORTING_VERBS)),
    ("framing word at the front", _framed, _bit(FRAME_WORDS)),
    ("an unnamed definite reference (最大…, 首个…)", _definite, _ODD),
    ("a quoted slogan and a head, no place", _slogan_only, _ODD),
    ("a numbered slogan in quotes, no place", _numbered_slogan, _ODD),
    ("social programme or slogan", _programme, _bit(PROGRAMME_WORDS)),
    ("a programme: no place and no industry", _unplaced_programme, _ALWAYS),
    ("no head at the end", _headless, _ALWAYS),
    ("generic: no place or proper name", _generic, _ALWAYS),
)


@knowledge_cache()
def check_name(name: str, kind: str, listed: bool = False) -> Check:
    """Repair what can be repaired (spaces from line breaks, a frame, a label, a tail after a
    reporting verb), then reject what still fails, with the first failing reason. A `listed`
    name (an item of a list its siblings anchor) needs no anchor of its own. Cached: a corpus
    names its parks again and again."""
    repaired = _joined(name)
    repaired = strip_frame(cut_at_reporting_verb(strip_label(strip_frame(repaired))))
    repaired = after_excluded_head(repaired)
    screens = _lists_in(repaired) | _ALWAYS | (_ODD if _ODD_MARKS.search(repaired) else 0)
    for reason, fails, screen in _FAILURES:
        if screen & screens and fails(repaired, kind, listed):
            return Check(repaired, reason)
    return Check(repaired)


def _joined(name: str) -> str:
    """The name without spaces between its words (a line break inside it) and without the list
    marker glued to its head; most names are letters and digits only, with neither."""
    if not name.isalnum() and _WHITESPACE.search(name):  # \s is str.isspace: nothing to strip else
        name = _SPACE_IN_WORDS.sub("", name).strip()
    return _LISTED_HEAD.sub("", name) if "等" in name else name


def _repaired(mention: Mention, name: str) -> Mention:
    """The mention under its repaired name; its surface shrinks to the name when it holds it."""
    if name == mention.name:
        return mention
    at = mention.surface.find(name)
    if at < 0:
        return replace(mention, name=name)
    start = mention.start + at
    return replace(mention, name=name, surface=name, start=start, end=start + len(name))


class Standing:
    """The names check_name passed as they stand, by (kind, listed): the verdicts a build's check
    of each document already reached, carried to the gate so that it works no name again. The
    memo of check_name is bounded: past it (a corpus of more distinct names), asking it again
    was checking each name a second time. One set per kind and listing, of the mentions' own
    strings: about 40 bytes a distinct name."""

    def __init__(self) -> None:
        self._names: dict[tuple[str, bool], set[str]] = {}

    def add(self, name: str, kind: str, listed: bool) -> None:
        names = self._names.get((kind, listed))
        if names is None:
            names = self._names[(kind, listed)] = set()
        names.add(name)

    def holds(self, name: str, kind: str, listed: bool) -> bool:
        """Whether check_name(name, kind, listed) was found to pass `name` as it stands."""
        names = self._names.get((kind, listed))
        return names is not None and name in names


def validated(
    mentions: list[Mention], standing: Standing | None = None
) -> tuple[list[Mention], list[Rejection]]:
    """The mentions whose names are well-formed (repaired where they could be), and the rest.
    The names that stood as they were go into `standing`: the gate's verdicts, and this check's
    own for the later documents that name them again (once per name and build, where the
    bounded memo of check_name forgets names a large corpus repeats far apart)."""
    kept: list[Mention] = []
    rejected: list[Rejection] = []
    for mention in mentions:
        if standing is not None and standing.holds(mention.name, mention.kind, mention.listed):
            kept.append(mention)
            continue
        name, reason = check_name(mention.name, mention.kind, mention.listed)
        if reason:
            rejected.append(Rejection(mention.name, reason, mention.doc))
        elif name == mention.name:  # most names stand as they are: the mention itself
            kept.append(mention)
            if standing is not None:
                standing.add(name, mention.kind, mention.listed)
        else:
            kept.append(_repaired(mention, name))
    return kept, rejected


def well_formed(name: str, kind: str, listed: bool = False) -> bool:
    """Whether a name passes as it stands, with nothing to repair."""
    return _as_it_stands(name, check_name(name, kind, listed))


def _as_it_stands(name: str, check: Check) -> bool:
    """Whether `check` passes `name` unrepaired (check == Check(name))."""
    return check == (name, "")


def gate(entities: list[Entity], standing: Standing | None = None) -> tuple[list[Entity], list[Rejection]]:
    """The last check before the layers: an entity whose name fails is dropped, an alias that
    fails (a surface with its frame) is forgotten. Names in `standing` pass unasked; any other
    name is checked once per call, however often it comes back."""
    verdict = _verdicts(standing or Standing())
    kept: list[Entity] = []
    rejected: list[Rejection] = []
    for entity in entities:
        mentions = entity.mentions
        listed = mentions[0].listed if len(mentions) == 1 else any(m.listed for m in mentions)
        check = verdict(entity.name, entity.kind, listed)
        if check != (entity.name, ""):  # not as it stands
            rejected += [
                Rejection(entity.name, check.reason or "not as repaired", doc) for doc in entity.docs
            ]
            continue
        kind = entity.kind  # each alias as well_formed asks, without its two calls per alias
        entity.aliases = [a for a in entity.aliases if verdict(a, kind, listed) == (a, "")]
        kept.append(entity)
    return kept, rejected


def _verdicts(standing: Standing) -> Callable[[str, str, bool], Check]:
    """check_name for one gate: a name `standing` holds passes unasked, any other is asked once
    and its verdict kept until the gate ends (a memo of one corpus, freed with it, where the
    bounded memo of check_name would forget and work it again)."""
    asked: dict[tuple[str, str, bool], Check] = {}

    def verdict(name: str, kind: str, listed: bool) -> Check:
        if standing.holds(name, kind, listed):
            return Check(name)
        key = (name, kind, listed)
        found = asked.get(key)
        if found is None:
            found = asked[key] = check_name(name, kind, listed)
        return found

    return verdict
