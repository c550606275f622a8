"""Backups of a counter's local database (SQLite): on demand, daily while the program runs, verified, restored.

A copy is made with SQLite's online backup API from a connection of its own, in one step: one read
snapshot of the database (the write-ahead log included), while the counter keeps writing. Every copy is
checked after writing (``PRAGMA integrity_check``, and its Alembic revision equals the source's) before it
gets its final name ``<database>-YYYYMMDD-HHMMSS.sqlite`` (Seoul time), readable by its owner only; the
oldest beyond ``backup_keep`` are removed. A restore goes the same way back: the copy is verified, the
current database is kept beside it as ``<file>.before-restore-<time>`` and the copy is written into the
database through SQLite (never by replacing the file, which a left-over ``-wal`` file would corrupt).
Both are written to the access log. PostgreSQL is backed up on the server (``docs/backup.md``).
"""

from __future__ import annotations

import hashlib
import os
import re
import sqlite3
import time as clock
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from pathlib import Path

from app.domain.calendar import SEOUL
from app.domain.messages import N_, Text
from app.services import audit
from app.services.actor import Actor, check_signed_in
from app.services.errors import PermissionDenied, ValidationError
from app.services.roles import authorize
from app.settings import Settings, data_dir
from db.uow import Database

BACKUP_ROLES = ("supervisor", "admin")
STAMP = "%Y%m%d-%H%M%S"
KEEP_MAX = 365
# After a failed daily backup (the backup disk unplugged, say) the next try waits this long.
RETRY_AFTER = timedelta(minutes=15)
BUSY_TIMEOUT_S = 30
POSTGRES_TEXT = N_(
    "이 단말은 네트워크 데이터베이스(PostgreSQL)를 씁니다. 자료는 서버에서 백업합니다: "
    "서버 관리자가 매일 pg_dump(논리 백업)와 pg_basebackup(기본 백업과 WAL 보관)으로 백업하고, "
    "복원 연습도 정기적으로 합니다. 자세한 절차는 docs/backup.md 에 있습니다."
)  # a catalog text: the screen shows it with tr(POSTGRES_TEXT)


class BackupInvalid(ValidationError):
    """A copy that failed its check (damaged, not a database of this program, another revision)."""


@dataclass(frozen=True, slots=True)
class BackupCopy:
    """One backup file in the backup folder."""

    path: Path
    made_at: datetime  # Seoul time, from the file name
    size: int

    @property
    def name(self) -> str:
        return self.path.name


@dataclass(frozen=True, slots=True)
class BackupResult:
    copy: BackupCopy
    revisions: tuple[str, ...]
    pruned: tuple[Path, ...]
    seconds: float
    scheduled: bool


@dataclass(frozen=True, slots=True)
class RestoreResult:
    restored_from: Path
    kept_as: Path  # the database as it was just before the restore
    revisions: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class BackupPlan:
    """What the 관리 › 백업 screen shows."""

    kind: str  # "sqlite" or "postgresql"
    source: Path | None
    folder: Path
    daily_at: time | None
    keep: int
    same_disk: bool  # the backup folder is on the database's own disk: a dead disk takes both
    copies: tuple[BackupCopy, ...]
    problem: str  # a setting that cannot be used, in Korean (a ``Text``: shown with ``tr``); "" when all is well
    postgres_text: str = POSTGRES_TEXT


# --- settings ----------------------------------------------------------------------------------------


def parse_daily_time(text: str) -> time | None:
    """``"HH:MM"`` → the time of the daily backup; empty → no daily backup; anything else is refused."""
    text = str(text).strip()
    if not text:
        return None
    found = re.fullmatch(r"([01]?\d|2[0-3]):([0-5]\d)", text)
    if found is None:
        raise ValidationError(
            "자동 백업 시각 {typed:을/를} 알 수 없습니다. 24시간제 HH:MM으로 쓰세요 (예: 18:00).",
            typed="'" + text + "'",
        )
    return time(int(found.group(1)), int(found.group(2)))


