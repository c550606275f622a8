"""Database errors by code, not by message text: SQLite (extended) result codes and PostgreSQL SQLSTATEs.

Each error the clerk or the office can act on gets a kind and a Korean message that says what to do; every
other database error is a bug (``classify`` returns None) and is logged with its trace by the caller.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from sqlalchemy.exc import DBAPIError

UNREACHABLE = "unreachable"
TIMEOUT = "timeout"
BUSY = "busy"
DISK_FULL = "disk_full"
READ_ONLY = "read_only"
CORRUPT = "corrupt"
CONFLICT = "conflict"


def N_(msgid: str) -> str:  # noqa: N802 - marks a text for the catalogs (as app.i18n.N_; db does not import app)
    return msgid


# ui/errors.py shows tr(message): each message is one whole text of the catalogs
MESSAGES = {
    UNREACHABLE: N_(
        "데이터베이스 서버에 연결할 수 없습니다. 네트워크 케이블과 서버 상태를 확인하고 잠시 뒤 다시 하세요."
        " 입력한 내용은 그대로 있습니다."
    ),
    TIMEOUT: N_(
        "데이터베이스가 제시간에 답하지 않았습니다. 잠시 뒤 다시 하세요; 계속되면 전산 담당자에게 알리세요."
        " 입력한 내용은 그대로 있습니다."
    ),
    BUSY: N_(
        "데이터베이스가 다른 창구의 작업으로 잠시 사용 중입니다. 잠시 뒤 다시 하세요. 입력한 내용은 그대로 있습니다."
    ),
    DISK_FULL: N_("디스크가 가득 찼습니다. 공간을 확보한 뒤 다시 하세요 (전산 담당자). 입력한 내용은 그대로 있습니다."),
    READ_ONLY: N_(
        "데이터베이스에 쓸 수 없습니다 (읽기 전용). 파일 권한이나 서버 설정을 전산 담당자에게 확인하세요."
        " 입력한 내용은 그대로 있습니다."
    ),
    CORRUPT: N_("데이터베이스 파일이 손상되었습니다. 작업을 멈추고 전산 담당자에게 백업 복구를 요청하세요."),
    CONFLICT: N_("다른 창구에서 같은 기록을 방금 저장했습니다. 화면을 새로 고친 뒤 확인하세요."),
}

# SQLite primary result codes (the low byte of the extended code).
_SQLITE = {
    5: BUSY,  # SQLITE_BUSY
    6: BUSY,  # SQLITE_LOCKED
    8: READ_ONLY,  # SQLITE_READONLY
    10: DISK_FULL,  # SQLITE_IOERR: on a counter PC nearly always a full or failing disk
    11: CORRUPT,  # SQLITE_CORRUPT
    13: DISK_FULL,  # SQLITE_FULL
    14: UNREACHABLE,  # SQLITE_CANTOPEN: the file's folder is gone (a network share, a USB disk)
    26: CORRUPT,  # SQLITE_NOTADB
}
_SQLITE_UNIQUE = (2067, 1555)  # SQLITE_CONSTRAINT_UNIQUE, SQLITE_CONSTRAINT_PRIMARYKEY

# PostgreSQL SQLSTATEs, exact codes first, then by class (the first two characters).
_PG_EXACT = {
    "57014": TIMEOUT,  # query_canceled (statement_timeout)
    "25P03": TIMEOUT,  # idle_in_transaction_session_timeout
    "55P03": BUSY,  # lock_not_available (lock_timeout)
    "40001": BUSY,  # serialization_failure
    "40P01": BUSY,  # deadlock_detected
    "53100": DISK_FULL,
    "25006": READ_ONLY,  # read_only_sql_transaction (a standby)
    "XX001": CORRUPT,
    "XX002": CORRUPT,
    "23505": CONFLICT,  # unique_violation
    "57P01": UNREACHABLE,  # admin_shutdown
    "57P02": UNREACHABLE,  # crash_shutdown
    "57P03": UNREACHABLE,  # cannot_connect_now
}
_PG_CLASS = {"08": UNREACHABLE, "53": DISK_FULL}


@dataclass(frozen=True, slots=True)
class Classified:
    kind: str
    message: str


def _sqlite_kind(orig: sqlite3.Error) -> str | None:
    code = getattr(orig, "sqlite_errorcode", None)
    if code is None:
        return None
    if code in _SQLITE_UNIQUE:
        return CONFLICT
    return _SQLITE.get(code & 0xFF)


def _pg_kind(orig: BaseException) -> str | None:
    sqlstate = getattr(orig, "sqlstate", None)
    if sqlstate:
        return _PG_EXACT.get(sqlstate) or _PG_CLASS.get(sqlstate[:2])
    # psycopg raises OperationalError without a SQLSTATE when no server answered at all.
    if orig.__class__.__name__ in ("OperationalError", "InterfaceError") and orig.__class__.__module__.startswith(
        "psycopg"
    ):
        return UNREACHABLE
    return None


def classify(exc: BaseException) -> Classified | None:
    """The kind and message of a database error the clerk can act on; None for anything else (a bug)."""
    orig: BaseException | None = exc
    if isinstance(exc, DBAPIError):
        if exc.connection_invalidated:
            return Classified(UNREACHABLE, MESSAGES[UNREACHABLE])
        orig = exc.orig
    if orig is None:
        return None
    kind = _sqlite_kind(orig) if isinstance(orig, sqlite3.Error) else _pg_kind(orig)
    return Classified(kind, MESSAGES[kind]) if kind else None


def is_unique_violation(exc: BaseException) -> bool:
    """A unique constraint refused the write (a replay racing its twin, two counters registering one person)."""
    found = classify(exc)
    return found is not None and found.kind == CONFLICT
