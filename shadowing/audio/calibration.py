"""Output latency that PortAudio's timestamps do not show, measured once per output device.

A Bluetooth headset holds 150-250 ms of sound that the ALSA ``pulse`` device does not report; a
loopback, a USB DAC or a network sink can too. Then every attempt is paired with what the learner
heard that much too early: each lag figure and the karaoke are off by it. The engine adds the
stored figure for its output device to the pairing (the recorder), and to the karaoke's clock.

Two ways to measure it, both through the engine's own streams and its own pairing, so the figure
is exactly what that pairing misses:

- ``loopback`` (speakers and a microphone in one room): three chirps are played and recorded; the
  recording, aligned as any attempt is, holds each chirp late by the hidden latency
  (cross-correlation, the median of the three).
- ``tap`` (headphones: the microphone cannot hear them): clicks at a steady beat, and the learner
  says "ta" on each. People who keep time with a beat land on it, not after it (after a few
  beats); the median of the voice onsets after the first three clicks is the figure.
  Its spread says how steady the taps were; a spread over 40 ms asks for a retry.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import datetime, timezone

import numpy as np

from .. import paths
from ..errors import ShadowingError

CHIRPS = 3
CHIRP_S = 0.4
CHIRP_EVERY_S = 1.2
CLICKS = 10
CLICK_EVERY_S = 0.6
STEADY_TAPS_MS = 40.0  # the spread (interquartile) of tap offsets above which the tap test is retried
LOOPBACK_AGREE_MS = 5.0  # two of the three chirps must agree this well, and all three within
LOOPBACK_SPREAD_MS = 20.0  # this: otherwise the microphone did not hear them (the rig's timestamps
# wobble by a few ms within a recording, so the three once spread over 6 ms on a clean loopback)
MAX_HIDDEN_S = 0.6  # the search window: no output holds more than this unreported


class CalibrationFailed(ShadowingError):
    pass


@dataclass(frozen=True)
class Calibration:
    output: str  # the output device's name, as DeviceChoice and StreamPlan name it
    hidden_ms: float  # latency beyond what PortAudio reports; added to the pairing
    method: str  # "loopback" or "tap"
    spread_ms: float  # how far the repeats disagreed
    measured_at: str

    def to_dict(self) -> dict:
        return asdict(self)


def _chirp(rate: int) -> np.ndarray:
    t = np.arange(int(CHIRP_S * rate)) / rate
    f0, f1 = 300.0, 4000.0
    k = np.log(f1 / f0) / CHIRP_S
    sweep = np.sin(2 * np.pi * f0 * (np.exp(k * t) - 1) / k)
    fade = np.minimum(1.0, np.minimum(t, CHIRP_S - t) / 0.01)
    return (0.5 * sweep * fade).astype(np.float32)


def signal(method: str, rate: int) -> tuple[np.ndarray, list[int]]:
    """What is played, and the frames where each chirp or click starts."""
    if method == "loopback":
        every, count, unit = CHIRP_EVERY_S, CHIRPS, _chirp(rate)
    elif method == "tap":
        every, count = CLICK_EVERY_S, CLICKS
        n = int(0.012 * rate)
        unit = (0.6 * np.sin(2 * np.pi * 1500 * np.arange(n) / rate) * np.hanning(n)).astype(np.float32)
    else:
        raise ValueError(f"unknown calibration method {method!r}")
    lead = int(0.3 * rate)
    starts = [lead + int(round(k * every * rate)) for k in range(count)]
    audio = np.zeros(starts[-1] + int((every + MAX_HIDDEN_S) * rate), np.float32)
    for s in starts:
        audio[s: s + unit.size] += unit
    return audio, starts


def _lag(recorded: np.ndarray, played: np.ndarray, rate: int) -> float:
    """Where ``played`` sits in ``recorded`` (seconds, 0 to MAX_HIDDEN_S), by cross-correlation."""
    n = played.size + int(MAX_HIDDEN_S * rate)
    a = np.zeros(n, np.float32)
    part = recorded[:n]
    a[:part.size] = part
    size = 1 << int(np.ceil(np.log2(2 * n)))
    x = np.fft.irfft(np.fft.rfft(a, size) * np.conj(np.fft.rfft(played, size)), size)
    window = x[: int(MAX_HIDDEN_S * rate) + 1]
    return float(np.argmax(window)) / rate


def measure_loopback(recorded: np.ndarray, rate: int) -> tuple[float, float]:
    """(hidden latency s, spread ms) from an aligned recording of :func:`signal` ``("loopback")``."""
    played, starts = signal("loopback", rate)
    chirp = played[starts[0]: starts[0] + int(CHIRP_S * rate)]
    lags = []
    for s in starts:
        heard = recorded[s: s + chirp.size + int(MAX_HIDDEN_S * rate)]
        if heard.size < chirp.size or float(np.sqrt(np.mean(heard * heard))) < 1e-4:
            raise CalibrationFailed("the microphone did not hear the chirps: turn the speakers up, or use"
                                    " the tap test with headphones")
        lags.append(_lag(heard, chirp, rate))
    spread = (max(lags) - min(lags)) * 1000
    ordered = sorted(lags)
    pair = min(b - a for a, b in zip(ordered, ordered[1:])) * 1000
    if pair > LOOPBACK_AGREE_MS or spread > LOOPBACK_SPREAD_MS:
        raise CalibrationFailed(f"the chirps were heard {spread:.0f} ms apart: the microphone did not hear the"
                                " speakers clearly (too quiet, or noise); try again, or use the tap test")
    return float(np.median(lags)), spread


def _onsets(recorded: np.ndarray, rate: int) -> np.ndarray:
    """Voice onsets (s): where the 5-ms energy rises 12 dB over the level 50 ms before."""
    hop = int(0.005 * rate)
    frames = recorded[: recorded.size // hop * hop].reshape(-1, hop)
    level = 10 * np.log10(np.mean(frames * frames, axis=1) + 1e-10)
    floor = np.percentile(level, 20)
    loud = level > max(floor + 15.0, np.max(level) - 30.0)
    onsets, quiet_since = [], 0
    for i, is_loud in enumerate(loud):
        if is_loud and i - quiet_since >= 20:  # 100 ms quiet before: a new syllable
            onsets.append(i * hop / rate)
        if is_loud:
            quiet_since = i
    return np.array(onsets)


def measure_taps(recorded: np.ndarray, rate: int) -> tuple[float, float]:
    """(hidden latency s, spread ms) from an aligned recording of the learner saying "ta" on each click
    of :func:`signal` ``("tap")``: the first three clicks are for finding the beat."""
    _, starts = signal("tap", rate)
    onsets = _onsets(recorded, rate)
    offsets = []
    for s in starts[3:]:
        t = s / rate
        near = onsets[(onsets > t - CLICK_EVERY_S / 2) & (onsets < t + CLICK_EVERY_S / 2 + MAX_HIDDEN_S / 2)]
        if near.size:
            offsets.append(float(near[np.argmin(np.abs(near - t - 0.05))] - t))
    if len(offsets) < (len(starts) - 3) // 2 + 1:
        raise CalibrationFailed("too few \"ta\"s were heard: say one on each click, close to the microphone")
    q1, q3 = np.percentile(offsets, [25, 75])
    spread = float(q3 - q1) * 1000
    if spread > STEADY_TAPS_MS:
        raise CalibrationFailed(f"the taps were {spread:.0f} ms unsteady: keep to the beat and try again")
    return max(0.0, float(np.median(offsets))), spread


def calibrate(engine, method: str = "loopback", timeout_s: float = 30.0) -> Calibration:
    """Play the signal through ``engine`` (open, with a microphone, its own hidden latency set to
    0 meanwhile), record it as a shadow attempt, and measure; stored for the engine's output."""
    import queue
    import time

    from .clip import Clip
    from .engine import EngineError
    from .program import LoopSettings
    from .recorder import RecordedAttempt, read_recording

    if not engine.can_record:
        raise CalibrationFailed("no microphone: the latency is measured by recording")
    rate = engine.rate
    audio, _ = signal(method, rate)
    context = int(0.05 * rate)
    padded = np.concatenate([np.zeros(context, np.float32), audio, np.zeros(context, np.float32)])
    clip = Clip("calibration", 0.0, audio.size / rate, rate, padded, context)
    before = engine.hidden_latency_s
    engine.set_hidden_latency(0.0)
    try:
        engine.play("calibration", 0.0, audio.size / rate, LoopSettings(mode="shadow", loops=1, shadow_tail_s=0.2),
                    meta={"calibration": method}, clip=clip)
        deadline = time.monotonic() + timeout_s
        while True:
            try:
                event = engine.events.get(timeout=max(0.01, deadline - time.monotonic()))
            except queue.Empty:
                raise CalibrationFailed("the calibration did not finish: is the sound device running?") from None
            if isinstance(event, EngineError) and event.fatal:
                raise CalibrationFailed(event.message)
            if isinstance(event, RecordedAttempt):
                break
    finally:
        engine.set_hidden_latency(before)
    recorded, _ = read_recording(event.path)
    event.path.unlink(missing_ok=True)
    event.path.with_suffix(".json").unlink(missing_ok=True)
    hidden, spread = (measure_loopback if method == "loopback" else measure_taps)(recorded[:, 0], rate)
    result = Calibration(engine.output_name, round(hidden * 1000, 1), method, round(spread, 1),
                         datetime.now(timezone.utc).isoformat(timespec="seconds"))
    save(result)
    engine.set_hidden_latency(hidden)
    return result


def _file():
    return paths.data_dir() / "audio-latency.json"


def load_all() -> dict[str, Calibration]:
    try:
        data = json.loads(_file().read_text())
        return {name: Calibration(**entry) for name, entry in data.items()}
    except (OSError, ValueError, TypeError, AttributeError):
        return {}


def hidden_latency_s(output: str | None) -> float:
    """The stored figure for ``output`` (0 when never measured)."""
    found = load_all().get(output or "")
    return found.hidden_ms / 1000.0 if found else 0.0


def save(calibration: Calibration) -> None:
    data = {name: c.to_dict() for name, c in load_all().items()}
    data[calibration.output] = calibration.to_dict()
    target = _file()
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1))
    tmp.replace(target)
