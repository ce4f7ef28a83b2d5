"""The coach: what to practise next, decided by the scores, so a session starts without decisions.

A plan works through an episode a stretch at a time (a few sentences). Each stretch goes through
stages the learner can see:

1. **listen through**: the whole stretch once, transcript hidden;
2. sentence by sentence: **listen** with the transcript, **shadow** with it, **shadow blind**;
3. **the stretch again, blind**: each sentence shadowed once more without the text.

A shadowing stage passes a sentence when an attempt scores at least ``pass_score`` with its median
lag inside the mode's band. A sentence gets 1 loop; if that fails, 3; if those fail, 5 (the
learner's rule); after that it is marked hard and the plan moves on. Hard sentences go into a
review queue with spaced intervals (6 h, then 1, 2, 4, 7, 14, 28 days); a passed review moves a
sentence one interval on, a failed one moves it one back, and passing the last makes it mastered.

Everything here is pure (the state and the clock come in, the next state goes out); storage
keeps the state after every step, so a crash resumes at the same sentence, stage and loop.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime, timedelta

from .i18n import QT_TRANSLATE_NOOP, translate

STAGES = ("listen_through", "listen", "shadow", "shadow_blind", "stretch_blind")
STAGE_NAMES = {"listen_through": QT_TRANSLATE_NOOP("Coach", "listen through, transcript hidden"),
               "listen": QT_TRANSLATE_NOOP("Coach", "listen with the transcript"),
               "shadow": QT_TRANSLATE_NOOP("Coach", "shadow with the transcript"),
               "shadow_blind": QT_TRANSLATE_NOOP("Coach", "shadow, transcript hidden"),
               "stretch_blind": QT_TRANSLATE_NOOP("Coach", "the whole stretch again, blind")}


def stage_name(stage: str) -> str:
    """The stage in the learner's words (in the installed language)."""
    return translate("Coach", STAGE_NAMES[stage]) if stage in STAGE_NAMES else stage


SCORED = ("shadow", "shadow_blind", "stretch_blind")


@dataclass(frozen=True)
class CoachSettings:
    pass_score: float = 80.0
    lag_band_s: tuple[float, float] = (-0.2, 0.8)  # the scorer's full-marks band for shadowing
    rounds: tuple[int, ...] = (1, 3, 5)
    stretch: int = 6  # sentences per stretch
    review_intervals_h: tuple[float, ...] = (6, 24, 48, 96, 168, 336, 672)
    gap_s: float = 1.0

    def passes(self, score: float | None, lag_median_s: float | None, mode: str = "shadow") -> bool:
        if score is None or score < self.pass_score:
            return False
        if mode == "shadow" and lag_median_s is not None:
            lo, hi = self.lag_band_s
            return lo <= lag_median_s <= hi
        return True


