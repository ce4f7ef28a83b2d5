"""Scoring figures. Prints one JSON object (with --json) on stdout.

    python bench/score.py --json

- ``latency_s_median``: end-to-end scoring of a 10 s attempt, from audio in memory to result
  (attempt transcription with the warm embedded model, alignment, timing), median of runs.
- ``lag_error_ms_median``: |measured - true| median lag on known-delay attempts (a real 10 s
  stretch of shared speech delayed by 250, 400 and 700 ms, with noise), with envelope
  refinement; ``lag_error_ms_median_whisper`` the same from the words' times alone, without
  the envelope refinement.
- ``*_whisper_times``: the same figures with an engine whose word times are Whisper's own (word
  alignment off), measured in the same run: what taking word times from the signal changes.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT.parent / "shared" / "media" / "lj_fireside_chat.flac"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()

    from shadowing.transcription.engine import EngineSettings, get_engine

    figures = measure(get_engine(), args.runs)
    raw = measure(get_engine(settings=EngineSettings(align_words=False)), args.runs)
    figures.update({f"{k}_whisper_times": v for k, v in raw.items()})
    print(json.dumps(figures) if args.json else json.dumps(figures, indent=1))
    return 0


def measure(engine, runs: int) -> dict:
    from shadowing import media
    from shadowing.scoring import Attempt, score_attempt, score_words

    source_audio = media.load_span(SOURCE, 0.0, 10.0)
    source = engine.transcribe_clip(source_audio)
    rng = np.random.default_rng(0)
    score_attempt(source, Attempt(source_audio), source_audio, engine)  # warm

    latencies = []
    for k in range(runs):
        delay = 0.3 + 0.05 * k
        attempt = np.concatenate([np.zeros(int(delay * 16000), np.float32), source_audio])[:160000]
        attempt = attempt + (rng.standard_normal(attempt.size) * 0.003).astype(np.float32)
        t = time.perf_counter()
        score_attempt(source, Attempt(attempt, "shadow", True), source_audio, engine)
        latencies.append(time.perf_counter() - t)

    errors, coarse_errors = [], []
    for delay in (0.25, 0.40, 0.70):
        attempt = np.concatenate([np.zeros(int(delay * 16000), np.float32), source_audio])
        attempt = attempt + (rng.standard_normal(attempt.size) * 0.003).astype(np.float32)
        refined = score_attempt(source, Attempt(attempt, "shadow", True), source_audio, engine)
        coarse = score_words(source, engine.transcribe_clip(attempt), "shadow", True)
        errors.append(abs(refined.lag["median"] - delay) * 1000)
        coarse_errors.append(abs(coarse.lag["median"] - delay) * 1000)

    return {"latency_s_median": round(statistics.median(latencies), 3), "latency_s_max": round(max(latencies), 3),
            "lag_error_ms_median": round(statistics.median(errors), 1),
            "lag_error_ms_median_whisper": round(statistics.median(coarse_errors), 1),
            "lag_errors_ms": [round(e, 1) for e in errors]}


if __name__ == "__main__":
    sys.exit(main())
