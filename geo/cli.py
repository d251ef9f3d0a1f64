"""Command line: `python -m geo build [INPUT ...] [--out DIR]`, `python -m geo export ...` and
`python -m geo cache clear`.

User errors print one line and exit non-zero; they never show a traceback.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from geo.corpus.documents import DEFAULT_MAX_BYTES

SUFFIX_FORMATS = {
    ".geojson": "geojson",
    ".json": "geojson",
    ".gpkg": "gpkg",
    ".parquet": "parquet",
    ".csv": "csv",
    ".kml": "kml",
}

DEFAULT_INPUT = Path("seeds")
DEFAULT_OUT = Path("data/layers")
DEFAULT_CACHE = Path("data/cache")  # geo.cache.DEFAULT_CACHE, named here so --help loads nothing


def _positive(text: str) -> int:
    """A whole number of one or more, for --jobs."""
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of 1 or more, not {text!r}")
    return int(text)


def _memory(text: str) -> float:
    """Gigabytes (decimals allowed) for --max-memory-gb; 0 turns the budget off."""
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 <= value < float("inf"):
        raise argparse.ArgumentTypeError(f"expected a number of gigabytes, 0 or more, not {text!r}")
    return value


def _budget(gigabytes: float | None) -> int | None:
    """The build's memory budget in bytes: the one asked, none for 0, else the default."""
    from geo.budget import default_budget

    if gigabytes is None:
        return default_budget()
    return int(gigabytes * 2**30) or None


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="parkatlas", description="Map the parks and projects of Chinese policy documents."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    build = commands.add_parser("build", help="read documents and write the layers")
    build.add_argument("inputs", nargs="*", type=Path, help=f"files or folders (default: {DEFAULT_INPUT}/)")
    build.add_argument(
        "--out", type=Path, default=DEFAULT_OUT, help=f"output folder (default: {DEFAULT_OUT}/)"
    )
    build.add_argument(
        "--max-mb", type=float, default=DEFAULT_MAX_BYTES / 2**20, help="skip files larger than this (MB)"
    )
    build.add_argument("--quiet", action="store_true", help="no progress bar or document list")
    build.add_argument(
        "--jobs",
        type=_positive,
        default=None,
        help="workers that read documents and find their mentions (default: all cores)",
    )
    build.add_argument(
        "--engine",
        choices=("local", "dask"),
        default="local",
        help="local processes, or a Dask cluster (needs the [dask] extra)",
    )
    build.add_argument(
        "--scheduler",
        default=None,
        metavar="ADDRESS",
        help="the Dask scheduler, e.g. tcp://host:8786 (default: a local cluster of --jobs workers)",
    )
    build.add_argument(
        "--cache",
        type=Path,
        default=DEFAULT_CACHE,
        metavar="DIR",
        help=f"store of per-document results, so a rebuild reads only new or changed files (default: {DEFAULT_CACHE}/)",
    )
    build.add_argument(
        "--no-cache",
        action="store_true",
        help="neither read nor write the store (the knowledge snapshot in the user's cache folder is still used)",
    )
    build.add_argument(
        "--max-memory-gb",
        type=_memory,
        default=None,
        metavar="GB",
        help="stop the build, leaving the published layers as they were, once its processes hold "
        "more memory than this (default: 90%% of the machine's; 0: no budget)",
    )
    cache = commands.add_parser("cache", help="the store of per-document results and the knowledge snapshot")
    cache.add_argument("action", choices=("clear",), help="clear: empty the store and remove the snapshot")
    cache.add_argument(
        "--cache", type=Path, default=DEFAULT_CACHE, metavar="DIR", help=f"default: {DEFAULT_CACHE}/"
    )
    export = commands.add_parser("export", help="write a filtered layer of a build")
    export.add_argument(
        "--layers", type=Path, default=DEFAULT_OUT, help=f"the build's folder (default: {DEFAULT_OUT}/)"
    )
    for name, what in (
        ("province", "province (full or short name)"),
        ("prefecture", "prefecture-level city (full or short name)"),
        ("industry", "industry code of the taxonomy"),
        ("kind", "park, project, base, corridor or region"),
        ("doc", "source document file name"),
    ):
        export.add_argument(f"--{name}", action="append", default=[], help=f"{what}; repeat for several")
    export.add_argument("--search", default="", help="text in the name, aliases or pinyin")
    export.add_argument(
        "--format",
        choices=sorted(set(SUFFIX_FORMATS.values())),
        default=None,
        help="default: from the suffix of -o",
    )
    export.add_argument("-o", "--output", type=Path, required=True, help="file to write")
    return parser


