"""Create engines for SQLite (local) and PostgreSQL (network), and bring the schema to the head revision."""

from __future__ import annotations

import os
import re
import sqlite3
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url

from app.domain.messages import N_, Text
from db.watchdog import WATCHDOG, socket_of

if TYPE_CHECKING:
    from alembic.config import Config

# The Alembic environment, as package data of ``db`` (found in a checkout, a wheel and a frozen build).
MIGRATIONS = Path(str(files("db") / "migrations"))
SQLITE_BUSY_TIMEOUT_S = 30


@dataclass(frozen=True, slots=True)
class DatabaseInfo:
    """What the status bar shows: 로컬 (SQLite file) or 네트워크 (server host)."""

    kind: str  # "sqlite" or "postgresql"
    label: str  # 로컬 / 네트워크
    where: str  # file path or host:port/db


def normalise_url(url: str) -> str:
    """Accept a bare file path or ``postgresql://`` and return a SQLAlchemy URL with our drivers."""
    if "://" not in url:
        return f"sqlite:///{Path(url).expanduser().resolve()}"
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


def database_info(url: str) -> DatabaseInfo:
    parsed = make_url(normalise_url(url))
    if parsed.get_backend_name() == "sqlite":
        return DatabaseInfo("sqlite", "로컬", parsed.database or ":memory:")
    host = f"{parsed.host or 'localhost'}:{parsed.port or 5432}/{parsed.database or ''}"
    return DatabaseInfo(parsed.get_backend_name(), "네트워크", host)


@dataclass(frozen=True, slots=True)
class NetworkLimits:
    """How long a counter waits on the shared server before it gives up with a message (PostgreSQL only).

    A counter whose cable is pulled mid-save must not hold the receipt-number lock for minutes: the server
    ends its idle transaction, TCP keepalives and the user timeout notice the dead link, and no statement or
    lock wait runs longer than the clerk can wait.
    """

    connect_s: int = 5
    statement_s: int = 10
    lock_s: int = 5
    # Short: a counter whose link died inside a transaction holds the shared number lock until this ends.
    idle_in_transaction_s: int = 3
    keepalive_idle_s: int = 5
    keepalive_interval_s: int = 2
    keepalive_count: int = 3
    tcp_user_timeout_s: int = 10
    # How much longer than the statement timeout the client waits for a reply before it closes the link.
    reply_grace_s: int = 3


def make_engine(url: str, *, limits: NetworkLimits | None = None, **kwargs: Any) -> Engine:
    """An engine set up the house way: SQLite in WAL with foreign keys and BEGIN IMMEDIATE; PostgreSQL with
    statement, lock and idle-in-transaction timeouts and TCP keepalives (``limits``)."""
    url = normalise_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            prepare_sqlite_file(Path(parsed.database))
        engine = create_engine(
            url,
            connect_args={"timeout": SQLITE_BUSY_TIMEOUT_S, "check_same_thread": False},
            **kwargs,
        )
        _configure_sqlite(engine)
        return engine
    limits = limits or NetworkLimits()
    kwargs.setdefault("pool_pre_ping", True)
    connect_args = {
        "connect_timeout": limits.connect_s,
        "keepalives": 1,
        "keepalives_idle": limits.keepalive_idle_s,
        "keepalives_interval": limits.keepalive_interval_s,
        "keepalives_count": limits.keepalive_count,
        "tcp_user_timeout": limits.tcp_user_timeout_s * 1000,
    }
    connect_args.update(kwargs.pop("connect_args", {}))
    engine = create_engine(url, connect_args=connect_args, **kwargs)
    _configure_postgresql(engine, limits)
    return engine


def prepare_sqlite_file(path: Path) -> None:
    """The database file (resident numbers, encrypted, and names in clear) readable by its owner only.

    A folder made here is owner-only (0700); a new database file is created 0600 before SQLite opens it, and
    SQLite gives its -wal and -shm files the mode of the database file. An existing file (or its -wal/-shm)
    that others can read is narrowed to 0600: it is this program's database. Nothing on Windows, whose
    user-data folder is private already.
    """
    if os.name != "posix":
        path.parent.mkdir(parents=True, exist_ok=True)
        return
    folder = path.parent
    if not folder.exists():
        folder.mkdir(parents=True, mode=0o700)
        os.chmod(folder, 0o700)  # the umask may have narrowed less than asked
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        pass
    for name in (path.name, path.name + "-wal", path.name + "-shm", path.name + "-journal"):
        target = folder / name
        if target.exists() and stat.S_IMODE(target.stat().st_mode) & 0o077:
            os.chmod(target, 0o600)