def backup_folder(settings: Settings) -> Path:
    configured = str(settings.get("backup_dir")).strip()
    return Path(configured).expanduser() if configured else data_dir() / "backups"


def keep_count(settings: Settings) -> int:
    return max(1, min(KEEP_MAX, int(settings.get("backup_keep"))))


def save_settings(
    settings: Settings, actor: Actor, database: Database, *, folder: str, daily_at: str, keep: int
) -> None:
    """Change this PC's backup folder, daily time and number of copies kept (admin); checked and logged."""
    authorize(actor, "office.setup")
    check_signed_in(database, actor)
    folder_text = str(folder).strip()
    if folder_text:
        path = Path(folder_text).expanduser()
        if not path.is_absolute():
            raise ValidationError("백업 폴더는 전체 경로로 쓰세요 (예: D:\\민원백업 또는 /media/backup).")
        _writable_folder(path)
    parse_daily_time(daily_at)
    if isinstance(keep, bool) or not isinstance(keep, int) or not 1 <= keep <= KEEP_MAX:
        raise ValidationError("보관할 백업 개수는 1에서 {most} 사이로 쓰세요.", most=KEEP_MAX)
    settings.set("backup_dir", folder_text)
    settings.set("backup_time", str(daily_at).strip())
    settings.set("backup_keep", keep)
    settings.save()
    with database.uow() as uow:
        audit.record(
            uow,
            actor,
            "backup.settings",
            record_type="backup",
            detail=f"폴더 {folder_text or '(기본)'} · 매일 {str(daily_at).strip() or '안 함'} · {keep}개 보관",
        )
        uow.commit()


# --- the schedule ------------------------------------------------------------------------------------


def backup_due(now: datetime, *, at: time | None, last: datetime | None, failed_at: datetime | None = None) -> bool:
    """Whether the daily backup is to run now: once for each day's ``at``, caught up when the PC was off then.

    The slot is the latest moment ``at`` (Seoul time) not after ``now``; the backup is due while the last
    one was made before that slot. After a failure the next try waits ``RETRY_AFTER``.
    """
    if at is None:
        return False
    local = now.astimezone(SEOUL)
    slot = datetime.combine(local.date(), at, SEOUL)
    if slot > local:
        slot -= timedelta(days=1)
    if failed_at is not None and local - failed_at.astimezone(SEOUL) < RETRY_AFTER:
        return False
    return last is None or last.astimezone(SEOUL) < slot


# --- looking at the folder ---------------------------------------------------------------------------


def _pattern(stem: str) -> re.Pattern[str]:
    return re.compile(rf"^{re.escape(stem)}-(\d{{8}}-\d{{6}})(?:-(\d+))?\.sqlite$")


def list_backups(folder: Path, stem: str) -> list[BackupCopy]:
    """The backups of the database ``stem`` in ``folder``, newest first (other files are left alone)."""
    pattern = _pattern(stem)
    found = []
    try:
        entries = list(folder.iterdir())
    except (FileNotFoundError, NotADirectoryError):
        return []
    except OSError as exc:
        raise ValidationError(
            "백업 폴더를 읽을 수 없습니다: {folder} ({reason}).", folder=folder, reason=exc.strerror or exc
        ) from None
    for path in entries:
        match = pattern.match(path.name)
        if match is None:
            continue
        try:
            size = path.stat().st_size
        except OSError:
            continue  # removed meanwhile
        if size == 0:
            continue  # a name reserved by a backup still being written
        made_at = datetime.strptime(match.group(1), STAMP).replace(tzinfo=SEOUL)
        found.append((made_at, int(match.group(2) or 1), BackupCopy(path, made_at, size)))
    found.sort(key=lambda item: (item[0], item[1]), reverse=True)
    return [copy for _, _, copy in found]


def last_backup_at(settings: Settings, database: Database) -> datetime | None:
    """When the newest backup of this database in the backup folder was made (None: none yet)."""
    copies = list_backups(backup_folder(settings), sqlite_path(database).stem)
    return copies[0].made_at if copies else None


