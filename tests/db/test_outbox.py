"""The SMS outbox: written with the record, delivered with retries, never lost, never sent twice."""
from __future__ import annotations

import csv
import json
import random
import threading
import uuid
from collections.abc import Sequence
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest
import sqlalchemy as sa

from app.services import outbox
from app.services.errors import ValidationError
from db.models import utcnow
from db.models_outbox import OutboxMessage


class FlakySender:
    """Delivers about half of the messages; remembers every delivery to find duplicates."""

    def __init__(self, seed: int = 7) -> None:
        self.rng = random.Random(seed)
        self.delivered: list[uuid.UUID] = []

    def send(self, batch_id: str, messages: Sequence[outbox.OutgoingMessage]) -> dict[uuid.UUID, str | None]:
        if self.rng.random() < 0.2:
            raise ConnectionError("bulk SMS gateway down")
        results: dict[uuid.UUID, str | None] = {}
        for m in messages:
            if self.rng.random() < 0.5:
                results[m.uuid] = "temporary failure"
            else:
                self.delivered.append(m.uuid)
                results[m.uuid] = None
        return results


def _enqueue(ctx, n: int, *, commit: bool = True) -> list[uuid.UUID]:  # type: ignore[no-untyped-def]
    ids = []
    with ctx.db.uow() as uow:
        for i in range(n):
            msg = outbox.enqueue_sms(
                uow, office_id=ctx.office.id, recipient=f"010-1234-{i:04d}", body=f"처리 결과 {i}",
                record_type="test", record_id=i,
            )
            ids.append(msg.uuid)
        if commit:
            uow.commit()
    return ids


def test_message_is_only_queued_if_the_transaction_commits(app_ctx) -> None:  # type: ignore[no-untyped-def]
    _enqueue(app_ctx, 3, commit=False)
    with app_ctx.db.uow() as uow:
        assert uow.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage)) == 0


def test_flaky_sender_loses_nothing_and_sends_nothing_twice(app_ctx) -> None:  # type: ignore[no-untyped-def]
    ids = _enqueue(app_ctx, 40)
    sender = FlakySender()
    now = utcnow()
    for _ in range(60):
        outbox.deliver_pending(app_ctx.db, sender, now=now, max_attempts=50)
        now += timedelta(hours=2)
    assert sorted(sender.delivered) == sorted(ids)
    with app_ctx.db.uow() as uow:
        states = uow.session.scalars(sa.select(OutboxMessage.state)).all()
    assert set(states) == {"sent"}


def test_gives_up_after_max_attempts_and_can_be_retried(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    clerk = make_actor("clerk")

    class Down:
        def send(self, batch_id, messages):  # type: ignore[no-untyped-def]
            return {m.uuid: "down" for m in messages}

    _enqueue(app_ctx, 1)
    now = utcnow()
    for _ in range(3):
        outbox.deliver_pending(app_ctx.db, Down(), now=now, max_attempts=3)
        now += timedelta(hours=2)
    views = outbox.list_messages(app_ctx.db.uow(), clerk)
    assert views[0].state == "failed" and views[0].attempts == 3 and views[0].recipient_masked == "010-****-0000"
    outbox.retry_failed(app_ctx.db.uow(), clerk, message_id=views[0].id)
    assert outbox.list_messages(app_ctx.db.uow(), clerk)[0].state == "pending"


def test_interrupted_batch_is_resent_with_the_same_id_and_spool_writes_it_once(app_ctx, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ids = _enqueue(app_ctx, 5)
    spool = outbox.SpoolSender(tmp_path / "spool")
    now = utcnow()
    batch_id, messages = outbox._claim(app_ctx.db, now=now, limit=100)
    spool.send(batch_id, messages)  # written, then the counter PC crashed before recording it
    _enqueue(app_ctx, 2)  # new messages must not join the interrupted batch
    result = outbox.deliver_pending(app_ctx.db, spool, now=now + outbox.STALE_CLAIM + timedelta(seconds=1))
    assert result["sent"] == 5
    outbox.deliver_pending(app_ctx.db, spool, now=now + outbox.STALE_CLAIM + timedelta(seconds=2))
    files = sorted((tmp_path / "spool").glob("*.csv"))
    assert len(files) == 2
    written = []
    for f in files:
        with f.open(encoding="utf-8-sig") as fh:
            written += [row["message_id"] for row in csv.DictReader(fh)]
    assert len(written) == 7 and len(set(written)) == 7
    assert {str(i) for i in ids} <= set(written)


def test_http_sender_posts_json_with_an_idempotency_key(app_ctx) -> None:  # type: ignore[no-untyped-def]
    received: list[tuple[str, dict]] = []
    calls = {"n": 0}

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802
            calls["n"] += 1
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            if calls["n"] % 2 == 0:
                self.send_response(503)
            else:
                received.append((self.headers["Idempotency-Key"], body))
                self.send_response(200)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        ids = _enqueue(app_ctx, 4)
        sender = outbox.HttpSender(f"http://127.0.0.1:{server.server_port}/sms")
        now = utcnow()
        for _ in range(10):
            outbox.deliver_pending(app_ctx.db, sender, now=now)
            now += timedelta(hours=2)
    finally:
        server.shutdown()
        server.server_close()
    keys = [k for k, _ in received]
    assert sorted(keys) == sorted(str(i) for i in ids)
    assert all(body["id"] == key and body["text"].startswith("처리 결과") for key, body in received)


@pytest.mark.parametrize("phone", ["", "02-123-4567", "010-12-345", "abc"])
def test_bad_phone_numbers_are_refused(app_ctx, phone: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError), app_ctx.db.uow() as uow:
        outbox.enqueue_sms(uow, office_id=app_ctx.office.id, recipient=phone, body="x", record_type="t", record_id=1)
