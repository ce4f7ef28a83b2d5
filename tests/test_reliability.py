"""Bad input never crashes the app, and faults never lose what was saved.

Each bad file is tried as a learner would meet it: in the terminal (one line, exit status 2,
nothing written to the library) and in the window (a message in the banner, the library as it
was). Faults are real: a full file system (a small tmpfs), a read-only data folder, a damaged
database, kill -9 in the middle of database writes, a transcriber killed as the out-of-memory
killer kills it.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import sqlite3
import struct
import subprocess
import sys
import time
import zlib
from pathlib import Path

import numpy as np
import pytest
import soundfile

from .conftest import EPISODE, JFK, MEDIA, transcript_in, write_wav
from .test_cli import run
from .test_media import transcode

ROOT = Path(__file__).resolve().parents[1]
SEVEN_MP3 = MEDIA / "lj_seven_wonders.mp3"  # has a LAME Info header: its real length is known


def _png() -> bytes:
    """A real 16x16 PNG (an episode's cover art saved under the wrong name)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"".join(b"\x00" + bytes([40, 90, 160]) * 16 for _ in range(16))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 16, 16, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def _cut(src: Path, dst: Path, fraction: float) -> Path:
    data = src.read_bytes()
    dst.write_bytes(data[: max(1, int(len(data) * fraction))])
    return dst


# five cut points drawn once (seed 8), and one inside the first frame
CUTS = sorted(round(random.Random(8).uniform(0.02, 0.98), 3) for _ in range(5))


def bad_files(folder: Path) -> dict[str, tuple[Path, str]]:
    """name -> (file, what the message must say)."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(8)
    cases: dict[str, tuple[Path, str]] = {}

    def add(name, path, cause):
        cases[name] = (Path(path), cause)

    add("missing", folder / "gone.mp3", "file not found")
    (folder / "empty.mp3").write_bytes(b"")
    add("empty", folder / "empty.mp3", "file is empty")
    (folder / "a folder.mp3").mkdir(exist_ok=True)
    add("folder", folder / "a folder.mp3", "is a folder")
    (folder / "notes.mp3").write_text("Shadowing notes: week 3, sentences 4-9\n" * 40)
    add("text renamed .mp3", folder / "notes.mp3", "not an audio or video file")
    (folder / "cover.mp3").write_bytes(_png())
    add("image renamed .mp3", folder / "cover.mp3", "no audio stream")
    add("video without audio", transcode(JFK, folder / "screencast.mp4", "aac", video=True, audio=False),
        "no audio stream")
    add("mp3 cut in its first frame", _cut(SEVEN_MP3, folder / "cut-first.mp3", 0.0005), "not an audio or video file")
    for fraction in CUTS:
        add(f"mp3 cut at {fraction:.0%}", _cut(SEVEN_MP3, folder / f"cut-{fraction}.mp3", fraction), "truncated")
    whole_m4a = transcode(JFK, folder / "whole.m4a", "aac")
    for fraction in (0.3, 0.7):
        add(f"m4a cut at {fraction:.0%}", _cut(whole_m4a, folder / f"cut-{fraction}.m4a", fraction),
            "cut short before its index")  # the moov atom comes last
    whole_m4a.unlink()
    add("0.1 s", write_wav(folder / "blip.wav", 0.3 * np.sin(np.arange(1600) / 3.0)), "too short")
    add("pure silence", write_wav(folder / "silence.wav", np.zeros(16000 * 8, np.float32)), "no speech found")
    add("pure noise", write_wav(folder / "noise.wav", 0.2 * rng.standard_normal(16000 * 8).astype(np.float32)),
        "no speech found")
    return cases


NAMES = (["missing", "empty", "folder", "text renamed .mp3", "image renamed .mp3", "video without audio",
          "mp3 cut in its first frame"] + [f"mp3 cut at {f:.0%}" for f in CUTS]
         + ["m4a cut at 30%", "m4a cut at 70%", "0.1 s", "pure silence", "pure noise"])


def _episodes(home: Path) -> int:
    db = home / "data" / "library.sqlite3"
    if not db.exists():
        return 0
    with sqlite3.connect(db) as con:
        return con.execute("SELECT COUNT(*) FROM episodes").fetchone()[0]


@pytest.fixture(scope="module")
def bad(tmp_path_factory):
    return bad_files(tmp_path_factory.mktemp("bad input"))


@pytest.mark.parametrize("name", NAMES)
def test_a_bad_file_is_one_line_in_the_terminal_and_writes_nothing(bad, tmp_path, name):
    path, cause = bad[name]
    home = tmp_path / "home"
    out = run("transcribe", path, home=home)
    lines = [line for line in out.stderr.strip().splitlines() if not line.startswith("transcribing:")]  # the bar
    assert out.returncode == 2, out.stderr
    assert len(lines) == 1 and "Traceback" not in out.stderr, out.stderr
    assert str(path) in lines[0] and cause in lines[0], lines[0]
    assert _episodes(home) == 0
    assert not (home / "data" / "recordings").exists() or not any((home / "data" / "recordings").iterdir())


def test_every_bad_file_is_a_message_in_the_window_and_the_library_stays_as_it_was(qtbot, jfk_home, bad):
    pytest.importorskip("PySide6")
    from shadowing.audio import FileBackend
    from shadowing.gui.main_window import MainWindow

    w = MainWindow(backend_factory=lambda: FileBackend(48000, realtime=False))
    qtbot.addWidget(w)
    w.resize(1280, 800)
    w.show()
    qtbot.waitUntil(lambda: w.library_panel.count() == 1, timeout=20000)
    w.open_episode(str(JFK))
    qtbot.waitUntil(lambda: transcript_in(w), timeout=60000)
    sentences = len(w.segments)
    for name in NAMES:
        path, cause = bad[name]
        w.open_episode(str(path))
        qtbot.waitUntil(lambda: w.banner.isVisible() and path.name in w.banner.text(), timeout=90000)
        assert cause in w.banner.text(), (name, w.banner.text())
        qtbot.waitUntil(lambda: w._transcribing is None, timeout=30000)
        qtbot.waitUntil(lambda: w.library_panel.count() == 1, timeout=5000)  # the list is read again off the UI thread
        if "no speech" not in cause:  # a file that never opened leaves the open episode open
            assert w.episode is not None and w.episode.path == str(JFK.resolve()) and len(w.segments) == sentences, name
    with sqlite3.connect(w.library_path) as con:
        assert con.execute("SELECT COUNT(*) FROM episodes").fetchone()[0] == 1
    w.close()


# --- files that are fine, in places that are not ------------------------------------------------------

def test_a_path_with_spaces_japanese_and_emoji_works_everywhere(tmp_path, qtbot):
    folder = tmp_path / "シャドーイング 練習 🎧"
    folder.mkdir()
    episode = folder / "ケネディ 就任演説 🇺🇸 (1961).flac"
    shutil.copy(JFK, episode)
    home = tmp_path / "home"
    srt = folder / "字幕 📝.srt"
    out = run("transcribe", episode, "--srt", srt, home=home)
    assert out.returncode == 0, out.stderr
    assert "not what your country can do for you" in srt.read_text(encoding="utf-8")
    listed = run("list", home=home)
    assert "ケネディ 就任演説 🇺🇸 (1961)" in listed.stdout
    attempt = folder / "わたしの声 🎤.wav"
    soundfile.write(attempt, np.concatenate([np.zeros(4800, np.float32),
                                             _jfk_span(3.68, 10.75)]), 16000)
    scored = run("score", episode, "--start", "3.68", "--end", "10.75", attempt, "--json", home=home)
    assert scored.returncode == 0, scored.stderr
    assert json.loads(scored.stdout)["score"] >= 80

    from shadowing.audio import FileBackend
    from shadowing.gui.main_window import MainWindow

    os.environ["SHADOWING_HOME"] = str(home)
    w = MainWindow(backend_factory=lambda: FileBackend(48000, realtime=False))
    qtbot.addWidget(w)
    w.show()
    w.open_episode(str(episode))
    qtbot.waitUntil(lambda: transcript_in(w), timeout=60000)
    assert "ケネディ" in w.windowTitle() and not w.banner.isVisible()
    w.close()


def _jfk_span(start: float, end: float) -> np.ndarray:
    from shadowing import media

    return media.load_span(JFK, start, end)


def test_a_file_changed_or_deleted_after_it_was_added_is_refused_before_it_plays(tmp_path, qtbot):
    """The library knows an episode by its bytes: the same name with other bytes is not it."""
    home = tmp_path / "home"
    episode = tmp_path / "talk.flac"
    shutil.copy(JFK, episode)
    assert run("transcribe", episode, "--quiet", home=home).returncode == 0
    assert run("segments", "1", home=home).returncode == 0
    soundfile.write(episode, _jfk_span(0.0, 6.0), 16000, format="FLAC")  # re-exported: other bytes
    for command in (("segments", "1"), ("practice", "1", "--segment", "1")):
        out = run(*command, home=home)
        assert out.returncode == 2 and len(out.stderr.strip().splitlines()) == 1, out.stderr
        assert "changed since it was added" in out.stderr
    from shadowing.audio import FileBackend
    from shadowing.gui.main_window import MainWindow

    os.environ["SHADOWING_HOME"] = str(home)
    w = MainWindow(backend_factory=lambda: FileBackend(48000, realtime=False))
    qtbot.addWidget(w)
    w.show()
    qtbot.waitUntil(lambda: w.library_panel.count() == 1, timeout=10000)
    w.library_panel.activate(0)
    qtbot.waitUntil(lambda: w.banner.isVisible(), timeout=20000)
    assert "changed since it was added" in w.banner.text() and not w.segments
    episode.unlink()
    w.library_panel.activate(0)
    qtbot.waitUntil(lambda: "moved or deleted" in w.banner.text(), timeout=20000)
    assert w.library_panel.count() == 1  # the episode and its history stay in the library
    w.close()
    out = run("segments", "1", home=home)
    assert out.returncode == 2 and "moved or deleted" in out.stderr


# --- the library database ------------------------------------------------------------------------------

def _jfk_library(home: Path) -> Path:
    assert run("transcribe", JFK, "--quiet", home=home).returncode == 0
    return home / "data" / "library.sqlite3"


def test_a_damaged_database_is_one_line_everywhere_and_is_left_as_it_was(tmp_path, qtbot):
    home = tmp_path / "home"
    db = _jfk_library(home)
    with sqlite3.connect(db) as con:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        pages = con.execute("PRAGMA page_count").fetchone()[0]
    data = bytearray(db.read_bytes())
    page = 4096
    for k in range(2, pages):  # every page after the schema: the tables' b-trees
        data[k * page + 8: k * page + 200] = os.urandom(192)
    db.write_bytes(bytes(data))
    before = db.read_bytes()
    for command in (("segments", "1"), ("list",), ("history",)):
        out = run(*command, home=home)
        assert out.returncode == 2 and "Traceback" not in out.stderr, out.stderr
        assert len(out.stderr.strip().splitlines()) == 1 and "restore" in out.stderr, out.stderr
    assert db.read_bytes() == before  # nothing overwritten: a backup tool can still save it
    garbage = tmp_path / "other" / "data" / "library.sqlite3"
    garbage.parent.mkdir(parents=True)
    garbage.write_bytes(b"SQLite format 2\x00" + os.urandom(8000))
    out = run("list", home=tmp_path / "other")
    assert out.returncode == 2 and "cannot be opened" in out.stderr and "restore" in out.stderr

    from shadowing.audio import FileBackend
    from shadowing.gui.main_window import MainWindow

    os.environ["SHADOWING_HOME"] = str(home)
    w = MainWindow(backend_factory=lambda: FileBackend(48000, realtime=False))
    qtbot.addWidget(w)
    w.show()
    qtbot.waitUntil(lambda: w.banner.isVisible(), timeout=20000)
    assert "damaged" in w.banner.text() or "cannot be opened" in w.banner.text(), w.banner.text()
    w.open_episode(str(JFK))  # the window keeps running and says why nothing opens
    qtbot.waitUntil(lambda: w._transcribing is None, timeout=60000)
    assert w.banner.isVisible() and "Traceback" not in w.banner.text()
    w.close()
    assert db.read_bytes() == before


def test_a_library_from_the_first_schema_is_upgraded_and_a_copy_of_it_kept(tmp_path):
    from shadowing.storage.migrations import MIGRATIONS

    home = tmp_path / "home"
    db = home / "data" / "library.sqlite3"
    db.parent.mkdir(parents=True)
    with sqlite3.connect(db) as con:  # as version 1 of the app left it
        con.executescript(MIGRATIONS[0])
        con.execute("INSERT INTO episodes (content_hash, path, title, duration, size) VALUES ('h', ?, 'Old talk', 11, 1)",
                    (str(JFK),))
        con.execute("INSERT INTO transcripts (episode_id, source, model, status, processed_until)"
                    " VALUES (1, 'whisper', 'tiny.en', 'complete', 11)")
        con.execute("INSERT INTO words (transcript_id, start, end, text) VALUES (1, 0.5, 0.9, 'And')")
        con.execute("INSERT INTO segments (transcript_id, start, end) VALUES (1, 0.3, 3.0)")
        con.execute("PRAGMA user_version = 1")
    out = run("list", home=home)
    assert out.returncode == 0, out.stderr
    assert "Old talk" in out.stdout
    copy = db.with_name("library.schema-v1.bak.sqlite3")
    with sqlite3.connect(copy) as con:
        assert con.execute("PRAGMA user_version").fetchone()[0] == 1
        assert con.execute("SELECT title FROM episodes").fetchone()[0] == "Old talk"
    from shadowing.storage.library import SCHEMA_VERSION

    with sqlite3.connect(db) as con:
        assert con.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert con.execute("SELECT COUNT(*) FROM segments").fetchone()[0] == 1


# --- file-system faults: namespaces give a small tmpfs or a read-only folder without root -----------------

def _in_namespace(script: str) -> subprocess.CompletedProcess:
    """Run a shell script as root of a new user and mount namespace (mounts vanish with it)."""
    if not shutil.which("unshare"):
        pytest.skip("unshare (util-linux) is not installed: no way to make a small or read-only file system")
    probe = subprocess.run(["unshare", "--user", "--map-root-user", "--mount", "true"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip(f"user namespaces are not allowed here: {probe.stderr.decode().strip()}")
    return subprocess.run(["unshare", "--user", "--map-root-user", "--mount", "sh", "-euc", script],
                          capture_output=True, text=True, timeout=300,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})


def test_a_read_only_data_folder_is_one_line_and_changes_nothing(tmp_path):
    home = tmp_path / "home"
    db = _jfk_library(home)
    before = db.read_bytes()
    py = sys.executable
    out = _in_namespace(f"""
        mount --bind '{home}' '{home}' && mount -o remount,bind,ro '{home}'
        export SHADOWING_HOME='{home}'
        {py} -m shadowing.cli list > '{tmp_path}/list.out' 2> '{tmp_path}/list.err' || echo "list $?" >> '{tmp_path}/rc'
        {py} -m shadowing.cli transcribe '{MEDIA / "lj_fireside_chat.flac"}' 2> '{tmp_path}/tr.err' || echo "transcribe $?" >> '{tmp_path}/rc'
    """)
    assert out.returncode == 0, out.stderr
    err = (tmp_path / "tr.err").read_text()
    assert "transcribe 2" in (tmp_path / "rc").read_text(), err
    assert len(err.strip().splitlines()) == 1 and "read-only" in err and "Traceback" not in err, err
    assert db.read_bytes() == before


RECORD_UNTIL_FULL = r"""
import json, sys, time
from pathlib import Path
import numpy as np
from shadowing import media
from shadowing.audio import EngineError, FileBackend, LoopSettings, PracticeEngine, RecordedAttempt
from shadowing.errors import describe
from shadowing.practice import store_and_score
from shadowing.storage import Library

home = Path(sys.argv[1])
voice = media.load_span(sys.argv[2], 3.68, 10.75, rate=48000)
report = {"errors": [], "stored": [], "store_errors": []}
with Library(home / "library.sqlite3") as library:
    with PracticeEngine(backend=FileBackend(48000, input_audio=voice, realtime=False),
                        folder=home / "recordings") as engine:
        engine.play(sys.argv[2], 3.68, 10.75, LoopSettings(mode="shadow", loops=None),
                    {"source_path": sys.argv[2], "source_start": 3.68, "source_end": 10.75})
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and len(report["stored"]) + len(report["store_errors"]) < 12:
            try:
                event = engine.events.get(timeout=1)
            except Exception:
                continue
            if isinstance(event, EngineError):
                report["errors"].append(event.message)
            elif isinstance(event, RecordedAttempt):
                try:
                    stored = store_and_score(library, event, None, score=False)
                    report["stored"].append([stored.attempt_id, str(event.path), event.frames, event.error])
                except Exception as exc:
                    report["store_errors"].append(describe(exc))
            if report["store_errors"] or any(s[3] for s in report["stored"]):
                break  # the attempt the disk cut short has come back
print(json.dumps(report))
"""


def test_a_full_disk_while_recording_stops_the_recording_and_keeps_what_was_saved(tmp_path):
    """A 2.5 MB tmpfs holds the library and the recordings: loops of 7 s at 48 kHz fill it in a few loops."""
    disk = tmp_path / "disk"
    disk.mkdir()
    kept = tmp_path / "kept"
    (tmp_path / "child.py").write_text(RECORD_UNTIL_FULL)
    out = _in_namespace(f"""
        mount -t tmpfs -o size=2500k shadowing-test '{disk}'
        {sys.executable} '{tmp_path / "child.py"}' '{disk}' '{JFK}' > '{tmp_path}/report.json'
        df -k '{disk}' | tail -1 > '{tmp_path}/df'
        cp -a '{disk}' '{kept}'
    """)
    assert out.returncode == 0, out.stderr[-3000:]
    report = json.loads((tmp_path / "report.json").read_text())
    assert (tmp_path / "df").read_text().split()[3] == "0"  # it really was full
    assert any("the disk is full" in e for e in report["errors"]), report
    assert all("Traceback" not in e for e in report["errors"] + report["store_errors"])
    whole = [s for s in report["stored"] if s[3] is None]
    assert len(whole) >= 2, report  # the loops before the disk filled are kept, whole
    cut = [s for s in report["stored"] if s[3]]  # the one the disk cut: stored as failed, or a clear line
    assert cut or any("disk is full" in e for e in report["store_errors"]), report
    with sqlite3.connect(kept / "library.sqlite3") as con:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        rows = dict(con.execute("SELECT id, status FROM attempts").fetchall())
    for attempt_id, path, frames, error in report["stored"]:
        assert attempt_id in rows
        on_disk = kept / "recordings" / Path(path).name
        info = soundfile.info(str(on_disk))  # readable, whole or cut where the disk filled
        if error is None:
            assert rows[attempt_id] == "recorded" and info.frames == frames
        else:
            assert rows[attempt_id] == "failed" and info.frames <= frames + 48000


# --- kill -9 --------------------------------------------------------------------------------------------

WRITE_FOREVER = r"""
import json, shutil, sys
from pathlib import Path
from shadowing.audio.recorder import write_json_atomic
from shadowing.storage import Library

db, folder, wav, result = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]), json.loads(sys.argv[4])
folder.mkdir(exist_ok=True)
with Library(db) as library:
    k = len(library.attempts(limit=100000))
    while True:
        k += 1
        path = folder / f"attempt-{k:05d}.wav"
        meta = {"mode": "shadow", "loop": k, "source_start": 3.68, "source_end": 10.75,
                "source_text": "ask not what your country can do for you", "status": "recording", "file": path.name}
        write_json_atomic(path.with_suffix(".json"), meta)  # the sidecar first, as the recorder does
        shutil.copyfile(wav, path)
        attempt_id = library.add_attempt(meta, path, 7.07, "recorded")
        library.set_attempt_result(attempt_id, dict(result, note="x" * 20000))
        write_json_atomic(path.with_suffix(".json"), dict(meta, status="recorded"))
