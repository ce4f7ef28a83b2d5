"""Timing of an attempt against the source, on matched (correct) words.

Shadowing (aligned): lag of each matched word (attempt start - source start), its median,
spread (IQR), drift (last third - first third) and the longest stretch the learner was silent
while the speaker talked. Repeat, read and unaligned attempts: the offset is removed first (the
median difference of matched words), then pace, pauses and rhythm are compared.

Whisper's word starts are coarse (tens of ms, worse after silence). Where both recordings are
at hand, each matched word's lag is refined by cross-correlating the energy envelopes of source
and attempt around the word, searching near the coarse lag.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

SR = 16000
HOP_S = 0.005
PAUSE_S = 0.3


@dataclass(frozen=True)
class Match:
    source_start: float
    source_end: float
    attempt_start: float
    attempt_end: float


def envelope(audio: np.ndarray, hop_s: float = HOP_S) -> np.ndarray:
    """Log energy per hop, a 20 ms window: what the ear tracks when it follows a speaker."""
    hop = int(hop_s * SR)
    win = 4 * hop
    if audio.size < win:
        return np.zeros(0)
    squared = np.concatenate(([0.0], np.cumsum(audio.astype(np.float64) ** 2)))
    starts = np.arange(0, audio.size - win, hop)
    energy = (squared[starts + win] - squared[starts]) / win
    return np.log10(energy + 1e-7)


def refine_lags(matches: list[Match], source: np.ndarray, attempt: np.ndarray, search_s: float = 0.15,
                context_s: float = 0.25) -> list[float | None]:
    """Per matched word, the lag that best lines up the two envelopes near the coarse lag."""
    src_env, att_env = envelope(source), envelope(attempt)
    out: list[float | None] = []
    for m in matches:
        coarse = m.attempt_start - m.source_start
        lo = max(0, int((m.source_start - context_s) / HOP_S))
        hi = min(src_env.size, int((m.source_end + context_s) / HOP_S))
        if hi - lo < 20:
            out.append(None)
            continue
        ref = src_env[lo:hi] - src_env[lo:hi].mean()
        if ref.std() < 0.05:
            out.append(None)
            continue
        best, best_r = None, -2.0
        steps = int(search_s / HOP_S)
        base = int(round(coarse / HOP_S))
        for k in range(base - steps, base + steps + 1):
            a, b = lo + k, hi + k
            if a < 0 or b > att_env.size:
                continue
            seg = att_env[a:b] - att_env[a:b].mean()
            denom = np.sqrt((ref ** 2).sum() * (seg ** 2).sum())
            if denom <= 0:
                continue
            r = float((ref * seg).sum() / denom)
            if r > best_r:
                best, best_r = k, r
        out.append(best * HOP_S if best is not None and best_r > 0.5 else None)
    return out


def _iqr(values: list[float]) -> float:
    q1, q3 = np.percentile(values, [25, 75])
    return float(q3 - q1)


def lag_figures(lags: list[float]) -> dict:
    """Median, IQR and drift (median of the last third minus the first third), in seconds."""
    if not lags:
        return {"median": None, "iqr": None, "drift": None}
    third = max(1, len(lags) // 3)
    drift = float(np.median(lags[-third:]) - np.median(lags[:third])) if len(lags) >= 3 else 0.0
    return {"median": float(np.median(lags)), "iqr": _iqr(lags), "drift": drift}


def longest_silence(source_spans: list[tuple[float, float]], attempt_spans: list[tuple[float, float]],
                    lag: float) -> float:
    """Longest time the speaker talked while the learner (shifted back by their lag) said nothing."""
    if not source_spans:
        return 0.0
    end = max(e for _, e in source_spans)
    grid = np.zeros(int(end / 0.01) + 2, dtype=np.int8)
    for s, e in source_spans:
        grid[int(s / 0.01):int(e / 0.01) + 1] |= 1
    for s, e in attempt_spans:
        s, e = s - lag, e - lag
        grid[max(0, int((s - 0.15) / 0.01)):max(0, int((e + 0.15) / 0.01) + 1)] |= 2
    longest = run = 0
    first_src = int(min(s for s, _ in source_spans) / 0.01)
    for v in grid[first_src:]:
        if v & 2:
            run = 0
        elif v & 1 or run:
            run += 1
            longest = max(longest, run)
    return round(longest * 0.01, 2)


def pace_and_pauses(matches: list[Match]) -> dict:
    """Offset removed: pace ratio, pauses kept/added, rhythm (correlation of inter-word intervals)."""
    if len(matches) < 2:
        return {"offset": matches[0].attempt_start - matches[0].source_start if matches else None,
                "pace_ratio": None, "pauses_kept": None, "pauses_source": 0, "pauses_added": 0, "rhythm": None}
    offset = float(np.median([m.attempt_start - m.source_start for m in matches]))
    src_span = matches[-1].source_end - matches[0].source_start
    att_span = matches[-1].attempt_end - matches[0].attempt_start
    pace = att_span / src_span if src_span > 0 else None
    kept = src_pauses = added = 0
    src_iv, att_iv = [], []
    for a, b in zip(matches, matches[1:]):
        src_gap, att_gap = b.source_start - a.source_end, b.attempt_start - a.attempt_end
        src_iv.append(b.source_start - a.source_start)
        att_iv.append(b.attempt_start - a.attempt_start)
        if src_gap >= PAUSE_S:
            src_pauses += 1
            kept += att_gap >= PAUSE_S / 2
        elif att_gap >= PAUSE_S and src_gap < PAUSE_S / 2:
            added += 1
    rhythm = None
    if len(src_iv) >= 3 and np.std(src_iv) > 0 and np.std(att_iv) > 0:
        rhythm = float(np.corrcoef(src_iv, att_iv)[0, 1])
    return {"offset": offset, "pace_ratio": pace, "pauses_kept": kept, "pauses_source": src_pauses,
            "pauses_added": added, "rhythm": rhythm}
