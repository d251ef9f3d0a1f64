from pathlib import Path

import pytest
from conftest import SEEDS, make_docx, make_pdf

from geo.corpus.documents import document_from_bytes, read_corpus
from geo.corpus.normalize import normalize


@pytest.fixture(scope="module")
def seeds():
    corpus = read_corpus([SEEDS])
    assert not corpus.skipped
    return {doc.name[:3]: doc for doc in corpus.documents}


def test_all_five_seeds_are_read(seeds):
    assert sorted(seeds) == ["000", "001", "002", "003", "004"]


def test_seed_000_metadata(seeds):
    meta = seeds["000"].meta
    assert meta.number == "乌政发〔2015〕146号"
    assert meta.date == "2015-12-23"
    assert meta.jurisdiction.label() == "内蒙古自治区/乌兰察布市"
    assert meta.issuer == "乌兰察布市人民政府"


def test_seed_004_metadata(seeds):
    meta = seeds["004"].meta
    assert meta.date == "2021-12-19"
    assert meta.jurisdiction.label() == "山西省"
    assert meta.title == "晋陕豫黄河金三角承接产业转移示范区(山西片区)建设工作计划"


def test_seed_001_is_simplified_without_glosses(seeds):
    doc = seeds["001"]
    assert doc.script == "traditional"
    assert "(wǎng)" in doc.original and "(" + "yè)" in doc.original
    assert "兰州新区精细化工园区" in doc.text
    assert "網" not in doc.text and "(yè)" not in doc.text and "(qū)" not in doc.text
    assert doc.meta.jurisdiction.province == "甘肃省"
    assert doc.meta.number == "甘工信发〔2019〕67号"


def test_seed_000_boilerplate_is_removed_and_content_kept(seeds):
    text = seeds["000"].text
    assert "下载文档前请自行甄别" not in text and "人工客服" not in text
    assert "乌兰察布市关于重点产业布局调整和承接产业转移的实施意见" in text


def test_seed_jurisdictions(seeds):
    assert seeds["002"].meta.jurisdiction.province == "内蒙古自治区"
    assert seeds["003"].meta.jurisdiction.province == "内蒙古自治区"


def test_every_sentence_maps_back_to_its_original(seeds):
    for doc in seeds.values():
        for sentence in doc.sentences:
            quoted = doc.quote(sentence.start, sentence.end)
            # the original span, normalized again, reads exactly as the sentence
            assert normalize(quoted).text.strip() == sentence.text, (doc.name, sentence.text)


def test_formats_give_the_same_metadata(sample_text):
    from_txt = document_from_bytes(sample_text.encode("gb18030"), "a.txt")
    from_docx = document_from_bytes(make_docx(sample_text.splitlines()), "a.docx")
    from_pdf = document_from_bytes(make_pdf(sample_text.splitlines()), "a.pdf")
    html = "<html><body>" + "".join(f"<p>{line}</p>" for line in sample_text.splitlines()) + "</body></html>"
    from_html = document_from_bytes(html.encode("utf-8"), "a.html")
    for doc in (from_txt, from_docx, from_pdf, from_html):
        assert doc.meta.number == "甲政发〔2020〕12号", doc.encoding
        assert doc.meta.date == "2020-03-05", doc.encoding


def test_bad_files_are_skipped_with_reasons_and_the_rest_read(tmp_path: Path, sample_text):
    (tmp_path / "good.txt").write_text(sample_text, encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.pdf").write_bytes(b"\x00\x01\x02" * 100)
    (tmp_path / "big.txt").write_text(sample_text * 50, encoding="utf-8")
    (tmp_path / "english.txt").write_text("Only English here.", encoding="utf-8")
    (tmp_path / "notes.xlsx").write_bytes(b"PK")
    (tmp_path / ".hidden.txt").write_text(sample_text, encoding="utf-8")
    corpus = read_corpus([tmp_path, tmp_path / "missing.txt"], max_bytes=2000)
    assert [d.name for d in corpus.documents] == ["good.txt"]
    reasons = {Path(s.path).name: s.reason for s in corpus.skipped}
    assert set(reasons) == {"empty.txt", "binary.pdf", "big.txt", "english.txt", "notes.xlsx", "missing.txt"}
    assert reasons["big.txt"].startswith("too large")
    assert reasons["english.txt"] == "no Chinese text found"
    assert all("\n" not in r for r in reasons.values())
