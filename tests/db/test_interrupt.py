"""A read the clerk cancels is stopped where it runs (``Database.interrupt``): on SQLite by ``interrupt()``, on
PostgreSQL by a cancel request; the unit of work rolls back and the next one works on the same pool."""

from __future__ import annotations

import threading
import time

from sqlalchemy import text

from db.uow import Database

# Runs for minutes if nobody stops it (SQLite: a recursive count; PostgreSQL: a sleep).
LONG = {
    "sqlite": "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 5000000000) "
    "SELECT count(*) FROM c",
    "postgresql": "SELECT pg_sleep(120)",
}


def _long_read(db: Database, outcome: dict[str, object], started: threading.Event) -> None:
    try:
        with db.uow() as uow:
            started.set()
            uow.session.execute(text(LONG[uow.dialect])).all()
        outcome["result"] = "finished"
    except Exception as exc:  # noqa: BLE001 - the test looks at what it was
        outcome["error"] = exc


def test_interrupt_stops_a_running_read_and_the_database_goes_on(app_ctx) -> None:  # type: ignore[no-untyped-def]
    db: Database = app_ctx.db
    assert db.interrupt() == 0  # nothing runs: nothing to ask
    outcome: dict[str, object] = {}
    started = threading.Event()
    worker = threading.Thread(target=_long_read, args=(db, outcome, started), daemon=True)
    worker.start()
    assert started.wait(10)
    time.sleep(0.5)  # the statement is on its way
    asked = db.interrupt()
    worker.join(30)
    assert not worker.is_alive(), "the read was not stopped"
    assert asked >= 1
    assert "result" not in outcome
    error = str(outcome["error"]).lower()
    assert "interrupt" in error or "cancel" in error
    with db.uow() as uow:  # the pool's connections still work
        assert uow.session.execute(text("SELECT 1")).scalar() == 1
    assert db.interrupt() == 0  # checked back in


def test_interrupt_leaves_a_finished_unit_of_work_alone(app_ctx) -> None:  # type: ignore[no-untyped-def]
    db: Database = app_ctx.db
    with db.uow() as uow:
        assert uow.session.execute(text("SELECT 2")).scalar() == 2
    assert db.interrupt() == 0
    with db.uow() as uow:
        assert uow.session.execute(text("SELECT 3")).scalar() == 3


def test_interrupt_with_no_running_statement_is_harmless(app_ctx) -> None:  # type: ignore[no-untyped-def]
    db: Database = app_ctx.db
    with db.uow() as uow:
        uow.session.execute(text("SELECT 1")).scalar()
        assert db.interrupt() == 1  # checked out, idle: asked, and the next statement still runs
        assert uow.session.execute(text("SELECT 4")).scalar() == 4
