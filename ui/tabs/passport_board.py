"""The emergency-passport countdown board (긴급여권 처리 현황) on top of the passport tab.

Redrawn every second from the clock (no database work); reloaded from the database every 30 seconds through
``ui.connection.refresh_timer`` (paused while the server is unreachable, once more when it answers again) and
after each change. The target is the one the service stored (3 WORKING hours, 민원처리법 제19조①), shown as a
clock time beside the countdown ("마감 12-03(목) 10:00"). A deadline within 30 minutes, or past, raises the red
alert line.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QGroupBox, QLabel, QVBoxLayout, QWidget

from app.formatting import number
from app.services import passports as ps
from app.views.passport import EmergencyCountdown
from ui import ops
from ui.connection import refresh_timer
from ui.context import UiContext
from ui.errors import message_for
from ui.i18n import tr
from ui.tabs.passport_models import WARN_SECONDS, CountdownModel, due_text, passport_table

RELOAD_MSECS = 30_000  # reload the board from the database every 30 s; redraw every second


class EmergencyBoard(QGroupBox):
    def __init__(
        self,
        ctx: UiContext,
        clock: Callable[[], datetime],
        *,
        status: Callable[[str], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(tr("긴급여권 처리 현황 (접수 후 근무시간 3시간 이내 교부)"), parent)
        self.ctx = ctx
        self.clock = clock
        self._status = status
        self.setObjectName("emergencyBoard")
        layout = QVBoxLayout(self)
        self.alert = QLabel(self)
        self.alert.setObjectName("emergencyAlert")
        self.alert.setWordWrap(True)
        self.alert.setStyleSheet("background: #c62828; color: white; font-weight: bold; padding: 4px")
        self.alert.hide()
        self.model = CountdownModel(self)
        self.view = passport_table(self.model, "emergencyTable", self)
        self.view.setMaximumHeight(120)
        self.view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.empty = QLabel(tr("처리 중인 긴급여권이 없습니다."), self)
        self.empty.setObjectName("emergencyEmpty")
        layout.addWidget(self.alert)
        layout.addWidget(self.empty)
        layout.addWidget(self.view)
        self.timer = QTimer(self)
        self.timer.setObjectName("countdownTimer")
        self.timer.timeout.connect(self.redraw)
        self.timer.start(1000)
        self.reload_timer = refresh_timer(
            self, ctx, RELOAD_MSECS, lambda: self.load(background=True), topics=("passports",)
        )
        self.reload_timer.setObjectName("countdownReloadTimer")

    def load(self, *, background: bool = False) -> None:
        """Reload the open emergency applications (a refusal goes to the status line, never a message box);
        ``background``: the timer's reload, skipped while the server is unreachable (the banner says so)."""
        ctx, now = self.ctx, self.clock()

        def done(rows: list[EmergencyCountdown]) -> None:
            self.model.set_rows(rows)
            self.redraw()

        ops.load(
            self,
            ctx,
            lambda: ps.open_emergencies(ctx.uow(), ctx.actor, now=now),
            done=done,
            refused=lambda exc: self._status(message_for(exc)[0]),
            background=background,
        )

    def redraw(self) -> None:
        now = self.clock()
        self.model.set_now(now)
        rows = self.model.rows
        self.empty.setVisible(not rows)
        self.view.setVisible(bool(rows))
        urgent = [r for r in rows if r.seconds_left(now) <= WARN_SECONDS]
        if not urgent:
            self.alert.hide()
            return
        parts = []
        for row in urgent:
            left = row.seconds_left(now)
            if left < 0:
                parts.append(
                    tr(
                        "{number} 처리기한({due_at})이 {minutes}분 지났습니다",
                        number=row.number,
                        due_at=due_text(row.due_at),
                        minutes=number((-left) // 60),
                    )
                )
            else:
                parts.append(
                    tr(
                        "{number} {due_at}까지 {minutes}분 남았습니다",
                        number=row.number,
                        due_at=due_text(row.due_at),
                        minutes=number(left // 60),
                    )
                )
        self.alert.setText(tr("⚠ 긴급여권 {alerts}", alerts=" · ".join(parts)))
        self.alert.show()
