"""File -> Take it for a walk… and File -> Import a walk recording…: the window's faces over
:mod:`shadowing.walk`. Planning, rendering and importing run as :class:`~.ops.Op`; the dialogs only
collect the learner's choices and show what came back."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QComboBox, QDialog, QDialogButtonBox, QDoubleSpinBox,
                               QFileDialog, QFormLayout, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QListWidget,
                               QProgressBar, QPushButton, QSpinBox, QTableWidget, QTableWidgetItem, QVBoxLayout,
                               QWidget)

from ..i18n import translate
from ..storage import Library
from .ops import Op

RECORDING_FILTER = "*.m4a *.aac *.opus *.ogg *.amr *.3gp *.wav *.mp3 *.flac *.webm"


def _plan(library_path, episode, segments, which, first, last, settings):
    from ..walk import choose_segments, plan_walk

    with Library(library_path) as library:
        chosen = choose_segments(library, episode, segments, which, first, last)
        return plan_walk(library, episode, chosen, settings)


def _export(task, library_path, episode, plan, out):
    from ..walk import export_walk

    with Library(library_path) as library:
        return export_walk(library, episode, plan, out, progress=lambda done, total: task.signals.progress.emit(
            (done, total)), cancelled=lambda: task.cancelled)


def _import(task, library_path, recording):
    from ..walk import import_walk

    with Library(library_path) as library:
        return import_walk(library, recording, progress=lambda done, total: task.signals.progress.emit((done, total)),
                           cancelled=lambda: task.cancelled)


def _loop_clip(library_path, attempt_id: int, rate: int, make_clip):
    """A walk loop's attempt, the speaker's sentence first (when the episode is still there)."""
    with Library(library_path) as library:
        attempt = library.attempt(attempt_id)
        episode = library.episode(attempt.episode_id) if attempt.episode_id is not None else None
    source = (episode.path, attempt.source_start, attempt.source_end) \
        if episode is not None and Path(episode.path).exists() else None
    return make_clip(attempt.path, rate, source)


def _minutes(seconds: float) -> str:
    return translate("Walk", "{minutes} min").format(minutes=f"{seconds / 60:.1f}")


class WalkExportDialog(QDialog):
    """What goes on the track, with a preview of its plan (chapters and length) before writing."""

    def __init__(self, window):
        super().__init__(window)
        self.w = window
        self.plan = None
        self._planning = None
        self._asked = 0
        self.setWindowTitle(translate("Walk", "Take it for a walk"))
        count = len(window.segments)
        self.which = QComboBox()
        for key, text in (("all", translate("Walk", "every sentence")), ("range", translate("Walk", "sentences from … to …")),
                          ("next", translate("Walk", "the coach's next stretch")),
                          ("reviews", translate("Walk", "today's reviews"))):
            self.which.addItem(text, key)
        self.first, self.last = QSpinBox(), QSpinBox()
        for spin in (self.first, self.last):
            spin.setRange(1, max(1, count))
        current = getattr(window.current, "index", 0) if window.current is not None else 0
        self.first.setValue(current + 1)
        self.last.setValue(min(count, current + 6))
        span = QHBoxLayout()
        span.addWidget(self.first)
        span.addWidget(QLabel("–"))
        span.addWidget(self.last)
        span_box = QWidget()
        span_box.setLayout(span)
        self.loops = QComboBox()
        self.loops.addItem(translate("Walk", "1/3/5 rule (passed 1, new 3, hard 5)"), None)
        for n in (1, 2, 3, 5, 8):
            self.loops.addItem(translate("Walk", "%n loop(s)", None, n), n)
        self.gap = QDoubleSpinBox()
        self.gap.setRange(0.5, 3.0)
        self.gap.setSingleStep(0.1)
        self.gap.setValue(1.2)
        self.gap.setSuffix(" ×")
        self.speeds = QLineEdit("1.0")
        self.speeds.setPlaceholderText("0.8, 1.0")
        self.tone = QCheckBox(translate("Walk", "a short tone before each new sentence"))
        self.tone.setChecked(True)
        self.blind = QSpinBox()
        self.blind.setRange(0, 5)
        self.format = QComboBox()
        self.format.addItem("MP3", "mp3")
        self.format.addItem("M4A (AAC)", "m4a")
        form = QFormLayout()
        form.addRow(translate("Walk", "Sentences"), self.which)
        form.addRow("", span_box)
        form.addRow(translate("Walk", "Loops"), self.loops)
        form.addRow(translate("Walk", "Gap after each loop (times the sentence)"), self.gap)
        form.addRow(translate("Walk", "Speed ladder"), self.speeds)
        form.addRow("", self.tone)
        form.addRow(translate("Walk", "Blind rounds (text hidden)"), self.blind)
        form.addRow(translate("Walk", "Format"), self.format)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.chapters = QListWidget()
        self.chapters.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.Cancel)
        self.write = self.buttons.addButton(translate("Walk", "Write the track…"), QDialogButtonBox.AcceptRole)
        self.write.clicked.connect(self.choose_file)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.summary)
        layout.addWidget(self.chapters, 1)
        layout.addWidget(self.progress)
        layout.addWidget(self.buttons)
        for widget in (self.which, self.loops, self.format):
            widget.currentIndexChanged.connect(self.preview)
        for widget in (self.first, self.last, self.blind):
            widget.valueChanged.connect(self.preview)
        self.gap.valueChanged.connect(self.preview)
        self.speeds.editingFinished.connect(self.preview)
        self.tone.toggled.connect(self.preview)
        self.which.currentIndexChanged.connect(lambda: span_box.setEnabled(self.which.currentData() == "range"))
        span_box.setEnabled(False)
        self.resize(720, 620)
        self.preview()

    def settings(self):
        from ..walk import PlanError, WalkSettings

        try:
            speeds = tuple(float(x) for x in self.speeds.text().replace(" ", "").split(",") if x) or (1.0,)
        except ValueError:
            raise PlanError(translate("Walk", "the speed ladder is speeds separated by commas, like 0.8, 1.0")) from None
        return WalkSettings(loops=self.loops.currentData(), gap=f"{self.gap.value():.2f}x", speeds=speeds,
                            tone=self.tone.isChecked(), blind_rounds=self.blind.value(), format=self.format.currentData())

    def preview(self) -> None:
        """The plan, made in the background (the 1/3/5 rule reads the library)."""
        from ..walk import PlanError

        try:
            settings = self.settings()
        except PlanError as exc:
            self._asked += 1
            self._not_ready(str(exc))
            return
        self.write.setEnabled(False)
        self._asked += 1
        asked = self._asked  # answers can come back out of order: only the latest choice's counts
        self._planning = Op(self, _plan, self.w.library_path, self.w.episode, list(self.w.segments),
                            self.which.currentData(), self.first.value(), self.last.value(), settings) \
            .on_result(lambda plan: self._planned(plan) if asked == self._asked else None) \
            .on_error(lambda message: self._not_ready(message) if asked == self._asked else None).start()

    def _not_ready(self, message: str) -> None:
        self.plan = None
        self.summary.setText(message)
        self.chapters.clear()
        self.write.setEnabled(False)

    def _planned(self, plan) -> None:
        from ..episodes import clock

        self.plan = plan
        sentences = len({lp.position for lp in plan.loops})
        self.summary.setText(translate("Walk", "{sentences} sentences, {loops} loops: {length}").format(
            sentences=sentences, loops=len(plan.loops), length=_minutes(plan.duration)))
        self.chapters.clear()
        for start, _end, title in plan.chapters():
            self.chapters.addItem(f"{clock(start)}  {title}")
        self.write.setEnabled(True)

    def choose_file(self) -> None:
        if self.plan is None:
            return
        fmt = self.plan.settings.get("format", "mp3")
        name = f"{self.w.episode.title} walk.{fmt}"
        path, _ = QFileDialog.getSaveFileName(self, translate("Walk", "Write the practice track"),
                                              str(Path.home() / name), f"{fmt.upper()} (*.{fmt})")
        if path:
            self.write_to(path)

    def write_to(self, path: str) -> Op:
        self.write.setEnabled(False)
        self.progress.show()
        self.progress.setRange(0, len(self.plan.loops))
        self.progress.setValue(0)

        def done(written) -> None:
            self.progress.hide()
            self.w.status.setText(translate("Walk", "wrote {path} ({length}, {chapters} chapters)").format(
                path=written.path, length=_minutes(written.duration), chapters=written.chapters))
            self.accept()

        def failed(message: str) -> None:
            self.progress.hide()
            self.write.setEnabled(True)
            self.summary.setText(message)
            self.w.show_error(message)

        return Op(self, _export, self.w.library_path, self.w.episode, self.plan, path) \
            .with_progress(lambda step: self.progress.setValue(step[0])) \
            .on_result(done).on_error(failed).start()


class WalkResultDialog(QDialog):
    """Every sentence of the walk with its loops' scores; a loop is heard against the speaker."""

    def __init__(self, window, result):
        super().__init__(window)
        self.w = window
        self.result = result
        self.setWindowTitle(translate("Walk", "The walk"))
        data = result.to_dict()
        loops_max = max((e.loop for e in result.loops), default=1)
        sentences = sorted({e.position for e in result.loops})
        head = QLabel(translate("Walk", "{minutes} min walked; the track started {offset} s into the recording"
                                " (clock drift {drift} ppm). {scored} loops scored, {skipped} skipped, {cut} cut"
                                " short.").format(minutes=f"{data['minutes']:.0f}", offset=f"{data['offset_s']:+.1f}",
                                                  drift=f"{data['drift_ppm']:+.0f}", scored=data["scored"],
                                                  skipped=data["skipped"], cut=data["cut"]))
        if result.already:
            head.setText(translate("Walk", "This recording was imported before: its result, nothing added.") + " "
                         + head.text())
        head.setWordWrap(True)
        self.table = QTableWidget(len(sentences), loops_max + 1)
        self.table.setHorizontalHeaderLabels([translate("Walk", "Sentence")] + [
            translate("Walk", "Loop {n}").format(n=n) for n in range(1, loops_max + 1)])
        self.table.setSelectionBehavior(QAbstractItemView.SelectItems)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        row_of = {p: r for r, p in enumerate(sentences)}
        self.cells: dict[tuple[int, int], object] = {}
        for entry in result.loops:
            r = row_of[entry.position]
            if self.table.item(r, 0) is None:
                self.table.setItem(r, 0, QTableWidgetItem(f"{entry.position + 1} · {entry.text}"))
            if entry.status == "skipped":
                text = translate("Walk", "skipped")
            else:
                mode = translate("Walk", "shadow") if entry.mode == "shadow" else translate("Walk", "repeat")
                score = "–" if entry.score is None else str(entry.score)
                text = f"{score} {mode}" + (" " + translate("Walk", "(cut)") if entry.status == "cut" else "")
            item = QTableWidgetItem(text)
            item.setTextAlignment(Qt.AlignCenter)
            self.table.setItem(r, entry.loop, item)
            self.cells[(r, entry.loop)] = entry
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.Stretch)
        for column in range(1, loops_max + 1):  # a loop's score and mode are never cut off
            header.setSectionResizeMode(column, QHeaderView.ResizeToContents)
        self.table.verticalHeader().hide()
        self.table.cellDoubleClicked.connect(self.play)
        self.hear = QPushButton(translate("Walk", "Hear the speaker, then this loop"))
        self.hear.clicked.connect(lambda: self.play(self.table.currentRow(), self.table.currentColumn()))
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(head)
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        row.addWidget(self.hear)
        row.addStretch(1)
        row.addWidget(buttons)
        layout.addLayout(row)
        self.resize(900, 560)

    def play(self, row: int, column: int) -> None:
        from ..audio.program import LoopSettings
        from . import jobs

        entry = self.cells.get((row, column))
        engine = self.w.bridge.engine
        if entry is None or entry.attempt_id is None or engine is None:
            return

        def go(clip):
            engine.play(clip.path, 0.0, clip.end, LoopSettings(mode="listen", loops=1), clip=clip)

        Op(self, _loop_clip, self.w.library_path, entry.attempt_id, engine.rate, jobs.attempt_clip).on_result(go).start()


def take_it_for_a_walk(window) -> WalkExportDialog | None:
    if window.episode is None or not window.segments:
        window.status.setText(translate("Walk", "open a transcribed episode first: the track is made of its sentences"))
        return None
    dialog = WalkExportDialog(window)
    dialog.show()
    return dialog


def import_walk_recording(window, path: str | None = None) -> Op | None:
    if path is None:
        path, _ = QFileDialog.getOpenFileName(window, translate("Walk", "Import a walk recording"), str(Path.home()),
                                              translate("Walk", "Recordings ({patterns})").format(
                                                  patterns=RECORDING_FILTER))
    if not path:
        return None
    window.status.setText(translate("Walk", "importing {name}: finding the track, then scoring each loop…").format(
        name=Path(path).name))

    def done(result) -> None:
        window.status.setText(translate("Walk", "imported the walk: {scored} loops scored").format(
            scored=sum(1 for e in result.loops if e.status == "scored")))
        window.refresh_library()
        window.walk_result = WalkResultDialog(window, result)
        window.walk_result.show()

    return Op(window, _import, window.library_path, path).with_progress(
        lambda step: window.status.setText(translate("Walk", "scoring loop {done} of {total}…").format(
            done=step[0], total=step[1]))).on_result(done).start()
