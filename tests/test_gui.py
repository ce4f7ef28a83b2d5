"""The practice window with real parts: a real episode, the real model, the engine's file input."""

from pathlib import Path
import os

import numpy as np
import pytest
import soundfile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
pytest.importorskip("PySide6")

from .conftest import GUI_RATE, JFK, transcript_in, window_on_jfk  # noqa: E402
from shadowing import media  # noqa: E402
from shadowing.gui import theme  # noqa: E402
from shadowing.audio import FileBackend  # noqa: E402
from .rig.backlogged import Backlogged  # noqa: E402

RATE = GUI_RATE  # the late_voice fixture is recorded at this rate


@pytest.fixture
def window(qtbot, jfk_home, late_voice):
    from shadowing.gui.main_window import MainWindow

    w = MainWindow(backend_factory=lambda: FileBackend(RATE, input_audio=late_voice, realtime=True))
    qtbot.addWidget(w)
    w.resize(1280, 800)
    w.show()
    qtbot.waitUntil(lambda: w.bridge.ready, timeout=20000)
    yield w
    w.close()


def test_open_a_transcribed_episode_shadow_a_segment_and_see_the_scorer_result(qtbot, window):
    window.open_episode(str(JFK))
    qtbot.waitUntil(lambda: transcript_in(window), timeout=60000)
    qtbot.waitUntil(lambda: window.library_panel.count() == 1 and "complete" in window.library_panel.text(0),
                    timeout=5000)
    window.segment_list.setCurrentRow(1)
    window.transport.loops.setValue(1)
    with qtbot.waitSignal(window.result_shown, timeout=60000) as blocker:
        qtbot.keyClick(window, " ")  # Space: play
    scored = blocker.args[0]
    result = scored.result
    assert result is not None and result.score >= 85
    assert abs(result.lag["median"] * 1000 - 300) <= 20
    assert window.results.score_label.text() == str(result.score)
    html = window.results.result_words.toHtml()
    for w in result.words:  # each word in the colour of the status the scorer gave it
        assert f"color:{theme.colour(w.status)}" in html
    qtbot.waitUntil(lambda: window.results.attempt_list.count() == 1, timeout=5000)
    assert str(result.score) in window.results.attempt_list.item(0).text()
    # the waveforms: speaker and learner on one time axis, the learner 300 ms (30 bins) behind
    qtbot.waitUntil(lambda: window.results.waveform.waveforms is not None, timeout=10000)
    wf = window.results.waveform.waveforms
    assert wf.seconds_per_bin == 0.01 and len(window.results.waveform.words) == len(result.words)
    src, att = wf.source - wf.source.mean(), wf.attempt - wf.attempt.mean()
    shifts = range(0, 80)
    best = max(shifts, key=lambda k: float(np.dot(src[: src.size - k], att[k: k + src.size - k])))
    assert abs(best - 30) <= 2, best
    with qtbot.waitSignal(window.bridge.loop_began, timeout=20000) as started:
        window.play_attempt(True)  # A/B: the speaker, then the learner
    assert started.args[0].speed == 1.0
    with qtbot.waitSignal(window.bridge.program_done, timeout=40000):
        pass
    assert window.banner.isHidden()
    # the loop played and the attempt are one session of practice in the library
    from shadowing import history
    from shadowing.storage import Library

    with Library(window.library_path) as lib:
        qtbot.waitUntil(lambda: lib.db.execute("SELECT COUNT(*) FROM activity").fetchone()[0] >= 1, timeout=5000)
        (session,) = history.sessions(lib)
    assert session.origin == "app" and session.attempts == 1 and session.best_score == result.score
    start, end = window.segments[1].start, window.segments[1].end
    assert session.minutes == pytest.approx((end - start) / 60, abs=0.02)  # one loop, A/B listening not counted
    window.grab().save(str(window.library_path.parent / "practice.png"))


