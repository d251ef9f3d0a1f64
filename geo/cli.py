"""Command line: `python -m geo build [INPUT ...] [--out DIR]`.

User errors print one line and exit non-zero; they never show a traceback.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from geo.corpus import DEFAULT_MAX_BYTES

DEFAULT_INPUT = Path("seeds")
DEFAULT_OUT = Path("data/layers")


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
    return parser


def _progress(total: int, quiet: bool):
    """A progress bar on stderr for long inputs (more than a handful of files)."""
    if quiet or total < 10:
        return None, lambda: None
    from tqdm import tqdm

    bar = tqdm(total=total, unit="file", file=sys.stderr, leave=False)
    return (lambda _path: bar.update(1)), bar.close


def run_build(args: argparse.Namespace) -> int:
    from geo.build import build
    from geo.corpus import expand_inputs

    inputs = args.inputs or [DEFAULT_INPUT]
    files, _ = expand_inputs(inputs)
    on_file, close = _progress(len(files), args.quiet)
    try:
        result = build(inputs, args.out, max_bytes=int(args.max_mb * 2**20), on_file=on_file)
    finally:
        close()
    for skipped in result.corpus.skipped:
        print(f"skipped {skipped.path}: {skipped.reason}", file=sys.stderr)
    docs = result.corpus.documents
    if not args.quiet:
        for doc in docs:
            meta = doc.meta
            print(f"{doc.name}\t{meta.date or '-'}\t{meta.jurisdiction.label() or '-'}\t{meta.title or '-'}")
    print(
        f"read {len(docs)} document(s), skipped {len(result.corpus.skipped)}; wrote {result.out_dir}/",
        file=sys.stderr,
    )
    if not docs:
        print("error: no document could be read", file=sys.stderr)
        return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "build":
            return run_build(args)
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
