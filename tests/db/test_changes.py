"""A commit says what it changed: to this counter's listeners at once, to other counters through PostgreSQL."""

from __future__ import annotations

import threading
from datetime import datetime

import pytest

from app.domain.calendar import SEOUL
from app.services import receipts
from db.changes import ANY, RemoteChanges, parse_payload, topic_of, topics_of
from db.engine import make_engine
from db.uow import Database

LINE = receipts.LineInput("resident_copy", "주민등록표 등본", 1, 400)
MOMENT = datetime(2026, 12, 2, 10, 0, tzinfo=SEOUL)


def test_tables_name_their_topics() -> None:
    assert topic_of("receipts") == topic_of("receipt_lines") == "receipts"
    assert topic_of("petition_events") == "petitions" and topic_of("passport_applications") == "passports"
    assert topic_of("audit_log") is None  # every read writes the access log: no list follows it
    assert topics_of(["family_filings", "audit_log", "day_closes"]) == {"family", "dayclose"}
    assert parse_payload("petitions,receipts") == {"petitions", "receipts"} and parse_payload("") == set()


def test_a_commit_tells_its_topics_and_a_read_tells_nothing(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    clerk = make_actor("clerk")
    heard: list[frozenset[str]] = []
    app_ctx.db.change_listeners.append(heard.append)
    receipts.issue_receipt(app_ctx.db.uow(), clerk, lines=[LINE], payment_method="현금", now=MOMENT)
    assert len(heard) == 1 and "receipts" in heard[0] and ANY not in heard[0]

    receipts.list_receipts(app_ctx.db.uow(), clerk, day=MOMENT.date())  # a read, logged in the access log
    assert len(heard) == 1

    uow = app_ctx.db.uow()
    with uow:  # written and rolled back: nothing changed, nobody is told
        receipts.issue_receipt(uow, clerk, lines=[LINE], payment_method="현금", now=MOMENT)
        uow.rollback()
    assert len(heard) == 1 and uow.changed == frozenset()


@pytest.mark.allow_log("db.uow")
def test_a_failing_listener_never_undoes_the_commit(app_ctx, make_actor, caplog) -> None:  # type: ignore[no-untyped-def]
    clerk = make_actor("clerk")

    def broken(_topics: frozenset[str]) -> None:
        raise RuntimeError("screen gone")

    app_ctx.db.change_listeners.append(broken)
    view = receipts.issue_receipt(app_ctx.db.uow(), clerk, lines=[LINE], payment_method="현금", now=MOMENT)
    assert [r.id for r in receipts.list_receipts(app_ctx.db.uow(), clerk, day=MOMENT.date())] == [view.id]
    assert any("change listener failed" in r.getMessage() for r in caplog.records)


def test_other_counters_hear_commits_only_when_committed(pg_schema_url, make_actor, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from tests.conftest import _make_context

    ctx = _make_context(pg_schema_url, tmp_path)  # counter 1
    other = Database(make_engine(pg_schema_url))  # counter 2's own connections
    heard: list[frozenset[str]] = []
    got = threading.Event()

    def on_change(topics: frozenset[str]) -> None:
        heard.append(topics)
        got.set()

    clerk = make_actor("clerk", ctx=ctx)
    listener = RemoteChanges(other.engine, on_change, poll_s=0.2).start()
    try:
        assert listener.listening.wait(10)
        uow = ctx.db.uow()
        with uow:
            receipts.issue_receipt(uow, clerk, lines=[LINE], payment_method="현금", now=MOMENT)
            uow.rollback()
        assert not got.wait(1.0), heard  # a rolled-back transaction tells nobody
        receipts.issue_receipt(ctx.db.uow(), clerk, lines=[LINE], payment_method="현금", now=MOMENT)
        assert got.wait(10)
        assert "receipts" in heard[0]
    finally:
        listener.stop()
        other.dispose()
        ctx.db.dispose()
