"""The window in Japanese: every string translated, placeholders kept, no English left on screen."""

import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
pytest.importorskip("PySide6")

from .conftest import GUI_RATE, window_on_jfk  # noqa: E402
from shadowing.audio import FileBackend  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
TS = ROOT / "shadowing" / "gui" / "translations" / "shadow_ja.ts"
PLACEHOLDER = re.compile(r"\{\w*\}|%n")
DEVICE_LISTS = ("input_device", "output_device")

# English that may stay on a Japanese screen: names, units, file types, keys
ALLOWED = {"shadow", "whisper", "tiny", "base", "faster", "wpm", "ms", "min", "anki", "csv", "opml", "rss", "atom",
           "zip", "apkg", "tsv", "txt", "xml", "portaudio", "ctrl", "pip", "install", "shadowing", "mp3", "flac",
           "https", "example", "com", "feed", "en", "db", "fusion", "english", "iqr", "ffmpeg"}


def _messages():
    for context in ET.parse(TS).getroot().iter("context"):
        for message in context.iter("message"):
            translation = message.find("translation")
            forms = [f.text or "" for f in translation.iter("numerusform")] or [translation.text or ""]
            yield context.find("name").text, message.find("source").text, translation.get("type"), forms


def test_every_string_is_translated_and_keeps_its_placeholders():
    messages = list(_messages())
    assert len(messages) > 300
    for context, source, kind, forms in messages:
        assert kind is None, f"{context}: {source!r} is {kind}"
        for text in forms:
            assert text.strip(), f"{context}: {source!r} has an empty translation"
            assert sorted(PLACEHOLDER.findall(text)) == sorted(PLACEHOLDER.findall(source)), (context, source, text)
            assert len(re.findall("&", text)) == len(re.findall("&", source)), (context, source, text)  # menu keys


def test_the_translation_file_holds_every_string_the_code_marks(tmp_path):
    """A string added to the code without a translation fails here (run pyside6-lupdate, then translate it)."""
    lupdate = Path(sys.executable).with_name("pyside6-lupdate")
    if not lupdate.exists():
        pytest.skip("pyside6-lupdate is not installed beside this Python")
    files = [str(p) for p in (ROOT / "shadowing").rglob("*.py")]
    fresh = tmp_path / "fresh.ts"
    subprocess.run([str(lupdate), *files, "-ts", str(fresh)], check=True, capture_output=True)
    marked = {(c.find("name").text, m.find("source").text)
              for c in ET.parse(fresh).getroot().iter("context") for m in c.iter("message")}
    translated = {(context, source) for context, source, _, _ in _messages()}
    assert marked - translated == set(), "strings in the code without a Japanese translation"


def _visible_texts(widget) -> list[str]:
    """What a person reads in ``widget`` and its visible children: labels, buttons, items, tooltips, titles."""
    from PySide6.QtWidgets import (QAbstractButton, QAbstractSpinBox, QComboBox, QGroupBox, QLabel, QLineEdit,
                                   QListView, QMenu, QTabWidget, QTextEdit, QTreeWidget, QWidget)

    texts = [widget.windowTitle()]
    for w in [widget] + widget.findChildren(QWidget):
        if not w.isVisibleTo(widget) and w is not widget and not isinstance(w, QMenu):
            continue
        texts.append(w.toolTip())
        if isinstance(w, (QLabel, QAbstractButton)):
            texts.append(w.text())
        if isinstance(w, QGroupBox):
            texts.append(w.title())
        if isinstance(w, QLineEdit):
            texts.append(w.placeholderText())
        if isinstance(w, QTextEdit):
            texts.append(w.toPlainText())
            texts.append(w.placeholderText())
        if isinstance(w, QAbstractSpinBox):
            texts += [w.prefix(), w.suffix(), w.specialValueText()] if hasattr(w, "prefix") else []
        if isinstance(w, QComboBox):  # sound devices are named by the system ("pulse", "default"): their first item only
            texts += [w.itemText(i) for i in range(1 if w.objectName() in DEVICE_LISTS else w.count())]
        if isinstance(w, QTabWidget):
            texts += [w.tabText(i) for i in range(w.count())]
        if isinstance(w, QTreeWidget):
            texts += [w.headerItem().text(i) for i in range(w.columnCount())]
        if isinstance(w, QMenu):
            texts += [a.text() for a in w.actions()] + [w.title()]
        if isinstance(w, QListView) and w.model() is not None:
            model = w.model()
            texts += [str(model.data(model.index(r, 0)) or "") for r in range(min(model.rowCount(), 20))]
    return [t for t in texts if t]


