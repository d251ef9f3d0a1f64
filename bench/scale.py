"""Benchmark: whole builds of synthetic corpora of 10, 100 and 1,000 MB (issue 14).

For each size, `bench/synth.py` (`vary` mode) writes a corpus into `--work` (generated once,
never committed), and `python -m geo build` runs on it as a user runs it, in a fresh process,
once per engine: `--jobs 1`, `--jobs 2` and `--engine dask` (a two-worker LocalCluster). Each run
gives wall seconds (whole command, start-up included), CPU seconds of the command and all its
workers, documents/s and normalized characters/s (whole command), and the peak resident memory
of the build's whole process tree (sampled every 0.5 s with psutil: driver plus workers; RSS and
PSS, which counts pages the forked workers share with the driver once), and the CPU seconds of
the driver and of its local workers by stage (the build report's `stages_cpu_seconds`): on a
shared machine the driver's share, not the wall time, says what `--jobs 2` can gain.

`--incremental SIZE` also times adding one document to that corpus: a full build with a fresh
cache, then one new document and a rebuild with the cache, and checks that the rebuild's layers
equal those of a full build without the cache, byte for byte. The rebuild's share of the full
build is given in wall time and in CPU time (the steadier figure on a shared machine).

Targets (2-core machine): >= 0.5 M characters/s per core end to end; `--jobs 2` >= 1.7x `--jobs 1`;
peak RSS under 2 GB at 1,000 MB; the incremental rebuild under 5% of the full build's time.

usage: python bench/scale.py [--sizes 10,100] [--runs jobs1,jobs2,dask] [--incremental 100]
                             [--work /tmp/parkatlas-scale] [--json FILE]
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import itertools
import json
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

import psutil

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))

from synth import iter_synthetic  # noqa: E402

# `-P`: the working directory (the repository root) is not put first on the builds' sys.path, so
# they run the `geo` this script imports (an exported tree on PYTHONPATH, else the install);
# without it `-m geo` from the root ran the work tree's `geo` whatever PYTHONPATH said.
PYTHON = [sys.executable, "-P"]
RUNS = {"jobs1": ["--jobs", "1"], "jobs2": ["--jobs", "2"], "dask": ["--engine", "dask", "--jobs", "2"]}
LAYERS = (
    "entities.geojson",
    "entities.csv",
    "entities.gpkg",
    "entities.parquet",
    "documents.csv",
    "texts.jsonl",
)


def corpus(work: Path, mb: int) -> Path:
    """The synthetic corpus of `mb` MiB, written once (a marker file says it is complete)."""
    folder = work / f"corpus_{mb}mb"
    if (folder / ".complete").exists():
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for doc in iter_synthetic(mb * 2**20):
        (folder / doc.name).write_bytes(doc.data)
    (folder / ".complete").write_text("")
    return folder


def _characters(documents_csv: Path) -> int:
    """The normalized characters the build read, summed from its documents.csv (the report's rate
    times its seconds, used before, is rounded: runs of one corpus differed by hundreds)."""
    with documents_csv.open(encoding="utf-8", newline="") as rows:
        return sum(int(row["characters"]) for row in csv.DictReader(rows))


def _tree_memory(process: psutil.Process) -> tuple[int, int]:
    """RSS and PSS summed over the process tree: RSS counts the pages forked workers share with
    the driver (the knowledge) once per process, PSS splits them, so its sum is the real total."""
    rss = pss = 0
    for p in [process, *process.children(recursive=True)]:
        with contextlib.suppress(psutil.Error):  # a worker that just ended
            info = p.memory_full_info()
            rss, pss = rss + info.rss, pss + getattr(info, "pss", info.rss)
    return rss, pss


def run_build(inputs: Path, out: Path, args: list[str]) -> dict:
    """One `geo build` in a fresh process: wall and CPU seconds, peak RSS of its process tree,
    and the build's own report of speed."""
    command = [*PYTHON, "-m", "geo", "build", str(inputs), "--out", str(out), "--quiet", *args]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    child = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    watched, peak, peak_pss = psutil.Process(child.pid), 0, 0
    while child.poll() is None:
        rss, pss = _tree_memory(watched)
        peak, peak_pss = max(peak, rss), max(peak_pss, pss)
        time.sleep(0.5)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if child.returncode != 0:
        raise SystemExit(f"build failed: {' '.join(command)}\n{child.stderr.read().decode()[-2000:]}")
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    speed = report["speed"]
    characters = _characters(out / "documents.csv")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {
        "wall_s": round(wall, 1),
        "cpu_s": round(cpu, 1),
        "documents": report["documents_read"],
        "characters": characters,
        "documents_per_s": round(report["documents_read"] / wall, 1),
        "chars_per_s": round(characters / wall),
        "chars_per_cpu_s": round(characters / cpu) if cpu else None,
        "peak_rss_mb": round(peak / 2**20),
        "peak_pss_mb": round(peak_pss / 2**20),
        "entities": sum(report["entities"].values()),
        "from_cache": speed["documents_from_cache"],
        "build_stages": speed["corpus_stages_seconds"],
        "document_stages_cpu_s": speed["document_stages_cpu_seconds"],
        **cpu_split(speed.get("stages_cpu_seconds", {}), cpu),
    }


