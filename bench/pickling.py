#!/usr/bin/env python3
"""CPU seconds to pickle and unpickle a corpus's document records, as they cross between
processes (local workers to the driver, Dask's tasks and results, the document store), with
the records' classes pickled by their fields (geo.model.pickled_by_fields) and, for comparison,
by dataclasses' own per-object state (the decorator's `__reduce__` removed for the run).

usage: python bench/pickling.py CORPUS [--docs 300] [--repeat 3] [--json F]

The records are made once (geo.stream.process on the first `--docs` files of CORPUS, sorted);
each way is then timed `--repeat` times (time.process_time), the least reported: dumps of the
list of records (protocol 5, as the store and multiprocessing use), loads of those bytes, and
the pickle's size. The two ways must load equal records.
"""

from __future__ import annotations

import argparse
import json
import pickle
import sys
import time
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from geo.model import Entity, Mention, Rejection
from geo.place.geocode import DocCodes
from geo.stream import CheckedRecord, DocRecord, process

CLASSES = (Mention, Entity, Rejection, DocRecord, CheckedRecord, DocCodes)


@contextmanager
def dataclass_state():
    """The classes pickled as dataclasses do without the decorator, for the time of the block."""
    kept = {cls: cls.__dict__["__reduce__"] for cls in CLASSES}
    for cls in CLASSES:
        del cls.__reduce__
    try:
        yield
    finally:
        for cls, reduce in kept.items():
            cls.__reduce__ = reduce


def timed(records: list, repeat: int) -> dict[str, float | int]:
    dumps, loads, data = [], [], b""
    for _ in range(repeat):
        start = time.process_time()
        data = pickle.dumps(records, protocol=5)
        dumps.append(time.process_time() - start)
        start = time.process_time()
        back = pickle.loads(data)
        loads.append(time.process_time() - start)
        assert back == records
    return {"dumps_s": round(min(dumps), 3), "loads_s": round(min(loads), 3), "bytes": len(data)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--docs", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    files = sorted(p for p in args.corpus.rglob("*") if p.is_file())[: args.docs]
    records = [r for r in (process(str(p))[0] for p in files) if isinstance(r, DocRecord)]
    mentions = sum(len(r.mentions) for r in records)
    by_fields = timed(records, args.repeat)
    with dataclass_state():
        by_state = timed(records, args.repeat)
    result = {"records": len(records), "mentions": mentions, "by_fields": by_fields, "by_state": by_state}
    print(json.dumps(result, indent=1))
    if args.json:
        args.json.write_text(json.dumps(result, indent=1) + "\n")


if __name__ == "__main__":
    main()