def _english_left(texts: list[str], content: set[str]) -> list[str]:
    """Words of three letters or more that are neither allowed nor the episode's own (its transcript, title, path)."""
    left = []
    for text in texts:
        plain = re.sub(r"<[^>]+>", " ", text)
        plain = re.sub(r"(/|\b[\w.-]+\.(py|ts|wav|flac|mp3|sqlite3)\b|/[\w./-]+)", " ", plain)  # paths, files
        for word in re.findall(r"[A-Za-z]{3,}", plain):
            if word.lower() not in ALLOWED and word.lower() not in content:
                left.append(f"{word!r} in {text[:80]!r}")
    return left


@pytest.fixture
def japanese(qapp):
    from shadowing.gui.language import install

    assert install(qapp, "ja") == "ja"
    yield
    install(qapp, "en")


def test_every_window_in_japanese_shows_no_english_left(qtbot, japanese, jfk_home, late_voice, tmp_path):
    from PySide6.QtWidgets import QApplication

    from shadowing.gui.correction import CorrectionDialog
    from shadowing.gui.podcasts import PodcastsWindow
    from shadowing.gui.review import ReviewWindow
    from shadowing.gui.settings_dialog import SettingsDialog
    from shadowing.gui.today import TodayWindow

    w = window_on_jfk(qtbot, lambda: FileBackend(GUI_RATE, input_audio=late_voice, realtime=True))
    qtbot.waitUntil(lambda: w.library_panel.count() == 1 and "完了" in w.library_panel.text(0), timeout=5000)
    w.segment_list.setCurrentRow(1)
    w.transport.loops.setValue(1)
    with qtbot.waitSignal(w.result_shown, timeout=60000):
        w.play_current()
    qtbot.waitUntil(lambda: w.results.waveform.waveforms is not None, timeout=10000)
    content = {x.lower() for s in w.segments for x in re.findall(r"[A-Za-z]+", s.text)}
    content |= {x.lower() for x in re.findall(r"[A-Za-z]+", f"{w.episode.title} {w.episode.path}")}
    content |= {x.lower() for x in re.findall(r"[A-Za-z]+", str(tmp_path) + str(jfk_home))}

    assert "シャドーイング" in w.transport.mode.currentText()
    assert "再生" in w.transport.play_button.text() and w.menuBar().actions()[0].text() == "ファイル(&F)"
    texts = _visible_texts(w) + [a.text() for m in w.menuBar().actions() for a in m.menu().actions()]
    texts += [w.library_panel.text(0), w.status.text(), w.reminder.text(), w.results.result_detail.text()]
    windows = [SettingsDialog(w, ["Kubernetes"], {"tiny.en": 12.0}), TodayWindow(w.library_path, w),
               ReviewWindow(w.library_path, w), PodcastsWindow(w.library_path, w),
               CorrectionDialog(w.segments[1], 0, {0: "unsure"}, w)]
    for other in windows:
        other.show()
        if hasattr(other, "refresh"):
            other.refresh()
        qtbot.wait(1500)
        texts += _visible_texts(other)
        if hasattr(other, "tabs"):  # the review's other tabs
            for i in range(other.tabs.count()):
                other.tabs.setCurrentIndex(i)
                QApplication.processEvents()
                texts += _visible_texts(other)
    broken = tmp_path / "broken.mp3"
    broken.write_bytes(b"not audio at all" * 100)
    w.open_episode(str(broken))  # a bad file: the banner says why, in Japanese
    qtbot.waitUntil(lambda: w.banner.isVisible() and "broken" in w.banner.text(), timeout=20000)
    texts.append(w.banner.text())
    left = _english_left(texts, content | {"kubernetes", "broken"})
    assert not left, "English left on the Japanese screens:\n" + "\n".join(sorted(set(left)))
    # the layout survives the longer Japanese labels: nothing wider than the screen, no button cut short
    assert w.minimumSizeHint().width() <= 1280 and w.width() <= 1280
    for widget in [w] + windows:
        assert not _truncated_buttons(widget), (widget.windowTitle(), _truncated_buttons(widget))
    for other in windows:
        other.close()
    w.close()


def _truncated_buttons(widget) -> list[str]:
    """Visible push buttons and check boxes narrower than their text needs."""
    from PySide6.QtWidgets import QCheckBox, QPushButton

    def needs(b) -> int:  # a push button's size hint has a style minimum (80 px), not only its text
        text = b.fontMetrics().horizontalAdvance(b.text().replace("&", "")) + 8
        return text if isinstance(b, QPushButton) else max(text, b.sizeHint().width())

    return [f"{b.text()!r}: {b.width()} < {needs(b)}"
            for b in widget.findChildren(QPushButton) + widget.findChildren(QCheckBox)
            if b.isVisibleTo(widget) and b.text() and b.width() < needs(b)]
