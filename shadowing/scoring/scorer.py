"""Score one attempt: align the words, measure timing, combine into one explainable number.

Score (0-100), written out in README.md and shown with every result:

    score = 100 x accuracy x (0.75 + 0.25 x timing) x (0.8 + 0.2 x pronunciation)

accuracy = correct source words / source words: a word is correct when Whisper heard it, or when
the sound says it was said (all of its phones there, as well as in the speaker's reading:
:mod:`shadowing.pronunciation`) though Whisper heard something else. pronunciation (0-1) =
phones said right / phones of the words said; without the phone check it is 1. timing (0-1)
depends on the mode:
- shadow (aligned): lag x steadiness. lag is 1 while the median lag is between -0.2 s and
  +0.8 s, falling linearly to 0 at -1.0 s and +2.0 s; steadiness = 1 - min(1, IQR / 1 s).
- repeat, read, or any unaligned attempt: pace x pauses. pace is 1 for a pace ratio of 0.8-1.25,
  falling linearly to 0 at 0.4 and 2.0; pauses = (kept + 1) / (speaker's pauses + 1), divided
  by (1 + 0.25 x pauses the learner added).
Words come first: timing can take at most a quarter of the score away, pronunciation a fifth.
Scores are comparable within a mode only.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field, replace

import numpy as np

from ..i18n import QT_TRANSLATE_NOOP
from ..records import Word
from . import timing
from .align import align
from .text import normalise_word, tokens

MODES = ("shadow", "repeat", "read")
FORMULA = QT_TRANSLATE_NOOP("Scoring", "score = 100 x accuracy x (0.75 + 0.25 x timing) x (0.8 + 0.2 x pronunciation); "
           "pronunciation = phones said right / phones of the words said; shadow timing = lag x steadiness "
           "(lag 1 for a median lag of -0.2..0.8 s, 0 at -1.0/2.0 s; steadiness = 1 - IQR/1 s); "
           "repeat/read timing = pace x pauses (pace 1 for a ratio of 0.8..1.25, 0 at 0.4/2.0; "
           "pauses = (kept+1)/(speaker's+1) / (1 + 0.25 x added))")
NO_SPEECH = "no speech heard"
# an attempt's warnings, kept in English with its result and translated where they are shown
CLIPPING = QT_TRANSLATE_NOOP("Scoring", "clipping: the recording is too loud; move back from the microphone or "
                                        "lower the input gain")
TOO_QUIET = QT_TRANSLATE_NOOP("Scoring", "very quiet recording: move closer to the microphone or raise the input gain")
TOO_LONG = QT_TRANSLATE_NOOP("Scoring", "the attempt ({attempt} s) is much longer than the segment ({segment} s)")


@dataclass(frozen=True)
class WordResult:
    word: str  # the source word as displayed, or the extra word heard (inserted)
    status: str  # correct | substituted | missed | inserted
    heard: str | None
    source_start: float | None
    attempt_start: float | None
    lag: float | None = None
    index: int | None = None  # position in the source words (None for an inserted word)
    source_end: float | None = None
    attempt_end: float | None = None
    evidence: str | None = None  # "sound" when the phones, not Whisper, decided whether the word was said
    phones: tuple[dict, ...] | None = None  # {expected, heard, gop, ok} per phone (IPA), when judged


@dataclass(frozen=True)
class ScoreResult:
    mode: str
    aligned: bool
    score: int
    word_accuracy: float
    completeness: float
    precision: float
    wer: float
    timing: float
    lag: dict
    lag_method: str
    longest_silence_s: float | None
    pace: dict
    words: list[WordResult]
    heard_text: str
    source_text: str
    warnings: list[str] = field(default_factory=list)
    message: str | None = None
    formula: str = FORMULA
    pronunciation: float | None = None  # phone accuracy 0-100 over the words said, when judged
    prosody: dict | None = None

    def to_dict(self) -> dict:
        lag_ms = {k: (None if v is None else round(v * 1000)) for k, v in self.lag.items()}
        return {
            "score": self.score, "mode": self.mode, "aligned": self.aligned,
            "word_accuracy": round(self.word_accuracy, 4), "completeness": round(self.completeness, 4),
            "precision": round(self.precision, 4), "wer": round(self.wer, 4), "timing": round(self.timing, 3),
            "lag_ms": lag_ms, "lag_method": self.lag_method, "longest_silence_s": self.longest_silence_s,
            "pace_ratio": None if self.pace.get("pace_ratio") is None else round(self.pace["pace_ratio"], 3),
            "pauses": {k: self.pace.get(k) for k in ("pauses_source", "pauses_kept", "pauses_added")},
            "rhythm": None if self.pace.get("rhythm") is None else round(self.pace["rhythm"], 3),
            "offset_s": None if self.pace.get("offset") is None else round(self.pace["offset"], 3),
            "warnings": self.warnings, "message": self.message, "formula": self.formula,
            "heard_text": self.heard_text, "source_text": self.source_text,
            "pronunciation": self.pronunciation, "prosody": self.prosody,
            "words": [{k: (round(v, 3) if isinstance(v, float) else list(v) if isinstance(v, tuple) else v)
                       for k, v in asdict(w).items()} for w in self.words],
        }


def _ramp(x: float, zero_lo: float, one_lo: float, one_hi: float, zero_hi: float) -> float:
    if one_lo <= x <= one_hi:
        return 1.0
    if x < one_lo:
        return max(0.0, (x - zero_lo) / (one_lo - zero_lo))
    return max(0.0, (zero_hi - x) / (zero_hi - one_hi))


def timing_score(mode: str, aligned: bool, lag: dict, pace: dict) -> float:
    if mode == "shadow" and aligned:
        if lag["median"] is None:
            return 0.0
        return _ramp(lag["median"], -1.0, -0.2, 0.8, 2.0) * (1 - min(1.0, lag["iqr"] / 1.0))
    if pace.get("pace_ratio") is None:
        return 0.0
    pace_factor = _ramp(pace["pace_ratio"], 0.4, 0.8, 1.25, 2.0)
    pauses = (pace["pauses_kept"] + 1) / (pace["pauses_source"] + 1) / (1 + 0.25 * pace["pauses_added"])
    return pace_factor * min(1.0, pauses)


def audio_warnings(audio: np.ndarray | None, source_duration: float, mode: str) -> list[str]:
    if audio is None or audio.size == 0:
        return []
    out = []
    peak = float(np.max(np.abs(audio)))
    if np.mean(np.abs(audio) >= 0.999) > 0.001:
        out.append(CLIPPING)
    elif peak < 0.03:
        out.append(TOO_QUIET)
    length = audio.size / timing.SR
    limit = source_duration * (3.0 if mode == "repeat" else 2.0) + 2.0
    if length > limit:
        out.append(TOO_LONG.format(attempt=f"{length:.1f}", segment=f"{source_duration:.1f}"))
    return out


def score_words(source: list[Word], heard: list[Word], mode: str = "shadow", aligned: bool = True,
                source_audio: np.ndarray | None = None, attempt_audio: np.ndarray | None = None) -> ScoreResult:
    """Score from words already transcribed (times: source segment time, attempt time).

    Three steps: classify each source word (correct, substituted, missed) from a minimum-edit
    alignment of the tokens; measure timing on the correct ones (lags, refined on the audio when
    both recordings are at hand; pace and pauses); place the extra words on the source's axis.
    """
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}")
    src_tok, att_tok = tokens(source), tokens(heard)
    source_text = " ".join(w.text for w in source)
    heard_text = " ".join(w.text for w in heard)
    warnings = audio_warnings(attempt_audio, source[-1].end if source else 0.0, mode)
    if not att_tok:
        words = [WordResult(w.text, "missed", None, w.start, None) for w in source if normalise_word(w.text)]
        return ScoreResult(mode, aligned, 0, 0.0, 0.0, 0.0, 1.0 if src_tok else 0.0, 0.0,
                           {"median": None, "iqr": None, "drift": None}, "none", None, {}, words, heard_text,
                           source_text, warnings, NO_SPEECH)
    pairs = align([t.text for t in src_tok], [t.text for t in att_tok])
    results, matches, match_word, inserted = _classify(source, heard, src_tok, att_tok, pairs)
    lags, method = _lags(matches, mode, aligned, source_audio, attempt_audio)
    for k, lag in zip(match_word, lags):
        key, word = results[k]
        results[k] = (key, WordResult(**{**asdict(word), "lag": lag}))
    pace = timing.pace_and_pauses(matches)
    offset = pace["offset"] or 0.0  # places extra words on the source's time axis
    word_list = _with_insertions(results, inserted, heard, att_tok, offset)
    if aligned and mode == "shadow":
        lag = timing.lag_figures(lags)
        silence = timing.longest_silence([(w.start, w.end) for w in source], [(w.start, w.end) for w in heard],
                                         lag["median"] or 0.0)
    else:
        lag = timing.lag_figures([x - offset for x in lags])
        lag["median"] = offset if lags else None  # the offset removed, reported as found
        silence = None
    accuracy = _accuracy(word_list)
    t_score = timing_score(mode, aligned, lag, pace)
    n_src, correct = len(src_tok), sum(p.op == "equal" for p in pairs)
    return ScoreResult(
        mode=mode, aligned=aligned, score=total_score(accuracy, t_score, None), word_accuracy=accuracy,
        completeness=(correct + sum(p.op == "replace" for p in pairs)) / n_src if n_src else 0.0,
        precision=correct / len(att_tok), wer=sum(p.op != "equal" for p in pairs) / n_src if n_src else 1.0,
        timing=t_score, lag=lag, lag_method=method, longest_silence_s=silence, pace=pace, words=word_list,
        heard_text=heard_text, source_text=source_text, warnings=warnings)


def _accuracy(words: list[WordResult]) -> float:
    n_words = sum(1 for w in words if w.status != "inserted")
    return sum(1 for w in words if w.status == "correct") / n_words if n_words else 0.0


def total_score(accuracy: float, timing_factor: float, pronunciation: float | None) -> int:
    """The published formula (module docstring); pronunciation in 0-100, None when not judged."""
    phones = 1.0 if pronunciation is None else 0.8 + 0.2 * pronunciation / 100.0
    return int(round(100 * accuracy * (0.75 + 0.25 * timing_factor) * phones))


def with_pronunciation(result: ScoreResult, assessment) -> ScoreResult:
    """The words result with the sound's verdict folded in (:mod:`shadowing.pronunciation`):

    - a source word Whisper missed or heard as another word counts as said when the sound shows
      all of its phones, about as clearly as in the speaker's reading (evidence "sound"); what
      Whisper heard stays beside it. A word Whisper heard wrongly *and* whose phones show the
      difference (a /w/ where "healthy" has /h/) stays wrong.
    - a word Whisper heard but whose every phone is clearly absent from the audio (a word left
      out, that Whisper's language model put back: "ask not what your country can do for [you]")
      is missed (evidence "sound").
    - every word said gets its phones; pronunciation is the phone accuracy over the words said.
    """
    from ..pronunciation import ipa, phone_accuracy

    if result.message == NO_SPEECH:
        return result
    words = []
    said: set[int] = set()
    for w in result.words:
        judged = assessment.word(w.index) if w.index is not None else None
        if judged is None:
            words.append(w)
            continue
        status, evidence, start, end = w.status, w.evidence, w.attempt_start, w.attempt_end
        if status in ("missed", "substituted") and judged.present and not judged.mispronounced:
            status, evidence = "correct", "sound"
            if judged.start is not None:  # where the sound placed it (its phones), not Whisper's other word
                start, end = round(judged.start, 3), round(judged.end, 3)
        elif status == "correct" and judged.known and not judged.present and judged.phones \
                and all(p.heard == "" for p in judged.phones):
            status, evidence, start, end = "missed", "sound", None, None  # Whisper's language model filled it in
        if status != "missed":
            said.add(w.index)
        phones = tuple({"expected": ipa(p.expected), "heard": None if p.heard is None else ipa(p.heard),
                        "gop": p.gop if math.isfinite(p.gop) else None, "ok": p.ok}
                       for p in judged.phones) if status != "missed" and judged.known else None
        words.append(replace(w, status=status, evidence=evidence, phones=phones, attempt_start=start, attempt_end=end))
    pronunciation = phone_accuracy(assessment.words, said)
    accuracy = _accuracy(words)
    return replace(result, words=words, word_accuracy=accuracy, pronunciation=pronunciation,
                   prosody=assessment.prosody, score=total_score(accuracy, result.timing, pronunciation))


def _classify(source, heard, src_tok, att_tok, pairs):
    """Each displayed source word from the ops of its tokens: (sort key, WordResult) rows, the
    correct words' time matches (and which row each is), and the inserted tokens' pairs."""
    per_word: dict[int, list] = {}
    inserted: list = []
    for p in pairs:
        if p.source is None:
            inserted.append(p)
        else:
            per_word.setdefault(src_tok[p.source].word_index, []).append(p)
    matches: list[timing.Match] = []
    match_word: list[int] = []
    results: list[tuple[float, WordResult]] = []
    for i, w in enumerate(source):
        ops = per_word.get(i)
        if not ops:
            continue  # a filler the normaliser drops ("uh"): neither said nor missed
        heard_idx = sorted({att_tok[p.attempt].word_index for p in ops if p.attempt is not None})
        heard_words = " ".join(heard[j].text for j in heard_idx) or None
        att_start = heard[heard_idx[0]].start if heard_idx else None
        att_end = heard[heard_idx[-1]].end if heard_idx else None
        if all(p.op == "equal" for p in ops):
            status = "correct"
            matches.append(timing.Match(w.start, w.end, heard[heard_idx[0]].start, heard[heard_idx[-1]].end))
            match_word.append(len(results))
        elif all(p.op == "delete" for p in ops):
            status, heard_words = "missed", None
        else:
            status = "substituted"
        results.append((w.start, WordResult(w.text, status, heard_words, w.start, att_start, index=i,
                                            source_end=w.end, attempt_end=att_end if status != "missed" else None)))
    return results, matches, match_word, inserted


def _lags(matches, mode: str, aligned: bool, source_audio, attempt_audio) -> tuple[list[float], str]:
    """Each correct word's lag: Whisper's word times, refined by the energy envelopes of both
    recordings around the word when shadowing in the app's stream (where at least half refine)."""
    coarse = [m.attempt_start - m.source_start for m in matches]
    if aligned and mode == "shadow" and source_audio is not None and attempt_audio is not None and matches:
        refined = timing.refine_lags(matches, source_audio, attempt_audio)
        if sum(r is not None for r in refined) >= max(1, len(refined) // 2):
            return [r if r is not None else c for r, c in zip(refined, coarse)], "envelope"
    return coarse, "whisper"


def _with_insertions(results, inserted, heard, att_tok, offset: float) -> list[WordResult]:
    """The words in order, the learner's extra words placed where they fell on the source's axis."""
    seen: set[int] = set()
    for p in inserted:
        j = att_tok[p.attempt].word_index
        if j not in seen:
            seen.add(j)
            results.append((heard[j].start - offset, WordResult(heard[j].text, "inserted", heard[j].text, None,
                                                                heard[j].start)))
    results.sort(key=lambda r: r[0])
    return [r for _, r in results]


@dataclass(frozen=True)
class Attempt:
    audio: np.ndarray  # float32 mono 16 kHz
    mode: str = "shadow"
    aligned: bool = True


def score_attempt(source: list[Word], attempt: Attempt, source_audio: np.ndarray | None = None,
                  engine=None, phones: bool = True, heard: list[Word] | None = None,
                  listening=None) -> ScoreResult:
    """Transcribe the attempt (nothing of the source is given to Whisper) and score it; with
    ``phones``, judge its pronunciation too (English only), against the speaker's audio if given.
    ``heard`` and ``listening``: the attempt's words and phones already under way (a walk's
    loops are transcribed together while their phones are heard beside)."""
    from ..transcription.engine import get_engine

    engine = engine or get_engine()
    if listening is None:
        listening = listen(attempt.audio, source) if phones and judges_pronunciation(engine) else None
    # shadowing in the app's stream: the lags are refined on both recordings' envelopes, so the
    # attempt keeps Whisper's word times (0.3 s sooner); repeating needs them from the signal
    # (the offset and the pace are measured on them: 90 ms and 4 % off without)
    refined_later = attempt.mode == "shadow" and attempt.aligned and source_audio is not None
    if heard is None:
        heard = engine.transcribe_clip(attempt.audio, align=not refined_later) if attempt.audio.size >= timing.SR // 4 else []
    result = score_words(source, heard, attempt.mode, attempt.aligned,
                         source_audio if attempt.mode == "shadow" else None, attempt.audio)
    if listening is not None and result.message != NO_SPEECH:
        result = with_pronunciation(result, listening.assess(source, source_audio, _said(result)))
    return result


def judges_pronunciation(engine) -> bool:
    """Phones and CMUdict are English: other languages keep the words-only score."""
    return getattr(engine, "language", "en") in (None, "en")


def listen(attempt_audio: np.ndarray, source: list[Word], references: dict | None = None,
           noise: float | None = None, recogniser=None):
    """Start the phone recogniser and the pitch tracker on the attempt beside Whisper, or None
    when the words are mostly unknown to the English dictionary (not English: words only).
    ``references``: where the speaker's evidence is kept between attempts, if not the shared store;
    ``noise``: the attempt's noise floor, if known better than from the attempt alone;
    ``recogniser``: a phone recogniser of the caller's (one that hears attempts in parallel)."""
    from ..pronunciation import Listening
    from ..pronunciation.phones import pronunciations

    if not source or attempt_audio.size < timing.SR // 4:
        return None
    if sum(pronunciations(w.text)[1] for w in source) < 0.5 * len(source):
        return None
    return Listening(attempt_audio, recogniser, references=references, noise=noise)


def _said(result: ScoreResult) -> set[int]:
    return {w.index for w in result.words if w.index is not None and w.status in ("correct", "substituted")}
