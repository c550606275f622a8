"""A new counter PC's first start: the database URL from the typed fields, a connection test that says exactly
what failed, and what the database needs from this PC next (a new key or an imported one, a first admin).

No Qt here: ``ui.dialogs.first_start`` asks these functions and shows the answers.
(A minimal probe of its own; ``app/services/connection_test.py`` of the settings screen may replace it.)
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import func, inspect, select
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError

from app.domain.messages import N_, Refusal, Text
from app.services.auth import clean_display_name, validate_password, validate_username
from app.services.errors import ValidationError
from app.settings import Settings
from db.engine import SchemaNotCurrent, SchemaTooNew, check_current, database_info, make_engine, normalise_url
from db.keys import key_id_of, load_key_ring, read_export, required_key_ids
from db.models import StaffUser
from db.pii import KeyFileError
from db.uow import Database

OK = "ok"
BAD_URL = "bad_url"
UNREACHABLE = "unreachable"
AUTH_FAILED = "auth_failed"
NO_DATABASE = "no_database"
NOT_MIGRATED = "not_migrated"
TOO_NEW = "too_new"
NO_PERMISSION = "no_permission"
FAILED = "failed"

MIGRATE_FIRST = N_("관리자가 먼저 `main.py --migrate`를 실행해야 합니다")


@dataclass(frozen=True, slots=True)
class ProbeResult:
    """What the connection test found; ``message`` is the Korean line the dialog shows (a ``Text``: the dialog
    shows it with ``tr``, in the UI language)."""

    kind: str
    message: str
    url: str = ""
    network: bool = False
    key_ids: tuple[str, ...] = ()  # the keys the database needs; () on a new database (a key is made)
    users: int = 0
    detail: str = field(default="", compare=False)

    @property
    def ok(self) -> bool:
        return self.kind == OK

    @property
    def needs_key_import(self) -> bool:
        return bool(self.key_ids)

    @property
    def needs_first_admin(self) -> bool:
        return self.users == 0


def network_url(*, host: str, port: str | int, database: str, user: str, password: str = "") -> str:
    """The PostgreSQL URL of the typed fields (the password is quoted by SQLAlchemy)."""
    host, database, user = host.strip(), database.strip(), user.strip()
    text = str(port).strip()
    if not host:
        raise Refusal(N_("서버 주소를 입력하세요."))
    if not database:
        raise Refusal(N_("데이터베이스 이름을 입력하세요."))
    if not user:
        raise Refusal(N_("접속 계정을 입력하세요."))
    if not text.isdigit() or not 0 < int(text) < 65536:
        raise Refusal(N_("포트는 1~65535의 숫자입니다: {port}"), port=text or N_("(빈칸)"))
    url = URL.create(
        "postgresql+psycopg", username=user, password=password or None, host=host, port=int(text), database=database
    )
    return url.render_as_string(hide_password=False)


def sqlite_url(path: str | Path) -> str:
    return f"sqlite:///{Path(path).expanduser()}"


def _connect_failure(exc: BaseException, where: str) -> ProbeResult:
    """A failed connection by what the server (or the network) said; psycopg gives no SQLSTATE at connect."""
    orig = getattr(exc, "orig", exc)
    sqlstate = getattr(orig, "sqlstate", None) or ""
    text = str(orig)
    lower = text.lower()
    if sqlstate == "3D000" or ("database" in lower and "does not exist" in lower):
        return ProbeResult(
            NO_DATABASE,
            Text(
                "서버({where})에는 연결되었지만 그 이름의 데이터베이스가 없습니다. 데이터베이스 이름을 확인하세요.",
                where=where,
            ),
            detail=text,
        )
    if sqlstate.startswith("28") or any(
        s in lower
        for s in ("password authentication failed", "no password supplied", "role", "pg_hba.conf", "authentication")
    ):
        return ProbeResult(
            AUTH_FAILED,
            Text(
                "서버({where})가 로그인을 거부했습니다: 접속 계정이나 비밀번호가 맞지 않습니다 (또는 이 PC의 접속이 "
                "서버 설정에서 허용되지 않았습니다).",
                where=where,
            ),
            detail=text,
        )
    return ProbeResult(
        UNREACHABLE,
        Text(
            "서버({where})에 연결할 수 없습니다: 서버 주소와 포트, 네트워크 케이블, 서버가 켜져 있는지 확인하세요.",
            where=where,
        ),
        detail=text,
    )


def probe(url: str, settings: Settings | None = None) -> ProbeResult:
    """Try the database at ``url`` the way a counter would open it; never raises for a database problem."""
    try:
        url = normalise_url(url.strip())
        info = database_info(url)
    except (ArgumentError, ValueError) as exc:
        return ProbeResult(BAD_URL, Text("데이터베이스 주소의 형식이 맞지 않습니다: {reason}", reason=str(exc)))
    if info.kind == "sqlite":
        return _probe_sqlite(url, info.where)
    if info.kind != "postgresql":
        return ProbeResult(BAD_URL, Text("데이터베이스 주소는 sqlite:/// 파일이나 postgresql:// 서버여야 합니다."))
    engine = make_engine(url)
    try:
        try:
            with engine.connect():
                pass
        except DBAPIError as exc:
            return _connect_failure(exc, info.where)
        try:
            check_current(engine)
        except SchemaNotCurrent:
            return ProbeResult(
                NOT_MIGRATED,
                Text(
                    "서버({where})에 연결되었지만 데이터베이스 구조가 아직 없거나 오래되었습니다: {migrate} "
                    "(소유자 계정으로, 예: python main.py --migrate --db <주소> --counter-role <창구 계정>).",
                    where=info.where,
                    migrate=MIGRATE_FIRST,
                ),
                url=url,
                network=True,
            )
        except SchemaTooNew as exc:
            return ProbeResult(TOO_NEW, exc.message, url=url, network=True)
        return _state(engine, url, info.where, network=True)
    except DBAPIError as exc:
        sqlstate = getattr(exc.orig, "sqlstate", None) or ""
        if sqlstate == "42501":
            return ProbeResult(
                NO_PERMISSION,
                Text(
                    "서버({where})의 이 계정에는 표를 읽을 권한이 없습니다: 관리자가 `main.py --migrate "
                    "--counter-role <이 계정>`으로 창구 계정 권한을 주어야 합니다.",
                    where=info.where,
                ),
                url=url,
                network=True,
                detail=str(exc.orig),
            )
        return ProbeResult(
            FAILED, Text("연결 시험에 실패했습니다: {error}", error=exc.orig.__class__.__name__), detail=str(exc.orig)
        )
    finally:
        engine.dispose()


def _probe_sqlite(url: str, where: str) -> ProbeResult:
    path = Path(make_url(url).database or "")
    if not path.exists():
        folder = next((p for p in (path.parent, *path.parent.parents) if p.exists()), None)
        if folder is None or not folder.is_dir():
            return ProbeResult(
                UNREACHABLE, Text("데이터베이스 파일의 폴더를 만들 수 없습니다: {folder}", folder=str(path.parent))
            )
        return ProbeResult(OK, Text("새 데이터베이스 파일을 만듭니다: {path}", path=where), url=url)
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        return ProbeResult(
            FAILED,
            Text("데이터베이스 파일을 열 수 없습니다 ({path}): {reason}", path=where, reason=str(exc)),
            detail=str(exc),
        )
    engine = make_engine(url)
    try:
        if not inspect(engine).has_table(StaffUser.__tablename__):
            return ProbeResult(
                OK, Text("데이터베이스 파일({path})을 엽니다 (시작할 때 구조를 맞춥니다).", path=where), url=url
            )
        return _state(engine, url, where, network=False)
    finally:
        engine.dispose()


def _state(engine: Engine, url: str, where: str, *, network: bool) -> ProbeResult:
    database = Database(engine)
    key_ids = required_key_ids(database)
    with database.session_factory() as session:
        users = int(session.scalar(select(func.count()).select_from(StaffUser)) or 0)
    people = Text("사용자 {count}명", count=users) if users else Text("사용자 없음 (첫 관리자를 만듭니다)")
    if key_ids:
        said = Text(
            "연결되었습니다 ({where}): {people}, 암호화 키 지문 {key}.", where=where, people=people, key=key_ids[0]
        )
    else:
        said = Text(
            "연결되었습니다 ({where}): 새 데이터베이스 — 암호화 키를 새로 만들고 첫 관리자를 만듭니다.", where=where
        )
    return ProbeResult(OK, said, url=url, network=network, key_ids=key_ids, users=users)


def key_file_holds(key_file: Path, key_ids: tuple[str, ...]) -> bool:
    """True when this PC's key file already has every key the database needs."""
    if not key_ids or not key_file.exists():
        return not key_ids
    try:
        held = {key_id_of(k) for k in load_key_ring(key_file)}
    except Exception:  # noqa: BLE001 - an unreadable key file is a missing one here; the import replaces it
        return False
    return set(key_ids) <= held


