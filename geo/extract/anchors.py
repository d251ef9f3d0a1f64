"""Whether a qualifier names something in particular: a place, or a proper name.

A qualifier (the words before a head such as 工业园区) names one thing when it holds an
administrative name, or a word that jieba does not know as a common word (瑞丰, 中哈), or a run of
characters jieba has no word for; generic words (重点, 各类, 省级) and industry words (精细化工)
are no anchors.
"""

from __future__ import annotations

import re

from geo.knowledge.gazetteer import COUNTRY_ABBREVIATIONS, PROVINCE_ABBREVIATIONS, admin_scan
from geo.knowledge.industries import industry_keywords
from geo.knowledge.lexicon import GENERIC_WORDS, STATUS_WORDS
from geo.knowledge.scanner import WordPattern
from geo.knowledge.segment import cut, jieba_words
from geo.knowledge.store import current, knowledge_cache

# Words that open a qualifier of a class (一批, 各类): str.startswith of the tuple, in C, where a
# regex of their alternation tried each word in turn
_QUANTIFIERS = ("一批", "一些", "多条", "多个", "若干", "各类", "各个", "各", "这些", "其他", "其它")
_QUANTIFIERS += ("有关", "相关", "该", "本", "有条件的")
# 甲公司年产60万吨乙项目: a stated yearly capacity singles out one plant, named or not.
_CAPACITY = re.compile(r"年产(?:能)?[\d.]+[万千百亿]*[吨台套件辆只片头]?(?:以上|左右)?")
_LETTERS = "".join(k for k in PROVINCE_ABBREVIATIONS if k not in "新内云贵青宁吉黑甘秦蜀") + "港澳深穗"
_PLACE_LETTERS = re.compile(f"^[{_LETTERS}]{{2,}}")
# 中老, 中蒙俄: China and the countries a line or park joins, named by their letters (老 = 老挝).
_BILATERAL = re.compile(f"中[{''.join(COUNTRY_ABBREVIATIONS)}]{{1,2}}")
# 沿江, 沿海, 沿黄, 沿沪宁: the land along a river, the coast or a line between two places is one
# stretch of a province (沿江科技发展带); 沿线 and 沿边 name no particular one.
_ALONG = re.compile(f"沿(?:江|海|黄|淮|[{''.join(PROVINCE_ABBREVIATIONS)}港澳深穗]{{2}})")
_NATIONAL_WITH_PLACE = re.compile(r"中国\([^()]+\)")
_NOT_CJK_OR_LATIN = re.compile(r"[^\u4e00-\u9fffA-Za-z]")
_NOT_CJK = re.compile(r"[^\u4e00-\u9fff]")
_LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
_PROPER_TAGS = {"ns", "nr", "nz", "nrt", "nt", "nrfg"}
# A province's one-letter name and a quarter of it (闽西北, 豫东, 鲁西南) name a part of the
# province; letters that also open common words (新, 云, 青, 吉 ...) are left out.
_PART_OF_PROVINCE = re.compile(
    "^[" + "".join(k for k in PROVINCE_ABBREVIATIONS if k not in "新内云贵青宁吉黑甘秦蜀") + "][东西南北]"
)


GENERIC_SET = frozenset(GENERIC_WORDS) | frozenset(STATUS_WORDS)


@knowledge_cache()
def generic_pattern(shortest: int = 1) -> WordPattern:
    """Generic, status and industry words of `shortest` characters or more, as an automaton
    read like their regex alternation (a thousand words: a regex tried each at every position).
    Both lengths asked (1 and 2) are one part of the knowledge, as the word lists they are
    made of: loaded together when warm() first asks has_anchor (workers fork after it), and not
    built again when the derived answers are cleared (a cold benchmark run); the cache spares
    the part's lookup."""
    return current().part("generic_patterns", _generic_patterns).get(shortest) or _generic_words(shortest)


def _generic_patterns() -> dict[int, WordPattern]:
    return {shortest: _generic_words(shortest) for shortest in (1, 2)}


def _generic_words(shortest: int) -> WordPattern:
    words = {*GENERIC_WORDS, *STATUS_WORDS, *industry_keywords()}
    return WordPattern(w for w in words if len(w) >= shortest)


@knowledge_cache()
def places_in(text: str) -> tuple:
    """Administrative names in a short string; qualifiers and items repeat, so cached."""
    return tuple(admin_scan()(text))  # scan_admin_names(text), one call fewer


@knowledge_cache()
def anchoring_places(text: str) -> tuple:
    """Place names in `text` that are not also generic words (惠民 in 文化惠民 is no county), nor
    read across two generic words (新平 in 创新平台). Cached as places_in: extraction asks it of
    one qualifier several times (its anchor, its confidence, whether it is named)."""
    places = places_in(text)
    if not places:
        return places
    kept = [
        p
        for p in places
        if p.surface not in GENERIC_SET and (p.end - p.start != 2 or not _across_words(text, p))
    ]
    return places if len(kept) == len(places) else tuple(kept)  # most keep all: no second tuple


