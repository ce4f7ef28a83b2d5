"""Walk recordings with known truth, for the walk tests and bench/walk.py.

The learner is another voice (eSpeak NG reading each sentence) placed in the recording where the
plan says: repeating in a loop's gap (``reaction`` after the sentence ends), or shadowing it
(``lag`` behind the speaker's first word), or silent (a skipped loop), or stopping halfway (a loop
cut short). The recording starts ``lead`` seconds before the track (negative: after it), its
clock runs ``drift_ppm`` fast, and street-like noise (brown noise with gusts) is mixed in.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import soundfile

RATE = 16000


def espeak(text: str, voice: str = "en-us+m3", wpm: int = 165) -> np.ndarray:
    """eSpeak NG's reading of ``text`` at 16 kHz (float32)."""
    with tempfile.TemporaryDirectory() as tmp:
        wav = Path(tmp) / "say.wav"
        subprocess.run(["espeak-ng", "-v", voice, "-s", str(wpm), "-w", str(wav), text], check=True,
                       capture_output=True)
        audio, rate = soundfile.read(str(wav), dtype="float32")
    if rate != RATE:
        import soxr

        audio = soxr.resample(audio, rate, RATE).astype(np.float32)
    nz = np.flatnonzero(np.abs(audio) > 0.01)
    return audio[nz[0]: nz[-1] + 1] if nz.size else audio


@dataclass
class Truth:
    lead: float  # the recording starts this long before the track
    drift_ppm: float
    behaviour: dict  # (position, loop) -> "repeat" | "shadow" | "skip" | "cut"
    placed: dict = field(default_factory=dict)  # (position, loop) -> recording seconds where the voice starts


def build(plan, behaviour_of, lead: float = 37.2, drift_ppm: float = 500.0, tail: float = 20.0,
          snr_db: float = 12.0, lag: float = 0.4, reaction: float = 0.4, seed: int = 7, voices: dict | None = None):
    """(recording audio at 16 kHz, Truth). ``behaviour_of(position, loop) -> str``."""
    rng = np.random.default_rng(seed)
    scale = 1 + drift_ppm * 1e-6
    length = lead + plan.duration * scale + tail
    audio = np.zeros(int(max(1.0, length) * RATE), np.float32)
    truth = Truth(lead, drift_ppm, {})
    voices = voices if voices is not None else {}
    for lp in plan.loops:
        what = behaviour_of(lp.position, lp.loop)
        truth.behaviour[(lp.position, lp.loop)] = what
        if what == "skip":
            continue
        if lp.text not in voices:
            voices[lp.text] = espeak(lp.text)
        voice = voices[lp.text]
        if what == "cut":
            voice = voice[: voice.size * 2 // 5]
        first = lp.words[0][0] / lp.speed
        track_t = (lp.play_start / plan.rate + first + lag) if what == "shadow" else (lp.gap_start / plan.rate + reaction)
        at = lead + track_t * scale
        truth.placed[(lp.position, lp.loop)] = at
        i = int(at * RATE)
        if i < 0 or i >= audio.size:
            continue
        n = min(voice.size, audio.size - i)
        audio[i: i + n] += 0.3 * voice[:n]
    # street noise: brown noise (traffic rumble) with slow gusts (wind), at snr_db under the voice
    white = rng.standard_normal(audio.size).astype(np.float32)
    brown = np.cumsum(white)
    brown -= np.convolve(brown, np.ones(400) / 400, mode="same")  # no DC wander
    gust = 1 + 0.8 * np.sin(2 * np.pi * np.arange(audio.size) / RATE / 7.3) ** 2
    noise = (brown * gust).astype(np.float32)
    voice_rms = float(np.sqrt(np.mean(audio[audio != 0] ** 2))) if np.any(audio) else 0.05
    noise *= voice_rms / (float(np.sqrt(np.mean(noise ** 2))) or 1.0) * 10 ** (-snr_db / 20)
    return (audio + noise).astype(np.float32), truth


def write_m4a(audio: np.ndarray, path: Path) -> Path:
    """What a phone's voice memo app writes: AAC in M4A (through the ffmpeg the app uses)."""
    from shadowing.media import ffmpeg_binary

    with tempfile.TemporaryDirectory() as tmp:
        wav = Path(tmp) / "memo.wav"
        soundfile.write(str(wav), audio, RATE, subtype="PCM_16")
        subprocess.run([ffmpeg_binary(), "-nostdin", "-v", "error", "-y", "-i", str(wav), "-c:a", "aac", "-b:a", "64k",
                        str(path)], check=True)
    return path


def have_tools() -> bool:
    return shutil.which("espeak-ng") is not None
