"""The selected attempt on the sentence: its score, each word in the colour of what happened to
it, lag and pace, both waveforms on one time axis; and every attempt on the sentence, to pick one,
hear it, or hear the speaker then it (A/B).

Attempts and waveforms are read off the UI thread; a figure that arrives for an attempt no longer
selected is dropped.
"""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListWidget, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from ..i18n import QT_TRANSLATE_NOOP, translate
from ..practice import unscored_note
from ..records import AttemptRecord, Episode, Segment
from ..storage import Library
from . import core_text, theme
from .labels import local_time, mode_name
from .ops import Op
from .waveform_view import WaveformView


def attempt_line(n: int, a: AttemptRecord) -> str:
    score = f"{a.score:.0f}" if a.score is not None else (
        translate("Results", "playback stalled") if a.meta.get("interrupted_by") == "dropout"
        else translate("Results", STATUS_NAMES.get(a.status, a.status)))
    line = translate("Results", "{n}. {mode} {speed}× — {score} · lag {lag} ms") if a.lag_ms is not None else \
        translate("Results", "{n}. {mode} {speed}× — {score}")
    return line.format(n=f"{n:>2}", mode=mode_name(a.mode), speed=f"{a.speed:g}", score=score,
                       lag=f"{a.lag_ms:.0f}" if a.lag_ms is not None else "")


# what happened to each word (the colours' legend)
WORD_STATUS_NAMES = {"correct": QT_TRANSLATE_NOOP("Results", "correct"),
                     "substituted": QT_TRANSLATE_NOOP("Results", "substituted"),
                     "missed": QT_TRANSLATE_NOOP("Results", "missed"),
                     "inserted": QT_TRANSLATE_NOOP("Results", "inserted")}
# an attempt's status (storage.Library.finish_attempt) in the learner's words
STATUS_NAMES = {"recorded": QT_TRANSLATE_NOOP("Results", "recorded"),
                "interrupted": QT_TRANSLATE_NOOP("Results", "interrupted"),
                "failed": QT_TRANSLATE_NOOP("Results", "failed")}


def _load_attempts(library_path: Path, segment_id: int) -> list[AttemptRecord]:
    with Library(library_path) as library:
        return library.attempts(segment_id=segment_id)


def _waveforms(attempt_path: str, source_path: str, start: float, end: float, speed: float):
    from ..audio.waveform import attempt_waveforms

    return attempt_waveforms(attempt_path, source_path, start, end, speed)


