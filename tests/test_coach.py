"""The coach's plan and review schedule, driven by scripted scores and a fake clock."""

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from shadowing import coach
from shadowing.coach import CoachSettings, Outcome, PlanState

CFG = CoachSettings(stretch=2)
PASS, FAIL = Outcome(90, 0.3), Outcome(50, 0.3)
PLAYED = Outcome(played_only=True)


def run(script, total=2, cfg=CFG, limit=200, start=None):
    """Feed outcomes (a function of the step) until the plan ends; return the steps taken."""
    state, steps = start or PlanState(1), []
    for _ in range(limit):
        step = coach.next_step(state, total, cfg)
        if step is None:
            return steps, state
        outcome = script(step, state) if step.scored else PLAYED
        t = coach.record(state, outcome, total, cfg, segment_ids=[100 + i for i in range(total)])
        steps.append((step.stage, step.segment_positions, step.loops, step.transcript, t.passed, t.marked_hard))
        state = t.state
    raise AssertionError("the plan never ended")


def test_a_learner_who_passes_first_time_walks_every_stage_once():
    steps, state = run(lambda step, s: PASS)
    assert [(s[0], s[1]) for s in steps] == [
        ("listen_through", (0, 1)),
        ("listen", (0,)), ("shadow", (0,)), ("shadow_blind", (0,)),
        ("listen", (1,)), ("shadow", (1,)), ("shadow_blind", (1,)),
        ("stretch_blind", (0,)), ("stretch_blind", (1,))]
    assert steps[0][3] == "hidden" and steps[1][3] == "shown" and steps[2][3] == "shown" and steps[3][3] == "hidden"
    assert state.finished and state.hard == ()


@pytest.mark.parametrize("pass_on_loop, loops_played, hard", [
    (1, 1, False), (2, 2, False), (4, 4, False),  # 1 loop; then within the round of 3 (loops 2-4)
    (5, 5, False), (9, 9, False),  # within the round of 5 (loops 5-9)
    (None, 9, True),  # never: 1 + 3 + 5 loops, then hard
])
def test_if_once_fails_three_times_if_three_fail_five_times(pass_on_loop, loops_played, hard):
    attempts = []

    def script(step, state):
        if step.stage != "shadow" or step.segment_positions != (0,):
            return PASS
        attempts.append((state.round, state.loops_done, step.loops))
        return PASS if len(attempts) == pass_on_loop else FAIL

    steps, state = run(script)
    assert len(attempts) == loops_played
    # the loops offered: 1, then a round of 3 counting down, then a round of 5 counting down
    offered = [a[2] for a in attempts]
    assert offered == [1, 3, 2, 1, 5, 4, 3, 2, 1][:loops_played]
    assert (100 in state.hard) is hard and all(h == 100 for h in state.hard)


def test_the_lag_band_is_part_of_passing():
    cfg = CoachSettings()
    assert cfg.passes(95, 0.3) and not cfg.passes(95, 1.2) and not cfg.passes(95, -0.5)
    assert not cfg.passes(79, 0.3) and not cfg.passes(None, None)
    assert CoachSettings(pass_score=60).passes(65, 0.0)


def test_a_miss_on_the_blind_stretch_run_goes_straight_to_review():
    steps, state = run(lambda step, s: FAIL if step.stage == "stretch_blind" and step.segment_positions == (1,) else PASS)
    assert state.finished and state.hard == (101,)
    assert steps[-1][5] == 1 and steps[-1][4] is False


def test_long_episodes_go_stretch_by_stretch():
    steps, state = run(lambda step, s: PASS, total=5)
    throughs = [s[1] for s in steps if s[0] == "listen_through"]
    assert throughs == [(0, 1), (2, 3), (4,)]
    assert state.finished