def check_key_export(path: str | Path, passphrase: str, *, required: tuple[str, ...]) -> tuple[str, ...]:
    """Read the admin's exported key file with its passphrase, writing nothing (the dialog installs it at 마침
    with ``app.services.keys.import_key``); a wrong passphrase or a file without the database's key is refused."""
    if not str(path).strip():
        raise ValidationError("가져올 키 파일을 고르세요.")
    if not passphrase:
        raise ValidationError("키 파일 암호를 입력하세요.")
    try:
        ids = tuple(key_id_of(k) for k in read_export(Path(str(path).strip()), passphrase))
    except KeyFileError as exc:
        raise ValidationError.of(exc) from None
    missing = [k for k in required if k not in ids]
    if missing:
        raise ValidationError(
            "이 키 파일(지문 {ids})에는 이 데이터베이스의 키(지문 {missing})가 없습니다. "
            "관리자에게 이 데이터베이스를 쓰는 단말에서 다시 내보내 달라고 하세요.",
            ids=", ".join(ids),
            missing=", ".join(missing),
        )
    return ids


def check_first_admin(*, username: str, display_name: str, password: str, confirm: str) -> None:
    """The first admin's fields, checked before anything is written (the account is made at 마침)."""
    validate_username(username)
    clean_display_name(display_name)
    validate_password(password)
    if password != confirm:
        raise ValidationError("비밀번호 확인이 일치하지 않습니다.")


def write_first_start_settings(settings: Settings, *, db_url: str, printers: dict[str, str] | None = None) -> Path:
    """Finish: this PC's settings.json with the database, the key file and (if chosen) the printers."""
    settings.set("db_url", db_url)
    settings.set("key_file", str(settings.key_file))
    for key, value in (printers or {}).items():
        settings.set(key, value)
    settings.save()
    return settings.path or Path()
