"""CSV exports that Excel opens (UTF-8 with BOM), that cannot run a formula from a cell and that never hold a
resident number: every text cell is masked (``mask_text``, which normalises every spelling of a number)."""

from __future__ import annotations

import csv
from collections.abc import Collection, Iterable, Sequence
from pathlib import Path

from app.domain.identity import mask_text


def safe_cell(value: object) -> str:
    """Spreadsheets run a cell that starts with = + - @ as a formula; an exported cell must not."""
    text = "" if value is None else str(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return text
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def write_csv(
    path: Path, header: Sequence[str], rows: Iterable[Sequence[object]], *, verbatim: Collection[str] = ()
) -> int:
    """Write ``header`` and ``rows`` to ``path``; returns the number of data rows.

    Text cells are masked; ``verbatim`` names the columns (by header) that are written as they are: machine
    values such as a chain hash, whose hex digits could happen to look like a number and must stay exact.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    keep = {i for i, title in enumerate(header) if title in verbatim}
    count = 0
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        for row in rows:
            writer.writerow([safe_cell(c if i in keep else _masked(c)) for i, c in enumerate(row)])
            count += 1
    return count


def _masked(value: object) -> object:
    return mask_text(value) if isinstance(value, str) else value
