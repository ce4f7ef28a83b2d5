"""Word times taken from the audio: forced alignment of the words Whisper recognised.

Whisper's word timestamps come from cross-attention, not from the signal: on speech with a
known script (eSpeak sentences joined with known pauses) the first word after a pause starts
0.1-0.4 s early and word starts are off by a median of ~120 ms. An HMM aligner that knows
which words were said places them to the 10 ms frame: PocketSphinx's en-us acoustic model with
CMUdict (both inside its wheel, offline), in its first (word-level) pass, which costs about
0.013 s per second of audio on one core.

The words are aligned in runs (stretches Whisper heard without a pause), each with a little
audio either side so a word Whisper started early can move later. A run that cannot be aligned
(a word nobody can pronounce, a decoder failure, a result that moved a word implausibly far)
keeps Whisper's times, snapped to the speech energy (:mod:`.energy`). Only English models are
aligned; for other languages every run is snapped.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, replace

import numpy as np

from ..records import Word
from . import energy
from .lexicon import guessed_phones, spoken_tokens

SAMPLE_RATE = 16000
FRAMES_PER_S = 100
RUN_PAUSE_S = 0.3  # a gap this long in Whisper's times starts a new run
RUN_MAX_S = 25.0  # longer runs are split at their widest gap (the search grows with the run)
CONTEXT_S = 0.6  # audio either side of a run: room to move its first and last word
MAX_SHIFT_S = 1.0  # an aligned word further than this from Whisper's is a failed alignment
_FILLER = re.compile(r"^(<.*>|\[.*\]|\(null\))$", re.IGNORECASE)


@dataclass(frozen=True)
class AlignmentReport:
    """What happened to a batch of words: how many were aligned, snapped, left alone."""

    aligned: int = 0
    snapped: int = 0
    runs: int = 0
    failed_runs: int = 0

    def __add__(self, other: AlignmentReport) -> AlignmentReport:
        return AlignmentReport(self.aligned + other.aligned, self.snapped + other.snapped,
                               self.runs + other.runs, self.failed_runs + other.failed_runs)


class ForcedAligner:
    """One PocketSphinx decoder (0.1 s to load), used by one thread at a time."""

    def __init__(self) -> None:
        from pocketsphinx import Decoder

        self._decoder = Decoder(samprate=SAMPLE_RATE, lm=None, loglevel="FATAL")
        self._lock = threading.Lock()
        self._known: dict[str, bool] = {}

    # --- public -------------------------------------------------------------------------------

    def refine(self, audio: np.ndarray, words: list[Word], offset: float = 0.0) -> tuple[list[Word], AlignmentReport]:
        """``words`` (in ``offset``-shifted time over ``audio``) with start/end from the signal.

        Same words, same order, same text; only times change. The result never overlaps and
        never leaves the audio.
        """
        if not words:
            return [], AlignmentReport()
        local = [replace(w, start=w.start - offset, end=w.end - offset) for w in words]
        level = energy.frame_levels(audio)
        out: list[Word] = []
        report = AlignmentReport()
        runs = _runs(local)
        for k, run in enumerate(runs):
            lo = 0.0 if k == 0 else (runs[k - 1][-1].end + run[0].start) / 2
            hi = audio.size / SAMPLE_RATE if k + 1 == len(runs) else (run[-1].end + runs[k + 1][0].start) / 2
            lo, hi = max(lo, run[0].start - CONTEXT_S, 0.0), min(hi, run[-1].end + CONTEXT_S, audio.size / SAMPLE_RATE)
            times = self._align_run(audio, run, lo, hi)
            if times is None:
                out += energy.snap(run, level, lo, hi)
                report += AlignmentReport(snapped=len(run), runs=1, failed_runs=1)
            else:
                out += [replace(w, start=round(s, 3), end=round(e, 3)) for w, (s, e) in zip(run, times)]
                report += AlignmentReport(aligned=len(run), runs=1)
        return [replace(w, start=round(w.start + offset, 3), end=round(w.end + offset, 3)) for w in out], report

    # --- one run ------------------------------------------------------------------------------

    def _align_run(self, audio: np.ndarray, run: list[Word], lo: float, hi: float) -> list[tuple[float, float]] | None:
        spoken = [spoken_tokens(w.text) for w in run]
        tokens = [t for ts in spoken for t in ts]
        if not tokens or any(not ts for ts in spoken) or not all(self._pronounceable(t) for t in tokens):
            return None
        pcm = (np.clip(audio[int(lo * SAMPLE_RATE):int(hi * SAMPLE_RATE)], -1, 1) * 32767).astype("<i2").tobytes()
        with self._lock:
            d = self._decoder
            try:
                d.set_align_text(" ".join(tokens))
                d.start_utt()
                d.process_raw(pcm, full_utt=True)
                d.end_utt()
                found = [(s.start_frame, s.end_frame + 1) for s in (d.seg() or ()) if not _FILLER.match(s.word)]
            except (RuntimeError, ValueError, TypeError):
                return None
        if len(found) != len(tokens):
            return None
        times, i = [], 0
        for w, ts in zip(run, spoken):
            first, last = found[i], found[i + len(ts) - 1]
            i += len(ts)
            start, end = lo + first[0] / FRAMES_PER_S, lo + last[1] / FRAMES_PER_S
            if abs(start - w.start) > MAX_SHIFT_S or abs(end - w.end) > MAX_SHIFT_S + 0.5:
                return None
            times.append((start, max(end, start + 0.01)))
        return times

    def _pronounceable(self, token: str) -> bool:
        known = self._known.get(token)
        if known is None:
            with self._lock:
                known = self._decoder.lookup_word(token) is not None
                if not known:
                    phones = guessed_phones(token)
                    if phones:
                        try:
                            self._decoder.add_word(token, phones, True)
                            known = True
                        except (RuntimeError, ValueError):
                            known = False
            self._known[token] = known
        return known


def _runs(words: list[Word]) -> list[list[Word]]:
    runs: list[list[Word]] = [[words[0]]]
    for prev, word in zip(words, words[1:]):
        if word.start - prev.end >= RUN_PAUSE_S:
            runs.append([word])
        else:
            runs[-1].append(word)
    out: list[list[Word]] = []
    for run in runs:
        out += _split(run)
    return out


def _split(run: list[Word]) -> list[list[Word]]:
    if run[-1].end - run[0].start <= RUN_MAX_S or len(run) < 2:
        return [run]
    i = max(range(len(run) - 1), key=lambda k: run[k + 1].start - run[k].end)
    return _split(run[: i + 1]) + _split(run[i + 1:])


_shared: ForcedAligner | None = None
_shared_lock = threading.Lock()


def shared_aligner() -> ForcedAligner | None:
    """The process's aligner, or None where PocketSphinx is not installed (times are snapped)."""
    global _shared
    with _shared_lock:
        if _shared is None:
            try:
                _shared = ForcedAligner()
            except (ImportError, OSError, RuntimeError):
                return None
        return _shared


def refine_word_times(audio: np.ndarray, words: list[Word], offset: float = 0.0,
                      language: str | None = "en") -> tuple[list[Word], AlignmentReport]:
    """Whisper's words with times from the signal: aligned (English) or snapped to the energy."""
    if not words:
        return [], AlignmentReport()
    aligner = shared_aligner() if (language or "en").startswith("en") else None
    if aligner is not None:
        return aligner.refine(audio, words, offset)
    level = energy.frame_levels(audio)
    local = [replace(w, start=w.start - offset, end=w.end - offset) for w in words]
    snapped = energy.snap(local, level, 0.0, audio.size / SAMPLE_RATE)
    return ([replace(w, start=round(w.start + offset, 3), end=round(w.end + offset, 3)) for w in snapped],
            AlignmentReport(snapped=len(words), runs=1, failed_runs=1))