def status(database: Database, actor: Actor, settings: Settings) -> BackupPlan:
    _authorize_backup(actor)
    check_signed_in(database, actor)
    folder = backup_folder(settings)
    keep = keep_count(settings)
    problem = ""
    try:
        daily_at = parse_daily_time(settings.get("backup_time"))
    except ValidationError as exc:
        daily_at, problem = None, Text(exc.template, **exc.params)
    if database.engine.dialect.name != "sqlite":
        return BackupPlan("postgresql", None, folder, None, keep, False, (), problem)
    source = sqlite_path(database)
    try:
        copies = tuple(list_backups(folder, source.stem))
    except ValidationError as exc:
        copies, problem = (), Text(exc.template, **exc.params)
    return BackupPlan("sqlite", source, folder, daily_at, keep, _same_disk(source, folder), copies, problem)


# --- making a backup ---------------------------------------------------------------------------------


def sqlite_path(database: Database) -> Path:
    """The database file, or a refusal that says how a network database is backed up."""
    url = database.engine.url
    if url.get_backend_name() != "sqlite":
        raise ValidationError(POSTGRES_TEXT)
    if not url.database or url.database == ":memory:":
        raise ValidationError("메모리 데이터베이스는 백업할 수 없습니다.")
    return Path(url.database)


def make_backup(
    database: Database,
    actor: Actor | None,
    *,
    settings: Settings,
    now: datetime | None = None,
    scheduled: bool = False,
) -> BackupResult:
    """Copy the database into the backup folder, verify the copy, remove the oldest beyond the number kept.

    On demand (``scheduled`` False) by a supervisor or an admin; the daily backup (``scheduled``) is the
    program's own and runs whoever is signed in. Either is written to the access log.
    """
    if not scheduled:
        _authorize_backup(actor)
        assert actor is not None
        check_signed_in(database, actor)
    source = sqlite_path(database)
    if not source.is_file():
        raise ValidationError("데이터베이스 파일이 없습니다: {source}", source=source)
    folder = backup_folder(settings)
    _writable_folder(folder)
    started = clock.perf_counter()
    made_at = (now or datetime.now(SEOUL)).astimezone(SEOUL).replace(microsecond=0)
    partial = folder / f".{source.stem}-{made_at:{STAMP}}-{os.getpid()}-{clock.monotonic_ns()}.partial"
    try:
        revisions = _write_copy(source, partial)
        _verify(partial, expect=revisions)
        target = _reserve_name(folder, source.stem, made_at)
        try:
            _write_checksum(partial, checksum_path(target))
            os.replace(partial, target)
        except OSError:
            target.unlink(missing_ok=True)  # the name reserved for a copy that did not arrive
            checksum_path(target).unlink(missing_ok=True)
            raise
    except sqlite3.Error as exc:
        raise _sqlite_problem(exc, restoring=False) from None
    except OSError as exc:
        raise ValidationError(
            "백업 파일을 쓸 수 없습니다: {folder} ({reason}). 디스크를 확인하세요.",
            folder=folder,
            reason=exc.strerror or exc,
        ) from None
    finally:
        partial.unlink(missing_ok=True)
    _sync_folder(folder)
    copy = BackupCopy(target, made_at, target.stat().st_size)
    pruned = tuple(prune(folder, source.stem, keep_count(settings), keep_path=target))
    seconds = clock.perf_counter() - started
    detail = f"{target.name} ({copy.size:,} bytes, 검사 정상, 개정 {', '.join(revisions)}) → {folder}"
    if pruned:
        detail += f"; 오래된 백업 {len(pruned)}개 삭제"
    with database.uow() as uow:
        audit.record(
            uow,
            None if scheduled else actor,
            "backup.make",
            record_type="backup",
            record_id=target.name,
            detail=("매일 자동 백업: " if scheduled else "") + detail,
            username="(자동 백업)" if scheduled else "",
            terminal=actor.terminal_code if actor else "",
        )
        uow.commit()
    return BackupResult(copy, revisions, pruned, seconds, scheduled)