def test_keyboard_moves_between_segments_and_changes_speed_and_visibility(qtbot, window):
    window.open_episode(str(JFK))
    qtbot.waitUntil(lambda: transcript_in(window), timeout=60000)
    window.segment_list.setCurrentRow(0)
    qtbot.keyClick(window, "]")
    qtbot.keyClick(window, "]")
    assert window.transport.speed.value() == pytest.approx(1.1)
    qtbot.keyClick(window, "[")
    assert window.transport.speed.value() == pytest.approx(1.05)
    from PySide6.QtCore import Qt

    qtbot.keyClick(window, Qt.Key_Right)
    assert window.segment_list.currentRow() == 1
    qtbot.keyClick(window, Qt.Key_Left)
    assert window.segment_list.currentRow() == 0
    qtbot.keyClick(window, "t")
    assert window.transport.visibility.currentText() == "hidden" and "hidden" in window.sentence.text()
    qtbot.keyClick(window, "r")
    assert not window.transport.record.isChecked() and window.settings().mode == "listen"


def test_a_corrupt_file_shows_a_message_in_the_window(qtbot, window, tmp_path):
    bad = tmp_path / "broken.mp3"
    bad.write_bytes(b"ID3" + os.urandom(2000))
    window.open_episode(str(bad))
    qtbot.waitUntil(lambda: window.banner.isVisible(), timeout=20000)
    assert "broken.mp3" in window.banner.text()
    qtbot.wait(200)  # a refresh of the library list would have come by now
    assert window.library_panel.count() == 1  # nothing added


def test_no_sound_device_is_a_message_not_a_crash(qtbot, jfk_home):
    from shadowing.audio import AudioUnavailable
    from shadowing.gui.main_window import MainWindow

    def no_device():
        raise AudioUnavailable("no sound output device found")

    w = MainWindow(backend_factory=no_device)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitUntil(lambda: w.banner.isVisible(), timeout=10000)
    assert "no sound output device" in w.banner.text()
    w.open_episode(str(JFK))
    qtbot.waitUntil(lambda: transcript_in(w), timeout=60000)
    w.play_current()
    assert "sound is not available" in w.banner.text()
    w.close()


def test_split_and_merge_from_the_window_keep_the_library_in_step(qtbot, window):
    window.open_episode(str(JFK))
    qtbot.waitUntil(lambda: transcript_in(window), timeout=60000)
    second, before = window.segments[1], [s.text for s in window.segments]
    with qtbot.waitSignal(window.segments_changed, timeout=5000):
        window.edit_segment("split", second, (5,))  # before the 6th word
    assert len(window.segments) == len(before) + 1 and window.segment_list.count() == len(before) + 1
    assert window.segments[2].text.startswith(second.words[5].text)
    with qtbot.waitSignal(window.segments_changed, timeout=5000):
        window.edit_segment("merge", window.segments[1])
    assert [s.text for s in window.segments] == before
    assert window.segments[1].id == second.id  # ids survive, so attempts stay attached


def test_preferences_are_the_window_defaults_and_bad_values_fall_back(qtbot, jfk_home, late_voice):
    import json as _json

    from shadowing import settings
    from shadowing.gui.main_window import MainWindow
    from shadowing.gui.settings_dialog import SettingsDialog

    settings.save(settings.Preferences(mode="repeat", loops=5, gap_s=2.0, speed=0.8, visibility="hidden"))
    w = MainWindow(backend_factory=lambda: FileBackend(RATE, input_audio=late_voice))
    qtbot.addWidget(w)
    assert (w.transport.mode.currentText(), w.transport.loops.value(), w.transport.gap.value(), w.transport.speed.value(), w.transport.visibility.currentText()) == \
        ("repeat", 5, 2.0, 0.8, "hidden")
    dialog = SettingsDialog(w)
    assert dialog.preferences() == settings.load()
    (jfk_home / "preferences.json").write_text(_json.dumps({"mode": "sing", "loops": -3, "speed": 9, "extra": 1}))
    assert settings.load() == settings.Preferences(speed=1.5)
    (jfk_home / "preferences.json").write_text("{not json")
    assert settings.load() == settings.Preferences()
    w.close()


