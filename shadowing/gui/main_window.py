"""The practice window: library, transcript, transport and the result of each attempt.

Widgets only call the core: transcription (TranscriptionJob), the audio engine (through
AudioBridge), the scorer and the library, each long step on the thread pool.
"""

from __future__ import annotations

import html
import time
from pathlib import Path

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDoubleSpinBox, QFileDialog, QHBoxLayout, QLabel,
                               QListWidget, QListWidgetItem, QMainWindow, QProgressBar, QPushButton,
                               QSpinBox, QSplitter, QTextBrowser, QVBoxLayout, QWidget)

from .. import episodes, settings
from ..audio import Gap, LoopSettings
from ..audio.program import SPEED_MAX, SPEED_MIN, SPEED_STEP, clamp_speed
from ..paths import database_path
from ..practice import attempt_meta, store_and_score, unscored_note
from ..errors import ShadowingError
from ..records import Episode, Segment
from ..scoring.service import ScoringService
from ..storage import Library
from .banner import error_banner
from . import theme, workers
from .audio_bridge import AudioBridge
from .waveform_view import WaveformView

DEFAULT_DEVICE = "system default"
VISIBILITY = ("shown", "hidden", "after attempt")
MODES = ("shadow", "repeat", "listen", "read")


def _fmt_time(seconds: float) -> str:
    m, s = divmod(int(seconds), 60)
    return f"{m:02d}:{s:02d}"


def _source_name(info) -> str:
    """Which text the learner practises on, in words."""
    if info.source == "sidecar":
        return "published transcript"
    return f"Whisper {info.model.split(':')[0].split('/')[-1]}"