# ``Connection.info`` flag: this connection runs maintenance (a migration over ten years, ANALYZE) whose
# statements may take minutes; the client's watchdog leaves them alone (``unbounded``).
UNBOUNDED = "minwon_unbounded"


@contextmanager
def unbounded(conn: Any) -> Iterator[None]:
    """Run maintenance on ``conn`` without the counter's time limits: no ``statement_timeout`` and no client
    watchdog (which would cut the link after ``statement_s + reply_grace_s`` even when the server was told to
    wait). Afterwards the connection is invalidated, so no pooled connection keeps the limits lifted: the next
    one is opened with them (``_on_connect``). On SQLite there are no limits and nothing is done."""
    if conn.dialect.name != "postgresql":
        yield
        return
    conn.info[UNBOUNDED] = True
    try:
        conn.exec_driver_sql("SET statement_timeout = 0")
        yield
    finally:
        conn.info.pop(UNBOUNDED, None)
        conn.invalidate()


def _configure_postgresql(engine: Engine, limits: NetworkLimits) -> None:
    # A reply that never comes over a link that still looks alive: the client gives up by itself.
    deadline = limits.statement_s + limits.reply_grace_s

    @event.listens_for(engine, "before_cursor_execute")
    def _arm(conn: Any, cursor: Any, statement: str, parameters: Any, context: Any, executemany: bool) -> None:
        if conn.info.get(UNBOUNDED):
            return
        fd = socket_of(conn.connection.dbapi_connection)
        if fd is not None:
            conn.info["watchdog"] = WATCHDOG.arm(fd, deadline)

    @event.listens_for(engine, "after_cursor_execute")
    def _disarm(conn: Any, cursor: Any, statement: str, parameters: Any, context: Any, executemany: bool) -> None:
        token = conn.info.pop("watchdog", None)
        if token is not None:
            WATCHDOG.disarm(token)

    @event.listens_for(engine, "handle_error")
    def _disarm_on_error(context: Any) -> None:
        conn = context.connection
        token = conn.info.pop("watchdog", None) if conn is not None else None
        if token is not None:
            WATCHDOG.disarm(token)

    dialect = engine.dialect
    for name in ("do_commit", "do_rollback"):
        original = getattr(dialect, name)

        def guarded(dbapi_connection: Any, _original: Any = original) -> None:
            fd = socket_of(dbapi_connection)
            token = WATCHDOG.arm(fd, deadline) if fd is not None else None
            try:
                _original(dbapi_connection)
            finally:
                if token is not None:
                    WATCHDOG.disarm(token)

        setattr(dialect, name, guarded)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Set per session (not in the URL's options, which a site may use for its own search_path).
        autocommit = dbapi_connection.autocommit
        dbapi_connection.autocommit = True
        with dbapi_connection.cursor() as cursor:
            cursor.execute(f"SET statement_timeout = {int(limits.statement_s * 1000)}")
            cursor.execute(f"SET lock_timeout = {int(limits.lock_s * 1000)}")
            cursor.execute(f"SET idle_in_transaction_session_timeout = {int(limits.idle_in_transaction_s * 1000)}")
            # psycopg prepares a statement after five runs; the server may then keep one generic plan for every
            # value, which for a skewed filter (a surname's first syllable, an open status) reads a whole index
            # (5 ms became 180 ms in the F7 search, issue 17). Plan each statement for its own values.
            cursor.execute("SET plan_cache_mode = force_custom_plan")
        dbapi_connection.autocommit = autocommit


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event emit BEGIN itself (the pysqlite driver's own is deferred).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_S * 1000}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        # IMMEDIATE takes the write lock at once: a deferred transaction that reads and then writes
        # fails with SQLITE_BUSY when another counter wrote in between, instead of waiting its turn.
        conn.exec_driver_sql("BEGIN IMMEDIATE")


def alembic_config(engine: Engine) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["engine"] = engine
    return cfg


class SchemaTooNew(RuntimeError):
    """The database was migrated by a newer release of the program; this one must not write to it.

    ``message`` is a domain ``Text`` (Korean as ``str(exc)``, its template translated on screen)."""

    def __init__(self, unknown: set[str]) -> None:
        self.unknown = tuple(sorted(unknown))
        self.message = Text(
            N_(
                "데이터베이스가 이 프로그램보다 새 버전으로 갱신되어 있습니다 (알 수 없는 개정: {revisions}). "
                "이 창구의 프로그램을 최신 버전으로 설치하세요."
            ),
            revisions=", ".join(self.unknown),
        )
        super().__init__(self.message)


# Key of the PostgreSQL advisory lock under which one counter migrates while the others wait.
MIGRATION_LOCK_KEY = 0x4D494E57  # "MINW"


def migrate(engine: Engine, revision: str = "heads") -> None:
    """``alembic upgrade heads`` on this engine (features add migrations branching from the core).

    Nothing is done when the database is already at the heads (the usual start). A database that carries a
    revision this program does not know was migrated by a newer release: ``SchemaTooNew``. On PostgreSQL the
    upgrade runs under an advisory lock, so thirty counters starting at once migrate once.
    """
    # Read from the migration files without importing alembic (a usual start has nothing to upgrade).
    heads, known = set(revision_heads()), set(known_revisions())
    def check(current: set[str]) -> bool:
        unknown = current - known
        if unknown:
            raise SchemaTooNew(unknown)
        return revision == "heads" and current == heads

    if check(current_revisions(engine)):
        optimize(engine)
        return
    from alembic import command
    from alembic.runtime.migration import MigrationContext

    cfg = alembic_config(engine)
    if engine.dialect.name != "postgresql":
        command.upgrade(cfg, revision)
        optimize(engine, migrated=True)
        return
    with engine.connect() as conn, unbounded(conn):  # index builds over ten years take longer than a counter's 10 s
        conn.execute(text("SELECT pg_advisory_lock(:key)"), {"key": MIGRATION_LOCK_KEY})
        conn.commit()
        try:
            if not check(set(MigrationContext.configure(conn).get_current_heads())):
                conn.commit()
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, revision)
        finally:
            conn.rollback()
            conn.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": MIGRATION_LOCK_KEY})
            conn.commit()


# Status columns whose values are skewed: nearly every row is finished (통지 petitions, 교부 passports, 처리
# filings) or ordinary (few passports are emergencies) while the screens ask for the few open or urgent ones.
# SQLite's statistics keep only the average rows per value (one in five for five statuses), so the planner
# thinks "status IN (the open ones)" is poor and scans by deadline instead (124 ms against 1 ms on ten
# years); after ANALYZE the estimate is set to the median size of the values but the dominant one.
# PostgreSQL keeps the most common values and needs nothing of the kind.
SKEWED_STATUS = (
    ("petitions", "status"),
    ("passport_applications", "status"),
    ("passport_applications", "emergency"),
    ("family_filings", "status"),
)


def _sqlite_statistics(conn: Any) -> None:
    # Whole tables: with an analysis limit the sample is the first rows of each index, all of one office,
    # and the planner then believes "office_id = ?" picks a thousand rows out of a million.
    conn.exec_driver_sql("PRAGMA analysis_limit=0")
    conn.exec_driver_sql("ANALYZE")
    changed = False
    for table, column in SKEWED_STATUS:
        counts = sorted(
            (int(n) for (n,) in conn.exec_driver_sql(f"SELECT count(*) FROM {table} GROUP BY {column}")), reverse=True
        )
        if len(counts) < 2:
            continue
        rest = counts[1:]
        typical = max(1, rest[len(rest) // 2])  # the median of the values the screens ask for
        stats = conn.exec_driver_sql("SELECT idx, stat FROM sqlite_stat1 WHERE tbl = ?", (table,)).all()
        for index, figures in stats:
            if not index:
                continue
            columns = [row[2] for row in conn.exec_driver_sql(f"PRAGMA index_info('{index}')")]
            if column not in columns:
                continue
            parts = str(figures).split()
            for position in range(columns.index(column) + 1, len(columns) + 1):
                if position < len(parts) and parts[position].isdigit() and int(parts[position]) > typical:
                    parts[position], changed = str(typical), True
            conn.exec_driver_sql(
                "UPDATE sqlite_stat1 SET stat = ? WHERE tbl = ? AND idx = ?", (" ".join(parts), table, index)
            )
    if changed:
        conn.exec_driver_sql("ANALYZE sqlite_master")  # the planner reads the corrected figures


def analyze(engine: Engine) -> None:
    """Gather the query planner's statistics over every table (after a bulk load, or a migration that made
    indexes): without them SQLite picks an index by guesswork, e.g. a day's receipts read through the office
    index, all of them (issue 17)."""
    with engine.connect() as conn, unbounded(conn):  # minutes on ten years, not the counter's 10 s
        if engine.dialect.name == "sqlite":
            _sqlite_statistics(conn)
        else:
            conn.exec_driver_sql("ANALYZE")
        conn.commit()


def optimize(engine: Engine, *, migrated: bool = False) -> None:
    """SQLite at start: statistics when there are none yet (a new file: instant) or a migration just ran (it
    made indexes; seconds on ten years, once), else ``PRAGMA optimize`` (re-analyses what changed much).
    PostgreSQL keeps its own (autovacuum; the migrations that make indexes run ANALYZE), so nothing there."""
    if engine.dialect.name != "sqlite":
        return
    with engine.connect() as conn:
        have = conn.exec_driver_sql(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_stat1'"
        ).scalar()
        stale = migrated or not have or not conn.exec_driver_sql("SELECT count(*) FROM sqlite_stat1").scalar()
        if stale:
            _sqlite_statistics(conn)
        else:
            conn.exec_driver_sql("PRAGMA optimize")
        conn.commit()


class SchemaNotCurrent(RuntimeError):
    """A counter on PostgreSQL found the schema behind this program: the administrator must run ``--migrate``."""

    def __init__(self) -> None:
        self.message = Text(
            N_(
                "네트워크 데이터베이스의 구조가 이 프로그램 버전보다 오래되었거나 아직 만들어지지 않았습니다. "
                "창구 프로그램은 데이터베이스를 바꾸지 않습니다: 관리자가 소유자 계정으로 "
                "'python main.py --migrate --db <주소>' 를 실행한 뒤 다시 시작하세요."
            )
        )
        super().__init__(self.message)


def check_current(engine: Engine) -> None:
    """Refuse unless the database is at this program's heads (counters on PostgreSQL do not migrate)."""
    heads, known = set(revision_heads()), set(known_revisions())
    current = current_revisions(engine)
    if current - known:
        raise SchemaTooNew(current - known)
    if current != heads:
        raise SchemaNotCurrent()


def grant_counter_role(engine: Engine, role: str) -> None:
    """Give the counters' role what it needs on every table the migrations made, and no more (PostgreSQL).

    Business tables: read and write. The access log: only INSERT and SELECT (no UPDATE, DELETE, TRUNCATE;
    the table, its triggers and their functions belong to the owner). Run by ``main.py --migrate`` after the
    upgrade, as the owner role; ``docs/postgres-roles.sql`` creates the roles.
    """
    if engine.dialect.name != "postgresql":
        return
    ident = engine.dialect.identifier_preparer.quote(role)
    append_only = ("audit_log",)
    read_only = ("alembic_version",)
    no_delete = ("audit_chain", "pii_keys", "pii_key_rotations")
    with engine.begin() as conn:
        schema = engine.dialect.identifier_preparer.quote(str(conn.execute(text("SELECT current_schema()")).scalar()))
        tables = list(
            conn.execute(text("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")).scalars()
        )
        conn.execute(text(f"REVOKE ALL ON ALL TABLES IN SCHEMA {schema} FROM {ident}"))
        conn.execute(text(f"GRANT USAGE ON SCHEMA {schema} TO {ident}"))
        for table in tables:
            quoted = engine.dialect.identifier_preparer.quote(table)
            if table in append_only:
                privileges = "SELECT, INSERT"
            elif table in read_only:
                privileges = "SELECT"
            elif table in no_delete:
                privileges = "SELECT, INSERT, UPDATE"
            else:
                privileges = "SELECT, INSERT, UPDATE, DELETE"
            conn.execute(text(f"GRANT {privileges} ON {quoted} TO {ident}"))
        conn.execute(text(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {schema} TO {ident}"))


def current_revisions(engine: Engine) -> set[str]:
    """The revisions the database is at (``alembic_version``), read without alembic; none on a new database."""
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return set()
        return set(conn.execute(text("SELECT version_num FROM alembic_version")).scalars())


_REVISION = re.compile(r"^revision\s*(?::\s*str\s*)?=\s*[\"']([^\"']+)[\"']", re.M)
_DOWN = re.compile(r"^down_revision\s*(?::[^=]*)?=\s*(.+)$", re.M)


@lru_cache(maxsize=1)
def _revision_graph() -> dict[str, tuple[str, ...]]:
    """revision -> the revisions it follows, from the files in ``db/migrations/versions`` (what alembic's
    ``ScriptDirectory`` reads, checked against it in ``tests/db/test_revisions.py``)."""
    graph: dict[str, tuple[str, ...]] = {}
    for path in sorted((MIGRATIONS / "versions").glob("*.py")):
        source = path.read_text(encoding="utf-8")
        rev, down = _REVISION.search(source), _DOWN.search(source)
        if rev is None or down is None:
            continue
        graph[rev.group(1)] = tuple(re.findall(r"[\"']([^\"']+)[\"']", down.group(1)))
    return graph


def known_revisions() -> tuple[str, ...]:
    return tuple(_revision_graph())


def revision_heads() -> tuple[str, ...]:
    graph = _revision_graph()
    followed = {parent for parents in graph.values() for parent in parents}
    return tuple(rev for rev in graph if rev not in followed)
