"""Every format and encoding, from fixtures the tests make."""

import codecs

import pytest
from conftest import make_docx, make_image_only_pdf, make_pdf
from opencc import OpenCC

from geo.corpus.readers import UnreadableFile, decode_bytes, read_bytes

TEXT = "乌兰察布市人民政府关于推进工业园区建设的通知。重点建设氟化工园区、物流园区和石墨产业园。"


@pytest.mark.parametrize(
    ("encoded", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-bom"),
        (TEXT.encode("utf-16"), "utf-16"),
        (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16"),
        (TEXT.encode("gb18030"), "gb18030"),
        (TEXT.encode("gbk"), "gb18030"),
    ],
)
def test_text_encodings_decode_exactly(encoded, encoding):
    text, found = decode_bytes(encoded)
    assert text == TEXT
    assert found == encoding


def test_utf16_without_bom_is_detected():
    text, found = decode_bytes(TEXT.encode("utf-16-le"))
    assert text == TEXT
    assert found == "utf-16-le"


def test_big5_traditional_is_detected():
    traditional = OpenCC("s2t").convert(TEXT)
    text, found = decode_bytes(traditional.encode("big5"))
    assert text == traditional
    assert found.startswith("big5")


def test_short_gbk_line_is_not_misread():
    line = "推进园区建设。".encode("gbk")
    assert decode_bytes(line)[0] == "推进园区建设。"


def test_html_visible_text_with_declared_charset():
    html = (
        '<html><head><meta charset="gbk"><title>关于园区的通知</title>'
        "<style>.x{color:red}</style><script>var a='脚本';</script></head>"
        "<body><nav>首页 导航</nav><p>第一段：建设物流园区。</p><div>第二段</div></body></html>"
    ).encode("gbk")
    text, encoding = read_bytes(html, ".html")
    assert encoding == "gbk" or encoding == "gb18030"
    assert "第一段：建设物流园区。" in text and "第二段" in text
    assert "脚本" not in text and "color" not in text and "导航" not in text
    assert text.startswith("关于园区的通知")


def test_html_without_charset_is_detected():
    html = "<html><body><p>建设物流园区和工业园区。</p></body></html>".encode("gb18030")
    text, _ = read_bytes(html, ".htm")
    assert "建设物流园区和工业园区。" in text


def test_docx_paragraphs_and_tables():
    text, encoding = read_bytes(make_docx(["第一段落", "第二段落"]), ".docx")
    assert encoding == "docx"
    assert text.splitlines()[:2] == ["第一段落", "第二段落"]
    assert "表格单元\t第二格" in text


def test_pdf_text_layer():
    text, encoding = read_bytes(make_pdf(["甲市关于乙工业园区的通知", "2020年3月5日"]), ".pdf")
    assert encoding == "pdf"
    assert "甲市关于乙工业园区的通知" in text and "2020年3月5日" in text


@pytest.mark.parametrize(
    ("data", "suffix", "reason"),
    [
        (b"", ".txt", "empty"),
        (b"   \n\n", ".txt", "empty"),
        (bytes(range(256)) * 20, ".txt", "binary"),
        (b"\x81\x30\xff\xfe\xfd" * 3 + b"\x80\x80\x80", ".txt", "encoding"),
        (make_pdf(["机密文件内容"], password="secret"), ".pdf", "password"),
        (make_image_only_pdf(), ".pdf", "no text layer"),
        (b"%PDF-1.4 broken", ".pdf", "not a readable PDF"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512, ".docx", "password-protected or legacy"),
        (b"PK\x03\x04 not really a zip", ".docx", "not a valid .docx"),
        (TEXT.encode(), ".xls", "unsupported format .xls"),
    ],
)
def test_bad_inputs_give_one_line_reasons(data, suffix, reason):
    with pytest.raises(UnreadableFile) as err:
        read_bytes(data, suffix)
    message = str(err.value)
    assert reason in message
    assert "\n" not in message
