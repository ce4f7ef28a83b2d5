"""A coached practice run over one episode, the same for the terminal and the window.

The coach (``coach``) decides a step from a plan state; ``coaching`` stores each decision. This
object is the run between them: reviews due in the episode come first (up to 3 loops each, until
one passes), then the plan, one loop at a time. It knows which loop is current, so a late attempt
of an earlier loop is ignored; a loop cut short (the device went away, or the learner stopped) never
counts; a loop whose playback stalled is played again; a listening loop counts once it has played.

It does no I/O of its own except :meth:`CoachSession.store`, which writes the answered loop to
the library and may run on any thread (the window runs it in the background, the terminal in
line). The faces only play what :meth:`next_loop` says and pass on what the engine reports:

    loop = session.next_loop()           # None: the plan is done
    engine.play(..., loop.settings(speed), loop.meta)
    reaction = session.attempt(scored)   # or session.played(loop.number) for a listening loop
    if reaction is Reaction.NEXT: note = session.store(library); then session.next_loop() ...
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime, timezone

from . import coach, coaching
from .audio.program import Gap, LoopSettings
from .coach import CoachSettings, Outcome, PlanState, Review, Step
from .practice import attempt_meta
from .i18n import QT_TRANSLATE_NOOP, translate
from .records import Episode, Segment


class Reaction(enum.Enum):
    """What the face does after telling the session what happened to a loop."""

    NEXT = "next"  # store the answer (session.store), then play session.next_loop() after the gap
    REPLAY = "replay"  # play session.next_loop() (the same step) after the gap; nothing to store
    WAIT = "wait"  # the loop was cut: play again when sound is back, or when the learner says so
    IGNORE = "ignore"  # nothing to do: a late attempt, or a loop already answered


@dataclass(frozen=True)
class CoachLoop:
    """One loop to play: the coach's step, and the loop's number in this run (in every attempt's
    meta as ``coach_loop``, so an attempt that arrives late is known for what it is)."""

    step: Step
    number: int
    segments: tuple[Segment, ...]
    meta: dict

    @property
    def start(self) -> float:
        return self.segments[0].start

    @property
    def end(self) -> float:
        return self.segments[-1].end

    @property
    def words(self):
        return self.segments[0].words

    def settings(self, speed: float = 1.0, volume: float = 1.0) -> LoopSettings:
        return LoopSettings(mode=self.step.mode, loops=1, gap=Gap(0.0), speed=speed, volume=volume)


NO_SCORE_NOTE = QT_TRANSLATE_NOOP("Coach", "no score came for that loop; counting it as missed")
STALLED_NOTE = QT_TRANSLATE_NOOP("Coach", "playback stalled during that loop; playing it again")


class CoachSession:
    def __init__(self, episode: Episode, segments: list[Segment], state: PlanState, reviews: list[Review],
                 cfg: CoachSettings):
        self.episode = episode
        self.segments = list(segments)
        self.state = state
        self.reviews = list(reviews)
        self.cfg = cfg
        self.step: Step | None = None
        self.review_loops = 0  # loops played on the review in hand
        self.loop: CoachLoop | None = None
        self._played = 0  # loops handed out
        self._answered = 0  # the last loop number answered (counted, cut, or replayed)
        self._pending: Outcome | None = None
        self.waiting_for_sound = False

    @classmethod
    def load(cls, library, episode: Episode, segments: list[Segment], now: datetime | None = None,
             cfg: CoachSettings | None = None) -> "CoachSession":
        """The episode's stored plan, and the reviews due now among its sentences."""
        if not segments or any(s.id is None for s in segments):
            from .errors import ShadowingError

            raise ShadowingError(translate("Errors", "the coach needs a transcribed episode: open one and wait for its "
                                                     "segments"))
        ids = {s.id for s in segments}
        due = [r for r in coach.due(coaching.reviews(library), now or datetime.now(timezone.utc))
               if r.segment_id in ids]
        cfg = cfg or coaching.coach_settings()
        return cls(episode, segments, coaching.load_plan(library, episode.id, segments, cfg), due, cfg)

    # --- what to play ---------------------------------------------------------------------------

    @property
    def finished(self) -> bool:
        return not self.reviews and coach.next_step(self.state, len(self.segments), self.cfg) is None

    def next_loop(self) -> CoachLoop | None:
        """The loop to play now (a review first), or None when the episode's plan is done."""
        if self.reviews:
            review = self.reviews[0]
            position = next(i for i, s in enumerate(self.segments) if s.id == review.segment_id)
            step = coaching.review_step(review, position)
        else:
            step = coach.next_step(self.state, len(self.segments), self.cfg)
        self.step = step
        if step is None:
            self.loop = None
            return None
        self._played += 1
        self.waiting_for_sound = False
        self._pending = None
        segs = tuple(self.segments[i] for i in step.segment_positions)
        meta = dict(attempt_meta(self.episode, segs[0]), coach_loop=self._played)
        self.loop = CoachLoop(step, self._played, segs, meta)
        return self.loop

    # --- what happened to it --------------------------------------------------------------------

    def _open(self, number: int | None = None) -> bool:
        """The current loop, not yet answered (and ``number`` is it, when given)."""
        loop = self.loop
        return (loop is not None and self._answered < loop.number
                and (number is None or number == loop.number))

    def played(self, number: int) -> Reaction:
        """Loop ``number``'s playback ended. A listening loop has done its job; a scored one waits
        for its attempt (see :meth:`overdue`)."""
        if not self._open(number) or self.loop.step.scored:
            return Reaction.IGNORE
        self._answered = number
        self._pending = Outcome(played_only=True)
        return Reaction.NEXT

    def attempt(self, scored) -> Reaction:
        """A stored attempt (``practice.ScoredAttempt``; its result None when scoring failed: a
        missed loop)."""
        number = scored.recorded.meta.get("coach_loop") if scored is not None else None
        if number is not None and (self.loop is None or number != self.loop.number):
            return Reaction.IGNORE  # a late attempt of a loop the coach has moved past
        if scored is not None and scored.recorded.interrupted:
            if not self._open():
                return Reaction.IGNORE
            self._answered = self.loop.number
            if scored.recorded.meta.get("interrupted_by") == "dropout" and not self.waiting_for_sound:
                return Reaction.REPLAY  # the computer was too busy: the learner heard a gap
            return Reaction.WAIT  # cut by the device going away or by Stop: it does not count
        if not self._open() or not self.loop.step.scored:
            return Reaction.IGNORE
        self._answered = self.loop.number
        self._pending = coaching.outcome_of(scored.result if scored is not None else None)
        return Reaction.NEXT

    def overdue(self, number: int) -> Reaction:
        """No attempt came for scored loop ``number`` in time (a device fault): a missed loop, so the
        plan does not stall."""
        if not self._open(number) or not self.loop.step.scored:
            return Reaction.IGNORE
        self._answered = number
        self._pending = Outcome(None, None)
        return Reaction.NEXT

    def cut(self) -> None:
        """The device went away (or the learner stopped) mid-loop: that loop does not count,
        whatever its cut recording scores; the same step plays again when sound is back."""
        if self.loop is not None:
            self._answered = max(self._answered, self.loop.number)
        self.waiting_for_sound = True

    # --- storing the answer ---------------------------------------------------------------------

    def store(self, library, now: datetime | None = None) -> str:
        """Write the answered loop (plan state, review queue) and say what it did; any thread."""
        outcome, step = self._pending, self.step
        self._pending = None
        if outcome is None or step is None:
            return ""
        if step.stage == "review":
            return self._store_review(library, outcome, now)
        t = coaching.apply(library, self.state, outcome, self.segments, now=now, cfg=self.cfg)
        self.state = t.state
        return t.note if step.scored else ""

    def _store_review(self, library, outcome: Outcome, now: datetime | None) -> str:
        """A review passes on its first passing loop; after its last loop it is missed."""
        self.review_loops += 1
        passed = self.cfg.passes(outcome.score, outcome.lag_median_s)
        if not passed and self.review_loops < self.step.loops:
            return translate("Coach", "review: again ({done} of {loops} loops)").format(
                done=self.review_loops, loops=self.step.loops)
        review = coaching.apply_review(library, self.reviews.pop(0), outcome, now=now, cfg=self.cfg)
        self.review_loops = 0
        if not passed:
            return translate("Coach", "review missed: it comes back sooner")
        if review.mastered:
            return translate("Coach", "review passed: mastered")
        hours = self.cfg.review_intervals_h[min(review.step, len(self.cfg.review_intervals_h) - 1)]
        return translate("Coach", "review passed: next in {hours} h").format(hours=f"{hours:g}")
