"""The frozen build (issue 15): ``minwon-desk.spec`` builds one folder with the windowed program and its console
twin from the repository, fee tables, fonts, translations and migrations included; the built program passes
``--smoke`` away from the checkout, on SQLite and against the PostgreSQL server (psycopg's bundled libpq).

The build goes to tmp (nothing is left in the checkout); it takes a few minutes, so it is made once for the
module.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXE = ".exe" if os.name == "nt" else ""
BUILD_TIMEOUT_S = 1500

pytestmark = [pytest.mark.slow, pytest.mark.timeout(BUILD_TIMEOUT_S + 300)]


def _run(cmd: list[str], *, timeout: int = 300, **kwargs: object) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, **kwargs)  # type: ignore[call-overload]
    assert done.returncode == 0, f"{cmd}: {done.stdout[-4000:]}\n{done.stderr[-4000:]}"
    return done


def _build_output_in_checkout() -> set[str]:
    """What PyInstaller would leave in the checkout if it were pointed there (build/, dist/)."""
    return {name for name in ("build", "dist") if (ROOT / name).exists()}


@pytest.fixture(scope="module")
def frozen(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The built folder ``dist/minwon-desk`` (built once for this module)."""
    base = tmp_path_factory.mktemp("frozen")
    before = _build_output_in_checkout()
    started = time.monotonic()
    _run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--log-level",
            "WARN",
            "--distpath",
            str(base / "dist"),
            "--workpath",
            str(base / "work"),
            str(ROOT / "minwon-desk.spec"),
        ],
        timeout=BUILD_TIMEOUT_S,
        cwd=base,
    )
    print(f"frozen build: {time.monotonic() - started:.0f} s")
    left = _build_output_in_checkout() - before
    assert not left, f"the build left folders in the checkout: {sorted(left)}"
    return base / "dist" / "minwon-desk"


def _env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
    env.update(MINWON_CONFIG_DIR=str(tmp_path / "config"), MINWON_DATA_DIR=str(tmp_path / "data"))
    return env


def test_the_folder_has_both_programs_and_the_data(frozen: Path) -> None:
    assert (frozen / f"minwon-desk{EXE}").is_file()
    assert (frozen / f"minwon-desk-admin{EXE}").is_file()
    inside = frozen / "_internal"
    for needed in (
        "resources/data/passport_fees.toml",
        "resources/data/holidays_known.toml",
        "resources/fonts/NanumGothic.ttf",
        "resources/fonts/NanumGothicBold.ttf",
        "resources/i18n/en.po",
        "db/migrations/env.py",
        "db/migrations/script.py.mako",
    ):
        assert (inside / needed).is_file(), f"{needed} is not in the frozen build"
    shipped = {p.name for p in (inside / "db/migrations/versions").glob("*.py")}
    assert shipped == {p.name for p in (ROOT / "db/migrations/versions").glob("*.py")}
    # Trimmed: only the screen languages' locale data and Qt translations, no test tools, no Tk.
    assert (inside / "babel/locale-data/ko_KR.dat").is_file() and not (inside / "babel/locale-data/fr.dat").exists()
    translations = {p.name for p in (inside / "PySide6/Qt/translations").glob("*.qm")}
    assert "qtbase_ko.qm" in translations and "qtbase_fr.qm" not in translations
    for unwanted in ("tkinter", "pytest", "_pytest", "hypothesis", "pypdf"):
        assert not (inside / unwanted).exists(), unwanted


def test_the_built_program_passes_the_smoke_test(frozen: Path, tmp_path: Path) -> None:
    done = _run([str(frozen / f"minwon-desk-admin{EXE}"), "--smoke"], cwd=tmp_path, env=_env(tmp_path))
    assert "smoke test OK" in done.stdout
    assert "영수증 PDF" in done.stdout


def test_the_built_program_migrates_a_new_database_and_reaches_the_server(  # type: ignore[no-untyped-def]
    frozen: Path, tmp_path: Path, pg_schema_url
) -> None:
    admin = str(frozen / f"minwon-desk-admin{EXE}")
    env = _env(tmp_path)
    local = tmp_path / "new.sqlite"
    done = _run([admin, "--migrate", "--db", str(local)], cwd=tmp_path, env=env)
    assert "데이터베이스 구조를 최신으로 맞췄습니다" in done.stdout and local.stat().st_size > 0
    done = _run([admin, "--smoke", "--db", pg_schema_url], cwd=tmp_path, env=env)
    assert "smoke test OK" in done.stdout and "데이터베이스 열기·마이그레이션" in done.stdout
