"""A build with no online provider configured never imports geopy (start-up CPU of every build)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import sys
import geo.build
from geo.place.online import chain_from_config
assert chain_from_config({"providers": []}) is None
print(sorted(m for m in sys.modules if m.split(".")[0] == "geopy"))
"""


def test_the_build_and_an_empty_chain_import_no_geopy():
    out = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_a_configured_chain_still_makes_its_providers():
    from geo.place.online import chain_from_config

    chain = chain_from_config({"providers": [{"service": "nominatim"}], "cache": ":memory:"})
    assert chain is not None and [p.name for p in chain.providers] == ["nominatim"]
    assert chain.offline.geocode("丰镇").raw["code"] == "150981"
