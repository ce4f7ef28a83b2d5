"""Take it for a walk: a practice track for the phone, and the walk's recording scored at home.

- :mod:`.plan`: the track's timeline (sentences, loops, gaps, speed ladder, tones, blind rounds);
- :mod:`.track`: rendering, -16 LUFS, MP3/M4A with chapters, lyrics and the plan inside, an M3U8;
- :mod:`.matching`: where the track ran in a recording, and which speech is which loop;
- :mod:`.importing`: the import flow: match, score, keep, tell the coach.

:func:`export_walk` and :func:`~.importing.import_walk` are the flows the CLI and the window share.
"""

from __future__ import annotations

import os

from ..i18n import translate
from .importing import NotAWalk, WalkImport, import_walk, imports, plan_of_track, stored_plans
from .plan import PlanError, WalkPlan, WalkSettings, build_plan
from .track import TrackError, WrittenTrack, read_plan, write_track

WHICH = ("all", "range", "next", "reviews")


def choose_segments(library, episode, segments: list, which: str = "all", first: int | None = None,
                    last: int | None = None, now=None) -> list:
    """The sentences to walk with: a stretch (``first``..``last``, 1-based as the CLI numbers them),
    the coach's next stage for this episode, or the reviews due today (of this episode)."""
    from .. import coach, coaching

    if which == "range":
        lo, hi = max(1, first or 1), min(len(segments), last or len(segments))
        if lo > hi:
            raise PlanError(translate("Errors", "no sentences in {first}-{last} (the episode has {count})").format(
                first=first, last=last, count=len(segments)))
        return segments[lo - 1: hi]
    if which == "next":
        state = coaching.load_plan(library, episode.id, segments)
        step = coach.next_step(state, len(segments), coaching.coach_settings())
        if step is None:
            raise PlanError(translate("Errors", "the coach has finished this episode: choose sentences instead"))
        stretch = coach._stretch(state, len(segments), coaching.coach_settings())
        return [segments[i] for i in stretch]
    if which == "reviews":
        from datetime import datetime, timezone

        due = coach.due(coaching.reviews(library), now or datetime.now(timezone.utc))
        ids = {r.segment_id for r in due}
        chosen = [s for s in segments if s.id in ids]
        if not chosen:
            raise PlanError(translate("Errors", "no reviews of this episode are due today"))
        return chosen
    return list(segments)


def statuses(library, segments: list) -> dict:
    """Each sentence's place in the 1/3/5 rule: hard (in the review queue), passed (a passing
    attempt), or new."""
    from .. import coaching

    cfg = coaching.coach_settings()
    hard = {r.segment_id for r in coaching.reviews(library) if not r.mastered}
    out = {}
    for seg in segments:
        if seg.id in hard:
            out[seg.id] = "hard"
            continue
        rows = library.db.execute("SELECT score FROM attempts WHERE segment_id = ? AND status = 'scored'",
                                  (seg.id,)).fetchall()
        out[seg.id] = "passed" if any(r[0] is not None and r[0] >= cfg.pass_score for r in rows) else "new"
    return out


def plan_walk(library, episode, segments: list, settings: WalkSettings) -> WalkPlan:
    return build_plan(segments, settings, episode_id=episode.id, episode_title=episode.title,
                      episode_hash=episode.content_hash, statuses=statuses(library, segments))


def export_walk(library, episode, plan: WalkPlan, out: str | os.PathLike, playlist: bool = True,
                progress=None, cancelled=None) -> WrittenTrack:
    """Write the track and keep its plan in the library (the import finds it there too)."""
    from .importing import store_plan

    written = write_track(plan, episode.path, out, playlist=playlist, progress=progress, cancelled=cancelled)
    store_plan(library, plan, written.path.resolve())
    return written


__all__ = ["WalkPlan", "WalkSettings", "PlanError", "TrackError", "NotAWalk", "WrittenTrack", "WalkImport",
           "build_plan", "choose_segments", "plan_walk", "export_walk", "import_walk", "read_plan", "write_track",
           "plan_of_track", "stored_plans", "imports", "statuses"]
