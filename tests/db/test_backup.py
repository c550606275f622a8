"""Backups of the local database (issue 15): made while the counter writes, verified, kept N, restored.

A backup made while another thread issues receipts is one consistent snapshot that passes its checks; the
oldest beyond the number kept go; a damaged copy is refused at restore and the database is left as it was;
a restore brings back what the copy had and drops what came later, keeping the file as it was beside it;
the daily schedule fires once per day (decided from given clock times).
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import stat
import threading
from datetime import datetime, time, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from app.domain.calendar import SEOUL
from app.services import audit_chain, backup, receipts
from app.services.errors import PermissionDenied, ValidationError
from app.settings import Settings, load_settings
from db.models import AuditEntry, Receipt
from tests.db.races import race

LINE = receipts.LineInput("resident_copy", "주민등록표 등본", 1, 400)
T0 = datetime(2026, 12, 2, 9, 0, 0, tzinfo=SEOUL)


def _settings(tmp_path: Path, *, keep: int = 14, folder: str = "backups") -> Settings:
    return Settings(values={"backup_dir": str(tmp_path / folder), "backup_keep": keep}, path=tmp_path / "settings.json")


def _receipt_ids(path: Path) -> list[int]:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return [r[0] for r in conn.execute("SELECT id FROM receipts ORDER BY id")]
    finally:
        conn.close()


def _issue(ctx, clerk) -> int:  # type: ignore[no-untyped-def]
    return receipts.issue_receipt(ctx.db.uow(), clerk, lines=[LINE], payment_method="현금").id


def _actions(ctx, action: str) -> list[sa.Row]:  # type: ignore[no-untyped-def]
    """The access log's entries of one action, oldest first (record_id, username, terminal, detail)."""
    columns = (AuditEntry.record_id, AuditEntry.username, AuditEntry.terminal, AuditEntry.detail)
    with ctx.db.uow() as uow:
        query = sa.select(*columns).where(AuditEntry.action == action).order_by(AuditEntry.id)
        return list(uow.session.execute(query).all())


def test_a_backup_made_while_receipts_are_written_is_one_verified_snapshot(sqlite_ctx, make_actor, tmp_path) -> None:  # type: ignore[no-untyped-def]
    clerk, supervisor = make_actor("clerk"), make_actor("supervisor")
    settings = _settings(tmp_path)
    written: list[int] = []
    stop = threading.Event()
    failures: list[BaseException] = []

    def writer() -> None:
        try:
            while not stop.is_set():
                written.append(_issue(sqlite_ctx, clerk))
        except BaseException as exc:  # noqa: BLE001 - reported by the test below
            failures.append(exc)

    for _ in range(5):
        _issue(sqlite_ctx, clerk)
    thread = threading.Thread(target=writer)
    thread.start()
    results = []
    try:
        for i in range(3):
            before = len(written)
            results.append(
                backup.make_backup(sqlite_ctx.db, supervisor, settings=settings, now=T0 + timedelta(minutes=i))
            )
            # The writer goes on after each copy: the copy was taken in the middle of its work.
            while len(written) < before + 3 and not failures:
                threading.Event().wait(0.01)
    finally:
        stop.set()
        thread.join(timeout=60)
    assert not failures, failures
    final = set(_receipt_ids(Path(sqlite_ctx.db.engine.url.database)))
    source_revisions = backup.verify_copy(Path(sqlite_ctx.db.engine.url.database))
    for result in results:
        copy = result.copy.path
        assert copy.parent == tmp_path / "backups"
        assert copy.name == f"test-{result.copy.made_at:%Y%m%d-%H%M%S}.sqlite"
        assert stat.S_IMODE(copy.stat().st_mode) == 0o600
        assert not copy.with_name(copy.name + "-wal").exists()  # one file, not in WAL mode
        # Its SHA-256 beside it, as sha256sum writes it.
        checksum = backup.checksum_path(copy)
        assert checksum.read_text(encoding="ascii") == f"{hashlib.sha256(copy.read_bytes()).hexdigest()}  {copy.name}\n"
        assert stat.S_IMODE(checksum.stat().st_mode) == 0o600
        assert backup.verify_copy(copy) == result.revisions == source_revisions
        ids = _receipt_ids(copy)
        # One snapshot: every receipt up to the last one it has, nothing torn, all of them still in the source.
        assert len(ids) >= 5 and ids == list(range(ids[0], ids[0] + len(ids)))
        assert set(ids) <= final and len(final) > len(ids)
    counts = [len(_receipt_ids(r.copy.path)) for r in results]
    assert counts == sorted(counts) and counts[0] < counts[-1]
    logged = _actions(sqlite_ctx, "backup.make")
    assert [e.record_id for e in logged] == [r.copy.name for r in results]
    assert all(e.username == supervisor.username and "검사 정상" in e.detail for e in logged)
    assert not list((tmp_path / "backups").glob(".*"))  # no partial file or probe left behind


