"""Test settings shared by every suite: offscreen Qt, every path in tmp_path, databases on both engines.

Databases. Database tests run on SQLite and on PostgreSQL. PostgreSQL is the server at ``MINWON_TEST_PG``
(default ``postgresql+psycopg://postgres@127.0.0.1:5432/test``). Where no server answers, those tests
skip with a reason; with ``MINWON_REQUIRE_PG=1`` (set by .ci/run) they fail instead.
The migrations run once per test session and every test gets a clone of the result:

- SQLite: one template file is migrated per session; each test gets a copy at ``tmp_path/'test.sqlite'``.
- PostgreSQL: one database ``minwon_db_<time>_<pid>_<hex>`` is created and migrated per session; before
  each test that uses it every table is emptied (``TRUNCATE … RESTART IDENTITY CASCADE``), or, where the
  previous test changed the schema or the Alembic revision, the database is made again. It is a real
  database, so subprocesses can connect to the URL. (Measured: TRUNCATE of the 29 tables ~60 ms, where
  ``CREATE DATABASE … TEMPLATE`` + DROP costs 40–300 ms and a new schema + migrations ~330 ms.)

``build_context`` still runs ``alembic upgrade heads`` on the clone; on an up-to-date database that is a
no-op of about 12 ms. Tests of the migrations themselves take ``empty_db_url``: a truly empty database.

Passwords. Staff passwords are hashed with a cheap argon2 hasher in tests (the production parameters
cost ~50 ms or more per hash); a test marked ``@pytest.mark.production_hasher`` gets the real one.

Logs. A test fails when, during its call, a logger named ``app``, ``db``, ``ui``, ``main`` (or a child)
emits a record at WARNING or above, or any other logger (except known noisy third-party ones) emits
ERROR or above. A test that expects such records says so: ``@pytest.mark.allow_log("ui.tasks", …)``
allows those loggers and their children, ``@pytest.mark.allow_log`` without names allows every logger.
Records stay visible to ``caplog`` either way, so a test can assert on the message it expects.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import sqlite3
import time
import uuid
from collections.abc import Callable, Generator, Iterable, Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

PG_URL = os.environ.get("MINWON_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
_pg_state: dict[str, str | None] = {}

# Databases this suite creates on the PostgreSQL server start with this; ones left behind by a killed
# run (their name carries the creation time) are dropped by the next session after a while.
_PG_PREFIX = "minwon_"
_PG_STALE_AFTER_S = 6 * 3600
_PG_NAME = re.compile(rf"^{_PG_PREFIX}(?:db|e)_(\d{{10}})_\d+_[0-9a-f]{{8}}$")

# Loggers of our own code: WARNING and above fails a test. Elsewhere ERROR and above does, except here.
_OWN_LOGGERS = ("app", "db", "ui", "main")
_NOISY_LOGGERS = ("pypdf", "fontTools", "PIL")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "production_hasher: hash passwords with the production argon2 parameters (slow)")
    config.addinivalue_line(
        "markers",
        "allow_log(*loggers): the test expects WARNING/ERROR log records from these loggers "
        "(and their children); without names, from any logger",
    )


# --- PostgreSQL --------------------------------------------------------------------------------------


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


def pg_url_for(database: str) -> str:
    """``PG_URL`` pointing at another database on the same server."""
    from sqlalchemy.engine import make_url

    return make_url(PG_URL).set(database=database).render_as_string(hide_password=False)


def _new_pg_name(kind: str) -> str:
    # Creation time first (for the clean-up of stale ones), then something unique.
    return f"{_PG_PREFIX}{kind}_{int(time.time())}_{os.getpid()}_{uuid.uuid4().hex[:8]}"


def _drop_stale_pg_databases(admin) -> None:  # type: ignore[no-untyped-def]
    import sqlalchemy as sa

    with admin.connect() as conn:
        names = conn.execute(
            sa.text("SELECT datname FROM pg_database WHERE datname LIKE :p"), {"p": f"{_PG_PREFIX}%"}
        ).scalars()
        for name in list(names):
            ours = _PG_NAME.match(name)
            if ours and time.time() - int(ours.group(1)) > _PG_STALE_AFTER_S:
                conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture(scope="session")
def _pg_admin() -> Iterator[object]:
    """An AUTOCOMMIT engine on the ``test`` database, for CREATE/DROP DATABASE."""
    require_pg()
    import sqlalchemy as sa
    from sqlalchemy.pool import NullPool

    admin = sa.create_engine(PG_URL, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    _drop_stale_pg_databases(admin)
    yield admin
    admin.dispose()


def _create_pg_database(admin, name: str) -> None:  # type: ignore[no-untyped-def]
    import sqlalchemy as sa

    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))


def _drop_pg_database(admin, name: str) -> None:  # type: ignore[no-untyped-def]
    import sqlalchemy as sa

    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


# Everything a test could change in the database besides rows: relations, columns, indexes, constraints,
# triggers, functions, schemas, database settings and the Alembic revision, each with its definition (a
# test may replace a unique index by a plain one of the same name). Where this differs from the freshly
# migrated state, TRUNCATE is not enough and the database is made again.
_PG_USER_NAMESPACE = (
    "n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast') AND n.nspname NOT LIKE 'pg%temp%'"
)
_PG_FINGERPRINT = f"""
SELECT md5(coalesce(string_agg(item, ',' ORDER BY item), '')) FROM (
    SELECT 'rel ' || n.nspname || '.' || c.relname || ' ' || c.relkind::text || ' '
        || CASE WHEN c.relkind IN ('v', 'm') THEN pg_get_viewdef(c.oid) ELSE '' END
        || CASE WHEN c.relkind = 'i' THEN pg_get_indexdef(c.oid) ELSE '' END AS item
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE {_PG_USER_NAMESPACE}
    UNION ALL
    SELECT 'col ' || n.nspname || '.' || c.relname || '.' || a.attname || ' '
        || format_type(a.atttypid, a.atttypmod) || ' ' || a.attnotnull::text || ' '
        || coalesce(pg_get_expr(d.adbin, d.adrelid), '')
    FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
    LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
    WHERE {_PG_USER_NAMESPACE} AND a.attnum > 0 AND NOT a.attisdropped
    UNION ALL
    SELECT 'con ' || n.nspname || '.' || c.conname || ' ' || pg_get_constraintdef(c.oid)
    FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace WHERE {_PG_USER_NAMESPACE}
    UNION ALL
    SELECT 'trg ' || pg_get_triggerdef(t.oid) || ' ' || t.tgenabled::text
    FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE {_PG_USER_NAMESPACE} AND NOT t.tgisinternal
    UNION ALL
    SELECT 'fn ' || p.oid::regprocedure::text || ' ' || md5(coalesce(p.prosrc, ''))
    FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE {_PG_USER_NAMESPACE}
    UNION ALL
    SELECT 'ns ' || n.nspname FROM pg_namespace n WHERE n.nspname NOT LIKE 'pg%temp%'
    UNION ALL
    SELECT 'set ' || array_to_string(s.setconfig, ' ') FROM pg_db_role_setting s
    JOIN pg_database db ON db.oid = s.setdatabase WHERE db.datname = current_database()
    UNION ALL
    SELECT 'rev ' || version_num FROM alembic_version
) AS items
"""


class _PgTestDatabase:
    """The session's migrated PostgreSQL database; before each test its rows are removed.

    Between tests: TRUNCATE every table (RESTART IDENTITY CASCADE), unless the test changed more than
    rows (a table of its own, an Alembic revision "from the future", …): then the database is dropped
    and migrated again, which is rare.
    """

    def __init__(self, admin) -> None:  # type: ignore[no-untyped-def]
        self.admin = admin
        self.name = ""
        self.url = ""
        self.engine = None
        self.tables: list[str] = []
        self.fingerprint = ""
        self.dirty = False
        self.rebuilds = 0

    def create(self) -> None:
        import sqlalchemy as sa
        from sqlalchemy.pool import NullPool

        from db.engine import make_engine, migrate

        self.engine = None
        self.dirty = True  # until the database is made and migrated
        self.name = _new_pg_name("db")
        self.url = pg_url_for(self.name)
        _create_pg_database(self.admin, self.name)
        engine = make_engine(self.url)
        try:
            migrate(engine)
        finally:
            engine.dispose()
        self.engine = sa.create_engine(self.url, poolclass=NullPool)  # no connection of ours stays open
        with self.engine.connect() as conn:
            self.tables = list(
                conn.execute(
                    sa.text(
                        "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() "
                        "AND tablename <> 'alembic_version' ORDER BY tablename"
                    )
                ).scalars()
            )
            self.fingerprint = str(conn.execute(sa.text(_PG_FINGERPRINT)).scalar_one())
        self.dirty = False

    def drop(self) -> None:
        if self.engine is not None:
            self.engine.dispose()
        if self.name:
            _drop_pg_database(self.admin, self.name)
        self.name = ""

    def _end_other_connections(self) -> None:
        import sqlalchemy as sa

        with self.admin.connect() as conn:
            conn.execute(
                sa.text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = :name AND pid <> pg_backend_pid()"
                ),
                {"name": self.name},
            )

    def reset(self) -> None:
        """Back to the freshly migrated state, with no rows and every id sequence at its start.

        TRUNCATE fires no row-level triggers, so the append-only guard of audit_log (BEFORE UPDATE OR
        DELETE … FOR EACH ROW) does not stand in the way. A connection a test left inside a transaction
        would block it: after a short wait the other connections to the database are ended.
        """
        import sqlalchemy as sa
        from sqlalchemy.exc import OperationalError

        if not self.dirty:
            return
        fingerprint = None
        if self.engine is not None:  # None: the last attempt to make the database failed
            with self.engine.connect() as conn:
                fingerprint = str(conn.execute(sa.text(_PG_FINGERPRINT)).scalar_one())
        if fingerprint != self.fingerprint:
            self.rebuilds += 1
            self.drop()
            self.create()
            return
        statement = sa.text("TRUNCATE " + ", ".join(f'"{t}"' for t in self.tables) + " RESTART IDENTITY CASCADE")
        for attempt in range(2):
            try:
                with self.engine.begin() as conn:  # type: ignore[union-attr]
                    conn.execute(sa.text("SET LOCAL lock_timeout = '3s'"))
                    conn.execute(statement)
                break
            except OperationalError:
                if attempt:
                    raise
                self._end_other_connections()
        self.dirty = False


@pytest.fixture(scope="session")
def _pg_test_database(_pg_admin) -> Iterator[_PgTestDatabase]:  # type: ignore[no-untyped-def]
    """One database per session, migrated to head once (again only after a test changed its schema)."""
    database = _PgTestDatabase(_pg_admin)
    try:
        database.create()
        yield database
    finally:
        database.drop()


@pytest.fixture
def pg_schema_url(_pg_test_database: _PgTestDatabase) -> str:
    """The URL of a migrated PostgreSQL database with no rows, that other processes can connect to.

    (The name is historical: each test used to get a schema of its own, migrated from scratch.)
    """
    _pg_test_database.reset()
    _pg_test_database.dirty = True
    return _pg_test_database.url


# --- SQLite ------------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def _sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file migrated to head once per session, complete in its main file (WAL checkpointed)."""
    from db.engine import make_engine, migrate

    path = tmp_path_factory.mktemp("sqlite-template") / "template.sqlite"
    engine = make_engine(f"sqlite:///{path}")
    try:
        migrate(engine)
    finally:
        engine.dispose()
    # Fold the write-ahead log into the file, so a copy of the file alone is the whole database.
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
    wal = path.with_name(path.name + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0, "template WAL not checkpointed"
    return path


@pytest.fixture
def sqlite_url(tmp_path: Path, _sqlite_template: Path) -> str:
    """A migrated SQLite database of this test alone, at ``tmp_path/'test.sqlite'``."""
    target = tmp_path / "test.sqlite"
    shutil.copy(_sqlite_template, target)
    return f"sqlite:///{target}"


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest) -> str:
    """A migrated database of this test alone, on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        return str(request.getfixturevalue("sqlite_url"))
    return str(request.getfixturevalue("pg_schema_url"))


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A truly empty database (no tables, no alembic_version), for tests of the migrations themselves."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'empty.sqlite'}"
        return
    admin = request.getfixturevalue("_pg_admin")
    name = _new_pg_name("e")
    _create_pg_database(admin, name)
    try:
        yield pg_url_for(name)
    finally:
        _drop_pg_database(admin, name)


# --- Application context -----------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _isolated_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Settings, data and output of the app go to tmp_path, never to the user's folders."""
    monkeypatch.setenv("MINWON_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("MINWON_DATA_DIR", str(tmp_path / "data"))


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


# --- Passwords ---------------------------------------------------------------------------------------


def cheap_password_hasher():  # type: ignore[no-untyped-def]
    """argon2id at the library's minimum cost (memory_cost must be at least 8 × parallelism KiB)."""
    from argon2 import PasswordHasher

    return PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)


