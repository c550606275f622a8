"""Open the database the house way (migrate to head, load the encryption key) and build the app context."""

from __future__ import annotations

import platform
from dataclasses import dataclass

from sqlalchemy import event
from sqlalchemy.exc import OperationalError

from app.services.office import OfficeView, TerminalView, ensure_office, ensure_terminal
from app.services.pii import PiiCipher, load_or_create_key, mask_free_text_before_flush
from app.settings import Settings
from db.engine import DatabaseInfo, database_info, make_engine, migrate
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
    text = str(exc).lower()
    if info.kind == "sqlite":
        if "locked" in text or "busy" in text:
            return "데이터베이스 파일을 다른 프로그램이 쓰고 있습니다. 잠시 뒤 다시 시도하세요."
        if "disk" in text and ("full" in text or "space" in text):
            return "디스크가 가득 찼습니다. 공간을 확보한 뒤 다시 시도하세요."
        if "readonly" in text or "read-only" in text or "permission" in text:
            return f"데이터베이스 파일에 쓸 수 없습니다 ({info.where}). 파일 권한을 확인하세요."
        return f"데이터베이스 파일을 열 수 없습니다 ({info.where}): {exc}"
    return (
        f"네트워크 데이터베이스({info.where})에 연결할 수 없습니다. 네트워크 연결과 서버 상태를 확인하고 "
        "전산 담당자에게 문의하세요."
    )


def open_database(url: str, settings: Settings) -> tuple[Database, DatabaseInfo]:
    info = database_info(url)
    engine = make_engine(url)
    try:
        migrate(engine)
    except OperationalError as exc:
        engine.dispose()
        raise DatabaseUnavailable(explain_operational_error(exc, info)) from exc
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
