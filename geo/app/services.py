"""What the app does besides drawing: load (or first build) the layers, turn a filtered table
into download bytes, and add uploaded documents to a session's entities.

Uploads go through the same build as the command line, on a temporary folder, so an uploaded
document is read exactly like a seed, and a file that cannot be read only adds a reason.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import tempfile
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import pandas as pd

from geo import build as builder  # a module: tests stand in for its build()
from geo.corpus.documents import DEFAULT_MAX_BYTES, one_line
from geo.layers.frame import conform
from geo.layers.io import read_layer, write_layer
from geo.layers.publish import PublishError, published, validate
from geo.layers.texts import read_texts, texts_of

LAYERS_ENV = "PARKATLAS_LAYERS"
SEEDS_ENV = "PARKATLAS_SEEDS"
BASEMAP_ENV = "PARKATLAS_BASEMAP"
ROOT = Path(__file__).resolve().parent.parent
ENTITIES = "entities.parquet"
UPLOAD_LIMIT_MB = DEFAULT_MAX_BYTES // 2**20  # the build's limit; .streamlit/config.toml says the same
UPLOAD_TYPES = ("txt", "md", "html", "htm", "docx", "pdf")
DOWNLOADS = {
    "geojson": ("application/geo+json", "geojson"),
    "gpkg": ("application/geopackage+sqlite3", "gpkg"),
    "csv": ("text/csv", "csv"),
}


def layers_dir() -> Path:
    """$PARKATLAS_LAYERS, else data/layers/ of the checkout."""
    return Path(os.environ.get(LAYERS_ENV) or ROOT / "data" / "layers")


def seeds_dir() -> Path:
    return Path(os.environ.get(SEEDS_ENV) or ROOT / "seeds")


def ensure_layers(out_dir: Path, seeds: Path) -> bool:
    """Build the layers from the seeds when none are published; True when a build ran."""
    if published(out_dir) is not None:
        return False
    builder.build([seeds], out_dir, wait=True)
    return True


def layers_version(out_dir: Path) -> str:
    """Changes whenever a build is published: the cache key of the loaded table."""
    folder = published(out_dir)
    return folder.name if folder else ""


def layers_problem(out_dir: Path) -> str | None:
    """Why the published build cannot be shown (a damaged or missing file), else None."""
    folder = published(out_dir)
    if folder is None:
        return f"no published build in {str(out_dir)!r}"
    try:
        validate(folder)
    except PublishError as err:
        return f"{str(out_dir)!r}: {err}"
    return None


def load_entities(out_dir: Path) -> gpd.GeoDataFrame:
    """The entities of the published build (never of one being written)."""
    folder = published(out_dir)
    if folder is None:
        raise FileNotFoundError(f"no published build in {str(out_dir)!r}")
    return conform(read_layer(folder / ENTITIES))


def load_texts(out_dir: Path) -> dict[str, str]:
    """File -> the read text of each document of the published build (empty for a build made
    before texts were kept)."""
    folder = published(out_dir)
    return read_texts(folder) if folder is not None else {}


def load_documents(out_dir: Path) -> pd.DataFrame:
    """The build's documents.csv (file, title, issuer, number, date, ...), every cell text; an
    empty table when the folder has none."""
    path = out_dir / "documents.csv"
    if not path.exists():
        return pd.DataFrame(columns=["file", "title", "issuer", "number", "date"])
    return _documents_table(path.read_text(encoding="utf-8"))


def _documents_table(text: str) -> pd.DataFrame:
    """documents.csv as a table of text cells: a build's and an upload's read alike."""
    return pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)


def load_skipped(out_dir: Path) -> list[dict[str, str]]:
    """The files the build could not read, each {file, reason}, from report.json."""
    path = out_dir / "report.json"
    if not path.exists():
        return []
    skipped = json.loads(path.read_text(encoding="utf-8")).get("documents_skipped", [])
    return [{"file": Path(str(s["file"])).name, "reason": str(s["reason"])} for s in skipped]


def source_names(documents: pd.DataFrame) -> dict[str, str]:
    """File -> how a reader names the document: its title, then issuer, number and date; the file
    name stays only where the build found no title."""
    out = {}
    for row in documents.to_dict("records"):
        title = str(row.get("title") or "").strip()
        if title:
            details = [str(row.get(k) or "").strip() for k in ("issuer", "number", "date")]
            extra = ", ".join(d for d in details if d)
            out[str(row["file"])] = f"{title} ({extra})" if extra else title
    return out


def layer_bytes(frame: gpd.GeoDataFrame, fmt: str) -> bytes:
    """A table as the bytes of one layer file, written by geo.layers.io' own writer."""
    with tempfile.TemporaryDirectory(prefix="parkatlas-") as tmp:
        path = write_layer(frame, Path(tmp) / f"entities.{fmt}", fmt)
        return path.read_bytes()


def build_files(out_dir: Path) -> list[Path]:
    """The files of the published build, in name order (hidden and temporary files left out)."""
    folder = published(out_dir)
    if folder is None:
        return []
    return sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith((".", "~")))


