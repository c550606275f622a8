"""A counter whose link is cut in the middle of a save neither freezes nor delays the others, and its retry
writes exactly once (PostgreSQL, through a TCP proxy that first resets and then silently drops)."""

from __future__ import annotations

import threading
import time
import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from app.services import receipts
from db import errors
from db.engine import NetworkLimits, make_engine
from db.models import Receipt
from db.pii import PiiCipher, load_or_create_key
from db.uow import Database
from tests.db.tcp_proxy import TcpProxy

pytestmark = [pytest.mark.pg, pytest.mark.slow]
LINE = receipts.LineInput("resident_copy", "주민등록표 등본", 1, 400)
LIMITS = NetworkLimits(statement_s=5, lock_s=5, idle_in_transaction_s=3, reply_grace_s=3)


@pytest.mark.allow_log("db.watchdog")  # the watchdog says when it closes a dead link
def test_a_cut_counter_fails_fast_and_the_others_go_on(pg_schema_url: str, tmp_path: Path, make_actor) -> None:  # type: ignore[no-untyped-def]
    from tests.conftest import _make_context

    ctx = _make_context(pg_schema_url, tmp_path)
    try:
        _scenario(ctx, make_actor, tmp_path)
    finally:
        ctx.db.dispose()


def _scenario(ctx, make_actor, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    clerk_a, clerk_b = make_actor("clerk", ctx=ctx), make_actor("clerk", ctx=ctx)
    url = make_url(ctx.db.engine.url.render_as_string(hide_password=False))
    proxy = TcpProxy(url.host or "127.0.0.1", url.port or 5432)
    cipher = PiiCipher(load_or_create_key(ctx.settings.key_file))
    proxied = url.set(port=proxy.port).render_as_string(hide_password=False)
    cut = Database(make_engine(proxied, limits=LIMITS), pii=cipher)
    direct = Database(make_engine(url.render_as_string(hide_password=False), limits=LIMITS), pii=cipher)
    try:
        receipts.issue_receipt(cut.uow(), clerk_a, lines=[LINE], payment_method="현금")
        # 1. The link is reset: the next save finds the dead connection, reconnects, and goes through.
        proxy.reset()
        receipts.issue_receipt(cut.uow(), clerk_a, lines=[LINE], payment_method="현금")

        # 2. The link goes silent while counter A is inside its save, holding the receipt-number lock.
        key = uuid.uuid4()
        inside, outcome = threading.Event(), {}

        def save_on_a() -> None:
            started = time.monotonic()
            try:
                with cut.uow() as uow:
                    receipts.write_receipt(uow, clerk_a, lines=[LINE], payment_method="현금", client_uuid=key)
                    uow.flush()
                    inside.set()
                    time.sleep(0.2)  # the cable is pulled now
                    uow.commit()
                outcome["result"] = "committed"
            except Exception as exc:  # noqa: BLE001 - what the clerk would be shown
                outcome["result"] = exc
            outcome["seconds"] = time.monotonic() - started

        worker = threading.Thread(target=save_on_a)
        worker.start()
        assert inside.wait(10)
        proxy.mode = "drop"

        started = time.monotonic()
        other = receipts.issue_receipt(direct.uow(), clerk_b, lines=[LINE], payment_method="현금")
        other_seconds = time.monotonic() - started
        worker.join(30)
        assert not worker.is_alive(), "the cut counter is frozen"
        found = errors.classify(outcome["result"]) if isinstance(outcome["result"], BaseException) else None
        assert found is not None and found.kind == errors.UNREACHABLE, outcome
        assert outcome["seconds"] < 15, outcome
        assert other_seconds < 5, f"another counter waited {other_seconds:.1f} s"

        # 3. The link returns; the clerk saves again (same client id): written exactly once.
        proxy.mode = "forward"
        retried = receipts.issue_receipt(cut.uow(), clerk_a, lines=[LINE], payment_method="현금", client_uuid=key)
        again = receipts.issue_receipt(cut.uow(), clerk_a, lines=[LINE], payment_method="현금", client_uuid=key)
        assert retried.number == again.number != other.number
        with direct.uow() as uow:
            assert uow.session.scalar(sa.select(sa.func.count()).where(Receipt.uuid == key)) == 1
            numbers = sorted(uow.session.scalars(sa.select(Receipt.number)).all())
        assert [int(n.split("-")[1]) for n in numbers] == list(range(1, len(numbers) + 1)), "a number was lost"
        print(f"cut counter's message after {outcome['seconds']:.1f} s; other's receipt in {other_seconds:.2f} s")
    finally:
        proxy.close()
        cut.dispose()
        direct.dispose()