def test_removing_an_episode_asks_and_keeps_the_recordings(qtbot, window):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    from shadowing.storage import Library

    window.open_episode(str(JFK))
    qtbot.waitUntil(lambda: transcript_in(window), timeout=60000)
    window.segment_list.setCurrentRow(1)
    window.transport.loops.setValue(1)
    with qtbot.waitSignal(window.result_shown, timeout=60000):
        window.play_current()
    qtbot.waitUntil(lambda: "practised" in window.library_panel.text(0), timeout=5000)
    episode = window.episode
    asked = []

    def answer(button):
        box = QApplication.activeModalWidget()
        if box is None:  # the question comes once the attempts are counted, in the background
            QTimer.singleShot(50, lambda: answer(button))
            return
        asked.append(box.text())
        box.button(button).click()

    QTimer.singleShot(50, lambda: answer(QMessageBox.No))
    window.remove_episode(episode)
    qtbot.waitUntil(lambda: len(asked) == 1, timeout=5000)
    qtbot.wait(300)
    assert window.episode is not None and window.library_panel.count() == 1  # No: nothing removed
    QTimer.singleShot(50, lambda: answer(QMessageBox.Yes))
    with qtbot.waitSignal(window.episode_removed, timeout=5000):
        window.remove_episode(episode)
    assert "Your recordings (1 attempt) are kept" in asked[0]
    qtbot.waitUntil(lambda: window.library_panel.count() == 0, timeout=5000)
    assert window.segment_list.count() == 0
    with Library(window.library_path) as library:
        (attempt,) = library.attempts()
        assert attempt.episode_id is None and attempt.score is not None
    from shadowing.storage.library import resolve_recording
    assert resolve_recording(attempt.path).exists()


def test_qt_signals_do_not_eat_references_to_none_and_bools(qapp):
    """PySide6 6.12.0 on Python 3.11 decrefs None/True/False on every signal delivery: the app then
    aborts after some minutes (found by bench/ui.py). This fails at once on such a build."""
    import sys

    from PySide6.QtCore import QObject, Signal

    class Source(QObject):
        level = Signal(float, float, bool)
        event = Signal(object)

    source, seen = Source(), []
    source.level.connect(lambda peak, rms, clipped: seen.append(clipped))
    source.event.connect(lambda value: None)
    before = sys.getrefcount(None), sys.getrefcount(False)
    for _ in range(2000):
        source.level.emit(0.5, 0.1, False)
        source.event.emit(None)
    seen.clear()
    after = sys.getrefcount(None), sys.getrefcount(False)
    assert abs(after[0] - before[0]) < 100 and abs(after[1] - before[1]) < 100, (before, after)


def test_screenshots_show_each_screen_with_a_scored_attempt(qtbot, tmp_path):
    """``python -m shadowing.gui.screenshots``: the README's pictures come from real work."""
    from PySide6.QtGui import QColor, QImage

    from shadowing.gui.screenshots import render

    saved = {p.stem: p for p in render(tmp_path / "shots", str(JFK))}
    assert set(saved) == {"transcribing", "playing", "practice", "practice-dark", "practice-sounds", "settings", "error",
                          "doubtful-word", "correct-word", "review-sessions", "review-progress", "review-words",
                          "sound-check"}
    for name in ("transcribing", "playing", "practice", "practice-dark", "error"):
        image = QImage(str(saved[name]))
        assert (image.width(), image.height()) == (1280, 800), name  # fits a 1280x800 screen

    def pixels_like(image, hex_colour):
        want = QColor(hex_colour)
        return sum(1 for y in range(0, image.height(), 2) for x in range(0, image.width(), 2)
                   if abs(QColor(image.pixel(x, y)).red() - want.red()) < 12
                   and abs(QColor(image.pixel(x, y)).green() - want.green()) < 12
                   and abs(QColor(image.pixel(x, y)).blue() - want.blue()) < 12)

    # the first loop (two words cut out) is shown: missed words in red beside correct ones in green
    light = QImage(str(saved["practice"]))
    assert pixels_like(light, theme._LIGHT["missed"]) > 20
    assert pixels_like(light, theme._LIGHT["correct"]) > 100
    dark = QImage(str(saved["practice-dark"]))
    assert QColor(dark.pixel(640, 780)).lightness() < 80  # a dark window...
    assert pixels_like(dark, theme._DARK["correct"]) > 100  # ...with the dark scheme's colours


