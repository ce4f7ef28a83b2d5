"""The engine end to end through its file input (no sound card): recordings, sidecars, faults."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
import soundfile

from .conftest import JFK
from shadowing import media
from shadowing.audio import (EngineError, FileBackend, Gap, LoopSettings, PracticeEngine, ProgramDone,
                             RecordedAttempt)
from shadowing.audio.clip import load_clip

RATE = 48000


def collect(engine, until=ProgramDone, timeout=30.0, want_attempts=0):
    events, attempts = [], 0
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            e = engine.events.get(timeout=0.2)
        except Exception:
            continue
        events.append(e)
        attempts += isinstance(e, RecordedAttempt)
        if any(isinstance(x, until) for x in events) and attempts >= want_attempts:
            return events
    raise AssertionError(f"timed out; got {[type(e).__name__ for e in events]}")


def test_each_shadow_attempt_holds_the_voice_from_its_time_zero(tmp_path):
    voice = media.load_span(JFK, 0.0, 6.0, rate=RATE)
    backend = FileBackend(RATE, input_audio=voice, realtime=False)
    with PracticeEngine(backend=backend, folder=tmp_path / "rec") as engine:
        engine.play(str(JFK), 3.68, 6.0, LoopSettings(mode="shadow", loops=2, gap=Gap(0.5), shadow_tail_s=0.5),
                    {"segment_id": 7})
        events = collect(engine, want_attempts=2)
    attempts = [e for e in events if isinstance(e, RecordedAttempt)]
    assert len(attempts) == 2
    clip = load_clip(str(JFK), 3.68, 6.0, RATE)
    for attempt in attempts:
        recorded, rate = soundfile.read(attempt.path, dtype="float32")
        assert rate == RATE
        length = clip.playable.size + int(0.5 * RATE)  # segment + shadow tail
        assert recorded.size == length == attempt.frames
        # the file backend's voice restarts at each attempt's time 0: sample for sample (16-bit)
        assert np.abs(recorded - np.clip(voice[:length], -1, 1)).max() < 1e-4  # 16-bit clips at full scale
        assert np.array_equal(attempt.played[: clip.playable.size], clip.playable)
        sidecar = json.loads(attempt.path.with_suffix(".json").read_text())
        assert sidecar["status"] == "recorded" and sidecar["segment_id"] == 7 and sidecar["loop"] == attempt.meta["loop"]


@pytest.mark.parametrize("backlog_s, dropout", [(0.05, False), (0.25, True)])
def test_a_jump_in_the_pairing_is_followed_and_a_big_one_is_a_dropout(tmp_path, backlog_s, dropout):
    """2 s into loop 1 the microphone starts lagging playback (PulseAudio after a starved callback):
    the recorder follows, so loop 2 holds the voice sample for sample from its time 0 again; a jump
    of 100 ms or more means the learner heard a hole, so loop 1 is kept but marked."""
    from .rig.backlogged import Backlogged

    voice = media.load_span(JFK, 0.0, 6.0, rate=RATE)
    backend = Backlogged(RATE, input_audio=voice, realtime=False, backlog_s=backlog_s, after_s=2.0)
    with PracticeEngine(backend=backend, folder=tmp_path) as engine:
        engine.play(str(JFK), 3.68, 6.0, LoopSettings(mode="shadow", loops=2, gap=Gap(0.5), shadow_tail_s=0.5))
        first, second = [e for e in collect(engine, want_attempts=2) if isinstance(e, RecordedAttempt)]
    assert first.meta["dropout_ms"] == pytest.approx(backlog_s * 1000, abs=0.1)
    assert first.interrupted is dropout and (first.meta.get("interrupted_by") == "dropout") is dropout
    assert json.loads(first.path.with_suffix(".json").read_text())["status"] == (
        "interrupted" if dropout else "recorded")
    assert not second.interrupted and second.meta["dropout_ms"] == 0
    recorded, _ = soundfile.read(second.path, dtype="float32")
    assert np.abs(recorded - np.clip(voice[:recorded.size], -1, 1)).max() < 1e-4


def test_practice_cli_scores_a_known_late_attempt(jfk_home, jfk_second, tmp_path, capsys):
    """The learner's attempt is the speaker delayed by 300 ms: the lag must say so."""
    from shadowing.cli import main
    from shadowing.storage import Library

    source = media.load_span(JFK, *jfk_second, rate=RATE)
    late = np.concatenate([np.zeros(int(0.3 * RATE), np.float32), source])
    path = tmp_path / "late.wav"
    soundfile.write(path, late, RATE)
    assert main(["practice", str(JFK), "--segment", "2", "--loops", "2", "--input-file", str(path), "--json"]) == 0
    lines = [json.loads(x) for x in capsys.readouterr().out.splitlines() if x.startswith("{")]
    assert len(lines) == 2
    for loop in lines:
        assert loop["score"] >= 85, loop
        assert loop["word_accuracy"] >= 0.9
        assert abs(loop["lag_ms"]["median"] - 300) <= 20
    with Library(jfk_home / "library.sqlite3") as library:
        stored = library.attempts()
    assert [a.status for a in stored] == ["scored", "scored"]
    assert stored[0].segment_id is not None and abs(stored[0].lag_ms - 300) <= 20