def cpu_split(stages: dict[str, dict[str, float]], cpu: float) -> dict:
    """CPU seconds of the build's driver and of its local workers, stage by stage and in all:
    with two jobs the wall time is about the driver's serial work plus half the workers', so the
    driver's share bounds the speedup on a loaded machine where wall time says little. `cpu`: the
    whole command's, start-up (imports) included; what the stages do not hold is the driver's."""
    driver = sum(s["driver"] for s in stages.values())
    workers = sum(s["workers"] for s in stages.values())
    return {
        "stages_cpu_s": stages,
        "driver_cpu_s": round(driver + max(0.0, cpu - driver - workers), 1),
        "workers_cpu_s": round(workers, 1),
        "driver_cpu_share": round(1 - workers / cpu, 3) if cpu else None,
    }


def rss_growth(sizes: dict[str, dict]) -> dict[str, dict[str, int]]:
    """Bytes of peak RSS each added entity costs, between consecutive sizes, per run: the slope
    that says what a 1,000 MB corpus would need (the issue's target is under 2 GB)."""
    growth: dict[str, dict[str, int]] = {}
    ordered = sorted(sizes, key=int)
    for small, large in itertools.pairwise(ordered):
        for run, one in sizes[small].items():
            two = sizes[large].get(run)
            if isinstance(one, dict) and isinstance(two, dict) and two["entities"] > one["entities"]:
                slope = (
                    (two["peak_rss_mb"] - one["peak_rss_mb"]) * 2**20 / (two["entities"] - one["entities"])
                )
                growth.setdefault(f"{small}-{large}", {})[run] = round(slope)
    return growth


def same_layers(a: Path, b: Path) -> bool:
    return all((a / n).read_bytes() == (b / n).read_bytes() for n in LAYERS)


def incremental(work: Path, mb: int) -> dict:
    """A full build with a fresh cache, one document added, a rebuild with the cache, and a full
    build without it to compare with."""
    base = corpus(work, mb)
    folder = work / f"incremental_{mb}mb"
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(base, folder / "in")
    cache = folder / "cache"
    full = run_build(folder / "in", folder / "full", ["--jobs", "2", "--cache", str(cache)])
    extra = next(iter_synthetic(1, seed=99))
    (folder / "in" / f"added_{extra.name}").write_bytes(extra.data)
    again = run_build(folder / "in", folder / "again", ["--jobs", "2", "--cache", str(cache)])
    reference = run_build(folder / "in", folder / "reference", ["--jobs", "2", "--no-cache"])
    return {
        "full": full,
        "rebuild": again,
        "no_cache_full": reference,
        "rebuild_share_of_full": round(again["wall_s"] / full["wall_s"], 3),
        "rebuild_cpu_share_of_full": round(again["cpu_s"] / full["cpu_s"], 3) if full["cpu_s"] else None,
        "same_layers_as_full_build": same_layers(folder / "again", folder / "reference"),
    }


