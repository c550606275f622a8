"""설정: this PC's settings, built from their declaration (``app.settings.SPECS``), one form per group.

No setting has code of its own here: the widget follows the declared type (number: a spin box with the declared
limits; yes/no: a check box; a value of a set: a combo box; a folder or file: a line with 찾아보기; else a line),
each row carries the declared Korean title. The admin sees every setting; anyone else only the settings of their
own counter (``scope == "terminal"``). 저장 checks every value, puts the focus on the first wrong one and says
which changes wait for the next start. The database address has 연결 테스트 (on the I/O lane).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.formatting import number
from app.services import settings_screen
from app.services.connection_test import ConnectionReport, check_connection
from app.settings import GROUPS, SettingSpec, SettingsTooNew, config_dir
from ui import ops
from ui.context import UiContext
from ui.errors import message_for
from ui.i18n import night_hours_text, tr

log = logging.getLogger(__name__)


def _row(*widgets: QWidget) -> QWidget:
    holder = QWidget()
    line = QHBoxLayout(holder)
    line.setContentsMargins(0, 0, 0, 0)
    for index, widget in enumerate(widgets):
        line.addWidget(widget, 1 if index == 0 else 0)
    return holder


class SettingsPage(QWidget):
    """설정 (this PC): every visible setting in its group's form; 저장 (Ctrl+S)."""

    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.admin = ctx.can("office.setup")
        self.specs: tuple[SettingSpec, ...] = tuple(settings_screen.visible_specs(ctx.actor))
        self.fields: dict[str, QWidget] = {}
        self.labels: dict[str, QLabel] = {}
        outer = QVBoxLayout(self)
        where = ctx.app.settings.path or config_dir() / "settings.json"
        intro = QLabel(
            tr("이 PC의 설정 파일: {where}", where=where)
            + ("" if self.admin else tr(" — 이 창구(단말)의 설정만 바꿀 수 있습니다. 나머지는 관리자에게 요청하세요."))
        )
        intro.setObjectName("settingsIntro")
        intro.setWordWrap(True)
        outer.addWidget(intro)
        body = QWidget()
        column = QVBoxLayout(body)
        for group in GROUPS:
            specs = [s for s in self.specs if s.group == group]
            if not specs:
                continue
            box = QGroupBox(tr(group))
            box.setObjectName(f"settingsGroup_{GROUPS.index(group)}")
            form = QFormLayout(box)
            for spec in specs:
                editor, row = self._editor(spec)
                editor.setObjectName(f"setting_{spec.key}")
                editor.setAccessibleName(tr(spec.title))
                label = QLabel(tr(spec.title) + (" *" if spec.restart else ""))
                label.setBuddy(editor)
                if spec.restart:
                    label.setToolTip(tr("바꾸면 프로그램을 다시 시작해야 적용됩니다."))
                self.fields[spec.key] = editor
                self.labels[spec.key] = label
                form.addRow(label, row)
                if spec.key == "db_url":
                    self._connection_rows(form)
            if group == "야간":
                hours = QLabel(
                    tr(
                        "야간 민원실 운영시간: {night_window_text} "
                        "(자료 파일 resources/data/office_hours.toml, 고시가 바뀌면 자료 "
                        "파일로 바꿉니다)",
                        night_window_text=night_hours_text(),
                    )
                )
                hours.setObjectName("nightHours")
                hours.setWordWrap(True)
                form.addRow(hours)
            column.addWidget(box)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # no Tab stop of its own: Tab goes from field to field
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)
        bottom = QHBoxLayout()
        self.message = QLabel(tr("* 표시: 바꾸면 다시 시작해야 적용됩니다."))
        self.message.setObjectName("settingsMessage")
        self.message.setWordWrap(True)
        self.save_button = QPushButton(tr("저장 (Ctrl+S)"))
        self.save_button.setObjectName("settingsSave")
        self.reload_button = QPushButton(tr("되돌리기"))
        self.reload_button.setObjectName("settingsReload")
        bottom.addWidget(self.message, 1)
        bottom.addWidget(self.reload_button)
        bottom.addWidget(self.save_button)
        outer.addLayout(bottom)
        self.save_button.clicked.connect(self.save)
        self.reload_button.clicked.connect(self.show_current)
        save_key = QShortcut(QKeySequence("Ctrl+S"), self)
        save_key.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        save_key.activated.connect(self.save)
        self.show_current()

    # --- building --------------------------------------------------------------------------------

    def _editor(self, spec: SettingSpec) -> tuple[QWidget, QWidget]:
        """(the widget holding the value, the widget placed in the form)."""
        if spec.type is bool:
            box = QCheckBox(tr("사용"))
            return box, box
        if spec.type is int:
            spin = QSpinBox()
            spin.setRange(spec.minimum if spec.minimum is not None else 0, spec.maximum or 1_000_000)
            if spec.key == "font_point_size":
                spin.setSpecialValueText(tr("시스템 기본"))
            return spin, spin
        if spec.choices:
            combo = QComboBox()
            for value, label in spec.choices:
                combo.addItem(tr(label), value)
            return combo, combo
        line = QLineEdit()
        line.setPlaceholderText(self._placeholder(spec))
        if spec.kind in ("folder", "file"):
            browse = QPushButton(tr("찾아보기…"))
            browse.setObjectName(f"browse_{spec.key}")
            browse.clicked.connect(lambda _=False, s=spec, e=line: self.browse(s, e))
            return line, _row(line, browse)
        return line, line

    @staticmethod
    def _placeholder(spec: SettingSpec) -> str:
        if spec.kind == "url":
            return tr("비우면 이 PC의 파일 · 예: postgresql://계정@서버:5432/minwon")
        if spec.kind == "time":
            return tr("HH:MM (예: 18:00)")
        if spec.kind == "folder":
            return tr("비우면 기본 폴더")
        return tr("비우면 기본값") if not spec.default else tr("기본값: {default}", default=spec.default)

    def _connection_rows(self, form: QFormLayout) -> None:
        self.test_button = QPushButton(tr("연결 테스트"))
        self.test_button.setObjectName("connectionTest")
        self.test_button.setToolTip(tr("적은 주소로 연결해 봅니다 (저장하지 않습니다)"))
        self.test_result = QLabel(tr("적은 주소로 연결해 보고, 안 되면 무엇이 안 되는지 알려 줍니다."))
        self.test_result.setObjectName("connectionResult")
        self.test_result.setWordWrap(True)
        self.test_result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.test_button.clicked.connect(self.test_connection)
        form.addRow("", _row(self.test_result, self.test_button))

    # --- values ----------------------------------------------------------------------------------

    def show_current(self) -> None:
        settings = self.ctx.app.settings
        for spec in self.specs:
            self._put(spec, self.fields[spec.key], settings.get(spec.key))
            ops.unmark_wrong(self.fields[spec.key])

    @staticmethod
    def _put(spec: SettingSpec, editor: QWidget, value: Any) -> None:
        if isinstance(editor, QCheckBox):
            editor.setChecked(bool(value))
        elif isinstance(editor, QSpinBox):
            editor.setValue(int(value))
        elif isinstance(editor, QComboBox):
            index = editor.findData(value)
            if index < 0:  # a hand-written value outside the set: shown, and refused on 저장
                editor.addItem(tr("(알 수 없는 값: {value})", value=value), value)
                index = editor.count() - 1
            editor.setCurrentIndex(index)
        elif isinstance(editor, QLineEdit):
            editor.setText(str(value))

    @staticmethod
    def _take(editor: QWidget) -> Any:
        if isinstance(editor, QCheckBox):
            return editor.isChecked()
        if isinstance(editor, QSpinBox):
            return editor.value()
        if isinstance(editor, QComboBox):
            return editor.currentData()
        if isinstance(editor, QLineEdit):
            return editor.text()
        raise TypeError(editor)

    def values(self) -> dict[str, Any]:
        return {spec.key: self._take(self.fields[spec.key]) for spec in self.specs}

    def browse(self, spec: SettingSpec, line: QLineEdit) -> None:
        start = line.text() or str(Path.home())
        if spec.kind == "folder":
            chosen = QFileDialog.getExistingDirectory(self, tr(spec.title), start)
        else:
            chosen, _ = QFileDialog.getOpenFileName(self, tr(spec.title), start)
        if chosen:
            line.setText(chosen)

    # --- actions ---------------------------------------------------------------------------------

    def refuse(self, exc: BaseException) -> None:
        text, _bug = message_for(exc)
        self.message.setText(text)
        ops.focus_wrong_field(exc, self.fields)

    def confirm_overwrite_newer(self, exc: SettingsTooNew) -> bool:
        answer = QMessageBox.question(
            self,
            tr("새 버전의 설정 파일"),
            exc.message + tr("\n\n그래도 덮어쓸까요? (지금 파일은 옆에 사본으로 남깁니다)"),
        )
        return answer == QMessageBox.StandardButton.Yes

    def save(self, *, overwrite_newer: bool = False) -> None:
        try:
            values = settings_screen.check_values(self.values())
        except settings_screen.SettingError as exc:
            self.refuse(exc)
            return
        ctx = self.ctx

        def done(saved: settings_screen.SavedSettings) -> None:
            self.show_current()
            if not saved.changed:
                self.message.setText(tr("바뀐 설정이 없습니다."))
                return
            titles = {s.key: tr(s.title) for s in self.specs}
            text = tr("저장했습니다 ({changed}개).", changed=number(len(saved.changed)))
            if saved.restart:
                text += tr(" 다시 시작해야 적용되는 설정: {names}.", names=", ".join(titles[k] for k in saved.restart))
            self.message.setText(text)

        def refused(exc: BaseException) -> None:
            if isinstance(exc, SettingsTooNew) and not overwrite_newer and self.confirm_overwrite_newer(exc):
                self.save(overwrite_newer=True)
                return
            self.refuse(exc)

        ops.run(
            self,
            ctx,
            lambda: settings_screen.save_settings(
                ctx.app.settings, ctx.actor, ctx.app.db, changes=values, overwrite_newer=overwrite_newer
            ),
            done=done,
            refused=refused,
        )

    def test_connection(self) -> None:
        """Try the typed address on the I/O lane (a server that does not answer must not freeze the screen)."""
        field = self.fields.get("db_url")
        if not isinstance(field, QLineEdit):
            return
        url = field.text()
        settings = self.ctx.app.settings
        self.test_result.setText(tr("연결하는 중…"))
        self.test_button.setEnabled(False)

        def done(report: ConnectionReport) -> None:
            self.test_button.setEnabled(True)
            self.test_result.setText(("✔ " if report.ok else "✘ ") + tr(report.message))
            self.test_result.setToolTip(report.detail)
            self.test_result.setStyleSheet("color: #1b5e20" if report.ok else "color: #b00020")
            self.last_report = report

        def failed(exc: BaseException) -> None:
            self.test_button.setEnabled(True)
            text, is_bug = message_for(exc)
            if is_bug:
                log.error("connection test failed: %s", getattr(exc, "__traceback_text__", repr(exc)))
            self.test_result.setText("✘ " + text)

        self.ctx.tasks.submit(lambda: check_connection(url, settings), on_done=done, on_error=failed, lane="io")