def test_the_oldest_copies_beyond_the_number_kept_go_and_nothing_else(sqlite_ctx, make_actor, tmp_path) -> None:  # type: ignore[no-untyped-def]
    admin = make_actor("admin")
    settings = _settings(tmp_path, keep=3)
    folder = tmp_path / "backups"
    folder.mkdir()
    (folder / "메모.txt").write_text("다른 파일", encoding="utf-8")
    (folder / "minwon-20200101-000000.sqlite").write_bytes(b"another database's backup")
    made = [backup.make_backup(sqlite_ctx.db, admin, settings=settings, now=T0 + timedelta(days=i)) for i in range(5)]
    left = backup.list_backups(folder, "test")
    assert [c.path for c in left] == [m.copy.path for m in reversed(made[2:])]
    assert made[3].pruned == (made[0].copy.path,) and made[4].pruned == (made[1].copy.path,)
    assert (folder / "메모.txt").exists() and (folder / "minwon-20200101-000000.sqlite").exists()
    assert sorted(p.name for p in folder.glob("*.sha256")) == sorted(f"{m.copy.name}.sha256" for m in made[2:])
    assert "오래된 백업 1개 삭제" in _actions(sqlite_ctx, "backup.make")[-1].detail


def test_two_backups_in_the_same_second_get_two_names(sqlite_ctx, make_actor, tmp_path) -> None:  # type: ignore[no-untyped-def]
    admin = make_actor("admin")
    settings = _settings(tmp_path)
    first = backup.make_backup(sqlite_ctx.db, admin, settings=settings, now=T0)
    second = backup.make_backup(sqlite_ctx.db, admin, settings=settings, now=T0)
    assert first.copy.name == "test-20261202-090000.sqlite"
    assert second.copy.name == "test-20261202-090000-2.sqlite"
    assert [c.name for c in backup.list_backups(tmp_path / "backups", "test")] == [second.copy.name, first.copy.name]


@pytest.mark.slow
def test_two_counters_backing_up_at_the_same_instant_both_get_a_verified_copy(sqlite_ctx, make_actor, tmp_path) -> None:  # type: ignore[no-untyped-def]
    actors = [make_actor("supervisor"), make_actor("admin")]
    folder = tmp_path / "backups"
    rounds = 4

    def prepare(i: int) -> list[dict[str, object]]:
        moment = (T0 + timedelta(minutes=i)).isoformat()
        return [{"folder": str(folder), "keep": 100, "now": moment}] * 2

    results = race(sqlite_ctx, actors, "tests.db.race_actions_backup:make", prepare, rounds=rounds)
    names = []
    for outcomes in results:
        assert [kind for kind, _ in outcomes] == ["ok", "ok"], outcomes
        names += [value for _, value in outcomes]
    assert len(set(names)) == 2 * rounds
    for copy in backup.list_backups(folder, "test"):
        backup.verify_copy(copy.path)
    assert len(backup.list_backups(folder, "test")) == 2 * rounds
    assert len(_actions(sqlite_ctx, "backup.make")) == 2 * rounds


