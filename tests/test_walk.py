"""Take it for a walk: the practice track, and a walk's recording scored against it.

Truth: tests/walk_truth.py places another voice (eSpeak NG) in a recording at the times the plan
gives, starting 37.2 s before the track, on a clock 0.05 % fast, in street-like noise, with loops
skipped and one cut short.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

from shadowing import episodes
from shadowing.storage import Library

from .conftest import EPISODE
from . import walk_truth

pytestmark = pytest.mark.skipif(not walk_truth.have_tools(), reason="espeak-ng is not installed")


@pytest.fixture
def morris_home(morris_library, _home):
    data = _home / "data"
    data.mkdir(parents=True, exist_ok=True)
    shutil.copy(morris_library[0], data / "library.sqlite3")
    return data


def _episode(library):
    episode = episodes.find_episode(library, EPISODE)
    return episode, library.segments(episodes.best_transcript(library, episode).id)


def test_the_plan_follows_the_rule_the_ladder_and_the_blind_rounds(morris_home):
    from shadowing.walk import WalkSettings, build_plan, choose_segments
    from shadowing.walk.plan import speed_ladder

    assert speed_ladder((0.8, 1.0), 3) == [0.8, 0.8, 1.0]
    assert speed_ladder((0.8, 1.0), 1) == [0.8, 1.0]  # at least one loop on each rung
    with Library(morris_home / "library.sqlite3") as library:
        episode, segments = _episode(library)
        chosen = choose_segments(library, episode, segments, "range", 3, 5)
    assert [s.index for s in chosen] == [2, 3, 4]
    statuses = {chosen[0].id: "passed", chosen[1].id: "new", chosen[2].id: "hard"}
    plan = build_plan(chosen, WalkSettings(speeds=(0.8, 1.0), blind_rounds=1), statuses=statuses)
    counts = [sum(1 for lp in plan.loops if lp.position == s.index and not lp.blind) for s in chosen]
    assert counts == [2, 3, 5]  # 1/3/5, and the passed sentence still gets both rungs
    for lp in plan.loops:
        played = (lp.play_end - lp.play_start) / plan.rate
        assert played == pytest.approx((lp.source_end - lp.source_start) / lp.speed, abs=1 / plan.rate)
        assert (lp.gap_end - lp.gap_start) / plan.rate == pytest.approx(1.2 * played, abs=2 / plan.rate)
    assert sum(lp.blind for lp in plan.loops) == 3 and all(lp.speed == 1.0 for lp in plan.loops if lp.blind)
    chapters = plan.chapters()
    assert len(chapters) == 6 and chapters[0][0] == 0 and chapters[-1][1] == pytest.approx(plan.duration)
    assert all(a[1] == b[0] for a, b in zip(chapters, chapters[1:]))
    assert "blind" in chapters[-1][2] and chosen[2].text not in chapters[-1][2]


def _ffmpeg_loudness(path: Path) -> float:
    from shadowing.media import ffmpeg_binary

    run = subprocess.run([ffmpeg_binary(), "-nostdin", "-hide_banner", "-i", str(path), "-af", "ebur128", "-f", "null",
                          "-"], capture_output=True, text=True)
    return float(run.stderr.rsplit("I:", 1)[1].split("LUFS")[0])


@pytest.mark.parametrize("fmt", ["mp3", "m4a"])
def test_a_track_has_chapters_lyrics_the_plan_and_podcast_loudness(morris_home, tmp_path, fmt):
    import mutagen

    from shadowing.cli import main
    from shadowing.walk import read_plan, stored_plans

    out = tmp_path / f"walk.{fmt}"
    assert main(["walk", "export", str(EPISODE), str(out), "--segments", "3-5", "--loops", "2", "--speeds",
                 "0.8,1.0", "--format", fmt, "-q"]) == 0
    plan = read_plan(out)
    assert plan is not None and len(plan.loops) == 6 and {lp.speed for lp in plan.loops} == {0.8, 1.0}
    with Library(morris_home / "library.sqlite3") as library:
        assert [p.track_id for p in stored_plans(library)] == [plan.track_id]
    tagged = mutagen.File(str(out))
    assert tagged.info.length == pytest.approx(plan.duration, abs=0.1)
    if fmt == "mp3":
        chapters = sorted(tagged.tags.getall("CHAP"), key=lambda c: c.start_time)
        assert [c.sub_frames["TIT2"].text[0] for c in chapters] == [t for _s, _e, t in plan.chapters()]
        assert [c.start_time for c in chapters] == [int(s * 1000) for s, _e, _t in plan.chapters()]
        assert tagged.tags.getall("CTOC")[0].child_element_ids == [c.element_id for c in chapters]
        lyrics = tagged.tags.getall("USLT")[0].text
    else:
        chapters = list(tagged.chapters)
        assert [c.title for c in chapters] == [t for _s, _e, t in plan.chapters()]
        assert [round(c.start, 1) for c in chapters] == [round(s, 1) for s, _e, _t in plan.chapters()]
        lyrics = tagged.tags["\xa9lyr"][0]
    assert all(lp.text in lyrics for lp in plan.loops)
    assert _ffmpeg_loudness(out) == pytest.approx(-16.0, abs=1.0)
    playlist = out.with_suffix(".m3u8").read_text(encoding="utf-8").splitlines()
    files = [line for line in playlist if line and not line.startswith("#")]
    assert len(files) == 3 and all((out.parent / f).exists() for f in files)


def _track(library, fmt="mp3", **settings):
    from shadowing.walk import WalkSettings, choose_segments, plan_walk

    episode, segments = _episode(library)
    chosen = choose_segments(library, episode, segments, "range", 3, 8)
    return episode, plan_walk(library, episode, chosen, WalkSettings(format=fmt, **settings))


def _behaviour(position, loop):
    """Repeats and shadowing mixed, the sentence 4's second loop skipped, sentence 6's first cut short."""
    if (position, loop) in ((3, 2), (7, 3)):
        return "skip"
    if (position, loop) == (5, 1):
        return "cut"
    return "shadow" if (position + loop) % 3 == 0 else "repeat"


def test_a_walk_recording_is_found_scored_and_kept_and_feeds_history(morris_home, tmp_path, capsys):
    from shadowing.cli import main
    from shadowing.walk import export_walk

    with Library(morris_home / "library.sqlite3") as library:
        episode, plan = _track(library, loops=3)
        written = export_walk(library, episode, plan, tmp_path / "walk.mp3", playlist=False)
    voices: dict = {}
    audio, truth = walk_truth.build(plan, _behaviour, lead=37.2, drift_ppm=500.0, voices=voices)
    memo = walk_truth.write_m4a(audio, tmp_path / "memo.m4a")

    assert main(["walk", "import", str(memo), "--track", str(written.path), "--json", "-q"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert abs(data["offset_s"] - 37.2) < 0.05, data["offset_s"]
    assert abs(data["drift_ppm"] - 500.0) < 150, data["drift_ppm"]
    assert len(data["loops"]) == len(plan.loops)
    for entry in data["loops"]:
        expected = truth.behaviour[(entry["segment"] - 1, entry["loop"])]
        want = {"skip": ("skipped", None), "cut": ("cut", None), "shadow": ("scored", "shadow"),
                "repeat": ("scored", "repeat")}[expected]
        assert entry["status"] == want[0], (entry, expected)
        if want[1]:
            assert entry["mode"] == want[1], (entry, expected)
            placed = truth.placed[(entry["segment"] - 1, entry["loop"])]
            assert entry["attempt_start_s"] <= placed <= entry["attempt_start_s"] + 1.0
    # the same audio scored at the desk as `shadowing score --unaligned` would (the recording cut
    # where the truth put the voice, half a second either side, against the speaker's audio)
    from shadowing import media
    from shadowing.records import Word
    from shadowing.scoring import Attempt, score_attempt

    scored = [e for e in data["loops"] if e["status"] == "scored"]
    assert np.median([e["score"] for e in scored]) >= 70
    for entry in scored[:4]:
        lp = next(p for p in plan.loops if p.position == entry["segment"] - 1 and p.loop == entry["loop"])
        source = [Word(s, e, t) for s, e, t in lp.words]
        placed = truth.placed[(lp.position, lp.loop)]
        lo = int((placed - 0.5) * walk_truth.RATE)
        said = audio[lo: lo + voices[lp.text].size + walk_truth.RATE]
        desk = score_attempt(source, Attempt(said, entry["mode"], False),
                             media.load_span(EPISODE, lp.source_start, lp.source_end))
        assert abs(desk.score - entry["score"]) <= 10, (entry, desk.score)

    with Library(morris_home / "library.sqlite3") as library:
        session = library.db.execute("SELECT * FROM sessions WHERE origin = 'walk'").fetchone()
        minutes = library.db.execute("SELECT SUM(seconds) FROM activity WHERE session_id = ?",
                                     (session["id"],)).fetchone()[0] / 60
        attempts = library.db.execute("SELECT COUNT(*) FROM attempts WHERE session_id = ?", (session["id"],)).fetchone()[0]
        assert minutes == pytest.approx(plan.duration / 60, rel=0.05)
        assert attempts == sum(1 for e in data["loops"] if e["status"] != "skipped") + sum(1 for e in data["loops"] if "also" in e)
        assert Path(library.db.execute("SELECT recording FROM walk_imports").fetchone()[0]).exists()
        before = library.db.execute("SELECT COUNT(*) FROM attempts").fetchone()[0]
        # the walk's own (unaligned) lags never become the learner's usual timing for the next walk
        from shadowing.walk.importing import learner_timing
        from shadowing.walk.matching import Timing

        assert learner_timing(library) == Timing()
    # the same recording again: its result, nothing added
    assert main(["walk", "import", str(memo), "--json", "-q"]) == 0
    again = json.loads(capsys.readouterr().out)
    assert again["already_imported"] and again["offset_s"] == pytest.approx(data["offset_s"], abs=0.01)
    with Library(morris_home / "library.sqlite3") as library:
        assert library.db.execute("SELECT COUNT(*) FROM attempts").fetchone()[0] == before


def test_recordings_that_are_not_walks_of_the_track_are_refused_and_add_nothing(morris_home, tmp_path, capsys):
    import soundfile

    from shadowing.cli import main
    from shadowing.walk import export_walk

    with Library(morris_home / "library.sqlite3") as library:
        episode, plan = _track(library, loops=2)
        written = export_walk(library, episode, plan, tmp_path / "walk.mp3", playlist=False)
        _, other = _track(library, loops=3, gap="3", speeds=(0.8,))  # another track of the same sentences
    rate = walk_truth.RATE
    t = np.arange(int(90 * rate)) / rate
    music = sum(0.1 * np.sin(2 * np.pi * f * t) * (np.sin(2 * np.pi * t * 0.5 + k) > 0)
                for k, f in enumerate((220, 277, 330, 440)))
    rng = np.random.default_rng(3)
    cases = {"silence.wav": rng.standard_normal(t.size) * 0.002, "music.wav": music}
    other_walk, _ = walk_truth.build(other, lambda p, lp: "repeat", lead=5.0, drift_ppm=0.0)
    cases["other.wav"] = other_walk
    for name, audio in cases.items():
        soundfile.write(str(tmp_path / name), np.asarray(audio, np.float32), rate)
    for name in cases:
        assert main(["walk", "import", str(tmp_path / name), "--track", str(written.path)]) == 2
        message = capsys.readouterr().err
        assert "nothing was imported" in message, (name, message)
    with Library(morris_home / "library.sqlite3") as library:
        for table in ("walk_imports", "attempts"):
            assert library.db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0] == 0
        assert library.db.execute("SELECT COUNT(*) FROM sessions WHERE origin = 'walk'").fetchone()[0] == 0


def test_the_window_writes_a_track_and_shows_a_walk_sentence_by_sentence(qtbot, tmp_path):
    """File -> Take it for a walk… with its preview, then File -> Import a walk recording… and the
    result window, on JFK in the practice window (screenshots in the test's folder)."""
    from PySide6.QtWidgets import QDialog

    from shadowing.audio import FileBackend
    from shadowing.gui import walk_dialogs

    from .conftest import GUI_RATE, window_on_jfk

    w = window_on_jfk(qtbot, lambda: FileBackend(GUI_RATE, realtime=False))
    dialog = walk_dialogs.take_it_for_a_walk(w)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.plan is not None, timeout=20000)
    assert dialog.chapters.count() == len(w.segments)
    assert "min" in dialog.summary.text()
    dialog.loops.setCurrentIndex(dialog.loops.findData(2))
    qtbot.waitUntil(lambda: dialog.plan is not None and len(dialog.plan.loops) == 2 * len(w.segments), timeout=20000)
    dialog.grab().save(str(tmp_path / "walk-export.png"))
    plan = dialog.plan
    dialog.write_to(str(tmp_path / "walk.mp3"))
    qtbot.waitUntil(lambda: dialog.result() == QDialog.Accepted, timeout=60000)
    assert (tmp_path / "walk.mp3").exists() and "walk.mp3" in w.status.text()

    audio, truth = walk_truth.build(plan, lambda p, lp: "repeat", lead=4.0, drift_ppm=0.0, tail=5.0)
    memo = walk_truth.write_m4a(audio, tmp_path / "memo.m4a")
    walk_dialogs.import_walk_recording(w, str(memo))
    qtbot.waitUntil(lambda: getattr(w, "walk_result", None) is not None, timeout=120000)
    shown = w.walk_result
    qtbot.addWidget(shown)
    assert shown.table.rowCount() == len(w.segments) and shown.table.columnCount() == 3
    texts = [shown.table.item(r, c).text() for r in range(shown.table.rowCount()) for c in (1, 2)]
    assert all(t.split()[0].isdigit() for t in texts), texts
    w.resize(1280, 800)
    shown.grab().save(str(tmp_path / "walk-result.png"))
    # a loop heard against the speaker, through the window's stream
    shown.play(0, 1)
    qtbot.waitUntil(lambda: w.bridge.engine.playing, timeout=10000)


