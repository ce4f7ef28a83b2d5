"""Word alignment in a process of its own, beside Whisper, at the lowest CPU priority.

Whisper's batched decoding keeps about 1.4 of 2 cores busy (its threads wait for each other);
PocketSphinx needs 0.011-0.015 s of one core per second of audio. Aligned in the transcription
worker after each stretch, that added ~20-26 % to the time an episode takes. A thread beside
Whisper was no faster: PocketSphinx holds the GIL for a whole ``process_raw`` call, so Whisper's
Python side waited on it. A process of its own has no GIL to share, and at nice 19 it takes only
the CPU Whisper leaves idle: the episode's words are aligned while the next stretch is heard.
On Linux it also inherits the worker's idle scheduling class (worker.idle_class), within which
nice no longer ranks it below Whisper; at ~1.5 % of a core it hardly competes.

The worker is a daemonic multiprocessing child, which may not start multiprocessing children:
this is a plain ``subprocess`` speaking pickles over its stdin and a private copy of its stdout
(fd 1 is pointed at stderr in the child, so a library's print cannot corrupt the stream). It
ends with its parent (:func:`follow_parent`) or when its stdin closes. Jobs are answered in the
order they were sent.
"""

from __future__ import annotations

import os
import pickle
import queue
import subprocess
import sys
import threading
from concurrent.futures import Future

import numpy as np

from ..records import Word

LOWEST_NICE = 19


class AlignerProcess:
    """Sends (audio, words, language) jobs to the child; each :meth:`align` returns a Future of
    the aligned words. A child that cannot start or dies answers ``None`` for every job still
    open or sent later: the caller aligns those itself (the words are never lost)."""

    def __init__(self) -> None:
        self._futures: queue.SimpleQueue[Future] = queue.SimpleQueue()
        self._jobs: queue.SimpleQueue = queue.SimpleQueue()
        self._dead = threading.Event()
        self._lock = threading.Lock()  # a job's future is queued in the order its job is written
        try:
            self._proc = subprocess.Popen([sys.executable, "-m", __name__, str(os.getpid())], stdin=subprocess.PIPE,
                                          stdout=subprocess.PIPE, close_fds=True)
        except OSError:
            self._proc = None
            self._dead.set()
            return
        threading.Thread(target=self._write, name="shadowing-align-send", daemon=True).start()
        threading.Thread(target=self._read, name="shadowing-align-receive", daemon=True).start()

    @property
    def alive(self) -> bool:
        return not self._dead.is_set()

    def align(self, audio: np.ndarray, words: list[Word], language: str | None) -> Future:
        future: Future = Future()
        with self._lock:
            if self._dead.is_set():
                future.set_result(None)
                return future
            self._futures.put(future)
            self._jobs.put((np.ascontiguousarray(audio, np.float32), _plain(words), language))
        return future

    def close(self) -> None:
        """Stop the child (its stdin closes; it exits between jobs). Open jobs answer ``None``."""
        self._jobs.put(None)
        if self._proc is not None:
            try:
                self._proc.wait(2)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait(1)
        self._fail_all()

    def _write(self) -> None:
        stream = self._proc.stdin
        try:
            while (job := self._jobs.get()) is not None:
                pickle.dump(job, stream, protocol=pickle.HIGHEST_PROTOCOL)
                stream.flush()
        except (OSError, ValueError):  # the child is gone (BrokenPipe) or its pipe was closed
            self._fail_all()
        finally:
            try:
                stream.close()
            except OSError:
                pass

    def _read(self) -> None:
        stream = self._proc.stdout
        try:
            while True:
                answer = pickle.load(stream)
                future = self._futures.get()
                future.set_result(None if answer is None else [Word(*w) for w in answer])
        except (EOFError, OSError, pickle.UnpicklingError):
            self._fail_all()

    def _fail_all(self) -> None:
        with self._lock:
            self._dead.set()
            while True:
                try:
                    future = self._futures.get_nowait()
                except queue.Empty:
                    return
                if not future.done():
                    future.set_result(None)


def _plain(words: list[Word]) -> list[tuple]:
    return [(w.start, w.end, w.text, w.probability) for w in words]


def serve() -> None:
    """The child: answer each job with its aligned words (``None`` where aligning failed)."""
    answers = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # anything printed goes to stderr, not into the answers
    try:
        os.nice(LOWEST_NICE)  # before the imports: they too take only idle CPU
    except (AttributeError, OSError):
        pass
    from ..transcription.worker import follow_parent
    from .aligner import refine_word_times

    follow_parent()
    if len(sys.argv) > 1 and os.getppid() != int(sys.argv[1]):
        return  # the parent ended before this process began to follow it
    jobs = sys.stdin.buffer
    while True:
        try:
            audio, raw, language = pickle.load(jobs)
        except EOFError:
            return
        try:
            words, _report = refine_word_times(audio, [Word(*w) for w in raw], 0.0, language)
            answer = _plain(words)
        except Exception as exc:  # the parent aligns this one itself and says nothing is lost
            print(f"shadowing: aligning a stretch failed ({type(exc).__name__}: {exc})", file=sys.stderr)
            answer = None
        pickle.dump(answer, answers, protocol=pickle.HIGHEST_PROTOCOL)
        answers.flush()


if __name__ == "__main__":
    serve()
