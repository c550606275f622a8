"""The office calendar loads the Korean holidays only, not every country's module, and says the same as the
``holidays`` package's own ``country_holidays("KR")``."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _run(code: str) -> str:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_the_calendar_imports_the_korean_module_only() -> None:
    code = (
        "import sys; from datetime import date; from app.domain import calendar\n"
        "assert calendar.holiday_name(date(2026, 5, 1))\n"
        "print(sorted(m for m in sys.modules if m.startswith('holidays.countries')))"
    )
    assert _run(code) == "['holidays.countries.south_korea']"


def test_the_calendar_answers_as_country_holidays_kr() -> None:
    code = (
        "import holidays; from app.domain import calendar\n"
        "for year in (2024, 2025, 2026, 2027):\n"
        "    ours = sorted(calendar._korean_holidays(year).items())\n"
        "    theirs = sorted(holidays.country_holidays('KR', years=year, categories=(holidays.PUBLIC,),"
        " language='ko').items())\n"
        "    assert ours == theirs and ours, year\n"
        "print('same')"
    )
    assert _run(code) == "same"


def test_the_package_loaded_first_is_used_as_it_is() -> None:
    # someone imported the whole countries package first: the calendar takes its class from there
    code = (
        "import holidays.countries as c; from app.domain import calendar\n"
        "print(calendar._south_korea() is c.SouthKorea)"
    )
    assert _run(code) == "True"