class ResultPanel(QWidget):
    play_requested = Signal(bool)  # source first (A/B)?
    word_play_requested = Signal(dict)  # a word of the result: the speaker's, then the learner's
    attempts_shown = Signal(int)  # how many attempts the sentence has

    def __init__(self, library_path: Path, parent=None):
        super().__init__(parent)
        self.library_path = library_path
        self.attempts: list[AttemptRecord] = []
        self._episode: Episode | None = None
        self._segment_id: int | None = None
        self._waveform_for: int | None = None
        self._words: list[dict] = []
        self._build()
        self.select(-1)

    def _build(self) -> None:
        self.score_label = QLabel("–")
        self.score_label.setObjectName("score")
        f = self.score_label.font()
        f.setPointSize(f.pointSize() + 18)
        f.setBold(True)
        self.score_label.setFont(f)
        self.result_words = QTextBrowser()  # wraps, scrolls, and says what was heard on hover
        self.result_words.setObjectName("result_words")
        self.result_words.setOpenLinks(False)
        self.result_words.setMaximumHeight(120)
        self.result_words.highlighted.connect(self._word_hover)
        self.result_words.anchorClicked.connect(self._word_clicked)
        self.result_detail = QLabel()
        self.result_detail.setWordWrap(True)
        self.waveform = WaveformView()
        self.attempt_list = QListWidget()
        self.attempt_list.setObjectName("attempts")
        self.attempt_list.itemDoubleClicked.connect(lambda _: self.play_requested.emit(False))
        self.attempt_list.currentRowChanged.connect(self.select)
        self.attempt_caption = QLabel("<b>{}</b>".format(translate("Results", "Attempt")))
        self.play_attempt_button = QPushButton(translate("Results", "Play attempt"))
        self.play_attempt_button.clicked.connect(lambda: self.play_requested.emit(False))
        self.ab_button = QPushButton(translate("Results", "Source, then attempt"))
        self.ab_button.clicked.connect(lambda: self.play_requested.emit(True))
        listen_row = QHBoxLayout()
        listen_row.setContentsMargins(0, 0, 0, 0)
        listen_row.addWidget(self.play_attempt_button)
        listen_row.addWidget(self.ab_button)
        rv = QVBoxLayout(self)
        for w in (self.attempt_caption, self.score_label, self.result_words, self.result_detail, self.waveform):
            rv.addWidget(w)
        rv.addWidget(QLabel("<b>{}</b>".format(translate("Results", "Attempts on this segment"))))
        rv.addWidget(self.attempt_list, 1)
        rv.addLayout(listen_row)

    # --- which attempts ----------------------------------------------------------------------

    def show_segment(self, episode: Episode | None, segment: Segment | None) -> None:
        """Read the sentence's attempts in the background and select the latest."""
        self._episode = episode
        self._segment_id = segment.id if segment is not None else None
        if self._segment_id is None:
            self.show_attempts([])
            return
        wanted = self._segment_id
        Op(self, _load_attempts, self.library_path, wanted) \
            .on_result(lambda attempts: self.show_attempts(attempts) if self._segment_id == wanted else None).start()

    def show_attempts(self, attempts: list[AttemptRecord]) -> None:
        self.attempts = list(attempts)
        self.attempt_list.blockSignals(True)
        self.attempt_list.clear()
        self.attempt_list.addItems([attempt_line(n, a) for n, a in enumerate(attempts, 1)])
        self.attempt_list.blockSignals(False)
        if attempts:
            self.attempt_list.setCurrentRow(len(attempts) - 1)
        else:
            self.select(-1)
        self.attempts_shown.emit(len(attempts))

    def current(self) -> AttemptRecord | None:
        row = self.attempt_list.currentRow()
        return self.attempts[row] if 0 <= row < len(self.attempts) else None

    def select(self, row: int) -> None:
        a = self.attempts[row] if 0 <= row < len(self.attempts) else None
        self.waveform.clear()
        if a is None:
            self._waveform_for = None
            self.attempt_caption.setText("<b>{}</b>".format(translate("Results", "Attempt")))
            self.render_result(None, translate("Results", "no attempt on this segment yet"))
            return
        self.attempt_caption.setText(translate("Results", "<b>Attempt {n}</b> · {mode} · {speed}× · {when}").format(
            n=row + 1, mode=mode_name(a.mode), speed=f"{a.speed:g}", when=local_time(a.recorded_at)))
        self.render_stored(a)
        if self._episode is None:
            return
        from ..storage.library import resolve_recording

        self._waveform_for = a.id
        words = (a.result or {}).get("words", [])
        Op(self, _waveforms, str(resolve_recording(a.path)), self._episode.path, a.source_start, a.source_end,
           a.speed).on_result(lambda wf, attempt_id=a.id: self._show_waveform(attempt_id, wf, words)) \
            .on_error(lambda message: self.waveform.clear()).start()

    def _show_waveform(self, attempt_id: int, waveforms, words: list[dict]) -> None:
        if self._waveform_for == attempt_id:
            self.waveform.set_data(waveforms, words)

    # --- one result --------------------------------------------------------------------------

    def render_stored(self, a: AttemptRecord) -> None:
        """A stored attempt: its figures, or why it has none."""
        self.render_result(a.result, unscored_note(a.status, a.meta) if a.result is None else None)

    def render_result(self, result: dict | None, note: str | None = None) -> None:
        """Score, coloured words, figures: from ``ScoreResult.to_dict()``, fresh or stored."""
        if result is None:
            self.score_label.setText("–")
            self.score_label.setToolTip("")
            self.result_words.setHtml(html.escape(note or translate("Results", "not scored")))
            self.result_detail.clear()
            return
        self.score_label.setText(str(result["score"]))
        self.score_label.setToolTip(core_text.formula(result.get("formula", "")))
        self._words = list(result.get("words", []))
        self.result_words.setHtml("<p style='font-size:15pt'>" + " ".join(
            _word_html(w, k) for k, w in enumerate(self._words)) + "</p>")
        lag = (result.get("lag_ms") or {}).get("median")
        pace = result.get("pace_ratio")
        detail = [translate("Results", "accuracy {percent}%").format(percent=round(100 * result["word_accuracy"]))]
        if result.get("pronunciation") is not None:
            detail.append(translate("Results", "pronunciation {score}").format(score=f"{result['pronunciation']:.0f}"))
        prosody = result.get("prosody") or {}
        if prosody.get("score") is not None:
            detail.append(translate("Results", "intonation {score}").format(score=f"{prosody['score']:.0f}"))
        if lag is not None:
            detail.append(translate("Results", "lag {ms} ms").format(ms=f"{lag:.0f}"))
        if pace:
            detail.append(translate("Results", "pace ×{ratio}").format(ratio=f"{pace:.2f}"))
        legend = " ".join(f"<span style='color:{theme.colour(k)}'>■ {translate('Results', name)}</span>"
                          for k, name in WORD_STATUS_NAMES.items())
        sound_legend = (" <span style='color:{}'>{}</span>".format(theme.colour("sound"), translate(
            "Results", "<u>word</u>• a sound to fix (hover, click to hear)"))
            if any(_wrong_phones(w) for w in self._words) else "")
        self.result_detail.setText(" · ".join(detail) + "<br>" + legend + sound_legend
                                   + "".join(f"<br>♪ {html.escape(core_text.note(n))}" for n in prosody.get("notes", []))
                                   + "".join(f"<br>⚠ {html.escape(core_text.warning(x))}"
                                             for x in result.get("warnings", [])))
        self.result_detail.setToolTip(core_text.formula(result.get("formula", "")))

    def _word_hover(self, url) -> None:
        from PySide6.QtGui import QCursor
        from PySide6.QtWidgets import QToolTip

        text = url.toString() if hasattr(url, "toString") else str(url)
        if text.startswith("heard:"):
            QToolTip.showText(QCursor.pos(), translate("Results", "heard: {words}").format(words=text[6:]),
                              self.result_words)
        elif text.startswith("word:"):
            QToolTip.showText(QCursor.pos(), sound_tooltip(self._words[int(text[5:])]), self.result_words)

    def _word_clicked(self, url) -> None:
        """A marked word: hear the speaker say it, then yourself."""
        text = url.toString()
        if text.startswith("word:"):
            self.word_play_requested.emit(self._words[int(text[5:])])

    def restyle(self) -> None:
        """The system switched light/dark: draw again what carries its own colours."""
        a = self.current()
        if a is not None:
            self.render_stored(a)
        self.waveform.update()


