"""The speaker above, the learner below, on one time axis, with lines from each source word to
where it was said: a lag the learner can see, not just a number."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QPainter, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

from ..i18n import translate
from . import theme


class WaveformView(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("waveform")
        self.setMinimumHeight(120)
        self.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Fixed)
        self.waveforms = None
        self.words: list[dict] = []

    def set_data(self, waveforms, words: list[dict] | None = None) -> None:
        self.waveforms = waveforms
        self.words = list(words or [])
        tips = [f"{w['word']}: {w['lag'] * 1000:+.0f} ms" for w in self.words if w.get("lag") is not None]
        about = translate("Waveforms", "speaker (top) and you (bottom) on one time axis; the line over each is the "
                          "voice's melody (pitch, from its own middle)")
        self.setToolTip(about + ("\n" + ", ".join(tips[:12]) if tips else ""))
        self.update()

    def clear(self) -> None:
        self.set_data(None)

    def sizeHint(self):
        from PySide6.QtCore import QSize

        return QSize(400, 130)

    def paintEvent(self, event) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.Antialiasing)
        pal = self.palette()
        p.fillRect(self.rect(), pal.base())
        fm = p.fontMetrics()
        label_h = fm.height()
        text = pal.text().color()
        if self.waveforms is None or self.waveforms.duration <= 0:
            p.setPen(pal.placeholderText().color())
            p.drawText(self.rect().adjusted(8, 0, -8, 0), Qt.AlignCenter | Qt.TextWordWrap,
                       translate("Waveforms", "the speaker's and your waveforms appear here after an attempt"))
            return
        lanes = (translate("Waveforms", "speaker"), translate("Waveforms", "you"))
        gutter = max(fm.horizontalAdvance(name) for name in lanes) + 10.0  # lane names left of the waves
        band = 10.0  # between the lanes: each word's link from the speaker to you
        lane_h = (self.height() - label_h - 4 - band) / 2
        width = max(1.0, self.width() - gutter - 6)
        wf = self.waveforms
        duration = wf.duration
        x_of = lambda t: gutter + width * t / duration  # noqa: E731
        tops = (0.0, lane_h + band)

        for top, peaks, name, label in ((tops[0], wf.source, "source", lanes[0]),
                                        (tops[1], wf.attempt, "attempt", lanes[1])):
            mid, half = top + lane_h / 2, lane_h / 2 - 2
            upper = [QPointF(x_of(i * wf.seconds_per_bin), mid - v * half) for i, v in enumerate(peaks)]
            lower = [QPointF(x_of(i * wf.seconds_per_bin), mid + v * half) for i, v in enumerate(peaks)]
            fill = theme.qcolour(name, pal)
            fill.setAlpha(170)
            p.setPen(Qt.NoPen)
            p.setBrush(fill)
            if upper:
                p.drawPolygon(QPolygonF(upper + lower[::-1]))
            p.setPen(text)
            p.drawText(QRectF(2, top, gutter - 4, lane_h), Qt.AlignLeft | Qt.AlignVCenter, label)

        # each voice's melody over its lane: semitones from its own median, +-12 st to the lane's edges
        for top, melody in ((tops[0], wf.source_pitch), (tops[1], wf.attempt_pitch)):
            if melody is None:
                continue
            mid, half = top + lane_h / 2, lane_h / 2 - 2
            pen = QPen(theme.qcolour("pitch", pal), 2.0)
            p.setPen(pen)
            run: list[QPointF] = []
            for t, st in zip(melody.times, melody.semitones):
                if st != st or t > duration:  # unvoiced (NaN) ends a stroke
                    if len(run) > 1:
                        p.drawPolyline(QPolygonF(run))
                    run = []
                    continue
                run.append(QPointF(x_of(t), mid - max(-1.0, min(1.0, st / 12.0)) * half))
            if len(run) > 1:
                p.drawPolyline(QPolygonF(run))

        # each source word's onset joined to where it was said, coloured by status
        y0, y1 = tops[0] + lane_h, tops[1]
        for w in self.words:
            s, a = w.get("source_start"), w.get("attempt_start")
            p.setPen(QPen(theme.qcolour(w["status"], pal) if w.get("status") in theme.STATUSES else text, 1.5))
            if s is not None and a is not None:
                p.drawLine(QPointF(x_of(s), y0), QPointF(x_of(a), y1))
            elif s is not None:  # missed: a stub hanging from the speaker's lane
                p.drawLine(QPointF(x_of(s), y0), QPointF(x_of(s), y0 + band / 2))
            elif a is not None:  # inserted: a stub rising from the learner's lane
                p.drawLine(QPointF(x_of(a), y1 - band / 2), QPointF(x_of(a), y1))

        # seconds along the bottom
        p.setPen(pal.placeholderText().color())
        y = tops[1] + lane_h
        step = 1 if duration <= 12 else (2 if duration <= 24 else 5)
        t = 0
        while t <= duration:
            x = x_of(t)
            p.drawLine(QPointF(x, y), QPointF(x, y + 3))
            p.drawText(QRectF(x - 20, y + 2, 40, label_h), Qt.AlignHCenter | Qt.AlignTop, f"{t:g} s")
            t += step
