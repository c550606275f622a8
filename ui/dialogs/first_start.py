"""첫 실행: what a new counter PC needs, in order — the database (this PC or the office server, with a connection
test), the resident-number key (made for a new database, imported for an existing one), the first admin on an
empty database (signed in at once), the printers. Each page checks what was typed; only 마침 writes (the key,
the database file, the first admin, settings.json), so 닫기 leaves the PC as it was.

The checks are service calls (``app.services.first_start``, ``app.services.keys``); nothing here holds a session.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEventLoop, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from app.bootstrap import AppContext, DatabaseUnavailable, build_context
from app.services import first_start as fs
from app.services import keys
from app.services.actor import Actor
from app.services.errors import ServiceError, shown
from app.settings import Settings, data_dir
from db.pii import KeyFileError
from ui.dialogs.login import admin_account_form, create_first_admin_and_sign_in
from ui.dialogs.printers import DEFAULT_PRINTER, FORMATS, NO_RECEIPT_PRINTER
from ui.errors import message_for
from ui.i18n import tr

PAGE_DATABASE, PAGE_KEY, PAGE_ADMIN, PAGE_PRINTERS = range(4)
_RED, _GREEN = "color: #b00020", "color: #1b5e20"


def first_start_needed(settings: Settings) -> bool:
    """A PC with no settings.json yet starts with this dialog."""
    return settings.path is None or not settings.path.exists()


def default_sqlite_path() -> Path:
    return data_dir() / "minwon.sqlite"


def _message_label(name: str) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class DatabasePage(QWizardPage):
    """1. 데이터베이스: this PC only (SQLite) or the office's server (PostgreSQL), with 연결 테스트."""

    def __init__(self, wizard: FirstStartDialog) -> None:
        super().__init__()
        self.wiz = wizard
        self.setTitle(tr("1. 데이터베이스"))
        self.setSubTitle(tr("이 창구의 자료를 어디에 둘지 고르세요. 여러 창구가 함께 쓰면 네트워크 서버를 고릅니다."))
        layout = QVBoxLayout(self)
        self.local = QRadioButton(tr("이 PC에만 저장 (SQLite 파일, 창구 하나)"))
        self.local.setObjectName("dbLocal")
        self.network = QRadioButton(tr("네트워크 서버 (PostgreSQL, 여러 창구가 함께 씀)"))
        self.network.setObjectName("dbNetwork")
        group = QButtonGroup(self)
        group.addButton(self.local)
        group.addButton(self.network)
        self.local.setChecked(True)
        layout.addWidget(self.local)
        local_form = QFormLayout()
        self.path = QLineEdit(str(default_sqlite_path()))
        self.path.setObjectName("sqlitePath")
        local_form.addRow(tr("    파일"), self.path)
        layout.addLayout(local_form)
        layout.addWidget(self.network)
        self.server = QWidget()
        form = QFormLayout(self.server)
        self.host = QLineEdit()
        self.host.setObjectName("pgHost")
        self.host.setPlaceholderText(tr("예: 10.1.2.3 또는 minwon-db"))
        self.port = QLineEdit("5432")
        self.port.setObjectName("pgPort")
        self.database = QLineEdit("minwon")
        self.database.setObjectName("pgDatabase")
        self.user = QLineEdit("minwon_counter")
        self.user.setObjectName("pgUser")
        self.password = QLineEdit()
        self.password.setObjectName("pgPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.url = QLineEdit()
        self.url.setObjectName("pgUrl")
        self.url.setPlaceholderText(tr("또는 주소 전체: postgresql://계정@서버:5432/이름 (쓰면 위 칸 대신 씁니다)"))
        form.addRow(tr("서버 주소"), self.host)
        form.addRow(tr("포트"), self.port)
        form.addRow(tr("데이터베이스"), self.database)
        form.addRow(tr("접속 계정"), self.user)
        form.addRow(tr("비밀번호"), self.password)
        form.addRow(tr("주소 (URL)"), self.url)
        layout.addWidget(self.server)
        row = QHBoxLayout()
        self._probing = False
        self.test = QPushButton(tr("연결 테스트"))
        self.test.setObjectName("dbTest")
        self.test.setAutoDefault(False)
        row.addWidget(self.test)
        row.addStretch(1)
        layout.addLayout(row)
        self.result = _message_label("dbResult")
        layout.addWidget(self.result)
        layout.addStretch(1)
        self.test.clicked.connect(self.run_test)
        self.local.toggled.connect(self._mode_changed)
        for field in (self.path, self.host, self.port, self.database, self.user, self.password, self.url):
            field.textEdited.connect(self._changed)
        self._mode_changed()

    def _mode_changed(self) -> None:
        self.path.setEnabled(self.local.isChecked())
        self.server.setEnabled(self.network.isChecked())
        self._changed()
        (self.path if self.local.isChecked() else self.host).setFocus()

    def _changed(self) -> None:
        self.wiz.probe_result = None
        self.result.setText("")

    def typed_url(self) -> str:
        """The URL of what is typed; ValueError with the Korean reason when a field is missing."""
        if self.local.isChecked():
            text = self.path.text().strip()
            if not text:
                raise ValueError(tr("데이터베이스 파일의 경로를 입력하세요."))
            return text if "://" in text else fs.sqlite_url(text)
        if self.url.text().strip():
            return self.url.text().strip()
        return fs.network_url(
            host=self.host.text(),
            port=self.port.text(),
            database=self.database.text(),
            user=self.user.text(),
            password=self.password.text(),
        )

    def run_test(self) -> bool:
        self.wiz.probe_result = None
        try:
            url = self.typed_url()
        except ValueError as exc:
            self._show(str(shown(exc)), ok=False)
            return False
        if self._probing:
            return False  # 다음 or 연결 테스트 pressed again while the first test is still under way
        self._show(tr("연결하는 중…"), ok=True)
        self._probing = True
        self.test.setEnabled(False)
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            found = self._probe_off_the_gui_thread(url)
        finally:
            QGuiApplication.restoreOverrideCursor()
            self.test.setEnabled(True)
            self._probing = False
        self._show(tr(found.message), ok=found.ok)
        if found.ok:
            self.wiz.probe_result = found
        return found.ok

    def _probe_off_the_gui_thread(self, url: str) -> Any:
        """The probe on a thread of its own (an unreachable server takes up to the connect timeout) while the
        dialog keeps painting; no task runner exists before anyone has signed in."""
        answer: dict[str, Any] = {}

        def work() -> None:
            try:
                answer["found"] = fs.probe(url, self.wiz.settings)
            except BaseException as exc:  # noqa: BLE001 - handed back to the GUI thread below
                answer["error"] = exc

        thread = threading.Thread(target=work, name="first-start-probe", daemon=True)
        loop = QEventLoop(self)
        poll = QTimer(self)
        poll.setInterval(20)
        poll.timeout.connect(lambda: None if thread.is_alive() else loop.quit())
        thread.start()
        poll.start()
        loop.exec()
        poll.stop()
        thread.join()
        if "error" in answer:
            raise answer["error"]
        return answer["found"]

    def _show(self, text: str, *, ok: bool) -> None:
        self.result.setStyleSheet(_GREEN if ok else _RED)
        self.result.setText(text)

    def validatePage(self) -> bool:  # noqa: N802 - Qt's name
        return self.wiz.probe_result is not None or self.run_test()


class KeyPage(QWizardPage):
    """2. 암호화 키: a new database gets a new key on this PC; an existing one needs the admin's exported key."""

    def __init__(self, wizard: FirstStartDialog) -> None:
        super().__init__()
        self.wiz = wizard
        self.setTitle(tr("2. 주민등록번호 암호화 키"))
        layout = QVBoxLayout(self)
        self.intro = _message_label("keyIntro")
        layout.addWidget(self.intro)
        self.fields = QWidget()
        form = QFormLayout(self.fields)
        row = QHBoxLayout()
        self.path = QLineEdit()
        self.path.setObjectName("keyPath")
        self.path.setPlaceholderText(tr("예: E:\\minwon-key.json"))
        browse = QPushButton(tr("찾아보기…"))
        browse.setAutoDefault(False)
        browse.clicked.connect(self.browse)
        row.addWidget(self.path)
        row.addWidget(browse)
        form.addRow(tr("키 파일"), row)
        self.passphrase = QLineEdit()
        self.passphrase.setObjectName("keyPassphrase")
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(tr("키 파일 암호"), self.passphrase)
        layout.addWidget(self.fields)
        self.message = _message_label("keyMessage")
        self.message.setStyleSheet(_RED)
        layout.addWidget(self.message)
        layout.addStretch(1)

    def needs_import(self) -> bool:
        found = self.wiz.probe_result
        return found is not None and not fs.key_file_holds(self.wiz.settings.key_file, found.key_ids)

    def initializePage(self) -> None:  # noqa: N802
        key_file = self.wiz.settings.key_file
        found = self.wiz.probe_result
        self.message.setText("")
        if self.needs_import() and found is not None:
            self.setSubTitle(tr("이 데이터베이스에는 이미 암호화 키가 있습니다: 관리자의 키 파일을 가져오세요."))
            self.intro.setText(
                tr(
                    "데이터베이스의 키 지문: <b>{key_ids}</b><br>관리자가 관리 탭의 '암호화 키 내보내기'로 만든 키 파일과 그 암호를 받아 입력하세요. 새 "
                    "키는 만들지 않습니다 (기존 자료를 읽을 수 없게 되므로).<br>가져온 키는 마침을 누를 때 이 PC의 <code>{key_file}</code>에 "
                    "저장됩니다.",
                    key_ids=', '.join(found.key_ids),
                    key_file=key_file,
                )
            )
            self.fields.setVisible(True)
            self.path.setFocus()
        elif found is not None and found.key_ids:
            self.setSubTitle(tr("이 PC에 데이터베이스의 키가 이미 있습니다."))
            self.intro.setText(tr(
                "키 파일: <code>{key_file}</code> (지문 {key_ids})",
                key_file=key_file,
                key_ids=', '.join(found.key_ids),
            ))
            self.fields.setVisible(False)
        else:
            self.setSubTitle(tr("새 데이터베이스입니다: 이 PC에 새 암호화 키를 만듭니다."))
            self.intro.setText(
                tr(
                    "새 키 파일: <code>{key_file}</code><br>다른 창구를 추가할 때는 관리 탭의 '암호화 키 내보내기'로 이 키를 전달하세요. 키 파일을 "
                    "잃으면 주민등록번호를 읽을 수 없으니 백업해 두세요.",
                    key_file=key_file,
                )
            )
            self.fields.setVisible(False)

    def browse(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(self, tr("키 파일 고르기"), "", tr("키 파일 (*.json);;모든 파일 (*)"))
        if chosen:
            self.path.setText(chosen)

    def validatePage(self) -> bool:  # noqa: N802
        """The file and passphrase are checked here; the key is installed at 마침 (닫기 writes nothing)."""
        found = self.wiz.probe_result
        if found is None:
            return False
        self.wiz.key_import = None
        if not self.needs_import():
            return True
        try:
            fs.check_key_export(self.path.text(), self.passphrase.text(), required=found.key_ids)
        except ServiceError as exc:
            self.message.setText(exc.text())
            self.passphrase.selectAll()
            self.passphrase.setFocus()
            return False
        self.message.setText("")
        self.wiz.key_import = (Path(self.path.text().strip()), self.passphrase.text())
        return True


class AdminPage(QWizardPage):
    """3. 첫 관리자: only on a database without users; the new admin is signed in at once."""

    username: QLineEdit
    display_name: QLineEdit
    password: QLineEdit
    password2: QLineEdit

    def __init__(self, wizard: FirstStartDialog) -> None:
        super().__init__()
        self.wiz = wizard
        self.setTitle(tr("3. 첫 관리자 계정"))
        self.setSubTitle(tr("데이터베이스에 사용자가 없습니다. 관리자 계정을 만들면 바로 로그인됩니다."))
        layout = QVBoxLayout(self)
        layout.addLayout(admin_account_form(self))
        self.message = _message_label("firstAdminMessage")
        self.message.setStyleSheet(_RED)
        layout.addWidget(self.message)
        layout.addStretch(1)

    def initializePage(self) -> None:  # noqa: N802
        self.username.setFocus()

    def values(self) -> dict[str, str]:
        return {
            "username": self.username.text(),
            "display_name": self.display_name.text(),
            "password": self.password.text(),
            "confirm": self.password2.text(),
        }

    def validatePage(self) -> bool:  # noqa: N802
        """The fields are checked here; the account is made (and signed in) at 마침."""
        try:
            fs.check_first_admin(**self.values())
        except ServiceError as exc:
            self.message.setText(exc.text())
            return False
        self.message.setText("")
        return True


class PrinterPage(QWizardPage):
    """4. 프린터 (건너뛸 수 있음): the choices of the 프린터 설정 dialog, from the printers the system knows."""

    def __init__(self, wizard: FirstStartDialog) -> None:
        super().__init__()
        self.wiz = wizard
        self.setTitle(tr("4. 프린터"))
        self.setSubTitle(
            tr("영수증과 A4 프린터를 고르세요. 지금 건너뛰고 나중에 관리 탭의 프린터 설정에서 바꿀 수 있습니다.")
        )
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.receipt_printer = QComboBox()
        self.receipt_printer.setObjectName("receiptPrinter")
        self.receipt_format = QComboBox()
        self.receipt_format.setObjectName("receiptFormat")
        for code, label in FORMATS:
            self.receipt_format.addItem(tr(label), code)
        self.a4_printer = QComboBox()
        self.a4_printer.setObjectName("a4Printer")
        form.addRow(tr("영수증 프린터"), self.receipt_printer)
        form.addRow(tr("영수증 용지"), self.receipt_format)
        form.addRow(tr("A4 프린터"), self.a4_printer)
        layout.addLayout(form)
        self.status = _message_label("printerStatus")
        layout.addWidget(self.status)
        self.message = _message_label("finishMessage")
        self.message.setStyleSheet(_RED)
        layout.addWidget(self.message)
        layout.addStretch(1)

    def initializePage(self) -> None:  # noqa: N802
        from ui.printing import printer_names

        try:
            names = printer_names()
        except Exception:  # noqa: BLE001 - no print system: the page is skipped in effect
            names = []
        for combo, empty in ((self.receipt_printer, NO_RECEIPT_PRINTER), (self.a4_printer, DEFAULT_PRINTER)):
            combo.clear()
            combo.addItem(tr(empty), "")
            for name in names:
                combo.addItem(name, name)
        self.status.setText(
            tr("이 컴퓨터가 아는 프린터 {count}대. 시험 인쇄는 관리 탭의 프린터 설정에서 합니다.", count=len(names))
            if names
            else tr("이 컴퓨터에 설치된 프린터가 없습니다. 영수증은 미리보기로 열립니다 (나중에 설정할 수 있습니다).")
        )

    def values(self) -> dict[str, str]:
        return {
            "receipt_printer": self.receipt_printer.currentData() or "",
            "receipt_format": self.receipt_format.currentData() or "roll80",
            "a4_printer": self.a4_printer.currentData() or "",
        }


class FirstStartDialog(QWizard):
    """The first start of a counter PC; after ``exec()`` accepted: ``ctx`` (open) and ``actor`` (the new first
    admin, signed in) or None (the sign-in dialog follows)."""

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.probe_result: fs.ProbeResult | None = None
        self.ctx: AppContext | None = None
        self.actor: Actor | None = None
        self.key_import: tuple[Path, str] | None = None
        self._opened_url = ""
        self.setObjectName("firstStartDialog")
        self.setWindowTitle(tr("민원창구 — 첫 실행 설정"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setMinimumSize(680, 520)
        for which, text in (
            (QWizard.WizardButton.BackButton, tr("< 이전")),
            (QWizard.WizardButton.NextButton, tr("다음 >")),
            (QWizard.WizardButton.FinishButton, tr("마침")),
            (QWizard.WizardButton.CancelButton, tr("닫기")),
        ):
            self.setButtonText(which, text)
        self.database_page = DatabasePage(self)
        self.key_page = KeyPage(self)
        self.admin_page = AdminPage(self)
        self.printer_page = PrinterPage(self)
        self.setPage(PAGE_DATABASE, self.database_page)
        self.setPage(PAGE_KEY, self.key_page)
        self.setPage(PAGE_ADMIN, self.admin_page)
        self.setPage(PAGE_PRINTERS, self.printer_page)
        self.setStartId(PAGE_DATABASE)

    def nextId(self) -> int:  # noqa: N802 - Qt's name
        current = self.currentId()
        if current == PAGE_DATABASE:
            return PAGE_KEY
        if current == PAGE_KEY:
            return PAGE_ADMIN if self.needs_first_admin() else PAGE_PRINTERS
        if current == PAGE_ADMIN:
            return PAGE_PRINTERS
        return -1

    def needs_first_admin(self) -> bool:
        return self.probe_result is not None and self.probe_result.needs_first_admin

    def open_database(self, message: QLabel) -> bool:
        """Open the chosen database as the counter will (SQLite: migrated; a new database gets its key)."""
        found = self.probe_result
        if found is None:
            return False
        if self.ctx is not None and self._opened_url == found.url:
            return True
        self._close_context()
        try:
            self.ctx = build_context(self.settings, db_url=found.url)
            self._opened_url = found.url
        except (DatabaseUnavailable, KeyFileError) as exc:
            message.setText(message_for(exc)[0] if isinstance(exc, KeyFileError) else exc.text())
            return False
        except Exception as exc:  # noqa: BLE001 - say it in Korean, never a traceback
            message.setText(message_for(exc)[0])
            return False
        return True

    def _close_context(self) -> None:
        if self.ctx is not None:
            self.ctx.db.dispose()
        self.ctx, self.actor = None, None

    def finish(self) -> bool:
        """마침: install the key, open the database, make and sign in the first admin, write settings.json.
        Nothing is written before this; a refusal is shown on the last page, which stays open."""
        found = self.probe_result
        message = self.printer_page.message
        message.setText("")
        if found is None:
            return False
        try:
            if self.key_import is not None and not fs.key_file_holds(self.settings.key_file, found.key_ids):
                path, passphrase = self.key_import
                keys.import_key(path, passphrase, key_file=self.settings.key_file, required=found.key_ids)
            if not self.open_database(message):
                return False
            assert self.ctx is not None
            if self.actor is None and PAGE_ADMIN in self.visitedIds():
                self.actor = create_first_admin_and_sign_in(self.ctx, **self.admin_page.values())
            default = fs.sqlite_url(default_sqlite_path())
            url = "" if found.url == default else found.url
            fs.write_first_start_settings(self.settings, db_url=url, printers=self.printer_page.values())
        except ServiceError as exc:
            message.setText(exc.text())
            return False
        except Exception as exc:  # noqa: BLE001 - the server may be away: say so, keep what was typed
            message.setText(message_for(exc)[0])
            return False
        return True

    def accept(self) -> None:
        if self.finish():
            super().accept()

    def reject(self) -> None:
        self._close_context()
        super().reject()


def run_first_start(settings: Settings) -> tuple[AppContext, Actor | None] | None:
    """Show the dialog; the open context and the signed-in first admin (or None), or None when closed."""
    dialog = FirstStartDialog(settings)
    if dialog.exec() != QWizard.DialogCode.Accepted or dialog.ctx is None:
        return None
    return dialog.ctx, dialog.actor
