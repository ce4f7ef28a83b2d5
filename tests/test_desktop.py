"""Shadow as a desktop app: the launcher entry and icons, one window per library, and the window
reopening where the learner left off."""

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
pytest.importorskip("PySide6")

from .conftest import JFK, transcript_in  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SHORT = ROOT.parent / "shared" / "media" / "clips" / "librispeech_1221-135766-0002.wav"


def test_install_desktop_writes_a_valid_entry_with_icons_and_open_with_and_uninstall_removes_it(tmp_path, capsys):
    from shadowing import cli, desktop, media

    home = tmp_path / "share"
    assert cli.main(["install-desktop", "--data-home", str(home)]) == 0
    entry = home / "applications" / "shadowing.desktop"
    text = entry.read_text(encoding="utf-8")
    fields = dict(line.split("=", 1) for line in text.splitlines() if "=" in line)
    assert fields["Name"] == "Shadow" and fields["Icon"] == "shadowing" and fields["Exec"].endswith(" gui %f")
    assert "シャドーイング" in fields["Name[ja]"]
    command = fields["Exec"][: -len(" gui %f")].strip('"')
    assert Path(command.split()[0]).exists()  # the launcher runs this installation's shadowing
    offered = set(fields["MimeType"].strip(";").split(";"))
    assert offered == set(media.MEDIA_TYPES.values()) and {"audio/mpeg", "audio/mp4", "video/mp4"} <= offered
    for size in desktop.ICON_SIZES:
        png = home / "icons" / "hicolor" / f"{size}x{size}" / "apps" / "shadowing.png"
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert (home / "icons" / "hicolor" / "scalable" / "apps" / "shadowing.svg").exists()
    validate = shutil.which("desktop-file-validate")
    if validate:  # desktop-file-utils (CI installs it)
        check = subprocess.run([validate, str(entry)], capture_output=True, text=True)
        assert check.returncode == 0 and not check.stdout.strip(), check.stdout + check.stderr
    assert cli.main(["install-desktop", "--uninstall", "--data-home", str(home)]) == 0
    assert not any(p.exists() for p in desktop.DesktopFiles(home).all())


def test_the_icon_pngs_are_drawn_from_the_svg_at_every_size(qapp):
    from PySide6.QtGui import QImage

    from shadowing import desktop
    from shadowing.gui.icon import app_icon

    for size in desktop.ICON_SIZES:
        image = QImage(str(desktop.ICONS / f"shadow-{size}.png"))
        assert (image.width(), image.height()) == (size, size)
        assert image.pixelColor(size // 2, size // 2).alpha() == 255  # the tile, not a blank
    assert not app_icon().isNull() and set(desktop.ICON_SIZES) <= {s.width() for s in app_icon().availableSizes()}


def _shadowing(*args, env, log=None):
    return subprocess.Popen([sys.executable, "-m", "shadowing", "gui", *args], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=log or subprocess.PIPE, start_new_session=True)


def test_a_second_start_hands_its_file_to_the_running_window_and_exits(qapp, jfk_home, tmp_path):
    """"Open with Shadow" while the app runs: one window, the file opens in it."""
    from shadowing.storage import Library

    from shadowing.gui import instance

    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    log = tmp_path / "first.txt"
    first = _shadowing(env=env, log=log.open("wb"))
    try:
        name = instance.server_name(jfk_home / "library.sqlite3")
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not instance.hand_over(name, None):  # listening yet?
            assert first.poll() is None, log.read_text(errors="replace")[-2000:]
            time.sleep(0.3)
        second = _shadowing(str(SHORT), env=env)
        out = second.communicate(timeout=30)[1].decode()
        assert second.returncode == 0 and "already open" in out, out
        assert first.poll() is None  # one app, still running

        def opened():
            with Library(jfk_home / "library.sqlite3") as library:
                return any(Path(e.path).name == SHORT.name for e in library.episodes())

        while time.monotonic() < deadline + 60 and not opened():
            time.sleep(0.5)
        assert opened(), log.read_text(errors="replace")[-2000:]
    finally:
        first.terminate()
        try:
            first.wait(20)
        except subprocess.TimeoutExpired:
            first.kill()


def test_the_window_reopens_at_its_size_on_the_last_episode_and_sentence(qtbot, jfk_home):
    from shadowing.audio import FileBackend
    from shadowing.gui import window_state
    from shadowing.gui.app import open_first
    from shadowing.gui.main_window import MainWindow

    w = MainWindow(backend_factory=lambda: FileBackend(48000, realtime=True))
    qtbot.addWidget(w)
    assert window_state.restore(w) == window_state.LastPlace(None, None)  # a first start: 1280x800, no episode
    assert (w.width(), w.height()) == (1280, 800)
    w.show()
    w.resize(1240, 760)
    w.splitter.setSizes([260, 600, 380])
    qtbot.wait(50)
    size, sizes = (w.width(), w.height()), w.splitter.sizes()
    assert size != (1280, 800)
    w.open_episode(str(JFK))
    qtbot.waitUntil(lambda: transcript_in(w) and w.segment_list.count() >= 2, timeout=60000)
    w.select_segment(1)
    w.close()

    again = MainWindow(backend_factory=lambda: FileBackend(48000, realtime=True))
    qtbot.addWidget(again)
    last = window_state.restore(again)
    again.show()
    assert Path(last.episode) == Path(JFK).resolve() and last.segment_row == 1
    # the height as it was (the offscreen screen is 800 px wide, so Qt fits the width to it), the splitters as they were
    assert again.height() == size[1] and again.width() < 1280
    # the centre as it was (not the first start's 660 px); the side panes share what the narrower screen took
    assert again.splitter.sizes()[1] == sizes[1] != 660
    open_first(again, None, last)
    qtbot.waitUntil(lambda: again.episode is not None and again.segment_list.currentRow() == 1, timeout=60000)
    again.close()