def prune(folder: Path, stem: str, keep: int, *, keep_path: Path | None = None) -> list[Path]:
    """Remove the oldest backups beyond ``keep`` (never ``keep_path``); returns what was removed."""
    removed = []
    for copy in list_backups(folder, stem)[keep:]:
        if keep_path is not None and copy.path == keep_path:
            continue
        copy.path.unlink(missing_ok=True)  # two counters pruning at once: the other may have been first
        checksum_path(copy.path).unlink(missing_ok=True)
        removed.append(copy.path)
    return removed


def checksum_path(copy: Path) -> Path:
    """The SHA-256 of a copy, written beside it (``sha256sum -c`` reads it)."""
    return copy.with_name(copy.name + ".sha256")


def verify_copy(path: Path) -> tuple[str, ...]:
    """Check a backup file: unchanged since it was made (its SHA-256, when it has one beside it), SQLite's
    integrity check passes, and it carries an Alembic revision.

    The checksum finds what the integrity check cannot: changed bytes inside a record (a failing disk). A copy
    without one (put there by hand) gets the integrity check only. Returns its revisions; ``BackupInvalid``
    (Korean) says what is wrong.
    """
    path = Path(path)
    recorded = checksum_path(path)
    if recorded.is_file() and path.is_file():
        try:
            expected = recorded.read_text(encoding="ascii").split()[0].lower()
        except (OSError, UnicodeDecodeError, IndexError):
            expected = ""
        if expected != _sha256(path):
            raise BackupInvalid(
                "백업 파일이 만든 뒤에 바뀌었거나 손상되었습니다 (검사값 불일치): {name}. 다른 백업을 고르세요.",
                name=path.name,
            )
    try:
        return _verify(path, expect=None)
    except sqlite3.Error as exc:
        raise BackupInvalid(
            "백업 파일이 손상되었거나 데이터베이스가 아닙니다: {name} ({reason}).",
            name=Path(path).name,
            reason=str(exc),
        ) from None


def _authorize_backup(actor: Actor | None) -> None:
    if actor is None:
        raise PermissionDenied("로그인이 필요합니다.")
    if actor.role not in BACKUP_ROLES:
        raise PermissionDenied(
            "'{role_label}' 권한으로는 백업을 할 수 없습니다. 팀장·과장이나 관리자가 합니다.",
            role_label=actor.role_label,
        )