def test_read_mode_at_another_speed_keeps_the_source_words_on_the_played_axis(jfk_home, jfk_second, tmp_path, capsys):
    from shadowing.cli import main

    source = media.load_span(JFK, *jfk_second, rate=RATE)
    path = tmp_path / "voice.wav"
    soundfile.write(path, source, RATE)
    assert main(["practice", str(JFK), "--segment", "2", "--loops", "1", "--mode", "repeat", "--speed", "0.75",
                 "--input-file", str(path), "--json"]) == 0
    (loop,) = [json.loads(x) for x in capsys.readouterr().out.splitlines() if x.startswith("{")]
    assert loop["mode"] == "repeat" and loop["speed"] == 0.75
    assert loop["word_accuracy"] >= 0.9
    # the learner spoke at 1x what was played at 0.75x: pace ~ 0.75 of the played speaker's
    assert 0.6 <= loop["pace_ratio"] <= 0.9 or 1.1 <= 1 / loop["pace_ratio"] <= 1.7


def test_a_recording_folder_that_cannot_be_written_is_reported_and_playback_goes_on(tmp_path):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the recordings folder should be")
    backend = FileBackend(RATE, realtime=False)
    with PracticeEngine(backend=backend, folder=blocked / "rec") as engine:
        engine.play(str(JFK), 0.0, 1.0, LoopSettings(mode="shadow", loops=1))
        events = collect(engine)
    errors = [e.message for e in events if isinstance(e, EngineError)]
    assert errors and "cannot record to" in errors[0]
    assert any(isinstance(e, ProgramDone) for e in events)


KILL_SCRIPT = """
import sys, time
from shadowing.audio import FileBackend, LoopSettings, PracticeEngine, Gap
from shadowing import media
if __name__ == "__main__":
    voice = media.load_span(sys.argv[1], 0.0, 11.0, rate=48000)
    engine = PracticeEngine(backend=FileBackend(48000, input_audio=voice, realtime=True), folder=sys.argv[2])
    engine.open()
    engine.play(sys.argv[1], 0.0, 11.0, LoopSettings(mode="shadow", loops=None, gap=Gap(0.2)), {"segment_id": None})
    time.sleep(60)
"""


def test_kill_9_while_recording_loses_at_most_a_second_and_recovery_registers_it(tmp_path, _home):
    from shadowing.storage import Library

    folder = tmp_path / "rec"
    script = tmp_path / "record.py"
    script.write_text(KILL_SCRIPT)
    proc = subprocess.Popen([sys.executable, str(script), str(JFK), str(folder)],
                            cwd=Path(__file__).resolve().parents[1])
    try:
        deadline = time.monotonic() + 60
        while not list(folder.glob("*.json")):
            assert time.monotonic() < deadline and proc.poll() is None, "no recording started"
            time.sleep(0.05)
        began = time.monotonic()
        time.sleep(4.0)
        elapsed = time.monotonic() - began
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(10)
    finally:
        if proc.poll() is None:
            proc.kill()
    (sidecar,) = folder.glob("*.json")
    assert json.loads(sidecar.read_text())["status"] == "recording"
    audio, rate = soundfile.read(sidecar.with_suffix(".wav"), dtype="float32")
    assert audio.size / rate >= elapsed - 1.0, (audio.size / rate, elapsed)
    voice = media.load_span(JFK, 0.0, 11.0, rate=48000)
    assert np.abs(audio - np.clip(voice[: audio.size], -1, 1)).max() < 1e-4  # what is there is right, not garbage
    with Library() as library:
        (attempt_id,) = library.recover_recordings(folder)
        assert library.recover_recordings(folder) == []  # idempotent
        attempt = library.attempt(attempt_id)
        assert attempt.status == "interrupted" and attempt.duration >= elapsed - 1.0
        assert library.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_a_process_held_up_for_seconds_is_not_taken_for_a_lost_device(tmp_path):
    """A thread holding the GIL (a C library that does not let go, a loaded machine) delays the
    device's callbacks and the watchdog alike: the watchdog sees its own lateness and does not
    report the device gone. A device that really stops is still reported (the rig and window
    tests unplug one)."""
    engine = PracticeEngine(backend=FileBackend(16000, realtime=True), folder=str(tmp_path))
    engine.open()
    try:
        interval = sys.getswitchinterval()
        sys.setswitchinterval(5.0)  # this thread keeps the GIL for 5 s at a time against the others
        try:
            began = time.monotonic()
            while time.monotonic() - began < 4.5:  # a pure-Python busy loop never lets the GIL go itself
                pass
        finally:
            sys.setswitchinterval(interval)
        time.sleep(1.0)
        errors = []
        while not engine.events.empty():
            event = engine.events.get_nowait()
            if isinstance(event, EngineError):
                errors.append(event.message)
        assert errors == []
    finally:
        engine.close()


