"""Long work off the UI thread (QThreadPool), reporting progress through signals; cancellable."""

from __future__ import annotations

import traceback

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from ..errors import ShadowingError


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
            self.signals.result.emit(result)
        except ShadowingError as exc:
            self.signals.error.emit(str(exc))
        except Exception as exc:  # a bug: say so in the window rather than crash it
            traceback.print_exc()
            self.signals.error.emit(f"unexpected error: {type(exc).__name__}: {exc}")
        finally:
            self.signals.finished.emit()


def start(task: Task, pool: QThreadPool | None = None) -> Task:
    (pool or QThreadPool.globalInstance()).start(task)
    return task
