"""Test settings shared by every suite: offscreen Qt, every path in tmp_path, databases on both engines.

Database tests run on SQLite and on PostgreSQL. PostgreSQL is the server at ``MINWON_TEST_PG`` (default
``postgresql+psycopg://postgres@127.0.0.1:5432/test``); each test gets its own schema. Where no server
answers, those tests skip with a reason; with ``MINWON_REQUIRE_PG=1`` (set by .ci/run) they fail instead.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

PG_URL = os.environ.get("MINWON_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
_pg_state: dict[str, str | None] = {}


def pg_problem() -> str | None:
    """None when the PostgreSQL test server answers, else why not (checked once)."""
    if "problem" not in _pg_state:
        import sqlalchemy as sa

        try:
            engine = sa.create_engine(PG_URL, connect_args={"connect_timeout": 3})
            with engine.connect() as conn:
                conn.execute(sa.text("select 1"))
            engine.dispose()
            _pg_state["problem"] = None
        except Exception as exc:  # noqa: BLE001 - any failure means: no server here
            _pg_state["problem"] = f"PostgreSQL test server not reachable at {PG_URL}: {exc.__class__.__name__}"
    return _pg_state["problem"]


def require_pg() -> None:
    problem = pg_problem()
    if problem:
        if os.environ.get("MINWON_REQUIRE_PG") == "1":
            pytest.fail(problem + " (MINWON_REQUIRE_PG=1: PostgreSQL tests must run)")
        pytest.skip(problem)


@pytest.fixture(autouse=True)
def _isolated_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Settings, data and output of the app go to tmp_path, never to the user's folders."""
    monkeypatch.setenv("MINWON_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("MINWON_DATA_DIR", str(tmp_path / "data"))


@pytest.fixture
def pg_schema_url() -> Iterator[str]:
    """A PostgreSQL URL whose search_path is a fresh schema, dropped afterwards."""
    require_pg()
    import sqlalchemy as sa

    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(PG_URL)
    with admin.begin() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in PG_URL else "?"
    try:
        yield f"{PG_URL}{sep}options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'test.sqlite'}"
    return str(request.getfixturevalue("pg_schema_url"))


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'test.sqlite'}"


def _make_context(url: str, tmp_path: Path):  # type: ignore[no-untyped-def]
    from app.bootstrap import build_context
    from app.settings import Settings

    settings = Settings(
        values={"key_file": str(tmp_path / "keys" / "rrn.key"), "terminal_code": "창구-3"},
        path=tmp_path / "settings.json",
    )
    return build_context(settings, db_url=url)


@pytest.fixture
def app_ctx(db_url: str, tmp_path: Path):  # type: ignore[no-untyped-def]
    """An application context (migrated database, office, terminal) on SQLite and on PostgreSQL."""
    ctx = _make_context(db_url, tmp_path)
    yield ctx
    ctx.db.dispose()


@pytest.fixture
def sqlite_ctx(sqlite_url: str, tmp_path: Path):  # type: ignore[no-untyped-def]
    """The same on SQLite only (UI tests)."""
    ctx = _make_context(sqlite_url, tmp_path)
    yield ctx
    ctx.db.dispose()


@pytest.fixture
def make_actor(request: pytest.FixtureRequest) -> Callable[..., object]:
    """``make_actor(role, username=None, password='test-pass-1')`` creates a user and returns its Actor."""

    def factory(role: str, username: str | None = None, *, password: str = "test-pass-1", ctx=None):  # type: ignore[no-untyped-def]
        from app.services import auth
        from app.services.actor import Actor

        context = ctx or (
            request.getfixturevalue("app_ctx")
            if "app_ctx" in request.fixturenames
            else request.getfixturevalue("sqlite_ctx")
        )
        name = username or f"{role}{uuid.uuid4().hex[:6]}"
        with context.db.uow() as uow:
            user = auth._create(
                uow,
                office_id=context.office.id,
                username=name,
                display_name=f"{role} 담당",
                role=role,
                password=password,
            )
            uow.commit()
            return Actor(
                user.id,
                user.username,
                user.display_name,
                user.role,
                user.office_id,
                context.terminal.id,
                context.terminal.code,
            )

    return factory
