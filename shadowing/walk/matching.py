"""Where a walk's track ran in a phone recording of the walk, and which speech belongs to which loop.

The earphones keep the track out of the recording: what it holds is the learner's voice, street
noise, stops. The learner's speech has the track's rhythm, though: while a sentence plays they
shadow it (speech from its first word, a lag behind, to its last), in the gap after it they repeat
it (speech starting a reaction time into the gap, about as long as the sentence). The sentences'
lengths differ, so that pattern of speech and silence fits the recording at one place only.

:func:`find_offset` correlates Silero's speech activity (shipped in faster-whisper) with the
pattern the plan predicts, over every offset at once (FFT) and over a grid of clock drifts (a
phone's clock may run up to 0.1 % off), then refines both. The learner's lag and reaction time
are taken from their desk history where it has them: with earphones, nothing else in the
recording says when the track's sample 0 played, so the offset is where it would be for this
learner's usual timing.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np

from .plan import PlannedLoop, WalkPlan

FRAME_S = 0.02
MAX_DRIFT_PPM = 1000.0
DEFAULT_LAG_S = 0.4  # a shadower's usual lag behind the speaker
DEFAULT_REACTION_S = 0.4  # from the sentence's end to a repetition's first word
MIN_SPEECH_S = 0.3  # less speech than this in a loop's slot: the loop was skipped


@dataclass(frozen=True)
class Timing:
    lag_s: float = DEFAULT_LAG_S
    reaction_s: float = DEFAULT_REACTION_S


@dataclass(frozen=True)
class Fit:
    offset_s: float  # recording time at which the track's time 0 played (negative: before it began)
    drift_ppm: float  # the recording's clock against the track's: recording = offset + t * (1 + ppm/1e6)
    strength: float  # onsets matched at the best placement over those at the next best (how sure)
    covered: float  # share of the plan's loops that fall inside the recording

    def to_recording(self, track_s: float) -> float:
        return self.offset_s + track_s * (1 + self.drift_ppm * 1e-6)


VAD_PIECE_S = 900.0


def speech_regions(audio: np.ndarray, rate: int = 16000) -> list[tuple[float, float]]:
    """Silero VAD over the whole recording (seconds). A long recording is cut at its quietest
    moments into pieces of about 15 minutes, heard at once on the cores there are: the model
    runs without the GIL, and an hour takes 9 s on one core. The pieces depend on the audio
    alone, so every machine finds the same regions (Silero's state runs on through a recording:
    a cut moves later edges by a few ms, now and then splits a stretch in two)."""
    if audio.size < rate // 2:
        return []
    parts = max(1, int(round(audio.size / rate / VAD_PIECE_S)))
    if parts == 1:
        return _silero(audio, rate)
    cuts = [0] + [_quietest(audio, audio.size * k // parts, rate) for k in range(1, parts)] + [audio.size]
    with ThreadPoolExecutor(min(parts, os.cpu_count() or 1), thread_name_prefix="vad") as pool:
        pieces = list(pool.map(lambda k: _silero(audio[cuts[k]: cuts[k + 1]], rate), range(parts)))
    regions: list[tuple[float, float]] = []
    for k, found in enumerate(pieces):
        for a, b in found:
            a, b = a + cuts[k] / rate, b + cuts[k] / rate
            if regions and a - regions[-1][1] < 0.05:  # one stretch of speech across a cut
                regions[-1] = (regions[-1][0], b)
            else:
                regions.append((a, b))
    return regions


def _silero(audio: np.ndarray, rate: int) -> list[tuple[float, float]]:
    from faster_whisper.vad import VadOptions, get_speech_timestamps

    if audio.size < rate // 2:
        return []
    found = get_speech_timestamps(audio, VadOptions(min_silence_duration_ms=150, speech_pad_ms=30,
                                                    min_speech_duration_ms=150))
    return [(r["start"] / rate, r["end"] / rate) for r in found]


def _quietest(audio: np.ndarray, near: int, rate: int, within_s: float = 30.0) -> int:
    """The middle of the quietest 0.5 s within ``within_s`` of sample ``near``: where a cut
    splits no word."""
    lo, hi = max(0, near - int(within_s * rate)), min(audio.size, near + int(within_s * rate))
    step = rate // 2
    if hi - lo < 2 * step:
        return near
    frames = audio[lo: lo + (hi - lo) // step * step].reshape(-1, step)
    k = int(np.argmin(np.mean(frames.astype(np.float64) ** 2, axis=1)))
    return lo + k * step + step // 2


HOP_S = 0.005


def speech_onsets(audio: np.ndarray, regions: list[tuple[float, float]], rate: int = 16000) -> list[float]:
    """Each region's start, placed again on the signal: Silero decides on 32 ms windows and starts
    its regions 20-50 ms late or early; the first 5 ms hop where the pre-emphasised energy (the
    rumble of traffic and wind removed) rises 10 dB over the quiet just before is the onset."""
    if not regions:
        return []
    emphasised = np.empty_like(audio)
    emphasised[0] = audio[0]
    emphasised[1:] = audio[1:] - 0.97 * audio[:-1]
    hop = int(HOP_S * rate)
    n = emphasised.size // hop
    energy = (emphasised[: n * hop].reshape(n, hop) ** 2).mean(axis=1) + 1e-12
    level = 10 * np.log10(energy)
    out = []
    for lo, _hi in regions:
        c = int(lo / HOP_S)
        before = level[max(0, c - int(0.5 / HOP_S)): max(0, c - int(0.1 / HOP_S))]
        if before.size < 10:
            out.append(lo + VAD_PAD_S)
            continue
        floor = float(np.percentile(before, 30))
        window = level[max(0, c - int(0.15 / HOP_S)): c + int(0.2 / HOP_S)]
        smooth = np.convolve(np.pad(window, 1, mode="edge"), np.ones(3) / 3, mode="valid")
        above = np.flatnonzero(smooth > floor + 10.0)
        out.append((max(0, c - int(0.15 / HOP_S)) + int(above[0])) * HOP_S if above.size else lo + VAD_PAD_S)
    return out


def spoken_span(lp: PlannedLoop, rate: int) -> tuple[float, float]:
    """The speaker's first word start and last word end in the loop's played time (seconds);
    the whole play for a sentence without word times."""
    if lp.words:
        return lp.words[0][0] / lp.speed, lp.words[-1][1] / lp.speed
    return 0.0, (lp.play_end - lp.play_start) / rate


def slots(plan: WalkPlan, lp: PlannedLoop, timing: Timing) -> tuple[tuple[float, float], tuple[float, float]]:
    """Where in track time the learner's shadowing and repetition of ``lp`` are expected."""
    first, last = spoken_span(lp, plan.rate)
    play = lp.play_start / plan.rate
    gap = lp.gap_start / plan.rate
    shadow = (play + first + timing.lag_s, play + last + timing.lag_s)
    length = last - first
    repeat = (gap + timing.reaction_s, gap + timing.reaction_s + length)
    return shadow, repeat


