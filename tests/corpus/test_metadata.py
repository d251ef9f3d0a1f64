from geo.corpus.metadata import extract_metadata
from geo.corpus.normalize import normalize


def meta_of(raw: str):
    return extract_metadata(normalize(raw).text)


def test_notice_with_number_line_and_signature_date():
    meta = meta_of(
        "丰镇市人民政府关于加快园区建设的通知\n丰政发〔2018〕7号\n各乡镇:\n现将有关事项通知如下。\n二〇一八年五月十二日\n"
    )
    assert meta.title == "丰镇市人民政府关于加快园区建设的通知"
    assert meta.issuer == "丰镇市人民政府"
    assert meta.number == "丰政发〔2018〕7号"
    assert meta.date == "2018-05-12"
    where = meta.jurisdiction
    assert (where.province, where.prefecture, where.county) == ("内蒙古自治区", "乌兰察布市", "丰镇市")


def test_title_broken_over_two_lines_and_province_from_title():
    meta = meta_of(
        "各有关单位:\n广西壮族自治区关于承接东部产业\n转移的实施方案\n为推进承接产业转移,制定本方案。\n"
    )
    assert meta.title == "广西壮族自治区关于承接东部产业转移的实施方案"
    assert meta.jurisdiction.province == "广西壮族自治区"
    assert meta.jurisdiction.prefecture is None


def test_news_report_takes_issuer_number_and_year_from_the_cited_notice():
    meta = meta_of(
        "【某某网】3月8日,河南省发展和改革委员会印发了《关于推进开发区建设的意见》(豫发改工业〔2021〕88号)。\n意见指出,要加快建设。\n"
    )
    assert meta.issuer == "河南省发展和改革委员会"
    assert meta.title == "关于推进开发区建设的意见"
    assert meta.number == "豫发改工业〔2021〕88号"
    assert meta.date == "2021-03-08"
    assert meta.jurisdiction.province == "河南省"


def test_cited_numbers_are_not_the_documents_own():
    meta = meta_of("为落实《国务院关于某事的意见》(国发〔2019〕3号),制定本计划。\n")
    assert meta.number is None


def test_province_abbreviation_of_the_number_when_nothing_else_names_it():
    meta = meta_of("关于做好园区工作的通知\n晋政办发〔2020〕5号\n各市人民政府:\n请认真落实。\n")
    assert meta.jurisdiction.province == "山西省"
    assert meta.jurisdiction.source == "number"


def test_province_the_text_names_most_is_the_fallback():
    body = "加快江西产业发展。江西要建设园区。南昌、九江园区扩容。支持北京企业落户。\n"
    meta = meta_of("第一章 发展背景\n" + body * 2)
    assert meta.jurisdiction.province == "江西省"
    assert meta.jurisdiction.source == "text"


def test_common_words_that_are_county_names_do_not_vote():
    meta = meta_of("加强合作,开发资源,打通通道,建设港口。合作共赢,资源共享。\n")
    assert meta.jurisdiction.province is None


def test_no_metadata_gives_nones_not_guesses():
    meta = meta_of("这是一段没有标题和日期的文字。\n")
    assert (meta.title, meta.issuer, meta.number, meta.date) == (None, None, None, None)
