"""The one print path (출력): every printable thing is rendered here and its access-log entry written.

The entry is written in two steps: an *intent* (the document's own action, e.g. ``receipt.print``) committed
before the renderer runs, and ``print.done`` pointing back to it once the file exists. A crash, a full disk
or a cut link between the two leaves an intent without its completion, so the log never misses a document
that may have reached paper. The renderer runs outside any transaction (on SQLite a transaction holds the
write lock, and rendering a page takes tens of milliseconds).

``print_document`` does the three steps in one call. A screen that keeps the database worker free splits them:
``begin_print`` (database) → ``PendingPrint.render()`` (the UI's ``io`` lane) → ``finish_print`` (database);
``prepare_receipt_print`` is the receipt's ``begin_print``.

A receipt counts its prints on its own row, under the row lock, in the intent's transaction: every print after
the first is marked 재발행 (n회), also when two counters reprint it at the same moment.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select

from app.services import audit
from app.services.actor import Actor
from app.services.errors import NotFound, ValidationError
from app.services.receipts import load_receipt, receipt_view
from app.services.roles import authorize
from app.views.receipts import ReceiptView
from db.models import Receipt, utcnow
from db.uow import UnitOfWork

DONE_ACTION = "print.done"
# A receipt may still be printed this long after it was issued with the permission held at issue (the night
# window's last receipt at 19:59 prints at 20:00).
RECEIPT_PRINT_GRACE = timedelta(minutes=10)
# the languages a receipt is printed in (app.documents.receipts.LANGUAGES; the documents are imported late)
RECEIPT_LANGUAGES = ("ko", "en")


@dataclass(frozen=True, slots=True)
class PrintJob:
    """What is printed, as the access log names it."""

    action: str
    record_type: str
    record_id: str
    detail: str = ""


@dataclass(frozen=True, slots=True)
class PendingPrint:
    """A print whose intent is logged: ``render()`` writes the file (no database), ``finish_print`` logs it done."""

    job: PrintJob
    intent_id: int
    path: Path
    renderer: Callable[[Path], object]
    # What was printed, for the screen (the receipt as printed, with its reprint count), or None.
    shown: ReceiptView | None = None

    def render(self) -> Path:
        self.renderer(self.path)
        return self.path


def begin_print(
    uow: UnitOfWork,
    actor: Actor,
    *,
    job: PrintJob,
    path: Path,
    render: Callable[[Path], object],
    at: datetime | None = None,
    claim: Callable[[UnitOfWork], str] | None = None,
) -> PendingPrint:
    """Log the intent (committed before anything is rendered). ``claim(uow)`` runs first in the same transaction
    (a receipt's print counter) and returns a note for the log entry."""
    with uow:
        extra = claim(uow) if claim is not None else ""
        detail = " · ".join(part for part in (job.detail, extra, path.name) if part)
        entry = audit.record(
            uow,
            actor,
            job.action,
            record_type=job.record_type,
            record_id=job.record_id,
            detail=detail,
            at=at,
        )
        uow.flush()
        intent_id = entry.id
        uow.commit()
    return PendingPrint(job, intent_id, path, render)


def finish_print(uow: UnitOfWork, actor: Actor, pending: PendingPrint) -> Path:
    """Log that the file of ``pending`` exists (``print.done`` pointing to its intent)."""
    with uow:
        audit.record(
            uow,
            actor,
            DONE_ACTION,
            record_type=pending.job.record_type,
            record_id=pending.job.record_id,
            detail=f"출력 #{pending.intent_id} {pending.job.action} 완료 · {pending.path.name}",
        )
        uow.commit()
    return pending.path


def print_document(
    uow: UnitOfWork,
    actor: Actor,
    *,
    job: PrintJob,
    path: Path,
    render: Callable[[Path], object],
    at: datetime | None = None,
    claim: Callable[[UnitOfWork], str] | None = None,
) -> Path:
    """Log the intent, render ``render(path)``, log the completion; returns the written file.

    The caller has authorised the print (each document has its own permission and moment).
    """
    pending = begin_print(uow, actor, job=job, path=path, render=render, at=at, claim=claim)
    pending.render()
    return finish_print(uow, actor, pending)


def prepare_receipt_print(
    uow: UnitOfWork,
    actor: Actor,
    *,
    path: Path,
    paper: str = "roll80",
    receipt: ReceiptView | None = None,
    receipt_id: int | None = None,
    permission: str = "receipt.issue",
    language: str = "ko",
    now: datetime | None = None,
) -> PendingPrint:
    """The intent of printing a receipt just issued (``receipt``) or again from the list (``receipt_id``).

    Within ``RECEIPT_PRINT_GRACE`` of its issue a receipt prints with the permission held when it was issued.
    The receipt is printed as it is now (a receipt voided since shows as 취소 영수증) with the count of its
    earlier prints, which this print raises by one: the view handed in is printed where the locked row still
    has its status and void reason, else the receipt is read again. ``language``: the receipt's own language,
    Korean unless the payer asks for English (a foreign resident); never the screen's.
    """
    if language not in RECEIPT_LANGUAGES:
        raise ValidationError("영수증 언어는 한국어(ko) 또는 영어(en)여야 합니다: {language}", language=language)
    moment = now or utcnow()
    if receipt is None:
        if receipt_id is None:
            raise TypeError("prepare_receipt_print needs receipt or receipt_id")
        authorize(actor, permission, now=moment)
        with uow:
            receipt = receipt_view(load_receipt(uow, actor, receipt_id=receipt_id), uow)
    just_issued = timedelta(0) <= moment - receipt.issued_at <= RECEIPT_PRINT_GRACE
    authorize(actor, permission, now=receipt.issued_at if just_issued else moment)
    target_id = receipt.id
    given = receipt
    printed: list[ReceiptView] = []

    def claim(inner: UnitOfWork) -> str:
        # The row alone, locked: where it is as the view says (not voided or corrected since), the view the
        # caller holds is the receipt with its print count as it is now; else the whole receipt is read again.
        # (A receipt just issued: one statement instead of seven on the counter's routine print, issue 17.)
        locked = _lock_receipt(inner, actor, target_id)
        if locked.status == given.status and (locked.void_reason or "") == given.void_reason:
            printed.append(replace(given, print_count=locked.print_count or 0))
        else:
            printed.append(receipt_view(load_receipt(inner, actor, receipt_id=target_id, for_update=True), inner))
        locked.print_count = (locked.print_count or 0) + 1
        inner.flush()
        earlier = printed[0].print_count
        return f"재발행 {earlier}회" if earlier else ""

    pending = begin_print(
        uow,
        actor,
        job=PrintJob("receipt.print", "receipt", receipt.number),
        path=path,
        render=lambda target: _receipt_documents().render_receipt(printed[0], target, paper=paper, lang=language),
        claim=claim,
    )
    return PendingPrint(pending.job, pending.intent_id, pending.path, pending.renderer, printed[0])


def _lock_receipt(uow: UnitOfWork, actor: Actor, receipt_id: int) -> Receipt:
    """The receipt's row of this office, locked until the transaction ends (NotFound otherwise)."""
    locked = uow.session.scalars(
        select(Receipt)
        .where(Receipt.id == receipt_id, Receipt.office_id == actor.office_id)
        .with_for_update(of=Receipt)
    ).first()
    if locked is None:
        raise NotFound("영수증을 찾을 수 없습니다: {receipt}", receipt=receipt_id)
    return locked


def print_receipt(
    uow: UnitOfWork,
    actor: Actor,
    *,
    path: Path,
    paper: str = "roll80",
    receipt: ReceiptView | None = None,
    receipt_id: int | None = None,
    permission: str = "receipt.issue",
    language: str = "ko",
    now: datetime | None = None,
) -> Path:
    """Print a receipt just issued (``receipt``) or again from the list (``receipt_id``: a reprint)."""
    pending = prepare_receipt_print(
        uow,
        actor,
        path=path,
        paper=paper,
        receipt=receipt,
        receipt_id=receipt_id,
        permission=permission,
        language=language,
        now=now,
    )
    pending.render()
    return finish_print(uow, actor, pending)


def _receipt_documents() -> Any:
    # reportlab is imported when the first receipt is drawn, not when the program starts (issue 17: start-up)
    from app.documents import receipts as documents

    return documents