def test_a_new_learner_starts_at_the_slowest_stretch_and_the_plan_wraps_round_to_it():
    """Paces (words a minute) of 7 sentences in stretches of 2: the slowest stretch is (4, 5); the
    plan goes on from there, round to the start, and ends before repeating (4, 5)."""
    paces = [170, 160, 150, None, 105, 120, 180]
    start = coach.easiest_stretch(paces, 2)
    assert start == 4
    steps, state = run(lambda step, s: PASS, total=7, start=PlanState(1, stretch_start=start, origin=start))
    throughs = [s[1] for s in steps if s[0] == "listen_through"]
    assert throughs == [(4, 5), (6,), (0, 1), (2, 3)] and state.finished
    assert coach.easiest_stretch([None, None], 2) == 0 and coach.easiest_stretch([], 6) == 0


def test_a_new_learner_gets_the_easiest_stretch_of_a_real_episode(jfk_home, tmp_path):
    """Through the core flow: no attempts yet, so the plan begins at the slowest stretch; once
    anything is recorded, a new episode's plan begins at its start as before."""
    from shadowing import difficulty, episodes
    from shadowing.coach import CoachSettings as Settings

    with Library(jfk_home / "library.sqlite3") as lib:
        (episode,) = lib.episodes()
        segments = lib.segments(episodes.best_transcript(lib, episode).id)
        one = Settings(stretch=1)
        plan = coaching.load_plan(lib, episode.id, segments, one)
        paces = [difficulty.pace(s.words).wpm for s in segments]
        assert plan.stretch_start == plan.origin == paces.index(min(paces))
        lib.add_attempt({"episode_id": episode.id, "segment_id": segments[0].id, "mode": "shadow"},
                        str(tmp_path / "a.wav"), 1.0, "recorded")
        assert coaching.load_plan(lib, episode.id, segments, one).stretch_start == 0


def test_state_survives_a_round_trip_through_json():
    state = PlanState(7, stretch_start=4, stage="shadow_blind", position=1, round=2, loops_done=3, hard=(12, 14))
    assert PlanState.from_json(state.to_json()) == state


UTC = timezone.utc


def test_reviews_move_along_6h_1_2_4_7_14_28_days_and_back_on_a_miss():
    t0 = datetime(2026, 11, 1, 20, 0, tzinfo=UTC)
    r = coach.schedule_new(5, 1, t0)
    assert r.due_at == t0 + timedelta(hours=6)
    now, dues = r.due_at, []
    for _ in range(6):
        r = coach.review_result(r, True, now, 90)
        dues.append(r.due_at - now)
        now = r.due_at
    assert [d / timedelta(days=1) for d in dues] == [1, 2, 4, 7, 14, 28]
    missed = coach.review_result(r, False, now, 40)
    assert missed.due_at - now == timedelta(days=14) and not missed.mastered
    done = coach.review_result(r, True, now, 95)
    assert done.mastered


def test_due_reviews_across_time_zones_and_a_skipped_week():
    t0 = datetime(2026, 11, 1, 23, 30, tzinfo=ZoneInfo("Asia/Tokyo"))
    queue = [coach.schedule_new(i, 1, t0 + timedelta(hours=i)) for i in range(3)]
    # the same instant in UTC: equal
    assert coach.due(queue, (t0 + timedelta(hours=7)).astimezone(UTC)) == queue[:2]
    # a week away: all due, the longest overdue first
    later = t0 + timedelta(days=8)
    assert [r.segment_id for r in coach.due(queue, later)] == [0, 1, 2]
    # a review done late still moves one interval on from when it was done
    moved = coach.review_result(queue[0], True, later)
    assert moved.due_at == later + timedelta(days=1)


def test_estimate_counts_reviews_and_the_rest_of_the_stretch():
    state = PlanState(1, stage="shadow", position=1)
    step = coach.next_step(state, 4, CFG)
    minutes = coach.estimate_minutes(step, state, [5.0, 6.0, 7.0, 8.0], reviews=2, settings=CFG)
    # 2 reviews x 3 x (8 + 1) s + sentence 2 of the stretch: (6 + 1) x 7 = 54 + 49 s
    assert minutes == pytest.approx((54 + 49) / 60, abs=0.05)


# --- the plan run by `shadowing practice --coach` with the engine (a recording as the microphone) -----

import json  # noqa: E402
import os  # noqa: E402
import signal  # noqa: E402
import sqlite3  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402
import soundfile  # noqa: E402

from .conftest import JFK  # noqa: E402
from shadowing import coaching, history, media, settings  # noqa: E402
from shadowing.storage import Library  # noqa: E402


