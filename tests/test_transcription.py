"""The real embedded model on real speech: accuracy, word times, streaming, cache, cancel, resume."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time

import numpy as np
import pytest

from shadowing import episodes, media
from shadowing.records import Word
from shadowing.storage import Library
from shadowing.transcription import guards
from shadowing.transcription.engine import EngineSettings

from .conftest import EPISODE, MEDIA, morris_sentences, reference, speak, wer, write_wav


@pytest.mark.parametrize("name,limit", [("lj_fireside_chat.flac", 0.06), ("jfk.flac", 0.1),
                                        ("clips/bush_columbia_2003.wav", 0.12)])
def test_word_error_rate_against_reference(engine, name, limit):
    audio = np.concatenate(list(media.iter_audio(MEDIA / name)))
    words = engine.transcribe_chunk(audio)
    assert wer(reference(name), " ".join(w.text for w in words)) <= limit


def test_episode_wer_and_word_times(morris_library):
    _db, result = morris_library
    assert result.complete and not result.cached
    words = [w for s in result.segments for w in s.words]
    ref = " ".join(s["text"] for s in morris_sentences())
    assert wer(ref, " ".join(w.text for w in words)) <= 0.08  # plain tiny.en: about 5 %
    assert all(0 <= w.start < w.end <= 232.6 for w in words)
    assert all(a.start <= b.start and a.end <= b.start + 1e-6 for a, b in zip(words, words[1:]))


def test_word_times_follow_the_speech(morris_library):
    """Each reference sentence's first word starts near where the sentence starts."""
    _db, result = morris_library
    words = [w for s in result.segments for w in s.words]
    errors = []
    for sent in morris_sentences():
        inside = [w for w in words if sent["start"] - 0.5 <= w.start <= sent["end"]]
        if inside:
            errors.append(abs(inside[0].start - sent["start"]))
    assert len(errors) >= 28
    assert float(np.median(errors)) < 0.3


def test_stored_transcript_is_returned_without_decoding(morris_library, monkeypatch):
    db, first = morris_library

    def no_decoding(*_a, **_k):
        raise AssertionError("audio was decoded for a stored transcript")

    monkeypatch.setattr(media, "iter_audio", no_decoding)
    monkeypatch.setattr(media, "probe", no_decoding)
    t0 = time.perf_counter()
    again = episodes.transcribe(db, EPISODE)
    assert again.cached and time.perf_counter() - t0 < 2.0
    assert [s.text for s in again.segments] == [s.text for s in first.segments]


def test_moved_episode_is_recognised_by_content(morris_library, tmp_path, monkeypatch):
    db, first = morris_library
    moved = tmp_path / "my podcasts" / "ポッドキャスト 🎧.mp3"
    moved.parent.mkdir()
    moved.write_bytes(EPISODE.read_bytes())
    monkeypatch.setattr(media, "iter_audio", lambda *a, **k: (_ for _ in ()).throw(AssertionError("decoded")))
    again = episodes.transcribe(db, moved)
    assert again.cached and again.episode.id == first.episode.id
    assert again.episode.path == str(moved.resolve())
    with Library(db) as library:  # put it back for other tests
        library.relocate(library.episode(first.episode.id), str(EPISODE.resolve()))


def test_segments_stream_before_the_job_ends(tmp_path):
    db = tmp_path / "lib.sqlite3"
    with Library(db) as library:
        episode = episodes.open_episode(library, EPISODE)
    seen: list[tuple[float, int]] = []
    job = episodes.TranscriptionJob(db, episode)
    t0 = time.perf_counter()
    result = job.run(on_segments=lambda segs: seen.append((time.perf_counter() - t0, len(segs))))
    total = time.perf_counter() - t0
    assert len(seen) >= 3  # several stretches, each reported when done
    assert seen[0][0] < total / 2
    assert sum(n for _, n in seen) == len(result.segments)


