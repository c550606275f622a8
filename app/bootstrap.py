"""Open the database the house way and build the app context.

SQLite (one PC, one user) is migrated to head at start; a counter on PostgreSQL only checks that the schema
is current (``python main.py --migrate`` is the administrator's, as the owner role). The resident-number key
is checked against the key id the database stores (``db.keys.open_cipher``).
"""

from __future__ import annotations

import platform
from dataclasses import dataclass

from sqlalchemy import event
from sqlalchemy.exc import OperationalError

from app.domain.messages import Text
from app.i18n import translate
from app.services.office import ensure_office, ensure_terminal
from app.settings import Settings
from app.views.office import OfficeView, TerminalView
from db.engine import (
    DatabaseInfo,
    NetworkLimits,
    SchemaNotCurrent,
    SchemaTooNew,
    check_current,
    database_info,
    make_engine,
    migrate,
)
from db.errors import classify
from db.keys import open_cipher
from db.pii import mask_free_text_before_flush
from db.uow import Database


class DatabaseUnavailable(RuntimeError):
    """The database cannot be opened; the message says what the clerk or the admin should do.

    ``str(exc)`` is the Korean; ``text()`` is the message in the UI language (``message`` is a domain ``Text``
    or a whole text of the catalogs)."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)

    def text(self) -> str:
        return translate(self.message)


@dataclass
class AppContext:
    """Everything a running counter needs; the UI reaches the database only through ``db.uow()``."""

    settings: Settings
    db: Database
    info: DatabaseInfo
    office: OfficeView
    terminal: TerminalView


def explain_operational_error(exc: Exception, info: DatabaseInfo) -> str:
    """Why the database cannot be opened, by its error code (``db.errors``), naming the file or server."""
    found = classify(exc)
    sqlite = info.kind == "sqlite"
    if found is None:
        if sqlite:
            return Text(
                "데이터베이스 파일({where})을 열 수 없습니다: {error}. 전산 담당자에게 문의하세요.",
                where=info.where,
                error=exc.__class__.__name__,
            )
        return Text(
            "네트워크 데이터베이스({where})를 열 수 없습니다: {error}. 전산 담당자에게 문의하세요.",
            where=info.where,
            error=exc.__class__.__name__,
        )
    if sqlite:
        return Text("데이터베이스 파일({where}): {problem}", where=info.where, problem=found.message)
    return Text("네트워크 데이터베이스({where}): {problem}", where=info.where, problem=found.message)


def network_limits(settings: Settings) -> NetworkLimits:
    return NetworkLimits(
        statement_s=settings.get("db_statement_timeout_s"),
        lock_s=settings.get("db_lock_timeout_s"),
        idle_in_transaction_s=settings.get("db_idle_transaction_timeout_s"),
        keepalive_idle_s=settings.get("db_keepalive_idle_s"),
        tcp_user_timeout_s=settings.get("db_tcp_user_timeout_s"),
    )


def open_database(url: str, settings: Settings) -> tuple[Database, DatabaseInfo]:
    """Open, migrate (SQLite) or check (PostgreSQL) the schema, and check the key.

    ``db.keys.KeyMissing`` / ``KeyMismatch`` (a ``KeyFileError``) pass through: the first-start dialog
    (``ui.dialogs.keys``) or ``main.py --import-key`` answers them.
    """
    # Every model before the first query: SQLAlchemy configures all mappers at the first query, and a model
    # module still being imported on another thread then (a tab's, on the window's warm-up thread) would leave
    # its relationships unresolved for good ("failed to locate a name").
    import db.all_models  # noqa: F401

    info = database_info(url)
    engine = make_engine(url, limits=network_limits(settings))
    database = Database(engine)
    try:
        if info.kind == "sqlite":
            migrate(engine)
        else:
            check_current(engine)
        database.pii = open_cipher(database, settings.key_file)
    except OperationalError as exc:
        engine.dispose()
        raise DatabaseUnavailable(explain_operational_error(exc, info)) from exc
    except (SchemaTooNew, SchemaNotCurrent) as exc:
        engine.dispose()
        raise DatabaseUnavailable(exc.message) from exc
    except BaseException:
        engine.dispose()
        raise
    event.listen(database.session_factory, "before_flush", mask_free_text_before_flush)
    return database, info


def build_context(settings: Settings, *, db_url: str | None = None) -> AppContext:
    from app.services.roles import set_night_grace

    set_night_grace(settings.get("night_grace_minutes"))
    url = db_url or settings.db_url
    database, info = open_database(url, settings)
    try:
        office = ensure_office(database.uow(), code=settings.get("office_code"))
        terminal_code = settings.get("terminal_code") or platform.node() or "counter"
        terminal = ensure_terminal(database.uow(), office_id=office.id, code=terminal_code)
    except OperationalError as exc:
        database.dispose()
        raise DatabaseUnavailable(explain_operational_error(exc, info)) from exc
    return AppContext(settings=settings, db=database, info=info, office=office, terminal=terminal)


def run_migrate(url: str, settings: Settings, *, counter_role: str = "") -> str:
    """``python main.py --migrate``: the administrator, as the owner role, upgrades the schema (under the
    advisory lock of ``db.engine.migrate``), grants the counters' role its privileges (PostgreSQL) and makes
    or checks the resident-number key on this PC. Returns a Korean summary."""
    from sqlalchemy import text

    from db.engine import grant_counter_role

    info = database_info(url)
    engine = make_engine(url, limits=network_limits(settings))
    try:
        try:
            migrate(engine)
        except OperationalError as exc:
            raise DatabaseUnavailable(explain_operational_error(exc, info)) from exc
        except SchemaTooNew as exc:
            raise DatabaseUnavailable(exc.message) from exc
        lines = [f"데이터베이스 구조를 최신으로 맞췄습니다: {info.where}"]
        if info.kind == "postgresql" and counter_role:
            with engine.connect() as conn:
                exists = conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": counter_role}).first()
            if exists is None:
                raise DatabaseUnavailable(
                    Text(
                        "창구 계정 '{role}'{role:이/가} 서버에 없습니다. docs/postgres-roles.sql 로 먼저 만드세요.",
                        role=counter_role,
                    )
                )
            grant_counter_role(engine, counter_role)
            lines.append(f"창구 계정 '{counter_role}' 의 권한을 설정했습니다 (접속기록은 추가·조회만).")
        database = Database(engine)
        cipher = open_cipher(database, settings.key_file)
        lines.append(f"주민등록번호 암호화 키: 지문 {cipher.key_id} ({settings.key_file})")
        return "\n".join(lines)
    finally:
        engine.dispose()


def required_keys(url: str, settings: Settings) -> tuple[str, ...]:
    """The key ids this database needs (for the first-start import), without opening it the whole way."""
    from db.keys import required_key_ids

    info = database_info(url)
    engine = make_engine(url, limits=network_limits(settings))
    try:
        return required_key_ids(Database(engine))
    except OperationalError as exc:
        raise DatabaseUnavailable(explain_operational_error(exc, info)) from exc
    finally:
        engine.dispose()
