"""Daily practice minutes as a calendar heat map: one square per day, weeks as columns.

The week starts on the day the locale says (Monday in most of Europe, Sunday in Japan and the US),
and day and month names are the locale's (``QLocale()``, which the window sets to the chosen
interface language)."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate, QLocale, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QSizePolicy, QWidget

from ..i18n import translate
from . import theme

CELL, GAP = 13, 3


class CalendarView(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("calendar")
        self.minutes: dict[date, float] = {}
        self.goal = 15.0
        self.today = date.today()
        self.weeks = 26
        self.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Fixed)
        self.setMouseTracking(True)

    def set_data(self, minutes: dict[date, float], goal: float, today: date, weeks: int = 26) -> None:
        self.minutes, self.goal, self.today, self.weeks = minutes, goal, today, weeks
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(40 + self.weeks * (CELL + GAP), 20 + 7 * (CELL + GAP) + 6)

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    @staticmethod
    def first_weekday() -> int:
        """The locale's first day of the week, as ``date.weekday()`` counts (Monday 0)."""
        return QLocale().firstDayOfWeek().value - 1

    def _first_day(self) -> date:
        start = self.today - timedelta(days=(self.today.weekday() - self.first_weekday()) % 7)
        return start - timedelta(weeks=self.weeks - 1)

    def _cell(self, day: date) -> QRectF:
        offset = (day - self._first_day()).days
        week, weekday = divmod(offset, 7)
        return QRectF(32 + week * (CELL + GAP), 18 + weekday * (CELL + GAP), CELL, CELL)

    def colour(self, minutes: float) -> QColor:
        """Empty, then four steps up to the goal; the goal met is the full colour."""
        if minutes <= 0:
            c = QColor(self.palette().mid().color())
            c.setAlpha(90)
            return c
        c = theme.qcolour("correct", self.palette())
        c.setAlphaF(0.3 + 0.7 * min(1.0, minutes / max(self.goal, 1.0)))
        return c

    def paintEvent(self, event) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.Antialiasing)
        pal = self.palette()
        p.setPen(pal.placeholderText().color())
        locale = QLocale()
        for i in (0, 2, 4, 6):
            name = locale.dayName((self.first_weekday() + i) % 7 + 1, QLocale.ShortFormat)
            p.drawText(QRectF(0, 18 + i * (CELL + GAP) - 2, 30, CELL + 4), Qt.AlignLeft | Qt.AlignVCenter, name)
        day = self._first_day()
        last_month = None
        while day <= self.today:
            rect = self._cell(day)
            if day.month != last_month and day.weekday() == self.first_weekday():
                p.setPen(pal.placeholderText().color())
                p.drawText(QRectF(rect.x(), 0, 40, 16), Qt.AlignLeft | Qt.AlignVCenter,
                           locale.monthName(day.month, QLocale.ShortFormat))
                last_month = day.month
            p.setPen(Qt.NoPen)
            p.setBrush(self.colour(self.minutes.get(day, 0.0)))
            p.drawRoundedRect(rect, 2, 2)
            if day == self.today:
                p.setPen(pal.text().color())
                p.setBrush(Qt.NoBrush)
                p.drawRoundedRect(rect.adjusted(-1, -1, 1, 1), 2, 2)
            day += timedelta(days=1)

    def mouseMoveEvent(self, event) -> None:
        day = self._first_day()
        while day <= self.today:
            if self._cell(day).contains(event.position()):
                when = QLocale().toString(QDate(day.year, day.month, day.day), QLocale.LongFormat)
                self.setToolTip(translate("Calendar", "{day}: {minutes} min").format(
                    day=when, minutes=f"{self.minutes.get(day, 0.0):.0f}"))
                return
            day += timedelta(days=1)
        self.setToolTip("")
