"""The File menu's library-wide work: Podcasts, Today and Review windows, CSV export, backup and
restore. Each long step runs as an :class:`Op`; the practice window only asks for them."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog

from ..i18n import translate
from ..storage import Library
from .ops import Op


def _export_csv(library_path, folder) -> str:
    from ..backup import export_csv

    with Library(library_path) as library:
        return ", ".join(p.name for p in export_csv(library, folder))


def _attempt_count(library_path, episode_id: int) -> int:
    with Library(library_path) as library:
        return len(library.attempts(episode_id=episode_id))


def _delete_episode(library_path, episode_id: int) -> int:
    with Library(library_path) as library:
        return library.delete_episode(episode_id)


def _glossary_and_speeds(library_path) -> tuple[list[str], dict[str, float]]:
    with Library(library_path) as library:
        return library.glossary(), library.transcription_speeds()


def _change_glossary(library_path, added: list[str], removed: list[str]) -> None:
    with Library(library_path) as library:
        library.add_to_glossary(added)
        library.remove_from_glossary(removed)


def _episode_path(library_path, episode_id: int) -> str:
    with Library(library_path) as library:
        return library.episode(episode_id).path


class FileMenu:
    def __init__(self, window):
        self.w = window
        self.podcasts = self.today = self.review = None

    # --- windows -------------------------------------------------------------------------------

    def open_podcasts(self):
        from .podcasts import PodcastsWindow

        w = self.w
        if self.podcasts is None:
            self.podcasts = PodcastsWindow(w.library_path, w)
            self.podcasts.open_requested.connect(lambda path, source: (w.open_episode(path, source),
                                                                       w.raise_(), w.activateWindow()))
            self.podcasts.downloaded.connect(lambda _: w.refresh_library())
        return _show(self.podcasts, self.podcasts.reload)

    def open_today(self):
        from .today import TodayWindow

        if self.today is None:
            self.today = TodayWindow(self.w.library_path, self.w)
            self.today.continue_requested.connect(self.continue_plan)
        return _show(self.today, self.today.refresh)

    def open_review(self):
        from .review import ReviewWindow

        if self.review is None:
            self.review = ReviewWindow(self.w.library_path, self.w)
        return _show(self.review, self.review.refresh)

    def continue_plan(self, episode_id: int) -> None:
        """Open the plan's episode (if it is not open) and turn the coach on once its segments are in."""
        w = self.w
        if w.episode is not None and w.episode.id == episode_id and w.segments:
            w.transport.coach.setChecked(True)
            return

        def ready():
            if not w.segments or any(s.id is None for s in w.segments):
                return  # segments still arriving from the transcriber
            w.segments_changed.disconnect(ready)
            w.transport.coach.setChecked(True)

        def open_it(path):
            w.segments_changed.connect(ready)
            w.open_episode(path)

        Op(w, _episode_path, w.library_path, episode_id).on_result(open_it).start()

    def open_settings(self) -> None:
        """The glossary and this machine's transcription speeds are read in the background first."""
        Op(self.w, _glossary_and_speeds, self.w.library_path).on_result(lambda found: self._settings(*found)).start()

    def _settings(self, glossary: list[str], speeds: dict[str, float]) -> None:
        from .. import settings
        from .settings_dialog import SettingsDialog

        w = self.w
        dialog = SettingsDialog(w, glossary, speeds, sound_check=lambda: self.open_sound_check(dialog))
        if dialog.exec() != SettingsDialog.Accepted:
            return
        language = settings.load().language
        prefs = dialog.preferences()
        settings.save(prefs)
        w.apply_preferences(prefs)
        w._preload_scorer()
        w.use_devices(dialog.device_choice())
        if prefs.language != language:  # the window's words are set as it is built
            w.status.setText(translate("Settings", "The new language is used from the next start"))
        added, removed = dialog.glossary_changes()
        if added or removed:
            Op(w, _change_glossary, w.library_path, added, removed).on_result(lambda _: w.load_glossary()).start()

    def open_sound_check(self, parent=None) -> None:
        """The microphone's level and the output's hidden latency (first start, Settings, File menu)."""
        from .sound_check import SoundCheckDialog

        SoundCheckDialog(self.w, parent).exec()

    # --- library-wide files --------------------------------------------------------------------

    def remove_episode(self, episode) -> None:
        """Asks first, and says that recordings are kept: they are the learner's, not the episode's.
        The count and the removal are read and written in the background."""
        Op(self.w, _attempt_count, self.w.library_path, episode.id) \
            .on_result(lambda count: self._confirm_removal(episode, count)).start()

    def _confirm_removal(self, episode, count: int) -> None:
        from PySide6.QtWidgets import QMessageBox

        w = self.w
        answer = QMessageBox.question(
            w, translate("FileMenu", "Remove episode"),
            translate("FileMenu", "Remove “{title}” from the library? Its transcript and segments are removed; the "
                      "file itself is not touched. Your recordings (%n attempt(s)) are kept, in "
                      "{folder} and in your history.", None, count).format(
                title=episode.title, folder=w.library_path.parent / "recordings"))
        if answer != QMessageBox.Yes:
            return
        if w.episode is not None and w.episode.id == episode.id:
            w.close_episode()

        def removed(kept: int) -> None:
            w.status.setText(translate("FileMenu", "removed {title}; %n attempt(s) kept", None, kept).format(
                title=episode.title))
            w.refresh_library()
            w.episode_removed.emit(episode)

        Op(w, _delete_episode, w.library_path, episode.id).on_result(removed).start()

    def export_csv(self) -> None:
        folder = QFileDialog.getExistingDirectory(self.w, translate("FileMenu", "Export sessions and attempts to CSV"))
        if folder:
            Op(self.w, _export_csv, self.w.library_path, folder).on_result(lambda names: self.w.status.setText(
                translate("FileMenu", "wrote {names} to {folder}").format(names=names, folder=folder))).start()

    def backup_library(self) -> None:
        from ..backup import backup

        path, _ = QFileDialog.getSaveFileName(self.w, translate("FileMenu", "Back up the library"),
                                              "shadowing-backup.zip", translate("FileMenu", "Zip (*.zip)"))
        if path:
            Op(self.w, lambda p: backup(p)["recordings"], path).on_result(lambda n: self.w.status.setText(
                translate("FileMenu", "backed up the library and %n recording file(s) to {path}", None, n).format(
                    path=path))).start()

    def restore_library(self) -> None:
        from ..backup import restore
        from .review import confirm_restore

        w = self.w
        path, _ = QFileDialog.getOpenFileName(w, translate("FileMenu", "Restore a backup"), "",
                                              translate("FileMenu", "Zip (*.zip)"))
        if not path or not confirm_restore(w, path):
            return
        w.cancel_transcription()
        w.stop()
        w.status.setText(translate("FileMenu", "restoring {path}…").format(path=path))

        def restored(manifest) -> None:
            w.close_episode()
            w.refresh_library()
            w.status.setText(translate("FileMenu", "restored {path}; the previous library is in {previous}").format(
                path=path, previous=manifest.get("previous")))

        # restore checks the whole archive first: a bad one changes nothing
        Op(w, restore, path).on_result(restored).start()


