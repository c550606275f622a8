"""Actions the print race tests run in two processes at once (importable by name in a spawned process)."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any


def reprint(database: Any, actor: Any, *, receipt_id: int) -> int:
    """Reprint the receipt; returns the reprint number the printed copy carries (0: the first print)."""
    from app.services import printing

    with tempfile.TemporaryDirectory() as folder:
        pending = printing.prepare_receipt_print(
            database.uow(), actor, receipt_id=receipt_id, path=Path(folder) / "r.pdf"
        )
        pending.render()
        printing.finish_print(database.uow(), actor, pending)
    assert pending.shown is not None
    return pending.shown.reprint