def _private_file(path: Path) -> None:
    """Create ``path`` empty and owner-only (0600) before SQLite writes into it."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.close(fd)
    if os.name == "posix":
        os.chmod(path, 0o600)


def _writable_folder(folder: Path) -> None:
    try:
        if not folder.exists():
            folder.mkdir(parents=True, mode=0o700)
            if os.name == "posix":
                os.chmod(folder, 0o700)
        if not folder.is_dir():
            raise ValidationError("백업 폴더 자리에 폴더가 아닌 파일이 있습니다: {folder}", folder=folder)
        probe = folder / f".write-test-{os.getpid()}-{clock.monotonic_ns()}"
        _private_file(probe)
        probe.unlink()
    except OSError as exc:
        raise ValidationError(
            "백업 폴더에 쓸 수 없습니다: {folder} ({reason}). 디스크가 연결되어 있는지, 권한이 있는지 확인하세요.",
            folder=folder,
            reason=exc.strerror or exc,
        ) from None


def _revisions(conn: sqlite3.Connection) -> tuple[str, ...]:
    try:
        rows = conn.execute("SELECT version_num FROM alembic_version").fetchall()
    except sqlite3.OperationalError:
        return ()
    return tuple(sorted(str(r[0]) for r in rows))


def _write_copy(source: Path, target: Path) -> tuple[str, ...]:
    """The online backup of ``source`` into the new file ``target``, in one step (one snapshot)."""
    _private_file(target)
    src = sqlite3.connect(source, timeout=BUSY_TIMEOUT_S)
    try:
        dst = sqlite3.connect(target)
        try:
            src.execute("BEGIN")  # the revision and the pages from one read snapshot
            revisions = _revisions(src)
            src.backup(dst)
            src.execute("COMMIT")
            # A copy is one file: no -wal or -shm beside it.
            dst.execute("PRAGMA journal_mode=DELETE")
        finally:
            dst.close()
    finally:
        src.close()
    with open(target, "rb+") as fh:
        os.fsync(fh.fileno())
    return revisions


def _verify(path: Path, *, expect: tuple[str, ...] | None) -> tuple[str, ...]:
    if not path.is_file():
        raise BackupInvalid("백업 파일이 없습니다: {path}", path=path)
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        problems = [str(r[0]) for r in conn.execute("PRAGMA integrity_check(20)").fetchall()]
        if problems != ["ok"]:
            raise BackupInvalid(
                "백업 파일이 손상되었습니다: {name} ({problems}).", name=path.name, problems="; ".join(problems[:3])
            )
        revisions = _revisions(conn)
    finally:
        conn.close()
    if not revisions:
        raise BackupInvalid("이 프로그램의 데이터베이스가 아닙니다 (구조 개정 정보 없음): {name}", name=path.name)
    if expect is not None and revisions != expect:
        raise BackupInvalid(
            "백업의 구조 개정({revisions})이 원본({expect})과 다릅니다: {name}",
            revisions=", ".join(revisions),
            expect=", ".join(expect),
            name=path.name,
        )
    return revisions


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _write_checksum(copy: Path, target: Path) -> None:
    """``<hash>  <name>`` for the copy that is about to be named ``target`` without its suffix."""
    if target.exists():
        target.unlink()
    _private_file(target)
    name = target.name.removesuffix(".sha256")
    target.write_text(f"{_sha256(copy)}  {name}\n", encoding="ascii")


def _reserve_name(folder: Path, stem: str, made_at: datetime) -> Path:
    """The copy's final name, taken at once (two backups in the same second get -2, -3, …)."""
    base = f"{stem}-{made_at:{STAMP}}"
    for n in range(1, 1000):
        candidate = folder / (f"{base}.sqlite" if n == 1 else f"{base}-{n}.sqlite")
        try:
            _private_file(candidate)
        except FileExistsError:
            continue
        return candidate
    raise ValidationError("백업 파일 이름을 정할 수 없습니다: {folder}", folder=folder)


