"""Interface labels in Chinese and English: one small table, so both languages stay in step."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

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
    "search": {
        "zh": "搜索名称或地名(中文或拼音)",
        "en": "Search names or places (Chinese or pinyin)",
    },
    "name": {"zh": "名称", "en": "Name"},
    "map_view": {"zh": "地图", "en": "Map"},
    "documents_view": {"zh": "文件", "en": "Documents"},
    "documents_read": {"zh": "已读取的文件({count} 个)", "en": "Documents read ({count})"},
    "documents_skipped": {"zh": "未能读取的文件({count} 个)", "en": "Files not read ({count})"},
    "doc_title": {"zh": "标题", "en": "Title"},
    "issuer": {"zh": "发文机关", "en": "Issuer"},
    "number": {"zh": "文号", "en": "Number"},
    "date": {"zh": "日期", "en": "Date"},
    "jurisdiction": {"zh": "辖区", "en": "Jurisdiction"},
    "entities_found": {"zh": "实体数", "en": "Entities"},
    "file": {"zh": "文件名", "en": "File"},
    "reason": {"zh": "原因", "en": "Reason"},
    "pinyin": {"zh": "拼音", "en": "Pinyin"},
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
    "upload_note": {
        "zh": "每个文件不超过 {mb} MB。上传的文件只在本次会话中有效:分享的链接不包含它们。",
        "en": "Up to {mb} MB per file. Uploads live only in this session: a shared link does not show them.",
    },
    "already_added": {  # read or not, the outcome is the one reported above
        "zh": "{name}:本次会话已处理过,未重复读取",
        "en": "{name}: already handled in this session, not read again",
    },
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
    "tiles_need_internet": {
        "zh": "此底图需要联网:没有网络时地图显示为灰色。请改用“离线行政区划”底图。",
        "en": "This basemap needs the internet: offline the map stays grey. Choose “Offline boundaries” instead.",
    },
    "unknown": {"zh": "(未定位)", "en": "(not placed)"},
    "several_provinces": {"zh": "(跨省)", "en": "(several provinces)"},
    "choose": {"zh": "请选择", "en": "Choose options"},
    "clear": {"zh": "清除筛选", "en": "Clear filters"},
    "view": {"zh": "视图", "en": "View"},
    "open_document": {"zh": "打开文件阅读", "en": "Open a document to read"},
    "no_text": {
        "zh": "此构建未保存文件正文,请重新构建后阅读。",
        "en": "This build kept no text of the document; rebuild to read it.",
    },
    "click_highlight": {
        "zh": "点击标亮的名称即可在地图上查看。",
        "en": "Click a highlighted name to see it on the map.",
    },
    "hidden_by_filters": {
        "zh": "所选实体不符合当前筛选条件,请清除筛选。",
        "en": "The chosen entity is hidden by the filters; clear them to see it.",
    },
    "not_on_map": {
        "zh": "所选实体没有位置,无法在地图上显示。",
        "en": "The chosen entity has no place to show on the map.",
    },
    "mentions": {"zh": "提及", "en": "Mentions"},
    "read_in_document": {"zh": "在文件中阅读", "en": "read in the document"},
    "more_mentions": {"zh": "另有 {count} 处提及", "en": "{count} more mentions"},
    "years": {"zh": "年份(按文件日期)", "en": "Years (by document date)"},
    "per_year": {"zh": "按年份统计(首次提及)", "en": "Per year (first mention)"},
    "per_year_by": {"zh": "分组", "en": "Group by"},
    "first_date": {"zh": "首次提及", "en": "First mention"},
    "last_date": {"zh": "最近提及", "en": "Last mention"},
    "undated": {"zh": "无日期", "en": "undated"},
    "show_as": {"zh": "显示方式", "en": "Show as"},
    "points": {"zh": "点位", "en": "Points"},
    "areas": {"zh": "按行政区统计", "en": "Counts per area"},
    "area_level": {"zh": "行政级别", "en": "Level"},
    "count": {"zh": "数量", "en": "Count"},
    "not_in_area": {
        "zh": "{count} 个实体没有此级别的行政区",
        "en": "{count} entities have no unit at this level",
    },
    "layers": {"zh": "图层", "en": "Layers"},
    "too_many_points": {
        "zh": "符合条件的实体有 {count} 个,超过 {limit} 个点:按行政区显示数量。缩小筛选范围即可显示点位。",
        "en": "{count} entities match, more than {limit} points: shown as counts per area. Narrow the filters to see the points.",
    },
    "fullscreen": {"zh": "全屏", "en": "Full screen"},
    "exit_fullscreen": {"zh": "退出全屏", "en": "Exit full screen"},
    "measure": {"zh": "测量距离", "en": "Measure a distance"},
    "measure_hint": {"zh": "在地图上依次点击各点", "en": "Click points on the map"},
    "measure_clear": {"zh": "清除", "en": "Clear"},
    "distance": {"zh": "距离:", "en": "Distance:"},
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
    return entry.get(lang, entry["en"]).format(
        **{k: plain(v) if isinstance(v, str) else v for k, v in values.items()}
    )


def named(table: dict[str, dict[str, str]], key: str | None, lang: str) -> str:
    """A kind, precision or basemap in `lang`; an unknown key shows as itself."""
    if not isinstance(key, str):
        return ""
    return table.get(key, {}).get(lang, key)


def as_codes(values: Iterable[str], table: Mapping[str, Mapping[str, str]]) -> list[str]:
    """Codes for values that may be labels in any language: after a language switch a browser
    still sends a widget's old labels ('Park' for park), which must not become filter values."""
    back = {text: code for code, names in table.items() for text in (code, *names.values())}
    return list(dict.fromkeys(back.get(value, value) for value in values))


# The build's one-line reasons for a skipped file (geo.corpus), in Chinese; {0}, {1}: the parts
# of the reason that vary. A reason not listed stays as the build wrote it.
REASONS_ZH: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), text)
    for pattern, text in (
        (r"empty file", "空文件"),
        (r"binary file, not text", "二进制文件,不是文本"),
        (r"cannot determine the text encoding.*", "无法识别文本编码(不是 UTF-8/16、GB18030 或 Big5)"),
        (r"starts with a (\S+) byte-order mark but does not decode.*", "有 {0} 字节序标记,但无法解码"),
        (r"HTML page has no visible text", "网页没有可见文字"),
        (r"password-protected or legacy \.doc file, not \.docx", "有密码保护或是旧版 .doc 文件,不是 .docx"),
        (r"not a valid \.docx file", "不是有效的 .docx 文件"),
        (r"Word document has no text", "Word 文档没有文字"),
        (r"password-protected PDF", "PDF 有密码保护"),
        (r"not a readable PDF \((.*)\)", "无法读取的 PDF({0})"),
        (r"PDF has no text layer.*", "PDF 没有文字层(可能是扫描图片)"),
        (r"unsupported format ([^;]*).*", "不支持的格式 {0}"),
        (r"no Chinese text found", "没有中文文字"),
        (r"too large \(([\d.]+) MB; the limit is ([\d.]+) MB\)", "文件过大({0} MB,上限 {1} MB)"),
        (r"cannot open: (.*)", "无法打开:{0}"),
        (r"could not be read \((.*)\)", "无法读取({0})"),
    )
)


def reason_text(reason: str, lang: str) -> str:
    """A skipped file's reason in `lang`: the build writes English, the Chinese UI says it in Chinese."""
    if lang != "zh":
        return reason
    for pattern, text in REASONS_ZH:
        match = pattern.fullmatch(reason)
        if match:
            return text.format(*match.groups())
    return reason
