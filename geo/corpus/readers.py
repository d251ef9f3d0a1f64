"""Turn a file's bytes into its text, one reader per format.

Each reader returns the text a person would read in the file; the corpus stage normalizes it.
Problems a user can fix (wrong format, no text layer, a password) raise `UnreadableFile`, whose
message is the one-line reason the build reports.
"""

from __future__ import annotations

import codecs
import io
import re
import time
import zipfile
from collections.abc import Callable
from typing import IO
from xml.parsers import expat

import charset_normalizer


class UnreadableFile(Exception):
    """A file that cannot be read as a document; the message is a one-line reason."""


# Budgets: what one document may cost to read. Each is far above any real policy document and
# far below what would exhaust memory or time (bench/robustness.py measures the bombs).
MAX_UNPACKED_BYTES = 200 * 2**20  # all parts of a .docx together, unpacked (zip bombs)
MAX_XML_NODES = 1_000_000  # elements of a .docx's document.xml
MAX_HTML_TAGS = 200_000  # '<' in an HTML page: BeautifulSoup keeps about 1 kB per tag
MAX_PDF_PAGES = 2_000
PDF_SECONDS = 120.0  # text extraction of one PDF, checked between pages
_XML_CHUNK = 2**20

TEXT_SUFFIXES = {".txt", ".md", ".text"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | {".docx", ".pdf"}

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Encodings a Chinese document plausibly uses; detection chooses among these only, so that a
# GBK file is never read as, say, Latin-1 mojibake.
_CANDIDATES = ["utf_8", "gb18030", "big5", "big5hkscs", "utf_16_le", "utf_16_be", "hz"]
_CANONICAL = {"gbk": "gb18030", "gb2312": "gb18030", "cp936": "gb18030", "cp950": "big5"}


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode text of unknown encoding; returns (text, encoding).

    BOMs decide first, strict UTF-8 second, then charset-normalizer among Chinese encodings.
    Text that decodes only into noise is refused rather than guessed.
    """
    if not data.strip(b"\x00\t\r\n \xef\xbb\xbf\xff\xfe"):
        raise UnreadableFile("empty file")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding.replace("-sig", "-bom")
            except UnicodeDecodeError as err:
                raise UnreadableFile(
                    f"starts with a {encoding} byte-order mark but does not decode: {err.reason}"
                ) from err
    try:
        text = data.decode("utf-8")
        if "\x00" not in text:
            return text, "utf-8"
    except UnicodeDecodeError:
        pass
    best = charset_normalizer.from_bytes(data, cp_isolation=_CANDIDATES).best()
    if best is not None and best.chaos <= 0.3:
        encoding = _CANONICAL.get(best.encoding, best.encoding)
        try:
            text = data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            text = ""
        if text and _plausible(text):
            return text, encoding.replace("_", "-")
    if _looks_binary(data):
        raise UnreadableFile("binary file, not text")
    raise UnreadableFile("cannot determine the text encoding (not UTF-8/16, GB18030 or Big5)")


def _plausible(text: str) -> bool:
    """Decoded text a person could read: almost all Chinese, punctuation or printable ASCII."""
    sample = text[:20000]
    readable = sum(
        1
        for c in sample
        if c.isprintable() or c in "\n\r\t"
        if not ("\ue000" <= c <= "\uf8ff")  # private use: the sign of a wrong guess
    )
    return readable >= 0.97 * len(sample)


def _looks_binary(data: bytes) -> bool:
    """Many control bytes (other than text's tab, newline, form feed) mean this is no text."""
    head = data[:4096]
    controls = sum(1 for b in head if b < 9 or (13 < b < 32 and b != 27))
    return controls > len(head) // 20


def read_text_file(data: bytes) -> tuple[str, str]:
    return decode_bytes(data)


_HTML_DROP = ("script", "style", "noscript", "nav", "header", "footer", "iframe", "form", "button")


def read_html(data: bytes) -> tuple[str, str]:
    """Visible text of an HTML page, block elements on their own lines."""
    from bs4 import BeautifulSoup  # per format: a text corpus never loads the HTML, docx or PDF parsers

    tags = data.count(b"<")
    if tags > MAX_HTML_TAGS:
        raise UnreadableFile(
            f"HTML page has more than {MAX_HTML_TAGS:,} tags ({tags:,} '<'); too many to read"
        )
    text, encoding = _decode_html(data)
    soup = BeautifulSoup(text, "lxml")
    for tag in soup(_HTML_DROP):
        tag.decompose()
    body = soup.body or soup
    lines = [line.strip() for line in body.get_text("\n").splitlines()]
    title = soup.title.get_text(strip=True) if soup.title else ""
    out = "\n".join(line for line in lines if line)
    if title and not out.startswith(title):
        out = f"{title}\n{out}"
    if not out.strip():
        raise UnreadableFile("HTML page has no visible text")
    return out, encoding


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_\-]+)""", re.I)


def _decode_html(data: bytes) -> tuple[str, str]:
    """Trust a declared charset when the bytes agree with it, else detect."""
    declared = _META_CHARSET.search(data[:4096])
    if declared:
        name = declared.group(1).decode("ascii").lower()
        name = _CANONICAL.get(name.replace("-", ""), _CANONICAL.get(name, name))
        try:
            return data.decode(name), name
        except (UnicodeDecodeError, LookupError):
            pass
    return decode_bytes(data)


def _count_elements(part: IO[bytes], limit: int) -> None:
    """Stream an XML part through expat, refusing a DTD (entity bombs) and more than `limit`
    elements, before any parser builds a tree of it."""
    parser = expat.ParserCreate()
    count = 0

    def start(_name: str, _attrs: dict) -> None:
        nonlocal count
        count += 1
        if count > limit:
            raise UnreadableFile(f"Word document has more than {limit:,} XML elements; too many to read")

    def doctype(*_args: object) -> None:
        raise UnreadableFile("Word document declares a DTD, which .docx never does (an entity bomb?)")

    parser.StartElementHandler, parser.StartDoctypeDeclHandler = start, doctype
    try:
        while chunk := part.read(_XML_CHUNK):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except expat.ExpatError as err:
        raise UnreadableFile(f"not a valid .docx file (broken XML: {err})") from err


def check_docx_budget(data: bytes) -> None:
    """Refuse a .docx whose parts unpack beyond the budget, or whose body has too many elements.
    The sizes in the zip directory bound what zipfile will ever unpack (it stops there)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        return  # python-docx gives the reason
    with archive:
        unpacked = sum(info.file_size for info in archive.infolist())
        if unpacked > MAX_UNPACKED_BYTES:
            raise UnreadableFile(
                f"Word document unpacks to {unpacked / 2**20:.1f} MB; the limit is"
                f" {MAX_UNPACKED_BYTES / 2**20:.1f} MB (a zip bomb?)"
            )
        if "word/document.xml" in archive.namelist():
            with archive.open("word/document.xml") as part:
                _count_elements(part, MAX_XML_NODES)


