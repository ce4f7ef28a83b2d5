"""Repairs for Whisper's known failures, applied to each chunk's words before they are stored.

- hallucinated text over silence, noise or music: words outside voice activity, and segments
  Whisper itself marks as probably-no-speech, are dropped;
- repetition loops: a phrase repeated with timing no speaker could produce is collapsed;
- words with zero or negative duration, or out of order: times repaired from their neighbours;
- skipped speech: stretches where voice activity shows speech but no word was produced are
  reported so that the engine decodes them again.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..records import Word

MIN_WORD_S = 0.04
NO_SPEECH_PROB = 0.6
LOW_LOGPROB = -1.0
_KEY = re.compile(r"[^\w']+")


def word_key(text: str) -> str:
    return _KEY.sub("", text.lower())


def speech_overlap(start: float, end: float, regions: list[tuple[float, float]], slack: float = 0.15) -> float:
    """Seconds of [start, end] inside voice activity (regions widened by ``slack``)."""
    total = 0.0
    for lo, hi in regions:
        lo, hi = lo - slack, hi + slack
        if hi <= start:
            continue
        if lo >= end:
            break
        total += min(end, hi) - max(start, lo)
    return max(0.0, total)


def drop_outside_speech(words: list[Word], regions: list[tuple[float, float]]) -> list[Word]:
    """Whisper invents text over silence and music; VAD says where nobody spoke."""
    return [w for w in words if speech_overlap(w.start, max(w.end, w.start + MIN_WORD_S), regions) > 0]


def is_hallucinated_segment(no_speech_prob: float, avg_logprob: float, compression_ratio: float) -> bool:
    """Whisper's own rule (no-speech and low confidence), plus its repetition signature."""
    if no_speech_prob > NO_SPEECH_PROB and avg_logprob < LOW_LOGPROB:
        return True
    return compression_ratio > 2.4 and avg_logprob < LOW_LOGPROB


def max_word_s(text: str) -> float:
    """The longest a word of this length plausibly lasts; longer ones swallowed skipped speech."""
    return max(1.0, 0.35 + 0.1 * len(word_key(text)))


def cap_stretched(words: list[Word]) -> list[Word]:
    """A word stretched over seconds hides a clause Whisper skipped: cut it back so the hole shows."""
    return [replace(w, end=w.start + max_word_s(w.text)) if w.end - w.start > max_word_s(w.text) else w
            for w in words]


def repair_timing(words: list[Word], limit: float | None = None) -> list[Word]:
    """Give every word a positive duration, in order, inside [0, limit]."""
    fixed: list[Word] = []
    for i, w in enumerate(words):
        start, end = w.start, w.end
        if fixed and start < fixed[-1].start:
            start = fixed[-1].start
        if end - start < MIN_WORD_S:
            nxt = words[i + 1].start if i + 1 < len(words) else None
            room_after = (nxt - start) if nxt is not None and nxt > start else MIN_WORD_S * 2
            end = start + max(MIN_WORD_S, min(room_after, 0.15))
        if limit is not None:
            end = min(end, limit)
            start = min(start, max(0.0, end - MIN_WORD_S))
        start = max(0.0, start)
        if fixed and start < fixed[-1].end:
            prev = fixed[-1]
            if start - prev.start >= MIN_WORD_S:
                fixed[-1] = replace(prev, end=start)
            else:
                start = prev.end
                end = max(end, start + MIN_WORD_S)
        fixed.append(replace(w, start=round(start, 3), end=round(end, 3)))
    return fixed


def collapse_repetitions(words: list[Word], max_n: int = 8) -> list[Word]:
    """Remove repeats of an n-gram that follow too fast to have been spoken.

    A speaker who really says a phrase five times takes about as long each time; a decoding
    loop crams copies into the remaining time or gives them near-zero durations. Each repeat
    is kept only if it lasts at least half as long as the first occurrence.
    """
    keys = [word_key(w.text) for w in words]
    out: list[Word] = []
    i = 0
    while i < len(words):
        best = None
        for n in range(1, max_n + 1):
            if i + 2 * n > len(words):
                break
            gram = keys[i:i + n]
            if not all(gram):
                continue
            reps = 1
            while keys[i + reps * n:i + (reps + 1) * n] == gram:
                reps += 1
            if reps >= 3 and (best is None or reps * n > best[0] * best[1]):
                best = (reps, n)
        if best is None:
            out.append(words[i])
            i += 1
            continue
        reps, n = best
        first = words[i:i + n]
        first_span = max(first[-1].end - first[0].start, MIN_WORD_S * n)
        out.extend(first)
        kept = 1
        for r in range(1, reps):
            chunk = words[i + r * n:i + (r + 1) * n]
            span = chunk[-1].end - chunk[0].start
            if span < 0.5 * first_span or span / n < MIN_WORD_S * 1.5:
                break
            out.extend(chunk)
            kept += 1
        i += reps * n
    return out


def unvoiced_speech(words: list[Word], regions: list[tuple[float, float]], min_s: float = 1.0,
                    ) -> list[tuple[float, float]]:
    """Stretches of voice activity (>= ``min_s``) with no word in them: Whisper skipped them."""
    gaps = []
    for lo, hi in regions:
        if hi - lo < min_s:
            continue
        covered = [(max(lo, w.start), min(hi, w.end)) for w in words if w.end > lo and w.start < hi]
        cursor, holes = lo, []
        for a, b in covered:
            if a - cursor >= min_s:
                holes.append((cursor, a))
            cursor = max(cursor, b)
        if hi - cursor >= min_s:
            holes.append((cursor, hi))
        gaps.extend(holes)
    return gaps
