"""The 증명·민원 tab: its four screens as sections (Ctrl+1–4), each only for the roles that may use it.

The section on show is built with the tab; the others one at a time in the event loop's next turns (or at
once when asked for: a key, a click, ``tab.petitions``), so that the tab's first show is not one long stall.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtCore import QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QApplication, QLabel, QTabWidget, QVBoxLayout, QWidget

from ui import ops
from ui.accessible import name_controls
from ui.context import UiContext
from ui.i18n import N_, tr
from ui.tabs.counter.certificates import CertificatesPage
from ui.tabs.counter.overdue import OverduePage
from ui.tabs.counter.petitions import PetitionsPage
from ui.tabs.counter.surveys import SurveysPage

# name, the permission that shows it, its page, its title (with its key)
SECTIONS: tuple[tuple[str, str, Callable[[UiContext], QWidget], str], ...] = (
    ("certificates", "certificate.issue", CertificatesPage, N_("증명 발급 (Ctrl+1)")),
    ("petitions", "petition.process", PetitionsPage, N_("유기한 민원 (Ctrl+2)")),
    ("overdue", "overdue.check", OverduePage, N_("처리상황 점검 (Ctrl+3)")),
    ("surveys", "survey.record", SurveysPage, N_("만족도 조사 (Ctrl+4)")),
)


class CounterTab(QWidget):
    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        layout = QVBoxLayout(self)
        self.sections = QTabWidget()
        self.sections.setObjectName("counterSections")
        layout.addWidget(self.sections)
        self._made: dict[str, QWidget] = {}
        self._waiting: dict[str, tuple[QWidget, Callable[[UiContext], QWidget], str]] = {}
        for name, permission, make, title in SECTIONS:
            if not ctx.can(permission):
                continue
            if self.sections.count() == 0:
                page = make(ctx)
                self._made[name] = page
                self.sections.addTab(page, tr(title))
            else:
                stand_in = QWidget()
                stand_in.setObjectName(f"unbuilt_{name}")
                self._waiting[name] = (stand_in, make, title)
                self.sections.addTab(stand_in, tr(title))
        if self.sections.count() == 0:
            note = QLabel(
                tr(
                    "'{role}' 권한으로는 증명서 발급과 민원 처리를 할 수 없습니다. "
                    "수수료 안내와 구비서류 안내는 여권·복지 조회 탭에서 합니다.",
                    role=ctx.actor.role_label,
                )
            )
            note.setObjectName("counterNoAccess")
            note.setWordWrap(True)
            self.sections.addTab(note, tr("안내"))
        allowed = [name for name, permission, _make, _title in SECTIONS if ctx.can(permission)]
        ops.install_shortcuts(
            self,
            [
                (f"Ctrl+{number}", partial(self.show_named, name))
                for number, (name, _permission, _make, _title) in enumerate(SECTIONS, start=1)
                if name in allowed
            ],
        )
        self.sections.currentChanged.connect(self._section_changed)
        if self._waiting:
            QTimer.singleShot(0, self._build_next)

    # -- the sections, built when first needed -------------------------------------------------------------

    def section(self, name: str) -> QWidget | None:
        """The section's page (built now if it was not yet); None when this role has no such section."""
        if name in self._made:
            return self._made[name]
        if name not in self._waiting:
            return None
        stand_in, make, title = self._waiting.pop(name)
        page = make(self.ctx)
        self._made[name] = page
        index = self.sections.indexOf(stand_in)
        was_current = self.sections.currentIndex() == index
        blocked = self.sections.blockSignals(True)
        try:
            self.sections.removeTab(index)
            self.sections.insertTab(index, page, tr(title))
            if was_current:
                self.sections.setCurrentIndex(index)
        finally:
            self.sections.blockSignals(blocked)
        stand_in.deleteLater()
        name_controls(page)  # as the window names a tab's controls when it builds the tab (ui.accessible)
        return page

    def build_sections(self) -> None:
        """Every section now (the help reads the keys of all of them)."""
        for name in list(self._waiting):
            self.section(name)

    def _build_next(self) -> None:
        """One waiting section per turn of the event loop (each is a few tens of ms; all four at once were one
        stall of 0.15–0.3 s on ten years)."""
        if self._waiting:
            self.section(next(iter(self._waiting)))
        if self._waiting:
            QTimer.singleShot(0, self._build_next)

    def _section_changed(self, index: int) -> None:
        widget = self.sections.widget(index)
        for name, (stand_in, _make, _title) in list(self._waiting.items()):
            if stand_in is widget:
                widget = self.section(name)
                break
        if widget is not None:
            self.show_section(widget)

    @property
    def certificates(self) -> CertificatesPage | None:
        return self.section("certificates")  # type: ignore[return-value]

    @property
    def petitions(self) -> PetitionsPage | None:
        return self.section("petitions")  # type: ignore[return-value]

    @property
    def overdue(self) -> OverduePage | None:
        return self.section("overdue")  # type: ignore[return-value]

    @property
    def surveys(self) -> SurveysPage | None:
        return self.section("surveys")  # type: ignore[return-value]

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt naming
        super().showEvent(event)
        # F1 lands in the work, not on the tab bar: focus the section's first field.
        current = self.sections.currentWidget()
        focused = QApplication.focusWidget()
        if current is not None and (focused is None or not current.isAncestorOf(focused)):
            self.show_section(current)

    def show_named(self, name: str) -> None:
        page = self.section(name)
        if page is not None:
            self.show_section(page)

    def show_section(self, page: QWidget) -> None:
        self.sections.setCurrentWidget(page)
        if isinstance(page, CertificatesPage):
            page.name.setFocus()
        elif isinstance(page, PetitionsPage):
            page.table.setFocus()
        else:
            page.setFocus()


def create_tab(ctx: UiContext) -> QWidget:
    return CounterTab(ctx)
