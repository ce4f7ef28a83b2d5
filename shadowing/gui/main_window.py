"""The practice window: a coordinator over panels that each do one job.

LibraryPanel (episodes), TransportBar (how to practise, in one PracticeChoice), SentenceView
(karaoke), SegmentList (the episode's segments), ResultPanel (attempts and their figures), the
coach (``CoachMode`` over the core's ``CoachSession``) and the File menu's work (``FileMenu``).
This class wires them to the core: opening an episode (``episodes.prepare``), the audio engine
(through ``AudioBridge``), scoring (the ``ScoringService`` child) and the library. Everything that
reads files or the database runs as an ``Op``; the UI thread only draws.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import (QComboBox, QFileDialog, QHBoxLayout, QLabel, QMainWindow, QSplitter, QVBoxLayout,
                               QWidget)

from .. import episodes, media, settings
from ..audio import LoopSettings
from ..paths import database_path
from ..practice import PracticeChoice, attempt_meta, store_and_score
from ..records import Episode, Segment
from ..segmenter import PHRASE, SENTENCE
from ..scoring.service import ScoringService
from ..storage import Library
from ..i18n import QT_TRANSLATE_NOOP, translate
from ..transcription import doubt
from . import jobs
from .audio_bridge import AudioBridge
from .banner import error_banner
from .coach_mode import CoachMode
from .labels import mode_name
from .file_menu import FileMenu, install_menus
from .library_panel import LibraryPanel
from .opener import EpisodeOpener
from .ops import Op
from .result_panel import ResultPanel
from .segment_list import SegmentList
from .sentence_view import SentenceView
from .transport import TransportBar

AUDIO_PATTERNS = " ".join(f"*{suffix}" for suffix in media.MEDIA_TYPES)
SOUND_LOST = QT_TRANSLATE_NOOP("Main", "sound lost: trying to open the device again…")


def preload_pitch_tracker() -> None:
    """Import the pitch tracker (onnxruntime) while the window is being built: imported later, by
    the first attempt's waveforms in a worker thread, its import held the GIL and stalled the
    event loop by 10-20 ms more (bench/ui.py, scoring). About 0.1 s of start-up, before the first paint."""
    from ..pronunciation import prosody

    try:
        prosody.tracker()
    except Exception:  # no pitch tracker on this platform: the waveforms are drawn without melodies
        pass


class MainWindow(QMainWindow):
    segments_changed = Signal()
    result_shown = Signal(object)
    episode_removed = Signal(object)

    def __init__(self, backend_factory=None, library_path: Path | None = None):
        super().__init__()
        self.setWindowTitle(translate("Main", "Shadow"))
        self.library_path = Path(library_path) if library_path else database_path()
        self.episode: Episode | None = None
        self.pending_row: int | None = None  # the sentence to select once the episode's segments are in
        self._playing: tuple[str, dict] | None = None  # (mode, meta) of the loop now playing
        self._sound_down = False  # the device went away and the bridge is reopening it
        self.bridge = AudioBridge(backend_factory, self)
        self.scorer = ScoringService()
        preload_pitch_tracker()
        doubt.warm_lexicon()  # the sentence view marks words no dictionary has (0.5 s, off this thread)
        self.coach_mode = CoachMode(self)
        self.files = FileMenu(self)
        self.opener = EpisodeOpener(self)
        self._build()
        install_menus(self)
        self._wire()
        self.apply_preferences(settings.load())
        self.refresh_library()
        self.load_glossary()
        self.bridge.open()
        self._preload_scorer()
        self.remind()
        self.setAcceptDrops(True)

    # --- layout -------------------------------------------------------------------------------

    def _build(self) -> None:
        self.banner = error_banner()
        self.library_panel = LibraryPanel()
        self.transport = TransportBar()
        self.sentence = SentenceView()
        self.segment_list = SegmentList()
        self.results = ResultPanel(self.library_path)
        self.coach_label = self.coach_mode.label
        self.segments_label = QLabel("<b>{}</b>".format(translate("Main", "Segments")))
        self.segments_label.setObjectName("segments_label")
        self.unit = QComboBox()
        self.unit.setObjectName("unit")
        self.unit.addItem(translate("Main", "Sentences"), SENTENCE)
        self.unit.addItem(translate("Main", "Phrases (shorter, for beginners)"), PHRASE)
        self.unit.setToolTip(translate("Main", "Loop whole sentences, or the breath groups inside them"))
        heading = QHBoxLayout()
        heading.addWidget(self.segments_label, 1)
        heading.addWidget(self.unit)
        centre = QWidget()
        cv = QVBoxLayout(centre)
        for widget in (self.sentence, self.coach_label, self.transport):
            cv.addWidget(widget)
        cv.addLayout(heading)
        cv.addWidget(self.segment_list, 1)
        cv.addWidget(self.opener.row)
        splitter = self.splitter = QSplitter()
        for widget in (self.library_panel, centre, self.results):
            splitter.addWidget(widget)
        splitter.setSizes([220, 660, 400])
        self.results.setMinimumWidth(300)
        self.library_panel.setMinimumWidth(170)
        root = QWidget()
        outer = QVBoxLayout(root)
        outer.addWidget(self.banner)
        outer.addWidget(splitter, 1)
        self.setCentralWidget(root)
        self.status = QLabel(translate("Main", "opening the sound devices…"))
        self.statusBar().addWidget(self.status, 1)
        self.reminder = QLabel()
        self.reminder.setObjectName("reminder")
        self.statusBar().addPermanentWidget(self.reminder)

    def _wire(self) -> None:
        lib, t, b = self.library_panel, self.transport, self.bridge
        lib.activated.connect(lambda episode: self.open_episode(episode.path, known=episode))
        lib.remove_requested.connect(self.remove_episode)
        lib.again_requested.connect(self.transcribe_again)
        lib.open_file_requested.connect(self.open_dialog)
        lib.podcasts_requested.connect(self.files.open_podcasts)
        t.play_pressed.connect(self.toggle_play)
        t.step_pressed.connect(self.step_segment)
        t.speed_changed.connect(lambda v: b.engine.set_speed(v) if b.engine is not None else None)
        t.visibility_changed.connect(lambda v: self.sentence.set_visibility(v))
        t.coach_toggled.connect(lambda on: self.coach_mode.start() if on else self.coach_mode.stop())
        t.devices_picked.connect(self.use_devices)
        self.unit.currentIndexChanged.connect(lambda _: self.choose_unit(self.unit.currentData()))
        o = self.opener
        o.opened.connect(self._episode_opened)
        o.segments_arrived.connect(lambda segs: (self.segment_list.add_segments(segs), self.segments_changed.emit()))
        o.progressed.connect(lambda p: self.library_panel.show_progress(self.episode, p.fraction) if self.episode else None)
        o.done.connect(self._transcription_done)
        o.failed.connect(self._transcription_failed)
        self.segment_list.selected.connect(self._segment_selected)
        self.segment_list.edit_requested.connect(self.edit_segment)
        self.segment_list.correct_requested.connect(self.correct_word)
        self.sentence.correct_requested.connect(self.correct_word)
        self.sentence.glossary_requested.connect(lambda term: self.add_to_glossary([term]))
        self.results.play_requested.connect(self.play_attempt)
        self.results.word_play_requested.connect(self.play_word)
        b.opened.connect(lambda note: (self.show_sound_status(note), t.load_devices()))
        b.failed.connect(lambda message: (self.show_error(translate(
            "Main", "{message}. Playback and recording are off.").format(message=translate("Audio", message))),
            self.status.setText(translate("Main", "no sound")), t.load_devices()))
        b.loop_began.connect(self._loop_started)
        b.loop_finished.connect(self._loop_ended)
        b.attempt_recorded.connect(self._attempt_recorded)
        b.program_done.connect(self._program_done)
        b.engine_error.connect(lambda message, fatal: self.show_error(translate("Audio", message)))
        b.lost.connect(self._sound_lost)
        b.reopened.connect(self._sound_back)
        b.level.connect(lambda peak, rms, clipped: t.show_level(peak))

    def show_sound_status(self, note: str = "") -> None:
        """Until an output's latency was ever measured, the status line points at the sound check."""
        from ..audio import calibration

        engine = self.bridge.engine
        if note:
            self.status.setText(translate("Audio", note))
        elif engine is not None and engine.can_record and not calibration.load_all():
            self.status.setText(translate("Main", "ready · first time here? File → Sound check… tests the microphone "
                                          "and how late your headphones play"))
        else:
            self.status.setText(translate("Main", "ready"))

    # --- messages -----------------------------------------------------------------------------

    def show_error(self, message: str) -> None:
        self.banner.setText(message)
        self.banner.show()

    def clear_error(self) -> None:
        self.banner.hide()
        self.banner.clear()

    # --- sound, scorer, settings ------------------------------------------------------------------

    def _sound_lost(self, message: str) -> None:
        self.transport.set_playing(False)
        self._sound_down = True
        self.status.setText(translate("Main", SOUND_LOST))
        self.coach_mode.sound_lost()

    def _sound_back(self, note: str) -> None:
        self._sound_down = False
        self.clear_error()
        self.status.setText(translate("Main", "sound is back: {note}").format(note=translate("Audio", note)) if note
                            else translate("Main", "sound is back"))
        self.coach_mode.sound_back()

    def _preload_scorer(self) -> None:
        """Load the scoring model now, while the learner looks around."""
        Op(self, jobs.load_scorer, self.scorer).start()

    def choose_unit(self, unit: str, remember: bool = True) -> None:
        """Sentences or phrases: the list re-cuts at once; the choice is kept for next time."""
        if unit != self.unit.currentData():
            self.unit.blockSignals(True)
            self.unit.setCurrentIndex(self.unit.findData(unit))
            self.unit.blockSignals(False)
        self.stop()
        self.segment_list.set_unit(unit)
        self.segments_changed.emit()
        if remember:
            Op(self, lambda chosen: settings.remember(unit=chosen), unit).start()

    def apply_preferences(self, prefs) -> None:
        self.transport.show_choice(PracticeChoice(prefs.mode, prefs.loops, prefs.gap_s, prefs.speed,
                                                  prefs.visibility, self.transport.state.record))
        self.model_name = prefs.model or None
        self.unit.blockSignals(True)
        self.unit.setCurrentIndex(max(0, self.unit.findData(prefs.unit)))
        self.unit.blockSignals(False)
        self.segment_list.set_unit(prefs.unit)
        self.scorer.set_model(self.model_name)

    def use_devices(self, choice) -> None:
        """Remember the choice and reopen the stream with it (off the UI thread)."""
        self.stop()
        if self.bridge.use_devices(choice):
            self.status.setText(translate("Main", "opening the sound devices…"))

    def remind(self) -> None:
        """A gentle line in the status bar while today's goal is not met (and reviews are due)."""
        Op(self, jobs.reminder, self.library_path).on_result(self.reminder.setText).start()

    # --- library and episodes -----------------------------------------------------------------

    def refresh_library(self) -> None:
        current = self.episode
        Op(self, jobs.library_rows, self.library_path) \
            .on_result(lambda rows: self.library_panel.show_rows(rows, self.episode or current)).start()

    def remove_episode(self, episode: Episode) -> None:
        """Asks, then removes it (its recordings are kept); ``episode_removed`` says when it is done."""
        self.files.remove_episode(episode)

    def close_episode(self) -> None:
        self.cancel_transcription()
        self.stop()
        self.episode = None
        self.segment_list.clear()
        self.setWindowTitle(translate("Main", "Shadow"))

    def open_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, translate("Main", "Open an episode"), "", translate(
            "Main", "Audio and video ({patterns});;All files (*)").format(patterns=AUDIO_PATTERNS))
        if path:
            self.open_episode(path)

    def open_episode(self, path: str, text_source: str | None = None, known=None) -> None:
        """Open (and transcribe what is missing) off the UI thread (``EpisodeOpener``)."""
        self.clear_error()
        self.stop()
        self.opener.open(self.library_path, path, self.model_name, text_source, known)

    def transcribe_again(self, episode: Episode, model: str = "") -> None:
        """Whisper anew, with today's glossary (or the better model): the segments stream in as
        on a first open; attempts, reviews and corrections follow to the new text when it is done."""
        self.clear_error()
        self.stop()
        self.opener.open(self.library_path, episode.path, model or self.model_name, "whisper", episode, again=True)

    def _episode_opened(self, episode: Episode) -> None:
        self.segment_list.clear()
        self.episode = episode
        self.results.show_segment(episode, None)
        self.setWindowTitle(translate("Main", "Shadow — {title}").format(title=episode.title))
        self.refresh_library()

    def _transcription_done(self, result) -> None:
        """Swap in the stored segments (with their library ids), keeping the selection."""
        self.segment_list.set_segments(list(result.segments))
        if self.pending_row is not None and 0 <= self.pending_row < len(self.segments):
            self.select_segment(self.pending_row)
        self.pending_row = None
        count = len(result.segments)
        self.status.setText(translate("Main", "%n segment(s)", None, count) if result.complete else
                            translate("Main", "%n segment(s) (transcription stopped)", None, count))
        self.segments_label.setText(translate("Main", "<b>Segments</b> · text: {source}").format(
            source=episodes.text_source_name(result.transcript)))
        self.refresh_library()
        self.segments_changed.emit()

    def _transcription_failed(self, message: str) -> None:
        self.show_error(message)
        if translate("Errors", episodes.NO_SPEECH) in message:  # the core dropped the episode: show the library
            self.close_episode()
            self.refresh_library()

    def cancel_transcription(self) -> None:
        self.opener.cancel()

    @property
    def _transcribing(self):
        return self.opener.op

    @property
    def segments(self) -> list[Segment]:
        return self.segment_list.segments

    @property
    def current(self) -> Segment | None:
        return self.segment_list.current()

    def edit_segment(self, action: str, seg: Segment, values: tuple = (), then=None) -> None:
        """Split, merge, nudge or correct in the library (``editing.edit``), then show the stored
        segments (and call ``then``)."""
        def work(library_path, episode):
            from .. import editing

            with Library(library_path) as library:
                return editing.edit(library, episode, seg.id, action, *values)

        def done(segments):
            self.segment_list.set_segments(segments)
            self.segments_changed.emit()
            self.sentence.show_segment(self.current)
            if then is not None:
                then()

        Op(self, work, self.library_path, self.episode).on_result(done).start()

    def correct_word(self, seg: Segment, index: int) -> None:
        """The learner's spelling for a word Whisper got wrong (:func:`editing.correct`)."""
        from .correction import CorrectionDialog

        doubts = self.sentence.doubts if self.sentence.segment is seg else None
        dialog = CorrectionDialog(seg, index, doubts, self)
        if dialog.exec() != CorrectionDialog.Accepted or not dialog.values()[2]:
            return
        values = dialog.values()
        self.edit_segment("correct", seg, values, then=self.load_glossary if values[3] else None)

    def add_to_glossary(self, terms: list[str]) -> None:
        def work(library_path):
            with Library(library_path) as library:
                return library.add_to_glossary(terms)

        Op(self, work, self.library_path).on_result(lambda added: (self.status.setText(
            translate("Main", "added {terms} to your glossary: Whisper spells it so in episodes transcribed from now "
                      "on").format(terms=", ".join(added)) if added else
            translate("Main", "{terms} is in your glossary already").format(terms=", ".join(terms))),
            self.load_glossary())).start()

    def load_glossary(self) -> None:
        def work(library_path):
            with Library(library_path) as library:
                return library.glossary()

        Op(self, work, self.library_path).on_result(self.sentence.set_glossary).start()

    # --- practice -----------------------------------------------------------------------------

    def settings(self) -> LoopSettings:
        return self.transport.state.loop_settings()

    def toggle_play(self) -> None:
        engine = self.bridge.engine
        if engine is not None and engine.program is not None and not engine.program.done:
            paused = engine.program.paused  # pausing takes effect after a short fade: decide now
            (engine.resume if paused else engine.pause)()
            self.transport.set_playing(paused)
            return
        self.play_current()

    def play_current(self) -> None:
        if self.coach_mode.active:  # the coach decides what plays; Play continues its plan
            self.coach_mode.next()
            return
        seg = self.current
        if seg is None or self.episode is None:
            return
        if self.bridge.engine is None:
            self.show_error(translate("Main", "sound is not available yet") if self.bridge.opening else
                            translate("Main", "sound is not available: check the devices and PortAudio, then restart"))
            return
        self.clear_error()
        self.sentence.show_segment(seg)
        self.start_loop(seg.start, seg.end, self.settings(), attempt_meta(self.episode, seg))

    def start_loop(self, start: float, end: float, loop_settings: LoopSettings, meta: dict) -> None:
        """Play a span of the open episode (plain practice, or the coach's loop)."""
        self._playing = (loop_settings.mode, meta)
        self.bridge.engine.play(self.episode.path, start, end, loop_settings, meta)
        self.transport.set_playing(True)

    def stop(self) -> None:
        if self.bridge.engine is not None:
            self.bridge.engine.stop()
        self.transport.set_playing(False)
        self.sentence.loop_stopped()

    def step_segment(self, delta: int) -> None:
        if not self.segments:
            return
        playing = self.bridge.engine is not None and self.bridge.engine.playing
        self.segment_list.setCurrentRow(min(max(0, self.segment_list.currentRow() + delta), len(self.segments) - 1))
        if playing:
            self.play_current()

    def select_segment(self, row: int, quietly: bool = False) -> None:
        """Show sentence ``row`` (the coach moves it; ``quietly``: without the list's own signal)."""
        self.segment_list.blockSignals(quietly)
        self.segment_list.setCurrentRow(row)
        self.segment_list.blockSignals(False)
        self._segment_selected(row)

    def _segment_selected(self, row: int) -> None:
        self.sentence.show_segment(self.current)
        self.results.show_segment(self.episode, self.current)

    def _loop_started(self, event) -> None:
        engine = self.bridge.engine
        heard = min(10.0, max(-1.0, engine.heard_in(event.frame))) if engine is not None else 0.0
        self.sentence.loop_started(heard, event.speed)
        mode = (self._playing or (self.transport.state.mode, None))[0]
        if self.coach_mode.active:  # the coach plays one loop at a time and its label says which
            self.status.setText(translate("Main", "coach · {mode} · {speed}×").format(
                mode=mode_name(mode), speed=f"{event.speed:g}"))
            return
        loops = self.transport.state.loops
        text = translate("Main", "loop {loop} of {loops} · {mode} · {speed}×") if loops else \
            translate("Main", "loop {loop} · {mode} · {speed}×")
        self.status.setText(text.format(loop=event.loop, loops=loops, mode=mode_name(mode), speed=f"{event.speed:g}"))

    def _loop_ended(self, event) -> None:
        """Each loop played is practice time in the current session (written off the UI thread)."""
        if self._playing is not None:
            Op(self, jobs.log_loop_in, self.library_path, event, *self._playing).start()

    def _program_done(self) -> None:
        self.transport.set_playing(False)
        self.sentence.loop_stopped()
        self.coach_mode.program_done()

    def _attempt_recorded(self, recorded) -> None:
        seg = next((s for s in self.segments if s.id == recorded.meta.get("segment_id")
                    and s.part == recorded.meta.get("part")), self.current)
        words = seg.words if seg is not None else ()
        self.status.setText(translate("Main", "scoring loop {loop}…").format(loop=recorded.meta.get("loop")))

        def work(library_path, recorded, words, scorer):
            with Library(library_path) as library:
                return store_and_score(library, recorded, words, scorer=scorer.score)

        Op(self, work, self.library_path, recorded, words, self.scorer).on_result(self.show_result) \
            .on_error(lambda message: (self.show_error(message), self.coach_mode.scored(None))).start()

    def show_result(self, scored) -> None:
        self.sentence.reveal()
        # the attempt the lost device cut short is scored while the bridge is still reopening: the
        # status keeps saying so until the sound is back
        self.status.setText(translate("Main", SOUND_LOST) if self._sound_down else translate("Main", "ready"))
        self.results.render_result(scored.result.to_dict() if scored.result is not None else None,
                                   scored.error or translate("Main", "not scored"))
        self.results.show_segment(self.episode, self.current)  # then the list, this attempt selected
        self.refresh_library()  # "practised today"
        self.remind()
        self.coach_mode.scored(scored)
        self.result_shown.emit(scored)

    def play_attempt(self, source_first: bool) -> None:
        """Hear yourself (or the speaker then yourself, A/B) through the same stream; the file is
        read and resampled off the UI thread."""
        attempt, engine, seg = self.results.current(), self.bridge.engine, self.current
        if attempt is None or engine is None or seg is None:
            return
        source = (self.episode.path, seg.start, seg.end) if source_first else None

        def play(clip):
            self._playing = None  # hearing an attempt back is not a loop of the segment
            engine.play(clip.path, 0.0, clip.end, LoopSettings(mode="listen", loops=1), clip=clip)
            self.sentence.loop_stopped()

        Op(self, jobs.attempt_clip, attempt.path, engine.rate, source).on_result(play) \
            .on_error(lambda message: self.show_error(
                translate("Main", "cannot play the attempt: {message}").format(message=message))).start()

    def play_word(self, word: dict) -> None:
        """One word of the selected attempt: the speaker's, then the learner's (one click)."""
        attempt, engine = self.results.current(), self.bridge.engine
        if attempt is None or engine is None or self.episode is None:
            return
        source_start, attempt_start = word.get("source_start"), word.get("attempt_start")
        if source_start is None or attempt_start is None:
            return
        source_end = word.get("source_end") or source_start + 0.6
        attempt_end = word.get("attempt_end") or attempt_start + (source_end - source_start) / attempt.speed
        # word times are on the played axis (relative to the span, at the loop's speed)
        source = (self.episode.path, attempt.source_start + source_start * attempt.speed,
                  attempt.source_start + source_end * attempt.speed)

        def play(clip):
            self._playing = None
            engine.play(clip.path, 0.0, clip.end, LoopSettings(mode="listen", loops=1), clip=clip)
            self.sentence.loop_stopped()

        Op(self, jobs.word_clip, attempt.path, engine.rate, source, (attempt_start, attempt_end)).on_result(play) \
            .on_error(lambda message: self.show_error(
                translate("Main", "cannot play the word: {message}").format(message=message))).start()

    # --- drag and drop, theme, closing -------------------------------------------------------

    def dragEnterEvent(self, event) -> None:
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        files = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if files:
            event.acceptProposedAction()
            self.open_episode(files[0])

    def changeEvent(self, event) -> None:
        """The system switched light/dark: redraw what carries its own colours."""
        if event.type() in (QEvent.PaletteChange, QEvent.ApplicationPaletteChange) and hasattr(self, "results"):
            self.results.restyle()
            self.sentence.refresh()
        super().changeEvent(event)

    def bring_forward(self, episode: str = "") -> None:
        """Another start asked for this window (``instance``): show it, and open ``episode`` if given."""
        if self.isMinimized():
            self.showNormal()
        self.show()
        self.raise_()
        self.activateWindow()
        if episode:
            self.open_episode(episode)

    def closeEvent(self, event) -> None:
        from . import window_state

        try:
            window_state.save(self)
        except OSError:  # a full or read-only disk: the next start opens at the default size
            pass
        self.cancel_transcription()
        self.bridge.close()
        self.scorer.close()
        jobs.end_session(self.library_path)  # closing the app ends the sitting
        super().closeEvent(event)
