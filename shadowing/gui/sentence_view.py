"""The sentence being practised, karaoke style: each word lights up as it is heard.

It follows the loop's clock (when its first sample was heard, at what speed) and the transcript
setting: shown, hidden (blind shadowing), or revealed once the attempt is in.

Words Whisper may have got wrong (:mod:`shadowing.transcription.doubt`) are underlined in amber;
clicking one, or right-clicking any word, offers to correct it or put it in the glossary.
"""

from __future__ import annotations

import html
import time

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QLabel, QMenu

from ..i18n import QT_TRANSLATE_NOOP, translate
from ..records import Segment
from ..transcription import doubt
from . import theme

HIDDEN_TEXT = QT_TRANSLATE_NOOP("Sentence", "(transcript hidden — press T to show)")


class SentenceView(QLabel):
    correct_requested = Signal(object, int)  # the segment, the index of the word to correct
    glossary_requested = Signal(str)  # a word the learner vouches for

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
        self.glossary: frozenset[str] = frozenset()  # doubt.glossary_keys of the learner's glossary
        self.doubts: dict[int, str] | None = None  # None until the dictionary is loaded
        self._hovered: int | None = None
        self.linkHovered.connect(self._hover)
        self.linkActivated.connect(self._clicked)
        self._timer = QTimer(self)
        self._timer.setInterval(50)
        self._timer.timeout.connect(self.refresh)
        self._timer.start()

    def show_segment(self, segment: Segment | None) -> None:
        """A new sentence: no loop running, the transcript as the setting says before an attempt."""
        self.segment = segment
        self.loop_clock = None
        self.revealed = self.visibility == "shown"
        self.doubts = None
        self.refresh()

    def set_glossary(self, terms) -> None:
        self.glossary = doubt.glossary_keys(terms)
        self.doubts = None
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
            self.setText(f"<span style='color:{theme.colour('spoken')}'>"
                         f"{html.escape(translate('Sentence', HIDDEN_TEXT))}</span>")
            return
        now = None
        if self.loop_clock is not None:
            started, speed = self.loop_clock
            now = seg.start + (time.monotonic() - started) * speed
        if self.doubts is None and doubt.lexicon_ready():
            self.doubts = doubt.doubts(seg.words, self.glossary)
        doubts = self.doubts or {}
        plain = f"color:{self.palette().color(QPalette.WindowText).name()}; text-decoration:none"
        parts = []
        for i, w in enumerate(seg.words):
            style = plain
            if now is not None and w.start <= now < w.end + 0.15:
                style = f"background:{theme.colour('karaoke_bg')}; color:{theme.colour('karaoke_fg')}; text-decoration:none"
            elif now is not None and w.end <= now:
                style = f"color:{theme.colour('spoken')}; text-decoration:none"
            elif i in doubts:
                style = f"color:{theme.colour('doubtful')}; text-decoration:underline"
            parts.append(f"<a href='{i}' style='{style}'>{html.escape(w.text)}</a>")
        text = " ".join(parts) or html.escape(seg.text)
        if text != self.text():
            self.setText(text)

    def word_tooltip(self, index: int) -> str:
        seg = self.segment
        if seg is None or not 0 <= index < len(seg.words):
            return ""
        word = seg.words[index]
        why = (self.doubts or {}).get(index)
        if word.corrected:
            return translate("Sentence", "You corrected this (Whisper wrote “{heard}”)").format(heard=word.heard)
        if why == doubt.UNKNOWN:
            return translate("Sentence", "“{word}” is in no dictionary: Whisper may have misheard a name or a term. "
                             "Click to correct it, or right-click to add it to your glossary").format(word=word.text)
        if why == doubt.UNSURE:
            return translate("Sentence", "Whisper was unsure of “{word}” ({percent}%). Click to correct it if it is "
                             "wrong").format(word=word.text, percent=round(100 * word.probability))
        return translate("Sentence", "Right-click to correct this word")

    def _hover(self, href: str) -> None:
        self._hovered = int(href) if href.isdigit() else None
        self.setToolTip(self.word_tooltip(self._hovered) if self._hovered is not None else "")

    def _clicked(self, href: str) -> None:
        if self.segment is not None and href.isdigit() and int(href) in (self.doubts or {}):
            self.correct_requested.emit(self.segment, int(href))

    def contextMenuEvent(self, event) -> None:
        index, seg = self._hovered, self.segment
        if seg is None or index is None or self.hidden or not 0 <= index < len(seg.words):
            return
        word = seg.words[index].text.strip(".,;:!?\"'()")
        menu = QMenu(self)
        menu.addAction(translate("Sentence", "Correct “{word}”…").format(word=word),
                       lambda: self.correct_requested.emit(seg, index))
        menu.addAction(translate("Sentence", "Add “{word}” to my glossary").format(word=word),
                       lambda: self.glossary_requested.emit(word))
        menu.exec(event.globalPos())
