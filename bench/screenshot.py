"""The README's screenshots: the app on the seed build, in headless Chromium, with no internet.

Builds the seeds into a temporary folder, starts `streamlit run app.py` on 127.0.0.1, opens it in
Debian's Chromium through Playwright (every request not to the app refused) and saves three
pages: the map with the popup of a marker open (--out), the counts per prefecture (-areas) and
the document that names the most entities, read with its names marked (-document). Needs
/usr/bin/chromium, the `test` extra and CJK fonts (Debian's fonts-noto-cjk) for the text.

    .venv/bin/python bench/screenshot.py    # --out docs/screenshot.png --query 'province=内蒙古自治区&lang=en'
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote

REPO = Path(__file__).resolve().parent.parent
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve(layers: Path, port: int) -> subprocess.Popen:
    command = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.address", "127.0.0.1"]
    command += [
        "--server.port",
        str(port),
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
    ]
    env = {**os.environ, "PARKATLAS_LAYERS": str(layers)}
    server = subprocess.Popen(
        command, cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    for _ in range(200):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2):
                return server
        except OSError:
            time.sleep(0.3)
    server.kill()
    raise TimeoutError("streamlit did not start")


def _map_with_popup(page) -> None:
    map_frame = page.frame_locator(MAP_FRAME)
    map_frame.locator(".pa-legend").wait_for(timeout=120_000)  # the map script has run
    page.wait_for_timeout(2000)
    shown = [p for p in map_frame.locator("path.pa-point").all() if (p.bounding_box() or {}).get("width")]
    if shown:  # open one popup, to show what a click gives
        shown[len(shown) // 2].click(force=True)
        map_frame.locator(".leaflet-popup-content").wait_for(timeout=10_000)


def _areas(page) -> None:
    page.frame_locator(MAP_FRAME).locator("path.pa-choropleth").first.wait_for(timeout=120_000)
    page.wait_for_timeout(1500)


def _document(page) -> None:
    page.locator(".pa-doc mark.pa-hl").first.wait_for(timeout=120_000)
    page.locator(".pa-doc mark.pa-hl").first.scroll_into_view_if_needed()
    page.wait_for_timeout(800)


WAITS = {"map": _map_with_popup, "areas": _areas, "document": _document}


def shoot(origin: str, query: str, out: Path, profile: Path, kind: str = "map") -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(profile),
            executable_path="/usr/bin/chromium",
            headless=True,
            args=FLAGS,
            viewport={"width": 1500, "height": 950},
        )
        context.route(
            "**/*",
            lambda route: (
                route.continue_() if route.request.url.startswith((origin, "data:")) else route.abort()
            ),
        )
        page = context.new_page()
        page.goto(f"{origin}/?{query}", timeout=120_000)
        WAITS[kind](page)
        page.mouse.move(5, 5)  # no tooltip over the popup
        page.wait_for_timeout(500)
        out.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(out))
        context.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "screenshot.png")
    parser.add_argument(
        "--query", default="province=内蒙古自治区", help="URL query of the view (a shared link's)"
    )
    args = parser.parse_args()
    sys.path.insert(0, str(REPO))
    from geo.build import build

    with tempfile.TemporaryDirectory(prefix="parkatlas-shot-") as tmp:
        layers = Path(tmp) / "layers"
        result = build([REPO / "seeds"], layers)
        busiest = result.frame["docs"].explode().value_counts().index[0]
        shots = [
            (args.query, args.out, "map"),
            ("show=areas&level=prefecture", args.out.with_name(f"{args.out.stem}-areas.png"), "areas"),
            (
                f"view=docs&read={quote(busiest)}",
                args.out.with_name(f"{args.out.stem}-document.png"),
                "document",
            ),
        ]
        port = free_port()
        server = serve(layers, port)
        try:
            for number, (query, out, kind) in enumerate(shots):
                shoot(f"http://127.0.0.1:{port}", query, out, Path(tmp) / f"profile{number}", kind)
                print(out)
        finally:
            server.terminate()
            server.wait(timeout=10)


if __name__ == "__main__":
    main()
