"""연결 테스트 of the settings screen: try a typed database URL and say exactly what failed.

The answers, by ``kind``: ``bad_url`` (the address cannot be read), ``unreachable`` (no server answers at that
host and port), ``auth_failed`` (wrong user or password, or the server does not admit this PC), ``no_database``
(the server answers but has no database of that name), ``not_migrated`` (no tables yet), ``older`` (a schema
behind this program), ``too_new`` (migrated by a newer program), ``no_permission`` and ``ok`` (with the server's
version). The connection itself is the first-start probe's (``app.services.first_start.probe``); this module adds
the schema's age and the server version. No Qt here: the screen runs ``check_connection`` on a task lane.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from alembic.script import ScriptDirectory
from sqlalchemy import Engine, text

from app.domain.messages import Text
from app.services import first_start
from app.settings import Settings
from db.engine import alembic_config, current_revisions, database_info, make_engine, normalise_url

OLDER = "older"


@dataclass(frozen=True, slots=True)
class ConnectionReport:
    kind: str
    message: str  # the Korean sentence the screen shows (a ``Text``: shown with ``tr`` in the UI language)
    server_version: str = ""
    detail: str = ""  # the driver's own text, for the tooltip / the log

    @property
    def ok(self) -> bool:
        return self.kind == first_start.OK


def _schema_age(engine: Engine) -> tuple[str, set[str], set[str]]:
    """("none" | "older" | "current" | "newer", the database's revisions, this program's heads)."""
    script = ScriptDirectory.from_config(alembic_config(engine))
    heads = set(script.get_heads())
    known = {rev.revision for rev in script.walk_revisions()}
    current = current_revisions(engine)
    if not current:
        return "none", current, heads
    if current - known:
        return "newer", current, heads
    return ("current" if current == heads else "older"), current, heads


def _server_version(url: str) -> str:
    if database_info(url).kind == "sqlite":
        return f"SQLite {sqlite3.sqlite_version}"
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return "PostgreSQL " + str(conn.execute(text("SHOW server_version")).scalar())
    finally:
        engine.dispose()


def check_connection(url: str, settings: Settings | None = None) -> ConnectionReport:
    """Try ``url`` (empty: this PC's local SQLite file) the way a counter would open it; never raises for a
    database problem."""
    typed = url.strip() or Settings().db_url  # an empty field is this PC's local file
    found = first_start.probe(typed, settings)
    if found.kind == first_start.BAD_URL:
        return ConnectionReport(
            found.kind,
            Text(
                "데이터베이스 주소의 형식이 맞지 않습니다. 예: postgresql://계정:비밀번호@서버:5432/데이터베이스 "
                "또는 sqlite:///파일경로 (비우면 이 PC의 로컬 파일)."
            ),
            detail=found.message,
        )
    if found.kind not in (first_start.OK, first_start.NOT_MIGRATED):
        return ConnectionReport(found.kind, found.message, detail=found.detail)
    url = normalise_url(typed)
    info = database_info(url)
    engine = make_engine(url) if (info.kind != "sqlite" or _sqlite_exists(url)) else None
    try:
        age = _schema_age(engine) if engine is not None else ("none", set(), set())
    finally:
        if engine is not None:
            engine.dispose()
    state, current, heads = age
    local = info.kind == "sqlite"
    where = Text("데이터베이스 파일({path})", path=info.where) if local else Text("서버({host})", host=info.where)
    if state == "newer":
        return ConnectionReport(
            first_start.TOO_NEW,
            Text(
                "{where}의 데이터베이스가 이 프로그램보다 새 버전으로 갱신되어 있습니다 (개정 {revisions}). "
                "이 창구의 프로그램을 최신 버전으로 설치하세요.",
                where=where,
                revisions=", ".join(sorted(current)),
            ),
        )
    if not local and state == "none":
        return ConnectionReport(
            first_start.NOT_MIGRATED,
            Text(
                "{where}에 연결되었지만 데이터베이스 구조(표)가 아직 없습니다: {migrate}.",
                where=where,
                migrate=first_start.MIGRATE_FIRST,
            ),
        )
    if not local and state == "older":
        return ConnectionReport(
            OLDER,
            Text(
                "{where}에 연결되었지만 데이터베이스 구조가 이 프로그램보다 오래되었습니다 "
                "(데이터베이스 {current}, 프로그램 {heads}): {migrate}.",
                where=where,
                current=", ".join(sorted(current)),
                heads=", ".join(sorted(heads)),
                migrate=first_start.MIGRATE_FIRST,
            ),
        )
    version = _server_version(url)
    if local and state != "current":
        if state == "none":
            message = Text(
                "연결 성공 ({version}): {where} — 새 파일을 만들고 데이터베이스 구조를 최신으로 맞춥니다.",
                version=version,
                where=where,
            )
        else:
            message = Text(
                "연결 성공 ({version}): {where} — 시작할 때 데이터베이스 구조를 최신으로 맞춥니다.",
                version=version,
                where=where,
            )
    else:
        message = Text("연결 성공 ({version}): {result}", version=version, result=found.message)
    return ConnectionReport(first_start.OK, message, server_version=version)


def _sqlite_exists(url: str) -> bool:
    from pathlib import Path

    from sqlalchemy.engine import make_url

    database = make_url(url).database or ""
    return bool(database) and Path(database).exists()
