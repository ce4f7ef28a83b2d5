"""Shared by the rig tests and bench/audio.py: where one signal sits in another, waiting on the
engine's events (and on conditions), a learner speaking behind, and whether a process is gone."""

from __future__ import annotations

import contextlib
import os
import queue
import subprocess
import sys
import time
from pathlib import Path

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


def loopback_windows(attempts) -> list[list[float]]:
    """Per recorded attempt of a loopback (the speakers heard by the microphone), the lag of what
    was played in what was recorded over three 2-s windows: its start, middle and end (ms)."""
    import soundfile

    windows = []
    for attempt in attempts:
        recorded, rate = soundfile.read(attempt.path, dtype="float32")
        end = attempt.played.size / rate
        windows.append([lag_ms(recorded, attempt.played, rate, lo, lo + 2.0) for lo in (0.3, end / 2 - 1, end - 2.3)])
    return windows


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


def until(condition, limit_s: float) -> bool:
    """Whether ``condition()`` came true within ``limit_s`` (polled; no event loop runs meanwhile)."""
    deadline = time.monotonic() + limit_s
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True


def gone(process) -> bool:
    """A psutil process has ended (a dead child not yet reaped by init counts as ended)."""
    import psutil

    try:
        return process.status() == psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return True


def shadowed(engine, path, start: float, end: float, folder: Path, behind_s: float, started_within_s: float = 60.0,
             clip=None):
    """One loop of the span in shadow mode, a learner speaking it ``behind_s`` after they heard its
    first sample (``frame_time``: with the latency the sound check measured): the attempt.
    ``clip``: the span already decoded at the engine's rate."""
    from shadowing.audio import LoopSettings, LoopStarted, RecordedAttempt
    from shadowing.audio.clip import load_clip

    clip = clip if clip is not None else load_clip(str(path), start, end, engine.rate)
    with learner(clip.playable, engine.rate, folder / "learner.wav") as voice:
        engine.play(str(path), start, end, LoopSettings(mode="shadow", loops=1, shadow_tail_s=1.0), clip=clip)
        started = wait_for(engine, LoopStarted, started_within_s)
        voice.speak_at(engine.frame_time(started.frame) + behind_s)
        return wait_for(engine, RecordedAttempt, 60)


def attempt_lags_ms(attempt, starts=(0.8, 3.0, 5.0)) -> list[float]:
    """The lag of what was played in what was recorded over 2-s windows from each of ``starts``."""
    import soundfile

    recorded, rate = soundfile.read(attempt.path, dtype="float32")
    return [lag_ms(recorded, attempt.played, rate, lo, lo + 2.0) for lo in starts]


class Learner:
    """A second process (tests/rig/learner.py) that speaks a recording into the ``learner`` sink
    at a PortAudio stream time: the same clock in every process."""

    def __init__(self, speech, rate: int, path: Path):
        import soundfile

        soundfile.write(path, speech, rate, subtype="FLOAT")
        self.process = subprocess.Popen([sys.executable, str(Path(__file__).with_name("learner.py")), str(path)],
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                                        env=dict(os.environ, PULSE_SINK="learner"))
        ready = self.process.stdout.readline().strip()
        if ready != "ready":
            self.process.kill()
            raise AssertionError(f"the learner process did not start: {ready!r}")

    def speak_at(self, stream_time: float) -> None:
        self.process.stdin.write(f"{stream_time!r}\n")
        self.process.stdin.flush()

    def close(self) -> None:
        self.process.kill()


@contextlib.contextmanager
def learner(speech, rate: int, path: Path):
    one = Learner(speech, rate, path)
    try:
        yield one
    finally:
        one.close()
