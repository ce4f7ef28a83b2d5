"""The review window: sessions, progress over weeks (charts, calendar, streak, goal), weak words.

Everything it shows is computed by the core (``shadowing.history``) on the thread pool; the
charts are pyqtgraph on the same Qt binding.
"""

from __future__ import annotations

import html
from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from PySide6.QtCore import QDateTime, QLocale, Qt, Signal
from PySide6.QtWidgets import (QComboBox, QDoubleSpinBox, QFileDialog, QHBoxLayout, QLabel, QMessageBox,
                               QPushButton, QSplitter, QTabWidget, QTextBrowser, QTreeWidget, QTreeWidgetItem,
                               QVBoxLayout, QWidget)

from .. import anki, history, settings
from ..i18n import QT_TRANSLATE_NOOP, translate
from ..storage import Library
from .banner import error_banner
from . import theme
from .ops import Op
from .calendar_view import CalendarView
from .labels import local_time, mode_name

WEEKS = 26


@dataclass
class ReviewData:
    sessions: list
    habit: history.Habit
    minutes: dict
    weak: list
    segment_scores: dict  # segment id -> (text, [(recorded_at, score)])
    loop_means: dict  # loop number -> (mean score, attempts)
    attempts_by_session: dict


def load_review(library_path: Path, goal: float) -> ReviewData:
    with Library(library_path) as library:
        sessions = history.sessions(library)
        habit = history.habit(library, goal, days=7)
        minutes = history.daily_minutes(library)
        weak = history.weak_words(library, limit=200)
        per_segment: dict = {}
        loops: dict = defaultdict(list)
        by_session: dict = defaultdict(list)
        for a in library.attempts(limit=100000):
            by_session[a.session_id].append(a)
            if a.score is None:
                continue
            loops[a.loop].append(a.score)
            if a.segment_id is not None:
                per_segment.setdefault(a.segment_id, (a.source_text, []))[1].append((a.recorded_at, a.score))
    loop_means = {n: (sum(v) / len(v), len(v)) for n, v in sorted(loops.items())}
    return ReviewData(sessions, habit, minutes, weak, per_segment, loop_means, dict(by_session))


def _plot(title: str, date_axis: bool = False):
    import pyqtgraph as pg

    axis = {"bottom": _LocaleDateAxis()} if date_axis else {}
    w = pg.PlotWidget(axisItems=axis)
    w.setTitle(title)
    w.setMinimumHeight(180)
    w.showGrid(x=False, y=True, alpha=0.25)
    w.setMouseEnabled(x=False, y=False)
    w.hideButtons()
    return w


def _LocaleDateAxis():
    """pyqtgraph's date axis with the locale's month names and day order ("Nov 3", "11/3")."""
    import pyqtgraph as pg

    class LocaleDateAxis(pg.DateAxisItem):
        def tickStrings(self, values, scale, spacing):
            locale = QLocale()
            if spacing >= 25 * 86400:  # month ticks
                form = translate("Review", "MMM yyyy") if spacing >= 300 * 86400 else "MMM"
            elif spacing >= 86400:
                form = translate("Review", "MMM d")
            else:
                return super().tickStrings(values, scale, spacing)  # hours: digits only
            return [locale.toString(QDateTime.fromSecsSinceEpoch(int(v)).date(), form) for v in values]

    return LocaleDateAxis()


def _style(plot, palette) -> None:
    import pyqtgraph as pg

    plot.setBackground(palette.base().color())
    pen = pg.mkPen(palette.text().color())
    for name in ("left", "bottom"):
        axis = plot.getAxis(name)
        axis.setPen(pen)
        axis.setTextPen(pen)
    plot.getPlotItem().titleLabel.setText(plot.getPlotItem().titleLabel.text, color=palette.text().color().name())


DOUBTFUL_TIP = QT_TRANSLATE_NOOP("Review", "Perhaps not the speaker's word but Whisper's mistake (no dictionary has "
                                 "it, or Whisper was unsure). It is left out of Anki exports: correct it in the "
                                 "sentence (click the word), or right-click here if it is right")


