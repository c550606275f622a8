"""The 증명·민원 tab: its four screens as sections (Ctrl+1–4), each only for the roles that may use it."""

from __future__ import annotations

from functools import partial

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QApplication, QLabel, QTabWidget, QVBoxLayout, QWidget

from ui import ops
from ui.context import UiContext
from ui.i18n import tr
from ui.tabs.counter.certificates import CertificatesPage
from ui.tabs.counter.overdue import OverduePage
from ui.tabs.counter.petitions import PetitionsPage
from ui.tabs.counter.surveys import SurveysPage


class CounterTab(QWidget):
    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        layout = QVBoxLayout(self)
        self.sections = QTabWidget()
        self.sections.setObjectName("counterSections")
        layout.addWidget(self.sections)
        self.certificates: CertificatesPage | None = None
        self.petitions: PetitionsPage | None = None
        self.overdue: OverduePage | None = None
        self.surveys: SurveysPage | None = None
        if ctx.can("certificate.issue"):
            self.certificates = CertificatesPage(ctx)
            self.sections.addTab(self.certificates, tr("증명 발급 (Ctrl+1)"))
        if ctx.can("petition.process"):
            self.petitions = PetitionsPage(ctx)
            self.sections.addTab(self.petitions, tr("유기한 민원 (Ctrl+2)"))
        if ctx.can("overdue.check"):
            self.overdue = OverduePage(ctx)
            self.sections.addTab(self.overdue, tr("처리상황 점검 (Ctrl+3)"))
        if ctx.can("survey.record"):
            self.surveys = SurveysPage(ctx)
            self.sections.addTab(self.surveys, tr("만족도 조사 (Ctrl+4)"))
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
        pages: tuple[QWidget | None, ...] = (self.certificates, self.petitions, self.overdue, self.surveys)
        ops.install_shortcuts(
            self,
            [
                (f"Ctrl+{number}", partial(self.show_section, page))
                for number, page in enumerate(pages, start=1)
                if page is not None
            ],
        )
        self.sections.currentChanged.connect(lambda _: self.show_section(self.sections.currentWidget()))

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt naming
        super().showEvent(event)
        # F1 lands in the work, not on the tab bar: focus the section's first field.
        current = self.sections.currentWidget()
        focused = QApplication.focusWidget()
        if current is not None and (focused is None or not current.isAncestorOf(focused)):
            self.show_section(current)

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
