"""The coached practice session in the core (``shadowing.session``), without sound: its edge cases
in milliseconds. Real library (JFK transcribed by the embedded model), real scorer on word lists;
the attempts are what the engine would hand over (a RecordedAttempt with its meta)."""

from dataclasses import replace
from datetime import datetime, timedelta, timezone
from pathlib import Path

import numpy as np
import pytest

from shadowing import coaching
from shadowing.audio.recorder import RecordedAttempt
from shadowing.coach import CoachSettings
from shadowing.practice import ScoredAttempt
from shadowing.records import Word
from shadowing.scoring import score_words
from shadowing.session import CoachSession, Reaction
from shadowing.storage import Library

CFG = CoachSettings(rounds=(1, 2), stretch=2)


@pytest.fixture
def library(jfk_home):
    with Library(jfk_home / "library.sqlite3") as lib:
        yield lib


def _session(library, now=None):
    (episode,) = library.episodes()
    segments = library.segments(library.transcripts(episode.id)[0].id)
    return CoachSession.load(library, episode, segments, now=now, cfg=CFG)


def _scored(loop, said: str | None, lag_s: float = 0.3, interrupted_by: str | None = None) -> ScoredAttempt:
    """The attempt of ``loop``: the learner said ``said`` (None: no score came) ``lag_s`` behind."""
    source = [replace(w, start=w.start - loop.start, end=w.end - loop.start) for w in loop.words]
    meta = dict(loop.meta, mode=loop.step.mode, loop=1, speed=1.0, source_start=loop.start)
    if interrupted_by:
        meta["interrupted_by"] = interrupted_by
    recorded = RecordedAttempt(Path("attempt.wav"), meta, 16000, 16000, np.zeros(0, np.float32), (),
                               interrupted_by is not None)
    if said is None:
        return ScoredAttempt(None, recorded, None, "scoring failed")
    texts = said.split()
    heard = [Word(w.start + lag_s, w.end + lag_s, t) for w, t in zip(source, texts)]
    return ScoredAttempt(None, recorded, score_words(source, heard, "shadow"))


def _said_right(loop) -> str:
    return " ".join(w.text for w in loop.words)


def _answer(session, library, loop, said):
    """What a face does with one loop: listening loops count when played, scored ones by their attempt."""
    if not loop.step.scored:
        return session.played(loop.number), session.store(library)
    reaction = session.attempt(_scored(loop, said(loop)))
    return reaction, session.store(library) if reaction is Reaction.NEXT else ""


def test_a_learner_who_always_passes_walks_the_whole_plan_and_it_is_stored(library):
    session = _session(library)
    stages = []
    while (loop := session.next_loop()) is not None:
        stages.append(loop.step.stage)
        reaction, _ = _answer(session, library, loop, _said_right)
        assert reaction is Reaction.NEXT
    assert stages == ["listen_through", "listen", "shadow", "shadow_blind", "listen", "shadow", "shadow_blind",
                      "stretch_blind", "stretch_blind"]
    assert coaching.load_plan(library, session.episode.id).finished and session.finished
    assert coaching.reviews(library) == []


def test_a_missed_sentence_gets_one_loop_then_two_then_is_marked_hard_and_reviewed(library):
    session = _session(library)
    first = session.segments[0].id
    shadow_loops, notes = 0, []
    while (loop := session.next_loop()) is not None:
        wrong = loop.segments[0].id == first and loop.step.stage == "shadow"
        shadow_loops += wrong
        _, note = _answer(session, library, loop, (lambda lp: "no no no") if wrong else _said_right)
        notes.append(note)
    assert shadow_loops == 3  # rounds (1, 2): one loop, then two
    assert "marked hard: into the review queue; moving on" in notes
    (review,) = coaching.reviews(library)
    assert review.segment_id == first

    # seven hours later the review comes first; a miss then a pass: passed on its second loop
    later = _session(library, now=datetime.now(timezone.utc) + timedelta(hours=7))
    loop = later.next_loop()
    assert loop.step.stage == "review" and loop.segments[0].id == first
    assert _answer(later, library, loop, lambda lp: "no no no") == (Reaction.NEXT, "review: again (1 of 3 loops)")
    loop = later.next_loop()
    assert loop.step.stage == "review"
    reaction, note = _answer(later, library, loop, _said_right)
    assert note == f"review passed: next in {CFG.review_intervals_h[1]:g} h"
    assert later.next_loop() is None  # the plan itself was done
    (review,) = coaching.reviews(library)
    assert review.step == 1


