"""The printable shortcut sheet (단축키표): written as a PDF into the output folder, for the screen to deliver.

Nothing personal is on it (keys and help texts), so it is neither audited nor archived as a print of a case."""

from __future__ import annotations

from pathlib import Path

from app.documents.shortcut_sheet import render_shortcut_sheet
from app.services.output import output_path
from app.settings import Settings
from app.views.help import ShortcutSheet


def write_shortcut_sheet(settings: Settings, sheet: ShortcutSheet, *, name: str = "단축키표") -> Path:
    """Render ``sheet`` to ``<output_dir>/<day>/단축키표-<name>.pdf`` and return the path."""
    return render_shortcut_sheet(sheet, output_path(settings, "단축키표", name))