def test_cancel_keeps_work_and_resume_neither_duplicates_nor_loses(tmp_path, morris_library):
    db = tmp_path / "lib.sqlite3"
    with Library(db) as library:
        episode = episodes.open_episode(library, EPISODE)
    job = episodes.TranscriptionJob(db, episode)
    stopped = {}

    def on_segments(_segs):
        if not stopped:
            stopped["t"] = time.perf_counter()
            job.cancel()

    partial = job.run(on_segments=on_segments)
    assert time.perf_counter() - stopped["t"] < 1.0  # cancellation is prompt
    assert partial.transcript.status == "cancelled"
    assert 0 < partial.transcript.processed_until < episode.duration
    kept = len(partial.segments)
    assert kept > 0

    resumed = episodes.TranscriptionJob(db, episode).run()
    assert resumed.complete
    assert [s.text for s in resumed.segments[:kept]] == [s.text for s in partial.segments]
    words = [w for s in resumed.segments for w in s.words]
    assert all(a.end <= b.start + 1e-6 for a, b in zip(words, words[1:]))  # no duplicated stretch
    _db, uninterrupted = morris_library
    full_words = [w for s in uninterrupted.segments for w in s.words]
    assert abs(len(words) - len(full_words)) <= 0.03 * len(full_words)


def test_killed_job_resumes_where_it_stopped(tmp_path):
    """kill -9 of the whole CLI mid-transcription: the library is intact and the rerun completes."""
    home = tmp_path / "home"
    env = {**os.environ, "SHADOWING_HOME": str(home)}
    db = home / "data" / "library.sqlite3"
    proc = subprocess.Popen([sys.executable, "-m", "shadowing.cli", "transcribe", str(EPISODE), "-q"], env=env,
                            start_new_session=True)
    deadline = time.time() + 120
    until = 0.0
    while time.time() < deadline and until <= 0:
        time.sleep(0.3)
        if db.exists():
            try:
                with sqlite3.connect(db) as con:
                    row = con.execute("SELECT processed_until FROM transcripts").fetchone()
                until = row[0] if row else 0.0
            except sqlite3.OperationalError:
                pass
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    assert 0 < until < 232
    with sqlite3.connect(db) as con:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    done = subprocess.run([sys.executable, "-m", "shadowing.cli", "segments", str(EPISODE), "--json"], env=env,
                          capture_output=True, text=True)
    assert done.returncode == 0
    rerun = subprocess.run([sys.executable, "-m", "shadowing.cli", "transcribe", str(EPISODE), "-q"], env=env,
                           capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    with Library(db) as library:
        t = library.transcripts(1)[0]
        assert t.status == "complete"
        words = library.words(t.id)
    assert all(a.end <= b.start + 1e-6 for a, b in zip(words, words[1:]))


# -- Whisper's failures, provoked by real audio ---------------------------------------------------

def test_silence_gives_no_words(engine):
    assert engine.transcribe_chunk(np.zeros(16000 * 20, np.float32)) == []


def test_noise_gives_no_words(engine):
    rng = np.random.default_rng(7)
    assert engine.transcribe_chunk((rng.standard_normal(16000 * 20) * 0.1).astype(np.float32)) == []


def test_music_gives_no_words(engine):
    """A few bars of a synthetic melody with harmonics: Whisper likes to "transcribe" music."""
    t = np.arange(int(0.5 * 16000)) / 16000
    notes = [262, 330, 392, 523, 392, 330, 294, 349, 440, 349, 294, 247] * 3
    bars = [sum(np.sin(2 * np.pi * f * k * t) / k for k in (1, 2, 3)) * np.exp(-3 * t) for f in notes]
    music = (0.2 * np.concatenate(bars)).astype(np.float32)
    assert engine.transcribe_chunk(music) == []


def test_speech_between_long_silences_is_not_padded_with_hallucinations(engine):
    speech = np.concatenate(list(media.iter_audio(MEDIA / "jfk.flac")))
    audio = np.concatenate([np.zeros(16000 * 25, np.float32), speech, np.zeros(16000 * 40, np.float32)])
    words = engine.transcribe_chunk(audio)
    assert wer(reference("jfk.flac"), " ".join(w.text for w in words)) <= 0.1
    assert all(24.5 <= w.start and w.end <= 25 + speech.size / 16000 + 0.5 for w in words)


def test_looped_phrase_keeps_exactly_what_was_said(engine):
    phrase = speak("roll back the change")
    gap = np.zeros(int(0.4 * 16000), np.float32)
    audio = np.concatenate([np.concatenate((phrase, gap)) for _ in range(6)] + [np.zeros(16000 * 8, np.float32)])
    words = engine.transcribe_chunk(audio)
    text = " ".join(w.text for w in words).lower()
    assert 5 <= text.count("back") <= 6  # said six times: never a runaway loop, none lost
    assert all(w.end <= 6 * (phrase.size + gap.size) / 16000 + 0.3 for w in words)


def test_repetition_loop_with_impossible_timing_is_collapsed():
    loop = [Word(1.0, 1.3, "thank"), Word(1.3, 1.6, "you.")]
    loop += [Word(1.6 + 0.01 * k, 1.605 + 0.01 * k, t) for k, t in enumerate(["thank", "you."] * 5)]
    assert [w.text for w in guards.collapse_repetitions(loop)] == ["thank", "you."]
    spoken = [Word(2.0 * k + d, 2.0 * k + d + 0.3, t) for k in range(4) for d, t in ((0, "go"), (0.4, "on"))]
    assert len(guards.collapse_repetitions(spoken)) == 8


def test_zero_and_negative_durations_are_repaired():
    broken = [Word(1.0, 1.0, "a"), Word(1.2, 1.1, "b"), Word(1.15, 1.5, "c"), Word(9.0, 12.0, "d")]
    fixed = guards.repair_timing(broken, limit=10.0)
    assert all(w.end - w.start >= guards.MIN_WORD_S - 1e-9 for w in fixed)
    assert all(a.end <= b.start + 1e-9 and a.start <= b.start for a, b in zip(fixed, fixed[1:]))
    assert fixed[-1].end <= 10.0


def test_skipped_clause_is_decoded_again(engine):
    """tiny.en, decoded plainly, drops "huts and date palms ... Hammurabi" from this real reading."""
    from shadowing.transcription.engine import _speech_regions

    audio = np.concatenate(list(media.iter_audio(MEDIA / "lj_seven_wonders.flac")))
    segments, _ = engine.model.transcribe(audio, word_timestamps=True)
    # the voice activity the episode path computes
    regions = _speech_regions(audio, max_speech_duration_s=30, min_silence_duration_ms=160, speech_pad_ms=400)
    plain = engine._guarded(list(segments), regions, audio.size / 16000)
    plain_text = " ".join(w.text for w in plain)
    assert "palms" not in plain_text  # the failure is really provoked
    assert guards.unvoiced_speech(plain, regions)  # ... and detected
    filled = engine._fill_skipped(audio, plain, regions)
    filled_text = " ".join(w.text for w in filled)
    assert "palms" in filled_text
    ref = reference("lj_seven_wonders.flac")
    assert wer(ref, filled_text) < wer(ref, plain_text) - 0.01  # three or more words recovered


def test_short_attempt_clip_is_transcribed_with_word_times(engine):
    audio = np.concatenate(list(media.iter_audio(MEDIA / "jfk.flac")))
    words = engine.transcribe_clip(audio)
    assert wer(reference("jfk.flac"), " ".join(w.text for w in words)) <= 0.1
    assert all(0 <= w.start < w.end <= 11.0 for w in words)
    assert engine.transcribe_clip(np.zeros(16000 * 3, np.float32)) == []


def test_settings_are_recorded_with_the_transcript(morris_library):
    db, result = morris_library
    settings = result.transcript.settings
    assert settings["model"] == "tiny.en" and settings["beam_size"] == EngineSettings().beam_size


def test_short_clip_and_wav_path(tmp_path):
    db = tmp_path / "lib.sqlite3"
    path = write_wav(tmp_path / "tiny.wav", speak("hello there") )
    result = episodes.transcribe(db, path)
    assert result.complete
    assert "hello" in " ".join(s.text for s in result.segments).lower()