def test_a_full_disk_while_keeping_a_walk_adds_nothing_and_says_so(morris_home, tmp_path):
    """The data folder on a tmpfs with room for the library and the recording's copy but not for
    the loops' cuts: one line, exit 2, and no session, attempt or import left behind."""
    import sqlite3
    import sys

    from shadowing.walk import export_walk

    from .test_reliability import _in_namespace

    with Library(morris_home / "library.sqlite3") as library:
        episode, plan = _track(library, loops=1)
        written = export_walk(library, episode, plan, tmp_path / "walk.mp3", playlist=False)
    audio, _truth = walk_truth.build(plan, lambda p, lp: "repeat", lead=3.0, drift_ppm=0.0, tail=3.0)
    memo = walk_truth.write_m4a(audio, tmp_path / "memo.m4a")
    home = morris_home.parent
    used = sum(f.stat().st_size for f in morris_home.rglob("*") if f.is_file())
    size_k = (used + memo.stat().st_size) // 1024 + 300
    kept = tmp_path / "kept"
    out = _in_namespace(f"""
        cp -a '{morris_home}' '{tmp_path}/data-copy'
        mount -t tmpfs -o size={size_k}k shadowing-test '{morris_home}'
        cp -a '{tmp_path}/data-copy/.' '{morris_home}/'
        export SHADOWING_HOME='{home}'
        {sys.executable} -m shadowing.cli walk import '{memo}' --track '{written.path}' -q \
            > '{tmp_path}/out' 2> '{tmp_path}/err' || echo $? > '{tmp_path}/rc'
        cp -a '{morris_home}' '{kept}'
    """)
    assert out.returncode == 0, out.stderr[-3000:]
    err = (tmp_path / "err").read_text()
    assert (tmp_path / "rc").read_text().strip() == "2", err
    assert len(err.strip().splitlines()) == 1 and "full" in err and "Traceback" not in err, err
    with sqlite3.connect(kept / "library.sqlite3") as con:
        for table in ("walk_imports", "attempts"):
            assert con.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0] == 0, table
        assert con.execute("SELECT COUNT(*) FROM sessions WHERE origin = 'walk'").fetchone()[0] == 0
    assert not list((kept / "recordings").rglob("*.wav")) if (kept / "recordings").exists() else True


