"""Popup and tooltip HTML for one entity.

Every piece of text that came from a document (names, sentences, file names, places) is passed
through html.escape: documents are untrusted, and Leaflet puts popup and tooltip strings into
the page as HTML. Only the markup written here is left unescaped.
"""

from __future__ import annotations

import html
import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from functools import cache, lru_cache
from typing import Any

from geo.app.labels import KIND_LABELS, PRECISION_LABELS, label, named
from geo.layers.frame import industry_table, missing


@cache
def industry_names() -> dict[str, tuple[str, str]]:
    """Industry code -> (Chinese label, English label)."""

    table = industry_table()
    return {
        row.industry: (row.industry_label_zh, row.industry_label_en) for row in table.itertuples(index=False)
    }


def industry_labels() -> dict[str, dict[str, str]]:
    """Industry code -> its label per language, shaped like the tables of geo.app.labels."""
    return {code: {"zh": zh, "en": en} for code, (zh, en) in industry_names().items()}


def industry_text(codes: Iterable[str]) -> str:
    """Each industry in Chinese and English ('化工 Chemicals'), escaped."""
    return _industry_text(tuple(codes))


@lru_cache(maxsize=4096)
def _industry_text(codes: tuple[str, ...]) -> str:
    names = industry_names()
    out = []
    for code in codes:
        zh, en = names.get(code, (code, code))
        out.append(f"{html.escape(zh)} <i>{html.escape(en)}</i>")
    return "; ".join(out)


def highlighted(sentence: str, names: Sequence[str]) -> str:
    """The sentence escaped, with the first of `names` that occurs in it marked."""
    for name in names:
        if name and name in sentence:
            pieces = sentence.split(name)
            return f"<mark>{html.escape(name)}</mark>".join(html.escape(p) for p in pieces)
    return html.escape(sentence)


def plain_row(row: Mapping[str, Any]) -> dict[str, Any]:
    """The row with every missing scalar as None."""
    return {key: None if missing(value) else value for key, value in row.items()}


def _as_list(value: Any) -> list[str]:
    if value is None or isinstance(value, str):
        return [value] if value else []
    return [str(v) for v in value]


def place_text(row: Mapping[str, Any]) -> str:
    """The units from province down ('内蒙古自治区 乌兰察布市 丰镇市'), or the corridor's places."""
    units = [row.get(level) for level in ("province", "prefecture", "county")]
    text = " ".join(u for u in units if u)
    places = _as_list(row.get("places"))
    if row.get("precision") == "multi" and places:
        text = f"{text} ({'—'.join(places)})" if text else "—".join(places)
    return text or (row.get("country") or "")


_SPACE = re.compile(r"\s+")


def tooltip_html(row: Mapping[str, Any]) -> str:
    name = row.get("name")
    return "" if missing(name) else html.escape(_SPACE.sub(" ", str(name)))


# The columns a popup shows: a caller with a wide table can pass only these.
POPUP_COLUMNS = (
    "name",
    "pinyin",
    "aliases",
    "kind",
    "industries",
    "primary_industry",
    "country",
    "province",
    "prefecture",
    "county",
    "precision",
    "places",
    "docs",
    "evidence",
    "id",
    "first_date",
    "last_date",
    "mention_docs",
    "mention_sentences",
)
CARD_MENTIONS = 12  # a card lists this many sentences; the rest are counted


@cache
def _row_start(key: str, lang: str) -> str:
    return f"<tr><th>{html.escape(label(key, lang))}</th><td>"


def _dates_text(row: Mapping[str, Any]) -> str | None:
    first, last = row.get("first_date"), row.get("last_date")
    if not first:
        return None
    return html.escape(first if first == last else f"{first} – {last}")


def mentions_html(
    row: Mapping[str, Any], lang: str, sources: Mapping[str, str], readable: Collection[str]
) -> str | None:
    """Every sentence that names the entity, each with its document (by title) and, where the
    build kept the document's text, a link that opens it at that sentence; None without any."""
    docs, sentences = _as_list(row.get("mention_docs")), _as_list(row.get("mention_sentences"))
    if not sentences:
        return None
    names = [str(row.get("name") or ""), *_as_list(row.get("aliases"))]
    entity = html.escape(str(row.get("id") or ""))
    items = []
    for k, (doc, sentence) in enumerate(zip(docs[:CARD_MENTIONS], sentences, strict=False)):
        link = (
            f' <a href="#" class="pa-read" data-file="{html.escape(doc)}" data-m="{entity}.{k}">'
            f"{html.escape(label('read_in_document', lang))}</a>"
            if doc in readable
            else ""
        )
        source = html.escape(sources.get(doc, doc))
        items.append(
            f'<li><span class="pa-src">{source}</span>{link}<br>'
            f'<span class="pa-evidence">{highlighted(sentence, names)}</span></li>'
        )
    more = len(sentences) - CARD_MENTIONS
    tail = f"<i>{html.escape(label('more_mentions', lang, count=more))}</i>" if more > 0 else ""
    return f'<ol class="pa-mentions">{"".join(items)}</ol>{tail}'


def popup_html(
    row: Mapping[str, Any],
    lang: str = "zh",
    sources: Mapping[str, str] | None = None,
    readable: Collection[str] = (),
) -> str:
    """The popup: name and pinyin, kind, industries, place and precision, dates, documents (by
    title, issuer and date where `sources` knows them) and every sentence naming it with the name
    marked, linked to the document where its text is `readable`."""
    sources = sources or {}
    row = plain_row(row)
    name = str(row.get("name") or "")
    lines = [("kind", html.escape(named(KIND_LABELS, row.get("kind"), lang)))]
    codes = _as_list(row.get("industries")) or _as_list(row.get("primary_industry"))
    if codes:
        lines.append(("industries", industry_text(codes)))
    lines.append(("place", html.escape(place_text(row))))
    if row.get("precision"):
        lines.append(("precision", html.escape(named(PRECISION_LABELS, row.get("precision"), lang))))
    lines.append(("docs", "<br>".join(html.escape(sources.get(d, d)) for d in _as_list(row.get("docs")))))
    dates = _dates_text(row)
    if dates:
        lines.append(("date", dates))
    mentions = mentions_html(row, lang, sources, readable)
    evidence = row.get("evidence")
    if mentions:
        lines.append(("mentions", mentions))
    elif evidence:
        marked = highlighted(str(evidence), [name, *_as_list(row.get("aliases"))])
        lines.append(("evidence", f'<span class="pa-evidence">{marked}</span>'))
    body = "".join(f"{_row_start(key, lang)}{value}</td></tr>" for key, value in lines)
    pinyin = row.get("pinyin")
    head = f'<b class="pa-name">{html.escape(name)}</b>'
    if pinyin:
        head += f'<div class="pa-pinyin">{html.escape(str(pinyin))}</div>'
    return f'<div class="pa-popup">{head}<table>{body}</table></div>'