VAD_PAD_S = 0.03  # Silero's regions start this much before the speech (speech_pad_ms)
ONSET_SIGMA_S = 0.12  # how far a learner's start may wander around the expected one and still count


def onsets(plan: WalkPlan, timing: Timing, scale: float = 1.0) -> np.ndarray:
    """Track seconds (times ``scale``) where a learner's speech would start: shadowing each loop,
    and repeating it in its gap."""
    times = []
    for lp in plan.loops:
        shadow, repeat = slots(plan, lp, timing)
        times += [shadow[0] * scale, repeat[0] * scale]
    return np.asarray(times)


def _bumps(times: np.ndarray, n: int) -> np.ndarray:
    """Gaussian bumps (height 1) at ``times`` on a FRAME_S grid of ``n`` frames."""
    out = np.zeros(n, np.float32)
    width = int(np.ceil(3 * ONSET_SIGMA_S / FRAME_S))
    kernel = np.exp(-0.5 * ((np.arange(-width, width + 1) * FRAME_S) / ONSET_SIGMA_S) ** 2).astype(np.float32)
    for t in times:
        c = int(round(t / FRAME_S))
        lo, hi = c - width, c + width + 1
        if hi <= 0 or lo >= n:
            continue
        out[max(0, lo): min(n, hi)] = np.maximum(out[max(0, lo): min(n, hi)],
                                                 kernel[max(0, -lo): kernel.size - max(0, hi - n)])
    return out