def _progress(total: int, quiet: bool):
    """A progress bar on a terminal for long inputs (more than a handful of files): documents
    done, their rate and the time left; nothing when stderr is a file or a pipe."""
    if quiet or total < 10 or not sys.stderr.isatty():
        return None, lambda: None
    from tqdm import tqdm  # only for long inputs

    bar = tqdm(total=total, unit="doc", desc="documents", file=sys.stderr, leave=False, smoothing=0.1)
    return (lambda _path: bar.update(1)), bar.close


def run_build(args: argparse.Namespace) -> int:
    # Deferred: `--help` and usage errors answer without loading geopandas and jieba.
    from geo.budget import MemoryBudgetExceeded, memory_budget
    from geo.build import build
    from geo.corpus.documents import expand_inputs, one_line
    from geo.layers.publish import PublishError
    from geo.parallel import EngineError, default_jobs

    inputs = args.inputs or [DEFAULT_INPUT]
    files, _ = expand_inputs(inputs)
    on_file, close = _progress(len(files), args.quiet)
    kept = f"the layers in {str(args.out)!r} were left as they were"
    try:
        with memory_budget(_budget(args.max_memory_gb)):
            result = build(
                inputs,
                args.out,
                max_bytes=int(args.max_mb * 2**20),
                on_file=on_file,
                jobs=args.jobs or default_jobs(),
                engine=args.engine,
                scheduler=args.scheduler,
                cache=None if args.no_cache else args.cache,
                snapshot=True,
            )
    except PublishError as err:
        print(f"error: {err}; {kept}", file=sys.stderr)
        return 1
    except EngineError as err:
        print(f"error: {err}; {kept}", file=sys.stderr)
        return 1
    except MemoryBudgetExceeded as err:
        print(f"error: stopped: {err} (--max-memory-gb); {kept}", file=sys.stderr)
        return 1
    finally:
        close()
    for skipped in result.corpus.skipped:
        print(f"skipped {one_line(skipped.path)}: {one_line(skipped.reason)}", file=sys.stderr)
    docs = result.corpus.documents
    if not args.quiet:
        for doc in docs:
            meta = doc.meta
            where = meta.jurisdiction.label() or "-"
            print(f"{one_line(doc.name)}\t{meta.date or '-'}\t{where}\t{one_line(meta.title or '-')}")
    if not docs:
        print(f"error: no document could be read; {kept}", file=sys.stderr)
        return 1
    speed = result.report.get("speed", {})
    print(
        f"read {len(docs)} document(s), skipped {len(result.corpus.skipped)}; published {result.out_dir}/",
        file=sys.stderr,
    )
    print(
        f"{speed.get('documents_per_second')} documents/s; {speed.get('documents_from_cache', 0)} "
        "document(s) taken from the cache",
        file=sys.stderr,
    )
    return 0


def run_cache(args: argparse.Namespace) -> int:
    from geo.cache import clear_cache
    from geo.knowledge.snapshot import clear_snapshots
    from geo.knowledge.tables import user_cache_dir

    count = clear_cache(args.cache)
    snapshots = clear_snapshots()
    print(
        f"cleared {count} record(s) from {args.cache}/ and {snapshots} knowledge snapshot(s) "
        f"from {user_cache_dir()}/",
        file=sys.stderr,
    )
    return 0


def run_export(args: argparse.Namespace) -> int:
    # Deferred, as in run_build.
    from geo.layers.filters import FilterError, Filters, apply_filters
    from geo.layers.io import read_layer, write_layer
    from geo.layers.publish import published

    build = published(args.layers)
    if build is None:
        print(f"error: no published build in {args.layers}/ (run: python -m geo build)", file=sys.stderr)
        return 1
    source = build / "entities.parquet"
    fmt = args.format or SUFFIX_FORMATS.get(args.output.suffix.lower())
    if fmt is None:
        formats = ", ".join(sorted(set(SUFFIX_FORMATS.values())))
        print(
            f"error: cannot tell the format of {args.output}; use --format with one of: {formats}",
            file=sys.stderr,
        )
        return 2
    filters = Filters(
        tuple(args.province),
        tuple(args.prefecture),
        tuple(args.industry),
        tuple(args.kind),
        tuple(args.doc),
        args.search,
    )
    try:
        frame = apply_filters(read_layer(source), filters)
    except FilterError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    write_layer(frame, args.output, fmt)
    print(f"wrote {len(frame)} feature(s) to {args.output}", file=sys.stderr)
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "build":
            return run_build(args)
        if args.command == "export":
            return run_export(args)
        if args.command == "cache":
            return run_cache(args)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except OSError as err:
        print(
            f"error: {err.strerror or err}: {getattr(err, 'filename', '') or ''}".rstrip(": "),
            file=sys.stderr,
        )
        return 1
    return 2


if __name__ == "__main__":
    sys.exit(main())
