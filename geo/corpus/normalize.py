"""Normalize document text for extraction while keeping the way back to the original.

Order matters: glosses are removed before script conversion (OpenCC leaves Latin alone, but
removal first keeps offsets exact), then Traditional becomes Simplified, full-width forms fold to
half-width (so the extractor sees one kind of bracket and digit), and web boilerplate lines go.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

import numpy as np
import opencc

from geo.corpus.mapped import MappedText
from geo.corpus.t2s import t2s_keeps
from geo.knowledge.scanner import WordPattern

# A pinyin gloss that web converters put after a character: 網(wǎng), 業(yè). Only tone-marked
# syllables, so real Latin in brackets such as (PVA) or (LNG) stays.
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
PINYIN_GLOSS = re.compile(  # the bracket first: the regex engine then skips to brackets
    rf"[(（](?<=[\u3400-\u9fff][(（])(?=[a-zü{_TONED}]*[{_TONED}])[a-zü{_TONED}]{{1,7}}[)）]"
)

# Lines that web pages and document-sharing sites wrap around the real text. Each pattern must
# match a whole line; a content line merely mentioning 下载 or 版权 is kept.
BOILERPLATE_LINES = [
    r"-?\s*\d?[、.．]?\s*下载文档前请自行甄别.*",
    r"-?\s*\d?[、.．]?\s*[\"“]?仅部分预览[\"”]?的文档.*",
    r"-?\s*\d?[、.．]?\s*如文档侵犯您的权益.*",
    r"特别声明[:：].*(转载|版权|侵权).*",
    r".*(转载|转发)(需|请)?(获|经)?(授权|注明出处|注明来源).*",
    r".*版权(归原作者|所有).*",
    r".*(欢迎投稿|商务合作|联系我们|客服热线|联系电话|咨询电话)[:：].*",
    r".{0,40}(?<!\d)(1[3-9]\d{9}|0\d{2,3}-\d{7,8})(?!\d).{0,40}",  # short line with a phone number
    r".{0,40}[\w.+-]+@[\w-]+\.[\w.]+.{0,20}",  # short line with an e-mail address
    r"(责任编辑|编辑|来源|作者|浏览次数|点击数|发布时间)[:：].{0,40}",
    r"(【?字体[:：]?\s*(大|中|小)\s*(大|中|小)?\s*(大|中|小)?】?)",
    r"(打印本页|关闭窗口|返回顶部|分享到[:：]?.*|扫一扫.*|TOP|顶部|【?打印】?|【?关闭】?)",
    r"(正文|原文)[:：]?",
    r"[-—=_*·.]{5,}",
    r"(上一篇|下一篇)[:：].*",
]
_BOILERPLATE = re.compile(r"^[ \t\u3000]*(?:" + "|".join(BOILERPLATE_LINES) + r")[ \t\u3000]*$\n?", re.M)
# A word of each line pattern: a line holding none can begin a match only as a phone number's
# line or a bare line (see boilerplate_spans).
_BOILERPLATE_WORDS = WordPattern(
    [
        "下载文档前请自行甄别",
        "仅部分预览",
        "如文档侵犯您的权益",
        "特别声明",
        "转载",
        "转发",
        "版权",
        "欢迎投稿",
        "商务合作",
        "联系我们",
        "客服热线",
        "联系电话",
        "咨询电话",
        "@",
        "编辑",
        "来源",
        "作者",
        "浏览次数",
        "点击数",
        "发布时间",
        "字体",
        "打印",
        "关闭",
        "返回顶部",
        "分享到",
        "扫一扫",
        "TOP",
        "顶部",
        "正文",
        "原文",
        "上一篇",
        "下一篇",
    ]
)
# A phone number's line is at most 40 + 13 + 40 characters between its spaces, and holds seven
# digits in a row.
_SHORT_LINE = 93
_PHONE_DIGITS = re.compile(r"\d\d\d\d\d\d\d")
# Lines that begin a match with no word of their own: a rule of dashes, or what may stand before
# a 下载文档… notice on the next line (the notice's \s* runs over the line end).
_BARE_LINE = re.compile(r"[ \t\u3000\-—=_*·.]*|[ \t\u3000]*-?[^\S\n]*\d?[、.．]?[^\S\n]*")

# Site tags that news copies open with: 【中金网】, 【新华社】.
_SITE_TAG = re.compile(r"^【[^】\n]{1,12}(网|社|报|新闻|讯)】", re.M)


@cache
def _converter(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(config)


def to_simplified(text: str) -> str:
    return _converter("t2s").convert(text)


def detect_script(text: str) -> str:
    """'traditional', 'simplified' or 'none' (no Chinese), by what OpenCC would change."""
    sample = han_characters(text[:20000])
    if not sample:
        return "none"
    if t2s_keeps(sample):  # t2s changes nothing (most documents): no conversion needed to know
        return "simplified"
    changed_by_t2s = changed_characters(sample, to_simplified(sample))
    if not changed_by_t2s:  # nothing Traditional: the s2t count cannot exceed 0 (most documents)
        return "simplified"
    changed_by_s2t = changed_characters(sample, _converter("s2t").convert(sample))
    return "traditional" if changed_by_t2s > changed_by_s2t else "simplified"


def han_characters(text: str) -> str:
    """The characters of `text` in U+4E00..U+9FFF, in order: numpy over UTF-32 code points, as
    a regex findall made a string per character (most of reading a document)."""
    points = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    return points[(points >= 0x4E00) & (points <= 0x9FFF)].tobytes().decode("utf-32-le")


def changed_characters(before: str, after: str) -> int:
    """How many positions differ over the shorter string's length: numpy over UTF-32 code points,
    as a Python loop over 20,000 characters per document cost more than reading it."""
    n = min(len(before), len(after))
    old = np.frombuffer(before[:n].encode("utf-32-le"), dtype=np.uint32)
    new = np.frombuffer(after[:n].encode("utf-32-le"), dtype=np.uint32)
    return int(np.count_nonzero(old != new))


@cache
def _fold_char(char: str) -> str:
    """Full-width to half-width and compatibility forms, but keep CJK punctuation that carries
    meaning for the extractor (、。《》〔〕【】“” and the ideographic space becomes a space)."""
    if char in "、。《》〔〕【】“”‘’—…·":
        return char
    return unicodedata.normalize("NFKC", char)


def fold_width(mapped: MappedText) -> MappedText:
    if unicodedata.is_normalized("NFKC", mapped.text):
        return mapped
    return mapped.map_chars(_fold_char)


def normalize(raw: str) -> MappedText:
    """Working text for extraction, mapped to offsets in `raw`."""
    mapped = _map_crlf(raw) if "\r" in raw else MappedText.identity(raw)
    mapped = mapped.delete_matches(PINYIN_GLOSS)
    if not t2s_keeps(mapped.text):
        mapped = mapped.convert_lines(to_simplified)
    mapped = fold_width(mapped)
    if "【" in mapped.text:
        mapped = mapped.delete_matches(_SITE_TAG)
    mapped = mapped.delete(boilerplate_spans(mapped.text))
    return mapped


def boilerplate_spans(text: str) -> list[tuple[int, int]]:
    """The spans `_BOILERPLATE.finditer(text)` finds, trying the pattern only at the start of a
    line that could begin a match: one holding a word of _BOILERPLATE_WORDS, a short line with
    seven digits (a phone number), or a bare line (_BARE_LINE). Its many `.*` alternatives
    tried at every line cost more than the rest of normalizing."""
    starts = set(_bare_or_phone_lines(text))
    starts.update(text.rfind("\n", 0, m.start()) + 1 for m in _BOILERPLATE_WORDS.finditer(text))
    spans: list[tuple[int, int]] = []
    done = 0
    for start in sorted(starts):
        if start >= done and (found := _BOILERPLATE.match(text, start)):
            spans.append(found.span())
            done = found.end()
    return spans


def _bare_or_phone_lines(text: str) -> list[int]:
    """Starts of the lines that are bare (_BARE_LINE) or short with seven digits in a row: line by
    line, so a paragraph's line is passed over at its first character or by its length, where
    the two patterns tried at every character of the text cost more than the words' scan."""
    starts: list[int] = []
    at = 0
    for line in text.split("\n"):
        if _BARE_LINE.fullmatch(line) or (
            len(line) >= 7 and len(line.strip()) <= _SHORT_LINE and _PHONE_DIGITS.search(line)
        ):
            starts.append(at)
        at += len(line) + 1
    return starts


def _map_crlf(raw: str) -> MappedText:
    """Line ends as \\n; a CR of CRLF is deleted, a lone CR becomes \\n, offsets kept."""
    mapped = MappedText.identity(raw).delete(m.span() for m in re.finditer(r"\r(?=\n)", raw))
    return MappedText(mapped.text.replace("\r", "\n"), mapped.origin)