def install_menus(window) -> None:
    """The window's File and Practice menus, with their keys (application-wide shortcuts)."""
    from . import walk_dialogs

    t, f = window.transport, window.files
    menus = {
        translate("Menu", "&File"): [
            (translate("Menu", "&Open…"), "Ctrl+O", window.open_dialog),
            (translate("Menu", "&Podcasts…"), "Ctrl+P", f.open_podcasts),
            (translate("Menu", "&Today…"), "Ctrl+D", f.open_today),
            (translate("Menu", "&Review progress…"), "Ctrl+H", f.open_review), None,
            (translate("Menu", "Take it for a &walk…"), "", lambda: walk_dialogs.take_it_for_a_walk(window)),
            (translate("Menu", "&Import a walk recording…"), "", lambda: walk_dialogs.import_walk_recording(window)),
            None,
            (translate("Menu", "Export sessions to &CSV…"), "", f.export_csv),
            (translate("Menu", "&Back up library…"), "", f.backup_library),
            (translate("Menu", "Restore from bac&kup…"), "", f.restore_library), None,
            (translate("Menu", "Sound chec&k…"), "", lambda: f.open_sound_check()),  # not triggered's bool
            (translate("Menu", "&Settings…"), "Ctrl+,", f.open_settings),
            (translate("Menu", "&Quit"), "Ctrl+Q", window.close)],
        translate("Menu", "&Practice"): [
            (translate("Menu", "Play / pause"), "Space", window.toggle_play),
            (translate("Menu", "Previous segment"), "Left", lambda: window.step_segment(-1)),
            (translate("Menu", "Next segment"), "Right", lambda: window.step_segment(1)),
            (translate("Menu", "Record on/off"), "R", t.record.toggle),
            (translate("Menu", "Loop on/off (1 or ∞)"), "L", t.toggle_loop),
            (translate("Menu", "Transcript shown / hidden / after attempt"), "T", t.cycle_visibility),
            (translate("Menu", "Coach mode on/off"), "Ctrl+K", t.coach.toggle),
            (translate("Menu", "Slower"), "[", lambda: t.nudge_speed(-1)),
            (translate("Menu", "Faster"), "]", lambda: t.nudge_speed(1))]}
    for title, entries in menus.items():
        menu = window.menuBar().addMenu(title)
        for entry in entries:
            if entry is None:
                menu.addSeparator()
                continue
            a = QAction(entry[0], window)
            a.setShortcut(QKeySequence(entry[1]))
            a.setShortcutContext(Qt.ApplicationShortcut)
            a.triggered.connect(entry[2])
            menu.addAction(a)
            window.addAction(a)


def _show(window, refresh):
    refresh()
    window.show()
    window.raise_()
    return window
