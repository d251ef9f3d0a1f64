"""Benchmark: ParkAtlas's placement against cpca.transform and jionlp.parse_location on gold names.

Each gold entity's name and surfaces are given to each geocoder; ParkAtlas also gets the entity's
document (its jurisdiction, the sentences around the surfaces, the other gold entities of the
document), as it has when it runs. The baselines read the name, then each surface until one
gives a county. Accuracy is counted like ../shared/eval/score.py: a county is right by name or
by the first six digits of its code.

usage: python bench/geocoders.py [--gold ../shared/gold/seeds.jsonl] [--seeds seeds]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import logging
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from geo.corpus.documents import Document, read_corpus  # noqa: E402
from geo.corpus.normalize import normalize  # noqa: E402
from geo.corpus.sentences import sentence_at  # noqa: E402
from geo.extract.mentions import places_of  # noqa: E402
from geo.model import Entity, Mention  # noqa: E402
from geo.place.geocode import place_entities  # noqa: E402

Guess = dict[str, str | None]  # province, prefecture, county, adcode
LEVELS = ("province", "prefecture", "county")


def gold_entity(gold: dict, doc: Document) -> Entity:
    """The gold entity as the extractor would hand it over: mentions where its surfaces stand."""
    mentions = []
    for surface in dict.fromkeys([gold["name"], *gold.get("surfaces", [])]):
        text = normalize(surface).text
        at = doc.text.find(text)
        sentence = sentence_at(doc.sentences, at) if at >= 0 else None
        mentions.append(
            Mention(
                doc.name,
                gold["name"],
                gold["kind"],
                text,
                max(at, 0),
                max(at, 0) + len(text),
                sentence.text if sentence else "",
            )
        )
    places = places_of(gold["name"]) if gold["kind"] in ("corridor", "region") else ()
    mentions[0] = Mention(
        *[getattr(mentions[0], f) for f in ("doc", "name", "kind", "surface", "start", "end", "sentence")],
        places,
    )
    return Entity(gold["name"], gold["kind"], mentions, list(gold.get("surfaces", [])))


def parkatlas(golds: list[dict], docs: dict[str, Document]) -> list[Guess]:
    out: list[Guess] = [{}] * len(golds)
    for name, doc in docs.items():
        indices = [i for i, g in enumerate(golds) if g["doc"] == name]
        placed = place_entities([gold_entity(golds[i], doc) for i in indices], [doc])
        for k, i in enumerate(indices):
            p = placed[k]
            out[i] = {
                "province": p.province,
                "prefecture": p.prefecture,
                "county": p.county,
                "adcode": p.adcode,
            }
    return out


def _first(texts: list[str], parse: Callable[[str], Guess]) -> Guess:
    guesses = [parse(t) for t in texts]
    return next((g for g in guesses if g.get("county")), next((g for g in guesses if g.get("province")), {}))


def cpca_baseline(golds: list[dict]) -> list[Guess]:
    import cpca

    def parse(text: str) -> Guess:
        row = cpca.transform([text]).iloc[0]
        value = {"province": row["省"], "prefecture": row["市"], "county": row["区"], "adcode": row["adcode"]}
        return {k: (v if isinstance(v, str) and v else None) for k, v in value.items()}

    return [_first([g["name"], *g.get("surfaces", [])], parse) for g in golds]


def jionlp_baseline(golds: list[dict]) -> list[Guess]:
    with contextlib.redirect_stdout(io.StringIO()):  # jionlp prints a banner on import
        import jionlp

    def parse(text: str) -> Guess:
        found = jionlp.parse_location(text)
        return {
            "province": found.get("province"),
            "prefecture": found.get("city"),
            "county": found.get("county"),
        }

    return [_first([g["name"], *g.get("surfaces", [])], parse) for g in golds]


def accuracy(golds: list[dict], guesses: list[Guess], level: str) -> tuple[int, int]:
    right = total = 0
    for gold, guess in zip(golds, guesses, strict=True):
        if not gold.get(level):
            continue
        total += 1
        code_match = (
            level == "county"
            and gold.get("adcode")
            and str(guess.get("adcode") or "")[:6] == gold["adcode"][:6]
        )
        right += guess.get(level) == gold[level] or bool(code_match)
    return right, total


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", default=str(ROOT.parent / "shared" / "gold" / "seeds.jsonl"))
    parser.add_argument("--seeds", default=str(ROOT / "seeds"))
    args = parser.parse_args(argv)
    logging.disable(logging.WARNING)
    golds = [
        json.loads(line) for line in Path(args.gold).read_text(encoding="utf-8").splitlines() if line.strip()
    ]
    corpus = read_corpus([args.seeds])
    docs = {d.name: d for d in corpus.documents}
    golds = [g for g in golds if g["doc"] in docs]
    runs: list[tuple[str, Callable[[], list[Guess]]]] = [
        ("ParkAtlas (geo.place.geocode.place_entities)", lambda: parkatlas(golds, docs)),
        ("cpca.transform", lambda: cpca_baseline(golds)),
        ("jionlp.parse_location", lambda: jionlp_baseline(golds)),
    ]
    print(f"{len(golds)} gold entities, {len(docs)} documents\n")
    print("| geocoder | county | prefecture | province | seconds |")
    print("|---|---|---|---|---|")
    for label, run in runs:
        start = time.perf_counter()
        try:
            guesses = run()
        except ImportError as err:
            print(f"| {label} | not installed ({err.name}) | | | |")
            continue
        seconds = time.perf_counter() - start
        cells = []
        for level in ("county", "prefecture", "province"):
            right, total = accuracy(golds, guesses, level)
            cells.append(f"{right / total:.3f} ({right}/{total})")
        print(f"| {label} | {' | '.join(cells)} | {seconds:.1f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