def _across_words(text: str, place) -> bool:
    """Whether a two-character place name is the end of one generic word and the start of the
    next (创新|平台 holds 新平, a county)."""
    start, end = place.start, place.end
    return (
        end - start == 2
        and start > 0
        and end < len(text)
        and text[start - 1 : start + 1] in GENERIC_SET
        and text[start + 1 : end + 1] in GENERIC_SET
    )


@knowledge_cache()
def has_anchor(qualifier: str) -> bool:
    """Whether a qualifier names something in particular: a place, or a proper name that is no
    common word (瑞丰, 中哈); 重点, 各类, 省级经济, 精细化工, 人才 are no anchors. Cached: a
    document names its parks again and again."""
    if not qualifier or qualifier.startswith(_QUANTIFIERS):
        return False
    if anchoring_places(qualifier) or _part_of_province(qualifier) or _place_letters(qualifier):
        return True
    # each pattern below needs a character or word that most qualifiers lack: tested in C first
    if "沿" in qualifier and _ALONG.search(qualifier):
        return True
    if qualifier[0] == "中" and _BILATERAL.fullmatch(qualifier):
        return True
    if "年产" in qualifier and _capacity_plant(qualifier):
        return True
    rest = _NOT_CJK_OR_LATIN.sub("", qualifier)
    if not generic_pattern().uncovered(rest):
        return False  # generic and industry words only: no need to segment
    words = jieba_words()
    run = ""  # consecutive characters jieba has no word for: a proper name unless generic (实训)
    for token in [*cut(rest), ""]:
        freq, tag = words.get(token, (0, ""))
        if len(token) == 1 and not _function_character(freq, tag):
            run += token
            continue
        if _specific(run) or (len(run) >= 2 and _names_a_place(run, words)):
            return True
        run = ""
        if len(token) >= 2 and _specific(token) and (freq == 0 or tag in _PROPER_TAGS):
            return True
    return bool(_LATIN_WORD.search(rest))


def _place_letters(qualifier: str) -> bool:
    """粤港澳, 深港, 京冀: a run of one-letter names of provinces and of the cities that pair with
    them (港, 澳, 深, 穗) opens a name of those places."""
    return bool(_PLACE_LETTERS.match(qualifier)) and qualifier[:2] not in GENERIC_SET


def _part_of_province(qualifier: str) -> bool:
    """闽西北, 豫东: a part of a province, unless the lexicon calls it generic (too wide to place)."""
    match = _PART_OF_PROVINCE.match(qualifier)
    return bool(match) and match.group() not in GENERIC_SET and qualifier[:3] not in GENERIC_SET


def _capacity_plant(qualifier: str) -> bool:
    """甲公司年产60万吨乙: a yearly capacity with a maker or product beside it is one plant; a
    bare capacity (年产10万吨以上) names a class."""
    match = _CAPACITY.search(qualifier)
    if not match:
        return False
    rest = qualifier[: match.start()] + qualifier[match.end() :]
    return _specific(_NOT_CJK.sub("", rest))


def _names_a_place(run: str, words: dict[str, tuple[int, str]]) -> bool:
    """A run of single characters with a place character in it (平齐至大郑: 郑) is a name."""
    rest = generic_pattern().sub("", run)
    return any(words.get(char, (0, ""))[1] == "ns" for char in rest)


def _function_character(freq: int, tag: str) -> bool:
    """以, 的, 和, 要: characters that glue words and name nothing."""
    return tag[:1] in ("p", "u", "c") or (tag == "v" and freq >= 100_000)


def _specific(text: str) -> bool:
    """Whether at least two characters of `text` are no generic or industry word (深加工 -> 深:
    no)."""
    return len(text) >= 2 and generic_pattern().uncovered(text) >= 2  # most runs asked are empty


def only_province(qualifier: str) -> bool:
    """A qualifier anchored by nothing but a province (甘肃省工业园区, 内蒙古文化产业园区) names
    a class of parks across the province, not one park."""
    places = anchoring_places(qualifier)
    if not places or any(u.level != "province" for p in places for u in p.units):
        return False
    if _NATIONAL_WITH_PLACE.search(qualifier):
        return False  # 中国(甲省)自由贸易试验区: the province's one zone of a national kind
    rest = qualifier
    for p in reversed(places):
        rest = rest[: p.start] + rest[p.end :]
    return not has_anchor(rest)


def is_place_prefix(prefix: str) -> bool:
    """Whether `prefix` is made of place names only (卓资县, 乌兰察布集宁)."""
    places = places_in(prefix)
    return bool(places) and places[0].start == 0 and places[-1].end == len(prefix)
