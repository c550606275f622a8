"""The access log is a hash chain: an entry changed, removed or slipped in directly in the database is found.

The tests tamper as the owner of the SQLite file or as the PostgreSQL superuser would (triggers bypassed),
then ``verify`` must name the first broken link; the retention cut keeps the rest verifiable.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from app.domain.calendar import SEOUL
from app.services import audit, audit_chain
from app.services.errors import ValidationError
from db import auditchain
from db.models import AuditEntry
from db.models_security import AuditChainHead
from tests.db.races import race


class _Raw:
    """Statements run around the guards: the file's owner on SQLite, the superuser on PostgreSQL."""

    def __init__(self, run) -> None:  # type: ignore[no-untyped-def]
        self._run = run

    def execute(self, statement: str, params: dict | None = None) -> None:  # type: ignore[type-arg]
        self._run(statement, params or {})


@contextmanager
def _raw(app_ctx) -> Iterator[_Raw]:  # type: ignore[no-untyped-def]
    url = app_ctx.db.engine.url
    if url.get_backend_name() == "sqlite":
        conn = sqlite3.connect(url.database, isolation_level=None)
        conn.execute("BEGIN IMMEDIATE")
        for name in ("audit_log_no_update", "audit_log_no_delete", "audit_chain_forward"):
            conn.execute(f"DROP TRIGGER IF EXISTS {name}")  # this test's own copy of the database

        def run(statement: str, params: dict) -> None:  # type: ignore[type-arg]
            conn.execute(statement, {k: str(v) if isinstance(v, datetime) else v for k, v in params.items()})

        yield _Raw(run)
        conn.execute("COMMIT")
        conn.close()
        return
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    with engine.connect() as sa_conn:
        sa_conn.execute(sa.text("SET session_replication_role = replica"))  # skips the triggers (superuser only)
        yield _Raw(lambda statement, params: sa_conn.execute(sa.text(statement), params))
        sa_conn.commit()
    engine.dispose()


def _write(app_ctx, actor, n: int) -> None:  # type: ignore[no-untyped-def]
    for i in range(n):
        with app_ctx.db.uow() as uow:
            audit.record(uow, actor, "applicant.read", record_type="applicant", record_id=str(i), detail=f"조회 {i}")
            uow.commit()


def _verify(app_ctx):  # type: ignore[no-untyped-def]
    return audit_chain.verify_log(app_ctx.db.uow(), None)


def _seqs(app_ctx) -> list[int]:  # type: ignore[no-untyped-def]
    with app_ctx.db.uow() as uow:
        return list(uow.session.scalars(sa.select(AuditEntry.seq).order_by(AuditEntry.id)))


