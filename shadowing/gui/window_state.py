"""Where the learner left off: the window's size and place, its splitters, the last episode and
sentence, kept in ``window.ini`` in the data folder (``QSettings``, written when the window closes)
and brought back at the next start."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QSettings

from ..paths import data_dir


@dataclass(frozen=True)
class LastPlace:
    episode: str | None
    segment_row: int | None


def _settings() -> QSettings:
    return QSettings(str(data_dir() / "window.ini"), QSettings.IniFormat)


def save(window) -> None:
    s = _settings()
    s.setValue("geometry", window.saveGeometry())
    s.setValue("splitter", window.splitter.saveState())
    episode = window.episode.path if window.episode is not None else ""
    s.setValue("episode", episode)
    s.setValue("segment_row", window.segment_list.currentRow() if episode else -1)
    s.sync()


def restore(window) -> LastPlace:
    """Size, place and splitters as they were (1280x800 the first time); returns the last episode
    (if its file is still there) and sentence, for the caller to open."""
    s = _settings()
    geometry, splitter = s.value("geometry"), s.value("splitter")
    if geometry is None or not window.restoreGeometry(geometry):
        window.resize(1280, 800)
    if splitter is not None:
        window.splitter.restoreState(splitter)
    episode = s.value("episode") or None
    try:
        row = int(s.value("segment_row", -1))
    except (TypeError, ValueError):
        row = -1
    if episode and not Path(episode).exists():
        episode = None
    return LastPlace(episode, row if episode and row >= 0 else None)
