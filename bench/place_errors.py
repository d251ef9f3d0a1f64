"""Diagnostic: misplaced entities of a build, gold beside prediction, with the evidence sentence.

Matches a built entities layer to gold with the scorer's own matching (`score.py` is loaded from
the path given, so the rules are never copied), and prints every matched pair whose province,
prefecture or county differs: gold and predicted units, the placement's source and precision,
and the sentence the entity was read from. Used to sort placement failures into classes.

usage: python bench/place_errors.py GOLD.jsonl ENTITIES.geojson [--score /work/shared/eval/score.py]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path
from types import ModuleType

sys.path.insert(0, str(Path(__file__).resolve().parent))

from peer_extract import load_scorer  # the one loader of the shared scorer

LEVELS = ("province", "prefecture", "county")
DEFAULT_SCORER = Path("/work/shared/eval/score.py")


def matched_pairs(scorer: ModuleType, gold: list[dict], pred: list[dict]) -> list[tuple[dict, dict]]:
    """Gold and predicted entities paired as the scorer pairs them (best first, one to one)."""
    by_doc: dict[str, list[dict]] = defaultdict(list)
    for g in gold:
        by_doc[g["doc"]].append(g)
    pairs: list[tuple[dict, dict]] = []
    for doc, golds in by_doc.items():
        preds = [p for p in pred if doc in p["docs"]]
        ranked = sorted(
            ((scorer.best_match(g, p), gi, pi) for gi, g in enumerate(golds) for pi, p in enumerate(preds)),
            reverse=True,
        )
        used_g: set[int] = set()
        used_p: set[int] = set()
        for s, gi, pi in ranked:
            if s < scorer.MATCH_AT:
                break
            if gi not in used_g and pi not in used_p:
                used_g.add(gi)
                used_p.add(pi)
                pairs.append((golds[gi], preds[pi]))
    return pairs


def wrong_levels(g: dict, p: dict) -> list[str]:
    return [level for level in LEVELS if g.get(level) and g[level] != p.get(level)]


def pairs_from_args(description: str, argv: list[str] | None) -> list[tuple[dict, dict]]:
    """The matched (gold, predicted) pairs of the command line's gold file and entities layer."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("gold", type=Path)
    parser.add_argument("entities", type=Path)
    parser.add_argument("--score", type=Path, default=DEFAULT_SCORER, help="the gold scorer (score.py)")
    args = parser.parse_args(argv)
    scorer = load_scorer(args.score)
    with args.gold.open(encoding="utf-8") as f:
        gold = [json.loads(line) for line in f if line.strip()]
    return matched_pairs(scorer, gold, scorer.load_pred(str(args.entities)))


def main(argv: list[str] | None = None) -> int:
    pairs = pairs_from_args(__doc__.splitlines()[0], argv)
    wrong = [(g, p, levels) for g, p in pairs if (levels := wrong_levels(g, p))]
    print(f"{len(pairs)} matched, {len(wrong)} with a wrong unit\n")
    for g, p, levels in sorted(wrong, key=lambda t: (t[0]["doc"], t[0]["name"])):
        gold_units = " / ".join(str(g.get(lv) or "-") for lv in LEVELS)
        pred_units = " / ".join(str(p.get(lv) or "-") for lv in LEVELS)
        print(f"## {g['doc']} | {g['name']} ({g['kind']}) wrong: {', '.join(levels)}")
        print(f"   gold: {gold_units}   [{g.get('precision')}]  {g.get('note') or ''}")
        print(f"   pred: {pred_units}   [{p.get('precision')}, {p.get('place_source')}] name={p.get('name')}")
        print(f"   evidence: {(p.get('evidence') or '')[:300]}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
