"""The one way the window runs work off the UI thread, in the manner of Anki's ``QueryOp``:

    Op(self, library_rows, path).on_result(self.show_rows).start()

``fn(*args)`` runs on the thread pool; ``on_result`` gets its return value on the UI thread. An
error goes to ``on_error`` if given, else to the banner of the nearest window that has one
(``show_error``): no call site can forget to say what went wrong. ``with_progress`` hands ``fn``
its task first (``fn(task, *args)``) so it can report progress and partial results and hear a
cancel. The Op holds itself until it has finished, so a caller need not keep it.
"""

from __future__ import annotations

import sys
from typing import Callable

from PySide6.QtCore import QObject
from shiboken6 import isValid

from . import workers


def _banner_of(obj: QObject | None):
    while obj is not None:
        show = getattr(obj, "show_error", None)
        if callable(show):
            return show
        obj = obj.parent()
    return None


class Op:
    _running: set = set()  # tasks in flight: held here until their last signal has gone out

    def __init__(self, parent: QObject, fn: Callable, *args):
        self.parent, self.fn, self.args = parent, fn, args
        self._result = self._error = self._progress = self._partial = self._finished = None
        self._with_task = False
        self.task: workers.Task | None = None

    def on_result(self, callback: Callable) -> "Op":
        self._result = callback
        return self

    def on_error(self, callback: Callable[[str], None]) -> "Op":
        self._error = callback
        return self

    def with_progress(self, progress: Callable | None = None, partial: Callable | None = None) -> "Op":
        """``fn`` is called as ``fn(task, *args)``: ``task.signals.progress/partial.emit(...)`` reach
        these callbacks; ``task.cancelled`` and ``task.on_cancel`` serve :meth:`cancel`."""
        self._with_task, self._progress, self._partial = True, progress, partial
        return self

    def on_finished(self, callback: Callable[[], None]) -> "Op":
        self._finished = callback
        return self

    def start(self) -> "Op":
        fn = self.fn if self._with_task else (lambda task, *a: self.fn(*a))
        task = self.task = workers.Task(fn, *self.args)
        signals = task.signals
        for signal, callback in ((signals.result, self._result), (signals.progress, self._progress),
                                 (signals.partial, self._partial), (signals.finished, self._finished),
                                 (signals.error, self._error or self._default_error)):
            if callback is not None:
                signal.connect(self._while_alive(callback))
        Op._running.add(task)
        signals.finished.connect(lambda t=task: Op._running.discard(t))
        workers.start(task)
        return self

    def _while_alive(self, callback: Callable) -> Callable:
        """Work outlives windows (a query finishing after the window closed): its answer then has
        no one to go to and is dropped, instead of reaching a deleted widget."""
        def deliver(*args):
            if self.parent is None or isValid(self.parent):
                callback(*args)

        return deliver

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()

    def _default_error(self, message: str) -> None:
        show = _banner_of(self.parent)
        if show is not None:
            show(message)
        else:  # a window already gone: the terminal is the last place to say it
            print(f"shadowing: {message}", file=sys.stderr)
