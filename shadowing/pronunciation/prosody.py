"""Intonation and stress: the speaker's melody against the learner's, word by word.

Pitch comes from SwiftF0 (MIT, a 135 KB ONNX model on the onnxruntime faster-whisper already
installs; 16 ms hop), in semitones from each speaker's own median so a low and a high voice
compare. The two recordings are put on one time axis through the words both contain (their
phone times from :mod:`.gop`), with dynamic time warping inside each word, and compared three
ways, as shadowing teachers listen:

- **melody**: the correlation of the two contours over the words (1 = the same shape);
- **ending**: how far the pitch rises or falls at the end of the last word, in each (a statement
  said with a question's rise, or the reverse, is a different sentence): 1 when the same, 0 when
  4 semitones apart;
- **stress**: in each word of two or more syllables, which vowel is the most prominent (pitch,
  loudness and length together), in each.

prosody = 100 x (0.4 x max(0, melody) + 0.35 x ending + 0.25 x share of stresses placed
as the speaker's), the parts that cannot be measured left out and the rest reweighted.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import numpy as np

from .gop import VOWELS, WordEvidence

SAMPLE_RATE = 16000
HOP_S = 0.016
RISE_ST = 1.5  # semitones between the end of the last word and the second before: a rise or a fall
ENDING_SPAN_ST = 4.0  # an ending this many semitones away from the speaker's scores 0
STRESS_DB_PER_S = 10.0  # a vowel 100 ms longer counts as 1 dB louder (more, and phrase-final lengthening wins)
WEIGHTS = {"melody": 0.4, "ending": 0.35, "stress": 0.25}  # a wrong ending changes the meaning: it weighs most after the melody


@dataclass(frozen=True)
class Contour:
    times: np.ndarray  # frame centres, seconds
    semitones: np.ndarray  # from the voice's median; NaN where unvoiced
    loudness: np.ndarray  # dB

    def window(self, start: float, end: float) -> np.ndarray:
        return (self.times >= start) & (self.times < end)


class _Tracker:
    _lock = threading.Lock()
    _model = None

    @classmethod
    def model(cls):
        with cls._lock:
            if cls._model is None:
                from swift_f0 import SwiftF0

                cls._model = SwiftF0(threads=1, spin=False)
            return cls._model

    @classmethod
    def track(cls, audio: np.ndarray):
        model = cls.model()
        with cls._lock:
            return model.detect(np.asarray(audio, dtype=np.float32), SAMPLE_RATE, fmin=60.0, fmax=500.0)


def tracker():
    """SwiftF0, loaded once per process (0.1 s: onnxruntime's import and the model)."""
    return _Tracker.model()


def contour(audio: np.ndarray) -> Contour | None:
    """The pitch contour of a recording, or None when it holds (almost) no voiced speech."""
    if audio.size < SAMPLE_RATE // 4:
        return None
    result = _Tracker.track(audio)
    hz = np.asarray(result.pitch_hz, dtype=np.float64)
    voiced = np.asarray(result.confidence) >= 0.5
    if voiced.sum() < 5:
        return None
    semitones = np.full(hz.shape, np.nan)
    semitones[voiced] = 12.0 * np.log2(hz[voiced] / np.median(hz[voiced]))
    return Contour(np.asarray(result.timestamps, dtype=np.float64), semitones,
                   np.asarray(result.loudness_db, dtype=np.float64))


def _dtw_pairs(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Pairs of values matched by dynamic time warping (absolute difference, no slope limit)."""
    n, m = len(a), len(b)
    cost = np.full((n + 1, m + 1), np.inf)
    cost[0, 0] = 0.0
    dist = np.abs(a[:, None] - b[None, :])
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            cost[i, j] = dist[i - 1, j - 1] + min(cost[i - 1, j], cost[i, j - 1], cost[i - 1, j - 1])
    i, j, pa, pb = n, m, [], []
    while i > 0 and j > 0:
        pa.append(a[i - 1])
        pb.append(b[j - 1])
        step = int(np.argmin((cost[i - 1, j - 1], cost[i - 1, j], cost[i, j - 1])))
        i, j = (i - 1, j - 1) if step == 0 else (i - 1, j) if step == 1 else (i, j - 1)
    return np.array(pa[::-1]), np.array(pb[::-1])


def _voiced(c: Contour, start: float, end: float) -> np.ndarray:
    values = c.semitones[c.window(start, end)]
    return values[~np.isnan(values)]


def end_change(c: Contour, start: float, end: float) -> float | None:
    """How far the pitch moves at the end of the last word: the median of its last voiced 150 ms
    against the median of the voiced second before, in semitones (+ rise, - fall)."""
    voiced = ~np.isnan(c.semitones)
    inside = c.window(start, end) & voiced
    if inside.sum() < 4:
        return None
    last_t = c.times[inside][-1]
    tail = voiced & (c.times > last_t - 0.15) & (c.times <= last_t)
    body = voiced & (c.times > last_t - 1.15) & (c.times <= last_t - 0.15)
    if tail.sum() < 3 or body.sum() < 3:
        return None
    return float(np.median(c.semitones[tail]) - np.median(c.semitones[body]))


def direction(change: float | None) -> str | None:
    if change is None:
        return None
    return "rise" if change > RISE_ST else "fall" if change < -RISE_ST else "level"


def stressed_vowel(c: Contour, word: WordEvidence) -> int | None:
    """Which vowel of a word of two or more syllables is the most prominent, or None.

    A stressed syllable is louder, higher and longer: each vowel is measured from where the
    recogniser heard it to where it heard the next phone (CTC marks a phone's onset), and scored
    by its loudest frame (dB), its highest pitch (semitones, half weight) and its length
    (STRESS_DB_PER_S dB a second)."""
    times = word.phone_times
    vowels = [k for k, p in enumerate(word.phones) if p in VOWELS]
    if len(vowels) < 2 or len(times) != len(word.phones):
        return None
    scores = []
    for k in vowels:
        start = times[k][0]
        end = times[k + 1][0] if k + 1 < len(times) else max(times[k][1], (word.end or times[k][1]))
        end = max(end, start + 0.04)
        window = c.window(start - 0.02, end)
        if not window.any():
            return None
        pitch = c.semitones[window]
        pitch = float(np.nanmax(pitch)) if np.any(~np.isnan(pitch)) else -12.0
        scores.append(float(np.max(c.loudness[window])) + 0.5 * pitch + STRESS_DB_PER_S * min(end - start, 0.3))
    return vowels[int(np.argmax(scores))]


def _span(word: WordEvidence) -> tuple[float, float] | None:
    if word.start is None:
        return None
    return word.start - 0.04, word.end + 0.08


def compare(source: Contour | None, attempt: Contour | None, source_words: list[WordEvidence],
            attempt_words: list[WordEvidence], said: set[int] | None = None) -> dict | None:
    """The prosody figures and notes, over the words both recordings contain (``said``: the
    word indices the learner said, default all)."""
    if source is None or attempt is None:
        return None
    theirs = {w.index: w for w in source_words}
    pairs_a, pairs_b, stress, notes = [], [], [], []
    for w in attempt_words:
        ref = theirs.get(w.index)
        if ref is None or (said is not None and w.index not in said) or _span(w) is None or _span(ref) is None:
            continue
        a, b = _voiced(source, *_span(ref)), _voiced(attempt, *_span(w))
        if a.size >= 3 and b.size >= 3:
            pa, pb = _dtw_pairs(a, b)
            pairs_a.append(pa)
            pairs_b.append(pb)
        theirs_stress, yours = stressed_vowel(source, ref), stressed_vowel(attempt, w)
        if theirs_stress is not None and yours is not None:
            stress.append(theirs_stress == yours)
            if theirs_stress != yours:
                notes.append({"index": w.index, "word": w.text, "kind": "stress",
                              "speaker": _syllable(w.phones, theirs_stress), "attempt": _syllable(w.phones, yours),
                              "text": f"{w.text}: the speaker stressed the {_nth(w.phones, theirs_stress)} syllable, "
                                      f"you the {_nth(w.phones, yours)}"})
    melody = None
    if pairs_a and sum(p.size for p in pairs_a) >= 8:
        x, y = np.concatenate(pairs_a), np.concatenate(pairs_b)
        if np.std(x) > 0.1 and np.std(y) > 0.1:
            melody = float(np.corrcoef(x, y)[0, 1])
    ending = None
    spoken = [w for w in source_words if w.start is not None]
    heard = [w for w in attempt_words if w.start is not None]
    if spoken and heard:  # the melody's end: from each one's last word placed to the end of its voice
        last, ref = heard[-1], spoken[-1]
        changes = (end_change(source, ref.start - 0.04, float(source.times[-1]) + 1.0),
                   end_change(attempt, last.start - 0.04, float(attempt.times[-1]) + 1.0))
        last = next((w for w in attempt_words if w.index == ref.index), last)
        ending = {"speaker": direction(changes[0]), "attempt": direction(changes[1]),
                  "speaker_st": None if changes[0] is None else round(changes[0], 1),
                  "attempt_st": None if changes[1] is None else round(changes[1], 1)}
        if ending["speaker"] and ending["attempt"] and ending["speaker"] != ending["attempt"]:
            verb = {"rise": "rose", "fall": "fell", "level": "stayed level"}
            notes.append({"index": last.index, "word": last.text, "kind": "ending",
                          "speaker": ending["speaker"], "attempt": ending["attempt"],
                          "text": f"{last.text}: your pitch {verb[ending['attempt']]} at the end; "
                                  f"the speaker's {verb[ending['speaker']]}"})
    parts = {}
    if melody is not None:
        parts["melody"] = max(0.0, melody)
    if ending and ending["speaker_st"] is not None and ending["attempt_st"] is not None:
        parts["ending"] = max(0.0, 1.0 - abs(ending["speaker_st"] - ending["attempt_st"]) / ENDING_SPAN_ST)
    if stress:
        parts["stress"] = sum(stress) / len(stress)
    if not parts:
        return None
    weight = sum(WEIGHTS[k] for k in parts)
    score = 100.0 * sum(WEIGHTS[k] * v for k, v in parts.items()) / weight
    return {"score": round(score, 1), "pitch_correlation": None if melody is None else round(melody, 3),
            "ending": ending, "stress_agreement": None if not stress else round(sum(stress) / len(stress), 3),
            "notes": notes}


def _syllable(phones: tuple[str, ...], k: int) -> int:
    """Which syllable (1-based) the vowel at phone ``k`` is."""
    return sum(1 for p in phones[: k + 1] if p in VOWELS)


def _nth(phones: tuple[str, ...], k: int) -> str:
    n = _syllable(phones, k)
    return {1: "first", 2: "second", 3: "third", 4: "fourth"}.get(n, f"{n}th")
