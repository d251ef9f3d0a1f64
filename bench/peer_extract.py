#!/usr/bin/env python3
"""ParkAtlas against general-purpose peers on the seed documents, scored by the same scorer.

usage: python bench/peer_extract.py [--gold GOLD.jsonl] [--scorer score.py] [--keep DIR] [--json]

Peers read the same normalized documents (geo.corpus.documents.read_corpus on seeds/) and know the same
head lexicon (geo.knowledge.lexicon), so the comparison isolates the extraction logic:

  jieba-chunks   jieba.posseg.lcut (HMM on); a maximal run of tokens tagged ns, nt, nz or n,
                 cut after the last point where the run's text ends with a head
                 (PARK_HEADS ... REGION_HEADS); it must have at least one character before the
                 head. Kind: HEAD_KIND of the longest head it ends with.
  suffix-regex   [\\u4e00-\\u9fff]{2,12}(head1|head2|...), heads longest first, non-overlapping
                 matches. Kind as above.
  parkatlas      geo.build.build([seeds], tmp) -> tmp/entities.geojson (the real build), timed
                 whole; the extraction column times geo.extract.mentions.extract on the read documents.

Each peer writes a GeoJSON FeatureCollection (one feature per name and document: properties
name, kind, docs=[file name], aliases=[]) into a temporary folder; all are scored with `score`
and `load_pred` of the shared scorer, imported from its file. Times are after a warm-up
(imports, jieba's dictionary, one extraction), on the same process.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import re
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synth import REPO, SEEDS

from geo.build import build
from geo.corpus.documents import Document, read_corpus
from geo.extract.mentions import extract
from geo.knowledge.lexicon import (
    BASE_HEADS,
    CORRIDOR_HEADS,
    HEAD_KIND,
    PARK_HEADS,
    PROJECT_HEADS,
    REGION_HEADS,
)

SHARED = REPO.parent / "shared"
HEADS = sorted(
    {*PARK_HEADS, *PROJECT_HEADS, *BASE_HEADS, *CORRIDOR_HEADS, *REGION_HEADS}, key=len, reverse=True
)
CHUNK_FLAGS = {"ns", "nt", "nz", "n"}
SUFFIX_REGEX = re.compile("[\u4e00-\u9fff]{2,12}(?:" + "|".join(map(re.escape, HEADS)) + ")")

Found = list[tuple[str, str]]  # (name, kind) in text order


def head_of(name: str) -> str | None:
    """The longest head `name` ends with."""
    return next((h for h in HEADS if name.endswith(h)), None)


def jieba_chunks(text: str) -> Found:
    import jieba.posseg

    found: Found = []
    run: list[str] = []

    def flush() -> None:
        joined = ""
        best = ""
        for word in run:
            joined += word
            head = head_of(joined)
            if head and len(joined) > len(head):
                best = joined
        if best:
            found.append((best, HEAD_KIND[head_of(best)]))
        run.clear()

    for token in jieba.posseg.lcut(text):
        if token.flag in CHUNK_FLAGS:
            run.append(token.word)
        else:
            flush()
    flush()
    return found


def suffix_regex(text: str) -> Found:
    return [(m.group(), HEAD_KIND[head_of(m.group())]) for m in SUFFIX_REGEX.finditer(text)]


def feature_collection(found_by_doc: dict[str, Found]) -> dict:
    features = []
    for doc, found in found_by_doc.items():
        for name, kind in dict.fromkeys(found):  # one feature per name and kind in a document
            props = {"name": name, "kind": kind, "docs": [doc], "aliases": []}
            features.append({"type": "Feature", "geometry": None, "properties": props})
    return {"type": "FeatureCollection", "features": features}


def load_scorer(path: Path):
    spec = importlib.util.spec_from_file_location("parkatlas_shared_score", path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot load the scorer {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run_peer(peer: Callable[[str], Found], docs: list[Document]) -> tuple[dict[str, Found], float]:
    start = time.perf_counter()
    found = {doc.name: peer(doc.text) for doc in docs}
    return found, time.perf_counter() - start


def warm_up(docs: list[Document]) -> None:
    import jieba
    import jieba.posseg

    jieba.setLogLevel(60)
    jieba.initialize()
    small = min(docs, key=lambda d: len(d.text))
    jieba.posseg.lcut(small.text[:500])
    extract([small])


def run(args: argparse.Namespace, out: Path) -> dict:
    scorer = load_scorer(Path(args.scorer))
    with open(args.gold, encoding="utf-8") as fh:
        gold = [json.loads(line) for line in fh if line.strip()]

    start = time.perf_counter()
    docs = read_corpus([args.seeds]).documents
    read_s = time.perf_counter() - start
    chars = sum(len(d.text) for d in docs)
    warm_up(docs)

    rows: dict[str, dict] = {}
    for name, peer in (("jieba-chunks", jieba_chunks), ("suffix-regex", suffix_regex)):
        found, seconds = run_peer(peer, docs)
        path = out / f"{name}.geojson"
        path.write_text(json.dumps(feature_collection(found), ensure_ascii=False, indent=1), encoding="utf-8")
        rows[name] = {"path": path, "extract_s": seconds}

    start = time.perf_counter()
    extract(docs)
    extract_s = time.perf_counter() - start
    start = time.perf_counter()
    build([args.seeds], out / "parkatlas")
    rows["parkatlas"] = {
        "path": out / "parkatlas" / "entities.geojson",
        "extract_s": extract_s,
        "build_s": time.perf_counter() - start,
    }

    result = {
        "documents": len(docs),
        "chars": chars,
        "gold": len(gold),
        "read_s": round(read_s, 3),
        "peers": {},
    }
    for name, row in rows.items():
        pred = scorer.load_pred(str(row["path"]))
        res = scorer.score(gold, pred)
        result["peers"][name] = {
            "entities": len(pred),
            **{k: res[k] for k in ("tp", "fp", "fn", "precision", "recall", "f1", "kind_accuracy")},
            "extract_s": round(row["extract_s"], 4),
            "chars_per_s": round(chars / row["extract_s"]),
            **({"build_s": round(row["build_s"], 3)} if "build_s" in row else {}),
            "output": str(row["path"]) if args.keep else None,
        }
    return result


def print_table(r: dict) -> None:
    print(
        f"{r['documents']} seed documents, {r['chars']:,} normalized characters, {r['gold']} gold entities; "
        f"reading took {r['read_s']:.2f} s (shared by all)"
    )
    print()
    header = (
        f"{'peer':14s} {'entities':>8s} {'tp':>4s} {'fp':>4s} {'fn':>4s} {'precision':>9s} {'recall':>7s}"
    )
    print(header + f" {'F1':>6s} {'kind acc':>8s} {'extract s':>9s} {'chars/s':>10s}")
    for name, p in r["peers"].items():
        print(
            f"{name:14s} {p['entities']:8d} {p['tp']:4d} {p['fp']:4d} {p['fn']:4d} {p['precision']:9.3f} "
            f"{p['recall']:7.3f} {p['f1']:6.3f} {p['kind_accuracy']:8.3f} {p['extract_s']:9.3f} {p['chars_per_s']:10,d}"
        )
    if "build_s" in r["peers"].get("parkatlas", {}):
        print(f"\nparkatlas whole build (read, extract, write): {r['peers']['parkatlas']['build_s']:.2f} s")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", default=str(SEEDS), help="documents to run on (default: seeds/)")
    parser.add_argument("--gold", default=str(SHARED / "gold" / "seeds.jsonl"))
    parser.add_argument("--scorer", default=str(SHARED / "eval" / "score.py"))
    parser.add_argument("--keep", help="write the GeoJSON outputs here instead of a temporary folder")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    args = parser.parse_args(argv)
    if args.keep:
        out = Path(args.keep)
        out.mkdir(parents=True, exist_ok=True)
        result = run(args, out)
    else:
        with tempfile.TemporaryDirectory(prefix="parkatlas-peers-") as tmp:
            result = run(args, Path(tmp))
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=1))
    else:
        print_table(result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
