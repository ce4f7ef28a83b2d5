"""The task that ``ops.Op`` runs on the thread pool (QThreadPool), reporting progress through
signals; cancellable. Start work with ``Op``, not with these directly."""

from __future__ import annotations

import traceback

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from ..errors import ShadowingError, describe
from ..i18n import translate


class TaskSignals(QObject):
    progress = Signal(object)
    partial = Signal(object)  # e.g. the segments transcribed so far
    result = Signal(object)
    error = Signal(str)
    finished = Signal()


class Task(QRunnable):
    """Runs ``fn(task, *args)`` on the pool. ``fn`` may call ``task.signals.progress.emit(...)``,
    look at ``task.cancelled`` and set ``task.on_cancel`` to stop something it started."""

    def __init__(self, fn, *args):
        super().__init__()
        self.fn, self.args = fn, args
        self.signals = TaskSignals()
        self.cancelled = False
        self.on_cancel = None
        self.setAutoDelete(False)  # the window keeps it until finished

    def cancel(self) -> None:
        self.cancelled = True
        if self.on_cancel is not None:
            self.on_cancel()

    def run(self) -> None:
        try:
            result = self.fn(self, *self.args)
        except ShadowingError as exc:
            self._emit(self.signals.error, str(exc))
        except Exception as exc:  # a fault the learner can act on (disk, memory, database), or a bug
            message = describe(exc)
            if message is None:
                traceback.print_exc()
                message = translate("Errors", "unexpected error: {error}").format(error=f"{type(exc).__name__}: {exc}")
            self._emit(self.signals.error, message)
        else:
            self._emit(self.signals.result, result)
        finally:
            self._emit(self.signals.finished)

    @staticmethod
    def _emit(signal, *args) -> None:
        try:
            signal.emit(*args)
        except RuntimeError:  # the app is closing and took the receiver with it: no one to tell
            pass


# Most tasks wait (on the transcription or scoring process, on the sound devices settling);
# Qt's default of one thread per core would queue a transcription behind them on 2 cores.
MIN_THREADS = 8


def start(task: Task, pool: QThreadPool | None = None) -> Task:
    pool = pool or QThreadPool.globalInstance()
    if pool.maxThreadCount() < MIN_THREADS:
        pool.setMaxThreadCount(MIN_THREADS)
    pool.start(task)
    return task
