"""The Podcasts window: add a feed (or an OPML file), see its episodes, download with progress
and cancel, and open a downloaded episode in the practice window (with its published transcript
when the feed gives one). All network work runs on the thread pool through ``shadowing.feeds``."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QFileDialog, QHBoxLayout, QLabel, QLineEdit, QListWidget, QListWidgetItem,
                               QProgressBar, QPushButton, QSplitter, QTreeWidget, QTreeWidgetItem, QVBoxLayout,
                               QWidget)

from .. import feeds
from ..i18n import translate
from ..storage import Library
from .banner import error_banner
from .ops import Op

SHOWN = 300  # episodes listed at once; a feed of thousands stays responsive


def _length(seconds) -> str:
    if not seconds:
        return ""
    h, rest = divmod(int(seconds), 3600)
    return f"{h}:{rest // 60:02d}:{rest % 60:02d}" if h else f"{rest // 60}:{rest % 60:02d}"


class PodcastsWindow(QWidget):
    changed = Signal()  # feeds or episodes were loaded
    downloaded = Signal(object)  # (episode, stored item, transcript path)
    open_requested = Signal(str, object)  # path, text source (None or "sidecar")

    def __init__(self, library_path: Path, parent=None):
        super().__init__(parent, Qt.Window)
        self.setWindowTitle(translate("Podcasts", "Shadow — podcasts"))
        self.library_path = Path(library_path)
        self._download: Op | None = None
        split = QSplitter()
        split.addWidget(self._feeds_side())
        split.addWidget(self._episodes_side())
        split.setSizes([300, 900])
        self.banner = error_banner()
        self.status = QLabel()
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addLayout(self._address_row())
        layout.addWidget(split, 1)
        layout.addWidget(self.status)
        self.resize(1280, 800)
        self._item_selected()

    def _address_row(self) -> QHBoxLayout:
        self.url = QLineEdit()
        self.url.setPlaceholderText(translate("Podcasts", "a podcast's feed address (RSS or Atom), e.g. "
                                                          "https://example.com/feed.xml"))
        self.url.returnPressed.connect(self.add_feed)
        add = QPushButton(translate("Podcasts", "Add feed"))
        add.clicked.connect(self.add_feed)
        opml = QPushButton(translate("Podcasts", "Import OPML…"))
        opml.clicked.connect(self.import_opml)
        top = QHBoxLayout()
        top.addWidget(self.url, 1)
        top.addWidget(add)
        top.addWidget(opml)
        return top

    def _feeds_side(self) -> QWidget:
        self.feed_list = QListWidget()
        self.feed_list.setObjectName("feeds")
        self.feed_list.setWordWrap(True)
        self.feed_list.currentRowChanged.connect(lambda _: self._show_items())
        refresh = QPushButton(translate("Podcasts", "Refresh"))
        refresh.setToolTip(translate("Podcasts", "fetch the feed again and show new episodes"))
        refresh.clicked.connect(self.refresh_feed)
        left = QWidget()
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        lv.addWidget(QLabel("<b>{}</b>".format(translate("Podcasts", "Feeds"))))
        lv.addWidget(self.feed_list, 1)
        lv.addWidget(refresh)
        return left

    def _episodes_side(self) -> QWidget:
        self.item_list = QTreeWidget()
        self.item_list.setObjectName("feed_items")
        self.item_list.setHeaderLabels(["#", translate("Podcasts", "date"), translate("Podcasts", "length"), "",
                                        translate("Podcasts", "title")])
        self.item_list.setRootIsDecorated(False)
        self.item_list.setColumnWidth(0, 44)
        self.item_list.setColumnWidth(1, 92)
        self.item_list.setColumnWidth(2, 64)
        self.item_list.setColumnWidth(3, 40)
        self.item_list.currentItemChanged.connect(lambda *_: self._item_selected())
        self.item_list.itemDoubleClicked.connect(lambda *_: self.download_or_open())
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.PlainText)
        self.detail.setMaximumHeight(90)
        self.download_button = QPushButton(translate("Podcasts", "Download"))
        self.download_button.clicked.connect(self.download_or_open)
        self.transcript_button = QPushButton(translate("Podcasts", "Open with the published transcript"))
        self.transcript_button.clicked.connect(lambda: self.open_selected("sidecar"))
        self.progress = QProgressBar()
        self.progress.setObjectName("download_progress")
        self.cancel_button = QPushButton(translate("Podcasts", "Cancel"))
        self.cancel_button.clicked.connect(self.cancel_download)
        self.progress_row = QWidget()
        pr = QHBoxLayout(self.progress_row)
        pr.setContentsMargins(0, 0, 0, 0)
        pr.addWidget(self.progress, 1)
        pr.addWidget(self.cancel_button)
        self.progress_row.hide()
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.transcript_button)
        buttons.addWidget(self.download_button)
        right = QWidget()
        rv = QVBoxLayout(right)
        rv.setContentsMargins(0, 0, 0, 0)
        self.items_label = QLabel("<b>{}</b>".format(translate("Podcasts", "Episodes")))
        rv.addWidget(self.items_label)
        rv.addWidget(self.item_list, 1)
        rv.addWidget(self.detail)
        rv.addWidget(self.progress_row)
        rv.addLayout(buttons)
        return right

    # --- helpers -----------------------------------------------------------------------------

    def _run(self, fn, *args, done=None) -> Op:
        """``fn(task, *args)`` in the background; errors go to this window's banner."""
        op = Op(self, fn, *args).with_progress(self._progress)
        if done is not None:
            op.on_result(done)
        return op

    def show_error(self, message: str) -> None:
        self.banner.setText(message)
        self.banner.show()
        self.status.setText("")

    def clear_error(self) -> None:
        self.banner.hide()

    @property
    def feed_id(self) -> int | None:
        item = self.feed_list.currentItem()
        return item.data(Qt.UserRole) if item is not None else None

    def selected(self):
        item = self.item_list.currentItem()
        return item.data(0, Qt.UserRole) if item is not None else None

    # --- loading -----------------------------------------------------------------------------

    def reload(self, select: int | None = None) -> None:
        def work(task, path):
            with Library(path) as library:
                return feeds.feeds(library)

        self._run(work, self.library_path, done=lambda found: self._show_feeds(found, select)).start()

    def _show_feeds(self, found, select) -> None:
        keep = select or self.feed_id
        self.feed_list.blockSignals(True)
        self.feed_list.clear()
        for f in found:
            episodes = f.episodes
            item = QListWidgetItem(translate("Podcasts", "{title}\n%n episode(s)", None, episodes).format(title=f.title))
            item.setData(Qt.UserRole, f.id)
            item.setToolTip(f.url)
            self.feed_list.addItem(item)
            if f.id == keep:
                self.feed_list.setCurrentItem(item)
        if self.feed_list.currentRow() < 0 and found:
            self.feed_list.setCurrentRow(0)
        self.feed_list.blockSignals(False)
        if not found:
            self.status.setText(translate("Podcasts", "No feeds yet: paste a podcast's feed address above, or import "
                                                      "your podcast app's subscriptions (OPML)."))
        self._show_items()

    def _show_items(self) -> None:
        feed_id = self.feed_id
        if feed_id is None:
            self.item_list.clear()
            self.changed.emit()
            return

        def work(task, path, feed_id):
            with Library(path) as library:
                return feeds.items(library, feed_id)

        self._run(work, self.library_path, feed_id, done=self._fill_items).start()

    def _fill_items(self, listed) -> None:
        current = self.selected()
        self.item_list.clear()
        for it in listed[:SHOWN]:
            i = it.item
            marks = ("↓" if it.file else "") + (" T" if i.best_transcript() else "")
            row = QTreeWidgetItem([str(it.number), (i.published or "")[:10], _length(i.duration_s), marks, i.title])
            row.setData(0, Qt.UserRole, it)
            row.setToolTip(4, i.title)
            row.setToolTip(3, translate("Podcasts", "↓ downloaded · T a published transcript") if marks else "")
            self.item_list.addTopLevelItem(row)
            if current is not None and it.id == current.id:
                self.item_list.setCurrentItem(row)
        label = translate("Podcasts", "<b>Episodes</b> (the newest {shown} of {count}) · ↓ downloaded · T published "
                                      "transcript") if len(listed) > SHOWN else \
            translate("Podcasts", "<b>Episodes</b> ({count}) · ↓ downloaded · T published transcript")
        self.items_label.setText(label.format(shown=SHOWN, count=len(listed)))
        if self.item_list.currentItem() is None and listed:
            self.item_list.setCurrentItem(self.item_list.topLevelItem(0))
        self._item_selected()
        self.changed.emit()

    def _item_selected(self) -> None:
        it = self.selected()
        busy = self._download is not None
        if it is None:
            self.detail.setText("")
            self.download_button.setEnabled(False)
            self.transcript_button.setVisible(False)
            return
        i = it.item
        size = f" · {i.enclosure_length / 1e6:.0f} MB" if i.enclosure_length and i.enclosure_length > 1000 else ""
        ref = i.best_transcript()
        text = f"{i.title}{size}" + (translate("Podcasts", " · transcript published ({kind})").format(kind=ref.kind) if ref else "")
        self.detail.setText(text + ("\n" + i.description if i.description else ""))
        self.download_button.setText(translate("Podcasts", "Open") if it.file else translate("Podcasts", "Download"))
        self.download_button.setEnabled(not busy and (bool(it.file) or bool(i.enclosure_url)))
        self.transcript_button.setVisible(bool(it.file and it.transcript_file))

    # --- actions -----------------------------------------------------------------------------

    def add_feed(self) -> None:
        url = self.url.text().strip()
        if not url:
            return
        self.clear_error()
        self.status.setText(translate("Podcasts", "fetching {url}…").format(url=url))

        def work(task, path, url):
            with Library(path) as library:
                return feeds.add_feed(library, url)

        def added(stored):
            self.url.clear()
            episodes = stored.episodes
            self.status.setText(translate("Podcasts", "added {title}: %n episode(s)", None, episodes).format(
                title=stored.title))
            self.reload(select=stored.id)

        self._run(work, self.library_path, url, done=added).start()

    def import_opml(self, path: str | None = None) -> None:
        if not path:
            path, _ = QFileDialog.getOpenFileName(self, translate("Podcasts", "Import subscriptions"), "",
                                                  translate("Podcasts", "OPML (*.opml *.xml);;All files (*)"))
            if not path:
                return
        self.clear_error()
        self.status.setText(translate("Podcasts", "importing {path}…").format(path=path))

        def work(task, library_path, path):
            with Library(library_path) as library:
                return feeds.import_opml(library, path)

        def done(results):
            failed = [f"{url}: {error}" for url, _, error in results if error]
            self.status.setText(translate("Podcasts", "{added} of {count} feeds added").format(
                added=len(results) - len(failed), count=len(results)))
            if failed:
                self.show_error(translate("Podcasts", "Some feeds could not be added:\n{feeds}").format(
                    feeds="\n".join(failed[:5])))
            self.reload()

        self._run(work, self.library_path, path, done=done).start()

    def refresh_feed(self) -> None:
        feed_id = self.feed_id
        if feed_id is None:
            return
        self.clear_error()
        self.status.setText(translate("Podcasts", "refreshing…"))

        def work(task, path, feed_id):
            with Library(path) as library:
                return feeds.refresh(library, feed_id)

        def done(stored):
            new = stored.new
            self.status.setText(translate("Podcasts", "{title}: %n new episode(s)", None, new).format(
                title=stored.title))
            self.reload(select=stored.id)

        self._run(work, self.library_path, feed_id, done=done).start()

    def download_or_open(self) -> None:
        it = self.selected()
        if it is None:
            return
        if it.file:
            self.open_selected(None)
        else:
            self.download(it)

    def open_selected(self, text_source) -> None:
        it = self.selected()
        if it is not None and it.file:
            self.open_requested.emit(it.file, text_source)

    def download(self, it) -> None:
        if self._download is not None:
            return
        self.clear_error()
        self.progress.setRange(0, 0)
        self.progress.setFormat(translate("Podcasts", "downloading {title}").format(title=it.item.title))
        self.progress_row.show()

        def work(task, path, feed_id, guid):
            def progress(done, total):
                task.signals.progress.emit((done, total))

            with Library(path) as library:
                try:
                    return feeds.download(library, feed_id, guid, progress, lambda: task.cancelled)
                except feeds.Cancelled:
                    return None  # the learner asked: not an error; the part is kept for next time

        self._download = self._run(work, self.library_path, it.feed_id, it.item.guid, done=self._downloaded) \
            .on_finished(self._download_finished).start()
        self._item_selected()

    def _progress(self, value) -> None:
        done, total = value
        if total:
            self.progress.setRange(0, 1000)
            self.progress.setValue(int(1000 * done / total))
            self.progress.setFormat(f"{done / 1e6:.1f} of {total / 1e6:.1f} MB")
        else:
            self.progress.setFormat(f"{done / 1e6:.1f} MB")

    def _downloaded(self, result) -> None:
        if result is None:
            self.status.setText(translate("Podcasts", "cancelled: what arrived is kept, and downloading again resumes "
                                                      "there"))
            return
        episode, stored, transcript = result
        self.status.setText((translate("Podcasts", "downloaded “{title}” with its published transcript: double-click "
                                                   "or Open to practise it") if transcript else
                             translate("Podcasts", "downloaded “{title}”: double-click or Open to practise it"))
                            .format(title=episode.title))
        self.downloaded.emit(result)
        self._show_items()

    def _download_finished(self) -> None:
        self._download = None
        self.progress_row.hide()
        self._item_selected()

    def cancel_download(self) -> None:
        if self._download is not None:
            self._download.cancel()
