"""Peak envelopes of a segment and an attempt on one time axis, for drawing them one above the other.

Both start at the attempt's time 0. In shadow mode that is exact: the attempt is recorded in the
playback stream, so the speaker's word at 1.2 s and the learner's at 1.5 s are 300 ms apart on
screen as they were in the room. The source is decoded at 1x and placed at played time (source
time / speed), so a slowed loop is drawn as long as it sounded.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

ENVELOPE_RATE = 8000  # enough for a picture of speech; decoding at 8 kHz is cheap


@dataclass(frozen=True)
class Pitch:
    """A voice's melody for drawing: frame times (on the attempt's axis) and semitones from the
    voice's own median, NaN where unvoiced."""

    times: np.ndarray
    semitones: np.ndarray


@dataclass(frozen=True)
class Waveforms:
    seconds_per_bin: float
    source: np.ndarray  # peak |sample| per bin, 0..1
    attempt: np.ndarray
    source_pitch: Pitch | None = None
    attempt_pitch: Pitch | None = None

    @property
    def duration(self) -> float:
        return max(self.source.size, self.attempt.size) * self.seconds_per_bin


def peaks(audio: np.ndarray, rate: float, seconds_per_bin: float) -> np.ndarray:
    """Peak per bin of ``seconds_per_bin`` (``rate`` may be fractional: a slowed source)."""
    if audio.size == 0:
        return np.zeros(0, np.float32)
    edges = np.arange(0, audio.size, rate * seconds_per_bin).astype(np.int64)
    return np.clip(np.maximum.reduceat(np.abs(audio), edges), 0.0, 1.0).astype(np.float32)


def attempt_waveforms(attempt_path: str | Path, source_path: str | Path, start: float, end: float,
                      speed: float = 1.0, seconds_per_bin: float = 0.01, pitch: bool = True) -> Waveforms:
    from .. import media
    from .recorder import read_recording

    recorded, rate = read_recording(attempt_path)
    source = media.load_span(source_path, start, end, rate=ENVELOPE_RATE)
    # played at ``speed``, a second of source lasts 1/speed seconds: fewer source samples per bin
    waveforms = Waveforms(seconds_per_bin, peaks(source, ENVELOPE_RATE * speed, seconds_per_bin),
                          peaks(recorded[:, 0], rate, seconds_per_bin))
    if not pitch:
        return waveforms
    from ..practice import resample

    return Waveforms(waveforms.seconds_per_bin, waveforms.source, waveforms.attempt,
                     _pitch(media.load_span(source_path, start, end, rate=16000), speed),
                     _pitch(resample(recorded[:, 0], rate, 16000), 1.0))


def _pitch(audio: np.ndarray, speed: float) -> Pitch | None:
    """The melody of a recording (SwiftF0), its times stretched as it was played at ``speed``."""
    from ..pronunciation.prosody import contour

    try:
        found = contour(audio)
    except Exception:  # no pitch tracker on this platform: the waveforms alone
        return None
    return None if found is None else Pitch(found.times / speed, found.semitones)
