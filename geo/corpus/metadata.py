"""Document metadata: title, issuer, number, date and jurisdiction.

Jurisdiction is the geographic prior for geocoding: a short place name in a document of
乌兰察布市 is looked for there first. It is read from the issuer, then the title, then the
document number's province abbreviation, then the province the text names most.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from geo.knowledge.gazetteer import PROVINCE_ABBREVIATIONS, AdminUnit, admin_table, scan_admin_names
from geo.knowledge.store import knowledge_cache

DOC_TYPES = (
    "实施意见|指导意见|工作计划|实施方案|工作方案|行动方案|行动计划|分工方案|规划纲要|"
    "通知|意见|方案|规划|计划|办法|决定|规定|纲要|细则|批复|报告|公告|条例|要点|措施|通报|函"
)
DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,12}[〔\[(【]\s*(?:19|20)\d{2}\s*[〕\])】]\s*\d{1,5}\s*号")
_TITLE_END = re.compile(rf"(?:{DOC_TYPES})(?:\s*[(（][^()（）]{{1,12}}[)）])?$")
_SENTENCE_PUNCT = re.compile(r"[。,，;；:：!?！？]")
_HEADING = re.compile(
    r"^(第[一二三四五六七八九十百\d]+[章节条部分篇]|[一二三四五六七八九十]+、|\(?[一二三四五六七八九十]+\))"
)
_ORGAN = (
    r"(?:人民政府办公厅|人民政府办公室|人民政府|行政公署|办公厅|办公室|委员会|管理委员会|厅|局|委|部|署|院)"
)
_ORGAN_LINE = re.compile(rf"^[\u4e00-\u9fff、]{{2,30}}{_ORGAN}$")
_NEWS_ISSUE = re.compile(
    rf"([\u4e00-\u9fff]{{2,24}}?{_ORGAN})(?:近日|日前|正式)?(?:下发|印发|发布|出台|公布|制定)了?《([^》]{{4,80}})》(?:\(([^()]{{4,30}})\))?"
)
# What a news lead's verb is followed by; a match of _NEWS_ISSUE starts at most _NEWS_REACH
# characters before its verb (a 2-24 character name, an organ of up to 7, an adverb of 2).
_NEWS_VERB = re.compile(r"(?:下发|印发|发布|出台|公布|制定)了?《")
_NEWS_REACH = 40
_ATTACHED_TITLE = re.compile(r"现将《([^》]{4,80})》(?:印发|转发)")
_CN_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0, "○": 0, "O": 0}
_DATE = re.compile(
    r"((?:19|20)\d{2}|[〇○零一二三四五六七八九]{4})年(\d{1,2}|[一二三四五六七八九十]{1,3})月(\d{1,2}|[一二三四五六七八九十]{1,3})日"
)
_MONTH_DAY = re.compile(r"(?<![\d年])(\d{1,2})月(\d{1,2})日")


@dataclass(frozen=True)
class Jurisdiction:
    """The administrative area a document speaks for, and how that was inferred."""

    province: str | None = None
    prefecture: str | None = None
    county: str | None = None
    code: str | None = None
    source: str | None = None

    def label(self) -> str:
        return "/".join(p for p in (self.province, self.prefecture, self.county) if p)


@dataclass(frozen=True)
class DocumentMeta:
    title: str | None
    issuer: str | None
    number: str | None
    date: str | None
    jurisdiction: Jurisdiction


def _cn_number(text: str) -> int:
    if text.isdigit():
        return int(text)
    if len(text) == 4 or (all(c in _CN_DIGITS for c in text) and len(text) > 1 and "十" not in text):
        return int("".join(str(_CN_DIGITS[c]) for c in text))
    tens, _, units = text.partition("十")
    if "十" not in text:
        return _CN_DIGITS[text]
    return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[units] if units else 0)


def parse_date(match: re.Match[str]) -> str | None:
    try:
        year, month, day = (_cn_number(g) for g in match.groups())
    except KeyError:
        return None
    if 1 <= month <= 12 and 1 <= day <= 31:
        return f"{year:04d}-{month:02d}-{day:02d}"
    return None


_HEAD_CHARS = 4096  # where the first lines are looked for before splitting the whole text


def _lines(text: str, limit: int) -> list[str]:
    """The first `limit` non-blank lines, stripped. Split from the head of the text when it
    holds them (its last, perhaps cut, line left out), not from the whole document."""
    if len(text) > _HEAD_CHARS:
        head = [s for line in text[:_HEAD_CHARS].splitlines()[:-1] if (s := line.strip())]
        if len(head) >= limit:
            return head[:limit]
    return [s for line in text.splitlines() if (s := line.strip())][:limit]


def _doc_number(line: str) -> re.Match[str] | None:
    """DOC_NUMBER's first match; a line without 号 has none, and is not searched."""
    return DOC_NUMBER.search(line) if "号" in line else None


def _news_issue(head: str) -> re.Match[str] | None:
    """_NEWS_ISSUE's first match in `head`, searched from just before the first verb it needs:
    the pattern tries 23 name lengths and every organ at each character, most of the metadata's cost."""
    verb = _NEWS_VERB.search(head)
    return _NEWS_ISSUE.search(head, max(0, verb.start() - _NEWS_REACH)) if verb else None