"""


def test_kill_9_during_database_writes_leaves_each_attempt_whole_or_absent(tmp_path):
    """Twelve kills at random instants of a process that stores and scores attempts as fast as it
    can: after each, the library passes integrity_check, every row is whole, every file is
    registered by recovery, and no row points at a missing file."""
    from shadowing.storage import Library

    db, folder = tmp_path / "library.sqlite3", tmp_path / "recordings"
    wav = tmp_path / "voice.wav"
    soundfile.write(wav, _jfk_span(3.68, 10.75), 16000)
    result = {"score": 91.5, "word_accuracy": 0.93, "lag_ms": {"median": 312.0}, "words": ["ask", "not"]}
    (tmp_path / "writer.py").write_text(WRITE_FOREVER)
    rng = random.Random(9)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    counts = []
    for kill in range(12):
        child = subprocess.Popen([sys.executable, str(tmp_path / "writer.py"), str(db), str(folder), str(wav),
                                  json.dumps(result)], env=env, stderr=subprocess.PIPE)
        time.sleep(1.0 + rng.uniform(0.0, 0.8))  # start-up, then a random instant among the writes
        assert child.poll() is None, child.stderr.read().decode()[-2000:]
        os.kill(child.pid, signal.SIGKILL)
        child.wait(10)
        with Library(db) as library:
            assert library.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            library.recover_recordings(folder)
            rows = library.db.execute("SELECT id, path, status, score, result FROM attempts").fetchall()
            for row in rows:
                assert (folder / Path(row["path"]).name).exists() or Path(row["path"]).exists(), row["path"]
                if row["status"] == "scored":
                    assert row["score"] == 91.5 and json.loads(row["result"])["lag_ms"]["median"] == 312.0
                else:
                    assert row["score"] is None and row["result"] is None
            registered = {Path(r["path"]).name for r in rows}
            assert {p.name for p in folder.glob("*.wav")} <= registered  # recovery found every file
        counts.append(len(rows))
    assert counts == sorted(counts) and counts[-1] > 12  # the library only grew: nothing lost


def test_a_transcriber_killed_like_the_out_of_memory_killer_does_is_a_clear_message(tmp_path):
    """The OOM killer sends SIGKILL to the biggest process: the Whisper worker. The terminal gets one
    line saying what probably happened, the stretches already stored stay, and the next run
    resumes and completes."""
    import psutil

    home = tmp_path / "home"
    episode = EPISODE  # four minutes: the worker is still busy after its first stretch is stored
    env = {**os.environ, "SHADOWING_HOME": str(home)}
    proc = subprocess.Popen([sys.executable, "-m", "shadowing.cli", "transcribe", str(episode), "--quiet"],
                            env=env, stderr=subprocess.PIPE, text=True)
    db = home / "data" / "library.sqlite3"
    deadline = time.monotonic() + 120
    worker = None
    while time.monotonic() < deadline and worker is None:
        time.sleep(0.2)
        if not (db.exists() and _processed_until(db) > 0):
            continue
        for child in psutil.Process(proc.pid).children(recursive=True):
            try:
                if "spawn_main" in " ".join(child.cmdline()):
                    worker = child
            except psutil.Error:  # a helper process that ended meanwhile
                pass
    assert worker is not None, "the worker never stored a stretch"
    assert worker.nice() == min(19, psutil.Process(proc.pid).nice() + 10)  # it gives way to playback
    if sys.platform.startswith("linux"):  # and to the sound server's main thread at once (idle_class)
        assert os.sched_getscheduler(worker.pid) == os.SCHED_IDLE
    os.kill(worker.pid, signal.SIGKILL)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 2 and len(err.strip().splitlines()) == 1, err
    assert "killed" in err and "memory" in err and "kept" in err and "resumes" in err
    kept = _processed_until(db)
    assert kept > 0
    again = run("transcribe", episode, "--json", tmp_path / "t.json", home=home)
    assert again.returncode == 0, again.stderr
    segments = json.loads((tmp_path / "t.json").read_text())["segments"]
    starts = [s["start"] for s in segments]
    assert starts == sorted(starts) and len(set(starts)) == len(starts)  # no stretch twice


def _processed_until(db: Path) -> float:
    try:
        with sqlite3.connect(db) as con:
            row = con.execute("SELECT MAX(processed_until) FROM transcripts").fetchone()
    except sqlite3.OperationalError:  # the file is there, its tables not yet
        return 0.0
    return row[0] or 0.0


# --- a six-hour file -----------------------------------------------------------------------------------

def _six_hours(path: Path) -> Path:
    """Six hours of a talk: 20 s of real speech as constant-bitrate MP3 frames without a length
    header, repeated (MP3 frames stand alone), so the decoder sees one long file, as a long
    live-stream recording is."""
    import av

    speech = np.concatenate([_jfk_span(0.0, 11.0), np.zeros(16000 * 9, np.float32)])
    piece = path.with_name("piece.mp3")
    with av.open(str(piece), "w", format="mp3", options={"write_xing": "0", "id3v2_version": "0"}) as out:
        stream = out.add_stream("libmp3lame", rate=16000)
        stream.layout = "mono"
        stream.bit_rate = 16000
        frame = av.AudioFrame.from_ndarray(speech.reshape(1, -1), format="flt", layout="mono")
        frame.sample_rate = 16000
        resampler = av.AudioResampler(format="s16p", layout="mono", rate=16000)
        for rf in resampler.resample(frame) + resampler.resample(None):
            for packet in stream.encode(rf):
                out.mux(packet)
        for packet in stream.encode(None):
            out.mux(packet)
    data = piece.read_bytes()
    with open(path, "wb") as fh:
        for _ in range(6 * 3600 // 20):
            fh.write(data)
    return path


def test_a_six_hour_file_opens_at_once_streams_in_bounded_memory_and_cancels_keeping_its_work(tmp_path):
    import psutil

    from shadowing import media

    long_file = _six_hours(tmp_path / "six hours.mp3")
    started = time.perf_counter()
    info = media.probe(long_file)
    probe_s = time.perf_counter() - started
    assert abs(info.duration - 6 * 3600) < 120, info.duration
    home = tmp_path / "home"
    env = {**os.environ, "SHADOWING_HOME": str(home)}
    proc = subprocess.Popen([sys.executable, "-m", "shadowing.cli", "transcribe", str(long_file), "--quiet"],
                            env=env, stderr=subprocess.PIPE, text=True)
    db = home / "data" / "library.sqlite3"
    peak = 0
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline and not (db.exists() and _processed_until(db) >= 120):
        time.sleep(0.25)
        try:
            tree = [psutil.Process(proc.pid)] + psutil.Process(proc.pid).children(recursive=True)
            peak = max(peak, sum(p.memory_info().rss for p in tree))
        except psutil.NoSuchProcess:
            pass
    reached = _processed_until(db) if db.exists() else 0
    proc.send_signal(signal.SIGINT)  # Ctrl+C
    _, err = proc.communicate(timeout=60)
    assert reached >= 120, (reached, err)
    assert proc.returncode == 130 and "kept" in err, err
    print(json.dumps({"probe_s": round(probe_s, 2), "peak_rss_mb": round(peak / 2 ** 20),
                      "transcribed_s": round(reached)}))
    # decoded whole, six hours would be 1.3 GB at 16 kHz: the work streams in stretches
    assert peak < 900 * 2 ** 20, peak
    with sqlite3.connect(db) as con:
        status, until = con.execute("SELECT status, processed_until FROM transcripts").fetchone()
        segments = con.execute("SELECT COUNT(*) FROM segments").fetchone()[0]
    assert status == "cancelled" and until >= 120 and segments >= 6


# --- hostile feeds and malformed sidecars ---------------------------------------------------------------

def _hostile_feeds() -> dict[str, tuple[bytes, str | None]]:
    """name -> (feed XML, the message if it is refused; None: read safely as a feed)."""
    item = '<item><title>Ep</title><guid>1</guid><enclosure url="http://127.0.0.1:9/a.mp3" type="audio/mpeg"/></item>'
    laughs = ('<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa">'
              + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(9))
              + f']><rss version="2.0"><channel><title>&j;</title>{item}</channel></rss>')
    secret = ('<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
              f'<rss version="2.0"><channel><title>Pod &x;</title><description>&x;</description>{item}</channel></rss>')
    deep = f'<rss version="2.0"><channel><title>Deep</title>{"<div>" * 100000}{"</div>" * 100000}{item}</channel></rss>'
    return {"entity expansion (a billion laughs)": (laughs.encode(), None),
            "external entity (/etc/passwd)": (secret.encode(), None),
            "nested 100,000 deep": (deep.encode(), None),
            "40 MB": (b'<rss version="2.0"><channel><title>Big</title>' + b"<x>" + b"A" * (40 << 20), "allowed here")}


def test_hostile_feeds_are_read_safely_or_refused_in_one_line(capsys):
    from shadowing import feeds
    from shadowing.cli import main
    from shadowing.paths import database_path
    from shadowing.storage import Library

    from .feedserver import FeedServer, Route

    server = FeedServer()
    try:
        for name, (xml, refused) in _hostile_feeds().items():
            url = server.add(f"/{abs(hash(name))}.xml", Route(xml, "application/rss+xml"))
            started = time.monotonic()
            code = main(["feed", "add", url])
            took = time.monotonic() - started
            out, err = capsys.readouterr()
            assert took < 60, (name, took)
            if refused:
                assert code == 2 and refused in err and len(err.strip().splitlines()) == 1, (name, err)
                continue
            assert code == 0, (name, err)
            with Library(database_path()) as library:
                feed = feeds.feeds(library)[-1]
                text = json.dumps([feed.title, *(i.item.title + i.item.description for i in feeds.items(library, feed.id))])
            assert "root:" not in text and "aaaaaaaaaa" not in text and len(text) < 2000, (name, text[:300])
    finally:
        server.close()


def test_a_hostile_feed_in_the_podcasts_window_is_a_message(qtbot, jfk_home):
    from PySide6.QtCore import Qt

    from shadowing.audio import FileBackend
    from shadowing.gui.main_window import MainWindow

    from .feedserver import FeedServer, Route

    w = MainWindow(backend_factory=lambda: FileBackend(48000, realtime=False))
    qtbot.addWidget(w)
    w.show()
    server = FeedServer()
    try:
        xml, refused = _hostile_feeds()["40 MB"]
        pods = w.files.open_podcasts()
        pods.url.setText(server.add("/big.xml", Route(xml, "application/rss+xml")))
        qtbot.keyClick(pods.url, Qt.Key_Return)
        qtbot.waitUntil(lambda: pods.banner.isVisible(), timeout=60000)
        assert refused in pods.banner.text() and pods.feed_list.count() == 0
    finally:
        server.close()
        w.close()


MALFORMED_SIDECARS = {
    "words, no cues.srt": (b"Shadowing notes, not subtitles\n" * 20, "no subtitle cues"),
    "random bytes.srt": (bytes(random.Random(3).randrange(256) for _ in range(3000)), "no subtitle cues"),
    "backwards times.vtt": (b"WEBVTT\n\n00:00:05.000 --> 00:00:01.000\nbackwards\n", "no subtitle cues"),
    "empty.vtt": (b"", "no subtitle cues"),
    "broken.transcript.json": (b'{"segments": [{"startTime": "soon", "body": "hi"}]}', "no timed text"),
    "not a transcript.transcript.json": (b'{"episode": 3}', "not a Podcasting 2.0 JSON"),
}


@pytest.mark.parametrize("name", list(MALFORMED_SIDECARS))
def test_a_malformed_published_transcript_is_one_line_and_writes_nothing(tmp_path, name):
    data, cause = MALFORMED_SIDECARS[name]
    episode = tmp_path / "talk.flac"
    shutil.copy(JFK, episode)
    suffix = name.split(".", 1)[1]
    (tmp_path / f"talk.{suffix}").write_bytes(data)
    home = tmp_path / "home"
    out = run("transcribe", episode, "--text-source", "sidecar", home=home)
    assert out.returncode == 2 and len(out.stderr.strip().splitlines()) == 1, out.stderr
    assert cause in out.stderr and "Traceback" not in out.stderr
    assert _episodes(home) == 0


def test_a_utf16_srt_from_a_windows_tool_is_read(tmp_path):
    from shadowing import subtitles

    path = tmp_path / "talk.srt"
    path.write_bytes("1\n00:00:00,300 --> 00:00:03,500\nAnd so, my fellow Americans\n".encode("utf-16"))
    cues, words = subtitles.load_transcript(path)
    assert [c.text for c in cues] == ["And so, my fellow Americans"] and len(words) == 5


def test_what_the_fuzzer_found_an_unknown_encoding_is_a_clear_message_not_a_crash():
    """atheris found it in the feed parser (a LookupError from expat for encoding="UTF-4");
    the OPML reader had the same hole."""
    from shadowing.feeds import parse

    feed = (b'<?xml version="1.0" encoding="UTF-4"?><rss version="2.0"><channel><title>Pod</title><item>'
            b'<title>Ep</title><guid>1</guid><enclosure url="https://example.com/a.mp3" type="audio/mpeg"/>'
            b'</item></channel></rss>')
    try:
        parsed = parse.parse_feed(feed, "https://example.com/feed")
        assert [i.title for i in parsed.items] == ["Ep"]
    except parse.FeedError as exc:
        assert "UTF-4" in str(exc) or "encoding" in str(exc)
    opml = b'<?xml version="1.0" encoding="UTF-4"?><opml version="2.0"><body><outline xmlUrl="https://e.com/f"/></body></opml>'
    with pytest.raises(parse.FeedError, match="not valid XML"):
        parse.parse_opml(opml, "subscriptions.opml")


def test_a_corrupt_model_is_one_line_and_the_next_run_with_a_good_model_works(tmp_path):
    """A model folder whose model.bin was cut short (a broken download or a full disk)."""
    from shadowing.transcription.models import resolve_model

    good = Path(resolve_model(None).path_or_name)
    broken = tmp_path / "my model"
    shutil.copytree(good, broken)
    data = (broken / "model.bin").read_bytes()
    (broken / "model.bin").write_bytes(data[: len(data) // 3])
    home = tmp_path / "home"
    out = run("transcribe", JFK, "--model", broken, home=home)
    lines = [line for line in out.stderr.strip().splitlines() if not line.startswith("transcribing:")]
    assert out.returncode == 2 and len(lines) == 1 and "Traceback" not in out.stderr, out.stderr
    assert str(broken) in lines[0] and "cannot be loaded" in lines[0], lines[0]
    again = run("transcribe", JFK, "--quiet", home=home)
    assert again.returncode == 0, again.stderr


def test_what_the_fuzzer_found_a_transcript_tag_with_text_instead_of_attributes():
    """atheris again: feedparser hands back a string for a <podcast:transcript> written as text
    (and a malformed enclosure), where the reader expected attributes."""
    from shadowing.feeds import parse

    feed = (b'<rss xmlns:podcast="https://podcastindex.org/namespace/1.0" version="2.0"><channel><title>P</title>'
            b'<item><title>Ep</title><guid>1</guid><podcast:transcript>https://e.com/t.vtt</podcast:transcript>'
            b'<enclosure url="https://e.com/a.mp3" type="audio/mpeg"/></item></channel></rss>')
    parsed = parse.parse_feed(feed, "https://example.com/feed")
    assert [i.title for i in parsed.items] == ["Ep"] and parsed.items[0].transcripts == ()


def test_one_bad_segment_in_a_json_transcript_is_skipped_not_the_whole_file():
    from shadowing import subtitles

    text = json.dumps({"segments": [
        {"startTime": 0.3, "endTime": 1.2, "body": "And so, my fellow Americans,"},
        {"startTime": "soon", "endTime": 2.0, "body": "a typo in a time"},
        {"startTime": float("nan"), "endTime": 3.0, "body": "no time at all"},
        {"startTime": 3.7, "endTime": 1e309, "body": "for ever"},
        {"startTime": 3.7, "endTime": 10.7, "body": "ask not what your country can do for you.", "speaker": {"x": 1}},
    ]})
    cues, words = subtitles.parse_json_transcript(text)
    assert [c.text for c in cues] == ["And so, my fellow Americans,", "ask not what your country can do for you."]


def test_what_the_fuzzer_found_an_item_whose_links_are_text_is_skipped_and_the_feed_kept():
    """atheris's third find: a <links> element with text makes feedparser's own
    ``entry.enclosures`` raise TypeError; that item is skipped, the others are read."""
    from shadowing.feeds import parse

    feed = (b'<rss version="2.0"><channel><title>P</title>'
            b'<item><title>One</title><guid>1</guid><links>see the show notes</links>'
            b'<enclosure url="https://e.com/1.mp3" type="audio/mpeg"/></item>'
            b'<item><title>Two</title><guid>2</guid><enclosure url="https://e.com/2.mp3" type="audio/mpeg"/></item>'
            b'</channel></rss>')
    parsed = parse.parse_feed(feed, "https://example.com/feed")
    assert parsed.title == "P" and [i.title for i in parsed.items] == ["Two"]


def test_a_recording_moved_away_or_damaged_is_a_clear_message_for_its_waveform_and_playback(tmp_path):
    """The result panel's waveforms and A/B playback read the learner's recordings: one deleted by
    hand (or a library copied without its recordings) is a message naming it, not a traceback."""
    from shadowing.audio.waveform import attempt_waveforms
    from shadowing.errors import ShadowingError
    from shadowing.gui.jobs import attempt_clip

    gone = tmp_path / "gone.wav"
    with pytest.raises(ShadowingError, match="missing.*moved or deleted"):
        attempt_waveforms(gone, JFK, 0.0, 2.0)
    with pytest.raises(ShadowingError, match="missing.*moved or deleted"):
        attempt_clip(gone, 48000, (str(JFK), 0.0, 2.0))
    damaged = tmp_path / "damaged.wav"
    damaged.write_bytes(b"RIFF\x10\x00\x00\x00WAVEnot really")
    with pytest.raises(ShadowingError, match="cannot be read"):
        attempt_waveforms(damaged, JFK, 0.0, 2.0)