@pytest.fixture(autouse=True)
def _cheap_password_hasher(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests create many staff users; production argon2 parameters would cost ~50+ ms each."""
    if request.node.get_closest_marker("production_hasher"):
        return
    try:
        from app.services import auth
    except ImportError:
        return  # a test that needs auth fails on the same import by itself; the others need no hasher
    monkeypatch.setattr(auth, "_hasher", cheap_password_hasher())


# --- Logs --------------------------------------------------------------------------------------------


class _RecordingHandler(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def _is_within(name: str, loggers: Iterable[str]) -> bool:
    return any(name == logger or name.startswith(logger + ".") for logger in loggers)


def unexpected_log_records(
    records: Iterable[logging.LogRecord], allowed: Iterable[str] | None = ()
) -> list[logging.LogRecord]:
    """The records that fail a test; ``allowed=None`` allows every logger."""
    if allowed is None:
        return []
    allowed = tuple(allowed)
    unexpected = []
    for record in records:
        if _is_within(record.name, allowed):
            continue
        if _is_within(record.name, _OWN_LOGGERS):
            if record.levelno >= logging.WARNING:
                unexpected.append(record)
        elif record.levelno >= logging.ERROR and not _is_within(record.name, _NOISY_LOGGERS):
            unexpected.append(record)
    return unexpected


def _allowed_loggers(item: pytest.Item) -> tuple[str, ...] | None:
    allowed: list[str] = []
    for marker in item.iter_markers("allow_log"):
        if not marker.args:
            return None
        allowed.extend(str(name) for name in marker.args)
    return tuple(allowed)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Generator[None, object, object]:
    """Fail the test (in its call phase, not as a teardown error) on an unexpected WARNING/ERROR record."""
    handler = _RecordingHandler()
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        result = yield
    finally:
        root.removeHandler(handler)
    unexpected = unexpected_log_records(handler.records, _allowed_loggers(item))
    if unexpected:
        lines = "\n".join(f"  {r.levelname} {r.name}: {r.getMessage()}" for r in unexpected)
        pytest.fail(
            "unexpected log records (mark the test @pytest.mark.allow_log(<logger>) if they are expected):\n" + lines,
            pytrace=False,
        )
    return result
