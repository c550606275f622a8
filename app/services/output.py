"""Where generated documents go: the configured output folder, one sub-folder per day, unique names."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

from app.domain.calendar import SEOUL
from app.settings import Settings, private_dir

_UNSAFE = re.compile(r"[^0-9A-Za-z가-힣._-]+")


def output_path(settings: Settings, kind: str, name: str, *, suffix: str = ".pdf") -> Path:
    """``<output_dir>/<YYYY-MM-DD>/<kind>-<name><suffix>``; never overwrites an earlier file."""
    day = datetime.now(SEOUL).strftime("%Y-%m-%d")
    folder = settings.output_dir / day
    private_dir(folder)  # the PDFs name people: owner-only folders (0700) on POSIX
    stem = _UNSAFE.sub("_", f"{kind}-{name}").strip("_") or kind
    candidate = folder / f"{stem}{suffix}"
    counter = 2
    while candidate.exists():
        candidate = folder / f"{stem}-{counter}{suffix}"
        counter += 1
    return candidate
