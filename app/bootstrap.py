"""Open the database the house way (migrate to head, load the encryption key) and build the app context."""

from __future__ import annotations

import platform
from dataclasses import dataclass

from sqlalchemy import event
from sqlalchemy.exc import OperationalError

from app.services.office import ensure_office, ensure_terminal
from app.settings import Settings
from app.views.office import OfficeView, TerminalView
from db.engine import DatabaseInfo, NetworkLimits, SchemaTooNew, database_info, make_engine, migrate
from db.errors import classify
from db.pii import PiiCipher, load_or_create_key, mask_free_text_before_flush
from db.uow import Database


class DatabaseUnavailable(RuntimeError):
    """The database cannot be opened; the message says what the clerk or the admin should do (Korean)."""


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
    where = f"데이터베이스 파일({info.where})" if info.kind == "sqlite" else f"네트워크 데이터베이스({info.where})"
    if found is None:
        return f"{where}을(를) 열 수 없습니다: {exc.__class__.__name__}. 전산 담당자에게 문의하세요."
    return f"{where}: {found.message}"


def network_limits(settings: Settings) -> NetworkLimits:
    return NetworkLimits(
        statement_s=settings.get("db_statement_timeout_s"),
        lock_s=settings.get("db_lock_timeout_s"),
        idle_in_transaction_s=settings.get("db_idle_transaction_timeout_s"),
        keepalive_idle_s=settings.get("db_keepalive_idle_s"),
        tcp_user_timeout_s=settings.get("db_tcp_user_timeout_s"),
    )


def open_database(url: str, settings: Settings) -> tuple[Database, DatabaseInfo]:
    info = database_info(url)
    engine = make_engine(url, limits=network_limits(settings))
    try:
        migrate(engine)
    except OperationalError as exc:
        engine.dispose()
        raise DatabaseUnavailable(explain_operational_error(exc, info)) from exc
    except SchemaTooNew as exc:
        engine.dispose()
        raise DatabaseUnavailable(str(exc)) from exc
    cipher = PiiCipher(load_or_create_key(settings.key_file))
    database = Database(engine, pii=cipher)
    event.listen(database.session_factory, "before_flush", mask_free_text_before_flush)
    return database, info


def build_context(settings: Settings, *, db_url: str | None = None) -> AppContext:
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