def _wrong_phones(w: dict) -> list[dict]:
    return [p for p in (w.get("phones") or ()) if not p.get("ok", True)]


def sound_tooltip(w: dict) -> str:
    """What came out wrong in a word, with the tip for each sound: "th /θ/ → /s/ ..."."""
    from ..history import sound_change
    from ..pronunciation.phones import tip

    lines = [translate("Results", "{word} (Whisper heard: {heard})").format(word=w["word"], heard=w["heard"])
             if w.get("evidence") == "sound" and w.get("heard") else w["word"]]
    for p in _wrong_phones(w):
        lines.append(sound_change(p) + (f"\n  {tip(p['expected'])}" if tip(p["expected"]) else ""))
    if w.get("source_start") is not None and w.get("attempt_start") is not None:
        lines.append(translate("Results", "click: hear the speaker's word, then yours"))
    return "\n".join(lines)


def _word_html(w: dict, k: int = 0) -> str:
    colour = theme.colour(w["status"])
    text = html.escape(w["word"])
    if _wrong_phones(w) and w["status"] != "substituted":
        mark = theme.colour("sound")
        text = (f"<a href='word:{k}' style='color:{colour}; text-decoration: underline'>{text}</a>"
                f"<sup style='color:{mark}'>•</sup>")
    elif w.get("evidence") == "sound":
        text = f"<a href='word:{k}' style='color:{colour}; text-decoration: none'>{text}</a>"
    if w["status"] == "substituted":
        heard = html.escape(w.get("heard") or "", quote=True)
        text = (f"<a href='heard:{heard}' style='color:{colour}'>{text}</a>"
                f"<sub>({html.escape(w.get('heard') or '')})</sub>")
    elif w["status"] == "missed":
        text = f"<s>{text}</s>"
    elif w["status"] == "inserted":
        text = f"+{text}"
    return f"<span style='color:{colour}'>{text}</span>"