def test_review_window_shows_sessions_charts_and_weak_words(qtbot, jfk_home, tmp_path):
    """Real scored attempts (the scorer, words cut out), then the review window's three tabs."""
    from PySide6.QtCore import Qt

    from shadowing import history
    from shadowing.cli import main
    from shadowing.gui.review import ReviewWindow
    from shadowing.storage import Library

    with Library(jfk_home / "library.sqlite3") as lib:
        (episode,) = lib.episodes()
        second = lib.segments(lib.transcripts(episode.id)[0].id)[1]
    voice = media.load_span(JFK, second.start, second.end)
    last_ask = max(i for i, w in enumerate(second.words) if w.text.strip(" ,.").lower() == "ask")
    for i, w in enumerate(second.words):  # "country" twice and the second "ask": tiny.en cannot fill them in
        if w.text.strip(" ,.").lower() == "country" or i == last_ask:
            voice[max(0, int((w.start - second.start - 0.03) * 16000)):int((w.end - second.start + 0.03) * 16000)] = 0.0
    attempt = tmp_path / "cut.wav"
    soundfile.write(attempt, voice, 16000)
    for _ in range(2):
        assert main(["score", str(JFK), str(attempt), "--segment", "2", "--json"]) == 0

    review = ReviewWindow(jfk_home / "library.sqlite3")
    qtbot.addWidget(review)
    review.show()
    with qtbot.waitSignal(review.loaded, timeout=20000):
        review.refresh()
    assert review.session_list.topLevelItemCount() == 1
    summary = review.session_summary.toPlainText()
    assert "2 (2 scored)" in summary and "from the terminal" in summary
    assert review.word_list.topLevelItem(0).text(0) == "country"
    assert review.segment_choice.count() == 1 and review.segment_choice.currentText().startswith("2×")
    review.tabs.setCurrentIndex(1)
    qtbot.wait(50)
    review.grab().save(str(tmp_path / "progress.png"))
    assert "streak" in review.habit_label.text()

    # tick "country": exported as a deck with its audio, then marked known it leaves the list
    review.tabs.setCurrentIndex(2)
    review.word_list.topLevelItem(0).setCheckState(0, Qt.Checked)
    with qtbot.waitSignal(review.exported, timeout=20000) as exported:
        review.export_anki(str(tmp_path / "deck.apkg"))
    assert exported.args[0].endswith("deck.apkg") and (tmp_path / "deck.apkg").stat().st_size > 10000
    with qtbot.waitSignal(review.loaded, timeout=20000):
        review.mark_known()
    assert "country" not in [review.word_list.topLevelItem(i).text(0) for i in range(review.word_list.topLevelItemCount())]
    with Library(jfk_home / "library.sqlite3") as lib:
        assert "country" not in [w.word for w in history.weak_words(lib)]


