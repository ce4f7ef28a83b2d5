"""Opening an episode from the window: ``episodes.prepare`` as one cancellable Op, with its
progress bar and Cancel button. Segments are announced as the transcriber stores them, so the
first sentence is playable within seconds; the stored ones (with their ids) follow at the end."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QHBoxLayout, QProgressBar, QPushButton, QWidget

from .. import episodes
from ..episodes import clock
from ..i18n import translate
from .ops import Op


class EpisodeOpener(QObject):
    opened = Signal(object)  # the Episode: the file is readable media, only now replace what is shown
    segments_arrived = Signal(list)  # segments stored so far
    progressed = Signal(object)  # records.Progress
    done = Signal(object)  # episodes.TranscriptResult
    failed = Signal(str)

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.progress = QProgressBar()
        cancel = QPushButton(translate("Opener", "Cancel"))
        cancel.clicked.connect(self.cancel)
        self.row = QWidget()
        layout = QHBoxLayout(self.row)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.progress, 1)
        layout.addWidget(cancel)
        self.row.hide()
        self.op: Op | None = None

    @property
    def busy(self) -> bool:
        return self.op is not None

    def open(self, library_path, path: str, model: str | None, text_source: str | None = None, known=None,
             again: bool = False) -> None:
        """``text_source``: "sidecar" (the published transcript), "whisper", or None (what the
        episode used last); ``known``: the library's episode picked, whose file must be unchanged;
        ``again``: Whisper transcribes it anew (``episodes.prepare``)."""
        self.cancel()
        self.row.show()
        self.progress.setValue(0)
        self.progress.setFormat(translate("Opener", "opening…"))

        def work(task, library_path, path, model, text_source):
            def on_job(job):
                task.on_cancel = job.cancel

            return episodes.prepare(library_path, path, model, text_source, known=known, again=again,
                                    on_episode=lambda e: task.signals.partial.emit(("episode", e)),
                                    on_job=on_job, on_progress=task.signals.progress.emit,
                                    on_segments=lambda segs: task.signals.partial.emit(("segments", segs)))

        op = Op(self.window, work, library_path, str(path), model, text_source) \
            .with_progress(self._progress, self._partial).on_result(self.done.emit).on_error(self.failed.emit)
        op.on_finished(lambda: self._finished(op))
        self.op = op.start()

    def cancel(self) -> None:
        if self.op is not None:
            self.op.cancel()

    def _finished(self, op) -> None:
        if self.op is op:
            self.op = None
            self.row.hide()

    def _partial(self, payload) -> None:
        kind, value = payload
        (self.opened if kind == "episode" else self.segments_arrived).emit(value)

    def _progress(self, progress) -> None:
        self.progress.setValue(int(100 * progress.fraction))
        self.progress.setFormat(translate("Opener", "transcribing {done} of {total}").format(
            done=clock(progress.done_s), total=clock(progress.total_s)))
        self.progressed.emit(progress)
