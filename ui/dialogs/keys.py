"""The resident-number key dialogs: import at a new counter's first start, export and rotation in 관리."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.services import keys
from app.services.errors import ServiceError
from ui.i18n import tr


class ImportKeyDialog(QDialog):
    """Shown before sign-in when this counter lacks the database's key: pick the exported file, type its passphrase."""

    def __init__(
        self, problem: str, *, key_file: Path, required: tuple[str, ...], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.key_file = key_file
        self.required = required
        self.imported: tuple[str, ...] = ()
        self.setWindowTitle(tr("암호화 키 가져오기"))
        self.setObjectName("importKeyDialog")
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        intro = QLabel(
            tr("<b>이 단말에는 데이터베이스의 주민등록번호 암호화 키가 없습니다.</b><br>"
            "관리자가 관리 탭의 '암호화 키 내보내기'로 만든 키 파일과 그 암호를 받아 가져오세요. "
            "새 키는 만들지 않습니다 (기존 자료를 읽을 수 없게 되므로).")
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        detail = QLabel(problem)
        detail.setObjectName("keyProblem")
        detail.setWordWrap(True)
        detail.setStyleSheet("color: #555")
        layout.addWidget(detail)
        form = QFormLayout()
        row = QHBoxLayout()
        self.path = QLineEdit()
        self.path.setObjectName("keyPath")
        self.path.setPlaceholderText(tr("예: E:\\minwon-key.json"))
        browse = QPushButton(tr("찾아보기…"))
        browse.clicked.connect(self.browse)
        row.addWidget(self.path)
        row.addWidget(browse)
        form.addRow(tr("키 파일"), row)
        self.passphrase = QLineEdit()
        self.passphrase.setObjectName("keyPassphrase")
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(tr("키 파일 암호"), self.passphrase)
        layout.addLayout(form)
        self.message = QLabel()
        self.message.setObjectName("keyMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020")
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("가져오기"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("닫기"))
        buttons.accepted.connect(self.try_import)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def browse(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(self, tr("키 파일 고르기"), "", tr("키 파일 (*.json);;모든 파일 (*)"))
        if chosen:
            self.path.setText(chosen)

    def try_import(self) -> None:
        try:
            self.imported = keys.import_key(
                Path(self.path.text().strip()),
                self.passphrase.text(),
                key_file=self.key_file,
                required=self.required,
            )
        except ServiceError as exc:
            self.message.setText(exc.text())
            self.passphrase.selectAll()
            self.passphrase.setFocus()
            return
        self.accept()


class ExportKeyDialog(QDialog):
    """관리: a passphrase typed twice and a file to write the sealed key to."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("암호화 키 내보내기"))
        self.setObjectName("exportKeyDialog")
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        intro = QLabel(
            tr(
                "새 단말에 줄 키 파일을 만듭니다. 파일은 암호로 잠기며, 암호는 파일과 따로 (구두나 별도 경로로) "
                "전달하세요. 암호는 {length}자 이상.",
                length=keys.MIN_PASSPHRASE,
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        row = QHBoxLayout()
        self.path = QLineEdit()
        self.path.setObjectName("exportPath")
        browse = QPushButton(tr("찾아보기…"))
        browse.clicked.connect(self.browse)
        row.addWidget(self.path)
        row.addWidget(browse)
        form.addRow(tr("저장할 파일"), row)
        self.passphrase = QLineEdit()
        self.passphrase.setObjectName("exportPassphrase")
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.confirm = QLineEdit()
        self.confirm.setObjectName("exportConfirm")
        self.confirm.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(tr("암호"), self.passphrase)
        form.addRow(tr("암호 확인"), self.confirm)
        layout.addLayout(form)
        self.message = QLabel()
        self.message.setObjectName("exportMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020")
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("내보내기"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("닫기"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def browse(self) -> None:
        chosen, _ = QFileDialog.getSaveFileName(self, tr("키 파일 저장"), "minwon-key.json", tr("키 파일 (*.json)"))
        if chosen:
            self.path.setText(chosen)

    def values(self) -> dict[str, object]:
        return {
            "path": Path(self.path.text().strip()),
            "passphrase": self.passphrase.text(),
            "confirm": self.confirm.text(),
        }