@pytest.mark.slow
def test_a_restore_while_another_counter_writes_leaves_one_whole_database(sqlite_ctx, make_actor, tmp_path) -> None:  # type: ignore[no-untyped-def]
    clerk, admin = make_actor("clerk"), make_actor("admin")
    settings = _settings(tmp_path)
    first = _issue(sqlite_ctx, clerk)
    copy = backup.make_backup(sqlite_ctx.db, admin, settings=settings, now=T0).copy.path
    live = Path(sqlite_ctx.db.engine.url.database)
    rounds = 4

    def prepare(i: int) -> list[dict[str, object]]:
        moment = (T0 + timedelta(hours=1, minutes=i)).isoformat()
        restore = {"do": "restore", "copy": str(copy), "folder": str(tmp_path / "backups"), "now": moment}
        return [restore, {"do": "issue"}]

    results = race(sqlite_ctx, [admin, clerk], "tests.db.race_actions_backup:restore_or_issue", prepare, rounds=rounds)
    for i, outcomes in enumerate(results):
        assert [kind for kind, _ in outcomes] == ["ok", "ok"], outcomes
        kept = live.with_name(f"test.sqlite.before-restore-{T0 + timedelta(hours=1, minutes=i):%Y%m%d-%H%M%S}")
        assert outcomes[0][1] == kept.name
        backup.verify_copy(kept)
    # The receipt of each round came before the restore (and is in the kept file) or after it (and is in the
    # database): the database is whole, with the copy's receipt and at most the last round's.
    assert backup.verify_copy(live)
    ids = _receipt_ids(live)
    assert ids[0] == first and len(ids) <= 2
    with sqlite_ctx.db.uow() as uow:
        assert uow.session.scalars(sa.select(Receipt.id).order_by(Receipt.id)).all() == ids
    assert audit_chain.verify_log(sqlite_ctx.db.uow(), None).ok


