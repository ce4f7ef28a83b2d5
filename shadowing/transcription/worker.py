"""The transcription worker process.

Whisper runs in a child process so that cancelling is immediate (the child is stopped, not
asked nicely between batches), a crash in native code cannot take the app down, and the
model's memory is returned when the job ends. The parent stores what the child reports.

Whisper hears the stretches one after the other; each stretch's word times are taken from the
signal in a helper process beside it (:mod:`shadowing.alignment.child`) and sent as soon as they
are. Messages on the pipe: ("ready", info), ("chunk", start, end, words, levels), ("done", end),
("error", message). ``levels`` are the stretch's 10 ms frame levels (dBFS, float32: 400 bytes a
second), so the parent can put segment edges in the quiet without decoding the audio again.
"""

from __future__ import annotations

import queue
import threading
import traceback

import numpy as np

from ..alignment.child import AlignerProcess
from ..alignment.energy import frame_levels
from ..errors import ShadowingError
from ..media import SAMPLE_RATE
from ..records import Word
from .chunking import stretches
from .context import EpisodeContext
from .engine import Engine, EngineSettings, shift_words


def worker_main(pipe, path: str, start: float, model: str, settings: dict, context: dict | None = None) -> None:
    _quiet_tqdm()
    _one_malloc_arena()
    background_priority()
    idle_class()
    sender = None
    try:
        engine = _load(model, settings)
        episode_context = EpisodeContext.from_dict(context)
        pipe.send(("ready", {"device": engine.device, "compute_type": engine.compute_type}))
        sender = _ChunkSender(pipe, engine)
        end = start
        for offset, audio in stretches(path, start):
            words, language = engine.hear_chunk(audio, episode_context)
            sender.put(offset, audio, words, language)  # aligned while Whisper hears the next stretch
            end = offset + audio.size / SAMPLE_RATE
        sender.finish()
        pipe.send(("done", end))
    except ShadowingError as exc:
        _finish(sender)
        pipe.send(("error", str(exc)))
    except MemoryError:
        _finish(sender)
        pipe.send(("error", "out of memory while transcribing"))
    except Exception as exc:  # report, don't hide: the parent shows it and keeps what was stored
        _finish(sender)
        pipe.send(("error", f"{type(exc).__name__}: {exc}"))
        traceback.print_exc()


class _ChunkSender:
    """Sends each stretch's words to the parent, in order, as soon as their times are taken from
    the signal: by the aligner process (:mod:`shadowing.alignment.child`) while Whisper hears the
    next stretch, or here where that process is not running (then by :meth:`Engine.time_words`,
    so a stretch is never sent with Whisper's times because the helper failed)."""

    def __init__(self, pipe, engine: Engine):
        self.pipe, self.engine = pipe, engine
        self.aligner = AlignerProcess() if engine.settings.align_words else None
        self.queue: queue.SimpleQueue = queue.SimpleQueue()
        self.failure: BaseException | None = None
        self.thread = threading.Thread(target=self._send, name="shadowing-send-chunks", daemon=True)
        self.thread.start()

    def put(self, offset: float, audio: np.ndarray, words: list[Word], language: str | None) -> None:
        if self.failure is not None:
            raise self.failure
        aligned = self.aligner.align(audio, words, language) if self.aligner is not None and words else None
        self.queue.put((offset, audio, words, language, aligned))

    def finish(self) -> None:
        """Wait for every stretch put so far to be sent; raise what stopped the sending."""
        self.queue.put(None)
        self.thread.join()
        if self.aligner is not None:
            self.aligner.close()
        if self.failure is not None:
            raise self.failure

    def _send(self) -> None:
        try:
            while (item := self.queue.get()) is not None:
                offset, audio, words, language, aligned = item
                timed = aligned.result() if aligned is not None else None
                if timed is None:
                    timed = self.engine.time_words(audio, words, language)
                self.pipe.send(("chunk", offset, offset + audio.size / SAMPLE_RATE,
                                [(w.start, w.end, w.text, w.probability) for w in shift_words(timed, offset)],
                                frame_levels(audio).astype(np.float32)))
        except BaseException as exc:  # handed to the main thread, which reports it
            self.failure = exc


