"""Start the desktop app: ``shadowing`` with no arguments, or ``shadowing gui [EPISODE]``."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication

from ..i18n import translate
from ..storage import Library
from .ops import Op
from .main_window import MainWindow
from .window_state import LastPlace


def setup_language(app) -> str:
    """The learner's language (Settings, else the system's) for every window of this run."""
    from .. import settings
    from .language import chosen_language, install

    return install(app, chosen_language(settings.load().language))


def open_first(window: MainWindow, episode: str | None, last: LastPlace | None = None) -> None:
    """The episode asked for; else the one the learner left off on (at the same sentence); else,
    on a first run (empty library), the offline demo episode."""
    if episode:
        window.open_episode(episode)
        return
    with Library(window.library_path) as library:
        known = library.episodes()
    if last is not None and last.episode and any(e.path == last.episode for e in known):
        window.pending_row = last.segment_row
        window.open_episode(last.episode)
        return
    if known:
        return

    def build():
        from ..demo import ensure_demo

        return str(ensure_demo())

    window.status.setText(translate("Main", "building the demo episode…"))
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
    from ..paths import database_path
    from . import instance, window_state
    from .icon import app_icon

    episode = getattr(args, "episode", None)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Shadow")
    app.setDesktopFileName("shadowing")  # the launcher's id (desktop.APP_ID): the taskbar groups under its icon
    app.setWindowIcon(app_icon())
    name = instance.server_name(database_path())
    if instance.hand_over(name, episode):  # the app is open on this library: it takes the file
        print("Shadow is already open: its window came forward" + (f" with {episode}" if episode else ""),
              file=sys.stderr)
        return 0
    setup_language(app)
    window = MainWindow()
    server = instance.InstanceServer(name, window)
    server.asked.connect(window.bring_forward)
    last = window_state.restore(window)
    window.show()
    close_on_signals(app, window)
    open_first(window, episode, last)
    status = app.exec()
    wait_for_workers()
    return status


def wait_for_workers(limit_ms: int = 10_000) -> None:
    """Let work the closing window cancelled finish closing (a sound stream, a transcription
    child) before Python's exit handlers run: PortAudio's terminate while another thread still
    aborts a stream is a segfault. Bounded: a stream stuck on a vanished device is not waited for."""
    from PySide6.QtCore import QThreadPool

    QThreadPool.globalInstance().waitForDone(limit_ms)
