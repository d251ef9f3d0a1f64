"""Benchmark: placing zone, town, port and district names from the name alone (issue 12).

Reads `bench/data/placement_names.csv` (name, province, prefecture, county, kind, source_note),
a set written from public facts and checked to share no name with the seeds or the dev set.
Each name becomes an Entity with one Mention whose sentence is the name itself, in no document,
and `geo.place.geocode.place_entities` places it offline. Each name is placed on its own, so
no name of the set can serve as a host or context for another.

A level is right when the predicted official full name equals the truth. The conventions are
those of the gold files: a district of a municipality has the municipality as its prefecture
(重庆市), and a county-level unit administered by its province has the placeholder level's name
(省直辖县级行政区划, in Xinjiang 自治区直辖县级行政区划). County accuracy counts only rows with a
county.

usage: python bench/placement.py [--csv FILE] [--json] [--min-prefecture 0.97]
"""

from __future__ import annotations

import argparse
import csv
import json
import logging
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from geo.model import Entity, Mention  # noqa: E402
from geo.place.geocode import place_entities  # noqa: E402

LEVELS = ("province", "prefecture", "county")
COLUMNS = ("name", "province", "prefecture", "county", "kind", "source_note")
KINDS = {"zone", "town", "port", "district"}
PLACEHOLDERS = {"省直辖县级行政区划", "自治区直辖县级行政区划"}
MUNICIPALITIES = {"北京市", "天津市", "上海市", "重庆市"}
DEFAULT_CSV = ROOT / "bench" / "data" / "placement_names.csv"


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        if tuple(reader.fieldnames or ()) != COLUMNS:
            raise SystemExit(f"{path}: columns must be {','.join(COLUMNS)}, got {reader.fieldnames}")
        rows = [{k: (v or "").strip() for k, v in row.items()} for row in reader]
    for i, row in enumerate(rows, start=2):
        if not (row["name"] and row["province"] and row["prefecture"]) or row["kind"] not in KINDS:
            raise SystemExit(f"{path}:{i}: needs name, province, prefecture and a kind in {sorted(KINDS)}")
    return rows


def entity_of(name: str) -> Entity:
    """The name as the extractor would hand it over, with the name itself as its sentence."""
    return Entity(name, "park", [Mention("", name, "park", name, 0, len(name), name)])


def place(names: list[str]) -> list[dict[str, str | None]]:
    out = []
    for name in names:
        p = place_entities([entity_of(name)], [])[0]
        out.append(
            {
                "province": p.province,
                "prefecture": p.prefecture,
                "county": p.county,
                "precision": p.precision,
                "source": p.source,
            }
        )
    return out


def error_class(row: dict[str, str], guess: dict[str, str | None], level: str) -> str:
    """A rough first sort of an error; the README and the issue group them by hand."""
    if not guess["province"]:
        return "unplaced"
    if guess["province"] != row["province"]:
        return "wrong province"
    if (
        level == "prefecture"
        and guess["prefecture"] is None
        and (row["prefecture"] in MUNICIPALITIES | PLACEHOLDERS)
    ):
        return "municipality or province-administered naming"
    if guess["precision"] == "province":
        return "province only"
    if level == "county" and guess["prefecture"] == row["prefecture"] and not guess["county"]:
        return "prefecture only"
    return "wrong unit"


def score(rows: list[dict[str, str]], guesses: list[dict[str, str | None]]) -> dict:
    counts = {level: [0, 0] for level in LEVELS}
    errors = []
    by_province: dict[str, Counter] = defaultdict(Counter)
    for row, guess in zip(rows, guesses, strict=True):
        by_province[row["province"]]["rows"] += 1
        for level in LEVELS:
            if not row[level]:
                continue
            counts[level][1] += 1
            by_province[row["province"]][f"{level}_total"] += 1
            if guess[level] == row[level]:
                counts[level][0] += 1
                by_province[row["province"]][f"{level}_right"] += 1
            else:
                errors.append(
                    {
                        "name": row["name"],
                        "kind": row["kind"],
                        "level": level,
                        "truth": row[level],
                        "predicted": guess[level],
                        "truth_units": [row[lv] or None for lv in LEVELS],
                        "predicted_units": [guess[lv] for lv in LEVELS],
                        "class": error_class(row, guess, level),
                        "note": row["source_note"],
                    }
                )
    accuracy = {
        level: {"right": r, "total": t, "accuracy": round(r / t, 4) if t else None}
        for level, (r, t) in counts.items()
    }
    provinces = {
        prov: {
            "rows": c["rows"],
            **{
                level: round(c[f"{level}_right"] / c[f"{level}_total"], 4) if c[f"{level}_total"] else None
                for level in LEVELS
            },
        }
        for prov, c in by_province.items()
    }
    kinds = Counter(row["kind"] for row in rows)
    return {
        "rows": len(rows),
        "kinds": dict(kinds),
        "accuracy": accuracy,
        "provinces": provinces,
        "errors": errors,
    }


def print_report(result: dict, csv_path: Path) -> None:
    kinds = ", ".join(f"{k} {n}" for k, n in sorted(result["kinds"].items()))
    print(f"{result['rows']} names from {csv_path.name} ({kinds}); {result['seconds']} s\n")
    print("| level | right | total | accuracy |")
    print("|---|---|---|---|")
    for level in LEVELS:
        a = result["accuracy"][level]
        print(f"| {level} | {a['right']} | {a['total']} | {a['accuracy']} |")
    errors = result["errors"]
    print(f"\n{len(errors)} errors (name, level: truth -> predicted; predicted units)")
    for cls, n in Counter(e["class"] for e in errors).most_common():
        print(f"\n## {cls} ({n})")
        for e in (e for e in errors if e["class"] == cls):
            units = " / ".join(u or "-" for u in e["predicted_units"])
            print(f"- {e['name']}, {e['level']}: {e['truth']} -> {e['predicted']}   [{units}]")
    print("\n| province | rows | province | prefecture | county |")
    print("|---|---|---|---|---|")
    for prov, p in result["provinces"].items():
        print(f"| {prov} | {p['rows']} | {p['province']} | {p['prefecture']} | {p['county']} |")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--csv", type=Path, default=DEFAULT_CSV)
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.add_argument(
        "--min-prefecture", type=float, default=None, help="exit 1 if prefecture accuracy is below this"
    )
    args = parser.parse_args(argv)
    logging.disable(logging.WARNING)
    rows = read_rows(args.csv)
    start = time.perf_counter()
    guesses = place([row["name"] for row in rows])
    result = score(rows, guesses)
    result["seconds"] = round(time.perf_counter() - start, 1)
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=1))
    else:
        print_report(result, args.csv)
    prefecture = result["accuracy"]["prefecture"]["accuracy"] or 0.0
    if args.min_prefecture is not None and prefecture < args.min_prefecture:
        print(f"prefecture accuracy {prefecture} < {args.min_prefecture}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
