"""How long the practice window's event loop ever stalls while real work runs behind it.

    python bench/ui.py --json [--language ja]

Prints one JSON object:
- ``max_stall_ms``: the longest event-loop stall in either phase below (target <= 50 ms);
- ``max_stall_ms_transcribing``: while a 10-minute episode (built from shared speech, as
  bench/transcribe.py does) is opened and transcribed, segments arriving in the window;
- ``max_stall_ms_scoring``: while a shadow attempt is recorded (the engine's file input as the
  microphone), transcribed and scored, and its result shown;
- ``max_stall_ms_starting``: from creating the window until its sound devices are open and the
  scoring model is loaded, not counting the window's own construction (a first paint);
- ``p99_stall_ms``: the 99th percentile over both phases;
- the paths that left the UI thread (each a target of <= 50 ms): ``max_stall_ms_selecting_attempt``
  (picking an attempt in the list: its figures and both waveforms), ``max_stall_ms_hearing_ab``
  (the speaker's sentence, then the attempt, decoded and resampled), ``max_stall_ms_editing``
  (nudging a segment's edge, stored and listed again) and ``max_stall_ms_refreshing_library`` (the
  library list of 200 episodes with their transcripts read again, as after every attempt).

A stall is how late a 5 ms timer fires; the offscreen platform, so no compositor is involved.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


class StallMeter:
    def __init__(self, app):
        from PySide6.QtCore import QTimer

        self.samples: list[float] = []
        self.phase = "idle"
        self.by_phase: dict[str, list[float]] = {}
        self._last = time.perf_counter()
        self._timer = QTimer()
        self._timer.setInterval(5)
        self._timer.timeout.connect(self._tick)
        self._timer.start()

    def _tick(self):
        now = time.perf_counter()
        late = max(0.0, (now - self._last) * 1000 - 5.0)
        self._last = now
        self.by_phase.setdefault(self.phase, []).append(late)

    def begin(self, phase: str) -> None:
        """Switch phase; the bench's own work before this (decoding the voice) is not a stall."""
        self.phase = phase
        self._last = time.perf_counter()


def wait(app, condition, timeout):
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise RuntimeError("timed out")
        app.processEvents()
        time.sleep(0.001)


def settle(app, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.001)


MOVED = ("selecting_attempt", "hearing_ab", "editing", "refreshing_library")


def measure_moved_paths(app, window, meter) -> None:
    """The paths that moved off the UI thread, each measured from the learner's action until its
    result is on screen."""
    wait(app, lambda: window.results.attempt_list.count() >= 1, 30)
    settle(app, 0.3)
    meter.begin("selecting_attempt")
    window.results.attempt_list.setCurrentRow(-1)
    window.results.attempt_list.setCurrentRow(0)
    wait(app, lambda: window.results.waveform.waveforms is not None, 30)
    meter.phase = "idle"
    began = []
    window.bridge.loop_began.connect(began.append)
    meter.begin("hearing_ab")
    window.play_attempt(True)
    wait(app, lambda: began, 30)
    meter.phase = "idle"
    window.stop()
    changed = []
    window.segments_changed.connect(lambda: changed.append(1))
    meter.begin("editing")
    window.edit_segment("nudge", window.current, (0.1, 0.0))
    wait(app, lambda: changed, 30)
    meter.phase = "idle"
    _add_episodes(window.library_path, 200)
    settle(app, 0.2)
    meter.begin("refreshing_library")
    window.refresh_library()
    wait(app, lambda: window.library_panel.count() >= 201, 30)
    meter.phase = "idle"


def _add_episodes(library_path, count: int) -> None:
    """``count`` more episodes with a transcript each, as a library after months of podcasts."""
    from shadowing.records import MediaInfo
    from shadowing.storage import Library

    with Library(library_path) as library:
        for k in range(count):
            ep = library.add_episode(MediaInfo(f"/podcasts/episode-{k}.mp3", f"bench-{k:04d}", 10**7, 1800.0,
                                               44100, 2, "mp3", f"Episode {k}: on call, week {k}"))
            library.begin_transcript(ep.id, "whisper", "tiny.en", {})


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--language", choices=("en", "ja"), default="en", help="the window's language")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as home:
        os.environ["SHADOWING_HOME"] = home
        from PySide6.QtWidgets import QApplication

        from transcribe import build_episode
        from shadowing import media
        from shadowing.audio import FileBackend
        from shadowing.gui.main_window import MainWindow

        episode = build_episode(Path(tempfile.gettempdir()) / f"shadowing-ui-{args.minutes:g}min.mp3",
                                args.minutes * 60)
        app = QApplication.instance() or QApplication([])
        from shadowing.gui.language import install

        install(app, args.language)
        voice = {"audio": np.zeros(0, np.float32)}
        meter = StallMeter(app)
        meter.begin("starting")
        window = MainWindow(backend_factory=lambda: FileBackend(48000, input_audio=voice["audio"]))
        window.resize(1280, 800)
        window.show()
        wait(app, lambda: window.bridge.ready, 60)
        wait(app, lambda: window.scorer.start().done(), 60)  # the scoring model is loaded (in its own process)
        settle(app, 0.2)
        meter.phase = "idle"

        meter.begin("transcribing")
        started = time.monotonic()
        window.open_episode(str(episode))
        wait(app, lambda: window._transcribing is None and window.segments and window.segments[0].id is not None,
             args.minutes * 60 * 2)
        transcribe_s = time.monotonic() - started

        meter.phase = "idle"
        seg = window.segments[min(3, len(window.segments) - 1)]
        window.segment_list.setCurrentRow(window.segments.index(seg))
        source = media.load_span(episode, seg.start, seg.end, rate=48000)
        window.bridge.engine._backend.input_audio = np.concatenate([np.zeros(14400, np.float32), source])
        window.transport.loops.setValue(1)
        results = []
        window.result_shown.connect(results.append)
        meter.begin("scoring")
        window.play_current()
        wait(app, lambda: results, 120)
        meter.phase = "idle"
        measure_moved_paths(app, window, meter)
        window.close()

    st = meter.by_phase.get("starting", [0.0])[1:]  # the first tick spans building the window
    t = meter.by_phase.get("transcribing", [0.0])
    s = meter.by_phase.get("scoring", [0.0])
    both = t + s
    out = {"max_stall_ms": round(max(both), 1), "max_stall_ms_transcribing": round(max(t), 1),
           "max_stall_ms_scoring": round(max(s), 1), "max_stall_ms_starting": round(max(st or [0.0]), 1), "p99_stall_ms": round(float(np.percentile(both, 99)), 1),
           "episode_minutes": args.minutes, "segments": len(window.segments), "language": args.language,
           "transcribe_s": round(transcribe_s, 1),
           "score": results[0].result.score if results and results[0].result else None}
    for phase in MOVED:
        out[f"max_stall_ms_{phase}"] = round(max(meter.by_phase.get(phase, [0.0])), 1)
    print(json.dumps(out) if args.json else json.dumps(out, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