def test_podcasts_window_adds_a_feed_downloads_cancels_resumes_and_opens_with_the_transcript(qtbot, window, tmp_path):
    from PySide6.QtCore import Qt

    from .feedserver import FeedServer
    from .test_feeds import SEVEN, _pci_feed

    server = FeedServer()
    try:
        url = _pci_feed(server, chunk_delay_s=0.003)
        pods = window.files.open_podcasts()
        qtbot.waitUntil(lambda: "No feeds yet" in pods.status.text(), timeout=10000)
        pods.url.setText(url)
        with qtbot.waitSignal(pods.changed, timeout=20000):
            qtbot.keyClick(pods.url, Qt.Key_Return)
        qtbot.waitUntil(lambda: pods.item_list.topLevelItemCount() == 3, timeout=10000)
        assert pods.feed_list.count() == 1 and "3 episodes" in pods.feed_list.item(0).text()
        assert pods.item_list.topLevelItem(0).text(3).strip() == "T"  # a published transcript
        # start, cancel midway: nothing enters the library, the part is kept
        before = window.library_panel.count()
        pods.download_button.click()
        qtbot.waitUntil(lambda: pods.progress.value() > 50, timeout=20000)
        pods.cancel_button.click()
        qtbot.waitUntil(lambda: pods._download is None, timeout=20000)
        assert "cancelled" in pods.status.text() and pods.banner.isHidden()
        assert window.library_panel.count() == before
        # again: resumes, checks, adds; then open it on its published transcript
        with qtbot.waitSignal(pods.downloaded, timeout=60000) as got:
            pods.download_button.click()
        episode, item, transcript = got.args[0]
        assert Path(item.file).read_bytes() == SEVEN.read_bytes() and transcript is not None
        assert server.routes["/media/seven.mp3"].requests[-1]["range"].startswith("bytes=")
        qtbot.waitUntil(lambda: pods.transcript_button.isVisible(), timeout=10000)
        pods.grab().save(str(tmp_path / "podcasts.png"))
        with qtbot.waitSignal(window.segments_changed, timeout=30000):
            pods.transcript_button.click()
        qtbot.waitUntil(lambda: "published transcript" in window.segments_label.text(), timeout=30000)
        assert window.segments and "podcast trailer" in " ".join(s.text for s in window.segments)
        qtbot.waitUntil(lambda: any("published transcript" in window.library_panel.text(i)
                                    for i in range(window.library_panel.count())), timeout=5000)
        window.grab().save(str(tmp_path / "opened.png"))
    finally:
        server.close()


def test_coach_mode_drives_the_transport_through_two_sentences(qtbot, jfk_home, late_voice):
    """The learner can say sentence 2 (300 ms behind) but not sentence 1: the coach loops sentence 1
    1 + 2 times per stage, marks it hard, moves to sentence 2, hides the transcript when it should."""
    from PySide6.QtCore import Qt

    from shadowing import coaching, settings
    from shadowing.storage import Library

    settings.save(settings.Preferences(coach_rounds=(1, 2), coach_stretch=2))
    w = window_on_jfk(qtbot, lambda: FileBackend(RATE, input_audio=late_voice, realtime=False))
    steps = []
    w.coach_mode.advanced.connect(lambda step: steps.append(
        None if step is None else (step.stage, step.segment_positions, w.transport.visibility.currentText(), w.transport.mode.currentText())))
    qtbot.keyClick(w, "k", Qt.ControlModifier)  # coach mode on
    qtbot.waitUntil(lambda: bool(steps) and steps[-1] is None, timeout=240000)
    stages = [s[:2] for s in steps[:-1]]
    assert stages[0] == ("listen_through", (0, 1)) and steps[0][2] == "hidden" and steps[0][3] == "listen"
    assert stages.count(("shadow", (0,))) == 3 and stages.count(("shadow_blind", (0,))) == 3  # 1 + 2 loops, each
    assert stages.count(("shadow", (1,))) == 1 and stages.count(("shadow_blind", (1,))) == 1  # passed at once
    assert all(vis == "hidden" for stage, _, vis, _ in steps[:-1] if stage in ("shadow_blind", "stretch_blind"))
    assert all(vis == "shown" for stage, _, vis, _ in steps[:-1] if stage in ("listen", "shadow"))
    assert not w.transport.coach.isChecked() and "done" in w.coach_label.text()
    with Library(w.library_path) as lib:
        (review,) = coaching.reviews(lib)
        assert review.segment_id == w.segments[0].id
        assert coaching.load_plan(lib, w.episode.id).finished
    w.close()


