"""Start Qt: the shipped Korean font, Qt's own translations, sign-in, then the main window."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ui.i18n import tr

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

# Qt is imported when the application is created, not with this module: the display check comes first
# (``main.run_gui``). The usual start then paints the sign-in dialog and opens the database behind it, on a
# thread (``ui.session.run_signing_in``): the clerk types meanwhile. Where a window needs the database before it
# can paint (the demo, a tool signed in directly), the database is opened before Qt is imported: every module
# imported after PySide6 pays its import hook (shiboken's ``__feature__`` check reads each new module's source).

# Qt's xcb platform plugin links against these system libraries; a fresh Debian lacks several.
# soname -> Debian package
XCB_PACKAGES = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxcb-util.so.1": "libxcb-util1",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libfontconfig.so.1": "libfontconfig1",
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libdbus-1.so.3": "libdbus-1-3",
}


def _qt_binaries(platform_name: str) -> list[Path]:
    # where PySide6 is installed, without importing it (its import is the Qt start's, later)
    spec = importlib.util.find_spec("PySide6")
    if spec is None or not spec.submodule_search_locations:
        return []
    qt = Path(next(iter(spec.submodule_search_locations))).resolve() / "Qt"
    binaries = [qt / "lib" / "libQt6Gui.so.6"]
    if platform_name in ("", "xcb"):
        binaries += [qt / "plugins" / "platforms" / "libqxcb.so", *sorted((qt / "lib").glob("libQt6XcbQpa.so*"))[:1]]
    return [b for b in binaries if b.exists()]


def missing_system_libraries() -> list[str]:
    """Debian packages of the libraries Qt needs here that this machine lacks (read from ``ldd``)."""
    if not sys.platform.startswith("linux") or shutil.which("ldd") is None:
        return []
    platform_name = os.environ.get("QT_QPA_PLATFORM", "")
    missing: set[str] = set()
    for binary in _qt_binaries(platform_name):
        try:
            output = subprocess.run(["ldd", str(binary)], capture_output=True, text=True, timeout=20).stdout
        except (OSError, subprocess.SubprocessError):
            continue
        for line in output.splitlines():
            if "not found" in line:
                soname = line.split("=>")[0].strip()
                missing.add(XCB_PACKAGES.get(soname, soname))
    return sorted(missing)


def check_display() -> str | None:
    """A Korean explanation of why no window can open here, or None when it can."""
    missing = missing_system_libraries()
    if missing:
        return (
            tr(
                "Qt 화면에 필요한 시스템 라이브러리가 없습니다. 다음 명령으로 설치하세요:\n  sudo apt-get install {packages}",
                packages=" ".join(missing),
            )
        )
    if (
        sys.platform.startswith("linux")
        and os.environ.get("QT_QPA_PLATFORM", "") in ("", "xcb")
        and not os.environ.get("DISPLAY")
        and not os.environ.get("WAYLAND_DISPLAY")
    ):
        return (
            tr("화면(DISPLAY)이 없습니다. 데스크톱에서 실행하거나, 화면 없이 점검하려면 "
            "'python main.py --smoke' 또는 QT_QPA_PLATFORM=offscreen 을 쓰세요.")
        )
    return None


def create_application(argv: list[str] | None = None, *, lang: str = "ko") -> QApplication:
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(argv or sys.argv[:1])
    # names, not texts: Qt files this program's own settings and paths under them, whatever the language
    app.setApplicationName("민원창구")
    app.setOrganizationName("성북구청")
    install_fonts(app, _configured_point_size())
    install_translations(app, lang)
    from app.formatting import set_locale
    from ui.i18n import set_language

    set_language(lang)
    set_locale(lang)
    return app


def _configured_point_size() -> int:
    """This PC's ``font_point_size`` (0: the program's default size); the whole layout follows the font."""
    from app.settings import load_settings

    try:
        return int(load_settings().get("font_point_size"))
    except Exception:  # noqa: BLE001 - a broken settings file must not stop the start; load_settings logs it
        return 0


def install_fonts(app: QApplication, point_size: int = 0) -> str:
    from PySide6.QtGui import QFont, QFontDatabase

    from app.resources import FONT_BOLD, FONT_REGULAR

    family = "NanumGothic"
    for path in (FONT_REGULAR, FONT_BOLD):
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id >= 0:
            families = QFontDatabase.applicationFontFamilies(font_id)
            if families:
                family = families[0]
    app.setFont(QFont(family, point_size if point_size > 0 else 10))
    return family


def install_translations(app: QApplication, lang: str) -> None:
    from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator

    locale = QLocale(QLocale.Language.Korean if lang == "ko" else QLocale.Language.English)
    QLocale.setDefault(locale)
    translator = QTranslator(app)
    if translator.load(locale, "qtbase", "_", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(translator)


def ask_for_key(problem: str, *, key_file: Path, required: tuple[str, ...]) -> bool:
    """A new counter's first start (before sign-in): import the key an admin exported; False when closed."""
    from PySide6.QtWidgets import QDialog

    from ui.dialogs.keys import ImportKeyDialog

    dialog = ImportKeyDialog(problem, key_file=key_file, required=required)
    return dialog.exec() == QDialog.DialogCode.Accepted


def show_start_error(message: str) -> None:
    """A start-up refusal (database unreachable, key missing, schema too new) in a window as well: the
    windowed program (``minwon-desk``, the frozen build on Windows) has no console to print it to."""
    if os.environ.get("QT_QPA_PLATFORM") == "offscreen" or check_display() is not None:
        return
    from PySide6.QtWidgets import QApplication, QMessageBox

    app = QApplication.instance() or create_application()
    QMessageBox.critical(None, tr("민원창구 — 시작할 수 없습니다"), message)
    del app