class MainWindow(QMainWindow):
    segments_changed = Signal()
    result_shown = Signal(object)

    def __init__(self, backend_factory=None, library_path: Path | None = None):
        super().__init__()
        self.setWindowTitle("Shadow")
        self.library_path = Path(library_path) if library_path else database_path()
        self.episode: Episode | None = None
        self.segments: list[Segment] = []
        self._tasks: set[workers.Task] = set()
        self._transcribing: workers.Task | None = None
        self._loop_clock: tuple[float, float] | None = None  # (monotonic at loop start, speed)
        self._revealed = True
        self.bridge = AudioBridge(backend_factory, self)
        self.scorer = ScoringService()
        from .coach_mode import CoachMode

        self.coach_mode = CoachMode(self)
        self._build()
        self._actions()
        self._wire_audio()
        self.apply_preferences(settings.load())
        self._attempt_selected(-1)
        self.refresh_library()
        self.bridge.open()
        self._preload_scorer()
        self.remind()
        self.setAcceptDrops(True)
        self._karaoke = QTimer(self)
        self._karaoke.setInterval(50)
        self._karaoke.timeout.connect(self._update_sentence)
        self._karaoke.start()

    # --- layout -----------------------------------------------------------------------------

    def _build(self) -> None:
        self.banner = error_banner()

        self.library = QListWidget()
        self.library.setObjectName("library")
        self.library.setWordWrap(True)
        self.library.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.library.itemActivated.connect(self._library_activated)
        self.library.itemClicked.connect(self._library_activated)
        self.library.setContextMenuPolicy(Qt.CustomContextMenu)
        self.library.customContextMenuRequested.connect(self._library_menu)
        open_button = QPushButton("Open file…")
        open_button.clicked.connect(self.open_dialog)
        podcasts_button = QPushButton("Podcasts…")
        podcasts_button.clicked.connect(self.open_podcasts)
        left = QWidget()
        lv = QVBoxLayout(left)
        lv.addWidget(QLabel("<b>Library</b>"))
        lv.addWidget(self.library, 1)
        lv.addWidget(open_button)
        lv.addWidget(podcasts_button)

        self.segment_list = QListWidget()
        self.segment_list.setObjectName("segments")
        self.segment_list.setWordWrap(True)
        self.segment_list.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.segment_list.setUniformItemSizes(False)
        self.segment_list.currentRowChanged.connect(self._segment_selected)
        self.segment_list.setContextMenuPolicy(Qt.CustomContextMenu)
        self.segment_list.customContextMenuRequested.connect(self._segment_menu)
        self.progress = QProgressBar()
        self.progress.setFormat("transcribing %p%")
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.clicked.connect(self.cancel_transcription)
        progress_row = QWidget()
        pr = QHBoxLayout(progress_row)
        pr.setContentsMargins(0, 0, 0, 0)
        pr.addWidget(self.progress, 1)
        pr.addWidget(self.cancel_button)
        self.progress_row = progress_row
        progress_row.hide()

        self.sentence = QLabel()
        self.sentence.setObjectName("sentence")
        self.sentence.setWordWrap(True)
        self.sentence.setTextFormat(Qt.RichText)
        self.sentence.setMinimumHeight(90)
        font = self.sentence.font()
        font.setPointSize(font.pointSize() + 8)
        self.sentence.setFont(font)

        self.coach_label = QLabel()
        self.coach_label.setObjectName("coach_why")
        self.coach_label.setWordWrap(True)
        self.coach_label.setStyleSheet("QLabel { padding: 4px; border-left: 3px solid #1e88e5; }")
        self.coach_label.hide()
        centre = QWidget()
        cv = QVBoxLayout(centre)
        cv.addWidget(self.sentence)
        cv.addWidget(self.coach_label)
        cv.addWidget(self._transport())
        self.segments_label = QLabel("<b>Segments</b>")
        self.segments_label.setObjectName("segments_label")
        cv.addWidget(self.segments_label)
        cv.addWidget(self.segment_list, 1)
        cv.addWidget(progress_row)

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
        self.result_detail = QLabel()
        self.result_detail.setWordWrap(True)
        self.waveform = WaveformView()
        self.attempt_list = QListWidget()
        self.attempt_list.setObjectName("attempts")
        right = QWidget()
        rv = QVBoxLayout(right)
        self.attempt_caption = QLabel("<b>Attempt</b>")
        rv.addWidget(self.attempt_caption)
        rv.addWidget(self.score_label)
        rv.addWidget(self.result_words)
        rv.addWidget(self.result_detail)
        rv.addWidget(self.waveform)
        rv.addWidget(QLabel("<b>Attempts on this segment</b>"))
        rv.addWidget(self.attempt_list, 1)
        self.attempt_list.itemDoubleClicked.connect(lambda _: self.play_attempt(False))
        self.attempt_list.currentRowChanged.connect(self._attempt_selected)
        listen_row = QWidget()
        lr = QHBoxLayout(listen_row)
        lr.setContentsMargins(0, 0, 0, 0)
        self.play_attempt_button = QPushButton("Play attempt")
        self.play_attempt_button.clicked.connect(lambda: self.play_attempt(False))
        self.ab_button = QPushButton("Source, then attempt")
        self.ab_button.clicked.connect(lambda: self.play_attempt(True))
        lr.addWidget(self.play_attempt_button)
        lr.addWidget(self.ab_button)
        rv.addWidget(listen_row)

        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(centre)
        splitter.addWidget(right)
        splitter.setSizes([220, 660, 400])
        right.setMinimumWidth(300)
        left.setMinimumWidth(170)
        root = QWidget()
        outer = QVBoxLayout(root)
        outer.addWidget(self.banner)
        outer.addWidget(splitter, 1)
        self.setCentralWidget(root)
        self.status = QLabel("opening the sound devices…")
        self.statusBar().addWidget(self.status, 1)
        self.reminder = QLabel()
        self.reminder.setObjectName("reminder")
        self.statusBar().addPermanentWidget(self.reminder)

    def _transport(self) -> QWidget:
        bar = QWidget()
        rows = QVBoxLayout(bar)
        rows.setContentsMargins(0, 0, 0, 0)
        h = QHBoxLayout()
        self.prev_button = QPushButton("◀◀")
        self.prev_button.setFixedWidth(44)
        self.prev_button.setToolTip("previous segment (Left)")
        self.play_button = QPushButton("Play")
        self.play_button.setObjectName("play")
        self.play_button.setMinimumWidth(72)
        self.play_button.setToolTip("play / pause (Space)")
        self.next_button = QPushButton("▶▶")
        self.next_button.setFixedWidth(44)
        self.next_button.setToolTip("next segment (Right)")
        self.prev_button.clicked.connect(lambda: self.step_segment(-1))
        self.next_button.clicked.connect(lambda: self.step_segment(1))
        self.play_button.clicked.connect(self.toggle_play)
        self.mode = QComboBox()
        self.mode.addItems(MODES)
        self.mode.setToolTip("listen: just play · shadow: speak along, recorded while it plays · "
                             "repeat: speak in the gap after it · read: text only, read it aloud")
        self.loops = QSpinBox()
        self.loops.setRange(0, 99)
        self.loops.setValue(3)
        self.loops.setSpecialValueText("loop ∞")
        self.loops.setPrefix("loop × ")
        self.loops.setToolTip("how many times the segment plays (L: loop until stopped / once)")
        self.gap = QDoubleSpinBox()
        self.gap.setRange(0.0, 10.0)
        self.gap.setSingleStep(0.5)
        self.gap.setValue(1.0)
        self.gap.setPrefix("gap ")
        self.gap.setSuffix(" s")
        self.gap.setToolTip("silence between loops (repeat mode: 0 = 1.2 × the segment)")
        self.speed = QDoubleSpinBox()
        self.speed.setRange(SPEED_MIN, SPEED_MAX)
        self.speed.setSingleStep(SPEED_STEP)
        self.speed.setDecimals(2)
        self.speed.setValue(1.0)
        self.speed.setPrefix("speed ")
        self.speed.setSuffix("×")
        self.speed.setToolTip("playback speed, pitch kept ([ slower, ] faster)")
        self.speed.valueChanged.connect(self._speed_changed)
        self.visibility = QComboBox()
        self.visibility.addItems(VISIBILITY)
        self.visibility.setToolTip("transcript: shown, hidden (blind shadowing), or revealed after the attempt (T)")
        self.visibility.currentIndexChanged.connect(lambda: self._update_sentence(force=True))
        for w in (self.prev_button, self.play_button, self.next_button, self.mode, self.loops, self.gap,
                  self.speed, self.visibility):
            h.addWidget(w)
        h.addStretch(1)
        rows.addLayout(h)

        d = QHBoxLayout()
        self.record = QCheckBox("Record")
        self.record.setChecked(True)
        self.record.setToolTip("record and score each loop (R)")
        self.level = QProgressBar()
        self.level.setObjectName("level")
        self.level.setRange(0, 100)
        self.level.setTextVisible(False)
        self.level.setFixedWidth(90)
        self.level.setMaximumHeight(14)
        self.level.setToolTip("microphone level")
        self.input_device = QComboBox()
        self.input_device.setObjectName("input_device")
        self.output_device = QComboBox()
        self.output_device.setObjectName("output_device")
        for combo in (self.input_device, self.output_device):
            combo.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(8)
            combo.activated.connect(self._device_picked)
        d.addWidget(self.record)
        self.coach = QCheckBox("Coach")
        self.coach.setObjectName("coach")
        self.coach.setToolTip("coach mode: the transport follows the plan (listen, shadow, shadow blind; "
                              "1, 3, then 5 loops; hard sentences come back for review)")
        self.coach.toggled.connect(self._coach_toggled)
        d.addWidget(self.coach)
        d.addSpacing(12)
        d.addWidget(QLabel("Mic"))
        d.addWidget(self.input_device, 1)
        d.addWidget(self.level)
        d.addSpacing(12)
        d.addWidget(QLabel("Output"))
        d.addWidget(self.output_device, 1)
        rows.addLayout(d)
        return bar

    def _actions(self) -> None:
        def action(menu, text, keys, slot):
            a = QAction(text, self)
            a.setShortcut(QKeySequence(keys))
            a.setShortcutContext(Qt.ApplicationShortcut)
            a.triggered.connect(slot)
            menu.addAction(a)
            self.addAction(a)
            return a

        file_menu = self.menuBar().addMenu("&File")
        action(file_menu, "&Open…", "Ctrl+O", self.open_dialog)
        action(file_menu, "&Podcasts…", "Ctrl+P", self.open_podcasts)
        action(file_menu, "&Today…", "Ctrl+D", self.open_today)
        action(file_menu, "&Review progress…", "Ctrl+H", self.open_review)
        file_menu.addSeparator()
        action(file_menu, "Export sessions to &CSV…", "", self.export_csv)
        action(file_menu, "&Back up library…", "", self.backup_library)
        action(file_menu, "Restore from bac&kup…", "", self.restore_library)
        file_menu.addSeparator()
        action(file_menu, "&Settings…", "Ctrl+,", self.open_settings)
        action(file_menu, "&Quit", "Ctrl+Q", self.close)
        play = self.menuBar().addMenu("&Practice")
        action(play, "Play / pause", "Space", self.toggle_play)
        action(play, "Previous segment", "Left", lambda: self.step_segment(-1))
        action(play, "Next segment", "Right", lambda: self.step_segment(1))
        action(play, "Record on/off", "R", self.record.toggle)
        action(play, "Loop on/off (1 or ∞)", "L", self._toggle_loop)
        action(play, "Transcript shown / hidden / after attempt", "T", self._cycle_visibility)
        action(play, "Coach mode on/off", "Ctrl+K", self.coach.toggle)
        action(play, "Slower", "[", lambda: self.speed.setValue(clamp_speed(self.speed.value() - SPEED_STEP)))
        action(play, "Faster", "]", lambda: self.speed.setValue(clamp_speed(self.speed.value() + SPEED_STEP)))

    def _wire_audio(self) -> None:
        b = self.bridge
        b.opened.connect(lambda note: (self.status.setText(note or "ready"), self._fill_devices()))
        b.failed.connect(lambda message: (self.show_error(f"{message}. Playback and recording are off."),
                                          self.status.setText("no sound"), self._fill_devices()))
        b.loop_started.connect(self._loop_started)
        b.loop_ended.connect(self._loop_ended)
        b.attempt.connect(self._attempt_recorded)
        b.done.connect(self._program_done)
        b.error.connect(lambda message, fatal: self.show_error(message))
        b.lost.connect(self._sound_lost)
        b.reopened.connect(self._sound_back)
        b.level.connect(lambda peak, rms, clipped: self.level.setValue(int(min(1.0, peak) * 100)))

    def _sound_lost(self, message: str) -> None:
        self.play_button.setText("Play")
        self.status.setText("sound lost: trying to open the device again…")
        self.coach_mode.sound_lost()

    def _sound_back(self, note: str) -> None:
        self.clear_error()
        self.status.setText(f"sound is back{': ' + note if note else ''}")
        self.coach_mode.sound_back()

    def _preload_scorer(self) -> None:
        """Start the scoring process and load its model now, while the learner looks around,
        so the first attempt does not wait for a model load. Starting a process takes the
        starting thread ~30 ms: a pool thread's, not the window's."""
        def work(task, scorer):
            try:
                scorer.start().result()
            except Exception as exc:
                raise ShadowingError(f"The scoring model could not be loaded: {exc}") from exc

        task = workers.Task(work, self.scorer)
        task.signals.error.connect(self.show_error)
        workers.run(task, self._tasks)

    # --- settings ---------------------------------------------------------------------------

    def apply_preferences(self, prefs) -> None:
        self.mode.setCurrentText(prefs.mode)
        self.loops.setValue(prefs.loops)
        self.gap.setValue(prefs.gap_s)
        self.speed.setValue(prefs.speed)
        self.visibility.setCurrentText(prefs.visibility)
        self.model_name = prefs.model or None
        self.scorer.set_model(self.model_name)

    def open_settings(self) -> None:
        from .settings_dialog import SettingsDialog

        dialog = SettingsDialog(self)
        if dialog.exec() != SettingsDialog.Accepted:
            return
        prefs = dialog.preferences()
        settings.save(prefs)
        self.apply_preferences(prefs)
        self._preload_scorer()
        self.use_devices(dialog.device_choice())

    def use_devices(self, choice) -> None:
        """Remember the choice and reopen the stream with it (off the UI thread)."""
        from ..audio import load_choice, save_choice

        if choice == load_choice():
            return
        save_choice(choice)
        self.stop()
        self.bridge.close()
        self.status.setText("opening the sound devices…")
        self.bridge.open()

    def _fill_devices(self) -> None:
        """List the devices on the pool: PortAudio's first listing probes ALSA (tens of ms)."""
        def work(task):
            from ..audio import AudioUnavailable, list_devices, load_choice

            try:
                return load_choice(), list_devices(), ""
            except AudioUnavailable as exc:
                return load_choice(), [], str(exc)

        task = workers.Task(work)
        task.signals.result.connect(self._show_devices)
        workers.run(task, self._tasks)

    def _show_devices(self, listing) -> None:
        choice, devices, note = listing
        for combo, names, chosen in (
                (self.input_device, [x.name for x in devices if x.inputs], choice.input),
                (self.output_device, [x.name for x in devices if x.outputs], choice.output)):
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(DEFAULT_DEVICE)
            combo.addItems(names)
            if chosen and combo.findText(chosen) < 0:
                combo.addItem(f"{chosen} (not connected)", chosen)
                combo.setCurrentIndex(combo.count() - 1)
            elif chosen:
                combo.setCurrentText(chosen)
            combo.setEnabled(bool(devices))
            combo.setToolTip(note or combo.currentText())
            combo.blockSignals(False)

    def _device_picked(self, _index: int) -> None:
        from ..audio import DeviceChoice

        def pick(combo):
            if combo.currentIndex() <= 0:
                return None
            return combo.currentData() or combo.currentText()

        self.use_devices(DeviceChoice(pick(self.input_device), pick(self.output_device)))

    # --- review, export, backup -------------------------------------------------------------

    def open_podcasts(self):
        from .podcasts import PodcastsWindow

        if getattr(self, "podcasts", None) is None:
            self.podcasts = PodcastsWindow(self.library_path, self)
            self.podcasts.open_requested.connect(lambda path, source: (self.open_episode(path, source),
                                                                       self.raise_(), self.activateWindow()))
            self.podcasts.downloaded.connect(lambda _: self.refresh_library())
        self.podcasts.reload()
        self.podcasts.show()
        self.podcasts.raise_()
        return self.podcasts

    def remind(self) -> None:
        """A gentle line in the status bar while today's goal is not met (and reviews are due)."""
        def work(task, path):
            from .. import coaching

            with Library(path) as library:
                return coaching.today(library)

        def show(plan):
            parts = []
            if plan.today_minutes < plan.goal_minutes:
                parts.append(f"{plan.goal_minutes - plan.today_minutes:.0f} min to today's goal")
            if plan.reviews_due:
                parts.append(f"{len(plan.reviews_due)} to review")
            self.reminder.setText(" · ".join(parts) + (" — File → Today (Ctrl+D)" if parts else ""))

        task = workers.Task(work, self.library_path)
        task.signals.result.connect(show)
        workers.run(task, self._tasks)

    def open_today(self):
        from .today import TodayWindow

        if getattr(self, "today", None) is None:
            self.today = TodayWindow(self.library_path, self)
            self.today.continue_requested.connect(self._continue_plan)
        self.today.refresh()
        self.today.show()
        self.today.raise_()
        return self.today

    def _continue_plan(self, episode_id: int) -> None:
        """Open the plan's episode (if it is not open) and turn the coach on once its segments are in."""
        if self.episode is not None and self.episode.id == episode_id and self.segments:
            self.coach.setChecked(True)
            return
        with Library(self.library_path) as library:
            path = library.episode(episode_id).path

        def ready():
            if not self.segments or any(s.id is None for s in self.segments):
                return  # segments still arriving from the transcriber
            self.segments_changed.disconnect(ready)
            self.coach.setChecked(True)

        self.segments_changed.connect(ready)
        self.open_episode(path)

    def open_review(self):
        from .review import ReviewWindow

        if getattr(self, "review", None) is None:
            self.review = ReviewWindow(self.library_path, self)
        self.review.refresh()
        self.review.show()
        self.review.raise_()
        return self.review

    def _in_background(self, fn, *args, done: str) -> None:
        task = workers.Task(lambda task, *a: fn(*a), *args)
        task.signals.result.connect(lambda result: self.status.setText(done.format(result=result)))
        self._run(task)

    def export_csv(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Export sessions and attempts to CSV")
        if not folder:
            return

        def work(library_path, folder):
            from ..backup import export_csv

            with Library(library_path) as library:
                return ", ".join(p.name for p in export_csv(library, folder))

        self._in_background(work, self.library_path, folder, done=f"wrote {{result}} to {folder}")

    def backup_library(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Back up the library", "shadowing-backup.zip", "Zip (*.zip)")
        if not path:
            return
        from ..backup import backup

        self._in_background(lambda p: backup(p)["recordings"], path,
                            done=f"backed up the library and {{result}} recording files to {path}")

    def restore_library(self) -> None:
        from .review import confirm_restore

        path, _ = QFileDialog.getOpenFileName(self, "Restore a backup", "", "Zip (*.zip)")
        if not path or not confirm_restore(self, path):
            return
        self.cancel_transcription()
        self.stop()
        self.status.setText(f"restoring {path}…")

        def restored(manifest) -> None:
            self.episode, self.segments = None, []
            self.segment_list.clear()
            self.refresh_library()
            self.status.setText(f"restored {path}; the previous library is in {manifest.get('previous')}")

        def work(task, path):
            from ..backup import restore

            return restore(path)  # checks the whole archive first: a bad one changes nothing

        task = workers.Task(work, path)
        task.signals.result.connect(restored)
        self._run(task)

    # --- messages ---------------------------------------------------------------------------

    def show_error(self, message: str) -> None:
        self.banner.setText(message)
        self.banner.show()

    def clear_error(self) -> None:
        self.banner.hide()
        self.banner.clear()

    # --- library and transcription ------------------------------------------------------------

    def refresh_library(self) -> None:
        try:
            with Library(self.library_path) as library:
                rows = []
                practised = library.last_practised()
                for ep in library.episodes():
                    info = episodes.best_transcript(library, ep)
                    state = f"{info.status} · {_source_name(info)}" if info else "not transcribed"
                    if ep.id in practised:
                        state += f" · practised {practised[ep.id][:10]}"
                    rows.append((ep, state))
        except Exception as exc:
            self.show_error(str(exc))
            return
        self.library.clear()
        for ep, state in rows:
            item = QListWidgetItem(f"{ep.title}\n{_fmt_time(ep.duration)} · {state}")
            item.setData(Qt.UserRole, ep.path)
            item.setData(Qt.UserRole + 1, ep)
            self.library.addItem(item)
            if self.episode is not None and ep.id == self.episode.id:
                self.library.setCurrentItem(item)

    def _library_menu(self, pos) -> None:
        from PySide6.QtWidgets import QMenu

        item = self.library.itemAt(pos)
        if item is None:
            return
        menu = QMenu(self)
        menu.addAction("Remove from library…", lambda: self.remove_episode(item.data(Qt.UserRole + 1)))
        menu.exec(self.library.viewport().mapToGlobal(pos))

    def remove_episode(self, episode: Episode) -> bool:
        """Asks first, and says that recordings are kept: they are the learner's, not the episode's."""
        from PySide6.QtWidgets import QMessageBox

        with Library(self.library_path) as library:
            count = len(library.attempts(episode_id=episode.id))
        answer = QMessageBox.question(
            self, "Remove episode",
            f"Remove “{episode.title}” from the library? Its transcript and segments are removed; the "
            f"file itself is not touched. Your {count} recorded attempt(s) are kept, in "
            f"{self.library_path.parent / 'recordings'} and in your history.")
        if answer != QMessageBox.Yes:
            return False
        if self.episode is not None and self.episode.id == episode.id:
            self.cancel_transcription()
            self.stop()
            self.episode, self.segments = None, []
            self.segment_list.clear()
        with Library(self.library_path) as library:
            kept = library.delete_episode(episode.id)
        self.status.setText(f"removed {episode.title}; {kept} attempt(s) kept")
        self.refresh_library()
        return True

    def _library_activated(self, item: QListWidgetItem) -> None:
        self.open_episode(item.data(Qt.UserRole), known=item.data(Qt.UserRole + 1))

    def open_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Open an episode", "",
                                              "Audio and video (*.mp3 *.m4a *.aac *.ogg *.opus *.flac *.wav *.mp4 "
                                              "*.webm *.mkv);;All files (*)")
        if path:
            self.open_episode(path)

    def open_episode(self, path: str, text_source: str | None = None, known=None) -> None:
        """Open (and transcribe what is missing) off the UI thread; segments appear as they come.

        ``text_source``: "sidecar" practises on the transcript published with the episode,
        "whisper" on Whisper's; None keeps what this episode used last (Whisper the first time).
        ``known``: the library's episode picked from the list, whose file must still be its bytes.
        """
        self.clear_error()
        self.cancel_transcription()
        self.stop()
        self.progress_row.show()
        self.progress.setValue(0)
        self.progress.setFormat("opening…")

        def work(task, library_path, path, model, text_source):
            from .. import subtitles

            if known is not None:
                episodes.check_file(known)
            loaded = None
            if text_source == "sidecar":  # read it before adding anything: a bad one writes nothing
                sidecar = subtitles.find_sidecar(path)
                if sidecar is None:
                    raise ShadowingError(f"{path}: no published transcript (.srt, .vtt, .transcript.json) beside it")
                loaded = subtitles.load_transcript(sidecar)
            with Library(library_path) as library:
                episode = episodes.open_episode(library, path)
                task.signals.partial.emit(("episode", episode))
                if loaded is not None:
                    return episodes.import_sidecar(library, episode, sidecar, loaded)
                last = episodes.best_transcript(library, episode)
                if text_source is None and last is not None and last.source == "sidecar" and last.status == "complete":
                    return episodes.TranscriptResult(episode, last, library.segments(last.id), cached=True)
                stored = episodes.stored_result(library, path, model)
            if stored is not None and stored.complete:
                return stored
            job = episodes.TranscriptionJob(library_path, episode, model)
            task.on_cancel = job.cancel
            return job.run(on_progress=task.signals.progress.emit,
                           on_segments=lambda segs: task.signals.partial.emit(("segments", segs)))

        task = workers.Task(work, self.library_path, str(path), self.model_name, text_source)
        task.signals.partial.connect(self._transcription_partial)
        task.signals.progress.connect(self._transcription_progress)
        task.signals.result.connect(self._transcription_done)
        task.signals.error.connect(self._transcription_failed)
        task.signals.finished.connect(lambda t=task: self._finished(t))
        self._transcribing = task
        self._tasks.add(task)
        workers.start(task)

    def _finished(self, task) -> None:
        self._tasks.discard(task)
        if self._transcribing is task:
            self._transcribing = None
            self.progress_row.hide()

    def _transcription_partial(self, payload) -> None:
        kind, value = payload
        if kind == "episode":  # the file is readable media: only now replace what is shown
            self.segments = []
            self.segment_list.clear()
            self.episode = value
            self.setWindowTitle(f"Shadow — {value.title}")
            self.refresh_library()
        else:
            self._add_segments(value)

    def _add_segments(self, new: list[Segment]) -> None:
        known = {(round(s.start, 3), round(s.end, 3)) for s in self.segments}
        for seg in new:
            if (round(seg.start, 3), round(seg.end, 3)) in known:
                continue
            self.segments.append(seg)
            self.segment_list.addItem(self._segment_text(len(self.segments), seg))
        if self.segment_list.currentRow() < 0 and self.segments:
            self.segment_list.setCurrentRow(0)
        self.segments_changed.emit()

    @staticmethod
    def _segment_text(number: int, seg: Segment) -> str:
        return f"{number:>3}  {_fmt_time(seg.start)}  {seg.text}"

    def _transcription_progress(self, progress) -> None:
        self.progress.setValue(int(100 * progress.fraction))
        item = self.library.currentItem()
        if item is not None and self.episode is not None and item.data(Qt.UserRole + 1).id == self.episode.id:
            item.setText(f"{self.episode.title}\n{_fmt_time(self.episode.duration)} · "
                         f"transcribing {progress.fraction:.0%}")
        self.progress.setFormat(f"transcribing {_fmt_time(progress.done_s)} of {_fmt_time(progress.total_s)}")

    def _transcription_done(self, result) -> None:
        """Swap in the stored segments (with their library ids), keeping the selection."""
        row = max(0, self.segment_list.currentRow())
        self.segments = list(result.segments)
        self.segment_list.blockSignals(True)
        self.segment_list.clear()
        for i, seg in enumerate(self.segments, 1):
            self.segment_list.addItem(self._segment_text(i, seg))
        self.segment_list.blockSignals(False)
        if self.segments:
            self.segment_list.setCurrentRow(min(row, len(self.segments) - 1))
        self.status.setText(f"{len(self.segments)} segments" + ("" if result.complete else " (transcription stopped)"))
        self.segments_label.setText(f"<b>Segments</b> · text: {_source_name(result.transcript)}")
        self.refresh_library()
        self.segments_changed.emit()

    def _transcription_failed(self, message: str) -> None:
        self.show_error(message)
        if episodes.NO_SPEECH in message:  # the core dropped the episode: show the library as it is
            self.episode, self.segments = None, []
            self.segment_list.clear()
            self.setWindowTitle("Shadow")
            self.refresh_library()

    def cancel_transcription(self) -> None:
        if self._transcribing is not None:
            self._transcribing.cancel()

    # --- practice -----------------------------------------------------------------------------

    @property
    def current(self) -> Segment | None:
        row = self.segment_list.currentRow()
        return self.segments[row] if 0 <= row < len(self.segments) else None

    def settings(self) -> LoopSettings:
        mode = self.mode.currentText()
        if not self.record.isChecked() and mode != "listen":
            mode = "listen"
        loops = self.loops.value() or None
        gap = Gap(factor=1.2) if mode == "repeat" and self.gap.value() < 0.5 else Gap(self.gap.value())
        return LoopSettings(mode=mode, loops=loops, speed=self.speed.value(), gap=gap)

    def toggle_play(self) -> None:
        engine = self.bridge.engine
        if engine is not None and engine.program is not None and not engine.program.done:
            if engine.program.paused:
                engine.resume()
                self.play_button.setText("Pause")
            else:
                engine.pause()
                self.play_button.setText("Play")
            return
        self.play_current()

    def play_current(self) -> None:
        if self.coach_mode.active:  # the coach decides what plays; Play continues its plan
            self.coach_mode.next()
            return
        seg, engine = self.current, self.bridge.engine
        if seg is None or self.episode is None:
            return
        if engine is None:
            self.show_error("sound is not available yet" if self.bridge._opening else
                            "sound is not available: check the devices and PortAudio, then restart")
            return
        self.clear_error()
        self._revealed = self.visibility.currentText() == "shown"
        settings_now = self.settings()
        meta = attempt_meta(self.episode, seg)
        self._playing = (settings_now.mode, meta)
        engine.play(self.episode.path, seg.start, seg.end, settings_now, meta)
        self.play_button.setText("Pause")

    def stop(self) -> None:
        if self.bridge.engine is not None:
            self.bridge.engine.stop()
        self.play_button.setText("Play")
        self._loop_clock = None

    def step_segment(self, delta: int) -> None:
        if not self.segments:
            return
        row = min(max(0, self.segment_list.currentRow() + delta), len(self.segments) - 1)
        playing = self.bridge.engine is not None and self.bridge.engine.playing
        self.segment_list.setCurrentRow(row)
        if playing:
            self.play_current()

    def _segment_selected(self, row: int) -> None:
        self._loop_clock = None
        self._revealed = self.visibility.currentText() == "shown"
        self._update_sentence(force=True)
        self._show_attempts()

    def _speed_changed(self, value: float) -> None:
        if self.bridge.engine is not None:
            self.bridge.engine.set_speed(value)

    def _toggle_loop(self) -> None:
        self.loops.setValue(0 if self.loops.value() != 0 else 1)

    def _cycle_visibility(self) -> None:
        self.visibility.setCurrentIndex((self.visibility.currentIndex() + 1) % len(VISIBILITY))

    def _loop_started(self, event) -> None:
        engine = self.bridge.engine
        heard = min(10.0, max(-1.0, engine.heard_in(event.frame))) if engine is not None else 0.0
        self._loop_clock = (time.monotonic() + heard, event.speed)
        if self.coach_mode.active:  # the coach plays one loop at a time and its label says which
            self.status.setText(f"coach · {self.mode.currentText()} · {event.speed:g}×")
            return
        self.status.setText(f"loop {event.loop}" + (f" of {self.loops.value()}" if self.loops.value() else "")
                            + f" · {self.mode.currentText()} · {event.speed:g}×")

    def _loop_ended(self, event) -> None:
        """Each loop played is practice time in the current session (written off the UI thread)."""
        playing = getattr(self, "_playing", None)
        if playing is None:
            return
        mode, meta = playing

        def work(task, library_path):
            from ..practice import log_loop

            with Library(library_path) as library:
                log_loop(library, event, mode, meta)

        self._run(workers.Task(work, self.library_path))

    def _run(self, task) -> None:
        task.signals.error.connect(self.show_error)
        workers.run(task, self._tasks)

    def _program_done(self) -> None:
        self.play_button.setText("Play")
        self._loop_clock = None
        self.coach_mode.program_done()

    def _coach_toggled(self, on: bool) -> None:
        if on:
            self.coach_mode.start()
        else:
            self.coach_mode.stop()

    # --- the sentence, karaoke style ----------------------------------------------------------

    def _update_sentence(self, force: bool = False) -> None:
        seg = self.current
        if seg is None:
            self.sentence.setText("")
            return
        visibility = self.visibility.currentText()
        hidden = visibility == "hidden" or (visibility == "after attempt" and not self._revealed)
        if hidden:
            self.sentence.setText(f"<span style='color:{theme.colour('spoken')}'>(transcript hidden — press T to show)</span>")
            return
        now = None
        if self._loop_clock is not None:
            started, speed = self._loop_clock
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
        self.sentence.setText(" ".join(parts) or html.escape(seg.text))

    # --- attempts and results -----------------------------------------------------------------

    def _attempt_recorded(self, recorded) -> None:
        seg = next((s for s in self.segments if s.id == recorded.meta.get("segment_id")), self.current)
        words = seg.words if seg is not None else ()
        self.status.setText(f"scoring loop {recorded.meta.get('loop')}…")

        def work(task, library_path, recorded, words, scorer):
            with Library(library_path) as library:
                return store_and_score(library, recorded, words, scorer=scorer.score)

        task = workers.Task(work, self.library_path, recorded, words, self.scorer)
        task.signals.result.connect(self.show_result)
        task.signals.error.connect(lambda message: (self.show_error(message), self.coach_mode.scored(None)))
        workers.run(task, self._tasks)

    def show_result(self, scored) -> None:
        self._revealed = True
        self._update_sentence(force=True)
        self.status.setText("ready")
        self._show_attempts()  # selects this attempt: its result and waveform are drawn from the library
        if scored.result is None:
            self.render_result(None, scored.error or "not scored")
        self.refresh_library()  # "practised today"
        self.remind()
        self.coach_mode.scored(scored)
        self.result_shown.emit(scored)

    def _render_stored(self, a) -> None:
        """A stored attempt: its figures, or why it has none."""
        self.render_result(a.result, unscored_note(a.status, a.meta) if a.result is None else None)

    def render_result(self, result: dict | None, note: str | None = None) -> None:
        """Score, coloured words, figures: from ``ScoreResult.to_dict()``, fresh or stored."""
        if result is None:
            self.score_label.setText("–")
            self.score_label.setToolTip("")
            self.result_words.setHtml(html.escape(note or "not scored"))
            self.result_detail.clear()
            return
        self.score_label.setText(str(result["score"]))
        self.score_label.setToolTip(result.get("formula", ""))
        spans = []
        for w in result.get("words", []):
            colour = theme.colour(w["status"])
            text = html.escape(w["word"])
            if w["status"] == "substituted":
                heard = html.escape(w.get("heard") or "", quote=True)
                text = (f"<a href='heard:{heard}' style='color:{colour}'>{text}</a>"
                        f"<sub>({html.escape(w.get('heard') or '')})</sub>")
            elif w["status"] == "missed":
                text = f"<s>{text}</s>"
            elif w["status"] == "inserted":
                text = f"+{text}"
            spans.append(f"<span style='color:{colour}'>{text}</span>")
        self.result_words.setHtml("<p style='font-size:15pt'>" + " ".join(spans) + "</p>")
        lag = (result.get("lag_ms") or {}).get("median")
        pace = result.get("pace_ratio")
        detail = [f"accuracy {result['word_accuracy']:.0%}"]
        if lag is not None:
            detail.append(f"lag {lag:.0f} ms")
        if pace:
            detail.append(f"pace ×{pace:.2f}")
        legend = " ".join(f"<span style='color:{theme.colour(k)}'>■ {k}</span>"
                          for k in ("correct", "substituted", "missed", "inserted"))
        self.result_detail.setText(" · ".join(detail) + "<br>" + legend
                                   + "".join(f"<br>⚠ {html.escape(x)}" for x in result.get("warnings", [])))
        self.result_detail.setToolTip(result.get("formula", ""))

    def _attempt_selected(self, row: int) -> None:
        item = self.attempt_list.item(row) if row >= 0 else None
        if item is None:
            self._waveform_for = None
            self.attempt_caption.setText("<b>Attempt</b>")
            self.render_result(None, "no attempt on this segment yet")
            self.waveform.clear()
            return
        a = item.data(Qt.UserRole)
        self.attempt_caption.setText(f"<b>Attempt {row + 1}</b> · {a.mode} · {a.speed:g}× · "
                                     f"{a.recorded_at[:16].replace('T', ' ')}")
        self._render_stored(a)
        self.waveform.clear()
        if self.episode is None:
            return
        self._waveform_for = a.id

        def work(task, attempt_path, source_path, start, end, speed):
            from ..audio.waveform import attempt_waveforms

            return attempt_waveforms(attempt_path, source_path, start, end, speed)

        from ..storage.library import resolve_recording

        task = workers.Task(work, str(resolve_recording(a.path)), self.episode.path, a.source_start,
                            a.source_end, a.speed)
        words = (a.result or {}).get("words", [])
        task.signals.result.connect(lambda wf, attempt_id=a.id, words=words: self._show_waveform(attempt_id, wf, words))
        task.signals.error.connect(lambda message: self.waveform.clear())
        workers.run(task, self._tasks)

    def _show_waveform(self, attempt_id: int, waveforms, words: list[dict]) -> None:
        if getattr(self, "_waveform_for", None) == attempt_id:
            self.waveform.set_data(waveforms, words)

    def _word_hover(self, url) -> None:
        from PySide6.QtGui import QCursor
        from PySide6.QtWidgets import QToolTip

        text = url.toString() if hasattr(url, "toString") else str(url)
        if text.startswith("heard:"):
            QToolTip.showText(QCursor.pos(), f"heard: {text[6:]}", self.result_words)

    def _show_attempts(self) -> None:
        self.attempt_list.clear()
        seg = self.current
        if seg is None or seg.id is None:
            return
        try:
            with Library(self.library_path) as library:
                attempts = library.attempts(segment_id=seg.id)
        except Exception as exc:
            self.show_error(str(exc))
            return
        for n, a in enumerate(attempts, 1):
            score = f"{a.score:.0f}" if a.score is not None else (
                "playback stalled" if a.meta.get("interrupted_by") == "dropout" else a.status)
            lag = f" · lag {a.lag_ms:.0f} ms" if a.lag_ms is not None else ""
            item = QListWidgetItem(f"{n:>2}. {a.mode} {a.speed:g}× — {score}{lag}")
            item.setData(Qt.UserRole, a)
            self.attempt_list.addItem(item)
        if attempts:
            self.attempt_list.setCurrentRow(len(attempts) - 1)

    def play_attempt(self, source_first: bool) -> None:
        """Hear yourself (or the speaker then yourself, A/B) through the same stream."""
        import numpy as np
        import soundfile

        from ..audio.clip import CONTEXT_S, Clip, load_clip
        from ..practice import resample
        from ..storage.library import resolve_recording

        item, engine, seg = self.attempt_list.currentItem(), self.bridge.engine, self.current
        if item is None or engine is None or seg is None:
            return
        attempt = item.data(Qt.UserRole)
        try:
            audio, rate = soundfile.read(str(resolve_recording(attempt.path)), dtype="float32", always_2d=True)
        except Exception as exc:
            self.show_error(f"cannot play the attempt: {exc}")
            return
        audio = resample(audio[:, 0], rate, engine.rate)
        if source_first:
            source = load_clip(self.episode.path, seg.start, seg.end, engine.rate).playable
            audio = np.concatenate([source, np.zeros(int(0.4 * engine.rate), np.float32), audio])
        context = int(CONTEXT_S * engine.rate)
        padded = np.concatenate([np.zeros(context, np.float32), audio, np.zeros(context, np.float32)])
        clip = Clip(str(attempt.path), 0.0, audio.size / engine.rate, engine.rate, padded, context)
        self._playing = None  # hearing an attempt back is not a loop of the segment
        engine.play(str(attempt.path), 0.0, clip.end, LoopSettings(mode="listen", loops=1), clip=clip)
        self._loop_clock = None

    # --- segment editing ----------------------------------------------------------------------

    def _segment_menu(self, pos) -> None:
        from PySide6.QtWidgets import QMenu

        row = self.segment_list.indexAt(pos).row()
        if not 0 <= row < len(self.segments) or self.segments[row].id is None:
            return
        seg = self.segments[row]
        menu = QMenu(self)
        split = menu.addMenu("Split before word")
        for k, word in enumerate(seg.words[1:], 1):
            split.addAction(f"{k + 1}. {word.text}", lambda k=k: self.edit_segment("split", seg, k))
        split.setEnabled(len(seg.words) > 1)
        merge = menu.addAction("Merge with next", lambda: self.edit_segment("merge", seg))
        merge.setEnabled(row + 1 < len(self.segments))
        menu.addSeparator()
        for label, start, end in (("Start 0.1 s earlier", -0.1, 0), ("Start 0.1 s later", 0.1, 0),
                                  ("End 0.1 s earlier", 0, -0.1), ("End 0.1 s later", 0, 0.1)):
            menu.addAction(label, lambda a=start, b=end: self.edit_segment("nudge", seg, a, b))
        menu.exec(self.segment_list.viewport().mapToGlobal(pos))

    def edit_segment(self, action: str, seg: Segment, *values) -> None:
        """Split, merge or nudge in the library, then show the stored segments again."""
        from .. import editing
        from ..errors import ShadowingError

        try:
            with Library(self.library_path) as library:
                transcript = episodes.best_transcript(library, self.episode)
                if action == "split":
                    editing.split(library, transcript.id, seg.id, values[0])
                elif action == "merge":
                    editing.merge_with_next(library, transcript.id, seg.id)
                else:
                    editing.nudge(library, transcript.id, seg.id, values[0], values[1], self.episode.duration)
                segments = library.segments(transcript.id)
        except ShadowingError as exc:
            self.show_error(str(exc))
            return
        row = self.segment_list.currentRow()
        self.segments = segments
        self.segment_list.blockSignals(True)
        self.segment_list.clear()
        for i, s in enumerate(segments, 1):
            self.segment_list.addItem(self._segment_text(i, s))
        self.segment_list.blockSignals(False)
        self.segment_list.setCurrentRow(min(max(row, 0), len(segments) - 1))
        self.segments_changed.emit()

    # --- drag and drop ------------------------------------------------------------------------

    def dragEnterEvent(self, event) -> None:
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        files = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if files:
            event.acceptProposedAction()
            self.open_episode(files[0])

    # --- closing ------------------------------------------------------------------------------

    def changeEvent(self, event) -> None:
        """The system switched light/dark: redraw what carries its own colours."""
        if event.type() in (QEvent.PaletteChange, QEvent.ApplicationPaletteChange) and hasattr(self, "waveform"):
            item = self.attempt_list.currentItem()
            if item is not None:
                a = item.data(Qt.UserRole)
                self._render_stored(a)
            self.waveform.update()
            self._update_sentence(force=True)
        super().changeEvent(event)

    def closeEvent(self, event) -> None:
        self.cancel_transcription()
        self.bridge.close()
        self.scorer.close()
        try:
            from .. import history

            with Library(self.library_path) as library:
                history.end_session(library)  # closing the app ends the sitting
        except Exception:  # a closing window has nowhere to show this; the session ends on idle anyway
            pass
        super().closeEvent(event)
