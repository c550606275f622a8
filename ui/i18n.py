"""Translations of the window chrome: Korean is the source; English from resources/i18n/en.toml."""

from __future__ import annotations

import tomllib
from functools import lru_cache

from app.resources import RESOURCES

_language = "ko"


def set_language(lang: str) -> None:
    global _language
    _language = lang if lang in ("ko", "en") else "ko"


def language() -> str:
    return _language


@lru_cache(maxsize=4)
def _strings(lang: str) -> dict[str, str]:
    path = RESOURCES / "i18n" / f"{lang}.toml"
    if not path.exists():
        return {}
    with path.open("rb") as fh:
        return dict(tomllib.load(fh).get("strings", {}))


def tr(text: str) -> str:
    """The text in the current language (the Korean text itself where no translation exists)."""
    if _language == "ko":
        return text
    return _strings(_language).get(text, text)
