from hypothesis import given, settings
from hypothesis import strategies as st

from geo.corpus.normalize import changed_characters, detect_script, normalize


def test_traditional_becomes_simplified_and_glosses_go():
    raw = "推進產(chǎn)業(yè)合作,蘭州新區(qū)精細化工園區(qū)"
    mapped = normalize(raw)
    assert mapped.text == "推进产业合作,兰州新区精细化工园区"
    start = mapped.text.index("兰州新区")
    first, last = mapped.original_span(start, start + 4)
    assert raw[first:last] == "蘭州新區"
    start = mapped.text.index("产业")
    first, last = mapped.original_span(start, start + 2)
    assert raw[first:last] == "產(chǎn)業"


def test_latin_in_brackets_is_not_a_gloss():
    assert normalize("特种PVA(PVA)项目,运城LNG(液化天然气)").text == "特种PVA(PVA)项目,运城LNG(液化天然气)"


def test_full_width_folds_but_chinese_punctuation_stays():
    assert (
        normalize("（一）建设１号园区，推进“项目”、《规划》。").text
        == "(一)建设1号园区,推进“项目”、《规划》。"
    )


def test_boilerplate_lines_go_and_content_stays():
    raw = (
        "- 1、下载文档前请自行甄别文档内容的完整性,平台不提供额外的编辑服务。\n"
        "正文:\n"
        "----------------------------------\n"
        "推进物流园区建设,下载和转载的数据平台纳入规划。\n"
        "特别声明:本网转载其他网站内容,版权归原作者所有,若有侵权,请联系我们删除。\n"
        "商务合作张先生:13800000000\n"
    )
    assert normalize(raw).text == "推进物流园区建设,下载和转载的数据平台纳入规划。\n"


def test_crlf_line_ends_map_back():
    raw = "第一行\r\n第二行"
    mapped = normalize(raw)
    assert mapped.text == "第一行\n第二行"
    first, last = mapped.original_span(4, 7)
    assert raw[first:last] == "第二行"


def test_detect_script():
    assert detect_script("甘肅省工業和信息化廳下發了通知") == "traditional"
    assert detect_script("甘肃省工业和信息化厅下发了通知") == "simplified"
    assert detect_script("no Chinese here") == "none"


def _script_by_loops(text: str) -> str:
    """The definition detect_script computes faster: count what each OpenCC direction changes."""
    import opencc

    han = "".join(c for c in text[:20000] if "\u4e00" <= c <= "\u9fff")
    if not han:
        return "none"
    t2s, s2t = opencc.OpenCC("t2s").convert(han), opencc.OpenCC("s2t").convert(han)
    by_t2s = sum(a != b for a, b in zip(han, t2s, strict=False))
    by_s2t = sum(a != b for a, b in zip(han, s2t, strict=False))
    return "traditional" if by_t2s > by_s2t else "simplified"


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="甘肅省工業和信息化廳下發了通知甘肃省工业和信息化厅下发了通知发展後后来乾隆干部a,𠀀", max_size=60))
def test_detect_script_counts_as_the_plain_definition(text):
    assert detect_script(text) == _script_by_loops(text)


@given(st.text(max_size=30), st.text(max_size=30))
def test_changed_characters_compares_code_points_up_to_the_shorter(a, b):
    assert changed_characters(a, b) == sum(x != y for x, y in zip(a, b, strict=False))
