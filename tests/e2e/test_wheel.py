"""The built package runs: a wheel built from the repository carries its data (fee tables, fonts,
translations, migrations) and its starter, installs into an empty venv and passes ``--smoke`` from there,
away from the checkout (issue 15)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SKIP = shutil.ignore_patterns(".venv", ".git", "build", "dist", "*.egg-info", "__pycache__", ".*_cache", "bench")


def _run(cmd: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=600, **kwargs)  # type: ignore[call-overload]
    assert done.returncode == 0, f"{cmd}: {done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done


@pytest.mark.slow
def test_a_wheel_installs_into_an_empty_venv_and_passes_the_smoke_test(tmp_path: Path) -> None:
    source = tmp_path / "source"
    shutil.copytree(ROOT, source, ignore=SKIP)
    wheels = tmp_path / "wheels"
    _run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(wheels), str(source)])
    (wheel,) = wheels.glob("minwon_desk-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in (
        "main.py",
        "resources/data/passport_fees.toml",
        "resources/data/holidays_known.toml",
        "resources/fonts/NanumGothic.ttf",
        "resources/i18n/en.po",
        "db/migrations/env.py",
        "db/migrations/script.py.mako",
        "db/migrations/versions/0001_core.py",
    ):
        assert needed in names, f"{needed} is not in the wheel"
    assert not any(name.startswith(("tests/", "bench/")) for name in names)

    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", str(venv)])
    bin_dir = venv / ("Scripts" if os.name == "nt" else "bin")
    python = bin_dir / "python"
    _run([str(python), "-m", "pip", "install", "--quiet", "--no-deps", "--no-index", str(wheel)])
    # The dependencies come from the test venv (installing PySide6 again would only cost time); the
    # project itself must come from the wheel, so the checkout is neither the working folder nor on the path.
    target_site = Path(
        _run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"]).stdout.strip()
    )
    (target_site / "zz_test_deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env.update(MINWON_CONFIG_DIR=str(tmp_path / "config"), MINWON_DATA_DIR=str(tmp_path / "data"))
    where = _run(
        [str(python), "-c", "import app, db, main, resources; print(app.__file__, db.__file__, resources.__file__)"],
        cwd=tmp_path,
        env=env,
    ).stdout
    assert str(ROOT) not in where and str(target_site) in where
    smoke = _run([str(bin_dir / "minwon-desk-admin"), "--smoke"], cwd=tmp_path, env=env)
    assert "smoke test OK" in smoke.stdout
    assert (bin_dir / "minwon-desk").exists()  # the GUI entry point
