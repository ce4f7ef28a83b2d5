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
- ``latency_full_s_median``: the same 10 s attempts scored with phones and pitch as well (the
  app's scoring); ``latency_s_median`` is the words alone (``phones=False``);
  ``latency_full_repeat_s_median`` a repeated (unaligned) attempt, whose words are aligned to
  the signal for its offset and pace.
- Pronunciation over attempts built with eSpeak NG's phoneme input (one phone of one word
  replaced by what learners say: /θ/->/s/, /r/->/l/, /v/->/b/, a vowel...; tests/truth.py), the
  speaker being the same voice reading the sentence as written: ``phone_flag_recall`` (the
  changed phone flagged in its word), ``phone_flag_precision`` (flags that are the changed
  phone, over all flags in those attempts), ``phone_flag_right_sound`` (of the found, those
  naming the phone put in), ``clean_false_flags`` (flags per phone on readings of the same
  sentences by three other voices) and ``cases``.
- ``noisy_copy_accuracy``: word accuracy of the speaker's own audio, 0.5 s late with white noise
  at -40 dBFS, as its own attempt (eSpeak voices and real speech), with the sound as second
  witness; ``noisy_copy_accuracy_whisper``: Whisper's transcript alone;
  ``noisy_copy_accuracy_pink`` with 1/f noise at -40 dBFS instead (closer to a room than white).
- ``real_speech_false_flags``: phones flagged per phone judged when the speaker of real speech
  (LJ Speech, JFK) is the attempt too: the noisy copies, and the same reading through MP3.
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
    figures.update({f"{k}_whisper_times": v for k, v in raw.items() if not k.startswith("latency_full")})
    figures.update(pronunciation_figures())
    figures.update(noisy_copies(get_engine()))
    print(json.dumps(figures) if args.json else json.dumps(figures, indent=1))
    return 0