def test_a_device_lost_or_a_stalled_loop_is_played_again_by_the_coach(qtbot, jfk_home, late_voice):
    """The stream dies during sentence 2's shadowing loop (as when a headset is unplugged): the
    window says so, opens the device again by itself, and the coach replays that loop; the cut
    attempt is kept but does not count. Then playback stalls for 300 ms in the next loop: kept,
    not scored, played again."""
    import threading
    import time

    from PySide6.QtCore import Qt

    from shadowing import coaching, settings
    from shadowing.storage import Library

    settings.save(settings.Preferences(coach_rounds=(1,), coach_stretch=2))
    backends = []

    def factory():
        backends.append(Backlogged(RATE, input_audio=late_voice, realtime=True))
        return backends[-1]

    w = window_on_jfk(qtbot, factory)
    steps, lost, back, cut, results = [], [], [], [], []
    w.coach_mode.advanced.connect(lambda step: steps.append(step and (step.stage, step.segment_positions)))
    w.bridge.lost.connect(lost.append)
    w.bridge.reopened.connect(back.append)
    w.bridge.attempt_recorded.connect(lambda a: cut.append(a) if a.interrupted else None)
    w.result_shown.connect(results.append)

    def later(action):
        threading.Thread(target=lambda: (time.sleep(1.0), action()), daemon=True).start()  # a second in

    def unplug(step):
        if step and step[:2] == ("shadow", (1,)) and not lost:
            dead = backends[-1]
            later(lambda: (dead._stop.set(), dead.on_finished()))  # what PortAudio calls when the device goes
        if step and step[:2] == ("shadow_blind", (1,)) and not backends[-1].backlog_s:
            later(lambda: setattr(backends[-1], "backlog_s", 0.3))

    w.coach_mode.advanced.connect(lambda step: unplug(step and (step.stage, step.segment_positions)))
    qtbot.keyClick(w, "k", Qt.ControlModifier)
    qtbot.waitUntil(lambda: bool(lost), timeout=120000)
    assert "stopped" in w.banner.text() and "trying" in w.status.text()
    assert "waiting for the sound device" in w.coach_label.text()
    qtbot.waitUntil(lambda: bool(back), timeout=30000)
    assert not w.banner.isVisible() and "sound is back" in w.status.text() and len(backends) == 2
    qtbot.waitUntil(lambda: bool(steps) and steps[-1] is None, timeout=120000)
    assert steps[:-1] == [("listen_through", (0, 1)), ("listen", (0,)), ("shadow", (0,)), ("shadow_blind", (0,)),
                          ("listen", (1,)), ("shadow", (1,)), ("shadow", (1,)), ("shadow_blind", (1,)),
                          ("shadow_blind", (1,)), ("stretch_blind", (0,)), ("stretch_blind", (1,))]
    assert len(cut) == 2 and all(a.path.exists() for a in cut)  # the cut recordings are kept on disk
    assert cut[1].meta["interrupted_by"] == "dropout" and cut[1].meta["dropout_ms"] == pytest.approx(300, abs=15)
    (stalled,) = [r for r in results if r.recorded is cut[1]]
    assert stalled.result is None and "playback stalled for 0.3 s" in stalled.error
    # after the stall the recorder follows the backlog: the next loops score the late voice as before
    after = [r.result for r in results[results.index(stalled) + 1:] if r.result is not None and r.result.lag.get("median")]
    assert after and all(abs(r.lag["median"] - 0.3) <= 0.05 for r in after), [r.lag for r in after]
    with Library(w.library_path) as lib:
        plan = coaching.load_plan(lib, w.episode.id)
        assert plan.finished
        assert lib.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert lib.attempt(stalled.attempt_id).status == "interrupted"
    # chosen again later from the attempt list, it says why it has no score
    row = next(i for i, a in enumerate(w.results.attempts) if a.id == stalled.attempt_id)
    assert "playback stalled" in w.results.attempt_list.item(row).text()
    w.results.attempt_list.setCurrentRow(row)
    assert "playback stalled for 0.3 s" in w.results.result_words.toPlainText()
    w.close()


