"""Result messages (처리결과 문자알림): an outbox written with the status change, delivered with retries.

Delivery is at-least-once towards the sender and exactly-once towards the person: every message carries
its ``uuid`` as an idempotency key, a batch keeps its id when it is retried, the spool sender never
rewrites a batch file that already exists, and the HTTP sender sends the key in a header.
"""

from __future__ import annotations

import csv
import json
import os
import re
import urllib.error
import urllib.request
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Protocol

from sqlalchemy import select

from app.domain.identity import mask_text
from app.domain.messages import Text
from app.i18n import N_
from app.services.actor import Actor
from app.services.errors import ValidationError
from app.services.roles import authorize
from db.models import utcnow
from db.models_outbox import OutboxMessage
from db.uow import Database, UnitOfWork

MAX_ATTEMPTS = 8
STALE_CLAIM = timedelta(minutes=10)
STATE_LABELS = {"pending": N_("대기"), "sending": N_("전송 중"), "sent": N_("전송 완료"), "failed": N_("전송 실패")}
_PHONE = re.compile(r"^01[016789]-?\d{3,4}-?\d{4}$")
SMS_MAX_CHARS = 1000  # an LMS; the bulk system splits or refuses longer texts
NO_RESULT = N_("결과 없음")  # a delivery error stored in last_error (a catalog text: the table translates it)
CONNECT_FAILED = "연결 실패: "  # how a stored "연결 실패: <reason>" starts (shown again as a Text, below)


@dataclass(frozen=True, slots=True)
class OutgoingMessage:
    uuid: uuid.UUID
    recipient: str
    body: str


@dataclass(frozen=True, slots=True)
class MessageView:
    id: int
    uuid: uuid.UUID
    recipient_masked: str
    body: str
    record_type: str
    record_id: str
    state: str
    state_label: str
    attempts: int
    last_error: str  # a catalog text or a Text where the program wrote it (the table shows it translated)
    created_at: datetime
    sent_at: datetime | None


class Sender(Protocol):
    def send(self, batch_id: str, messages: Sequence[OutgoingMessage]) -> dict[uuid.UUID, str | None]:
        """Deliver a batch; for each message None (delivered) or an error text (try again later)."""
        ...


def normalise_phone(phone: str) -> str:
    digits = re.sub(r"[\s\-]", "", phone or "")
    if not _PHONE.match(digits):
        raise ValidationError("휴대전화 번호가 올바르지 않습니다 (예: 010-1234-5678).")
    return f"{digits[:3]}-{digits[3:-4]}-{digits[-4:]}"


def mask_phone(phone: str) -> str:
    parts = phone.split("-")
    if len(parts) == 3:
        return f"{parts[0]}-{'*' * len(parts[1])}-{parts[2]}"
    return "***"


def enqueue_sms(
    uow: UnitOfWork, *, office_id: int, recipient: str, body: str, record_type: str, record_id: object
) -> OutboxMessage:
    """Add a message to the OPEN unit of work; it is sent only if that transaction commits."""
    body = (body or "").strip()
    if not body:
        raise ValidationError("문자 내용이 비어 있습니다.")
    if len(body) > SMS_MAX_CHARS:
        raise ValidationError("문자 내용이 너무 깁니다 ({most}자 이내).", most=SMS_MAX_CHARS)
    message = OutboxMessage(
        uuid=uuid.uuid4(),
        office_id=office_id,
        recipient=normalise_phone(recipient),
        body=body,
        record_type=record_type,
        record_id=str(record_id),
    )
    uow.session.add(message)
    return message


def _backoff(attempts: int) -> timedelta:
    return timedelta(seconds=min(3600, 30 * 2 ** max(0, attempts - 1)))