def test_a_track_made_with_another_library_attaches_to_this_ones_episode_or_to_nothing(morris_home):
    """A plan names its library's ids: here the episode is found by its content and each sentence
    by its span; an episode this library lacks leaves the walk unattached, never on id 1 by chance."""
    from dataclasses import replace

    from shadowing.walk.importing import localised

    with Library(morris_home / "library.sqlite3") as library:
        episode, plan = _track(library, loops=1)
        elsewhere = replace(plan, episode_id=episode.id + 41,
                            loops=tuple(replace(lp, segment_id=(lp.segment_id or 0) + 1000) for lp in plan.loops))
        here = localised(library, elsewhere)
        assert here.episode_id == episode.id
        assert [lp.segment_id for lp in here.loops] == [lp.segment_id for lp in plan.loops]
        unknown = localised(library, replace(elsewhere, episode_hash="0" * 40))
        assert unknown.episode_id is None and all(lp.segment_id is None for lp in unknown.loops)


def test_an_attempt_runs_from_its_slot_to_a_second_after_its_last_speech():
    from shadowing.walk.importing import PAD_S, RATE, TAIL_S, _clip

    audio = np.zeros(60 * RATE, np.float32)
    regions = [(9.0, 9.8), (10.4, 14.0), (14.6, 15.1), (30.0, 31.0)]
    # the repetition ends at 15.1 s in a slot that runs to 22 s: the attempt ends a second later
    clip, lo, hi = _clip(audio, (10.0, 22.0), regions)
    assert lo == pytest.approx(10.0 - PAD_S) and hi == pytest.approx(15.1 + TAIL_S)
    assert clip.size == int(hi * RATE) - int(lo * RATE)
    # speech to the slot's end: the slot as it was; no speech found: the slot as it was
    assert _clip(audio, (10.0, 14.5), regions)[1:] == pytest.approx((10.0 - PAD_S, 14.5 + PAD_S))
    assert _clip(audio, (20.0, 28.0), regions)[1:] == pytest.approx((20.0 - PAD_S, 28.0 + PAD_S))


