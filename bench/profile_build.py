#!/usr/bin/env python3
"""Where a whole build's time goes: cProfile of `geo.build.build` on a synthetic corpus (issue 14).

usage: python bench/profile_build.py [--mb 10] [--jobs 1] [--work /tmp/parkatlas-scale] [--top 40]
                                    [--out FILE.prof]

The corpus is the one `bench/scale.py` writes (`vary`, generated once into `--work`). The build
runs in this process with no cache, after the knowledge is loaded, so the profile holds the build
itself: every per-document and corpus-wide stage and the writing of the layers. With `--jobs 2`
the profile is the driver's alone (forked workers stop profiling at the fork): what it does
serially while the workers run is what bounds the speedup of two jobs.
Prints the build's own stage times, then the top functions by cumulative and by own time;
`--out` keeps the raw profile for `python -m pstats`. cProfile adds overhead per call, so compare
shares, not totals.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from profile_extract import print_profile
from scale import corpus

from geo.build import build
from geo.parallel import warm


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--mb", type=int, default=10, help="corpus size in MiB (default 10)")
    parser.add_argument("--work", type=Path, default=Path("/tmp/parkatlas-scale"))
    parser.add_argument("--jobs", type=int, default=1, help="local workers (default 1)")
    parser.add_argument("--top", type=int, default=40, help="rows per listing")
    parser.add_argument("--out", help="write the raw profile here")
    args = parser.parse_args(argv)

    inputs = corpus(args.work, args.mb)
    warm()
    with tempfile.TemporaryDirectory() as tmp:
        profiler = cProfile.Profile()
        os.register_at_fork(after_in_child=profiler.disable)  # the driver's profile only
        start = time.process_time()
        profiler.enable()
        result = build([inputs], Path(tmp) / "out", jobs=args.jobs)
        profiler.disable()
        cpu = time.process_time() - start
    print(f"build CPU {cpu:.1f} s (profiled; this process only)")
    print(json.dumps(result.report["speed"], indent=1))
    print_profile(profiler, args.top, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
