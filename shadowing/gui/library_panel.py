"""The library: every episode with its transcript state; open one, remove one, add files and podcasts.

Rows come from ``episodes.overview`` (read off the UI thread by the window); the list holds
``LibraryRow`` objects, so an episode is never carried in a widget's user role.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractListModel, QModelIndex, Qt, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QListView, QMenu, QPushButton, QVBoxLayout, QWidget

from ..episodes import LibraryRow, clock, sorted_rows
from ..i18n import translate
from ..records import Episode
from ..transcription.models import base_installed


class EpisodeModel(QAbstractListModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list[LibraryRow] = []
        self.progress: dict[int, str] = {}  # episode id -> "transcribing 40%" while it runs

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def data(self, index, role=Qt.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        if role == Qt.DisplayRole:
            busy = self.progress.get(row.episode.id)
            return f"{row.episode.title}\n{clock(row.episode.duration)} · {busy}" if busy else row.text
        if role == Qt.ToolTipRole:
            return row.episode.path
        return None

    def replace(self, rows: list[LibraryRow]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.progress.clear()
        self.endResetModel()

    def set_progress(self, episode_id: int, text: str) -> None:
        self.progress[episode_id] = text
        for i, row in enumerate(self.rows):
            if row.episode.id == episode_id:
                self.dataChanged.emit(self.index(i), self.index(i))


class LibraryPanel(QWidget):
    activated = Signal(object)  # the Episode to open
    remove_requested = Signal(object)  # the Episode to remove (the window asks first)
    again_requested = Signal(object, str)  # the Episode to transcribe anew, with this model ("" = the chosen one)
    open_file_requested = Signal()
    podcasts_requested = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.model = EpisodeModel(self)
        self.view = QListView()
        self.view.setObjectName("library")
        self.view.setModel(self.model)
        self.view.setWordWrap(True)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.view.activated.connect(lambda index: self.activate(index.row()))
        self.view.clicked.connect(lambda index: self.activate(index.row()))
        self.view.setContextMenuPolicy(Qt.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._menu)
        open_button = QPushButton(translate("Library", "Open file…"))
        open_button.clicked.connect(self.open_file_requested)
        podcasts_button = QPushButton(translate("Library", "Podcasts…"))
        podcasts_button.clicked.connect(self.podcasts_requested)
        self.order = QComboBox()
        self.order.setObjectName("library_order")
        for label, key in ((translate("Library", "as added"), "added"), (translate("Library", "easiest first"), "easiest"),
                           (translate("Library", "fastest first"), "fastest")):
            self.order.addItem(label, key)
        self.order.setToolTip(translate("Library", "Sort by how fast each episode is spoken (words a minute)"))
        self.order.currentIndexChanged.connect(lambda _: self.show_rows(self._rows, self._current))
        self._rows: list[LibraryRow] = []
        self._current: Episode | None = None
        heading = QHBoxLayout()
        heading.addWidget(QLabel("<b>{}</b>".format(translate("Library", "Library"))), 1)
        heading.addWidget(self.order)
        layout = QVBoxLayout(self)
        layout.addLayout(heading)
        layout.addWidget(self.view, 1)
        layout.addWidget(open_button)
        layout.addWidget(podcasts_button)

    def count(self) -> int:
        return len(self.model.rows)

    def text(self, row: int) -> str:
        return self.model.data(self.model.index(row), Qt.DisplayRole)

    def episode(self, row: int) -> Episode:
        return self.model.rows[row].episode

    def activate(self, row: int) -> None:
        if 0 <= row < self.count():
            self.activated.emit(self.episode(row))

    def show_rows(self, rows: list[LibraryRow], current: Episode | None) -> None:
        self._rows, self._current = list(rows), current
        rows = sorted_rows(rows, self.order.currentData())
        self.model.replace(rows)
        for i, row in enumerate(rows):
            if current is not None and row.episode.id == current.id:
                self.view.setCurrentIndex(self.model.index(i))

    def show_progress(self, episode: Episode, fraction: float) -> None:
        self.model.set_progress(episode.id, translate("Library", "transcribing {percent}%").format(
            percent=round(100 * fraction)))

    def _menu(self, pos) -> None:
        row = self.view.indexAt(pos).row()
        if not 0 <= row < self.count():
            return
        episode = self.episode(row)
        menu = QMenu(self)
        again = menu.addMenu(translate("Library", "Transcribe again"))
        again.addAction(translate("Library", "with my glossary (same model)"),
                        lambda: self.again_requested.emit(episode, ""))
        if base_installed():
            again.addAction(translate("Library", "with the base model (more accurate, slower)"),
                            lambda: self.again_requested.emit(episode, "base"))
        again.setToolTipsVisible(True)
        again.setToolTip(translate("Library", "Your attempts, reviews and corrected words move to the new text"))
        menu.addSeparator()
        menu.addAction(translate("Library", "Remove from library…"), lambda: self.remove_requested.emit(episode))
        menu.exec(self.view.viewport().mapToGlobal(pos))
