"""The wheel carries the package data, and a non-editable install builds what the checkout builds."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import SEEDS

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            str(ROOT),
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(out),
        ],
        check=True,
        capture_output=True,
    )
    (found,) = out.glob("parkatlas-*.whl")
    return found


def test_the_wheel_holds_every_package_data_file(wheel: Path):
    names = set(zipfile.ZipFile(wheel).namelist())
    data = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "geo/knowledge/data").iterdir())
    assert data and set(data) <= names
    modules = {p.relative_to(ROOT).as_posix() for p in (ROOT / "geo").rglob("*.py")}
    assert modules <= names


def test_the_installed_wheel_builds_the_same_layers_from_another_folder(wheel: Path, tmp_path: Path):
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(site), "PYTHONSAFEPATH": "1"}
    probe = "import geo, sys; print(geo.__file__)"
    where = subprocess.run(
        [sys.executable, "-c", probe], cwd=elsewhere, env=env, capture_output=True, text=True
    )
    assert where.stdout.startswith(str(site)), where.stdout + where.stderr
    for name, cwd, extra in (("wheel", elsewhere, env), ("checkout", ROOT, os.environ)):
        subprocess.run(
            [sys.executable, "-m", "geo", "build", str(SEEDS), "--out", str(tmp_path / name), "--quiet"],
            cwd=cwd,
            env=dict(extra),
            check=True,
            capture_output=True,
        )
    built = [(tmp_path / n / "entities.geojson").read_bytes() for n in ("wheel", "checkout")]
    assert built[0] == built[1] and len(built[0]) > 1000
