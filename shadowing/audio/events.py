"""One place that tells the engine's events apart, for every face that listens to it.

The engine queues plain dataclasses; the CLI, the coach's terminal run and the window's bridge
each used to tell them apart with their own ``isinstance`` chain. A listener now names the
handlers it cares about (``loop_started``, ``loop_ended``, ``record_start``, ``attempt``,
``done``, ``error``) and :func:`dispatch` calls the one that fits; events it has no handler for
are passed over.
"""

from __future__ import annotations

from .engine import EngineError
from .program import LoopEnded, LoopStarted, ProgramDone, RecordStart, RecordStop
from .recorder import RecordedAttempt

HANDLERS = {LoopStarted: "loop_started", LoopEnded: "loop_ended", RecordStart: "record_start",
            RecordStop: "record_stop", RecordedAttempt: "attempt", ProgramDone: "done", EngineError: "error"}


def dispatch(event, listener) -> None:
    """Call ``listener.<handler>(event)`` for the event's kind, if the listener has that handler."""
    name = HANDLERS.get(type(event))
    handler = getattr(listener, name, None) if name else None
    if handler is not None:
        handler(event)