@dataclass(frozen=True)
class PlanState:
    """Where the learner is in an episode's plan. Segment positions index the episode's segments."""

    episode_id: int
    stretch_start: int = 0
    stage: str = "listen_through"
    position: int = 0  # the sentence within the stretch (0-based)
    round: int = 0  # index into settings.rounds
    loops_done: int = 0  # loops played in this round
    hard: tuple[int, ...] = ()  # segment ids marked hard in this stretch
    finished: bool = False
    origin: int = 0  # the stretch the plan began at (a new learner's easiest); it wraps round to it

    def to_json(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def from_json(cls, text: str) -> "PlanState":
        data = json.loads(text)
        data["hard"] = tuple(data.get("hard", ()))
        return cls(**data)


@dataclass(frozen=True)
class Step:
    """What to do now: play these sentences in this mode, this many loops, the text shown or not."""

    stage: str
    segment_positions: tuple[int, ...]  # indices into the episode's segments
    mode: str  # listen | shadow
    loops: int
    transcript: str  # shown | hidden
    why: str
    scored: bool

    def to_dict(self) -> dict:
        return asdict(self)


def _stretch(state: PlanState, total: int, settings: CoachSettings) -> range:
    return range(state.stretch_start, min(total, state.stretch_start + settings.stretch))


def next_step(state: PlanState, total_segments: int, settings: CoachSettings = CoachSettings()) -> Step | None:
    """None when the episode is done."""
    if state.finished or state.stretch_start >= total_segments:
        return None
    stretch = _stretch(state, total_segments, settings)
    n_in = len(stretch)
    label = translate("Coach", "sentences {first}-{last} of {total}").format(
        first=stretch.start + 1, last=stretch.stop, total=total_segments)
    if state.stage == "listen_through":
        return Step(state.stage, tuple(stretch), "listen", 1, "hidden",
                    translate("Coach", "{where}: {stage}").format(where=label, stage=stage_name(state.stage)), False)
    seg = stretch.start + state.position
    where = translate("Coach", "sentence {n} ({i} of {count} in {stretch})").format(
        n=seg + 1, i=state.position + 1, count=n_in, stretch=label)
    if state.stage in ("listen", "stretch_blind"):
        return Step(state.stage, (seg,), "listen" if state.stage == "listen" else "shadow", 1,
                    "shown" if state.stage == "listen" else "hidden",
                    translate("Coach", "{where}: {stage}").format(where=where, stage=stage_name(state.stage)),
                    state.stage == "stretch_blind")
    loops = settings.rounds[state.round]
    left = loops - state.loops_done
    transcript = "shown" if state.stage == "shadow" else "hidden"
    why = (translate("Coach", "{where}: {stage}, {done} of {loops} loops (after a miss: more loops)") if state.round
           else translate("Coach", "{where}: {stage}, {done} of {loops} loops"))
    return Step(state.stage, (seg,), "shadow", left, transcript,
                why.format(where=where, stage=stage_name(state.stage), done=state.loops_done, loops=loops), True)


def _advance_position(state: PlanState, total: int, settings: CoachSettings) -> PlanState:
    """The next sentence in this stage, or the next stage, or the next stretch."""
    stretch = _stretch(state, total, settings)
    base = replace(state, round=0, loops_done=0)
    if state.stage == "listen_through":
        return replace(base, stage="listen", position=0)
    if state.stage in ("listen", "shadow", "shadow_blind"):
        # each sentence goes listen -> shadow -> shadow blind before the next sentence
        order = ("listen", "shadow", "shadow_blind")
        i = order.index(state.stage)
        if i < 2:
            return replace(base, stage=order[i + 1])
        if state.position + 1 < len(stretch):
            return replace(base, stage="listen", position=state.position + 1)
        return replace(base, stage="stretch_blind", position=0)
    # stretch_blind
    if state.position + 1 < len(stretch):
        return replace(base, position=state.position + 1)
    following = stretch.stop if stretch.stop < total else 0  # after the last stretch, the first
    if following == state.origin:
        return replace(base, finished=True, position=0)
    return PlanState(state.episode_id, stretch_start=following, origin=state.origin)


def easiest_stretch(paces: list[float | None], stretch: int) -> int:
    """Where a new learner starts: the stretch (of ``stretch`` sentences, at the plan's own
    boundaries 0, stretch, 2*stretch ...) spoken slowest, by its sentences' median words a
    minute. An episode with no rates starts at the beginning."""
    best, best_rate = 0, None
    for start in range(0, len(paces), max(1, stretch)):
        rates = sorted(p for p in paces[start:start + stretch] if p)
        if not rates:
            continue
        rate = rates[len(rates) // 2]
        if best_rate is None or rate < best_rate - 1e-9:
            best, best_rate = start, rate
    return best


@dataclass(frozen=True)
class Outcome:
    """What a loop gave: played (listening) or an attempt's score and median lag (seconds)."""

    score: float | None = None
    lag_median_s: float | None = None
    played_only: bool = False


@dataclass(frozen=True)
class Transition:
    state: PlanState
    passed: bool | None  # None for listening stages
    marked_hard: int | None = None  # a segment position that became hard
    note: str = ""


def record(state: PlanState, outcome: Outcome, total_segments: int,
           settings: CoachSettings = CoachSettings(), segment_ids: list[int] | None = None) -> Transition:
    """One loop finished. Returns the next state and what happened."""
    step = next_step(state, total_segments, settings)
    if step is None:
        return Transition(state, None)
    if not step.scored:
        if outcome.played_only or outcome.score is not None:
            return Transition(_advance_position(state, total_segments, settings), None,
                              note=translate("Coach", "done"))
        return Transition(state, None)
    seg = step.segment_positions[0]
    passed = settings.passes(outcome.score, outcome.lag_median_s)
    if passed:
        return Transition(_advance_position(state, total_segments, settings), True, note=translate("Coach", "passed"))
    if state.stage == "stretch_blind":  # one try per sentence here; a miss makes it hard
        hard = _mark(state, seg, segment_ids)
        return Transition(_advance_position(replace(state, hard=hard), total_segments, settings), False, seg,
                          translate("Coach", "missed on the blind run: into the review queue"))
    loops_done = state.loops_done + 1
    if loops_done < settings.rounds[state.round]:
        return Transition(replace(state, loops_done=loops_done), False, note=translate("Coach", "again"))
    if state.round + 1 < len(settings.rounds):
        loops = settings.rounds[state.round + 1]
        return Transition(replace(state, round=state.round + 1, loops_done=0), False,
                          note=translate("Coach", "now %n loop(s)", None, loops))
    hard = _mark(state, seg, segment_ids)
    return Transition(_advance_position(replace(state, hard=hard), total_segments, settings), False, seg,
                      translate("Coach", "marked hard: into the review queue; moving on"))


def _mark(state: PlanState, position: int, segment_ids: list[int] | None) -> tuple[int, ...]:
    key = segment_ids[position] if segment_ids else position
    return state.hard if key in state.hard else (*state.hard, key)


# --- spaced review ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Review:
    segment_id: int
    episode_id: int | None
    step: int  # index into the intervals; the next interval after a pass
    due_at: datetime
    mastered: bool = False
    last_score: float | None = None
    text: str = ""


def schedule_new(segment_id: int, episode_id: int | None, now: datetime, settings: CoachSettings = CoachSettings(),
                 text: str = "") -> Review:
    return Review(segment_id, episode_id, 0, now + timedelta(hours=settings.review_intervals_h[0]), text=text)


def review_result(review: Review, passed: bool, now: datetime, score: float | None = None,
                  settings: CoachSettings = CoachSettings()) -> Review:
    """Passed: one interval on (past the last: mastered). Failed: one interval back."""
    intervals = settings.review_intervals_h
    if passed:
        step = review.step + 1
        if step >= len(intervals):
            return replace(review, step=step, mastered=True, last_score=score, due_at=now)
    else:
        step = max(0, review.step - 1)
    return replace(review, step=step, due_at=now + timedelta(hours=intervals[step]), last_score=score)


def due(reviews: list[Review], now: datetime) -> list[Review]:
    """Due now, the longest overdue first."""
    return sorted((r for r in reviews if not r.mastered and r.due_at <= now), key=lambda r: r.due_at)


@dataclass
class TodayPlan:
    reviews_due: list[Review]
    episode_id: int | None
    episode_title: str | None
    step: Step | None
    stage_progress: str
    estimate_min: float
    today_minutes: float
    goal_minutes: float
    streak_days: int
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        data = asdict(self)
        for r in data["reviews_due"]:
            r["due_at"] = r["due_at"].isoformat()
        return data


def estimate_minutes(step: Step | None, state: PlanState | None, segment_lengths: list[float],
                     reviews: int, review_length_s: float = 8.0, settings: CoachSettings = CoachSettings()) -> float:
    """A rough guide: each review ~3 loops; the rest of the stretch ~ 1 + 1 + ~2 + ~2 + 1 loops per sentence."""
    seconds = reviews * 3 * (review_length_s + settings.gap_s)
    if step is not None and state is not None:
        stretch = range(state.stretch_start, min(len(segment_lengths), state.stretch_start + settings.stretch))
        remaining = [i for i in stretch if i >= state.stretch_start + state.position]
        per_sentence = 7.0 if state.stage != "stretch_blind" else 1.0
        seconds += sum((segment_lengths[i] + settings.gap_s) * per_sentence for i in remaining)
        if state.stage == "listen_through":
            seconds += sum(segment_lengths[i] for i in stretch)
    return round(seconds / 60, 1)