def _correlate(signal: np.ndarray, template: np.ndarray, size: int) -> np.ndarray:
    """r[k] = sum_t signal[t + k] * template[t]: the template laid from frame k of the signal
    (k past size/2: a negative k, the template starting before the signal)."""
    spec = np.fft.rfft(signal, size) * np.conj(np.fft.rfft(template, size))
    return np.fft.irfft(spec, size)


def find_offset(starts: list[float], duration: float, plan: WalkPlan, timing: Timing = Timing()) -> Fit:
    """The best (offset, drift) of the plan's speech onsets on the recording's.

    Onsets, not speech and silence: a learner's repetition may be shorter or longer than the
    speaker's sentence and a shadowed loop may run on into the gap, but each starts about where
    the plan says. The score of a placement is how many of the recording's onsets meet an
    expected one (Gaussian tolerance), over every offset at once (FFT) and a grid of drifts.
    """
    observed = np.zeros(int(np.ceil(duration / FRAME_S)) + 1, np.float32)
    for lo in starts:
        observed[min(observed.size - 1, int(round(lo / FRAME_S)))] = 1.0
    n_template = int(np.ceil(plan.duration * (1 + MAX_DRIFT_PPM * 1e-6) / FRAME_S)) + 2
    size = 1 << int(np.ceil(np.log2(observed.size + n_template + 1)))
    spectrum = np.fft.rfft(observed, size)

    def best(ppm: float):
        template = _bumps(onsets(plan, timing, 1 + ppm * 1e-6), n_template)
        curve = np.fft.irfft(spectrum * np.conj(np.fft.rfft(template, size)), size)
        k = int(np.argmax(curve))
        return float(curve[k]), k, curve

    # drift grid: at 50 ppm steps an hour's track is at most 0.09 s off at its end (under one
    # onset tolerance); then 5 ppm steps around the best
    coarse = [(best(p), p) for p in np.arange(-MAX_DRIFT_PPM, MAX_DRIFT_PPM + 1, 50.0)]
    (_, _, _), centre = max(coarse, key=lambda item: (item[0][0], -abs(item[1])))
    fine = [(best(p), p) for p in np.arange(centre - 45, centre + 46, 5.0)]
    (peak, k, curve), ppm = max(fine, key=lambda item: (item[0][0], -abs(item[1] - centre)))
    left, right = curve[(k - 1) % size], curve[(k + 1) % size]
    denom = left - 2 * peak + right
    frac = 0.5 * (left - right) / denom if denom < 0 else 0.0
    lag = k + frac
    if lag > size / 2:
        lag -= size
    # how sure: the peak against the best placement at least a second away from it
    away = curve.copy()
    near = int(1.0 / FRAME_S)
    for j in range(-near, near + 1):
        away[(k + j) % size] = -np.inf
    runner_up = float(np.max(away))
    fit = Fit(round(float(lag * FRAME_S), 3), round(float(ppm), 1),
              round(peak / max(runner_up, 1.0), 2), 0.0)
    fit = _refined(fit, starts, onsets(plan, timing))
    inside = sum(1 for lp in plan.loops if 0 <= fit.to_recording(lp.play_start / plan.rate)
                 and fit.to_recording(lp.gap_end / plan.rate) <= duration)
    return Fit(fit.offset_s, fit.drift_ppm, fit.strength, inside / len(plan.loops) if plan.loops else 0.0)


