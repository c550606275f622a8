"""The SQLite database and its WAL/SHM are owner-only (0600) in an owner-only folder (0700)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import sqlalchemy as sa

from db.engine import make_engine, migrate


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_database_is_owner_only_whatever_the_umask(tmp_path: Path) -> None:
    old = os.umask(0o022)  # the usual umask: new files 0644, folders 0755
    try:
        db_file = tmp_path / "data" / "counter" / "minwon.sqlite"
        engine = make_engine(f"sqlite:///{db_file}")
        migrate(engine)
        with engine.connect() as conn:  # a connection open keeps the -wal and -shm files in place
            conn.execute(sa.text("select count(*) from staff_users"))
            names = {p.name for p in db_file.parent.iterdir()}
            assert {"minwon.sqlite", "minwon.sqlite-wal", "minwon.sqlite-shm"} <= names
            for name in ("minwon.sqlite", "minwon.sqlite-wal", "minwon.sqlite-shm"):
                assert _mode(db_file.parent / name) == 0o600, name
        engine.dispose()
        assert _mode(db_file.parent) == 0o700
    finally:
        os.umask(old)


def test_an_existing_database_readable_by_others_is_narrowed(tmp_path: Path) -> None:
    db_file = tmp_path / "old.sqlite"
    folder_mode = _mode(tmp_path)
    engine = make_engine(f"sqlite:///{db_file}")
    migrate(engine)
    engine.dispose()
    os.chmod(db_file, 0o644)
    engine = make_engine(f"sqlite:///{db_file}")
    with engine.connect() as conn:
        conn.execute(sa.text("select 1"))
        assert _mode(db_file) == 0o600
        assert _mode(db_file.with_name("old.sqlite-wal")) == 0o600
    engine.dispose()
    # A folder the user chose and that existed before is left as it was.
    assert _mode(tmp_path) == folder_mode


def test_the_log_folder_is_owner_only(tmp_path: Path) -> None:
    import logging

    from app.logs import setup_logging

    root = logging.getLogger()
    before, level = list(root.handlers), root.level
    old = os.umask(0o022)
    try:
        path = setup_logging()  # into MINWON_DATA_DIR (tmp_path, see tests/conftest.py)
        assert str(tmp_path) in str(path)
        assert _mode(path.parent) == 0o700
    finally:
        os.umask(old)
        for handler in root.handlers[:]:
            if handler not in before:
                root.removeHandler(handler)
                handler.close()
        root.setLevel(level)