def test_a_long_recordings_speech_is_found_in_pieces_as_in_one_pass(monkeypatch):
    """Real speech (the shared episode's first 90 s) heard in pieces of 25 s, cut in pauses: the
    same stretches of speech as in one pass, within Silero's own wobble."""
    from shadowing import media
    from shadowing.walk import matching

    audio = media.load_span(EPISODE, 0.0, 90.0, rate=16000)
    whole = matching._silero(audio, 16000)
    monkeypatch.setattr(matching, "VAD_PIECE_S", 25.0)
    pieces = matching.speech_regions(audio, 16000)
    assert len(whole) > 10

    def speech(regions):
        return sum(b - a for a, b in regions)

    assert speech(pieces) == pytest.approx(speech(whole), rel=0.05)
    for a, b in whole:  # every stretch of a second or more is there, its edges within 0.1 s
        if b - a >= 1.0:
            assert any(abs(a - c) < 0.1 or abs(b - d) < 0.1 for c, d in pieces if c < b and d > a), (a, b)


@pytest.mark.skipif(not __import__("sys").platform.startswith("linux"), reason="per-thread nice is Linux's")
def test_the_walks_background_threads_run_at_the_lowest_priority_and_the_rest_does_not():
    import os
    import threading

    from shadowing.walk.importing import lowest_thread_priority

    seen = {}

    def child():
        seen["child"] = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())

    def worker():
        lowest_thread_priority()
        seen["worker"] = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
        t = threading.Thread(target=child)
        t.start()
        t.join()

    before = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
    t = threading.Thread(target=worker)
    t.start()
    t.join()
    assert seen == {"worker": 19, "child": 19}
    assert os.getpriority(os.PRIO_PROCESS, threading.get_native_id()) == before
