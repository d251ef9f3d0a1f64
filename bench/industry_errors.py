"""Diagnostic: industry codes of a build beside gold's, per matched entity, sorted into classes.

Pairs a built entities layer with gold as the scorer pairs them (`place_errors.matched_pairs`,
the scorer loaded from its path, never copied) and prints, for every pair whose industry codes
differ, the codes gold has and the build lacks (missed) and the codes the build adds (spurious),
with the entity's name and evidence sentence; then counts by code, which is what a lexicon or
rule fix is read from.

usage: python bench/industry_errors.py GOLD.jsonl ENTITIES.geojson [--score /work/shared/eval/score.py]
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from place_errors import pairs_from_args  # the scorer's own pairing


def differences(gold: dict, pred: dict) -> tuple[set[str], set[str]]:
    """(missed, spurious) industry codes of one matched pair."""
    want, got = set(gold.get("industries") or []), set(pred.get("industries") or [])
    return want - got, got - want


def main(argv: list[str] | None = None) -> int:
    pairs = pairs_from_args(__doc__.splitlines()[0], argv)
    missed_by: Counter[str] = Counter()
    spurious_by: Counter[str] = Counter()
    wrong = 0
    for g, p in sorted(pairs, key=lambda t: (t[0]["doc"], t[0]["name"])):
        missed, spurious = differences(g, p)
        if not (missed or spurious):
            continue
        wrong += 1
        missed_by.update(missed)
        spurious_by.update(spurious)
        print(f"## {g['doc']} | {g['name']} ({g['kind']})")
        print(f"   missed: {sorted(missed)}  spurious: {sorted(spurious)}  gold: {g.get('industries')}")
        print(f"   note: {g.get('note') or ''}")
        print(f"   evidence: {(p.get('evidence') or '')[:240]}\n")
    print(f"{len(pairs)} matched, {wrong} with other industry codes")
    print("missed by code:", dict(missed_by.most_common()))
    print("spurious by code:", dict(spurious_by.most_common()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