def read_docx(data: bytes) -> tuple[str, str]:
    """Paragraphs and table cells of a Word document, in order."""
    import docx  # per format, as bs4 above

    check_docx_budget(data)
    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as err:
        if data.startswith(b"\xd0\xcf\x11\xe0"):
            raise UnreadableFile("password-protected or legacy .doc file, not .docx") from err
        raise UnreadableFile("not a valid .docx file") from err
    lines: list[str] = []
    for block in document.iter_inner_content():
        if hasattr(block, "rows"):
            for row in block.rows:
                cells = [cell.text.strip() for cell in row.cells]
                lines.append("\t".join(dict.fromkeys(c for c in cells if c)))
        else:
            lines.append(block.text)
    text = "\n".join(lines)
    if not text.strip():
        raise UnreadableFile("Word document has no text")
    return text, "docx"


def read_pdf(data: bytes) -> tuple[str, str]:
    """The text layer of a PDF; scanned (image-only) PDFs are refused, not OCRed."""
    import pypdf  # per format, as bs4 above
    from pypdf.errors import PdfReadError

    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                if not reader.decrypt(""):
                    raise UnreadableFile("password-protected PDF")
            except (NotImplementedError, PdfReadError) as err:
                raise UnreadableFile("password-protected PDF") from err
        pages = _pdf_pages(reader)
    except UnreadableFile:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError) as err:
        raise UnreadableFile(f"not a readable PDF ({type(err).__name__})") from err
    text = "\n".join(pages)
    if not text.strip():
        raise UnreadableFile("PDF has no text layer (image-only scan?)")
    return text, "pdf"


def _pdf_pages(reader) -> list[str]:
    """The text of each page, within the page and time budgets."""
    total = len(reader.pages)
    if total > MAX_PDF_PAGES:
        raise UnreadableFile(f"PDF has {total:,} pages; the limit is {MAX_PDF_PAGES:,}")
    started, pages = time.monotonic(), []
    for number, page in enumerate(reader.pages, 1):
        pages.append(page.extract_text() or "")
        if time.monotonic() - started >= PDF_SECONDS:
            raise UnreadableFile(
                f"PDF too slow: reading its text took over {PDF_SECONDS:.0f} s (page {number} of {total})"
            )
    return pages


READERS: dict[str, Callable[[bytes], tuple[str, str]]] = {
    **{s: read_text_file for s in TEXT_SUFFIXES},
    **{s: read_html for s in HTML_SUFFIXES},
    ".docx": read_docx,
    ".pdf": read_pdf,
}


def read_bytes(data: bytes, suffix: str) -> tuple[str, str]:
    """Text and encoding (or container format) of a document's bytes."""
    reader = READERS.get(suffix.lower())
    if reader is None:
        raise UnreadableFile(
            f"unsupported format {suffix or '(no extension)'}; expected one of {', '.join(sorted(SUFFIXES))}"
        )
    if not data:
        raise UnreadableFile("empty file")
    return reader(data)