def _title_shaped(candidate: str) -> str | None:
    bare = (DOC_NUMBER.sub("", candidate) if "号" in candidate else candidate).rstrip("-—_ ")
    if (
        6 <= len(bare) <= 100
        and _TITLE_END.search(bare)
        and not _SENTENCE_PUNCT.search(bare)
        and not _HEADING.match(bare)
        and not bare.startswith(("(", "《", "【"))
    ):
        return bare
    return None


def find_title(lines: list[str]) -> str | None:
    """A title-shaped line, or a title broken over two lines, among the first lines."""
    for i, line in enumerate(lines):
        if title := _title_shaped(line):
            return title
        if (
            i + 1 < len(lines)
            and not _SENTENCE_PUNCT.search(line)
            and (title := _title_shaped(line + lines[i + 1]))
        ):
            return title
    return None


def find_number(lines: list[str], title: str | None) -> str | None:
    """The document's own number: alone on a line or closing the title line near the top."""
    for line in lines:
        match = _doc_number(line)
        if not match:
            continue
        alone = match.group().strip() == line.strip()
        closes_title = (
            title is not None and line.startswith(title[:8]) and line.rstrip().endswith(match.group())
        )
        if alone or closes_title:
            return re.sub(r"\s+", "", match.group())
    return None


def find_date(lines: list[str], number: str | None, head: str) -> str | None:
    """A signature date line; else a news dateline whose year comes from the number."""
    for line in lines:
        match = _DATE.fullmatch(line.strip("()（） "))
        if match and (date := parse_date(match)):
            return date
    match = _MONTH_DAY.search(head[:200])
    year = re.search(r"(?:19|20)\d{2}", number or "")
    if match and year:
        month, day = int(match.group(1)), int(match.group(2))
        if 1 <= month <= 12 and 1 <= day <= 31:
            return f"{year.group()}-{month:02d}-{day:02d}"
    return None


def find_issuer(lines: list[str], title: str | None) -> str | None:
    if title and "关于" in title:
        before = title.split("关于", 1)[0]
        if re.search(rf"{_ORGAN}$", before) and not re.search(r"贯彻|落实|推进|实施|转发", before):
            return before
    for line in lines:
        if _ORGAN_LINE.match(line) and "、" not in line:
            return line
    return None


def _leading_unit(text: str) -> AdminUnit | None:
    """The administrative unit a name starts with (内蒙古自治区..., 山西省发展...)."""
    mentions = scan_admin_names(text)
    if not mentions or mentions[0].start != 0:
        return None
    units = mentions[0].units
    if len(units) == 1:
        return units[0]
    higher = [u for u in units if u.level != "county"]
    return higher[0] if len(higher) == 1 else None


def _jurisdiction_of(unit: AdminUnit, source: str) -> Jurisdiction:
    table = admin_table()
    lineage = table.lineage(unit)
    names = {level: (u.name if u else None) for level, u in lineage.items()}
    return Jurisdiction(names["province"], names["prefecture"], names["county"], unit.code, source)


@knowledge_cache(maxsize=None)
def _sole_province(name: str) -> str | None:
    """The code of the one province all units of an administrative name lie in (None if they lie
    in several): worked out once per name and knowledge, not at each of its many mentions. The
    name scanned alone is itself the longest match, with the units it has in any text."""
    table = admin_table()
    provinces = {table.province_of(u).code for u in scan_admin_names(name)[0].units}
    return provinces.pop() if len(provinces) == 1 else None


def _province_counts(text: str) -> Counter[str]:
    """How often `text` names each province, counting the names whose units lie in one province."""
    counts: Counter[str] = Counter()
    for mention in scan_admin_names(text):
        if (code := _sole_province(mention.surface)) is not None:
            counts[code] += 1
    return counts


def infer_jurisdiction(issuer: str | None, title: str | None, number: str | None, text: str) -> Jurisdiction:
    for source, value in (("issuer", issuer), ("title", title)):
        if value and (unit := _leading_unit(value)):
            return _jurisdiction_of(unit, source)
    table = admin_table()
    if number and (province := PROVINCE_ABBREVIATIONS.get(number[0])):
        unit = next(u for u in table.units if u.name == province)
        return _jurisdiction_of(unit, "number")
    if counts := _province_counts(text):
        code, top = counts.most_common(1)[0]
        if top >= 3 and top >= 0.5 * sum(counts.values()):
            return _jurisdiction_of(table.by_code[code], "text")
    return Jurisdiction()


def extract_metadata(text: str) -> DocumentMeta:
    """Metadata from a normalized document text."""
    lines = _lines(text, 30)
    head = "\n".join(lines)
    title = find_title(lines)
    number = find_number(lines, title)
    issuer = find_issuer(lines, title)
    if news := _news_issue(head):
        issuer = issuer or news.group(1)
        title = title or news.group(2)
        if not number and news.group(3) and DOC_NUMBER.fullmatch(news.group(3)):
            number = news.group(3)
    if not title and (attached := _ATTACHED_TITLE.search(head)):
        title = attached.group(1)
    date = find_date(lines, number, head)
    jurisdiction = infer_jurisdiction(issuer, title, number, text)
    return DocumentMeta(title, issuer, number, date, jurisdiction)
