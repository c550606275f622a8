"""Locate and read the files under ``resources/``: data tables (TOML) and fonts."""

from __future__ import annotations

import tomllib
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

# The ``resources`` package's folder: the checkout's resources/, or the installed (or frozen) copy.
RESOURCES = Path(str(files("resources")))
DATA_DIR = RESOURCES / "data"
FONTS_DIR = RESOURCES / "fonts"

FONT_REGULAR = FONTS_DIR / "NanumGothic.ttf"
FONT_BOLD = FONTS_DIR / "NanumGothicBold.ttf"


class DataFileError(RuntimeError):
    """A data table under resources/data is missing or malformed."""


@cache
def load_data(name: str) -> dict[str, Any]:
    """Read ``resources/data/<name>.toml`` (cached; the files change by decree, not at run time)."""
    path = DATA_DIR / f"{name}.toml"
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError as exc:
        raise DataFileError(f"자료 파일이 없습니다: {path}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise DataFileError(f"자료 파일 형식 오류 ({path.name}): {exc}") from exc