def _refined(fit: Fit, observed: list[float], expected: np.ndarray) -> Fit:
    """Offset and drift by least squares on the onsets the placement paired (each expected onset
    with the nearest observed one within 0.3 s), twice, dropping pairs off by more than 3 MADs:
    the grid's steps (a frame, 5 ppm) go. A track under a minute, or with few onsets, keeps no
    drift: it could not tell one from the learner's own wandering."""
    if len(observed) < 4:
        return fit
    obs = np.sort(np.asarray(observed))
    current = fit
    for _ in range(2):
        predicted = current.offset_s + expected * (1 + current.drift_ppm * 1e-6)
        idx = np.clip(np.searchsorted(obs, predicted), 1, obs.size - 1)
        nearest = np.where(np.abs(obs[idx - 1] - predicted) < np.abs(obs[idx] - predicted), obs[idx - 1], obs[idx])
        err = nearest - predicted
        keep = np.abs(err) < 0.3
        if keep.sum() < 4:
            return current
        mad = float(np.median(np.abs(err[keep] - np.median(err[keep])))) or 0.01
        keep &= np.abs(err - np.median(err[keep])) <= 3 * 1.4826 * mad + 0.02
        x, y = expected[keep], nearest[keep]
        if x.size < 4:
            return current
        if x.max() - x.min() > 60.0 and x.size >= 8:  # enough span and onsets to measure a drift
            slope, intercept = np.polyfit(x, y, 1)
            ppm = float(np.clip((slope - 1) * 1e6, -MAX_DRIFT_PPM, MAX_DRIFT_PPM))
        else:  # too short to tell a drift from the learner's own wandering: none
            ppm = 0.0
        intercept = float(np.median(y - x * (1 + ppm * 1e-6)))
        current = Fit(round(intercept, 3), round(ppm, 1), fit.strength, fit.covered)
    return current


def speech_in(regions: list[tuple[float, float]], lo: float, hi: float) -> float:
    """Seconds of speech between ``lo`` and ``hi``."""
    return float(sum(max(0.0, min(hi, b) - max(lo, a)) for a, b in regions))


@dataclass(frozen=True)
class LoopSlot:
    """One loop laid on the recording: where its shadowing and its repetition would be."""

    loop: PlannedLoop
    shadow: tuple[float, float]  # recording seconds
    repeat: tuple[float, float]
    shadow_speech: float  # seconds of speech found there
    repeat_speech: float
    expected: float  # the sentence's spoken length as played
    inside: bool  # the recording covers the whole loop


def lay_out(plan: WalkPlan, fit: Fit, regions: list[tuple[float, float]], duration: float,
            timing: Timing = Timing()) -> list[LoopSlot]:
    """Each loop's two slots on the recording. The slots tile the loop: the shadow slot runs from
    the first word to the lag after the play ends, the repeat slot from there to the lag after the
    gap ends (a repetition that runs late still counts for its loop)."""
    out = []
    for lp in plan.loops:
        first, last = spoken_span(lp, plan.rate)
        play = lp.play_start / plan.rate
        shadow = (play + first - 0.25, lp.gap_start / plan.rate + timing.lag_s + 0.15)
        repeat = (shadow[1], lp.gap_end / plan.rate + min(timing.lag_s, 0.5))
        shadow_r = (fit.to_recording(shadow[0]), fit.to_recording(shadow[1]))
        repeat_r = (fit.to_recording(repeat[0]), fit.to_recording(repeat[1]))
        inside = shadow_r[0] >= 0 and repeat_r[1] <= duration
        out.append(LoopSlot(lp, shadow_r, repeat_r, speech_in(regions, *shadow_r), speech_in(regions, *repeat_r),
                            last - first, inside))
    return out
