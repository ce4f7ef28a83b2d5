"""The audio a loop plays: one segment decoded at the device's rate, and its time-stretched renders.

Decoding and stretching run on worker threads, never in the audio callback. A segment is at most a
few seconds of audio, so it is decoded on its own (the episode never is) with PyAV's resampler.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

import numpy as np

from .. import media
from .program import Render, clamp_speed

CONTEXT_S = 0.25  # decoded either side of the span, so the stretcher starts and ends in real audio


@dataclass
class Clip:
    """The playable span ``[start, end)`` of an episode (pads included) at ``rate``."""

    path: str
    start: float
    end: float
    rate: int
    audio: np.ndarray  # float32 mono, CONTEXT_S before and after the span included
    context: int  # frames of context on each side
    _renders: dict = field(default_factory=dict, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def playable(self) -> np.ndarray:
        return self.audio[self.context: self.audio.size - self.context]

    @property
    def duration(self) -> float:
        return self.playable.size / self.rate

    def render(self, speed: float) -> Render:
        """The span played at ``speed`` (pitch kept), cached: loops and returns to a speed are free."""
        speed = clamp_speed(speed)
        with self._lock:
            cached = self._renders.get(speed)
        if cached is not None:
            return cached
        if speed == 1.0:
            result = Render(1.0, np.ascontiguousarray(self.playable), self.playable.size)
        else:
            result = Render(speed, stretch(self.audio, self.rate, speed, self.context), self.playable.size)
        with self._lock:
            self._renders[speed] = result
        return result


def stretch(audio: np.ndarray, rate: int, speed: float, context: int) -> np.ndarray:
    """Time-stretch in the stretch worker process (python-stretch holds the GIL for the whole
    call, 0.1-0.3 s per segment, which would starve the audio callback into underruns)."""
    return _worker().stretch(audio, rate, speed, context)


def stretch_here(audio: np.ndarray, rate: int, speed: float, context: int) -> np.ndarray:
    """Time-stretch with Signalsmith Stretch; returns the span without its context.

    python-stretch processes a whole buffer per call (it seeks, processes and flushes), so the span
    is stretched in one go with real audio either side; the context's share is then cut off.
    """
    import python_stretch

    stretcher = python_stretch.Signalsmith.Stretch()
    stretcher.preset(1, float(rate))
    stretcher.setTimeFactor(float(speed))
    out = stretcher.process(np.ascontiguousarray(audio, dtype=np.float32)[None, :])[0]
    lead = int(round(context / speed))
    length = int(round((audio.size - 2 * context) / speed))
    result = np.ascontiguousarray(out[lead: lead + length], dtype=np.float32)
    peak = float(np.max(np.abs(result))) if result.size else 0.0
    if peak > 1.0:  # phase-vocoder overshoot: never clip the learner's ears
        result /= peak
    return result


class StretchWorker:
    """A spawned process that stretches; one request at a time, started once and kept."""

    def __init__(self):
        import multiprocessing

        ctx = multiprocessing.get_context("spawn")
        self._conn, child = ctx.Pipe()
        self._proc = ctx.Process(target=_stretch_main, args=(child,), name="shadowing-stretch", daemon=True)
        self._proc.start()
        child.close()
        self._lock = threading.Lock()

    def stretch(self, audio: np.ndarray, rate: int, speed: float, context: int) -> np.ndarray:
        with self._lock:
            if not self._proc.is_alive():
                raise RuntimeError("the time-stretch worker stopped")
            self._conn.send((np.ascontiguousarray(audio, dtype=np.float32), rate, speed, context))
            ok, result = self._conn.recv()
        if not ok:
            raise RuntimeError(result)
        return result

    def close(self) -> None:
        try:
            self._conn.send(None)
        except OSError:
            pass
        self._proc.join(2.0)


def _stretch_main(conn) -> None:
    while True:
        try:
            job = conn.recv()
        except EOFError:
            return
        if job is None:
            return
        try:
            conn.send((True, stretch_here(*job)))
        except Exception as exc:  # report, keep serving
            conn.send((False, f"{type(exc).__name__}: {exc}"))


_WORKER: StretchWorker | None = None
_WORKER_LOCK = threading.Lock()


def _worker() -> StretchWorker:
    global _WORKER
    with _WORKER_LOCK:
        if _WORKER is None or not _WORKER._proc.is_alive():
            _WORKER = StretchWorker()
        return _WORKER


def warm_stretcher() -> None:
    """Start the worker ahead of the first speed change (it takes a second to import)."""
    threading.Thread(target=_worker, name="shadowing-stretch-start", daemon=True).start()


def load_clip(path: str, start: float, end: float, rate: int) -> Clip:
    """Decode ``[start, end)`` plus context at ``rate``; silence stands in before 0 and past the end."""
    if end <= start:
        raise ValueError("a clip needs end > start")
    context = int(round(CONTEXT_S * rate))
    lead_s = min(CONTEXT_S, max(0.0, start))
    decoded = media.load_span(path, start - lead_s, end + CONTEXT_S, rate=rate)
    lead_missing = context - int(round(lead_s * rate))
    want = int(round((end - start) * rate)) + 2 * context
    audio = np.zeros(want, np.float32)
    take = min(decoded.size, want - lead_missing)
    audio[lead_missing: lead_missing + take] = decoded[:take]
    return Clip(str(path), start, end, rate, audio, context)
