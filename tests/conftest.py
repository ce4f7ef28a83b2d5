"""Shared fixtures: real media from ../shared, the real embedded model, real SQLite files."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import numpy as np
import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # widgets render without a screen

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
MEDIA = SHARED / "media"
EPISODE = MEDIA / "episode" / "morris_printing.mp3"


def normalise(text: str) -> str:
    from whisper_normalizer.english import EnglishTextNormalizer

    return EnglishTextNormalizer()(text)


def wer(reference: str, hypothesis: str) -> float:
    import jiwer

    return jiwer.wer(normalise(reference), normalise(hypothesis))


def reference(name: str) -> str:
    return (MEDIA / name).with_suffix(".txt").read_text()


def morris_sentences() -> list[dict]:
    return json.loads((MEDIA / "episode" / "morris_printing.segments.json").read_text())["segments"]


def write_wav(path: Path, audio: np.ndarray, rate: int = 16000) -> Path:
    import wave

    pcm = np.clip(audio, -1, 1)
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes((pcm * 32767).astype("<i2").tobytes())
    return path


def speak(text: str, voice: str = "en-us") -> np.ndarray:
    """espeak-ng speech (the library the demo uses) as float32 at 16 kHz: a known script."""
    return speak_each([text], voice)[0]


def speak_each(texts: list[str], voice: str = "en-us") -> list[np.ndarray]:
    import soxr

    from shadowing.demo import _synthesise

    rate, pieces = _synthesise(texts, voice)
    return [soxr.resample(p.astype(np.float32) / 32768, rate, 16000).astype(np.float32) for p in pieces]


@pytest.fixture(autouse=True)
def _home(tmp_path, monkeypatch):
    """Every test gets its own data folder: nothing touches the user's library."""
    monkeypatch.setenv("SHADOWING_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


@pytest.fixture(scope="session")
def engine():
    from shadowing.transcription.engine import get_engine

    return get_engine()


@pytest.fixture(scope="session")
def morris_library(tmp_path_factory):
    """The real 233 s episode transcribed once with the embedded model, shared read-only."""
    from shadowing import episodes

    home = tmp_path_factory.mktemp("morris")
    db = home / "library.sqlite3"
    old = os.environ.get("SHADOWING_HOME")
    os.environ["SHADOWING_HOME"] = str(home)
    try:
        result = episodes.transcribe(db, EPISODE)
    finally:
        if old is None:
            os.environ.pop("SHADOWING_HOME", None)
        else:
            os.environ["SHADOWING_HOME"] = old
    return db, result


def words_of(text: str) -> list[str]:
    return re.findall(r"[\w']+", normalise(text))


JFK = MEDIA / "jfk.flac"


@pytest.fixture(scope="session")
def jfk_library(tmp_path_factory):
    """JFK's 11 s (two segments) transcribed once; tests get a copy of the database."""
    from shadowing import episodes

    home = tmp_path_factory.mktemp("jfk")
    db = home / "library.sqlite3"
    episodes.transcribe(db, JFK)
    return db


@pytest.fixture(scope="session")
def jfk_second(jfk_library) -> tuple[float, float]:
    """Start and end of JFK's second segment as the app cut it ("ask not what your country ..."):
    a learner's voice for it must start where the segment does, wherever the aligner put it."""
    from shadowing import episodes
    from shadowing.storage import Library

    with Library(jfk_library) as library:
        episode = episodes.find_episode(library, JFK)
        segments = library.segments(episodes.best_transcript(library, episode).id)
    assert len(segments) >= 2 and segments[1].text.lower().startswith("ask not"), [s.text for s in segments]
    return segments[1].start, segments[1].end


@pytest.fixture(scope="session")
def jfk_count(jfk_library) -> int:
    """How many sentences the app cut JFK's 11 s into (2 or 3: the model's punctuation decides)."""
    from shadowing import episodes
    from shadowing.storage import Library

    with Library(jfk_library) as library:
        return len(library.segments(episodes.best_transcript(library, episodes.find_episode(library, JFK)).id))


def transcript_in(window) -> bool:
    """The window has the whole transcript: nothing transcribing, every segment stored (with an id)."""
    return window._transcribing is None and bool(window.segments) and all(s.id is not None for s in window.segments)


@pytest.fixture
def jfk_home(jfk_library, _home):
    """A test's own data folder holding the transcribed JFK library."""
    import shutil

    data = _home / "data"
    data.mkdir(parents=True, exist_ok=True)
    shutil.copy(jfk_library, data / "library.sqlite3")
    return data


@pytest.fixture(scope="session")
def rig():
    """PulseAudio with null sinks (tests/rig/pulse.py): real PortAudio devices without a sound card."""
    from .rig import pulse

    try:
        pulse.start()
    except pulse.RigUnavailable as exc:
        pytest.skip(f"no audio rig: {exc}")
    try:
        from shadowing.audio import list_devices

        if not any(d.inputs for d in list_devices()):
            pytest.skip("no audio rig: PortAudio sees no input device through PulseAudio")
    except Exception as exc:  # PortAudio missing
        pytest.skip(f"no audio rig: {exc}")
    return pulse


GUI_RATE = 48000  # the window tests' sound rate (the engine's file input)


@pytest.fixture
def late_voice(jfk_second):
    """The learner: JFK's second sentence, spoken 300 ms after the speaker (at the window tests' rate)."""
    from shadowing import media

    source = media.load_span(JFK, *jfk_second, rate=GUI_RATE)
    return np.concatenate([np.zeros(int(0.3 * GUI_RATE), np.float32), source])


def window_on_jfk(qtbot, backend_factory):
    """The practice window at 1280x800 with JFK open and its segments stored."""
    from shadowing.gui.main_window import MainWindow

    w = MainWindow(backend_factory=backend_factory)
    qtbot.addWidget(w)
    w.resize(1280, 800)
    w.show()
    qtbot.waitUntil(lambda: w.bridge.ready, timeout=20000)
    w.open_episode(str(JFK))
    qtbot.waitUntil(lambda: transcript_in(w), timeout=60000)
    return w
