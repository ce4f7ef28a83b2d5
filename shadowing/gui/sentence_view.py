"""The sentence being practised, karaoke style: each word lights up as it is heard.

It follows the loop's clock (when its first sample was heard, at what speed) and the transcript
setting: shown, hidden (blind shadowing), or revealed once the attempt is in.
"""

from __future__ import annotations

import html
import time

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QLabel

from ..records import Segment
from . import theme

HIDDEN_TEXT = "(transcript hidden — press T to show)"


class SentenceView(QLabel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("sentence")
        self.setWordWrap(True)
        self.setTextFormat(Qt.RichText)
        self.setMinimumHeight(90)
        font = self.font()
        font.setPointSize(font.pointSize() + 8)
        self.setFont(font)
        self.segment: Segment | None = None
        self.visibility = "shown"
        self.revealed = True
        self.loop_clock: tuple[float, float] | None = None  # (monotonic when heard, speed)
        self._timer = QTimer(self)
        self._timer.setInterval(50)
        self._timer.timeout.connect(self.refresh)
        self._timer.start()

    def show_segment(self, segment: Segment | None) -> None:
        """A new sentence: no loop running, the transcript as the setting says before an attempt."""
        self.segment = segment
        self.loop_clock = None
        self.revealed = self.visibility == "shown"
        self.refresh()

    def set_visibility(self, visibility: str, revealed: bool | None = None) -> None:
        self.visibility = visibility
        self.revealed = visibility == "shown" if revealed is None else revealed
        self.refresh()

    def reveal(self) -> None:
        """The attempt is in: "after attempt" shows the text now."""
        self.revealed = True
        self.refresh()

    def loop_started(self, heard_in_s: float, speed: float) -> None:
        self.loop_clock = (time.monotonic() + heard_in_s, speed)

    def loop_stopped(self) -> None:
        self.loop_clock = None

    @property
    def hidden(self) -> bool:
        return self.visibility == "hidden" or (self.visibility == "after attempt" and not self.revealed)

    def refresh(self) -> None:
        seg = self.segment
        if seg is None:
            self.setText("")
            return
        if self.hidden:
            self.setText(f"<span style='color:{theme.colour('spoken')}'>{html.escape(HIDDEN_TEXT)}</span>")
            return
        now = None
        if self.loop_clock is not None:
            started, speed = self.loop_clock
            now = seg.start + (time.monotonic() - started) * speed
        parts = []
        for w in seg.words:
            text = html.escape(w.text)
            if now is not None and w.start <= now < w.end + 0.15:
                parts.append(f"<span style='background:{theme.colour('karaoke_bg')};"
                             f"color:{theme.colour('karaoke_fg')}'>{text}</span>")
            elif now is not None and w.end <= now:
                parts.append(f"<span style='color:{theme.colour('spoken')}'>{text}</span>")
            else:
                parts.append(text)
        self.setText(" ".join(parts) or html.escape(seg.text))