def _claim(db: Database, *, now: datetime, limit: int) -> tuple[str, list[OutgoingMessage]]:
    """Mark due messages as being sent under one batch id (a stale claim is taken over with its batch id)."""
    with db.uow() as uow:
        query = (
            select(OutboxMessage)
            .where(
                ((OutboxMessage.state == "pending") & (OutboxMessage.next_attempt_at <= now))
                | ((OutboxMessage.state == "sending") & (OutboxMessage.claimed_at <= now - STALE_CLAIM))
            )
            .order_by(OutboxMessage.id)
            .limit(limit)
        )
        if uow.dialect == "postgresql":
            query = query.with_for_update(skip_locked=True)
        rows = uow.session.scalars(query).all()
        stale = [row for row in rows if row.state == "sending"]
        if stale:
            # Re-send an interrupted batch exactly as it was (same id, same members), nothing added.
            batch_id = stale[0].batch_id
            rows = [row for row in stale if row.batch_id == batch_id]
        else:
            batch_id = f"{now:%Y%m%d%H%M%S}-{uuid.uuid4().hex[:8]}"
        for row in rows:
            row.state = "sending"
            row.batch_id = batch_id
            row.claimed_at = now
            row.attempts += 1
        messages = [OutgoingMessage(row.uuid, row.recipient, row.body) for row in rows]
        uow.commit()
    return batch_id, messages


def deliver_pending(
    db: Database, sender: Sender, *, now: datetime | None = None, limit: int = 200, max_attempts: int = MAX_ATTEMPTS
) -> dict[str, int]:
    """One delivery round: claim, send, record. Returns counts of sent, retry and failed."""
    now = now or utcnow()
    batch_id, messages = _claim(db, now=now, limit=limit)
    counts = {"sent": 0, "retry": 0, "failed": 0}
    if not messages:
        return counts
    try:
        results: dict[uuid.UUID, str | None] = sender.send(batch_id, messages)
    except Exception as exc:  # noqa: BLE001 - a failing sender means: try the whole batch again later
        results = {m.uuid: f"{exc.__class__.__name__}: {exc}" for m in messages}
    with db.uow() as uow:
        rows = uow.session.scalars(
            select(OutboxMessage).where(OutboxMessage.uuid.in_([m.uuid for m in messages]))
        ).all()
        for row in rows:
            error = results.get(row.uuid, NO_RESULT)
            if error is None:
                row.state = "sent"
                row.sent_at = now
                row.last_error = ""
                counts["sent"] += 1
            elif row.attempts >= max_attempts:
                row.state = "failed"
                row.last_error = error[:500]
                counts["failed"] += 1
            else:
                row.state = "pending"
                row.batch_id = ""
                row.last_error = error[:500]
                row.next_attempt_at = now + _backoff(row.attempts)
                counts["retry"] += 1
        uow.commit()
    return counts


def retry_failed(uow: UnitOfWork, actor: Actor, *, message_id: int) -> None:
    """Put a message that gave up back in the queue (after the clerk fixed the number, say)."""
    authorize(actor, "sms.view")
    with uow:
        row = uow.session.get(OutboxMessage, message_id)
        if row is None or row.office_id != actor.office_id:
            raise ValidationError("문자를 찾을 수 없습니다.")
        if row.state != "failed":
            raise ValidationError("전송 실패한 문자만 다시 보낼 수 있습니다.")
        row.state = "pending"
        row.attempts = 0
        row.next_attempt_at = utcnow()
        uow.commit()


def list_messages(
    uow: UnitOfWork, actor: Actor, *, record_type: str | None = None, record_id: object | None = None, limit: int = 500
) -> list[MessageView]:
    authorize(actor, "sms.view")
    with uow:
        query = select(OutboxMessage).where(OutboxMessage.office_id == actor.office_id)
        if record_type:
            query = query.where(OutboxMessage.record_type == record_type)
        if record_id is not None:
            query = query.where(OutboxMessage.record_id == str(record_id))
        rows = uow.session.scalars(query.order_by(OutboxMessage.id.desc()).limit(limit)).all()
        views = [
            MessageView(
                r.id,
                r.uuid,
                mask_phone(r.recipient),
                r.body,
                r.record_type,
                r.record_id,
                r.state,
                STATE_LABELS.get(r.state, r.state),
                r.attempts,
                _error_text(r.last_error),
                r.created_at,
                r.sent_at,
            )
            for r in rows
        ]
        # Message bodies name people: the read is logged (접속기록), with what was listed.
        from app.services import audit

        audit.record(
            uow,
            actor,
            "sms.list",
            record_type=record_type or "outbox",
            record_id="" if record_id is None else record_id,
            detail=f"{len(views)}건, 수신자 {len({r.recipient for r in rows})}명",
        )
        uow.commit()
        return views


