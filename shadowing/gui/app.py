"""Start the desktop app: ``shadowing`` with no arguments, or ``shadowing gui [EPISODE]``."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication

from ..storage import Library
from .ops import Op
from .main_window import MainWindow


def setup_language(app) -> str:
    """The learner's language (Settings, else the system's) for every window of this run."""
    from .. import settings
    from .language import chosen_language, install

    return install(app, chosen_language(settings.load().language))


def open_first(window: MainWindow, episode: str | None) -> None:
    """The episode asked for; else, on a first run (empty library), the offline demo episode."""
    if episode:
        window.open_episode(episode)
        return
    with Library(window.library_path) as library:
        if library.episodes():
            return

    def build():
        from ..demo import ensure_demo

        return str(ensure_demo())

    window.status.setText("building the demo episode…")
    Op(window, build).on_result(window.open_episode).start()


def close_on_signals(app, window) -> None:
    """SIGTERM (a desktop logout), SIGINT (Ctrl+C in the terminal), SIGHUP (the terminal went
    away): close as if the learner closed the window, so the recording in progress is finalised,
    the session's end stored and the child processes stopped. Python runs signal handlers between
    its own bytecodes only, so a timer gives it that chance while Qt waits for events."""
    import signal

    from PySide6.QtCore import QTimer

    def close(signum, frame):
        QTimer.singleShot(0, lambda: (window.close(), app.quit()))

    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(sig, close)
    tick = QTimer(window)
    tick.setInterval(200)
    tick.timeout.connect(lambda: None)
    tick.start()


def run(args=None) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Shadow")
    setup_language(app)
    window = MainWindow()
    window.resize(1280, 800)
    window.show()
    close_on_signals(app, window)
    open_first(window, getattr(args, "episode", None))
    return app.exec()
