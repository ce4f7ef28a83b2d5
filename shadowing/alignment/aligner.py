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
MAX_SHIFT_S = 1.0
MAX_MERGED = 2  # runs aligned together at most, when one is squeezed or fails (each retry aligns again)
EDGE_S = 0.03  # a last word ending this close to its window's end may have been squeezed  # an aligned word further than this from Whisper's is a failed alignment
# silprob: a pause between two words is likelier than PocketSphinx's default (0.005) assumes in
# read or spoken English; without it a word is stretched over a short pause and the pause is lost
# to the segmenter. topn 2: two Gaussians a frame, 20 % faster, same error on the built truth.
DECODER_OPTIONS = {"silprob": 0.1, "topn": 2}
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

        self._decoder = Decoder(samprate=SAMPLE_RATE, lm=None, loglevel="FATAL", **DECODER_OPTIONS)
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
        end_of_audio = audio.size / SAMPLE_RATE
        k = 0
        while k < len(runs):
            # A run whose alignment fails, or whose last word is pressed against the end of its
            # window (Whisper put the next word early, so this one had no room), is aligned again
            # together with the next run: one stretch, one window (JFK's "ask not").
            n = 1
            while True:
                run = [w for r in runs[k:k + n] for w in r]
                lo = 0.0 if k == 0 else (runs[k - 1][-1].end + run[0].start) / 2
                hi = end_of_audio if k + n == len(runs) else (run[-1].end + runs[k + n][0].start) / 2
                lo, hi = max(lo, run[0].start - CONTEXT_S, 0.0), min(hi, run[-1].end + CONTEXT_S, end_of_audio)
                done, part, clean = self._align_pieces(audio, level, run, lo, hi)
                if clean or k + n == len(runs) or n >= MAX_MERGED or run[-1].end - run[0].start > RUN_MAX_S:
                    break
                n += 1
            out += done
            report += part
            k += n
        out = _ordered(out)
        return [replace(w, start=round(w.start + offset, 3), end=round(w.end + offset, 3)) for w in out], report

    # --- one run ------------------------------------------------------------------------------

    def _align_pieces(self, audio, level, run: list[Word], lo: float, hi: float):
        """(words, report, clean): the run aligned piece by piece (see :meth:`_pieces`); clean
        when every pronounceable piece aligned and the last word does not touch ``hi``."""
        out: list[Word] = []
        report, clean = AlignmentReport(), True
        for piece, p_lo, p_hi, sayable in self._pieces(run, lo, hi):
            times = self._align_run(audio, piece, p_lo, p_hi) if sayable else None
            if times is not None:
                out += [replace(w, start=round(s, 3), end=round(e, 3)) for w, (s, e) in zip(piece, times)]
                report += AlignmentReport(aligned=len(piece), runs=1)
                clean = clean and not (piece[-1] is run[-1] and times[-1][1] >= hi - EDGE_S)
            elif sayable:
                out += energy.snap(piece, level, p_lo, p_hi)
                report += AlignmentReport(snapped=len(piece), runs=1, failed_runs=1)
                clean = False
            else:  # nothing can say it (a hallucinated "40-2.0.0.0."): Whisper's time on the sound
                out += energy.snap(piece, level, p_lo, p_hi)
                report += AlignmentReport(snapped=len(piece))
        return out, report, clean

    def _pieces(self, run: list[Word], lo: float, hi: float):
        """A run cut around the words no lexicon can pronounce, so one bad word (a number
        Whisper garbled, a hallucinated token) does not cost its neighbours their alignment.
        Yields (words, window start, window end, pronounceable)."""
        ok = [bool(spoken_tokens(w.text)) and all(self._pronounceable(t) for t in spoken_tokens(w.text)) for w in run]
        i = 0
        while i < len(run):
            j = i
            while j < len(run) and ok[j] == ok[i]:
                j += 1
            piece = run[i:j]
            p_lo = lo if i == 0 else max(lo, run[i - 1].end - 0.1)
            p_hi = hi if j == len(run) else min(hi, run[j].start + 0.1)
            yield piece, p_lo, max(p_hi, p_lo + 0.05), ok[i]
            i = j

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
                d.process_raw(pcm, full_utt=True)  # the whole run: cepstral means from all of it
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


def _ordered(words: list[Word]) -> list[Word]:
    """Times made monotonic: a word kept at Whisper's time never overlaps an aligned neighbour."""
    out: list[Word] = []
    for k, w in enumerate(words):
        start = max(w.start, out[-1].end if out else 0.0)
        later = [x.start for x in words[k + 1:k + 2]]
        end = min(w.end, later[0]) if later and later[0] > start else w.end
        out.append(w if (start, end) == (w.start, w.end) else replace(w, start=round(start, 3),
                                                                       end=round(max(end, start + 0.01), 3)))
    return out


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
