"""Coach mode: the practice window's transport follows the coach's plan by itself.

Reviews due in the open episode come first (up to 3 loops each), then the plan: each loop is
played once, its outcome (played, or the attempt's score and lag) is stored by the core, and the
next loop is decided from the new state. The window says what it is doing and why.
"""

from __future__ import annotations

from datetime import datetime, timezone

from PySide6.QtCore import QObject, QTimer, Signal

from .. import coach, coaching
from ..audio import Gap, LoopSettings
from ..practice import attempt_meta
from ..storage import Library
from . import workers


class CoachMode(QObject):
    advanced = Signal(object)  # the step now playing (or None: the plan is done)

    def __init__(self, window):
        super().__init__(window)
        self.w = window
        self.active = False
        self.state = None
        self.cfg = None
        self.step = None
        self.reviews: list = []
        self.review_loops = 0
        self._busy = False
        self._loop = 0  # counts loops played, so a late watchdog knows its loop was answered
        self._answered = 0
        self._waiting_for_sound = False

    # --- on and off --------------------------------------------------------------------------

    def start(self) -> None:
        w = self.w
        if w.episode is None or not w.segments or any(s.id is None for s in w.segments):
            w.show_error("Coach mode needs a transcribed episode: open one and wait for its segments.")
            w.coach.setChecked(False)
            return

        def load(task, library_path, episode_id, segment_ids):
            with Library(library_path) as library:
                due = [r for r in coach.due(coaching.reviews(library), datetime.now(timezone.utc))
                       if r.segment_id in segment_ids]
                return coaching.load_plan(library, episode_id), coaching.coach_settings(), due

        task = workers.Task(load, w.library_path, w.episode.id, {s.id for s in w.segments})
        task.signals.result.connect(self._loaded)
        w._run(task)

    def _loaded(self, loaded) -> None:
        self.state, self.cfg, self.reviews = loaded
        self.active = True
        self.w.coach_label.show()
        self.next()

    def sound_lost(self) -> None:
        """The device went away mid-loop: that loop does not count (whatever score its cut
        recording gets); the same step plays again when sound is back."""
        if self.active:
            self._answered = self._loop
            self._waiting_for_sound = True
            self.w.coach_label.setText("Coach: waiting for the sound device to come back; this loop will be played again")

    def sound_back(self) -> None:
        if self.active and self._waiting_for_sound:
            self._waiting_for_sound = False
            self.next()

    def stop(self) -> None:
        self.active = False
        self._waiting_for_sound = False
        self.step = None
        self.w.coach_label.setText("")
        self.w.coach_label.hide()

    # --- the loop ----------------------------------------------------------------------------

    def next(self) -> None:
        """Decide and play the next loop."""
        w = self.w
        if not self.active or self._busy:
            return
        if self.reviews:
            review = self.reviews[0]
            position = next(i for i, s in enumerate(w.segments) if s.id == review.segment_id)
            self.step = coaching.review_step(review, position)
        else:
            self.step = coach.next_step(self.state, len(w.segments), self.cfg)
        if self.step is None:
            w.coach_label.setText("The plan for this episode is done. Reviews come back in Today (File → Today).")
            self.active = False
            w.coach.blockSignals(True)  # off, but the label stays to say why
            w.coach.setChecked(False)
            w.coach.blockSignals(False)
            self.advanced.emit(None)
            return
        step = self.step
        w.coach_label.setText(f"Coach: {step.why}")
        w.visibility.setCurrentText("shown" if step.transcript == "shown" else "hidden")
        w.mode.setCurrentText(step.mode)
        segs = [w.segments[i] for i in step.segment_positions]
        w.segment_list.blockSignals(True)
        w.segment_list.setCurrentRow(step.segment_positions[0])
        w.segment_list.blockSignals(False)
        w._segment_selected(step.segment_positions[0])
        engine = w.bridge.engine
        if engine is None:
            w.show_error("sound is not available: the coach waits until it is")
            self._waiting_for_sound = True
            return
        self._loop += 1
        meta = dict(attempt_meta(w.episode, segs[0]), coach_loop=self._loop)
        settings = LoopSettings(mode=step.mode, loops=1, speed=w.speed.value(), gap=Gap(0.0))
        w._playing = (step.mode, meta)
        w._revealed = step.transcript == "shown"
        engine.play(w.episode.path, segs[0].start, segs[-1].end, settings, meta)
        w.play_button.setText("Pause")
        self.advanced.emit(step)

    WAIT_FOR_SCORE_MS = 45000

    def program_done(self) -> None:
        """A listening loop ended; a scored one waits for its score, but not for ever: a recording
        that never came (a device fault) counts as a missed loop, so the plan does not stall."""
        if not self.active or self.step is None:
            return
        loop = self._loop
        if not self.step.scored:
            def played():  # after the rest of this batch of events: a device loss voids the loop
                if self.active and self._answered < loop and self._loop == loop:
                    self._answered = loop
                    self._apply(coach.Outcome(played_only=True))

            QTimer.singleShot(0, played)
            return

        def overdue():
            if self.active and self._answered < loop and self._loop == loop and not self._busy:
                self.w.status.setText("coach: no score came for that loop; counting it as missed")
                self._answered = loop
                self._apply(coach.Outcome(None, None))

        QTimer.singleShot(self.WAIT_FOR_SCORE_MS, overdue)

    def scored(self, scored) -> None:
        """A scored attempt (or None when scoring failed: a missed loop). A loop cut short (the
        device went away, or the learner pressed Stop) does not count: it plays again when sound
        is back, or on Play; one whose playback stalled (a starved audio callback) plays again now."""
        if scored is not None and scored.recorded.meta.get("coach_loop", self._loop) != self._loop:
            return  # a late attempt from a loop the coach has already moved past
        if scored is not None and scored.recorded.interrupted:
            self._answered = max(self._answered, self._loop)
            if (scored.recorded.meta.get("interrupted_by") == "dropout" and self.active
                    and not self._waiting_for_sound and not self._busy):
                self.w.coach_label.setText("Coach: playback stalled during that loop; playing it again")
                QTimer.singleShot(int(self.cfg.gap_s * 1000), self.next)
            return
        if self.active and self.step is not None and self.step.scored and self._answered < self._loop:
            self._answered = self._loop
            self._apply(coaching.outcome_of(scored.result if scored is not None else None))

    def _apply(self, outcome) -> None:
        w, step = self.w, self.step
        self._busy = True
        if step.stage == "review":
            self.review_loops += 1
            review = self.reviews[0]
            passed = self.cfg.passes(outcome.score, outcome.lag_median_s)
            if not passed and self.review_loops < step.loops:
                self._busy = False
                QTimer.singleShot(int(self.cfg.gap_s * 1000), self.next)
                return
            self.reviews.pop(0)
            self.review_loops = 0

            def work(task, library_path, review, outcome, cfg):
                with Library(library_path) as library:
                    return coaching.apply_review(library, review, outcome, cfg=cfg)

            task = workers.Task(work, w.library_path, review, outcome, self.cfg)
            task.signals.result.connect(lambda r: self._after(f"review {'passed' if passed else 'missed'}"))
        else:
            def work(task, library_path, state, outcome, segments, cfg):
                with Library(library_path) as library:
                    return coaching.apply(library, state, outcome, segments, cfg=cfg)

            task = workers.Task(work, w.library_path, self.state, outcome, list(w.segments), self.cfg)
            task.signals.result.connect(self._transition)
        task.signals.error.connect(lambda message: (setattr(self, "_busy", False), w.show_error(message)))
        w._run(task)

    def _transition(self, t) -> None:
        self.state = t.state
        self._after(t.note)

    def _after(self, note: str) -> None:
        self._busy = False
        if note and self.step is not None and self.step.scored:
            self.w.status.setText(f"coach: {note}")
        if self.active:
            QTimer.singleShot(int(self.cfg.gap_s * 1000), self.next)
