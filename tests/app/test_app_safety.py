"""The app with hostile input: link values and upload names show as text, not Markdown, and
damaged layers give a one-line error instead of a traceback (issue 13, defects 9 and 11)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from maplayers import placed_sample, write_sample_layers
from streamlit.testing.v1 import AppTest

from geo.app import services
from geo.app.labels import label

APP = str(Path(__file__).resolve().parents[2] / "app.py")
IMAGE = "![p](http://127.0.0.1:9999/p.png)"


@pytest.fixture
def layers(sample_frame, tmp_path, monkeypatch) -> Path:
    folder = write_sample_layers(placed_sample(sample_frame), tmp_path / "layers")
    monkeypatch.setenv(services.LAYERS_ENV, str(folder))
    return folder


def run(**query: str | list[str]) -> AppTest:
    app = AppTest.from_file(APP, default_timeout=120)
    app.query_params.update(query)
    app.run()
    assert not app.exception, app.exception
    return app


def test_label_values_are_escaped_markdown():
    text = label("skipped", "en", name="**x**\n# h", reason="[a](b)")
    assert text == r"\*\*x\*\*\\n\# h: not read (\[a\]\(b\))"


def test_link_values_are_shown_as_text_not_markdown(layers):
    app = run(province=[IMAGE, "**x**"])
    warnings = [w.value for w in app.warning]
    assert any(r"\!\[p\]\(http\:" in w for w in warnings) and any(r"\*\*x\*\*" in w for w in warnings)
    assert not any("![p](" in w or "**x**" in w for w in warnings)


def test_upload_names_are_shown_as_text_not_markdown(layers):
    app = run()
    app.file_uploader(key="upload").set_value([("**x**.pdf", b"%PDF-1.4 broken", "application/pdf")])
    app.run()
    app.button(key="add_docs").click().run()
    assert not app.exception
    (error,) = [e.value for e in app.error]
    assert error.startswith(r"\*\*x\*\*\.pdf") and "**x**" not in error


@pytest.mark.parametrize("name", ["entities.parquet", "entities.geojson"])
def test_a_damaged_layer_is_an_error_message_not_a_traceback_or_a_download(layers, name):
    path = layers / name
    path.write_bytes(path.read_bytes()[:100])
    app = run()
    (error,) = [re.sub(r"\\(.)", r"\1", e.value) for e in app.error]
    assert str(layers) in error and f"unreadable build file {name}" in error
    assert not app.get("download_button")
