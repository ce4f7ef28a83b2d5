"""The terminal interface, run as a user runs it: a real process, real files, real exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import numpy as np
import pytest

from shadowing import subtitles

from .conftest import EPISODE, MEDIA, reference, wer


def run(*args, home, timeout=300):
    env = {**os.environ, "SHADOWING_HOME": str(home)}
    return subprocess.run([sys.executable, "-m", "shadowing.cli", *map(str, args)], env=env, capture_output=True,
                          text=True, timeout=timeout)


def test_transcribe_exports_and_caches(tmp_path):
    home = tmp_path / "home"
    out = run("transcribe", MEDIA / "lj_fireside_chat.flac", "--json", tmp_path / "t.json", "--srt",
              tmp_path / "t.srt", "--vtt", tmp_path / "t.vtt", home=home)
    assert out.returncode == 0, out.stderr
    assert "s of audio" in out.stderr and "100%" in out.stderr  # progress bar with audio time
    data = json.loads((tmp_path / "t.json").read_text())
    text = " ".join(s["text"] for s in data["segments"])
    assert wer(reference("lj_fireside_chat.flac"), text) <= 0.06
    assert [c.text for c in subtitles.load_cues(tmp_path / "t.srt")] == [s["text"] for s in data["segments"]]
    assert subtitles.load_cues(tmp_path / "t.vtt")
    t0 = time.perf_counter()
    again = run("transcribe", MEDIA / "lj_fireside_chat.flac", home=home)
    assert again.returncode == 0 and "stored transcript" in again.stderr
    assert time.perf_counter() - t0 < 10  # process start included; no decoding, no model
    seg = run("segments", MEDIA / "lj_fireside_chat.flac", "--json", home=home)
    listed = json.loads(seg.stdout)["segments"]
    assert [s["text"] for s in listed] == [s["text"] for s in data["segments"]]
    assert {"number", "index", "id", "start", "end", "text"} <= set(listed[0])
    assert [s["number"] for s in listed] == list(range(1, len(listed) + 1))  # as `--segment N` counts
    phrased = json.loads(run("segments", MEDIA / "lj_fireside_chat.flac", "--json", "--unit", "phrase",
                             home=home).stdout)["segments"]
    assert len(phrased) > len(listed) and [s["number"] for s in phrased] == list(range(1, len(phrased) + 1))
    assert " ".join(s["text"] for s in phrased) == " ".join(s["text"] for s in listed)
    assert {s["id"] for s in phrased} == {s["id"] for s in listed} and any("part" in s for s in phrased)
    plain = run("segments", "1", home=home)
    assert plain.stdout.splitlines()[0].split()[0] == "1"
    assert run("list", home=home).stdout.count("complete") == 1


@pytest.mark.parametrize("make,cause", [
    (lambda p: p / "missing.mp3", "file not found"),
    (lambda p: (p / "empty.m4a").write_bytes(b"") and None or p / "empty.m4a", "file is empty"),
    (lambda p: (p / "notes.mp3").write_text("not audio at all\n" * 40) and None or p / "notes.mp3", "not an audio"),
])
def test_bad_files_one_line_exit_2_nothing_written(tmp_path, make, cause):
    home = tmp_path / "home"
    path = make(tmp_path)
    out = run("transcribe", path, home=home)
    assert out.returncode == 2
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and str(path) in lines[0] and cause in lines[0]
    assert "Traceback" not in out.stderr
    db = home / "data" / "library.sqlite3"
    if db.exists():
        import sqlite3

        with sqlite3.connect(db) as con:
            assert con.execute("SELECT COUNT(*) FROM episodes").fetchone()[0] == 0


def test_unknown_model_says_what_was_tried(tmp_path):
    out = run("transcribe", MEDIA / "jfk.flac", "--model", "no-such-model", home=tmp_path)
    assert out.returncode == 2
    assert "tried" in out.stderr and "no-such-model" in out.stderr and "pip install" in out.stderr
    out = run("transcribe", MEDIA / "jfk.flac", "--model", str(tmp_path / "folder"), home=tmp_path)
    assert out.returncode == 2 and "model.bin" in out.stderr


def test_segments_of_unknown_episode(tmp_path):
    out = run("segments", MEDIA / "jfk.flac", home=tmp_path)
    assert out.returncode == 2 and "shadowing transcribe" in out.stderr


def test_sidecar_text_source_and_edit(tmp_path):
    home = tmp_path / "home"
    audio = tmp_path / "morris.mp3"
    audio.write_bytes(EPISODE.read_bytes())
    (tmp_path / "morris.srt").write_text(EPISODE.with_suffix(".srt").read_text())
    out = run("transcribe", audio, "--text-source", "sidecar", home=home)
    assert out.returncode == 0, out.stderr
    assert "Printing, in the only sense" in out.stdout
    edited = run("edit", audio, "1", "split", "--at-word", "3", home=home)
    assert edited.returncode == 0, edited.stderr
    first = run("segments", audio, home=home).stdout.splitlines()[0]
    assert first.endswith("Printing, in")


def test_score_command_json_and_text(tmp_path):
    """Transcribe a real clip, record an "attempt" (the clip delayed 400 ms), score it."""
    import numpy as np

    from shadowing import media

    from .conftest import write_wav

    home = tmp_path / "home"
    source = media.load_span(MEDIA / "jfk.flac", 0.0, 11.0)
    attempt = write_wav(tmp_path / "attempt.wav", 0.8 * np.concatenate([np.zeros(6400, np.float32), source]))
    # a file not in the library yet is transcribed first (with the progress bar), then scored
    out = run("score", MEDIA / "jfk.flac", "--start", "0", "--end", "11", attempt, "--json", home=home)
    assert out.returncode == 0, out.stderr
    assert "not transcribed yet: transcribing it first" in out.stderr
    segs = json.loads(run("segments", MEDIA / "jfk.flac", "--json", home=home).stdout)["segments"]
    data = json.loads(out.stdout)
    for key in ("score", "word_accuracy", "wer", "completeness", "lag_ms", "pace_ratio", "warnings", "words"):
        assert key in data
    assert abs(data["lag_ms"]["median"] - 400) <= 40 and data["word_accuracy"] >= 0.9
    assert {"word", "status", "heard", "source_start", "attempt_start"} <= set(data["words"][0])
    assert all(w["lag"] is None for w in data["words"] if w["status"] != "correct")
    assert 90 <= data["pronunciation"] <= 100  # the speaker's own words: nothing (or next to nothing) flagged
    assert set(data["prosody"]) >= {"score", "pitch_correlation", "ending"} and data["prosody"]["pitch_correlation"] > 0.9
    judged = [w for w in data["words"] if w["phones"]]
    assert judged and {"expected", "heard", "gop", "ok"} == set(judged[0]["phones"][0])
    first = segs[0]
    by_segment = run("score", MEDIA / "jfk.flac", "--segment", "1", attempt, "--json", home=home)
    assert by_segment.returncode == 0 and json.loads(by_segment.stdout)["source_text"].startswith(first["text"][:10])
    text = run("score", MEDIA / "jfk.flac", "--segment", "1", attempt, "--mode", "repeat", "--unaligned", home=home)
    assert text.returncode == 0 and "score" in text.stdout and "correct" in text.stdout
    silent = write_wav(tmp_path / "silent.wav", np.zeros(16000 * 3, np.float32))
    out = run("score", MEDIA / "jfk.flac", "--segment", "1", silent, home=home)
    assert out.returncode == 0 and "no speech heard" in out.stdout
    bad = run("score", MEDIA / "jfk.flac", "--segment", "9", attempt, home=home)
    assert bad.returncode == 2 and "does not exist" in bad.stderr


def test_score_marks_a_sound_said_wrong_that_whisper_heard_right(tmp_path):
    """"I sink ...": Whisper hears "think"; the terminal line marks the /θ/ and the JSON says what was heard."""
    from .conftest import write_wav
    from .truth import espeak

    home = tmp_path / "home"
    source = write_wav(tmp_path / "source.wav", np.concatenate([espeak("I think the service is healthy."),
                                                                 np.zeros(8000, np.float32)]))
    attempt = write_wav(tmp_path / "attempt.wav", espeak("I [[s'INk]] the service is healthy."))
    out = run("score", source, "--segment", "1", attempt, "--mode", "repeat", "--unaligned", home=home)
    assert out.returncode == 0, out.stderr
    line = next(x for x in out.stdout.splitlines() if "think" in x.lower())
    assert line.startswith("correct") and "! /θ/ -> " in line
    assert "pronunciation" in out.stdout
