"""The bridge's open and close race: the window may close while the sound device is still
opening on a worker thread, or just after it opened and before the UI thread took it. Either way
the engine is closed exactly once, nothing is announced, and no worker is left running: an engine
left running meets PortAudio's exit handler in another thread, a segfault at exit (CI saw one)."""

import os
import threading
import time

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
pytest.importorskip("PySide6")

from PySide6.QtCore import QThreadPool  # noqa: E402

from shadowing.audio import FileBackend  # noqa: E402
from shadowing.gui.audio_bridge import AudioBridge  # noqa: E402

from .rig.measure import until  # noqa: E402


class GatedBackend(FileBackend):
    """A file backend whose stream runs only once ``gate`` is set (a device slow to start), and
    which counts its stops."""

    def __init__(self, gate: threading.Event):
        super().__init__(16000, realtime=True)
        self.gate = gate
        self.stops = 0

    def start(self, process, render=None, capture=None) -> None:
        def gated(*args):
            self.gate.wait()
            process(*args)

        super().start(gated, render, capture)

    def stop(self) -> None:
        self.stops += 1
        self.gate.set()  # a stalled stream is released by its stop, as PortAudio's abort does
        super().stop()


def _bridge(gate):
    made = []

    def factory():
        made.append(GatedBackend(gate))
        return made[-1]

    bridge = AudioBridge(backend_factory=factory)
    said = []
    for signal in (bridge.opened, bridge.failed, bridge.reopened):
        signal.connect(said.append)
    return bridge, made, said


def _wait(condition, limit_s=10.0):
    """Wait without running Qt's event loop, so nothing queued for the UI thread is delivered."""
    assert until(condition, limit_s)


def test_a_close_while_the_device_opens_cancels_the_open_at_once(qtbot):
    gate = threading.Event()  # never opened by the test: the device does not start
    bridge, made, said = _bridge(gate)
    bridge.open()
    _wait(lambda: made and bridge._pending is not None)
    time.sleep(0.3)  # well inside the engine's wait for the first callbacks
    began = time.monotonic()
    bridge.close()
    assert QThreadPool.globalInstance().waitForDone(3000), "the opening worker kept running after close()"
    assert time.monotonic() - began < 1.5  # not the engine's 4 s start wait, twice
    qtbot.wait(100)  # deliver whatever the worker queued
    assert bridge.engine is None and said == []
    assert made[0].stops >= 1


def test_a_close_after_the_open_returned_but_before_the_window_took_the_engine_closes_it(qtbot):
    gate = threading.Event()
    gate.set()
    bridge, made, said = _bridge(gate)
    bridge.open()
    _wait(lambda: bridge._pending_ready)  # opened on the worker; _opened is queued, not yet run
    engine = bridge._pending
    assert engine is not None and made[0].stops == 0
    bridge.close()
    assert made[0].stops == 1 and not engine.can_record  # closed by close(), once
    assert QThreadPool.globalInstance().waitForDone(3000)
    qtbot.wait(100)  # now the queued hand-over arrives: it must be dropped
    assert bridge.engine is None and said == [] and made[0].stops == 1


def test_after_a_cancelled_open_the_bridge_opens_again(qtbot):
    gate = threading.Event()
    bridge, made, said = _bridge(gate)
    bridge.open()
    _wait(lambda: made and bridge._pending is not None)
    bridge.close()
    gate.set()
    bridge.open()  # e.g. the learner picked another device: close() then open()
    qtbot.waitUntil(lambda: bridge.ready, timeout=15000)
    assert said == [""] and len(made) == 2
    bridge.close()
    assert QThreadPool.globalInstance().waitForDone(3000)


class PausingBackend(FileBackend):
    """A file backend that the idle pause can stop and start again, as it does a device's streams."""

    def __init__(self):
        super().__init__(16000, realtime=True)
        self.paused = False

    def start(self, process, render=None, capture=None) -> None:
        self._process = process
        super().start(process, render, capture)

    def pause(self) -> None:
        self.paused = True
        super().stop()

    def resume(self) -> None:
        self.paused = False
        super().start(self._process)


def test_the_sound_check_keeps_the_streams_awake_and_the_bridge_looks_less_often_while_they_sleep(
        qtbot, monkeypatch):
    import shadowing.audio.engine as engine_module
    from shadowing.gui import audio_bridge

    monkeypatch.setattr(engine_module, "IDLE_PAUSE_S", 0.5)
    bridge = AudioBridge(backend_factory=PausingBackend)
    bridge.keep_awake(True)  # the sound check opened before the device did: the hold carries over
    bridge.open()
    qtbot.waitUntil(lambda: bridge.ready, timeout=15000)
    engine = bridge.engine
    qtbot.wait(1500)
    assert not engine.asleep and engine.stats.pauses == 0
    assert engine.idle  # held awake, it is still free: the sound check borrows it for a measurement
    took = []
    assert bridge.lend(lambda e: e is engine, took.append, took.append)
    qtbot.waitUntil(lambda: took == [True], timeout=5000)
    assert bridge._timer.interval() == audio_bridge.DRAIN_MS
    bridge.keep_awake(False)  # the sound check closed
    qtbot.waitUntil(lambda: engine.asleep, timeout=5000)
    qtbot.waitUntil(lambda: bridge._timer.interval() == audio_bridge.ASLEEP_DRAIN_MS, timeout=2000)
    bridge.keep_awake(True)  # opened again: the streams start at once
    qtbot.waitUntil(lambda: not engine.asleep, timeout=2000)
    qtbot.waitUntil(lambda: bridge._timer.interval() == audio_bridge.DRAIN_MS, timeout=2000)
    bridge.keep_awake(False)
    bridge.keep_awake(False)  # one too many (a dialog closed twice) holds nothing
    qtbot.waitUntil(lambda: engine.asleep, timeout=5000)
    bridge.close()
    assert QThreadPool.globalInstance().waitForDone(3000)
