"""``python main.py --smoke`` as a new user would run it: exit 0 with timings, or a clear message."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _run(*args: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "MINWON_CONFIG_DIR": str(tmp_path / "cfg"), "MINWON_DATA_DIR": str(tmp_path / "data")}
    return subprocess.run(
        [sys.executable, "main.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )


def test_smoke_exits_zero_and_prints_timings(tmp_path: Path) -> None:
    result = _run("--smoke", tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "smoke test OK" in result.stdout
    for step in ("데이터베이스 열기·마이그레이션", "주 화면 만들기", "영수증 PDF"):
        assert step in result.stdout
    assert " ms" in result.stdout


def test_smoke_explains_an_unreachable_database(tmp_path: Path) -> None:
    result = _run("--smoke", "--db", "postgresql://nobody@127.0.0.1:1/none", tmp_path=tmp_path)
    assert result.returncode == 1
    assert "연결할 수 없습니다" in result.stderr
    assert "Traceback" not in result.stderr


def test_smoke_against_a_named_database_writes_no_staff_or_takings(tmp_path: Path) -> None:
    import sqlite3

    target = tmp_path / "office.sqlite"
    result = _run("--smoke", "--db", f"sqlite:///{target}", tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(target) as conn:
        counts = [conn.execute(f"select count(*) from {t}").fetchone()[0] for t in ("staff_users", "receipts")]
    assert counts == [0, 0]
