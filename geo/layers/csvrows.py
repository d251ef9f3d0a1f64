"""A table's CSV written by the csv module itself, with the bytes pandas' to_csv(index=False)
writes: pandas converts each cell in Python and hands rows to the same C writer in chunks; here
each column is converted once, as pandas converts it (floats by numpy's text, nulls empty, other
values as they are), and the rows go to the writer in one call, a third less time.
"""

from __future__ import annotations

import csv
import io
from typing import Any, TextIO

import numpy as np
import pandas as pd

from geo.layers.frame import missing


def csv_cells(column: pd.Series) -> list[Any]:
    """The cells pandas' to_csv hands the csv writer for a column: float columns as numpy's text
    of each number, the others' values as they are; null cells empty (na_rep "")."""
    if column.dtype.kind == "f":
        numbers = column.to_numpy()
        cells = numbers.astype(str).astype(object)
        cells[np.isnan(numbers)] = ""
        return cells.tolist()
    values = column.to_numpy(dtype=object).tolist()
    kinds = set(map(type, values))
    if type(None) in kinds or type(pd.NA) in kinds or any(issubclass(kind, float) for kind in kinds):
        return ["" if missing(v) else v for v in values]
    return values


def write_table(table: pd.DataFrame, out: TextIO) -> None:
    """`table.to_csv(out, index=False, lineterminator="\\n")`'s text into `out` (opened with
    newline="")."""
    out.write(header_line(table))
    write_rows(table, out)


def write_rows(table: pd.DataFrame, out: TextIO) -> None:
    """`write_table`'s text after its header line: the rows' lines, each a function of its row
    alone, so the tables of consecutive chunks of rows write the whole table's lines."""
    csv.writer(out, lineterminator="\n").writerows(
        zip(*(csv_cells(table[c]) for c in table.columns), strict=True)
    )


def header_line(table: pd.DataFrame) -> str:
    """The first line `write_table` writes: the column names."""
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\n").writerow([str(c) for c in table.columns])
    return out.getvalue()


def row_lines(table: pd.DataFrame) -> list[str]:
    """Each row's line (lines, where a cell holds a line break) of `write_table`'s text, in order:
    the writer keeps no state between rows, so the lines joined after `header_line` are its text."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    lines: list[str] = []
    for row in zip(*(csv_cells(table[c]) for c in table.columns), strict=True):
        writer.writerow(row)
        lines.append(out.getvalue())
        out.seek(0)
        out.truncate()
    return lines
