"""Coach mode: the practice window's transport follows the coach's session by itself.

The session (``shadowing.session.CoachSession``, the same object ``shadowing practice --coach``
runs) decides every loop and what a loop's end, attempt, cut or silence means; this class only
shows its step, plays its loop, passes on what the engine reports, and stores each answer in the
background before the next loop.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QLabel

from ..i18n import translate
from ..segmenter import SENTENCE
from ..session import NO_SCORE_NOTE, STALLED_NOTE, CoachSession, Reaction
from ..storage import Library
from .ops import Op


def _load(library_path, episode, segments) -> CoachSession:
    with Library(library_path) as library:
        return CoachSession.load(library, episode, segments)


def _store(library_path, session: CoachSession) -> str:
    with Library(library_path) as library:
        return session.store(library)


class CoachMode(QObject):
    advanced = Signal(object)  # the step now playing (or None: the plan is done)
    WAIT_FOR_SCORE_MS = 45000

    def __init__(self, window):
        super().__init__(window)
        self.w = window
        self.active = False
        self.session: CoachSession | None = None
        self._busy = False  # an answer is being stored: the next loop waits for it
        self.label = QLabel()  # what the coach is doing and why
        self.label.setObjectName("coach_why")
        self.label.setWordWrap(True)
        self.label.setStyleSheet("QLabel { padding: 4px; border-left: 3px solid #1e88e5; }")
        self.label.hide()

    @property
    def step(self):
        return self.session.step if self.session is not None else None

    # --- on and off --------------------------------------------------------------------------

    def start(self) -> None:
        w = self.w
        if w.episode is None or not w.segments or any(s.id is None for s in w.segments):
            w.show_error(translate("Coach", "Coach mode needs a transcribed episode: open one and wait for its segments."))
            w.transport.set_coach(False, quietly=True)
            return
        if w.segment_list.unit != SENTENCE:  # the coach's plan and reviews are kept per sentence
            w.choose_unit(SENTENCE, remember=False)
            w.status.setText(translate("Coach", "coach: practising whole sentences (the coach plans by sentence)"))
        Op(w, _load, w.library_path, w.episode, list(w.segments)).on_result(self._loaded) \
            .on_error(lambda message: (w.show_error(message), w.transport.set_coach(False, quietly=True))).start()

    def _loaded(self, session: CoachSession) -> None:
        self.session, self.active = session, True
        self.label.show()
        self.next()

    def stop(self) -> None:
        self.active = False
        self.label.setText("")
        self.label.hide()

    def sound_lost(self) -> None:
        if self.active:
            self.session.cut()
            self.label.setText(translate("Coach", "Coach: waiting for the sound device to come back; this loop will be played again"))

    def sound_back(self) -> None:
        if self.active and self.session.waiting_for_sound:
            self.next()

    # --- the loop ----------------------------------------------------------------------------

    def next(self) -> None:
        """Play the loop the session says."""
        w = self.w
        if not self.active or self._busy:
            return
        if w.bridge.engine is None:
            w.show_error(translate("Coach", "sound is not available: the coach waits until it is"))
            self.session.waiting_for_sound = True
            return
        loop = self.session.next_loop()
        if loop is None:
            self.label.setText(translate("Coach", "The plan for this episode is done. Reviews come back in Today (File → Today)."))
            self.active = False
            w.transport.set_coach(False, quietly=True)  # off, but the label stays to say why
            self.advanced.emit(None)
            return
        self.label.setText(translate("Coach", "Coach: {why}").format(why=loop.step.why))
        w.transport.follow(loop.step)
        w.select_segment(loop.step.segment_positions[0], quietly=True)
        w.start_loop(loop.start, loop.end, loop.settings(w.transport.state.speed), loop.meta)
        self.advanced.emit(loop.step)

    def program_done(self) -> None:
        """A listening loop counts once the rest of this batch of events is seen (a device loss
        in it voids the loop); a scored one waits for its attempt, but not for ever: a recording
        that never came (a device fault) counts as a missed loop, so the plan does not stall."""
        loop = self.session.loop if self.active and self.session is not None else None
        if loop is None:
            return
        if not loop.step.scored:
            QTimer.singleShot(0, lambda: self._react(self.session.played(loop.number)))
            return

        def overdue():
            if self.active and not self._busy:
                self._react(self.session.overdue(loop.number), NO_SCORE_NOTE)

        QTimer.singleShot(self.WAIT_FOR_SCORE_MS, overdue)

    def scored(self, scored) -> None:
        """A stored attempt, or None when scoring failed (a missed loop)."""
        if self.active and self.session is not None:
            self._react(self.session.attempt(scored))

    def _react(self, reaction: Reaction, note: str = "") -> None:
        w = self.w
        if not self.active:
            return
        gap_ms = int(self.session.cfg.gap_s * 1000)
        if reaction is Reaction.REPLAY:
            self.label.setText(translate("Coach", "Coach: {why}").format(why=translate("Coach", STALLED_NOTE)))
            QTimer.singleShot(gap_ms, self.next)
        elif reaction is Reaction.NEXT:
            if note:
                w.status.setText(translate("Coach", "coach: {note}").format(note=translate("Coach", note)))
            self._busy = True
            step = self.session.step
            Op(w, _store, w.library_path, self.session).on_result(lambda said: self._stored(said, step, gap_ms)) \
                .on_error(lambda message: (setattr(self, "_busy", False), w.show_error(message))).start()

    def _stored(self, note: str, step, gap_ms: int) -> None:
        self._busy = False
        if note and step is not None and (step.scored or step.stage == "review"):
            self.w.status.setText(translate("Coach", "coach: {note}").format(note=note))
        if self.active:
            QTimer.singleShot(gap_ms, self.next)