def test_space_pauses_and_resumes_and_the_button_says_what_it_will_do(qtbot, window):
    window.open_episode(str(JFK))
    qtbot.waitUntil(lambda: transcript_in(window), timeout=60000)
    window.segment_list.setCurrentRow(1)
    window.transport.loops.setValue(0)
    with qtbot.waitSignal(window.bridge.loop_began, timeout=20000):
        qtbot.keyClick(window, " ")
    assert window.transport.play_button.text() == "Pause"
    qtbot.keyClick(window, " ")
    assert window.transport.play_button.text() == "Play"
    qtbot.waitUntil(lambda: window.bridge.engine.program.paused, timeout=2000)  # after its short fade
    qtbot.keyClick(window, " ")
    assert window.transport.play_button.text() == "Pause" and not window.bridge.engine.program.paused
    window.stop()


def test_phrases_recut_the_list_at_once_and_attempts_stay_with_their_sentence(qtbot, window):
    """Switching to phrases re-cuts the stored sentences at once, keeps the place, and is kept for
    next time; an attempt on a phrase is stored under its sentence; the coach plans by sentence."""
    from shadowing import settings
    from shadowing.segmenter import PHRASE, SENTENCE
    from shadowing.storage import Library

    window.open_episode(str(JFK))
    qtbot.waitUntil(lambda: transcript_in(window), timeout=60000)
    sentences = list(window.segments)
    window.segment_list.setCurrentRow(1)
    window.unit.setCurrentIndex(window.unit.findData(PHRASE))
    phrases = window.segments
    assert len(phrases) > 2 and {p.id for p in phrases} == {s.id for s in sentences}
    assert [w for p in phrases for w in p.words] == [w for s in sentences for w in s.words]
    here = window.current  # the first phrase of the sentence that was selected
    assert here.id == sentences[1].id and here.part == 0 and here.start == sentences[1].start
    qtbot.waitUntil(lambda: settings.load().unit == PHRASE, timeout=5000)
    window.transport.loops.setValue(1)
    with qtbot.waitSignal(window.result_shown, timeout=60000) as shown:
        window.play_current()
    with Library(window.library_path) as lib:
        stored = lib.attempt(shown.args[0].attempt_id)
    assert stored.segment_id == sentences[1].id
    assert shown.args[0].recorded.meta["part"] == 0
    assert shown.args[0].recorded.meta["span"] == [here.start, here.end]
    window.grab().save(str(window.library_path.parent / "phrases.png"))
    # the coach takes whole sentences, and says so
    window.transport.coach.setChecked(True)
    qtbot.waitUntil(lambda: window.segment_list.unit == SENTENCE and len(window.segments) == len(sentences), timeout=5000)
    assert window.unit.currentData() == SENTENCE
    window.transport.coach.setChecked(False)


