"""The three charts of the statistics page, drawn with QPainter (issue 17).

Why not QtCharts: it ships only in PySide6-Addons, a second large wheel of Qt modules next to the Essentials the
counter PCs install; it would enter both hash-pinned lock files and the PyInstaller bundle, and the three
charts people asked for (daily volume by service, hour-of-day load, on-time rate by department) are a stacked
bar, a bar and a horizontal bar chart: about a hundred lines of painting with the app's own font and no new
dependency. The widget paints only from the ChartSeries already computed by the database."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QWidget

from app.formatting import number
from app.views.statistics import ChartSeries
from ui.i18n import tr

COLOURS = ("#3b6ea5", "#e08a2c", "#4f9a5a", "#b5485d", "#7a61a8")


class ChartsWidget(QWidget):
    """Three panels side by side: 일별 처리량(업무별, 누적), 시간대별 창구 수납, 부서별 기한 내 처리율."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("statsCharts")
        self.series: ChartSeries | None = None
        self.setMinimumHeight(260)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt naming
        return QSize(1100, 320)

    def set_series(self, series: ChartSeries | None) -> None:
        self.series = series
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt naming
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("white"))
        if self.series is None:
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, tr("조회하면 그래프가 나타납니다."))
            return
        w, h = self.width(), self.height()
        gap = 12
        third = (w - 4 * gap) / 3
        panels = [QRectF(gap + i * (third + gap), gap, third, h - 2 * gap) for i in range(3)]
        self._daily(painter, panels[0])
        self._hours(painter, panels[1])
        self._on_time(painter, panels[2])
        painter.end()

    @staticmethod
    def _frame(painter: QPainter, rect: QRectF, title: str) -> QRectF:
        painter.setPen(QPen(QColor("#cccccc")))
        painter.drawRect(rect)
        painter.setPen(QColor("black"))
        font = painter.font()
        font.setBold(True)
        painter.setFont(font)
        painter.drawText(rect.adjusted(6, 4, -6, 0), Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignHCenter, title)
        font.setBold(False)
        painter.setFont(font)
        return rect.adjusted(40, 28, -10, -34)

    def _daily(self, painter: QPainter, rect: QRectF) -> None:
        assert self.series is not None
        area = self._frame(painter, rect, tr("일별 처리량 (업무별 누적)"))
        days = self.series.daily
        top = max((sum(v) for _, v in days), default=0) or 1
        self._axis(painter, area, top)
        if days:
            step = area.width() / len(days)
            for i, (_day, values) in enumerate(days):
                y = area.bottom()
                for k, value in enumerate(values):
                    height = area.height() * value / top
                    painter.fillRect(
                        QRectF(area.left() + i * step, y - height, max(step * 0.8, 1), height), QColor(COLOURS[k % 5])
                    )
                    y -= height
            first, last = days[0][0], days[-1][0]
            painter.drawText(
                QRectF(area.left(), area.bottom() + 2, area.width(), 14), Qt.AlignmentFlag.AlignLeft, f"{first:%m.%d}"
            )
            painter.drawText(
                QRectF(area.left(), area.bottom() + 2, area.width(), 14), Qt.AlignmentFlag.AlignRight, f"{last:%m.%d}"
            )
        x = area.left()
        for k, service in enumerate(self.series.services):
            name = tr(service)  # a kind of work (a catalog text) in the UI language
            painter.fillRect(QRectF(x, rect.bottom() - 14, 9, 9), QColor(COLOURS[k % 5]))
            advance = painter.fontMetrics().horizontalAdvance(name)
            painter.drawText(QRectF(x + 12, rect.bottom() - 18, advance + 2, 16), Qt.AlignmentFlag.AlignLeft, name)
            x += 14 + advance + 8

    def _hours(self, painter: QPainter, rect: QRectF) -> None:
        assert self.series is not None
        area = self._frame(painter, rect, tr("시간대별 창구 수납 (건)"))
        hours = dict(self.series.hours)
        shown = range(min([8, *hours]), max([18, *hours]) + 1)
        top = max(hours.values(), default=0) or 1
        self._axis(painter, area, top)
        step = area.width() / len(shown)
        for i, hour in enumerate(shown):
            height = area.height() * hours.get(hour, 0) / top
            painter.fillRect(
                QRectF(area.left() + i * step + 2, area.bottom() - height, step - 4, height), QColor(COLOURS[0])
            )
            painter.drawText(
                QRectF(area.left() + i * step, area.bottom() + 2, step, 14), Qt.AlignmentFlag.AlignHCenter, f"{hour}"
            )

    def _on_time(self, painter: QPainter, rect: QRectF) -> None:
        assert self.series is not None
        area = self._frame(painter, rect, tr("부서별 기한 내 처리율 (%)"))
        rows = self.series.on_time
        if not rows:
            painter.drawText(area, Qt.AlignmentFlag.AlignCenter, tr("처리한 민원이 없습니다."))
            return
        label = min(90.0, area.width() * 0.35)
        bars = area.adjusted(label - 30, 0, -30, 0)
        step = area.height() / len(rows)
        for i, (name, rate) in enumerate(rows):
            y = area.top() + i * step
            painter.setPen(QColor("black"))
            painter.drawText(
                QRectF(area.left() - 36, y, label, step),
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight,
                name,
            )
            width = bars.width() * rate / 100
            painter.fillRect(
                QRectF(bars.left() + 4, y + step * 0.15, width, step * 0.7),
                QColor(COLOURS[2] if rate >= 95 else COLOURS[3]),
            )
            painter.drawText(QRectF(bars.left() + 8 + width, y, 60, step), Qt.AlignmentFlag.AlignVCenter, f"{rate:.1f}")

    @staticmethod
    def _axis(painter: QPainter, area: QRectF, top: int) -> None:
        painter.setPen(QPen(QColor("#888888")))
        painter.drawLine(area.bottomLeft(), area.bottomRight())
        painter.drawLine(area.bottomLeft(), area.topLeft())
        painter.drawText(QRectF(area.left() - 38, area.top() - 7, 34, 14), Qt.AlignmentFlag.AlignRight, number(top))
        painter.drawText(QRectF(area.left() - 38, area.bottom() - 7, 34, 14), Qt.AlignmentFlag.AlignRight, "0")
