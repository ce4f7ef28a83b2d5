"""Shared by the rig tests and bench/audio.py: where one signal sits in another, and waiting on
the engine's events."""

from __future__ import annotations

import queue
import time

import numpy as np


def lag_ms(recorded: np.ndarray, played: np.ndarray, rate: int, lo: float, hi: float) -> float:
    """Where ``played`` sits in ``recorded`` over [lo, hi) seconds, by cross-correlation."""
    a = recorded[int(lo * rate): int(hi * rate)]
    b = played[int(lo * rate): int(hi * rate)]
    n = min(a.size, b.size)
    size = 1 << int(np.ceil(np.log2(2 * n)))
    x = np.fft.irfft(np.fft.rfft(a[:n], size) * np.conj(np.fft.rfft(b[:n], size)), size)
    k = int(np.argmax(x))
    return 1000.0 * (k if k < size // 2 else k - size) / rate


def wait_for(engine, kind, timeout=30.0, events=None):
    """The next event of ``kind`` (a class or tuple); the ones passed on the way go into ``events``."""
    events = [] if events is None else events
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            e = engine.events.get(timeout=0.1)
        except queue.Empty:
            continue
        events.append(e)
        if isinstance(e, kind):
            return e
    raise AssertionError(f"no {kind} within {timeout} s; got {[type(e).__name__ for e in events]}")
