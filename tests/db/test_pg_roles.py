"""Least privilege on PostgreSQL: the owner role migrates, the counters' role cannot erase or rewrite the log.

The roles are made with ``docs/postgres-roles.sql`` (names made unique per test: roles are server-wide) in a
database of this test; ``run_migrate`` is what ``python main.py --migrate`` runs.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from app.bootstrap import DatabaseUnavailable, build_context, run_migrate
from app.i18n import translate
from app.services import audit_chain, receipts
from app.settings import Settings
from tests.conftest import _create_pg_database, _drop_pg_database, _new_pg_name, pg_url_for

ROLES_SQL = Path(__file__).resolve().parents[2] / "docs" / "postgres-roles.sql"


class Server:
    def __init__(self, name: str, owner: str, counter: str) -> None:
        self.name, self.owner, self.counter = name, owner, counter
        self.superuser_url = pg_url_for(name)

    def url_as(self, role: str) -> str:
        return make_url(self.superuser_url).set(username=role, password=None).render_as_string(hide_password=False)


@pytest.fixture
def server(_pg_admin) -> Iterator[Server]:  # type: ignore[no-untyped-def]
    tag = uuid.uuid4().hex[:8]
    name = _new_pg_name("roles")
    found = Server(name, f"minwon_owner_{tag}", f"minwon_counter_{tag}")
    _create_pg_database(_pg_admin, name)
    sql = (
        ROLES_SQL.read_text(encoding="utf-8")
        .replace("minwon_owner", found.owner)
        .replace("minwon_counter", found.counter)
    )
    engine = sa.create_engine(found.superuser_url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql(sql)
        yield found
    finally:
        engine.dispose()
        _drop_pg_database(_pg_admin, name)
        with _pg_admin.connect() as conn:
            for role in (found.counter, found.owner):
                conn.execute(sa.text(f'DROP ROLE IF EXISTS "{role}"'))


def _settings(tmp_path: Path, who: str) -> Settings:
    return Settings(
        values={"key_file": str(tmp_path / who / "rrn.key"), "terminal_code": who}, path=tmp_path / f"{who}.json"
    )


def test_a_counter_does_not_migrate_and_says_who_must(server: Server, tmp_path: Path) -> None:
    with pytest.raises(DatabaseUnavailable, match="--migrate") as refused:
        build_context(_settings(tmp_path, "counter"), db_url=server.url_as(server.counter))
    english = translate(refused.value.message, "en")
    assert "--migrate" in english and "administrator" in english, english
    with sa.create_engine(server.superuser_url, poolclass=NullPool).connect() as conn:
        assert conn.execute(sa.text("SELECT to_regclass('audit_log')")).scalar() is None


def test_the_counter_role_writes_receipts_but_cannot_erase_alter_or_back_date_the_log(
    server: Server, tmp_path: Path, make_actor
) -> None:  # type: ignore[no-untyped-def]
    summary = run_migrate(server.url_as(server.owner), _settings(tmp_path, "admin"), counter_role=server.counter)
    assert server.counter in summary
    (tmp_path / "counter").mkdir()
    (tmp_path / "counter" / "rrn.key").write_bytes((tmp_path / "admin" / "rrn.key").read_bytes())
    (tmp_path / "counter" / "rrn.key").chmod(0o600)
    ctx = build_context(_settings(tmp_path, "counter"), db_url=server.url_as(server.counter))
    try:
        clerk = make_actor("clerk", ctx=ctx)
        view = receipts.issue_receipt(
            ctx.db.uow(),
            clerk,
            lines=[receipts.LineInput("resident_copy", "주민등록표 등본", 1, 400)],
            payment_method="현금",
        )
        assert view.number
        assert audit_chain.verify_log(ctx.db.uow(), None).ok
        refused = {
            "delete": "DELETE FROM audit_log",
            "update": "UPDATE audit_log SET detail = 'x'",
            "truncate": "TRUNCATE audit_log",
            "disable trigger": "ALTER TABLE audit_log DISABLE TRIGGER ALL",
            "drop trigger": "DROP TRIGGER audit_log_server_time ON audit_log",
            "replace function": "CREATE OR REPLACE FUNCTION audit_log_server_time() RETURNS trigger AS "
            "$$ BEGIN RETURN NEW; END; $$ LANGUAGE plpgsql",
            "replica": "SET session_replication_role = replica",
            "create table": "CREATE TABLE audit_copy (id int)",
            "schema version": "UPDATE alembic_version SET version_num = 'x'",
            "delete chain head": "DELETE FROM audit_chain",
        }
        counter = sa.create_engine(server.url_as(server.counter), poolclass=NullPool)
        for what, statement in refused.items():
            with pytest.raises(sa.exc.DatabaseError), counter.begin() as conn:
                conn.execute(sa.text(statement))
                pytest.fail(f"the counter role could {what}")
        long_ago = datetime.now(UTC) - timedelta(days=800)
        with counter.begin() as conn:
            at = conn.execute(
                sa.text(
                    "INSERT INTO audit_log (at, username, terminal, action, record_type, record_id, detail, reason) "
                    "VALUES (:at, 'forger', 'x', 'signin', '', '', '', '') RETURNING at"
                ),
                {"at": long_ago},
            ).scalar_one()
            server_now = conn.execute(sa.text("SELECT now()")).scalar_one()
        assert at == server_now  # the server set the time, not the client
        counter.dispose()
        report = audit_chain.verify_log(ctx.db.uow(), None)
        assert not report.ok and "연결값이 없습니다" in report.problem  # and the forged row is found
    finally:
        ctx.db.dispose()
