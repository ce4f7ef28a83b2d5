"""Segment and word-time figures against truth. Prints one JSON object on stdout.

    python bench/segments.py [--minutes 40] [--skip-built]

- ``morris_*``: the hand-checked 4-minute episode in shared/media/episode/: edges inside speech
  (audio within 15 ms of an edge louder than the episode's speech level, p90 of 10 ms frames,
  minus 25 dB), pauses after a sentence end that are sentence boundaries, pauses between its 32
  clips that are phrase boundaries, the longest sentence.
- ``built_*``: a recording built here with a known script (tests/truth.py: eSpeak NG, three
  voices at 130-180 wpm, pauses of 0.35-1.2 s, white noise at -55 dBFS), a music intro and an
  ad-break jingle without speech, ``--minutes`` long, transcribed by the app as a learner's
  episode would be: word start error (median, p90) against eSpeak's word events, the same for
  Whisper's own times on its first 3 minutes, edges inside speech, segments touching the music,
  the most silence inside a segment, sentence ends that are boundaries.
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
EPISODE = ROOT.parent / "shared" / "media" / "episode" / "morris_printing.mp3"
VOICES = (("en-us", 150), ("en-gb-x-rp+f2", 175), ("en-us+m3", 130), ("en-us+f4", 165))


def _edges_inside(segments, loud) -> list[float]:
    return [round(t, 2) for s in segments for t in (s.start, s.end) if loud.inside_speech(t)]


def morris(home: Path) -> dict:
    from shadowing import episodes, segmenter
    from shadowing.alignment.energy import Loudness
    from shadowing.media import load_span, probe

    result = episodes.transcribe(home / "morris.sqlite3", EPISODE)
    loud = Loudness.of(load_span(EPISODE, 0.0, probe(EPISODE).duration))
    ref = json.loads(EPISODE.with_suffix(".segments.json").read_text())["segments"]
    phrases = segmenter.practice_units(result.segments, segmenter.PHRASE)

    def boundary(units, a, b):
        return any(a["end"] - 0.15 <= u.start <= b["start"] + 0.15 for u in units)

    ends = [(a, b) for a, b in zip(ref, ref[1:]) if a["text"].rstrip().endswith((".", ";", "?", "!"))]
    return {"morris_segments": len(result.segments), "morris_edges": 2 * len(result.segments),
            "morris_edges_inside_speech": len(_edges_inside(result.segments, loud)),
            "morris_edges_inside_speech_at": _edges_inside(result.segments, loud),
            "morris_sentence_end_pauses": len(ends),
            "morris_sentence_end_boundaries": sum(boundary(result.segments, a, b) for a, b in ends),
            "morris_clip_pauses": len(ref) - 1,
            "morris_phrase_boundaries": sum(boundary(phrases, a, b) for a, b in zip(ref, ref[1:])),
            "morris_longest_sentence_s": round(max(s.words[-1].end - s.words[0].start for s in result.segments), 2),
            "morris_phrases": len(phrases)}


def _sentences() -> list[str]:
    from shadowing.demo import SCRIPT

    from tests.test_alignment import OTHER
    from tests.test_alignment import SCRIPT as ALIGN

    return list(SCRIPT) + list(ALIGN) + list(OTHER)


def built(home: Path, minutes: float) -> dict:
    from shadowing import episodes
    from shadowing.alignment.energy import Loudness
    from shadowing.transcription.engine import EngineSettings, get_engine

    from tests import truth
    from tests.conftest import write_wav

    rng = np.random.default_rng(7)
    pool = _sentences()
    intro = truth.music(8.0)
    parts, words, spans, music, t = [np.zeros(int(0.5 * truth.RATE), np.float32), intro], [], [], [(0.5, 8.5)], 8.5
    gap = np.zeros(int(0.6 * truth.RATE), np.float32)
    parts.append(gap)
    t += 0.6
    jingle_at = minutes * 60 / 2
    while t < minutes * 60:
        if jingle_at is not None and t >= jingle_at:  # an ad break: music, no speech
            jingle = truth.music(10.0, seed=3)
            parts += [jingle, gap]
            music.append((t, t + 10.0))
            t += 10.0 + gap.size / truth.RATE
            jingle_at = None
            continue
        voice, wpm = VOICES[rng.integers(len(VOICES))]
        sentence = pool[rng.integers(len(pool))]
        audio, marks = truth.speak_timed(sentence, voice, int(wpm + rng.integers(-15, 16)))
        sound = np.flatnonzero(np.abs(audio) > 1e-3)
        spans.append((t + sound[0] / truth.RATE, t + (sound[-1] + 1) / truth.RATE))
        words += [truth.TimedWord(m.text, t + m.start) for m in marks]
        pause = np.zeros(int(rng.uniform(0.35, 1.2) * truth.RATE), np.float32)
        parts += [audio, pause]
        t += (audio.size + pause.size) / truth.RATE
    audio = np.concatenate(parts)
    audio = audio + rng.normal(0, 10 ** (-55 / 20), audio.size).astype(np.float32)
    path = write_wav(home / "built.wav", audio)
    if os.environ.get("SHADOWING_BENCH_KEEP"):
        write_wav(Path(os.environ["SHADOWING_BENCH_KEEP"]), audio)
    t0 = time.perf_counter()
    result = episodes.transcribe(home / "built.sqlite3", path)
    elapsed = time.perf_counter() - t0
    heard = [w for s in result.segments for w in s.words]
    errors = np.abs(truth.start_errors(words, heard))
    head = audio[: 180 * truth.RATE]
    raw = get_engine(settings=EngineSettings(align_words=False)).transcribe_chunk(head)
    raw_errors = np.abs(truth.start_errors([w for w in words if w.start < 179], raw))
    loud = Loudness.of(audio)
    touching = [f"{s.start:.2f}-{s.end:.2f} {s.text[:40]}" for s in result.segments
                if any(s.start < b and s.end > a for a, b in music)]
    inner = max((y.start - x.end for s in result.segments for x, y in zip(s.words, s.words[1:])), default=0.0)
    starts = [s.start for s in result.segments]
    missed = [(a_end, b_start) for (_a, a_end), (b_start, _b) in zip(spans, spans[1:])
              if not any(a_end - 0.15 <= st <= b_start + 0.15 for st in starts)]
    ends_found = len(spans) - 1 - len(missed)

    def around(t: float) -> str:  # what the app heard either side of a missed sentence end
        near = [w for w in heard if t - 2.5 <= w.start <= t + 2.5]
        return " ".join(w.text for w in near if w.start < t) + " | " + " ".join(w.text for w in near if w.start >= t)

    return {"built_minutes": round(audio.size / truth.RATE / 60, 1), "built_transcribe_s": round(elapsed, 1),
            "built_words_true": len(words), "built_words_matched": int(errors.size),
            "built_word_start_error_ms_median": round(1000 * float(np.median(errors)), 1),
            "built_word_start_error_ms_p90": round(1000 * float(np.percentile(errors, 90)), 1),
            "built_whisper_start_error_ms_median": round(1000 * float(np.median(raw_errors)), 1),
            "built_whisper_start_error_ms_p90": round(1000 * float(np.percentile(raw_errors, 90)), 1),
            "built_segments": len(result.segments), "built_edges": 2 * len(result.segments),
            "built_edges_inside_speech": len(_edges_inside(result.segments, loud)),
            "built_edges_inside_speech_at": _edges_inside(result.segments, loud),
            "built_segments_touching_music": len(touching), "built_segments_touching_music_are": touching,
            "built_music_s": [[round(a, 2), round(b, 2)] for a, b in music], "built_most_silence_in_a_segment_s": round(inner, 2),
            "built_sentence_ends": len(spans) - 1, "built_sentence_end_boundaries": ends_found,
            "built_sentence_ends_missed": [f"{a:.2f}+{b - a:.2f}s: {around(a)}" for a, b in missed],
            "built_longest_segment_s": round(max(s.words[-1].end - s.words[0].start for s in result.segments), 2)}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--minutes", type=float, default=40.0)
    parser.add_argument("--skip-built", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        os.environ["SHADOWING_HOME"] = str(home / "home")
        figures = morris(home)
        if not args.skip_built:
            figures.update(built(home, args.minutes))
    figures["cpu_count"] = os.cpu_count()
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
