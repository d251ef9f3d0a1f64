"""The one loader of the lexicons and tables shipped in `geo/knowledge/data/` (package data).

Word lists are whitespace-separated `.txt` files whose `#` lines say what the list is for; tables
are UTF-8 CSV with a header. Read through `importlib.resources`, so they load the same from a
checkout, an editable install or a wheel.
"""

from __future__ import annotations

import csv
import io
import os
from importlib.resources import files
from importlib.resources.abc import Traversable
from importlib.util import find_spec
from pathlib import Path


def data_file(name: str) -> Traversable:
    """A file of the package's data folder."""
    return files("geo.knowledge") / "data" / name


def read_words(name: str) -> tuple[str, ...]:
    """The words of `data/NAME.txt`, in file order, comments skipped."""
    text = data_file(f"{name}.txt").read_text(encoding="utf-8")
    return tuple(w for line in text.splitlines() if not line.startswith("#") for w in line.split())


def read_rows(name: str) -> list[dict[str, str]]:
    """The rows of `data/NAME.csv` as dicts keyed by its header."""
    text = data_file(f"{name}.csv").read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def package_file(package: str, relative: str) -> Path:
    """A data file shipped inside an installed package, found without importing the package
    (importing cpca would load pandas and jieba's model for nothing)."""
    spec = find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(f"package {package!r} is not installed; run: pip install {package}")
    return Path(next(iter(spec.submodule_search_locations))) / relative


def user_cache_dir() -> Path:
    """Where derived data is kept between runs: $PARKATLAS_CACHE_DIR, else the user's cache dir."""
    if env := os.environ.get("PARKATLAS_CACHE_DIR"):
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "parkatlas"
