"""CSV exports that Excel opens (UTF-8 with BOM) and that cannot run a formula from a cell."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from pathlib import Path


def safe_cell(value: object) -> str:
    """Spreadsheets run a cell that starts with = + - @ as a formula; an exported cell must not."""
    text = "" if value is None else str(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return text
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[object]]) -> int:
    """Write ``header`` and ``rows`` to ``path``; returns the number of data rows."""
    path.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        for row in rows:
            writer.writerow([safe_cell(c) for c in row])
            count += 1
    return count