def test_a_sound_said_wrong_is_marked_explained_and_played_word_by_word(qtbot, engine, tmp_path):
    """"I sink ...": Whisper hears "think"; the result marks the word, its tooltip names the sound
    and the tip, a click asks for the speaker's word then the learner's, and the waveforms carry
    both melodies."""
    from PySide6.QtGui import QColor

    from shadowing.audio.waveform import attempt_waveforms
    from shadowing.gui.result_panel import ResultPanel, sound_tooltip
    from shadowing.scoring import Attempt, score_attempt

    from .conftest import write_wav
    from .truth import espeak

    source_audio = espeak("I think the service is healthy.")
    attempt = espeak("I [[s'INk]] the service is healthy.")
    result = score_attempt(engine.transcribe_clip(source_audio), Attempt(attempt, "repeat", False), source_audio,
                           engine).to_dict()
    panel = ResultPanel(tmp_path / "library.sqlite3")
    qtbot.addWidget(panel)
    panel.resize(900, 500)
    panel.show()
    panel.render_result(result)
    think = next(k for k, w in enumerate(result["words"]) if w["word"].lower().startswith("think"))
    assert f"word:{think}" in panel.result_words.toHtml()
    assert "pronunciation" in panel.result_detail.text() and "a sound to fix" in panel.result_detail.text()
    tip = sound_tooltip(result["words"][think])
    assert "/θ/ → " in tip and "teeth" in tip and "click" in tip
    from PySide6.QtCore import QUrl

    with qtbot.waitSignal(panel.word_play_requested, timeout=1000) as asked:
        panel.result_words.anchorClicked.emit(QUrl(f"word:{think}"))
    assert asked.args[0]["word"] == result["words"][think]["word"]

    source_file, attempt_file = write_wav(tmp_path / "s.wav", source_audio), write_wav(tmp_path / "a.wav", attempt)
    waveforms = attempt_waveforms(attempt_file, source_file, 0.0, source_audio.size / 16000)
    assert waveforms.source_pitch is not None and waveforms.attempt_pitch is not None
    panel.waveform.set_data(waveforms, result["words"])
    image = panel.waveform.grab().toImage()
    want = QColor(theme.colour("pitch"))
    orange = sum(1 for y in range(image.height()) for x in range(0, image.width(), 2)
                 if abs(QColor(image.pixel(x, y)).red() - want.red()) < 20
                 and abs(QColor(image.pixel(x, y)).green() - want.green()) < 20
                 and abs(QColor(image.pixel(x, y)).blue() - want.blue()) < 20)
    assert orange > 50  # both melodies are drawn


def test_a_doubtful_word_is_marked_and_corrected_in_the_sentence_with_the_glossary(qtbot, window, monkeypatch):
    """The learner clicks a word no dictionary has, types the right spelling and ticks the
    glossary: the library, the segment list and the sentence all show the correction."""
    from dataclasses import replace

    from shadowing.gui import correction
    from shadowing.storage import Library
    from shadowing.transcription import doubt

    window.open_episode(str(JFK))
    qtbot.waitUntil(lambda: transcript_in(window), timeout=60000)
    qtbot.waitUntil(doubt.lexicon_ready, timeout=20000)
    window.segment_list.setCurrentRow(1)
    second = window.segments[1]
    # the view as it would be had Whisper written a name it does not know for the first word
    misheard = replace(second, words=(replace(second.words[0], text="Asknot"),) + second.words[1:])
    window.sentence.show_segment(misheard)
    assert window.sentence.doubts[0] == doubt.UNKNOWN
    assert theme.colour("doubtful") in window.sentence.text()
    assert "in no dictionary" in window.sentence.word_tooltip(0)
    asked = []

    def accept(dialog):
        asked.append(dialog.span.currentText())
        dialog.text.setText("ASK")
        dialog.glossary.setChecked(True)
        return correction.CorrectionDialog.Accepted

    monkeypatch.setattr(correction.CorrectionDialog, "exec", accept)
    with qtbot.waitSignal(window.segments_changed, timeout=5000):
        window.sentence.linkActivated.emit("0")  # a click on the marked word
    assert asked == ["Asknot"]
    fixed = window.segments[1]
    assert fixed.words[0].text == "ASK" and fixed.words[0].corrected and fixed.id == second.id
    qtbot.waitUntil(lambda: "ask" in window.sentence.glossary, timeout=5000)
    assert window.sentence.segment.words[0].text == "ASK" and 0 not in window.sentence.doubts
    with Library(window.library_path) as library:
        assert library.glossary() == ["ASK"]