def _finish(sender: _ChunkSender | None) -> None:
    """Before an error is reported, send the stretches already heard: the parent keeps them."""
    if sender is not None:
        try:
            sender.finish()
        except Exception:
            pass


def _load(model: str, settings: dict) -> Engine:
    try:
        return Engine(model, EngineSettings(**settings))
    except (ShadowingError, MemoryError):
        raise
    except Exception as exc:  # a cut-short model.bin, a wrong file: CTranslate2's words, first line only
        detail = (str(exc).strip().splitlines() or [type(exc).__name__])[0][:200]
        raise ShadowingError(f"the Whisper model {model} cannot be loaded ({detail}); reinstall it or choose"
                             " another model") from None


BACKGROUND_NICE = 10


def background_priority() -> None:
    """Whisper's threads take every core they can: below normal priority they still do, unless the
    app's audio callback or event loop needs a core (a callback starved for 2 s on a 2-core CI
    machine spoiled an attempt). Idle machines transcribe just as fast.

    A child also ends with its parent: after the window was killed (or its session logged out),
    the scoring child stayed alive for minutes, holding its model (166 MB)."""
    import os

    try:
        os.nice(BACKGROUND_NICE)
    except (AttributeError, OSError):  # Windows has no nice(); a refused change is harmless
        pass
    follow_parent()


def idle_class() -> None:
    """This thread, and every thread and process it starts, in Linux's idle scheduling class
    (SCHED_IDLE): for a whole episode's transcription, not for what the learner waits on.

    Nice 10 was not enough for the sound. Every block we play passes through the sound server's
    main thread (PulseAudio's, at nice -11 and not real-time by design). Sampled on the rig's
    48-kHz sink with four busy processes, a real-time ``pacat`` (no Python, no PortAudio) with
    64 ms of buffer ran dry 2 and 7 times in 2.5 minutes with a nice-10 transcription beside,
    0 and 0 with it in this class, 0 and 0 with the server's main thread made real-time instead
    (and none at 43 ms with no transcription beside). A task of this class gives the CPU to any
    other that wakes, at once; it runs as fast as before on an otherwise idle machine, and only
    where the cores are kept busy by other programs does it wait for them. The scoring child
    stays at nice 10: the learner waits for its answer, and its bursts are short."""
    import os

    try:
        os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))
    except (AttributeError, OSError):  # not Linux: nice alone
        pass


PARENT_POLL_S = 0.5


def follow_parent() -> None:
    """End this process within PARENT_POLL_S of its parent's end, however that came (a signal,
    SIGKILL, a crash). Polling the parent's id, not PR_SET_PDEATHSIG: that signal follows the
    parent *thread*, and our children are started from pool threads that come and go."""
    import os
    import threading
    import time

    parent = os.getppid()

    def watch():
        while os.getppid() == parent:
            time.sleep(PARENT_POLL_S)
        os._exit(0)

    threading.Thread(target=watch, name="shadowing-follow-parent", daemon=True).start()


def _quiet_tqdm() -> None:
    """tqdm (imported by faster-whisper) makes a multiprocessing lock that a stopped child leaks."""
    import threading

    from tqdm import tqdm

    tqdm.set_lock(threading.RLock())


def _one_malloc_arena() -> None:
    """glibc gives each thread its own heap; for Whisper's two compute threads that only holds
    freed activations: one arena lowers the worker's peak by ~50 MB at the same speed."""
    import ctypes
    import sys

    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL("libc.so.6").mallopt(-8, 1)  # M_ARENA_MAX
        except (OSError, AttributeError):
            pass
