"""The coach's memory and its day: plan states and the review queue in the library, "today".

``coach`` decides; this module stores each decision as it is made (one transaction per loop), so
the app or the terminal can be killed at any moment and resume at the same sentence, stage and
loop, and it assembles the Today view from the plan, the queue and the habit figures.
"""

from __future__ import annotations

from datetime import datetime, timezone

from . import coach, history, settings
from .i18n import translate
from .coach import CoachSettings, Outcome, PlanState, Review, Step


def coach_settings() -> CoachSettings:
    p = settings.load()
    return CoachSettings(pass_score=p.coach_pass_score, rounds=tuple(p.coach_rounds), stretch=p.coach_stretch)


def load_plan(library, episode_id: int, segments: list | None = None, cfg: CoachSettings | None = None) -> PlanState:
    """The episode's stored plan, or a new one: a learner who has never recorded an attempt
    starts at the episode's most slowly spoken stretch (given its ``segments``), then goes on
    from there and round to the beginning; anyone else starts at the beginning."""
    row = library.db.execute("SELECT state FROM coach_plans WHERE episode_id = ?", (episode_id,)).fetchone()
    if row:
        return PlanState.from_json(row[0])
    if segments and library.db.execute("SELECT COUNT(*) FROM attempts").fetchone()[0] == 0:
        from .difficulty import pace

        paces = [(p.wpm if p else None) for p in (pace(s.words) for s in segments)]
        start = coach.easiest_stretch(paces, (cfg or coach_settings()).stretch)
        return PlanState(episode_id, stretch_start=start, origin=start)
    return PlanState(episode_id)


def save_plan(library, state: PlanState) -> None:
    with library.transaction() as db:
        db.execute("INSERT INTO coach_plans (episode_id, state, updated_at) VALUES (?, ?, strftime('%Y-%m-%dT%H:%M:%fZ','now'))"
                   " ON CONFLICT(episode_id) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at",
                   (state.episode_id, state.to_json()))


def current_plan(library) -> PlanState | None:
    """The plan practised most recently: where "continue" takes the learner."""
    row = library.db.execute("SELECT state FROM coach_plans ORDER BY updated_at DESC LIMIT 1").fetchone()
    return PlanState.from_json(row[0]) if row else None


def reviews(library) -> list[Review]:
    rows = library.db.execute("SELECT * FROM reviews").fetchall()
    return [Review(r["segment_id"], r["episode_id"], r["step"], history.parse(r["due_at"]), bool(r["mastered"]),
                   r["last_score"], r["text"]) for r in rows]


def save_review(library, review: Review) -> None:
    with library.transaction() as db:
        db.execute("INSERT INTO reviews (segment_id, episode_id, step, due_at, mastered, last_score, text)"
                   " VALUES (?,?,?,?,?,?,?) ON CONFLICT(segment_id) DO UPDATE SET step = excluded.step,"
                   " due_at = excluded.due_at, mastered = excluded.mastered, last_score = excluded.last_score",
                   (review.segment_id, review.episode_id, review.step, history.stamp(review.due_at),
                    int(review.mastered), review.last_score, review.text))


def apply(library, state: PlanState, outcome: Outcome, segments: list, now: datetime | None = None,
          cfg: CoachSettings | None = None) -> coach.Transition:
    """Record one loop's outcome: the new plan state, and a hard sentence into the review queue."""
    cfg = cfg or coach_settings()
    now = now or datetime.now(timezone.utc)
    ids = [s.id for s in segments]
    t = coach.record(state, outcome, len(segments), cfg, ids)
    if t.marked_hard is not None:
        seg = segments[t.marked_hard]
        known = {r.segment_id for r in reviews(library)}
        if seg.id not in known:
            save_review(library, coach.schedule_new(seg.id, state.episode_id, now, cfg, seg.text))
    save_plan(library, t.state)
    return t


def apply_review(library, review: Review, outcome: Outcome, now: datetime | None = None,
                 cfg: CoachSettings | None = None) -> Review:
    cfg = cfg or coach_settings()
    now = now or datetime.now(timezone.utc)
    passed = cfg.passes(outcome.score, outcome.lag_median_s)
    updated = coach.review_result(review, passed, now, outcome.score, cfg)
    save_review(library, updated)
    return updated


def outcome_of(result) -> Outcome:
    """From a ScoreResult (or None: not scored)."""
    if result is None:
        return Outcome(None, None)
    return Outcome(result.score, result.lag.get("median"))


def today(library, now: datetime | None = None, tz=None, cfg: CoachSettings | None = None) -> coach.TodayPlan:
    from . import episodes

    cfg = cfg or coach_settings()
    now = now or datetime.now(timezone.utc)
    goal = settings.load().daily_goal_min
    habit = history.habit(library, goal, tz=tz, now=now)
    due = coach.due(reviews(library), now)
    state = current_plan(library)
    step, title, progress, lengths, notes = None, None, "", [], []
    if state is not None:
        try:
            episode = library.episode(state.episode_id)
            info = episodes.best_transcript(library, episode)
            segments = library.segments(info.id) if info else []
            lengths = [s.end - s.start for s in segments]
            step = coach.next_step(state, len(segments), cfg)
            title = episode.title
            progress = translate("Coach", "sentence {n} of {total}, {stage}").format(
                n=state.stretch_start + state.position + 1, total=len(segments),
                stage=coach.stage_name(state.stage)) if step else translate("Coach", "episode done")
        except Exception:  # the episode was removed: nothing to continue
            state = None
    if habit.today_minutes < habit.goal_minutes:
        notes.append(translate("Coach", "{minutes} minutes to today's goal").format(
            minutes=f"{habit.goal_minutes - habit.today_minutes:.0f}"))
    if state is None:
        notes.append(translate("Coach", "open an episode and turn on the coach to start a plan"))
    review_len = 8.0
    estimate = coach.estimate_minutes(step, state, lengths, len(due), review_len, cfg)
    return coach.TodayPlan(due, state.episode_id if state else None, title, step, progress, estimate,
                           habit.today_minutes, habit.goal_minutes, habit.streak_days, notes)


def review_step(review: Review, position: int) -> Step:
    return Step("review", (position,), "shadow", 3, "hidden",
                translate("Coach", "review: {text} (interval {step}, up to 3 loops)").format(
                    text=review.text[:60], step=review.step + 1), True)

