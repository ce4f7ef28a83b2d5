"""Output latency that the device does not report (a Bluetooth headset's 150-250 ms): measured by a
loopback of chirps or by the learner tapping "ta" on clicks, stored per output, and applied.

Truth: through the file backend, the "microphone" is the played signal (or eSpeak's "ta" on each
click) placed a known time late; on the PulseAudio rig, the app's playback really goes through a
200-ms ``module-loopback`` that PortAudio cannot see."""

import json
import os
import subprocess
import sys

import numpy as np
import pytest
import soundfile

from .conftest import JFK, speak
from .rig.measure import attempt_lags_ms, lag_ms, wait_for
from shadowing.audio import FileBackend, LoopSettings, PracticeEngine, RecordedAttempt, calibration
from shadowing.audio.clip import load_clip

RATE = 48000


def late(audio: np.ndarray, seconds: float, noise_db: float = -55.0) -> np.ndarray:
    rng = np.random.default_rng(3)
    out = np.concatenate([np.zeros(int(round(seconds * RATE)), np.float32), audio])
    return (out + rng.normal(0, 10 ** (noise_db / 20), out.size)).astype(np.float32)


def test_a_loopback_of_chirps_measures_the_hidden_latency_and_attempts_are_then_paired_with_what_was_heard(tmp_path):
    played, _ = calibration.signal("loopback", RATE)
    with PracticeEngine(backend=FileBackend(RATE, input_audio=late(played, 0.2), realtime=False),
                        folder=tmp_path / "rec") as engine:
        result = calibration.calibrate(engine, "loopback")
    assert abs(result.hidden_ms - 200.0) <= 2.0, result
    assert result.method == "loopback" and result.output == "file" and result.spread_ms <= 1.0
    assert calibration.hidden_latency_s("file") == pytest.approx(0.2, abs=0.002)
    assert calibration.hidden_latency_s("another output") == 0.0
    assert not list((tmp_path / "rec").glob("*.wav"))  # the calibration's recording is not an attempt

    # a learner 400 ms behind what they heard, through that output: 600 ms behind what left PortAudio
    clip = load_clip(str(JFK), 3.68, 10.75, RATE)
    with PracticeEngine(backend=FileBackend(RATE, input_audio=late(clip.playable, 0.6), realtime=False),
                        folder=tmp_path / "rec") as engine:
        engine.set_hidden_latency(calibration.hidden_latency_s("file"))
        engine.play(str(JFK), 3.68, 10.75, LoopSettings(mode="shadow", loops=1), clip=clip)
        attempt = wait_for(engine, RecordedAttempt, 60)
    recorded, _ = soundfile.read(attempt.path, dtype="float32")
    assert abs(lag_ms(recorded, attempt.played, RATE, 1.0, 5.0) - 400.0) <= 2.0


def _taps(hidden_s: float, jitter_s: float) -> np.ndarray:
    import soxr

    ta = soxr.resample(speak("ta"), 16000, RATE).astype(np.float32)
    voice_onset = int(np.argmax(np.abs(ta) > 0.05 * np.abs(ta).max()))
    _, clicks = calibration.signal("tap", RATE)
    rng = np.random.default_rng(7)
    out = np.zeros(clicks[-1] + RATE * 2, np.float32)
    for k, c in enumerate(clicks):
        reaction = 0.25 if k < 3 else rng.normal(0.0, jitter_s)  # finding the beat, then on it
        at = c + int(round((hidden_s + reaction) * RATE)) - voice_onset
        out[at: at + ta.size] += ta[: out.size - at]
    return late(out, 0.0)


def test_tapping_on_the_clicks_measures_the_latency_of_headphones(tmp_path):
    with PracticeEngine(backend=FileBackend(RATE, input_audio=_taps(0.18, 0.012), realtime=False),
                        folder=tmp_path / "rec") as engine:
        result = calibration.calibrate(engine, "tap")
    assert result.method == "tap" and abs(result.hidden_ms - 180.0) <= 15.0, result


def test_unsteady_taps_and_a_deaf_microphone_are_refused_and_nothing_is_stored(tmp_path):
    with PracticeEngine(backend=FileBackend(RATE, input_audio=_taps(0.18, 0.09), realtime=False),
                        folder=tmp_path / "rec") as engine:
        with pytest.raises(calibration.CalibrationFailed, match="unsteady|too few"):
            calibration.calibrate(engine, "tap")
    with PracticeEngine(backend=FileBackend(RATE, realtime=False), folder=tmp_path / "rec") as engine:
        with pytest.raises(calibration.CalibrationFailed, match="did not hear"):
            calibration.calibrate(engine, "loopback")
        assert engine.hidden_latency_s == 0.0
    assert calibration.load_all() == {}


def test_one_chirp_a_few_ms_off_is_outvoted_and_chirps_lost_in_noise_are_refused():
    """Two of three chirps agreeing within 5 ms carry the figure (a timestamp wobble moved the
    third by 6 ms once on the rig); a recording where they land anywhere is refused."""
    played, starts = calibration.signal("loopback", RATE)
    chirp_n = int(calibration.CHIRP_S * RATE)
    recorded = np.zeros(played.size + RATE, np.float32)
    for s, late_s in zip(starts, (0.180, 0.180, 0.186)):
        at = s + int(round(late_s * RATE))
        recorded[at: at + chirp_n] += played[s: s + chirp_n]
    hidden, spread = calibration.measure_loopback(recorded, RATE)
    assert abs(hidden - 0.180) < 0.001 and 5.0 < spread < 7.0
    scattered = np.zeros_like(recorded)
    for s, late_s in zip(starts, (0.050, 0.180, 0.320)):
        at = s + int(round(late_s * RATE))
        scattered[at: at + chirp_n] += played[s: s + chirp_n]
    with pytest.raises(calibration.CalibrationFailed, match="apart"):
        calibration.measure_loopback(scattered, RATE)


def test_on_the_rig_a_hidden_200_ms_loopback_is_measured_from_the_terminal_and_a_learner_400_ms_behind_reads_400(
        rig, tmp_path):
    """The app plays into a sink whose sound reaches the speakers through a 200-ms loopback that
    PortAudio does not see; `shadowing devices --calibrate` measures it, and the engine applies it."""
    with rig.hidden_latency(200.0):
        rig.listen_to("speakers")
        done = subprocess.run([sys.executable, "-m", "shadowing", "devices", "--calibrate", "--json"],
                              capture_output=True, text=True, timeout=120, env=dict(os.environ))
        assert done.returncode == 0, done.stderr[-2000:]
        result = json.loads(done.stdout.strip().splitlines()[-1])
        print(f"calibration: {result}")
        assert abs(result["hidden_ms"] - 200.0) <= 15.0, result

        rig.listen_to("learner")
        windows = attempt_lags_ms(_learner_400_ms_behind(tmp_path))
        print(f"learner lag per 2-s window with the hidden latency applied (ms): {windows}")
        assert abs(float(np.median(windows)) - 400.0) <= 15.0, windows


def _learner_400_ms_behind(tmp_path):
    from .rig.measure import shadowed

    with PracticeEngine(folder=tmp_path / "rec") as audio:
        assert audio.hidden_latency_s == pytest.approx(calibration.hidden_latency_s(audio.output_name))
        assert audio.hidden_latency_s > 0.1
        return shadowed(audio, JFK, 3.68, 10.75, tmp_path, 0.4, started_within_s=30)