def test_held_blocks_take_the_trusted_pairing_but_keep_a_stall_they_went_through():
    """Recording starts before the pairing is trusted: the blocks held meanwhile are placed with
    the trusted pairing, whatever PulseAudio reported while it settled (here 600 ms off, drifting),
    except across a stall PortAudio flagged, where the reports' step is kept."""
    from shadowing.audio.recorder import held_delays

    block = 512
    settling = [30000 - 300 * i for i in range(60)]  # reports drifting while the stream settles
    before, after = [-1500] * 100, [9700] * 100  # then a 255 ms stall, 15 blocks after its flag
    offsets = settling + before + after
    held = [(i * block, None, False, float(o)) for i, o in enumerate(offsets)]
    assert held_delays(held, 9700) == [9700] * len(held)  # no flag: the reports' moves were noise
    stall = held[145][0] - (-1500)  # the output frame the speaker ran dry at
    delays = held_delays(held, 9700, [stall])
    assert delays[:160] == [-1500] * 160 and delays[160:] == [9700] * 100
    flagged = [(f, d, i == 150, o) for i, (f, d, _x, o) in enumerate(held)]  # an input overflow
    assert held_delays(flagged, 9700) == delays
    # a stall from before these blocks were held (streams restarted since) is not looked for in them
    assert held_delays(held, 9700, [held[0][0] - 30000 - 5000]) == [9700] * len(held)
    # a flagged overflow the reports never moved for: nothing to keep
    steady = [(i * block, None, i == 50, 9700.0) for i in range(100)]
    assert held_delays(steady, 9700) == [9700] * 100


class _Dropouts(FileBackend):
    """A file "device" whose playback ran dry before the blocks numbered in ``flagged``, flagged as
    PortAudio's ALSA path flags them: both blocks of the burst after one dropout."""

    def __init__(self, *args, flagged=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.flagged = set(flagged)

    def start(self, process, render=None, capture=None) -> None:
        import sounddevice

        underflow = sounddevice.CallbackFlags(4)  # paOutputUnderflow
        blocks = iter(range(10**9))

        def flagged(inp, out, n, adc, dac, status):
            return process(inp, out, n, adc, dac, underflow if next(blocks) in self.flagged else status)

        super().start(flagged)


def test_a_dropout_is_counted_once_however_many_blocks_portaudio_flags_for_it(tmp_path):
    """Blocks 50 and 51 come flagged after one dropout (11 ms apart, one glitch heard); block 100,
    half a second later, after another: two underruns, three flagged blocks."""
    backend = _Dropouts(RATE, realtime=True, flagged=(50, 51, 100))
    with PracticeEngine(backend=backend, folder=tmp_path) as engine:
        engine.play(str(JFK), 3.68, 6.0, LoopSettings(mode="listen", loops=1))
        collect(engine)
        stats = engine.stats.to_dict()
        at = list(engine.stats.underrun_at)
    assert stats["underruns"] == 2 and stats["underrun_blocks"] == 3, stats
    assert at[1] - at[0] == pytest.approx(50 * 512 / RATE, abs=0.05)
