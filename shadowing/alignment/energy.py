"""Speech energy in 10 ms frames: where sound starts and stops, and where a pause is quietest.

The fallback when a run of words cannot be aligned, and the judge of segment edges: a frame is
speech when it is louder than the recording's speech level (90th percentile of frame levels)
minus 25 dB, and never below its noise floor (10th percentile) plus 6 dB.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from ..records import Word

SAMPLE_RATE = 16000
HOP = 160  # 10 ms
SPEECH_BELOW_PEAK_DB = 25.0
ABOVE_FLOOR_DB = 6.0
MAX_SNAP_S = 0.5


def frame_levels(audio: np.ndarray) -> np.ndarray:
    """RMS level of each 10 ms frame, dBFS."""
    n = audio.size // HOP
    if n == 0:
        return np.zeros(0)
    frames = audio[: n * HOP].astype(np.float64).reshape(n, HOP)
    return 10 * np.log10(np.mean(frames ** 2, axis=1) + 1e-12)


def speech_threshold(levels: np.ndarray) -> float:
    if levels.size == 0:
        return 0.0
    return float(max(np.percentile(levels, 90) - SPEECH_BELOW_PEAK_DB, np.percentile(levels, 10) + ABOVE_FLOOR_DB))


def _frame(t: float, size: int) -> int:
    return int(min(max(round(t * SAMPLE_RATE / HOP), 0), max(size - 1, 0)))


def snap(run: list[Word], levels: np.ndarray, lo: float, hi: float) -> list[Word]:
    """A run's first start and last end moved onto the speech energy (within ``MAX_SNAP_S``).

    A start in silence moves forward to where sound begins; a start inside sound moves back to
    where that sound began (not before ``lo``); the same for the end, mirrored.
    """
    if not run or levels.size == 0:
        return list(run)
    loud = levels >= speech_threshold(levels)
    reach = int(MAX_SNAP_S * SAMPLE_RATE / HOP)
    first, last = run[0], run[-1]
    i, floor = _frame(first.start, loud.size), _frame(lo, loud.size)
    if loud[i]:
        while i > floor and loud[i - 1] and _frame(first.start, loud.size) - i < reach:
            i -= 1
    else:
        limit = min(_frame(first.end, loud.size), i + reach)
        j = i
        while j < limit and not loud[j]:
            j += 1
        i = j if j < limit else i
    start = i * HOP / SAMPLE_RATE
    k, ceiling = _frame(last.end, loud.size) - 1, _frame(hi, loud.size) - 1
    k = max(k, 0)
    if loud[k]:
        while k < ceiling and loud[k + 1] and k - _frame(last.end, loud.size) < reach:
            k += 1
    else:
        limit = max(_frame(last.start, loud.size), k - reach)
        j = k
        while j > limit and not loud[j]:
            j -= 1
        k = j if j > limit else k
    end = (k + 1) * HOP / SAMPLE_RATE
    out = list(run)
    if len(out) == 1:
        return [replace(first, start=round(start, 3), end=round(max(end, start + 0.01), 3))]
    out[0] = replace(first, start=round(min(start, first.end - 0.01), 3))
    out[-1] = replace(last, end=round(max(end, last.start + 0.01), 3))
    return out


def inside_speech(levels: np.ndarray, t: float, threshold: float, within_s: float = 0.015) -> bool:
    """True when any frame within ``within_s`` of ``t`` is speech (the issue's edge measure)."""
    lo, hi = _frame(t - within_s, levels.size), _frame(t + within_s, levels.size)
    return bool(np.any(levels[lo:hi + 1] >= threshold))


class Loudness:
    """Frame levels of one stretch of an episode (``offset`` is its start), for placing edges."""

    def __init__(self, levels: np.ndarray, offset: float = 0.0) -> None:
        self.levels = np.asarray(levels, dtype=np.float64)
        self.offset = offset
        self.threshold = speech_threshold(self.levels)

    @classmethod
    def of(cls, audio: np.ndarray, offset: float = 0.0) -> Loudness:
        return cls(frame_levels(audio), offset)

    def quiet_runs(self, a: float, b: float) -> list[tuple[float, float]]:
        """Runs of non-speech frames between times ``a`` and ``b``, in time order."""
        i = max(0, int(np.ceil((a - self.offset) * SAMPLE_RATE / HOP)))
        j = min(self.levels.size, int(np.floor((b - self.offset) * SAMPLE_RATE / HOP)))
        if j <= i:
            return []
        runs, start = [], None
        for k, q in enumerate(np.append(self.levels[i:j] < self.threshold, False)):
            if q and start is None:
                start = k
            elif not q and start is not None:
                runs.append((max(a, self.offset + (i + start) * HOP / SAMPLE_RATE),
                             min(b, self.offset + (i + k) * HOP / SAMPLE_RATE)))
                start = None
        return runs

    def longest_quiet(self, a: float, b: float) -> tuple[float, float] | None:
        """The longest run of non-speech frames between times ``a`` and ``b`` (the latest of equals)."""
        runs = self.quiet_runs(a, b)
        return max(reversed(runs), key=lambda r: r[1] - r[0]) if runs else None

    def inside_speech(self, t: float, within_s: float = 0.015) -> bool:
        return inside_speech(self.levels, t - self.offset, self.threshold, within_s)

