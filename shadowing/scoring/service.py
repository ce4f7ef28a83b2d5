"""Scoring in a long-lived child process, for the desktop app.

Scoring in a thread of the app's own process froze its event loop for 75-90 ms per attempt:
faster-whisper's Python side (features, VAD, tokenizer) holds the GIL in stretches. A child
process keeps the model loaded between attempts, so an attempt costs the same as in-process
and the window never waits on it. If the child dies (native crash, out of memory) the attempt
in hand gets an error, the recording stays stored, and the next attempt starts a new child.
"""

from __future__ import annotations

import multiprocessing
import threading
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

import numpy as np

from ..errors import ShadowingError
from ..i18n import translate


def _background() -> None:
    from ..transcription.worker import background_priority

    background_priority()


def _load(model: str | None) -> None:
    from ..transcription.engine import get_engine
    from ..transcription.worker import _quiet_tqdm

    _quiet_tqdm()
    get_engine(model).transcribe_clip(np.zeros(16000, np.float32))  # also builds the VAD session
    from ..pronunciation import assess

    noise = np.random.default_rng(0).standard_normal(16000).astype(np.float32) * 0.01
    assess([], noise, noise)  # loads the phone recogniser and the pitch tracker


def _score(recorded, words, model: str | None):
    from ..practice import score_recorded
    from ..transcription.engine import get_engine

    return score_recorded(recorded, words, get_engine(model))


class ScoringService:
    """One child process that scores attempts one after another with the model it keeps loaded."""

    def __init__(self, model: str | None = None):
        self.model = model
        self._lock = threading.Lock()
        self._pool: ProcessPoolExecutor | None = None
        self._warm: Future | None = None

    def start(self) -> Future:
        """Start the child and load the model now, so the first attempt does not wait for it."""
        with self._lock:
            if self._pool is None:
                self._pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"),
                                                 initializer=_background)
                self._warm = self._pool.submit(_load, self.model)
            return self._warm

    def set_model(self, model: str | None) -> None:
        if model != self.model:
            self.close()
            self.model = model

    def score(self, recorded, words):
        """Blocks the calling (worker) thread until the child answers; the GIL is free meanwhile."""
        for attempt in (1, 2):
            self.start()
            with self._lock:
                pool = self._pool
            try:
                return pool.submit(_score, recorded, list(words), self.model).result()
            except BrokenProcessPool:
                self._discard(pool)
                if attempt == 2:
                    raise ShadowingError(translate("Errors", "the scoring process stopped unexpectedly (out of memory?)")) from None
        raise AssertionError("unreachable")

    def _discard(self, pool) -> None:
        with self._lock:
            if self._pool is pool:
                self._pool = None
                self._warm = None
        pool.shutdown(wait=False, cancel_futures=True)

    def close(self) -> None:
        with self._lock:
            pool, self._pool, self._warm = self._pool, None, None
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)
