"""The audio engine seen from Qt: its events become signals, polled on a timer.

The engine's callback never touches Qt (Friture's rule): it queues events, and this object
drains the queue on the UI thread every 30 ms, which also drives the level meter (every 120 ms
while the engine's idle pause has stopped the streams).

When the device goes away mid-stream (unplugged, the sound server restarted) the bridge tries to
open it again, a few seconds apart, and says so when sound is back: the learner keeps practising
without restarting the app.
"""

from __future__ import annotations

import queue
import threading

from PySide6.QtCore import QObject, QTimer, Signal

from ..audio import AudioUnavailable, PracticeEngine, dispatch
from .ops import Op


REOPEN_AFTER_MS = (2000, 4000, 8000, 15000)  # then every 15 s, for as long as the window is open
DRAIN_MS = 30  # the level meter and the loop events, while the streams run
ASLEEP_DRAIN_MS = 120  # while the idle pause stopped them


class AudioBridge(QObject):
    opened = Signal(str)  # a note to show ("" when none)
    failed = Signal(str)
    lost = Signal(str)  # the device went away mid-stream; the bridge is trying to get it back
    reopened = Signal(str)  # ... and it is back
    loop_began = Signal(object)
    loop_finished = Signal(object)
    attempt_recorded = Signal(object)
    program_done = Signal()
    engine_error = Signal(str, bool)
    level = Signal(float, float, bool)

    def __init__(self, backend_factory=None, parent=None):
        super().__init__(parent)
        self._factory = backend_factory
        self.engine: PracticeEngine | None = None
        self._opening: Op | None = None
        self._from: PracticeEngine | None = None  # the engine whose events are being turned into signals
        self._timer = QTimer(self)
        self._timer.setInterval(DRAIN_MS)
        self._timer.timeout.connect(self._drain)
        self._reopen_tries: int | None = None  # None: not reconnecting
        self._closed = False
        # The engine a worker thread is opening, or has opened and not yet handed to the UI thread;
        # close() takes it under the lock, so it is closed exactly once whichever side comes first.
        self._lock = threading.Lock()
        self._pending: PracticeEngine | None = None
        self._pending_ready = False  # its open() has returned: it is on its way to _opened
        self._generation = 0  # each open() and close() starts a new one; older workers' answers are dropped
        self._awake = 0  # keep_awake(True) calls not undone: each engine opened meanwhile stays awake

    @property
    def ready(self) -> bool:
        return self.engine is not None

    @property
    def opening(self) -> bool:
        return self._opening is not None

    def open(self) -> None:
        """Open the stream off the UI thread (PulseAudio takes seconds to settle)."""
        self._closed = False
        if self.engine is not None or self._opening is not None:
            return
        self._generation += 1
        generation = self._generation

        def work():
            engine = PracticeEngine(backend=self._factory() if self._factory else None)
            with self._lock:
                if generation != self._generation:
                    raise AudioUnavailable("opening the sound device was cancelled")
                self._pending, self._pending_ready = engine, False
            try:
                engine.open()
            except BaseException:
                with self._lock:
                    if self._pending is engine:
                        self._pending = None
                raise
            with self._lock:
                if self._pending is engine:
                    self._pending_ready = True
                    return engine
            engine.close()  # close() came while it opened and the open won the race: nobody wants it
            raise AudioUnavailable("opening the sound device was cancelled")

        self._opening = Op(self, work).on_result(self._opened) \
            .on_error(lambda message: self._failed(message, generation)).start()

    def _opened(self, engine) -> None:
        with self._lock:
            mine = self._pending is engine
            if mine:
                self._pending = None
        if not mine:  # close() came meanwhile and closed it
            return
        self._opening = None
        self.engine = engine
        if self._awake:
            engine.stay_awake(True)
        self._timer.start()
        if self._reopen_tries is not None:
            self._reopen_tries = None
            self.reopened.emit(engine.note or "")
        else:
            self.opened.emit(engine.note or "")

    def _failed(self, message: str, generation: int) -> None:
        if generation != self._generation:  # cancelled by close(): nothing to say
            return
        self._opening = None
        if self._reopen_tries is not None:
            self._schedule_reopen()
        else:
            self.failed.emit(message)

    def _schedule_reopen(self) -> None:
        if self._closed:
            self._reopen_tries = None
            return
        tries = self._reopen_tries = (self._reopen_tries or 0) + 1
        QTimer.singleShot(REOPEN_AFTER_MS[min(tries, len(REOPEN_AFTER_MS)) - 1], self._reopen)

    def _reopen(self) -> None:
        if self._closed or self.engine is not None or self._opening is not None:
            return
        self.open()

    def keep_awake(self, on: bool) -> None:
        """Keep the streams running (no idle pause) while a panel shows the microphone's level;
        ``False`` undoes one ``True``. Holds for engines opened later too (a reconnect)."""
        if not on and not self._awake:
            return
        self._awake += 1 if on else -1
        if self.engine is not None:
            self.engine.stay_awake(on)

    def _drain(self) -> None:
        engine = self.engine
        if engine is None:
            return
        # Asleep (the idle pause), there is no level to show and nothing plays: look 4x less often.
        # A play wakes the streams, and the first loop event is turned into a signal within 120 ms.
        self._timer.setInterval(ASLEEP_DRAIN_MS if engine.asleep else DRAIN_MS)
        level = engine.level
        self.level.emit(level.peak, level.rms, level.clipped)
        self._pump(engine, 200)

    def _pump(self, engine: PracticeEngine, limit: int | None = None) -> None:
        """Turn queued engine events into signals (at most ``limit`` per call, so the UI stays live)."""
        self._from = engine
        count = 0
        while limit is None or count < limit:
            try:
                event = engine.events.get_nowait()
            except queue.Empty:
                return
            count += 1
            dispatch(event, self)

    # engine events (audio.dispatch calls these by name)

    def loop_started(self, event) -> None:
        self.loop_began.emit(event)

    def loop_ended(self, event) -> None:
        self.loop_finished.emit(event)

    def attempt(self, event) -> None:
        self.attempt_recorded.emit(event)

    def done(self, event) -> None:
        self.program_done.emit()

    def error(self, event) -> None:
        self.engine_error.emit(event.message, event.fatal)
        if event.fatal and self._from is self.engine:
            self.engine = None
            self._timer.stop()
            self.lost.emit(event.message)
            self._reopen_tries = 0
            self._schedule_reopen()

    def lend(self, work, on_result, on_error) -> bool:
        """Run ``work(engine)`` off the UI thread with the engine's events left to it (the sound
        check reads its own recording); False when no engine is open or something plays."""
        engine = self.engine
        if engine is None or not engine.idle or self._timer.isActive() is False:
            return False
        self._timer.stop()

        def give_back() -> None:
            if self.engine is engine:
                self._timer.start()

        Op(self, work, engine).on_result(on_result).on_error(on_error).on_finished(give_back).start()
        return True

    def use_devices(self, choice) -> bool:
        """Remember the learner's devices and open the stream again with them; False when the
        choice is what is in use already."""
        from ..audio import load_choice, save_choice

        if choice == load_choice():
            return False
        save_choice(choice)
        self.close()
        self.open()
        return True

    def close(self) -> None:
        self._closed = True
        self._reopen_tries = None
        self._timer.stop()
        self._generation += 1
        self._opening = None
        with self._lock:
            pending, ready = self._pending, self._pending_ready
            self._pending = None
        if pending is not None and ready:  # opened, its hand-over to this thread still queued
            pending.close()
        elif pending is not None:  # the app waits for its worker threads as it exits: do not keep it
            pending.cancel_open()
        engine, self.engine = self.engine, None
        if engine is not None:
            engine.close()
            self._pump(engine)  # an attempt cut short by the close is still stored and shown