def test_a_late_attempt_of_an_earlier_loop_is_ignored(library):
    session = _session(library)
    session.next_loop()
    session.played(1)
    session.store(library)
    session.next_loop()  # listen
    session.played(2)
    session.store(library)
    shadow = session.next_loop()
    assert shadow.step.stage == "shadow"
    late = _scored(shadow, "no")
    late.recorded.meta["coach_loop"] = shadow.number - 1
    assert session.attempt(late) is Reaction.IGNORE
    assert session.attempt(_scored(shadow, _said_right(shadow))) is Reaction.NEXT
    assert session.attempt(_scored(shadow, _said_right(shadow))) is Reaction.IGNORE  # answered once


def test_a_loop_cut_by_the_device_never_counts_whichever_arrives_first(library):
    for attempt_first in (True, False):
        session = _session(library)
        for _ in range(2):  # listen through, listen
            loop = session.next_loop()
            session.played(loop.number)
            session.store(library)
        shadow = session.next_loop()
        cut = _scored(shadow, _said_right(shadow), interrupted_by="device")
        if attempt_first:
            assert session.attempt(cut) is Reaction.WAIT
            session.cut()
        else:
            session.cut()
            assert session.attempt(cut) is Reaction.IGNORE
        assert session.store(library) == "" and session.waiting_for_sound
        again = session.next_loop()  # sound is back: the same step, a new loop number
        assert again.step == shadow.step and again.number == shadow.number + 1


def test_a_stalled_loop_is_played_again_and_a_listening_loop_cut_short_does_not_count(library):
    session = _session(library)
    loop = session.next_loop()
    session.cut()  # the device went away during the listening loop
    assert session.played(loop.number) is Reaction.IGNORE
    again = session.next_loop()
    assert again.step == loop.step
    assert session.played(again.number) is Reaction.NEXT
    session.store(library)
    listen = session.next_loop()
    assert listen.step.stage == "listen"
    session.played(listen.number)
    session.store(library)
    shadow = session.next_loop()
    assert shadow.step.stage == "shadow"
    assert session.attempt(_scored(shadow, _said_right(shadow), interrupted_by="dropout")) is Reaction.REPLAY
    assert session.next_loop().step == shadow.step


def test_a_scored_loop_with_no_attempt_counts_as_missed_after_the_wait(library):
    session = _session(library)
    for _ in range(2):
        loop = session.next_loop()
        session.played(loop.number)
        session.store(library)
    shadow = session.next_loop()
    assert session.played(shadow.number) is Reaction.IGNORE  # a scored loop waits for its attempt
    assert session.overdue(shadow.number - 1) is Reaction.IGNORE
    assert session.overdue(shadow.number) is Reaction.NEXT
    session.store(library)
    state = coaching.load_plan(library, session.episode.id)
    assert state.stage == "shadow" and state.round == 1  # the miss moved it to the round of two


def test_the_session_refuses_an_episode_without_segments(library):
    from shadowing.errors import ShadowingError

    (episode,) = library.episodes()
    with pytest.raises(ShadowingError, match="transcribed episode"):
        CoachSession.load(library, episode, [])


def test_recordings_kept_in_one_second_never_share_a_name(tmp_path):
    """Two attempts scored from the terminal within one second once got one file name: the second
    overwrote the first and the library (which knows a recording by its path) kept one attempt."""
    from shadowing.practice import keep_recording

    source = tmp_path / "attempt.wav"
    source.write_bytes(b"RIFF" + bytes(100))
    kept = [keep_recording(source, tmp_path / "recordings") for _ in range(20)]
    assert len(set(kept)) == 20 and all(k.read_bytes() == source.read_bytes() for k in kept)
