"""Start Qt: the shipped Korean font, Qt's own translations, sign-in, then the main window."""

from __future__ import annotations

import ctypes.util
import os
import sys

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from app.resources import FONT_BOLD, FONT_REGULAR

# Qt's xcb platform plugin needs these system libraries; a fresh Debian lacks several.
XCB_LIBRARIES = {
    "xcb-cursor": "libxcb-cursor0",
    "xcb-icccm": "libxcb-icccm4",
    "xcb-keysyms": "libxcb-keysyms1",
    "xcb-image": "libxcb-image0",
    "xcb-render-util": "libxcb-render-util0",
    "xkbcommon-x11": "libxkbcommon-x11-0",
    "xcb-xinerama": "libxcb-xinerama0",
    "xcb-randr": "libxcb-randr0",
    "xcb-shape": "libxcb-shape0",
    "GL": "libgl1",
    "EGL": "libegl1",
    "fontconfig": "libfontconfig1",
}


def missing_system_libraries() -> list[str]:
    """Debian packages needed by the xcb platform that this machine lacks (empty when all present)."""
    if not sys.platform.startswith("linux"):
        return []
    platform_name = os.environ.get("QT_QPA_PLATFORM", "")
    needed = (
        XCB_LIBRARIES
        if platform_name in ("", "xcb")
        else {k: v for k, v in XCB_LIBRARIES.items() if k in ("GL", "EGL", "fontconfig")}
    )
    return sorted({pkg for lib, pkg in needed.items() if ctypes.util.find_library(lib) is None})


def check_display() -> str | None:
    """A Korean explanation of why no window can open here, or None when it can."""
    missing = missing_system_libraries()
    if missing:
        return (
            "Qt 화면에 필요한 시스템 라이브러리가 없습니다. 다음 명령으로 설치하세요:\n"
            f"  sudo apt-get install {' '.join(missing)}"
        )
    if (
        sys.platform.startswith("linux")
        and os.environ.get("QT_QPA_PLATFORM", "") in ("", "xcb")
        and not os.environ.get("DISPLAY")
        and not os.environ.get("WAYLAND_DISPLAY")
    ):
        return (
            "화면(DISPLAY)이 없습니다. 데스크톱에서 실행하거나, 화면 없이 점검하려면 "
            "'python main.py --smoke' 또는 QT_QPA_PLATFORM=offscreen 을 쓰세요."
        )
    return None


def create_application(argv: list[str] | None = None, *, lang: str = "ko") -> QApplication:
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(argv or sys.argv[:1])
    app.setApplicationName("민원창구")
    app.setOrganizationName("성북구청")
    install_fonts(app)
    install_translations(app, lang)
    from app.formatting import set_locale
    from ui.i18n import set_language

    set_language(lang)
    set_locale(lang)
    return app


def install_fonts(app: QApplication) -> str:
    family = "NanumGothic"
    for path in (FONT_REGULAR, FONT_BOLD):
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id >= 0:
            families = QFontDatabase.applicationFontFamilies(font_id)
            if families:
                family = families[0]
    app.setFont(QFont(family, 10))
    return family


def install_translations(app: QApplication, lang: str) -> None:
    locale = QLocale(QLocale.Language.Korean if lang == "ko" else QLocale.Language.English)
    QLocale.setDefault(locale)
    translator = QTranslator(app)
    if translator.load(locale, "qtbase", "_", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(translator)
