"""관리 › 보안: verify the access log's chain, export the resident-number key for a new counter, rotate the key."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.formatting import number
from app.services import audit_chain, keys
from ui import ops
from ui.context import UiContext
from ui.dialogs.keys import ExportKeyDialog
from ui.i18n import tr


class SecurityPage(QWidget):
    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.setObjectName("securityPage")
        layout = QVBoxLayout(self)

        log_box = QGroupBox(tr("접속기록 위변조 검사"))
        log_layout = QVBoxLayout(log_box)
        log_layout.addWidget(
            QLabel(
                tr(
                    "모든 접속기록은 앞 기록과 연결값(해시)으로 이어져 있습니다. "
                    "고치거나 지우거나 끼워 넣은 기록을 찾습니다."
                )
            )
        )
        row = QHBoxLayout()
        self.verify_button = QPushButton(tr("검사하기"))
        self.verify_button.setObjectName("verifyLog")
        self.verify_button.clicked.connect(self.verify)
        row.addWidget(self.verify_button)
        row.addStretch(1)
        log_layout.addLayout(row)
        self.verify_result = QLabel()
        self.verify_result.setObjectName("verifyResult")
        self.verify_result.setWordWrap(True)
        log_layout.addWidget(self.verify_result)
        layout.addWidget(log_box)
        self.verify_button.setEnabled(ctx.can("audit.review"))

        key_box = QGroupBox(tr("주민등록번호 암호화 키"))
        key_layout = QVBoxLayout(key_box)
        self.key_status = QLabel()
        self.key_status.setObjectName("keyStatus")
        self.key_status.setWordWrap(True)
        key_layout.addWidget(self.key_status)
        buttons = QHBoxLayout()
        self.export_button = QPushButton(tr("키 내보내기 (새 단말용)…"))
        self.export_button.setObjectName("exportKey")
        self.export_button.clicked.connect(self.export_key)
        self.rotate_button = QPushButton(tr("키 교체…"))
        self.rotate_button.setObjectName("rotateKey")
        self.rotate_button.clicked.connect(self.rotate_key)
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.rotate_button)
        buttons.addStretch(1)
        key_layout.addLayout(buttons)
        self.key_result = QLabel()
        self.key_result.setObjectName("keyResult")
        self.key_result.setWordWrap(True)
        key_layout.addWidget(self.key_result)
        layout.addWidget(key_box)
        admin = ctx.can("office.setup")
        key_box.setVisible(admin)
        layout.addStretch(1)
        if admin:
            self.refresh_keys()

    def refresh_keys(self) -> None:
        def done(status: keys.KeyStatus) -> None:
            text = tr(
                "데이터베이스의 키 지문: {fingerprints} · 이 단말의 키 파일: {key_file}",
                fingerprints=", ".join(status.key_ids) or tr("(없음)"),
                key_file=str(self.ctx.app.settings.key_file),
            )
            if status.rotation is not None:
                text += tr(
                    "<br><b>키 교체가 끝나지 않았습니다</b> ({rows_done}건 완료, {position}): "
                    "'키 교체'를 눌러 이어서 하세요.",
                    rows_done=number(status.rotation.rows_done),
                    position=status.rotation.position or tr("시작 전"),
                )
            self.key_status.setText(text)

        ops.load(self, self.ctx, lambda: keys.status(self.ctx.app.db, self.ctx.actor), done=done)

    def verify(self) -> None:
        def done(report: audit_chain.ChainReport) -> None:
            colour = "#1b5e20" if report.ok else "#b00020"
            self.verify_result.setStyleSheet(f"color: {colour}")
            self.verify_result.setText(
                tr("정상: {result}", result=report.problem)
                if report.ok
                else tr("위변조 발견: {result}", result=report.problem)
            )

        ops.load(self, self.ctx, lambda: audit_chain.verify_log(self.ctx.uow(), self.ctx.actor), done=done)

    def export_key(self) -> None:
        dialog = ExportKeyDialog(self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        values = dialog.values()

        def done(ids: tuple[str, ...]) -> None:
            self.key_result.setText(
                tr(
                    "키(지문 {fingerprints})를 내보냈습니다: {path}. 암호는 파일과 따로 전달하세요.",
                    fingerprints=", ".join(ids),
                    path=values["path"],
                )
            )

        ops.run(
            self,
            self.ctx,
            lambda: keys.export_key(
                self.ctx.app.db,
                self.ctx.actor,
                key_file=self.ctx.app.settings.key_file,
                path=values["path"],  # type: ignore[arg-type]
                passphrase=str(values["passphrase"]),
                confirm=str(values["confirm"]),
            ),
            done=done,
        )

    def rotate_key(self) -> None:
        answer = QMessageBox.question(
            self,
            tr("암호화 키 교체"),
            tr(
                "새 키를 만들고 모든 주민등록번호를 다시 암호화합니다. 다른 단말은 닫은 뒤에 하세요.\n"
                "끝나면 다른 단말에는 '키 내보내기'로 새 키를 전달해야 합니다. 계속할까요?"
            ),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return

        def done(state: keys.RotationState) -> None:
            self.key_result.setText(
                tr(
                    "키를 교체했습니다: {old_key_id} → {new_key_id}, {rows_done}건 다시 암호화했습니다.",
                    old_key_id=state.old_key_id,
                    new_key_id=state.new_key_id,
                    rows_done=state.rows_done,
                )
            )
            self.refresh_keys()

        ops.run(
            self,
            self.ctx,
            lambda: keys.rotate_key(self.ctx.app.db, self.ctx.actor, key_file=self.ctx.app.settings.key_file),
            done=done,
        )