@pytest.fixture
def coach_home(jfk_home, jfk_second, tmp_path):
    """JFK (two sentences) and a learner who can say only the second one, 300 ms behind."""
    settings.save(settings.Preferences(coach_rounds=(1, 2), coach_stretch=2))
    voice = np.concatenate([np.zeros(int(0.3 * 48000), np.float32), media.load_span(JFK, *jfk_second, rate=48000)])
    path = tmp_path / "learner.wav"
    soundfile.write(path, voice, 48000)
    return jfk_home, path


def _attempts(home):
    with Library(home / "library.sqlite3") as lib:
        return lib.attempts()


def test_practice_coach_runs_the_plan_marks_the_hard_sentence_and_schedules_its_review(coach_home, capsys):
    from shadowing.cli import main

    home, voice = coach_home
    assert main(["practice", str(JFK), "--coach", "--input-file", str(voice)]) == 0
    attempts = _attempts(home)
    with Library(home / "library.sqlite3") as lib:
        segments = lib.segments(lib.transcripts(lib.episodes()[0].id)[0].id)
        first, second = segments[0].id, segments[1].id
        # sentence 1 (which the learner cannot say): shadow 1 + 2 loops, blind 1 + 2, the blind run 1 = 7
        # sentence 2: passes each of its three scored stages at once = 3
        assert [a.segment_id for a in attempts].count(first) == 7
        assert [a.segment_id for a in attempts].count(second) == 3
        assert all(a.score >= 80 for a in attempts if a.segment_id == second)
        (review,) = coaching.reviews(lib)
        assert review.segment_id == first and review.step == 0
        added = history.parse(lib.db.execute("SELECT added_at FROM reviews").fetchone()[0])
        assert review.due_at - added == pytest.approx(timedelta(hours=6), abs=timedelta(seconds=5))
        assert coaching.load_plan(lib, lib.episodes()[0].id).finished
        (session,) = history.sessions(lib)
        assert session.attempts == 10 and session.minutes_by_mode.get("listen", 0) > 0.2  # the listening counts
        later = coaching.today(lib, now=datetime.now(timezone.utc) + timedelta(hours=7))
        assert [r.segment_id for r in later.reviews_due] == [first] and later.estimate_min > 0
    out = capsys.readouterr()
    assert "marked hard" in out.err and "every stage of the plan is done" in out.err


def test_a_killed_coach_resumes_at_the_same_sentence_stage_and_loop(coach_home):
    home, voice = coach_home
    env = dict(os.environ, SHADOWING_HOME=str(home.parent))
    cmd = [sys.executable, "-m", "shadowing", "practice", str(JFK), "--coach", "--input-file", str(voice)]
    child = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    try:  # kill -9 during sentence 1's blind stage, between or during loops
        while time.monotonic() < deadline:
            try:
                with sqlite3.connect(home / "library.sqlite3", timeout=5) as db:
                    row = db.execute("SELECT state FROM coach_plans").fetchone()
            except sqlite3.OperationalError:
                row = None
            if row and json.loads(row[0])["stage"] == "shadow_blind":
                break
            time.sleep(0.02)
        else:
            raise AssertionError("the coach never reached the blind stage")
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.wait(30)
    db = sqlite3.connect(home / "library.sqlite3")
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    killed_at = json.loads(db.execute("SELECT state FROM coach_plans").fetchone()[0])
    before = db.execute("SELECT COUNT(*) FROM attempts").fetchone()[0]
    db.close()
    assert killed_at["stage"] == "shadow_blind" and killed_at["position"] == 0

    again = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stderr
    first_line = again.stderr.splitlines()[1]  # after "opening the sound devices…"
    loops = (1, 2)[killed_at["round"]]
    assert first_line.startswith("sentence 1 ") and "shadow, transcript hidden" in first_line
    assert f"{killed_at['loops_done']} of {loops} loops" in first_line  # the same loop it was at
    attempts = _attempts(home)
    # the whole plan is 10 attempts; one recorded in the instant of the kill may be done again
    assert 10 <= len(attempts) <= 11 and len(attempts) > before