def measure(engine, runs: int) -> dict:
    from shadowing import media
    from shadowing.scoring import Attempt, score_attempt, score_words

    source_audio = media.load_span(SOURCE, 0.0, 10.0)
    source = engine.transcribe_clip(source_audio)
    rng = np.random.default_rng(0)
    score_attempt(source, Attempt(source_audio), source_audio, engine)  # warm

    latencies, full = [], []
    for k in range(runs):
        delay = 0.3 + 0.05 * k
        attempt = np.concatenate([np.zeros(int(delay * 16000), np.float32), source_audio])[:160000]
        attempt = attempt + (rng.standard_normal(attempt.size) * 0.003).astype(np.float32)
        t = time.perf_counter()
        score_attempt(source, Attempt(attempt, "shadow", True), source_audio, engine, phones=False)
        latencies.append(time.perf_counter() - t)
        t = time.perf_counter()
        score_attempt(source, Attempt(attempt, "shadow", True), source_audio, engine)
        full.append(time.perf_counter() - t)

    repeat = []
    for k in range(max(3, runs // 2)):
        attempt = np.concatenate([np.zeros(int((0.8 + 0.1 * k) * 16000), np.float32), source_audio])
        attempt = attempt + (rng.standard_normal(attempt.size) * 0.003).astype(np.float32)
        t = time.perf_counter()
        score_attempt(source, Attempt(attempt, "repeat", False), source_audio, engine)
        repeat.append(time.perf_counter() - t)

    errors, coarse_errors = [], []
    for delay in (0.25, 0.40, 0.70):
        attempt = np.concatenate([np.zeros(int(delay * 16000), np.float32), source_audio])
        attempt = attempt + (rng.standard_normal(attempt.size) * 0.003).astype(np.float32)
        refined = score_attempt(source, Attempt(attempt, "shadow", True), source_audio, engine)
        coarse = score_words(source, engine.transcribe_clip(attempt), "shadow", True)
        errors.append(abs(refined.lag["median"] - delay) * 1000)
        coarse_errors.append(abs(coarse.lag["median"] - delay) * 1000)

    return {"latency_s_median": round(statistics.median(latencies), 3), "latency_s_max": round(max(latencies), 3),
            "latency_full_s_median": round(statistics.median(full), 3),
            "latency_full_repeat_s_median": round(statistics.median(repeat), 3),
            "lag_error_ms_median": round(statistics.median(errors), 1),
            "lag_error_ms_median_whisper": round(statistics.median(coarse_errors), 1),
            "lag_errors_ms": [round(e, 1) for e in errors]}


# The sentences the flag thresholds were chosen on (tests/test_pronunciation.py checks others).
PHONE_SENTENCES = ["I think the service is healthy", "We moved the database to another region last week",
                   "The release will roll back if the error rate gets too high",
                   "Please check the latency of every request", "They have a very reliable deploy pipeline",
                   "Our team fixed the problem with the load balancer",
                   "This feature is really useful for the whole team", "Three servers failed at the same time",
                   "Let me show you the right way to read these logs", "The leader wrote a clear plan for the launch"]


def pronunciation_figures() -> dict:
    sys.path.insert(0, str(ROOT))
    from shadowing.pronunciation import assess
    from tests.test_pronunciation import SENTENCES
    from tests.truth import espeak, flag_tally, mispronunciations, sentence_words as words

    sentences = PHONE_SENTENCES + SENTENCES
    reference = {s: espeak(s) for s in sentences}
    tally = flag_tally(mispronunciations(sentences), reference)
    phones = flags = 0
    for voice in ("en-us+m3", "en-us+f2", "en-us+m1"):
        for sentence in sentences:
            result = assess(words(sentence), espeak(sentence, voice), reference[sentence])
            phones += sum(len(w.phones) for w in result.words)
            flags += sum(len(w.mispronounced) for w in result.words)
    return {"cases": tally.cases, "phone_flag_recall": round(tally.recall, 3),
            "phone_flag_precision": round(tally.precision, 3),
            "phone_flag_right_sound": round(tally.right_sound / max(1, tally.found), 3),
            "clean_false_flags": round(flags / max(1, phones), 4), "clean_phones": phones}


def pink_noise(n: int, rms: float, seed: int) -> np.ndarray:
    """1/f noise (a room's fan and traffic are mostly low: more like this than white), at ``rms``."""
    spectrum = np.fft.rfft(np.random.default_rng(seed).standard_normal(n))
    spectrum /= np.sqrt(np.maximum(np.arange(spectrum.size), 1.0))
    noise = np.fft.irfft(spectrum, n)
    return (noise / np.sqrt(np.mean(noise ** 2)) * rms).astype(np.float32)


def noisy_copies(engine) -> dict:
    from shadowing import media
    from shadowing.scoring import Attempt, score_attempt
    from tests.truth import espeak

    texts = ["We deploy the new version on Monday and then watch the error budget",
             "Our team moved the payment service to another region last week",
             "Please check the database connection before every large deployment today",
             "The service ran out of connections under the morning traffic"]
    sources = [espeak(t, v) for t in texts for v in ("en-us", "en-us+f3", "en-us+m3")]
    sources += [media.load_span(ROOT.parent / "shared" / "media" / "lj_fireside_chat.flac", 10.0 * k, 10.0 * k + 9.0)
                for k in range(3)]
    sources.append(media.load_span(ROOT.parent / "shared" / "media" / "jfk.flac", 0.0, 11.0))
    rng = np.random.default_rng(1)
    full, plain, pink = [], [], []
    real_flags = real_phones = 0
    for k, audio in enumerate(sources):
        source = engine.transcribe_clip(audio)
        attempt = np.concatenate([np.zeros(8000, np.float32), audio])
        hum = np.concatenate([np.zeros(8000, np.float32), audio]) + pink_noise(attempt.size, 0.01, k)
        pink.append(score_attempt(source, Attempt(hum.astype(np.float32), "shadow", True), audio, engine).word_accuracy)
        attempt = (attempt + rng.standard_normal(attempt.size) * 0.01).astype(np.float32)
        result = score_attempt(source, Attempt(attempt, "shadow", True), audio, engine)
        full.append(result.word_accuracy)
        plain.append(score_attempt(source, Attempt(attempt, "shadow", True), audio, engine, phones=False).word_accuracy)
        if k >= 3 * len(texts):  # real speech: the speaker's own words must not be flagged
            real_flags += sum(1 for w in result.words for p in (w.phones or ()) if not p["ok"])
            real_phones += sum(len(w.phones or ()) for w in result.words)
    # the same reader's recording through another codec (FLAC as the speaker, the MP3 as the attempt)
    shared = ROOT.parent / "shared" / "media"
    for start in (0.0, 12.0, 24.0):
        audio = media.load_span(shared / "lj_seven_wonders.flac", start, start + 10.0)
        attempt = np.concatenate([np.zeros(6400, np.float32), media.load_span(shared / "lj_seven_wonders.mp3", start,
                                                                              start + 10.0)])
        result = score_attempt(engine.transcribe_clip(audio), Attempt(attempt, "shadow", True), audio, engine)
        real_flags += sum(1 for w in result.words for p in (w.phones or ()) if not p["ok"])
        real_phones += sum(len(w.phones or ()) for w in result.words)
    return {"noisy_copy_accuracy": round(float(np.mean(full)), 4), "noisy_copy_accuracy_min": round(min(full), 3),
            "noisy_copy_accuracy_whisper": round(float(np.mean(plain)), 4), "noisy_copies": len(sources),
            "noisy_copy_accuracy_pink": round(float(np.mean(pink)), 4),
            "real_speech_false_flags": round(real_flags / max(1, real_phones), 4), "real_speech_phones": real_phones}


if __name__ == "__main__":
    sys.exit(main())