def test_entries_form_one_chain_that_verifies(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    clerk = make_actor("clerk")
    _write(app_ctx, clerk, 5)
    assert _seqs(app_ctx) == [1, 2, 3, 4, 5]
    report = _verify(app_ctx)
    assert report.ok and report.checked == 5, report
    with app_ctx.db.uow() as uow:
        head = uow.session.get(AuditChainHead, 1)
        last = uow.session.scalars(sa.select(AuditEntry).order_by(AuditEntry.seq.desc())).first()
        assert head is not None and last is not None and (head.seq, head.hash) == (5, last.chain_hash)


def test_a_verification_by_a_reviewer_is_logged_and_a_clerk_may_not(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    from app.services.errors import PermissionDenied

    boss = make_actor("supervisor")
    with pytest.raises(PermissionDenied):
        audit_chain.verify_log(app_ctx.db.uow(), make_actor("clerk"))
    report = audit_chain.verify_log(app_ctx.db.uow(), boss)
    assert report.ok
    with app_ctx.db.uow() as uow:
        assert uow.session.scalars(sa.select(AuditEntry.action).where(AuditEntry.seq.is_not(None))).all()[-1] == (
            "audit.verify"
        )
    assert _verify(app_ctx).ok


def test_an_altered_entry_is_found(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    _write(app_ctx, make_actor("clerk"), 6)
    with _raw(app_ctx) as conn:
        conn.execute("UPDATE audit_log SET detail = '조회 안 함' WHERE seq = 3")
    report = _verify(app_ctx)
    assert not report.ok and report.first_broken_seq == 3
    assert "3번" in report.problem and "바뀌었" in report.problem


def test_a_back_dated_entry_is_found(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    _write(app_ctx, make_actor("clerk"), 4)
    with _raw(app_ctx) as conn:
        conn.execute(
            "UPDATE audit_log SET at = :at WHERE seq = 2",
            {
                "at": datetime(2020, 1, 1, tzinfo=UTC).replace(tzinfo=None)
                if app_ctx.info.kind == "sqlite"
                else datetime(2020, 1, 1, tzinfo=UTC)
            },
        )
    report = _verify(app_ctx)
    assert not report.ok and report.first_broken_seq == 2


def test_a_removed_entry_is_found(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    _write(app_ctx, make_actor("clerk"), 6)
    with _raw(app_ctx) as conn:
        conn.execute("DELETE FROM audit_log WHERE seq = 4")
    report = _verify(app_ctx)
    assert not report.ok and report.first_broken_seq == 4 and "없습니다" in report.problem


def test_the_last_entry_removed_is_found(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    _write(app_ctx, make_actor("clerk"), 3)
    with _raw(app_ctx) as conn:
        conn.execute("DELETE FROM audit_log WHERE seq = 3")
    report = _verify(app_ctx)
    assert not report.ok and report.first_broken_seq == 3 and "마지막" in report.problem


@pytest.mark.parametrize("how", ["no_chain", "made_up_hash", "squeezed_in"])
def test_an_inserted_entry_is_found(app_ctx, make_actor, how: str) -> None:  # type: ignore[no-untyped-def]
    _write(app_ctx, make_actor("clerk"), 4)
    at = datetime.now(UTC)
    values = {
        "at": at.replace(tzinfo=None) if app_ctx.info.kind == "sqlite" else at,
        "seq": {"no_chain": None, "made_up_hash": 5, "squeezed_in": 5}[how],
        "hash": "ab" * 32,
    }
    with _raw(app_ctx) as conn:
        if how == "squeezed_in":
            # Make room by moving the last one up: the forger re-numbers to slip an entry in between.
            conn.execute("UPDATE audit_log SET seq = 6 WHERE seq = 4")
            values["seq"] = 4
        conn.execute(
            "INSERT INTO audit_log (at, username, terminal, action, record_type, record_id, detail, reason, "
            "seq, chain_hash) VALUES (:at, 'ghost', 'x', 'signin', '', '', '', '', :seq, :hash)",
            values,
        )
    report = _verify(app_ctx)
    assert not report.ok, report
    if how == "no_chain":
        assert "연결값이 없습니다" in report.problem
    else:
        assert report.first_broken_seq in (4, 5)


def test_two_counters_writing_at_once_keep_one_chain(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    one, two = make_actor("clerk"), make_actor("clerk")
    rounds = race(
        app_ctx,
        [one, two],
        "tests.db.race_actions_audit:write_entries",
        lambda i: [{"count": 3, "tag": f"a{i}"}, {"count": 3, "tag": f"b{i}"}],
        rounds=10,
    )
    assert all(outcome == ("ok", 3) for round_ in rounds for outcome in round_), rounds
    seqs = _seqs(app_ctx)
    assert sorted(seqs) == list(range(1, 61))
    report = _verify(app_ctx)
    assert report.ok and report.checked == 60, report
    with app_ctx.db.uow() as uow:
        # one unit of work's entries stay together in the chain: the lock is held from the first to the last
        tags = [r.split("-")[0] for r in uow.session.scalars(sa.select(AuditEntry.record_id).order_by(AuditEntry.seq))]
    assert all(len(set(tags[i : i + 3])) == 1 for i in range(0, 60, 3)), tags


def _day_after(when: datetime) -> date:
    """The first Seoul day after entries written at ``when`` and the few minutes after it (the cut counts Seoul
    days: after 15:00 UTC the Seoul date is already the next one)."""
    return (when + timedelta(minutes=10)).astimezone(SEOUL).date() + timedelta(days=1)


def _write_old(app_ctx, actor, when: datetime, n: int, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Entries of long ago: on PostgreSQL the server sets the time, so the superuser bypasses its trigger."""
    monkeypatch.setattr(auditchain, "server_now", lambda _session: when)
    for i in range(n):
        with app_ctx.db.uow() as uow:
            if app_ctx.info.kind == "postgresql":
                uow.session.execute(sa.text("SET LOCAL session_replication_role = replica"))
            audit.record(uow, actor, "applicant.read", record_id=f"old{i}", at=when + timedelta(minutes=i))
            uow.commit()
    monkeypatch.undo()


def test_entries_past_retention_are_exported_cut_and_the_chain_still_verifies(
    app_ctx, make_actor, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    admin, clerk = make_actor("admin"), make_actor("clerk")
    old = datetime.now(UTC) - timedelta(days=365 * 3)
    _write_old(app_ctx, clerk, old, 4, monkeypatch)
    _write(app_ctx, clerk, 2)
    today = date.today()
    with pytest.raises(ValidationError, match="2년 이상 보관"):
        audit_chain.purge_before(app_ctx.db.uow(), admin, before=today, path=tmp_path / "x.csv")
    cut_day = _day_after(old)
    result = audit_chain.purge_before(app_ctx.db.uow(), admin, before=cut_day, path=tmp_path / "old.csv")
    assert result.removed == 4 and result.cut_seq == 4
    text = (tmp_path / "old.csv").read_text(encoding="utf-8-sig")
    assert text.count("old") == 4
    assert _seqs(app_ctx) == [5, 6, 7]  # the two kept and the purge's own entry
    report = _verify(app_ctx)
    assert report.ok and report.checked == 3, report
    with app_ctx.db.uow() as uow:
        purge = uow.session.scalars(sa.select(AuditEntry).where(AuditEntry.action == "audit.purge")).one()
        assert purge.username == admin.username and "4건" in purge.detail
    # What is left cannot be cut or deleted: it is younger than two years.
    with pytest.raises(sa.exc.DatabaseError), app_ctx.db.engine.begin() as conn:
        conn.execute(sa.text("DELETE FROM audit_log WHERE seq = 5"))
    with pytest.raises(sa.exc.DatabaseError), app_ctx.db.engine.begin() as conn:
        conn.execute(sa.text("UPDATE audit_chain SET cut_seq = 6"))
    with pytest.raises(sa.exc.DatabaseError), app_ctx.db.engine.begin() as conn:
        conn.execute(sa.text("UPDATE audit_chain SET cut_seq = 0"))


def test_an_entry_put_back_below_the_cut_is_found(app_ctx, make_actor, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    admin, clerk = make_actor("admin"), make_actor("clerk")
    old = datetime.now(UTC) - timedelta(days=365 * 3)
    _write_old(app_ctx, clerk, old, 2, monkeypatch)
    audit_chain.purge_before(app_ctx.db.uow(), admin, before=_day_after(old), path=tmp_path / "o.csv")
    assert _verify(app_ctx).ok
    at = old.replace(tzinfo=None) if app_ctx.info.kind == "sqlite" else old
    with _raw(app_ctx) as conn:
        conn.execute(
            "INSERT INTO audit_log (at, username, terminal, action, record_type, record_id, detail, reason, "
            "seq, chain_hash) VALUES (:at, 'ghost', 'x', 'signin', '', '', '', '', 1, :h)",
            {"at": at, "h": "cd" * 32},
        )
    report = _verify(app_ctx)
    assert not report.ok and report.first_broken_seq == 1


def test_entries_from_before_the_chain_are_chained_by_the_migration(empty_db_url: str) -> None:
    from alembic import command

    from db.engine import alembic_config, make_engine, migrate

    engine = make_engine(empty_db_url)
    try:
        command.upgrade(alembic_config(engine), "0001_core")
        with engine.begin() as conn:
            for i in range(3):
                conn.execute(
                    sa.text(
                        "INSERT INTO audit_log (at, username, terminal, action, record_type, record_id, detail, "
                        "reason) VALUES (:at, 'kim', 't', 'signin', '', :rid, '옛 기록', '')"
                    ),
                    {"at": datetime(2025, 3, 1, 9, i, tzinfo=UTC), "rid": str(i)},
                )
        migrate(engine)
        with engine.connect() as conn:
            session = sa.orm.Session(bind=conn)
            report = auditchain.verify(session)
            seqs = list(session.scalars(sa.select(AuditEntry.seq).order_by(AuditEntry.id)))
            session.close()
        assert report.ok and report.checked == 3, report
        assert seqs == [1, 2, 3]
    finally:
        engine.dispose()
