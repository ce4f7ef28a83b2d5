"""The episode's segments as a list the learner picks from and edits (split, merge, nudge).

A ``QAbstractListModel`` over the core's segments: the list shown is the list held, so no second
copy is kept in step by hand. Segments arrive while the episode is transcribed; the stored ones
(with their library ids) replace them when it is done or after an edit, keeping the selection.
The list holds sentences and shows them, or their phrases (``set_unit``): switching re-cuts from
the stored words at once, keeps the place, and edits stay sentence edits.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractListModel, QModelIndex, Qt, Signal
from PySide6.QtWidgets import QListView, QMenu

from ..difficulty import pace, tier_name
from ..episodes import clock
from ..i18n import translate
from ..records import Segment
from ..segmenter import PHRASE, SENTENCE, practice_units


class SegmentModel(QAbstractListModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.segments: list[Segment] = []
        self._texts: list[tuple[str, str] | None] = []  # (row text, tooltip), made once per row

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.segments)

    def data(self, index, role=Qt.DisplayRole):
        if role not in (Qt.DisplayRole, Qt.ToolTipRole) or not index.isValid() \
                or not 0 <= index.row() < len(self.segments):
            return None
        row = index.row()
        if self._texts[row] is None:  # Qt asks for every row's text on each layout: compute it once
            self._texts[row] = self._describe(row, self.segments[row])
        return self._texts[row][0 if role == Qt.DisplayRole else 1]

    @staticmethod
    def _describe(row: int, seg: Segment) -> tuple[str, str]:
        speed = pace(seg.words)
        rate = f"{speed.wpm:>3.0f} wpm" if speed else "   –   "
        span = f"{seg.start:.2f} – {seg.end:.2f} s"
        tip = translate("Segments", "{span}\n{tier}: {wpm} words a minute, {sps} syllables a second").format(
            span=span, tier=tier_name(speed.tier), wpm=f"{speed.wpm:.0f}", sps=f"{speed.syllables_per_s:.1f}") \
            if speed else span
        return f"{row + 1:>3}  {clock(seg.start)}  {rate}  {seg.text}", tip

    def replace(self, segments: list[Segment]) -> None:
        self.beginResetModel()
        self.segments = list(segments)
        self._texts = [None] * len(self.segments)
        self.endResetModel()

    def append(self, new: list[Segment]) -> int:
        """Add the segments not already held (same start and end); returns how many were added."""
        known = {(round(s.start, 3), round(s.end, 3)) for s in self.segments}
        fresh = [s for s in new if (round(s.start, 3), round(s.end, 3)) not in known]
        if fresh:
            first = len(self.segments)
            self.beginInsertRows(QModelIndex(), first, first + len(fresh) - 1)
            self.segments.extend(fresh)
            self._texts.extend([None] * len(fresh))
            self.endInsertRows()
        return len(fresh)


class SegmentList(QListView):
    selected = Signal(int)  # the row now current (-1: none)
    edit_requested = Signal(str, object, tuple)  # "split" | "merge" | "nudge", the segment, its values
    correct_requested = Signal(object, int)  # the segment, the index of the word Whisper got wrong

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("segments")
        self.model_ = SegmentModel(self)
        self.setModel(self.model_)
        self.sentences: list[Segment] = []  # what is stored; the model shows these or their phrases
        self.unit = SENTENCE
        self.setWordWrap(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.setUniformItemSizes(False)
        self.selectionModel().currentRowChanged.connect(lambda current, _: self.selected.emit(current.row()))
        self.setContextMenuPolicy(Qt.CustomContextMenu)
        self.customContextMenuRequested.connect(self._menu)

    @property
    def segments(self) -> list[Segment]:
        return self.model_.segments

    def count(self) -> int:
        return len(self.model_.segments)

    def currentRow(self) -> int:
        return self.currentIndex().row() if self.currentIndex().isValid() else -1

    def setCurrentRow(self, row: int) -> None:
        self.setCurrentIndex(self.model_.index(row, 0))

    def current(self) -> Segment | None:
        row = self.currentRow()
        return self.segments[row] if 0 <= row < self.count() else None

    def set_segments(self, segments: list[Segment]) -> None:
        """Show ``segments`` (sentences) instead, keeping the selected row (the first if none)."""
        self.sentences = list(segments)
        self._show(practice_units(self.sentences, self.unit), max(0, self.currentRow()))

    def _show(self, units: list[Segment], row: int) -> None:
        selection = self.selectionModel()
        selection.blockSignals(True)  # the reset's own "no current row" is not a choice of the learner's
        self.model_.replace(units)
        selection.blockSignals(False)
        if units:
            self.setCurrentRow(min(row, len(units) - 1))

    def add_segments(self, new: list[Segment]) -> None:
        known = {(round(s.start, 3), round(s.end, 3)) for s in self.sentences}
        fresh = [s for s in new if (round(s.start, 3), round(s.end, 3)) not in known]
        self.sentences.extend(fresh)
        self.model_.append(practice_units(fresh, self.unit))
        if self.currentRow() < 0 and self.segments:
            self.setCurrentRow(0)

    def set_unit(self, unit: str) -> None:
        """Sentences or phrases, re-cut at once; the selection stays where the learner was."""
        if unit == self.unit:
            return
        here = self.current()
        self.unit = unit
        units = practice_units(self.sentences, unit)
        row = 0
        if here is not None:
            row = next((i for i, u in enumerate(units) if u.end > here.start + 1e-3), max(0, len(units) - 1))
        self._show(units, row)  # the new current row is announced by the selection model

    def clear(self) -> None:
        self.set_segments([])

    def _menu(self, pos) -> None:
        row = self.indexAt(pos).row()
        if not 0 <= row < self.count() or self.segments[row].id is None:
            return
        seg = self.segments[row]
        menu = QMenu(self)
        if self.unit == PHRASE:  # edits change the stored sentences: they are made on sentences
            menu.addAction(translate("Segments", "Edits are made on sentences: choose “Sentences” above the list")) \
                .setEnabled(False)
            menu.exec(self.viewport().mapToGlobal(pos))
            return
        split = menu.addMenu(translate("Segments", "Split before word"))
        for k, word in enumerate(seg.words[1:], 1):
            split.addAction(f"{k + 1}. {word.text}", lambda k=k: self.edit_requested.emit("split", seg, (k,)))
        split.setEnabled(len(seg.words) > 1)
        merge = menu.addAction(translate("Segments", "Merge with next"), lambda: self.edit_requested.emit("merge", seg, ()))
        merge.setEnabled(row + 1 < self.count())
        correct = menu.addMenu(translate("Segments", "Correct a word"))
        for k, word in enumerate(seg.words):
            correct.addAction(f"{k + 1}. {word.text}", lambda k=k: self.correct_requested.emit(seg, k))
        correct.setEnabled(bool(seg.words))
        menu.addSeparator()
        for label, start, end in ((translate("Segments", "Start 0.1 s earlier"), -0.1, 0),
                                  (translate("Segments", "Start 0.1 s later"), 0.1, 0),
                                  (translate("Segments", "End 0.1 s earlier"), 0, -0.1),
                                  (translate("Segments", "End 0.1 s later"), 0, 0.1)):
            menu.addAction(label, lambda a=start, b=end: self.edit_requested.emit("nudge", seg, (a, b)))
        menu.exec(self.viewport().mapToGlobal(pos))
