"""Interface labels in Chinese and English: one small table, so both languages stay in step."""

from __future__ import annotations

import re

from geo.corpus.documents import one_line

LANGUAGES = {"zh": "中文", "en": "English"}

LABELS: dict[str, dict[str, str]] = {
    "title": {"zh": "ParkAtlas 产业园区地图", "en": "ParkAtlas: industrial parks on a map"},
    "language": {"zh": "语言", "en": "Language"},
    "basemap": {"zh": "底图", "en": "Basemap"},
    "filters": {"zh": "筛选", "en": "Filters"},
    "province": {"zh": "省级", "en": "Province"},
    "prefecture": {"zh": "地级", "en": "Prefecture"},
    "county": {"zh": "县级", "en": "County"},
    "industry": {"zh": "产业", "en": "Industry"},
    "industries": {"zh": "产业", "en": "Industries"},
    "kind": {"zh": "类型", "en": "Kind"},
    "doc": {"zh": "来源文件", "en": "Source document"},
    "docs": {"zh": "来源文件", "en": "Source documents"},
    "search": {"zh": "名称搜索(中文或拼音)", "en": "Search names (Chinese or pinyin)"},
    "name": {"zh": "名称", "en": "Name"},
    "place": {"zh": "位置", "en": "Place"},
    "precision": {"zh": "定位精度", "en": "Precision"},
    "evidence": {"zh": "原文", "en": "Evidence"},
    "shown": {"zh": "符合条件", "en": "Matching"},
    "on_map": {"zh": "地图上", "en": "On the map"},
    "unplaced": {"zh": "未定位", "en": "Not placed"},
    "of_total": {"zh": "全部 {total} 个实体", "en": "{total} entities in all"},
    "table": {"zh": "实体列表", "en": "Entities"},
    "per_province": {"zh": "按省统计", "en": "Per province"},
    "per_industry": {"zh": "按产业统计", "en": "Per industry"},
    "downloads": {"zh": "下载", "en": "Downloads"},
    "download_filtered": {"zh": "下载筛选结果", "en": "Download the filtered layer"},
    "download_build": {"zh": "下载构建图层", "en": "Download the build's layers"},
    "build_file": {"zh": "图层文件", "en": "Layer file"},
    "all_layers": {"zh": "全部图层 (zip)", "en": "All layers (zip)"},
    "upload": {"zh": "上传文件(txt、html、docx、pdf)", "en": "Upload documents (txt, html, docx, pdf)"},
    "add_docs": {"zh": "加入地图", "en": "Add to the map"},
    "reading": {"zh": "正在读取 {name}", "en": "Reading {name}"},
    "extracting": {"zh": "正在抽取实体……", "en": "Extracting entities…"},
    "added": {"zh": "{name}:新增 {count} 个实体", "en": "{name}: {count} entities added"},
    "skipped": {"zh": "{name}:无法读取({reason})", "en": "{name}: not read ({reason})"},
    "upload_log": {"zh": "上传记录", "en": "Upload log"},
    "building": {
        "zh": "首次启动:正在从 seeds/ 构建图层……",
        "en": "First start: building the layers from seeds/…",
    },
    "bad_filter": {
        "zh": "链接中的筛选值无效,已忽略:{value}",
        "en": "Ignored a filter value from the link: {value}",
    },
    "bad_layers": {
        "zh": "图层无法读取,请重新构建(python -m geo build):{reason}",
        "en": "The layers cannot be read; rebuild them (python -m geo build): {reason}",
    },
    "no_entities": {"zh": "没有符合条件的实体。", "en": "No entity matches the filters."},
    "legend": {"zh": "图例", "en": "Legend"},
    "unknown": {"zh": "(未定位)", "en": "(not placed)"},
    "choose": {"zh": "请选择", "en": "Choose options"},
    "clear": {"zh": "清除筛选", "en": "Clear filters"},
}

KIND_LABELS = {
    "park": {"zh": "园区", "en": "Park"},
    "project": {"zh": "项目", "en": "Project"},
    "base": {"zh": "基地", "en": "Base"},
    "corridor": {"zh": "通道", "en": "Corridor"},
    "region": {"zh": "区域", "en": "Region"},
}

PRECISION_LABELS = {
    "county": {"zh": "县级(准确到县)", "en": "county"},
    "prefecture": {"zh": "地级(退至地级市)", "en": "prefecture (fallback)"},
    "province": {"zh": "省级(退至省)", "en": "province (fallback)"},
    "country": {"zh": "国家", "en": "country"},
    "multi": {"zh": "多地", "en": "several places"},
}

BASEMAP_LABELS = {
    "offline": {"zh": "离线行政区划", "en": "Offline boundaries"},
    "osm": {"zh": "OpenStreetMap", "en": "OpenStreetMap"},
    "gaode": {"zh": "高德地图", "en": "Gaode (AMap)"},
}


_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=&])")


def plain(text: str) -> str:
    """Text Streamlit shows as itself although it renders Markdown: one line (control characters
    as escapes) and every Markdown character backslash-escaped, so a value from a link or a file
    name can neither load an image (![p](http://...)) nor format (**x**)."""
    return _MARKDOWN.sub(r"\\\1", one_line(text))


def label(key: str, lang: str, **values: object) -> str:
    """The label in `lang` (English when a translation is missing), with {fields} filled in; text
    values are user-supplied (file names, link values), so they are filled in as plain text."""
    entry = LABELS[key]
    return entry.get(lang, entry["en"]).format(**{k: plain(v) if isinstance(v, str) else v for k, v in values.items()})


def named(table: dict[str, dict[str, str]], key: str | None, lang: str) -> str:
    """A kind, precision or basemap in `lang`; an unknown key shows as itself."""
    if not isinstance(key, str):
        return ""
    return table.get(key, {}).get(lang, key)