def _error_text(stored: str) -> str:
    """A stored delivery error as the screen shows it: "연결 실패: <reason>" becomes a ``Text`` again."""
    if stored.startswith(CONNECT_FAILED):
        return Text("연결 실패: {reason}", reason=stored.removeprefix(CONNECT_FAILED))
    return stored


class SpoolSender:
    """Writes each batch as a CSV in a spool folder for the office's bulk-SMS system to import."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def send(self, batch_id: str, messages: Sequence[OutgoingMessage]) -> dict[uuid.UUID, str | None]:
        self.folder.mkdir(parents=True, exist_ok=True)
        target = self.folder / f"sms-{batch_id}.csv"
        if not target.exists():  # a retried batch was already written: never write it twice
            tmp = target.with_suffix(".tmp")
            with tmp.open("w", encoding="utf-8-sig", newline="") as fh:
                writer = csv.writer(fh)
                writer.writerow(["message_id", "recipient", "body"])
                for m in messages:
                    writer.writerow([str(m.uuid), m.recipient, mask_text(m.body)])
                fh.flush()
                os.fsync(fh.fileno())
            tmp.replace(target)
        return {m.uuid: None for m in messages}


class HttpSender:
    """Posts each message as JSON to a configured URL with its id as the Idempotency-Key header."""

    def __init__(self, url: str, *, timeout: float = 10.0) -> None:
        if not url.startswith(("http://", "https://")):
            raise ValidationError("문자 발송 서버 주소는 http:// 또는 https:// 로 시작해야 합니다.")
        self.url = url
        self.timeout = timeout

    def send(self, batch_id: str, messages: Sequence[OutgoingMessage]) -> dict[uuid.UUID, str | None]:
        results: dict[uuid.UUID, str | None] = {}
        for m in messages:
            payload = json.dumps(
                {"id": str(m.uuid), "batch": batch_id, "to": m.recipient, "text": mask_text(m.body)}, ensure_ascii=False
            ).encode("utf-8")
            request = urllib.request.Request(
                self.url,
                data=payload,
                method="POST",
                headers={"Content-Type": "application/json; charset=utf-8", "Idempotency-Key": str(m.uuid)},
            )
            try:
                with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                    results[m.uuid] = None if 200 <= response.status < 300 else f"HTTP {response.status}"
            except urllib.error.HTTPError as exc:
                results[m.uuid] = f"HTTP {exc.code}"
            except (urllib.error.URLError, TimeoutError, OSError) as exc:
                results[m.uuid] = Text("연결 실패: {reason}", reason=str(exc))
        return results


class NowhereSender:
    """The sender of a demo database: every message is marked done and goes nowhere (no spool file, no
    request), so sample data never reaches the office's bulk-SMS system."""

    def send(self, batch_id: str, messages: Sequence[OutgoingMessage]) -> dict[uuid.UUID, str | None]:
        return {m.uuid: None for m in messages}


def sender_from_settings(settings: object, *, demo: bool = False) -> Sender:
    """The sender the settings name: ``spool`` (default) or ``http``; on a demo database, none at all."""
    if demo:
        return NowhereSender()
    kind = settings.get("sms_sender")  # type: ignore[attr-defined]
    if kind == "http":
        return HttpSender(settings.get("sms_http_url"))  # type: ignore[attr-defined]
    folder = settings.get("sms_spool_dir")  # type: ignore[attr-defined]
    from app.settings import data_dir

    return SpoolSender(Path(folder) if folder else data_dir() / "sms-spool")