@pytest.mark.parametrize("damage", ["pages", "truncated", "text", "other_database"])
def test_a_damaged_copy_is_refused_at_restore_and_the_database_is_left_alone(  # type: ignore[no-untyped-def]
    sqlite_ctx, make_actor, tmp_path, damage
) -> None:
    clerk, admin = make_actor("clerk"), make_actor("admin")
    settings = _settings(tmp_path)
    for _ in range(30):
        _issue(sqlite_ctx, clerk)
    copy = backup.make_backup(sqlite_ctx.db, admin, settings=settings, now=T0).copy.path
    data = bytearray(copy.read_bytes())
    if damage == "pages":
        page = 4096
        for start in range(2 * page, len(data) - page, 3 * page):  # every third page after the schema's
            data[start + 100 : start + 400] = os.urandom(300)
        copy.write_bytes(bytes(data))
    elif damage == "truncated":  # and its checksum gone too: SQLite's own check finds it
        backup.checksum_path(copy).unlink()
        copy.write_bytes(bytes(data[: len(data) // 2]))
    elif damage == "text":
        copy.write_text("백업이 아닙니다", encoding="utf-8")
    else:
        other = sqlite3.connect(copy.with_name("other.sqlite"))
        other.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY)")
        other.commit()
        other.close()
        copy = copy.with_name("other.sqlite")
    live = Path(sqlite_ctx.db.engine.url.database)
    before = _receipt_ids(live)
    expected = {
        "pages": "검사값 불일치",
        "truncated": "손상",
        "text": "손상",
        "other_database": "데이터베이스가 아닙니다",
    }
    with pytest.raises(backup.BackupInvalid, match=expected[damage]):
        backup.restore_backup(sqlite_ctx.db, admin, settings=settings, copy=copy)
    assert _receipt_ids(live) == before
    assert not list(live.parent.glob("*.before-restore-*"))
    assert _actions(sqlite_ctx, "backup.restore") == []


def test_a_restore_brings_back_the_copy_and_keeps_the_database_as_it_was(sqlite_ctx, make_actor, tmp_path) -> None:  # type: ignore[no-untyped-def]
    clerk, admin = make_actor("clerk"), make_actor("admin")
    settings = _settings(tmp_path)
    earlier = _issue(sqlite_ctx, clerk)
    copy = backup.make_backup(sqlite_ctx.db, admin, settings=settings, now=T0).copy.path
    later = _issue(sqlite_ctx, clerk)
    live = Path(sqlite_ctx.db.engine.url.database)
    assert _receipt_ids(live) == [earlier, later]

    result = backup.restore_backup(sqlite_ctx.db, admin, settings=settings, copy=copy, now=T0 + timedelta(hours=1))

    assert _receipt_ids(live) == [earlier]  # the later write is gone, the earlier one is there
    kept = result.kept_as
    assert kept == live.with_name("test.sqlite.before-restore-20261202-100000")
    assert _receipt_ids(kept) == [earlier, later]
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    # The program goes on with the restored data (its connections reopen) and the log is whole.
    with sqlite_ctx.db.uow() as uow:
        assert uow.session.scalars(sa.select(Receipt.id)).all() == [earlier]
    entries = _actions(sqlite_ctx, "backup.restore")
    assert len(entries) == 1 and entries[0].username == admin.username and copy.name in entries[0].detail
    assert audit_chain.verify_log(sqlite_ctx.db.uow(), None).ok
    kept_conn = sqlite3.connect(kept)
    try:
        (started,) = kept_conn.execute("SELECT detail FROM audit_log WHERE action = 'backup.restore'").fetchone()
    finally:
        kept_conn.close()
    assert "복원 시작" in started
    # A new start on the restored file works, and a new receipt follows the restored ones.
    assert _issue(sqlite_ctx, clerk) > earlier


def test_who_may_back_up_and_restore(sqlite_ctx, make_actor, tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings = _settings(tmp_path)
    clerk, supervisor = make_actor("clerk"), make_actor("supervisor")
    with pytest.raises(PermissionDenied, match="백업을 할 수 없습니다"):
        backup.make_backup(sqlite_ctx.db, clerk, settings=settings)
    copy = backup.make_backup(sqlite_ctx.db, supervisor, settings=settings).copy.path
    with pytest.raises(PermissionDenied):
        backup.restore_backup(sqlite_ctx.db, supervisor, settings=settings, copy=copy)
    # The daily backup is the program's own: it runs whoever is signed in, and says so in the log.
    daily = backup.make_backup(sqlite_ctx.db, clerk, settings=settings, scheduled=True, now=T0)
    entry = _actions(sqlite_ctx, "backup.make")[-1]
    assert daily.scheduled and entry.username == "(자동 백업)" and entry.detail.startswith("매일 자동 백업")
    assert entry.terminal == clerk.terminal_code


def test_a_network_database_is_backed_up_on_the_server(app_ctx, make_actor, tmp_path) -> None:  # type: ignore[no-untyped-def]
    admin = make_actor("admin")
    settings = _settings(tmp_path)
    plan = backup.status(app_ctx.db, admin, settings)
    if app_ctx.info.kind == "sqlite":
        assert plan.kind == "sqlite" and plan.source is not None and plan.copies == ()
        backup.make_backup(app_ctx.db, admin, settings=settings)
        return
    assert plan.kind == "postgresql" and "pg_dump" in plan.postgres_text
    with pytest.raises(ValidationError, match="서버에서 백업합니다.*docs/backup.md"):
        backup.make_backup(app_ctx.db, admin, settings=settings)
    assert not (tmp_path / "backups").exists()


def test_a_folder_that_cannot_take_a_backup_is_refused_in_korean(sqlite_ctx, make_actor, tmp_path) -> None:  # type: ignore[no-untyped-def]
    admin = make_actor("admin")
    (tmp_path / "a-file").write_text("x", encoding="utf-8")
    with pytest.raises(ValidationError, match="폴더가 아닌 파일"):
        backup.make_backup(sqlite_ctx.db, admin, settings=_settings(tmp_path, folder="a-file"))
    if os.geteuid() != 0:  # root writes anywhere
        locked = tmp_path / "locked"
        locked.mkdir(mode=0o500)
        with pytest.raises(ValidationError, match="백업 폴더에 쓸 수 없습니다"):
            backup.make_backup(sqlite_ctx.db, admin, settings=_settings(tmp_path, folder="locked"))


def test_backup_settings_are_checked_saved_and_logged(sqlite_ctx, make_actor, tmp_path) -> None:  # type: ignore[no-untyped-def]
    admin, supervisor = make_actor("admin"), make_actor("supervisor")
    settings = _settings(tmp_path)
    folder = str(tmp_path / "usb" / "민원백업")
    for kwargs, message in (
        ({"folder": "relative/dir", "daily_at": "18:00", "keep": 14}, "전체 경로"),
        ({"folder": folder, "daily_at": "25:00", "keep": 14}, "HH:MM"),
        ({"folder": folder, "daily_at": "6시", "keep": 14}, "HH:MM"),
        ({"folder": folder, "daily_at": "18:00", "keep": 0}, "1에서 365"),
    ):
        with pytest.raises(ValidationError, match=message):
            backup.save_settings(settings, admin, sqlite_ctx.db, **kwargs)  # type: ignore[arg-type]
    with pytest.raises(PermissionDenied):
        backup.save_settings(settings, supervisor, sqlite_ctx.db, folder=folder, daily_at="18:00", keep=7)
    backup.save_settings(settings, admin, sqlite_ctx.db, folder=folder, daily_at="07:30", keep=7)
    again = load_settings(tmp_path / "settings.json")
    assert backup.backup_folder(again) == Path(folder) and backup.keep_count(again) == 7
    assert backup.parse_daily_time(again.get("backup_time")) == time(7, 30)
    assert stat.S_IMODE(Path(folder).stat().st_mode) == 0o700
    assert "07:30" in _actions(sqlite_ctx, "backup.settings")[-1].detail


def _at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 12, day, hour, minute, tzinfo=SEOUL)


@pytest.mark.parametrize(
    ("now", "last", "failed_at", "due"),
    [
        (_at(2, 17, 59), _at(1, 18, 0), None, False),  # before today's time: yesterday's is done
        (_at(2, 18, 0), _at(1, 18, 0), None, True),  # the time has come
        (_at(2, 18, 1), _at(2, 18, 0), None, False),  # done today: not again
        (_at(2, 23, 59), _at(2, 18, 0), None, False),
        (_at(3, 9, 5), _at(1, 18, 0), None, True),  # the PC was off at 18:00 yesterday: caught up at start
        (_at(3, 9, 6), _at(3, 9, 5), None, False),  # … once
        (_at(3, 18, 0), _at(3, 9, 5), None, True),  # and today's still runs at its time
        (_at(2, 18, 5), None, None, True),  # never backed up
        (_at(2, 18, 5), _at(1, 18, 0), _at(2, 18, 0), False),  # failed 5 minutes ago: wait
        (_at(2, 18, 15), _at(1, 18, 0), _at(2, 18, 0), True),  # then try again
        (datetime(2026, 12, 2, 9, 0, tzinfo=SEOUL).astimezone(), _at(1, 18, 0), None, False),  # any time zone
    ],
)
def test_the_daily_backup_is_due_once_a_day(now: datetime, last: datetime | None, failed_at, due: bool) -> None:  # type: ignore[no-untyped-def]
    assert backup.backup_due(now, at=time(18, 0), last=last, failed_at=failed_at) is due


def test_a_day_of_minutes_fires_the_daily_backup_exactly_once() -> None:
    last: datetime | None = _at(1, 18, 0)
    fired = []
    moment = _at(2, 0, 0)
    while moment < _at(3, 0, 0):
        if backup.backup_due(moment, at=time(12, 30), last=last):
            fired.append(moment)
            last = moment
        moment += timedelta(minutes=1)
    assert fired == [_at(2, 12, 30)]
    assert backup.backup_due(_at(2, 13, 0), at=None, last=None) is False  # no time set: no daily backup