def _sync_folder(folder: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _same_disk(source: Path, folder: Path) -> bool:
    probe = folder
    while not probe.exists() and probe.parent != probe:
        probe = probe.parent
    try:
        return source.stat().st_dev == probe.stat().st_dev
    except OSError:
        return False


def _sqlite_problem(exc: sqlite3.Error, *, restoring: bool) -> ValidationError:
    """The refusal for SQLite's error during a backup (or a restore), one template per case (translated)."""
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        if restoring:
            return ValidationError("복원 중 데이터베이스가 잠겨 있었습니다. 잠시 뒤 다시 하세요.")
        return ValidationError("백업 중 데이터베이스가 잠겨 있었습니다. 잠시 뒤 다시 하세요.")
    if "full" in text:
        if restoring:
            return ValidationError("복원 중 디스크가 가득 찼습니다. 공간을 비우거나 다른 폴더를 고르세요.")
        return ValidationError("백업 중 디스크가 가득 찼습니다. 공간을 비우거나 다른 폴더를 고르세요.")
    if "readonly" in text or "read-only" in text:
        if restoring:
            return ValidationError("복원할 파일에 쓸 수 없습니다 (읽기 전용). 권한을 확인하세요.")
        return ValidationError("백업할 파일에 쓸 수 없습니다 (읽기 전용). 권한을 확인하세요.")
    if restoring:
        return ValidationError("복원하지 못했습니다: {reason}", reason=str(exc))
    return ValidationError("백업하지 못했습니다: {reason}", reason=str(exc))


# --- restoring ---------------------------------------------------------------------------------------


def restore_backup(
    database: Database, actor: Actor, *, settings: Settings, copy: Path, now: datetime | None = None
) -> RestoreResult:
    """Put a verified copy in place of the database (admin); the current one is kept beside it.

    The program's connections are closed first; the copy goes in through SQLite's backup API, under the
    database's write lock. The restore is logged in the database before (so the kept file has it) and in
    the restored one. The program is to be restarted afterwards.
    """
    authorize(actor, "office.setup")
    check_signed_in(database, actor)
    live = sqlite_path(database)
    copy = Path(copy)
    revisions = verify_copy(copy)
    unknown = set(revisions) - _known_revisions(database)
    if unknown:
        raise BackupInvalid(
            "이 백업은 더 새 버전의 프로그램이 만든 것입니다 (알 수 없는 개정: {unknown}). "
            "프로그램을 최신 버전으로 설치한 뒤 복원하세요.",
            unknown=", ".join(sorted(unknown)),
        )
    stamp = (now or datetime.now(SEOUL)).astimezone(SEOUL).strftime(STAMP)
    kept = live.with_name(f"{live.name}.before-restore-{stamp}")
    if kept.exists():
        raise ValidationError("같은 시각의 복원 전 파일이 이미 있습니다: {name}. 잠시 뒤 다시 하세요.", name=kept.name)
    with database.uow() as uow:
        audit.record(
            uow,
            actor,
            "backup.restore",
            record_type="backup",
            record_id=copy.name,
            detail=f"복원 시작: {copy} → {live.name} (지금 파일은 {kept.name} 로 보관)",
        )
        uow.commit()
    database.dispose()  # no connection of this program stays open on the file
    try:
        live_conn = sqlite3.connect(live, timeout=BUSY_TIMEOUT_S)
        try:
            _private_file(kept)
            kept_conn = sqlite3.connect(kept)
            try:
                live_conn.backup(kept_conn)
                kept_conn.execute("PRAGMA journal_mode=DELETE")
            finally:
                kept_conn.close()
            _verify(kept, expect=None)
            source = sqlite3.connect(f"{copy.resolve().as_uri()}?mode=ro", uri=True)
            try:
                source.backup(live_conn)
            finally:
                source.close()
            live_conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            problems = [str(r[0]) for r in live_conn.execute("PRAGMA integrity_check(20)").fetchall()]
            if problems != ["ok"] or _revisions(live_conn) != revisions:
                raise ValidationError(
                    "복원한 데이터베이스의 검사에 실패했습니다. 보관한 파일 {kept} 로 되돌리세요 (docs/backup.md).",
                    kept=kept,
                )
        finally:
            live_conn.close()
    except sqlite3.Error as exc:
        raise _sqlite_problem(exc, restoring=True) from None
    except OSError as exc:
        raise ValidationError(
            "복원하지 못했습니다: {reason}. 디스크를 확인하세요.", reason=exc.strerror or exc
        ) from None
    from db.engine import migrate

    migrate(database.engine)  # a copy made by an older release is brought to this one's schema
    with database.uow() as uow:
        # The account may not exist in the copy: the entry names the admin instead of checking the account.
        audit.record(
            uow,
            None,
            "backup.restore",
            record_type="backup",
            record_id=copy.name,
            detail=f"{copy.name} 에서 복원함 ({actor.display_name}); 복원 전 파일: {kept.name}",
            username=actor.username,
            terminal=actor.terminal_code,
        )
        uow.commit()
    return RestoreResult(copy, kept, revisions)


def _known_revisions(database: Database) -> set[str]:
    from alembic.script import ScriptDirectory

    from db.engine import alembic_config

    script = ScriptDirectory.from_config(alembic_config(database.engine))
    return {rev.revision for rev in script.walk_revisions()}
