"""Database errors are told apart by their codes: each real failure below is produced, then classified."""

from __future__ import annotations

import os
import re
import sqlite3
import stat
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import DBAPIError

from db import errors
from db.engine import SchemaTooNew, make_engine, migrate

HANGUL = re.compile(r"[\uac00-\ud7a3]")


def _fails(engine: sa.Engine, *statements: str) -> BaseException:
    with pytest.raises(DBAPIError) as info:
        with engine.connect() as conn:
            for statement in statements:
                conn.execute(sa.text(statement))
    return info.value


def test_sqlite_codes(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'a.sqlite'}")
    with engine.begin() as conn:
        conn.execute(sa.text("CREATE TABLE t (id INTEGER PRIMARY KEY, code TEXT UNIQUE)"))
        conn.execute(sa.text("INSERT INTO t (code) VALUES ('x')"))
    conflict = _fails(engine, "INSERT INTO t (code) VALUES ('x')")
    assert errors.classify(conflict) == errors.Classified(errors.CONFLICT, errors.MESSAGES[errors.CONFLICT])
    assert errors.is_unique_violation(conflict)
    # A bug (a column that does not exist) is not a network problem: no classification, the caller logs it.
    missing = _fails(engine, "SELECT nope FROM t")
    assert errors.classify(missing) is None
    engine.dispose()

    if os.geteuid() != 0:  # root may write read-only files; the code path is the same
        path = tmp_path / "a.sqlite"
        path.chmod(stat.S_IRUSR)
        ro = make_engine(f"sqlite:///{path}")
        found = errors.classify(_fails(ro, "INSERT INTO t (code) VALUES ('y')"))
        assert found is not None and found.kind in (errors.READ_ONLY, errors.UNREACHABLE)
        ro.dispose()

    not_a_db = tmp_path / "garbage.sqlite"
    not_a_db.write_bytes(b"this is not a database file at all" * 100)
    with pytest.raises(sqlite3.DatabaseError) as info:
        sqlite3.connect(not_a_db).execute("SELECT * FROM sqlite_master").fetchall()
    assert errors.classify(info.value).kind == errors.CORRUPT  # type: ignore[union-attr]


def test_sqlite_busy_is_busy(tmp_path: Path) -> None:
    path = tmp_path / "b.sqlite"
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("CREATE TABLE t (x)")
    holder.execute("BEGIN IMMEDIATE")
    waiter = sqlite3.connect(path, timeout=0.05, isolation_level=None)
    with pytest.raises(sqlite3.OperationalError) as info:
        waiter.execute("BEGIN IMMEDIATE")
    assert errors.classify(info.value).kind == errors.BUSY  # type: ignore[union-attr]
    holder.rollback()


@pytest.mark.pg
def test_postgresql_codes(pg_schema_url: str) -> None:
    engine = make_engine(pg_schema_url)
    with engine.begin() as conn:
        conn.execute(sa.text("CREATE TABLE t (id serial PRIMARY KEY, code text UNIQUE)"))
        conn.execute(sa.text("INSERT INTO t (code) VALUES ('x')"))
    assert errors.is_unique_violation(_fails(engine, "INSERT INTO t (code) VALUES ('x')"))
    assert errors.classify(_fails(engine, "SELECT nope FROM t")) is None
    timeout = _fails(engine, "SET statement_timeout = 50", "SELECT pg_sleep(1)")
    assert errors.classify(timeout).kind == errors.TIMEOUT  # type: ignore[union-attr]
    # A lock another counter holds: lock_timeout gives up instead of waiting with it.
    with engine.connect() as holder:
        holder.execute(sa.text("SELECT * FROM t WHERE code = 'x' FOR UPDATE"))
        lock = _fails(engine, "SET lock_timeout = 50", "SELECT * FROM t WHERE code = 'x' FOR UPDATE")
        holder.rollback()
    assert errors.classify(lock).kind == errors.BUSY  # type: ignore[union-attr]
    engine.dispose()


@pytest.mark.pg
def test_an_unreachable_server_is_unreachable() -> None:
    engine = make_engine("postgresql://nobody@127.0.0.1:1/none")
    with pytest.raises(DBAPIError) as info:
        engine.connect()
    assert errors.classify(info.value).kind == errors.UNREACHABLE  # type: ignore[union-attr]


@pytest.mark.pg
def test_postgresql_sessions_carry_the_limits(pg_schema_url: str) -> None:
    from db.engine import NetworkLimits

    engine = make_engine(pg_schema_url, limits=NetworkLimits(statement_s=7, lock_s=3, idle_in_transaction_s=9))
    with engine.connect() as conn:
        shown = [conn.execute(sa.text(f"SHOW {name}")).scalar() for name in (
            "statement_timeout", "lock_timeout", "idle_in_transaction_session_timeout", "search_path"
        )]
        keepalive = conn.connection.dbapi_connection.info.get_parameters()  # type: ignore[union-attr]
    assert shown[:3] == ["7s", "3s", "9s"]
    if "search_path" in pg_schema_url:  # the URL's own options still apply
        assert shown[3] in pg_schema_url
    assert keepalive.get("keepalives_idle") == "5" and keepalive.get("tcp_user_timeout") == "10000"
    engine.dispose()


def test_a_database_from_a_newer_release_is_refused(db_url: str) -> None:
    engine = make_engine(db_url)
    migrate(engine)
    with engine.begin() as conn:
        conn.execute(sa.text("INSERT INTO alembic_version (version_num) VALUES ('9999_from_the_future')"))
    with pytest.raises(SchemaTooNew, match="최신 버전"):
        migrate(engine)
    engine.dispose()


def test_bootstrap_turns_a_newer_schema_into_a_message(db_url: str, tmp_path: Path) -> None:
    from app.bootstrap import DatabaseUnavailable, build_context
    from app.settings import Settings

    engine = make_engine(db_url)
    migrate(engine)
    with engine.begin() as conn:
        conn.execute(sa.text("INSERT INTO alembic_version (version_num) VALUES ('9999_from_the_future')"))
    engine.dispose()
    settings = Settings(values={"key_file": str(tmp_path / "k" / "rrn.key")}, path=tmp_path / "s.json")
    with pytest.raises(DatabaseUnavailable, match="새 버전") as refused:
        build_context(settings, db_url=db_url)
    # the same refusal in the screen's language, the unknown revision kept
    from app.i18n import exception_text, translate

    message = refused.value.message
    english = translate(message, "en")
    assert "newer version" in english and "9999_from_the_future" in english
    assert not HANGUL.search(english)
    assert exception_text(refused.value, "ko") == str(refused.value)


def test_the_start_says_a_newer_schema_in_the_screens_language(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import main
    from app.i18n import set_language

    path = tmp_path / "newer.sqlite"
    engine = make_engine(f"sqlite:///{path}")
    migrate(engine)
    with engine.begin() as conn:
        conn.execute(sa.text("INSERT INTO alembic_version (version_num) VALUES ('9999_from_the_future')"))
    engine.dispose()
    monkeypatch.setenv("MINWON_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("MINWON_DATA_DIR", str(tmp_path / "data"))
    try:
        assert main.main(["--smoke", "--lang", "en", "--db", f"sqlite:///{path}"]) == 1
    finally:
        set_language("ko")
    said = capsys.readouterr().err
    assert "newer version" in said and "9999_from_the_future" in said
    assert not HANGUL.search(said), said