def zip_bytes(paths: Sequence[Path]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in paths:
            archive.write(path, path.name)
    return buffer.getvalue()


@dataclass
class UploadResult:
    """The entities found in an upload, the documents read, and one reason per file not read."""

    entities: gpd.GeoDataFrame
    read: list[str] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)  # file -> title, issuer, number, date
    documents: pd.DataFrame = field(default_factory=pd.DataFrame)  # their rows of documents.csv
    texts: dict[str, str] = field(default_factory=dict)  # file -> read text

    def count_in(self, name: str) -> int:
        return int(self.entities["docs"].map(lambda docs: name in docs).sum())


_MAX_NAME_BYTES = 200  # file systems allow 255 bytes; room for a -N to keep names unique


def _safe_name(name: str, taken: set[str]) -> str:
    """The file's own name, safe to write: no folders, control characters (NUL) or leading dots
    (hidden files are not read), at most 200 bytes, unique within one upload."""
    base = one_line(Path(name.replace("\x00", "/")).name).lstrip(".") or "document.txt"
    stem, suffix = Path(base).stem, Path(base).suffix
    if not 1 < len(suffix.encode()) <= 16:
        stem, suffix = base, ""
    while len((stem + suffix).encode()) > _MAX_NAME_BYTES:
        stem = stem[:-1]
    candidate, n = stem + suffix, 1
    while candidate in taken:
        n += 1
        candidate = f"{stem}-{n}{suffix}"
    taken.add(candidate)
    return candidate


def file_digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def new_files(
    files: Sequence[tuple[str, bytes]], seen: set[str]
) -> tuple[list[tuple[str, bytes]], list[str]]:
    """The files whose content this session has not added yet, and the names of those it has:
    pressing 'add' twice must not add the same entities twice."""
    fresh, repeated, digests = [], [], set(seen)
    for name, data in files:
        digest = file_digest(data)
        if digest in digests:
            repeated.append(name)
        else:
            digests.add(digest)
            fresh.append((name, data))
    return fresh, repeated


def add_documents(
    files: Sequence[tuple[str, bytes]], on_file: Callable[[int, str], None] | None = None
) -> UploadResult:
    """Read uploaded (name, bytes) documents with the build and return their entities; each file
    that cannot be read is an error with its reason, and the others still count."""
    with tempfile.TemporaryDirectory(prefix="parkatlas-upload-") as tmp:
        inbox = Path(tmp) / "in"
        inbox.mkdir()
        taken: set[str] = set()
        for name, data in files:
            (inbox / _safe_name(name, taken)).write_bytes(data)
        position = {path.name: i for i, path in enumerate(sorted(inbox.iterdir()))}

        def progress(path: Path) -> None:
            if on_file:
                on_file(position.get(path.name, 0), path.name)

        result = builder.build([inbox], None, on_file=progress)
        errors = {Path(s["file"]).name: s["reason"] for s in result.report["documents_skipped"]}
        read = [d.name for d in result.corpus.documents]
        documents = _documents_table(
            builder.documents_csv(map(builder.document_row, result.corpus.documents))
        )
        texts = dict(texts_of(result.corpus.documents))
        return UploadResult(result.frame, read, errors, source_names(documents), documents, texts)


def _merge_mentions(merged: gpd.GeoDataFrame, at: pd.Series, repeats: pd.DataFrame) -> None:
    """Entities named again by an upload: their sentences joined, their dates widened."""
    for index in merged.index[at]:
        added = repeats.loc[merged.at[index, "id"]]
        pairs = dict.fromkeys(
            [
                *zip(merged.at[index, "mention_docs"], merged.at[index, "mention_sentences"], strict=True),
                *zip(added["mention_docs"], added["mention_sentences"], strict=True),
            ]
        )
        merged.at[index, "mention_docs"] = [d for d, _ in pairs]
        merged.at[index, "mention_sentences"] = [s for _, s in pairs]
        dates = [
            d
            for d in (
                merged.at[index, "first_date"],
                merged.at[index, "last_date"],
                added["first_date"],
                added["last_date"],
            )
            if isinstance(d, str) and d
        ]
        if dates:
            merged.at[index, "first_date"], merged.at[index, "last_date"] = min(dates), max(dates)


def merge_entities(base: gpd.GeoDataFrame, added: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The base table plus added entities; an entity already there (same id) gains the new
    documents and mentions instead of appearing twice."""
    if added.empty:
        return base
    if base.empty:
        return added.reset_index(drop=True)
    known = base.set_index("id")
    new_rows = added[~added["id"].isin(known.index)]
    merged = base.copy()
    repeats = added[added["id"].isin(known.index)].set_index("id")
    if len(repeats):
        at = merged["id"].isin(repeats.index)
        merged.loc[at, "docs"] = pd.Series(
            [
                sorted(set(docs) | set(repeats.at[i, "docs"]))
                for i, docs in merged.loc[at, ["id", "docs"]].values
            ],
            index=merged.index[at],
            dtype=object,
        )
        merged.loc[at, "mentions"] = merged.loc[at, "mentions"] + merged.loc[at, "id"].map(
            repeats["mentions"]
        )
        _merge_mentions(merged, at, repeats)
    out = pd.concat([merged, new_rows], ignore_index=True)
    return gpd.GeoDataFrame(out, geometry="geometry", crs=base.crs)