class ReviewWindow(QWidget):
    loaded = Signal()

    def __init__(self, library_path: Path, parent=None):
        super().__init__(parent, Qt.Window)
        self.setWindowTitle(translate("Review", "Shadow — review"))
        self.library_path = Path(library_path)
        self.data: ReviewData | None = None
        self.tabs = QTabWidget()
        self.tabs.addTab(self._sessions_tab(), translate("Review", "Sessions"))
        self.tabs.addTab(self._progress_tab(), translate("Review", "Progress"))
        self.tabs.addTab(self._words_tab(), translate("Review", "Weak words"))
        self.banner = error_banner()
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(self.tabs)
        self.resize(1280, 800)

    # --- tabs --------------------------------------------------------------------------------

    def _sessions_tab(self) -> QWidget:
        self.session_list = QTreeWidget()
        self.session_list.setObjectName("sessions")
        self.session_list.setHeaderLabels([translate("Review", "started"), translate("Review", "episode"),
                                           translate("Review", "min"), translate("Review", "attempts"),
                                           translate("Review", "accuracy"), translate("Review", "mean"),
                                           translate("Review", "best")])
        self.session_list.setRootIsDecorated(False)
        self.session_list.currentItemChanged.connect(self._session_selected)
        self.session_summary = QTextBrowser()
        self.session_summary.setObjectName("session_summary")
        split = QSplitter()
        split.addWidget(self.session_list)
        split.addWidget(self.session_summary)
        split.setSizes([700, 540])
        return split

    def _progress_tab(self) -> QWidget:
        page = QWidget()
        v = QVBoxLayout(page)
        top = QHBoxLayout()
        self.habit_label = QLabel()
        self.habit_label.setObjectName("habit")
        f = self.habit_label.font()
        f.setPointSize(f.pointSize() + 3)
        self.habit_label.setFont(f)
        self.goal = QDoubleSpinBox()
        self.goal.setRange(1, 600)
        self.goal.setDecimals(0)
        self.goal.setSuffix(translate("Review", " min a day"))
        self.goal.setPrefix(translate("Review", "goal "))
        self.goal.setValue(settings.load().daily_goal_min)
        self.goal.editingFinished.connect(self._goal_changed)
        top.addWidget(self.habit_label, 1)
        top.addWidget(self.goal)
        v.addLayout(top)
        self.calendar = CalendarView()
        v.addWidget(self.calendar)
        self.accuracy_plot = _plot(translate("Review", "Accuracy and score per session"), date_axis=True)
        v.addWidget(self.accuracy_plot, 1)
        row = QHBoxLayout()
        left = QVBoxLayout()
        self.segment_choice = QComboBox()
        self.segment_choice.setObjectName("segment_choice")
        self.segment_choice.currentIndexChanged.connect(self._draw_segment)
        self.segment_plot = _plot(translate("Review", "Score by attempt on one sentence"))
        left.addWidget(self.segment_choice)
        left.addWidget(self.segment_plot, 1)
        self.loop_plot = _plot(translate("Review", "Mean score by loop number (does the 3rd or 5th loop help?)"))
        row.addLayout(left, 1)
        row.addWidget(self.loop_plot, 1)
        v.addLayout(row, 1)
        return page

    def _words_tab(self) -> QWidget:
        page = QWidget()
        v = QVBoxLayout(page)
        self.word_list = QTreeWidget()
        self.word_list.setObjectName("weak_words")
        self.word_list.setHeaderLabels([translate("Review", "word"), translate("Review", "missed"),
                                        translate("Review", "changed"), translate("Review", "sound off"),
                                        translate("Review", "of"), translate("Review", "heard as / sound"),
                                        translate("Review", "sentence")])
        self.word_list.setRootIsDecorated(False)
        self.word_list.setColumnWidth(0, 140)
        self.word_list.setColumnWidth(5, 170)
        self.word_list.setContextMenuPolicy(Qt.CustomContextMenu)
        self.word_list.customContextMenuRequested.connect(self._word_menu)
        buttons = QHBoxLayout()
        self.known_button = QPushButton(translate("Review", "Mark ticked words known"))
        self.known_button.clicked.connect(self.mark_known)
        self.export_button = QPushButton(translate("Review", "Export ticked words to Anki…"))
        self.export_button.clicked.connect(lambda: self.export_anki(None))
        buttons.addWidget(QLabel(translate("Review", "Words you miss, change or mispronounce most, across all "
                                                     "attempts. Tick some, then:")), 1)
        buttons.addWidget(self.known_button)
        buttons.addWidget(self.export_button)
        v.addWidget(self.word_list, 1)
        v.addLayout(buttons)
        return page

    # --- data --------------------------------------------------------------------------------

    def refresh(self) -> None:
        Op(self, load_review, self.library_path, self.goal.value()).on_result(self.show_data).start()

    def show_error(self, message: str) -> None:
        self.banner.setText(message)
        self.banner.show()

    def show_data(self, data: ReviewData) -> None:
        self.data = data
        self.session_list.clear()
        for s in data.sessions:
            started = local_time(s.started_at)
            item = QTreeWidgetItem([started, ", ".join(s.episodes) or "–", f"{s.minutes:.1f}", str(s.attempts),
                                    "–" if s.mean_word_accuracy is None else f"{s.mean_word_accuracy:.0%}",
                                    "–" if s.mean_score is None else f"{s.mean_score:.0f}",
                                    "–" if s.best_score is None else f"{s.best_score:.0f}"])
            item.setData(0, Qt.UserRole, s)
            self.session_list.addTopLevelItem(item)
        for col in range(self.session_list.columnCount()):
            self.session_list.resizeColumnToContents(col)
        if data.sessions:
            self.session_list.setCurrentItem(self.session_list.topLevelItem(0))
        else:
            self.session_summary.setHtml("<p>{}</p>".format(translate(
                "Review", "No practice sessions yet. Play a sentence in the practice window: every loop counts.")))
        self._draw_progress()
        self._fill_words()
        self.loaded.emit()

    def _session_selected(self, item, _previous=None) -> None:
        if item is None:
            return
        s = item.data(0, Qt.UserRole)
        pct = lambda v: "–" if v is None else f"{v:.0%}"  # noqa: E731
        num = lambda v, unit="": "–" if v is None else f"{v:.0f}{unit}"  # noqa: E731
        modes = ", ".join(translate("Review", "{mode} {minutes} min").format(mode=mode_name(m), minutes=f"{v:.1f}")
                          for m, v in sorted(s.minutes_by_mode.items()))
        origin = {"cli": translate("Review", "from the terminal"), "app": translate("Review", "from the app"),
                  "walk": translate("Review", "on a walk")}.get(
            s.origin, translate("Review", "from recovered recordings"))
        locale = QLocale()
        when = locale.toString(QDateTime.fromSecsSinceEpoch(int(history.parse(s.started_at).timestamp())),
                               f"{locale.dateFormat(QLocale.LongFormat)} {locale.timeFormat(QLocale.ShortFormat)}")
        row = "<tr><td>{}</td><td>{}</td></tr>"
        parts = [f"<h3>{html.escape(when)}</h3>",
                 f"<p>{html.escape(', '.join(s.episodes) or translate('Review', 'no episode'))} · {origin}</p>",
                 "<table cellspacing=4>",
                 row.format(translate("Review", "active practice"), translate("Review", "<b>{minutes} min</b> ({modes})")
                            .format(minutes=f"{s.minutes:.1f}", modes=modes or translate("Review", "none"))),
                 row.format(translate("Review", "segments"), s.segments),
                 row.format(translate("Review", "attempts"), translate("Review", "{attempts} ({scored} scored)")
                            .format(attempts=s.attempts, scored=s.scored)),
                 row.format(translate("Review", "score"), translate("Review", "mean {mean}, best {best}")
                            .format(mean=num(s.mean_score), best=num(s.best_score))),
                 row.format(translate("Review", "word accuracy"), pct(s.mean_word_accuracy)),
                 row.format(translate("Review", "median lag"), num(s.median_lag_ms, " ms")) + "</table>"]
        if s.improved:
            parts.append("<h4>{}</h4><ul>{}</ul>".format(translate("Review", "Improved most"), "".join(
                f"<li>{html.escape(p.text)} — {p.first_score:.0f} → {p.last_score:.0f}</li>" for p in s.improved)))
        if s.hardest:
            parts.append("<h4>{}</h4><ul>{}</ul>".format(translate("Review", "Hardest"), "".join(
                "<li>{} — {}</li>".format(html.escape(p.text), translate("Review", "mean {score} over {attempts}")
                                          .format(score=f"{p.mean_score:.0f}", attempts=p.attempts))
                for p in s.hardest)))
        attempts = (self.data.attempts_by_session.get(s.id, []) if self.data else [])
        if attempts:
            parts.append("<h4>{}</h4><ol>{}</ol>".format(translate("Review", "Attempts"), "".join(
                f"<li>{mode_name(a.mode)} {a.speed:g}× — {'–' if a.score is None else f'{a.score:.0f}'} · "
                f"{html.escape(a.source_text[:70])}</li>" for a in attempts)))
        self.session_summary.setHtml("".join(parts))

    def _draw_progress(self) -> None:
        import pyqtgraph as pg

        data = self.data
        pal = self.palette()
        h = data.habit
        streak = h.streak_days
        text = translate("Review", "Today <b>{done}</b> of {goal} min (goal met ✓) · streak <b>%n</b> day(s)", None,
                         streak) if h.today_minutes >= h.goal_minutes else \
            translate("Review", "Today <b>{done}</b> of {goal} min ({left} min to go) · streak <b>%n</b> day(s)", None,
                      streak)
        self.habit_label.setText(text.format(done=f"{h.today_minutes:.0f}", goal=f"{h.goal_minutes:.0f}",
                                             left=f"{h.goal_minutes - h.today_minutes:.0f}"))
        self.calendar.set_data(data.minutes, h.goal_minutes, date.fromisoformat(h.today), WEEKS)

        for plot in (self.accuracy_plot, self.segment_plot, self.loop_plot):
            plot.clear()
            _style(plot, pal)
        ordered = [s for s in reversed(data.sessions) if s.mean_score is not None]
        if ordered:
            xs = [history.parse(s.started_at).timestamp() for s in ordered]
            self.accuracy_plot.addLegend(offset=(10, 5))
            self.accuracy_plot.plot(xs, [100 * (s.mean_word_accuracy or 0) for s in ordered],
                                    name=translate("Review", "word accuracy %"),
                                    pen=pg.mkPen(theme.colour("source"), width=2), symbol="o", symbolSize=6,
                                    symbolBrush=theme.colour("source"))
            self.accuracy_plot.plot(xs, [s.mean_score for s in ordered], name=translate("Review", "mean score"),
                                    pen=pg.mkPen(theme.colour("attempt"), width=2), symbol="s", symbolSize=6,
                                    symbolBrush=theme.colour("attempt"))
            self.accuracy_plot.setYRange(0, 105)
            day = 86400
            self.accuracy_plot.setXRange(min(xs) - day, max(xs) + day)  # one session is a point, not a zoom
        if data.loop_means:
            loops = list(data.loop_means)
            self.loop_plot.addItem(pg.BarGraphItem(x=loops, height=[data.loop_means[n][0] for n in loops], width=0.6,
                                                   brush=theme.colour("correct")))
            self.loop_plot.setYRange(0, 105)
            self.loop_plot.getAxis("bottom").setTicks([[(n, str(n)) for n in range(1, max(5, max(loops)) + 1)]])
            self.loop_plot.setXRange(0.5, max(5, max(loops)) + 0.5)
        self.segment_choice.blockSignals(True)
        self.segment_choice.clear()
        for seg_id, (text, scores) in sorted(data.segment_scores.items(), key=lambda kv: -len(kv[1][1])):
            self.segment_choice.addItem(f"{len(scores)}× {text[:80]}", seg_id)
        self.segment_choice.blockSignals(False)
        self._draw_segment()

    def _draw_segment(self, *_args) -> None:
        import pyqtgraph as pg

        if self.data is None:
            return
        self.segment_plot.clear()
        seg_id = self.segment_choice.currentData()
        if seg_id is None:
            return
        scores = [s for _, s in sorted(self.data.segment_scores[seg_id][1])]
        xs = list(range(1, len(scores) + 1))
        self.segment_plot.plot(xs, scores, pen=pg.mkPen(theme.colour("attempt"), width=2), symbol="o", symbolSize=7,
                               symbolBrush=theme.colour("attempt"))
        self.segment_plot.setYRange(0, 105)
        self.segment_plot.setXRange(0.5, max(5, len(scores)) + 0.5)
        step = max(1, len(scores) // 10)
        self.segment_plot.getAxis("bottom").setTicks([[(n, str(n)) for n in range(1, max(5, len(scores)) + 1, step)]])

    def _fill_words(self) -> None:
        self.word_list.clear()
        for w in self.data.weak:
            item = QTreeWidgetItem([w.shown, str(w.missed), str(w.substituted), str(w.mispronounced), str(w.seen),
                                    ", ".join(w.heard_as + w.sounds), w.sentence])
            item.setCheckState(0, Qt.Unchecked)
            item.setData(0, Qt.UserRole, w)
            item.setToolTip(5, "\n".join(anki.sounds_with_tips(w.sounds)) or ", ".join(w.heard_as))
            item.setToolTip(6, w.sentence)
            if w.doubtful:
                item.setText(0, f"{w.shown} ?")
                item.setForeground(0, theme.qcolour("doubtful"))
                item.setToolTip(0, translate("Review", DOUBTFUL_TIP))
            self.word_list.addTopLevelItem(item)

    def ticked(self) -> list:
        return [self.word_list.topLevelItem(i).data(0, Qt.UserRole) for i in range(self.word_list.topLevelItemCount())
                if self.word_list.topLevelItem(i).checkState(0) == Qt.Checked]

    # --- actions -----------------------------------------------------------------------------

    def _goal_changed(self) -> None:
        prefs = settings.load()
        if prefs.daily_goal_min != self.goal.value():
            settings.save(replace(prefs, daily_goal_min=self.goal.value()))
            self.refresh()

    def mark_known(self) -> None:
        words = self.ticked()
        if not words:
            return
        def mark(library_path, words):
            with Library(library_path) as library:
                for w in words:
                    history.mark_known(library, w.word)

        Op(self, mark, self.library_path, words).on_result(lambda _: self.refresh()).start()

    def _word_menu(self, pos) -> None:
        from PySide6.QtWidgets import QMenu

        item = self.word_list.itemAt(pos)
        if item is None:
            return
        word = item.data(0, Qt.UserRole)
        menu = QMenu(self)
        menu.addAction(translate("Review", "“{word}” is right: add it to my glossary").format(word=word.shown),
                       lambda: self.vouch(word.shown))
        menu.exec(self.word_list.viewport().mapToGlobal(pos))

    def vouch(self, term: str) -> None:
        """The learner's say on a doubtful word: it is a real term, spelled so (it may go to Anki)."""
        def work(library_path, term):
            with Library(library_path) as library:
                return library.add_to_glossary([term])

        Op(self, work, self.library_path, term).on_result(lambda _: self.refresh()).start()

    def export_anki(self, path: str | None) -> None:
        words = self.ticked() or (self.data.weak if self.data else [])
        if not words:
            self.show_error(translate("Review", "No weak words yet: they come from scored attempts."))
            return
        if path is None:
            path, _ = QFileDialog.getSaveFileName(self, translate("Review", "Export to Anki"), "shadowing-weak-words.apkg",
                                                  translate("Review", "Anki deck (*.apkg);;Tab-separated text (*.tsv *.txt)"))
            if not path:
                return

        def work(library_path, words, path):
            from .. import anki

            with Library(library_path) as library:
                return anki.export(library, words, path)

        Op(self, work, self.library_path, words, path).on_result(lambda p: self.exported.emit(str(p))).start()

    exported = Signal(str)

    def changeEvent(self, event) -> None:
        from PySide6.QtCore import QEvent

        if event.type() in (QEvent.PaletteChange, QEvent.ApplicationPaletteChange) and self.data is not None:
            self._draw_progress()
        super().changeEvent(event)


def confirm_restore(parent, archive: str) -> bool:
    answer = QMessageBox.question(parent, translate("Review", "Restore a backup"), translate(
        "Review", "Restore the library from {archive}? The current library and recordings are moved aside into a "
        "'before-restore' folder in the data folder, not deleted.").format(archive=archive))
    return answer == QMessageBox.Yes

