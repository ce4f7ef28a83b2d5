"""Render the app's main screens to PNG files, with a real episode transcribed and attempts scored.

    python -m shadowing.gui.screenshots OUTDIR [--episode FILE]

Runs offscreen in a temporary library (the learner's own is not touched). The learner is the
engine's file input: the segment itself, 350 ms late, with two words cut out in the first loop
and complete in the second, so the result panel shows real scores, colours and waveforms; then a
synthetic learner's voice with one sound said wrong, for the pronunciation marks.
Without ``--episode`` the offline demo episode is used.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

SIZE = (1280, 800)
RATE = 48000
LATE_S = 0.35


def _wait(app, condition, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out waiting for {what}")
        app.processEvents()
        time.sleep(0.005)


def _settle(app, seconds: float = 0.3) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.005)


def _voices(episode: str, seg) -> tuple[np.ndarray, np.ndarray]:
    """The segment spoken LATE_S late: once with its two longest words cut out, once complete.
    (Short words cut out are often filled back in by Whisper's language model.)"""
    from .. import media

    source = media.load_span(episode, seg.start, seg.end, rate=RATE)
    lead = np.zeros(int(LATE_S * RATE), np.float32)
    cut = source.copy()
    for w in sorted(seg.words, key=lambda w: w.end - w.start)[-2:]:
        a, b = int((w.start - seg.start) * RATE), int((w.end - seg.start) * RATE)
        cut[max(0, a): max(0, b)] = 0.0
    return np.concatenate([lead, cut]), np.concatenate([lead, source])


def render(outdir: Path, episode: str | None = None) -> list[Path]:
    from PySide6.QtWidgets import QApplication

    from ..audio import FileBackend
    from .main_window import MainWindow

    outdir.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(["shadowing-screenshots"])
    if episode is None:
        from ..demo import ensure_demo

        episode = str(ensure_demo())
    saved: list[Path] = []

    def shot(widget, name: str) -> None:
        _settle(app)
        path = outdir / f"{name}.png"
        widget.grab().save(str(path))
        saved.append(path)

    backend = FileBackend(RATE, realtime=True)
    window = MainWindow(backend_factory=lambda: backend)
    window.resize(*SIZE)
    window.show()
    try:
        _wait(app, lambda: window.bridge.ready, 30, "the sound engine")
        _practice_shots(app, window, backend, episode, shot)
        _other_shots(app, window, shot)
    finally:
        window.close()  # a window left open would share its shortcuts with the next one's
    return saved


def _practice_shots(app, window, backend, episode: str, shot) -> None:
    """Transcribing, then three loops of one sentence (karaoke, result, dark scheme)."""
    from . import theme

    window.open_episode(episode)
    _wait(app, lambda: (len(window.segments) >= 4 and window.opener.progress.value() > 0) or (
        window._transcribing is None and window.segments), 300, "the first segments")
    shot(window, "transcribing")
    _wait(app, lambda: window._transcribing is None and window.segments and window.segments[0].id is not None,
          900, "the transcript")
    # a full sentence of everyday length, so the result has words of every kind to show
    row = next((i for i, x in enumerate(window.segments) if 10 <= len(x.words) <= 18), 0)
    window.segment_list.setCurrentRow(row)
    seg = window.segments[row]
    first, second = _voices(episode, seg)
    backend.input_audio = first
    complete_next = lambda _: setattr(backend, "input_audio", second)  # noqa: E731
    window.bridge.attempt_recorded.connect(complete_next)
    window.transport.loops.setValue(3)
    window.transport.gap.setValue(1.5)
    results = []
    window.result_shown.connect(results.append)
    window.play_current()
    _wait(app, lambda: len(results) >= 2, 120, "two scored attempts")
    _wait(app, lambda: window.sentence.loop_clock is not None, 30, "the third loop")
    time.sleep(min(2.0, (seg.end - seg.start) / 2))
    window.sentence.refresh()
    shot(window, "playing")  # the karaoke word, mid-sentence
    _wait(app, lambda: len(results) >= 3, 120, "the third attempt")
    _wait(app, lambda: window.results.attempt_list.count() >= 3, 30, "the attempts listed")
    window.results.attempt_list.setCurrentRow(0)  # the first loop, with its missed words, beside the later ones
    _wait(app, lambda: window.results.waveform.waveforms is not None, 30, "the waveforms")
    shot(window, "practice")
    light = app.palette()
    app.setPalette(theme.dark_palette())
    _settle(app, 0.5)
    _wait(app, lambda: window.results.waveform.waveforms is not None, 30, "the waveforms")
    shot(window, "practice-dark")
    app.setPalette(light)
    # a learner's voice (eSpeak NG) reading the sentence with one sound said wrong, as Japanese
    # speakers often do: /r/ as /l/ or /θ/ as /s/; Whisper still hears the word, the sounds do not
    learner = _learner_saying(seg.text, RATE)
    if learner is not None:
        backend.input_audio = np.concatenate([np.zeros(int(LATE_S * RATE), np.float32), learner])
        window.bridge.attempt_recorded.disconnect(complete_next)
        window.transport.loops.setValue(1)
        count = len(results)
        window.play_current()
        _wait(app, lambda: len(results) > count, 120, "the learner's attempt")
        _wait(app, lambda: window.results.waveform.waveforms is not None, 30, "the waveforms")
        shot(window, "practice-sounds")


def _doubtful_shots(app, window, shot) -> None:
    """A sentence with a word Whisper may have got wrong (marked), and the correction dialog."""
    from ..transcription import doubt
    from .correction import CorrectionDialog

    _wait(app, doubt.lexicon_ready, 30, "the dictionary")
    found = next(((row, seg, marks) for row, seg in enumerate(window.segments)
                  if (marks := doubt.doubts(seg.words))), None)
    if found is None:
        return
    row, seg, marks = found
    window.segment_list.setCurrentRow(row)
    _wait(app, lambda: window.sentence.doubts is not None, 10, "the marks")
    shot(window, "doubtful-word")
    dialog = CorrectionDialog(seg, min(marks), marks, window)
    dialog.show()
    shot(dialog, "correct-word")
    dialog.close()


def _learner_saying(text: str, rate: int) -> np.ndarray | None:
    """``text`` read by a synthetic learner (eSpeak NG through its library, its phoneme input on)
    with the first /r/, /l/ or /θ/ of the sentence swapped for the sound learners put there."""
    import ctypes
    import re

    import soxr

    from ..demo import _espeak_library, _synthesise_library

    try:
        library = _espeak_library("en-us+m3")
    except (ImportError, OSError):
        return None
    lib = library[0]
    lib.espeak_TextToPhonemes.restype = ctypes.c_char_p
    words = text.split()
    for i, word in enumerate(words):
        raw = ctypes.c_char_p(re.sub(r"[^\w']", "", word).encode())
        pointer = ctypes.pointer(raw)
        phonemes = (lib.espeak_TextToPhonemes(ctypes.cast(pointer, ctypes.POINTER(ctypes.c_void_p)), 1, 0)
                    or b"").decode().strip()
        for sound, said in (("r", "l"), ("T", "s"), ("l", "r")):
            if sound in phonemes and len(phonemes) > 3:
                words[i] = "[[" + phonemes.replace(sound, said, 1) + "]]"
                break
        else:
            continue
        break
    voice_rate, (samples,) = _synthesise_library([" ".join(words)], lib=library, phoneme_input=True)
    if samples.size == 0:
        return None
    return soxr.resample(samples.astype(np.float32) / 32768, voice_rate, rate).astype(np.float32)


def _other_shots(app, window, shot) -> None:
    """Settings, the review window's three tabs, and a file that is not media."""
    from PySide6.QtCore import Qt

    from ..storage import Library
    from .settings_dialog import SettingsDialog

    _doubtful_shots(app, window, shot)
    with Library(window.library_path) as library:  # a learner's glossary, and the speed measured just now
        library.add_to_glossary(["Kubernetes", "etcd", "error budget"])
        glossary, speeds = library.glossary(), library.transcription_speeds()
    dialog = SettingsDialog(window, glossary, speeds, sound_check=lambda: None)
    dialog.show()
    shot(dialog, "settings")
    dialog.close()
    _sound_check_shot(app, window, shot)
    # the review window over six weeks of generated history (see generate_history), plus today's real attempts
    generate_history(window.library_path)
    review = window.files.open_review()
    loaded = []
    review.loaded.connect(lambda: loaded.append(1))
    _wait(app, lambda: loaded, 60, "the review data")
    for index, name in enumerate(("review-sessions", "review-progress", "review-words")):
        review.tabs.setCurrentIndex(index)
        if name == "review-words":
            for row in range(min(3, review.word_list.topLevelItemCount())):
                review.word_list.topLevelItem(row).setCheckState(0, Qt.Checked)
        shot(review, name)
    review.close()
    bad = Path(os.environ["SHADOWING_HOME"]) / "notes.mp3"
    bad.write_text("a text file renamed .mp3\n")
    window.open_episode(str(bad))
    _wait(app, lambda: window.banner.isVisible(), 30, "the error message")
    shot(window, "error")


def _sound_check_shot(app, window, shot) -> None:
    """The sound check after "Measure with speakers", the file backend's microphone hearing the
    chirps 180 ms late (a Bluetooth-like output), then a voice for the level meter."""
    from ..audio import calibration
    from .sound_check import SoundCheckDialog

    _wait(app, lambda: window.bridge.ready, 30, "the sound engine")
    backend = window.bridge.engine._backend
    played, _ = calibration.signal("loopback", RATE)
    voice = backend.input_audio
    backend.input_audio = np.concatenate([np.zeros(int(0.18 * RATE), np.float32), played])
    dialog = SoundCheckDialog(window)
    dialog.show()
    dialog.speakers.click()
    _wait(app, lambda: "ms" in dialog.status.text(), 60, "the latency measurement")
    backend.input_audio = voice
    _settle(app, 0.5)
    shot(dialog, "sound-check")
    dialog.close()


def generate_history(library_path: Path, days: int = 42, seed: int = 7) -> None:
    """Six weeks of evenings (a week skipped), for pictures of the review window only: activity
    and attempts built from the real attempts already scored, their scores rising over the weeks.
    The attempts point at no recording; the learner's real library never gets these."""
    import copy
    import random
    from datetime import datetime, timedelta

    from .. import history
    from ..storage import Library

    rng = random.Random(seed)
    with Library(library_path) as library:
        real = [a for a in library.attempts() if a.result]
        if not real:
            return
        worst = min(real, key=lambda a: a.score)
        best = max(real, key=lambda a: a.score)
        now = datetime.now().astimezone()
        for n in reversed(range(1, days)):
            if 16 <= n < 23 or rng.random() < 0.1:
                continue  # a skipped week, and the odd evening off
            evening = (now - timedelta(days=n)).replace(hour=21, minute=0, second=0, microsecond=0)
            base = 55 + 35 * (days - n) / days
            clock = evening
            for sentence in range(rng.randint(3, 6)):
                for loop in (1, 2, 3):
                    clock += timedelta(seconds=40)
                    session = history.log_activity(library, 12.0 + rng.random() * 6, "shadow",
                                                   worst.episode_id, worst.segment_id, at=clock)
                    score = max(20, min(100, round(base + 5 * loop + rng.gauss(0, 6))))
                    source = best if score >= 85 else worst
                    result = copy.deepcopy(source.result)
                    result.update(score=score, word_accuracy=min(1.0, score / 100 + 0.05))
                    meta = {"mode": "shadow", "source_start": source.source_start, "source_end": source.source_end,
                            "source_text": source.source_text, "episode_id": source.episode_id,
                            "segment_id": source.segment_id, "loop": loop, "session_id": session,
                            "recorded_at": clock.isoformat()}
                    attempt = library.add_attempt(meta, f"generated/{n}-{sentence}-{loop}.wav", 10.0, "recorded")
                    library.set_attempt_result(attempt, result)
            history.end_session(library)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m shadowing.gui.screenshots", description=__doc__.split("\n")[0])
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--episode", help="an audio/video file (default: the offline demo episode)")
    parser.add_argument("--language", choices=("en", "ja"), default="en", help="the interface language")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from .language import install

    app = QApplication.instance() or QApplication(["shadowing-screenshots"])
    app.setStyle("Fusion")  # the same look on every desktop, for the README
    with tempfile.TemporaryDirectory(prefix="shadowing-shots-") as home:
        os.environ["SHADOWING_HOME"] = home
        install(app, args.language)
        for path in render(args.outdir, args.episode):
            print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