# A fresh process loads the whole packaged knowledge (what a build's workers need), from its
# snapshot when `snapshot` is set, and prints the CPU seconds it took; it then saves a snapshot.
KNOWLEDGE_LOAD = """
import sys, time
from geo.knowledge.snapshot import load_knowledge, save_knowledge
from geo.parallel import warm
start = time.process_time()
if sys.argv[1] == "snapshot":
    load_knowledge()
warm()
print(round(time.process_time() - start, 2))
save_knowledge()
"""


def _load_seconds(mode: str, env: dict[str, str]) -> float:
    command = [*PYTHON, "-c", KNOWLEDGE_LOAD, mode]
    run = subprocess.run(
        command, cwd=ROOT, capture_output=True, text=True, check=True, env={**os.environ, **env}
    )
    return float(run.stdout.split()[0])


def knowledge_load(work: Path) -> dict:
    """CPU seconds to load the knowledge in a fresh process, built from the packaged files and
    taken from the snapshot (geo.knowledge.snapshot); leaves the user's snapshot in place, so the
    builds timed after it start from it, as every build but a first one does."""
    empty = work / "no-snapshot"
    shutil.rmtree(empty, ignore_errors=True)
    built = _load_seconds("build", {"PARKATLAS_CACHE_DIR": str(empty)})
    _load_seconds("snapshot", {})  # makes the user's snapshot if there is none
    return {"built_cpu_s": built, "snapshot_cpu_s": _load_seconds("snapshot", {})}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="10,100", help="corpus sizes in MiB, comma-separated")
    parser.add_argument("--runs", default=",".join(RUNS), help=f"some of {','.join(RUNS)}")
    parser.add_argument("--incremental", type=int, default=None, metavar="MB", help="corpus size for it")
    parser.add_argument("--work", type=Path, default=Path("/tmp/parkatlas-scale"))
    parser.add_argument("--json", type=Path, default=None, help="also write the results here")
    args = parser.parse_args()
    results: dict = {"machine": {"cpus": os.cpu_count(), "load_at_start": os.getloadavg()}, "sizes": {}}
    results["knowledge_load"] = knowledge_load(args.work)
    print(json.dumps({"knowledge_load": results["knowledge_load"]}), flush=True)
    for mb in [int(s) for s in args.sizes.split(",") if s]:
        inputs = corpus(args.work, mb)
        for name in args.runs.split(","):
            out = args.work / f"out_{mb}mb_{name}"
            shutil.rmtree(out, ignore_errors=True)
            result = run_build(inputs, out, [*RUNS[name], "--no-cache"])
            results["sizes"].setdefault(str(mb), {})[name] = result
            print(json.dumps({"mb": mb, "run": name, **result}, ensure_ascii=False), flush=True)
            if args.json:
                args.json.write_text(json.dumps(results, indent=1, ensure_ascii=False))
        one, two = results["sizes"][str(mb)].get("jobs1"), results["sizes"][str(mb)].get("jobs2")
        if one and two:
            results["sizes"][str(mb)]["jobs2_speedup"] = round(one["wall_s"] / two["wall_s"], 2)
    results["rss_growth"] = rss_growth(results["sizes"])
    print(json.dumps({"rss_growth": results["rss_growth"]}), flush=True)
    if args.incremental:
        results["incremental"] = incremental(args.work, args.incremental)
        print(json.dumps({"incremental": results["incremental"]}, ensure_ascii=False), flush=True)
    results["machine"]["load_at_end"] = os.getloadavg()
    if args.json:
        args.json.write_text(json.dumps(results, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
