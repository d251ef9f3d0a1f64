"""Read a corpus of documents: files or folders in, normalized documents and skip reasons out.

One unreadable file never stops the others: each failure becomes a `SkippedFile` with a
one-line reason, and the caller decides what to report.
"""

from __future__ import annotations

import errno
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from geo.corpus.mapped import MappedText
from geo.corpus.metadata import DocumentMeta, extract_metadata
from geo.corpus.normalize import detect_script, normalize
from geo.corpus.readers import SUFFIXES, UnreadableFile, read_bytes
from geo.corpus.sentences import Sentence, split_sentences

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
MAX_DOCUMENT_CHARS = 12_000_000  # about 20 MB of GB18030 text; more is no policy document


@dataclass(eq=False)
class Document:
    """A read document: its original text, the normalized working text and their offset map."""

    name: str
    path: str
    original: str
    encoding: str
    script: str
    mapped: MappedText
    sentences: list[Sentence]
    meta: DocumentMeta

    @property
    def text(self) -> str:
        """The normalized (Simplified, half-width, boilerplate-free) text the extractor reads."""
        return self.mapped.text

    @property
    def characters(self) -> int:
        return len(self.original)

    def quote(self, start: int, end: int) -> str:
        """The original text behind a span of the normalized text."""
        first, last = self.mapped.original_span(start, end)
        return self.original[first:last]


@dataclass(frozen=True)
class DocumentSummary:
    """What the corpus-wide steps need of a read document once its mentions are found: its
    metadata, size and the codes of the units it names (placement's context). A build keeps
    these, not the text, so its memory grows with what it found rather than what it read. The
    codes are a sorted tuple: placement only unions them into one set per entity's documents, and
    a set of a document's few hundred codes took five times the bytes, kept to the build's end."""

    name: str
    path: str
    encoding: str
    script: str
    characters: int
    meta: DocumentMeta
    named: tuple[str, ...] = ()

    @classmethod
    def of(cls, doc: Document, named: Iterable[str] = ()) -> DocumentSummary:
        return cls(
            doc.name, doc.path, doc.encoding, doc.script, doc.characters, doc.meta, tuple(sorted(named))
        )


@dataclass(frozen=True)
class SkippedFile:
    path: str
    reason: str


@dataclass
class Corpus:
    documents: list[Document | DocumentSummary] = field(default_factory=list)
    skipped: list[SkippedFile] = field(default_factory=list)

    def add(self, read: Document | DocumentSummary | SkippedFile) -> None:
        (self.skipped if isinstance(read, SkippedFile) else self.documents).append(read)


def document_from_bytes(data: bytes, name: str, path: str | None = None) -> Document:
    """Read one document from its bytes; the suffix of `name` selects the format."""
    original, encoding = read_bytes(data, Path(name).suffix)
    if len(original) > MAX_DOCUMENT_CHARS:
        raise UnreadableFile(f"too long: {len(original):,} characters; the limit is {MAX_DOCUMENT_CHARS:,}")
    script = detect_script(original)
    if script == "none":
        raise UnreadableFile("no Chinese text found")
    mapped = normalize(original)
    return Document(
        name=Path(name).name,
        path=path or name,
        original=original,
        encoding=encoding,
        script=script,
        mapped=mapped,
        sentences=split_sentences(mapped.text),
        meta=extract_metadata(mapped.text),
    )


def one_line(text: str) -> str:
    """A file name or reason fit for a one-line message: control characters (newline, tab, NUL)
    shown as escapes, so a crafted name cannot forge lines or columns; other text unchanged."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def _odd_entry(path: Path) -> str:
    """Why a folder entry that is neither file nor folder is skipped."""
    if path.is_symlink():
        try:
            path.resolve(strict=True)
        except RuntimeError:
            return "symbolic link that loops"
        except OSError as err:
            return "symbolic link that loops" if err.errno == errno.ELOOP else "symbolic link to nothing"
        return "symbolic link to something that is not a file"
    if path.is_fifo():
        return "not a regular file (a FIFO)"
    return "not a regular file (a socket or device)"


def expand_inputs(inputs: Iterable[Path]) -> tuple[list[Path], list[SkippedFile]]:
    """Files named directly, plus documents found in folders (recursively, in name order); every
    other entry (a FIFO, a looping or broken link, another format) is skipped with its reason."""
    files: list[Path] = []
    skipped: list[SkippedFile] = []
    for item in inputs:
        if item.is_dir():
            for path in sorted(item.rglob("*")):
                if any(part.startswith(".") for part in path.relative_to(item).parts) or path.is_dir():
                    continue
                if not path.is_file():
                    skipped.append(SkippedFile(str(path), _odd_entry(path)))
                elif path.suffix.lower() in SUFFIXES:
                    files.append(path)
                else:
                    skipped.append(SkippedFile(str(path), f"unsupported format {path.suffix or '(none)'}"))
        elif item.is_file():
            files.append(item)
        else:
            skipped.append(SkippedFile(str(item), "no such file or folder"))
    return files, skipped


def read_document(
    path: Path, max_bytes: int = DEFAULT_MAX_BYTES, data: bytes | None = None
) -> Document | SkippedFile:
    """One file as a document, or skipped with its one-line reason; nothing it holds can raise.
    `data` is the file's bytes when the caller read them already (a remote worker cannot open
    the path)."""
    try:
        size = path.stat().st_size if data is None else len(data)
        if size > max_bytes:
            raise UnreadableFile(f"too large ({size / 1e6:.1f} MB; the limit is {max_bytes / 1e6:.1f} MB)")
        return document_from_bytes(path.read_bytes() if data is None else data, path.name, str(path))
    except UnreadableFile as err:
        return SkippedFile(str(path), str(err))
    except OSError as err:
        return SkippedFile(str(path), f"cannot open: {err.strerror or err}")
    except Exception as err:  # a library failing on one odd file must not stop the batch
        return SkippedFile(str(path), f"could not be read ({type(err).__name__}: {err})"[:200])


def read_corpus(
    inputs: Iterable[Path | str],
    max_bytes: int = DEFAULT_MAX_BYTES,
    on_file: Callable[[Path], None] | None = None,
) -> Corpus:
    """Read every document under `inputs`; unreadable ones are skipped with a reason."""
    files, skipped = expand_inputs(Path(p) for p in inputs)
    corpus = Corpus(skipped=skipped)
    for path in files:
        if on_file:
            on_file(path)
        corpus.add(read_document(path, max_bytes))
    return corpus
