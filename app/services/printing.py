"""The one print path (출력): every printable thing is rendered here and its access-log entry written.

The entry is written in two steps: an *intent* (the document's own action, e.g. ``receipt.print``) committed
before the renderer runs, and ``print.done`` pointing back to it once the file exists. A crash, a full disk
or a cut link between the two leaves an intent without its completion, so the log never misses a document
that may have reached paper. The renderer runs outside any transaction (on SQLite a transaction holds the
write lock, and rendering a page takes tens of milliseconds).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from app.documents.receipts import render_receipt
from app.services import audit
from app.services.actor import Actor
from app.services.receipts import load_receipt, receipt_view
from app.services.roles import authorize
from app.views.receipts import ReceiptView
from db.models import utcnow
from db.uow import UnitOfWork

DONE_ACTION = "print.done"
# A receipt may still be printed this long after it was issued with the permission held at issue (the night
# window's last receipt at 19:59 prints at 20:00).
RECEIPT_PRINT_GRACE = timedelta(minutes=10)


@dataclass(frozen=True, slots=True)
class PrintJob:
    """What is printed, as the access log names it."""

    action: str
    record_type: str
    record_id: str
    detail: str = ""


def print_document(
    uow: UnitOfWork,
    actor: Actor,
    *,
    job: PrintJob,
    path: Path,
    render: Callable[[Path], object],
    at: datetime | None = None,
) -> Path:
    """Log the intent, render ``render(path)``, log the completion; returns the written file.

    The caller has authorised the print (each document has its own permission and moment).
    """
    with uow:
        entry = audit.record(
            uow,
            actor,
            job.action,
            record_type=job.record_type,
            record_id=job.record_id,
            detail=f"{job.detail} · {path.name}" if job.detail else path.name,
            at=at,
        )
        uow.flush()
        intent_id = entry.id
        uow.commit()
    render(path)
    with uow:
        audit.record(
            uow,
            actor,
            DONE_ACTION,
            record_type=job.record_type,
            record_id=job.record_id,
            detail=f"출력 #{intent_id} {job.action} 완료 · {path.name}",
        )
        uow.commit()
    return path


def print_receipt(
    uow: UnitOfWork,
    actor: Actor,
    *,
    path: Path,
    paper: str = "roll80",
    receipt: ReceiptView | None = None,
    receipt_id: int | None = None,
    permission: str = "receipt.issue",
    now: datetime | None = None,
) -> Path:
    """Print a receipt just issued (``receipt``) or again from the list (``receipt_id``: a reprint).

    Within ``RECEIPT_PRINT_GRACE`` of its issue a receipt prints with the permission held when it was issued.
    """
    moment = now or utcnow()
    if receipt is None:
        if receipt_id is None:
            raise TypeError("print_receipt needs receipt or receipt_id")
        authorize(actor, permission, now=moment)
        with uow:
            receipt = receipt_view(load_receipt(uow, actor, receipt_id=receipt_id), uow)
    just_issued = timedelta(0) <= moment - receipt.issued_at <= RECEIPT_PRINT_GRACE
    authorize(actor, permission, now=receipt.issued_at if just_issued else moment)
    shown = receipt
    return print_document(
        uow,
        actor,
        job=PrintJob("receipt.print", "receipt", receipt.number),
        path=path,
        render=lambda target: render_receipt(shown, target, paper=paper),
    )
