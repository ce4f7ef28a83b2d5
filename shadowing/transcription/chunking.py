"""Feed an episode to Whisper in stretches cut at its quietest moments.

The first stretch is short so that a learner can start practising within seconds; later ones
grow to 2 minutes (longer ones only cost memory) so batched inference has enough to batch.
Cuts fall in the longest pause near the target length, so no word is cut in two. Memory stays
at one stretch.
"""

from __future__ import annotations

from typing import Iterator

import numpy as np

from ..media import SAMPLE_RATE, iter_audio

TARGETS_S = (30.0, 60.0, 120.0)
SEARCH_S = 12.0


def quietest_cut(audio: np.ndarray, lo: int, hi: int) -> int:
    """Sample index in [lo, hi) in the middle of the longest quiet run (a pause, not a dip).

    Whisper punctuates the end of what it is given: cutting in a breath inside a sentence puts
    a false full stop there, so the longest pause wins, and among equals the quietest.
    """
    frame = int(0.02 * SAMPLE_RATE)
    lo, hi = max(0, lo), min(audio.size, hi)
    n = (hi - lo) // frame
    if n < 10:
        return hi
    frames = audio[lo:lo + n * frame].astype(np.float64).reshape(n, frame)
    level = 10 * np.log10(np.mean(frames ** 2, axis=1) + 1e-10)
    quiet = level < np.percentile(level, 10) + 6.0
    best_len, best_mid, run_start = 0, n // 2, None
    for i, q in enumerate(np.append(quiet, False)):
        if q and run_start is None:
            run_start = i
        elif not q and run_start is not None:
            if i - run_start > best_len:
                best_len, best_mid = i - run_start, (run_start + i) // 2
            run_start = None
    return lo + best_mid * frame + frame // 2


def stretches(path, start: float = 0.0, targets=TARGETS_S) -> Iterator[tuple[float, np.ndarray]]:
    """Yield (start time, audio) stretches from ``start`` to the end of the file."""
    buffer = np.zeros(0, np.float32)
    offset = start
    k = 0
    for block in iter_audio(path, start=start, block_s=10.0):
        buffer = np.concatenate((buffer, block))
        target = int(targets[min(k, len(targets) - 1)] * SAMPLE_RATE)
        while buffer.size >= target + int(SEARCH_S * SAMPLE_RATE / 2):
            cut = quietest_cut(buffer, target - int(SEARCH_S * SAMPLE_RATE), target + int(SEARCH_S * SAMPLE_RATE / 2))
            yield offset, buffer[:cut]
            offset += cut / SAMPLE_RATE
            buffer = buffer[cut:].copy()
            k += 1
            target = int(targets[min(k, len(targets) - 1)] * SAMPLE_RATE)
    if buffer.size:
        yield offset, buffer
