"""The UI's view of the languages (``app.i18n``): one language for the whole window, set at start."""

from __future__ import annotations

from app.i18n import N_, language, set_language, tr

__all__ = ["N_", "language", "set_language", "tr"]
