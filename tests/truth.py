"""Speech whose word times are known: eSpeak NG sentences with its own word events, joined by
silences of known length, with noise at a known level. The truth the alignment tests assert.

eSpeak reports, for each word it speaks, the sample where the word's first phoneme starts
(``espeakEVENT_WORD``); after a pause that is the first sample of sound, checked against the
signal's energy in the tests."""

from __future__ import annotations

import ctypes
import threading
from dataclasses import dataclass

import numpy as np

RATE = 16000
_lock = threading.Lock()


class _Event(ctypes.Structure):
    _fields_ = [("type", ctypes.c_int), ("unique_identifier", ctypes.c_uint), ("text_position", ctypes.c_int),
                ("length", ctypes.c_int), ("audio_position", ctypes.c_int), ("sample", ctypes.c_int),
                ("user_data", ctypes.c_void_p), ("id", ctypes.c_char * 8)]


_CALLBACK = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.POINTER(_Event))
_EVENT_END, _EVENT_WORD = 0, 1


@dataclass(frozen=True)
class TimedWord:
    text: str
    start: float


@dataclass(frozen=True)
class TimedSpeech:
    audio: np.ndarray  # float32, 16 kHz
    words: list[TimedWord]
    sentence_spans: list[tuple[float, float]]  # first sound to last sound of each sentence


def speak_timed(text: str, voice: str = "en-us", wpm: int = 150) -> tuple[np.ndarray, list[TimedWord]]:
    """One utterance at 16 kHz and the start of each of its words (seconds from its first sample)."""
    import espeakng_loader
    import soxr

    with _lock:
        lib = ctypes.CDLL(espeakng_loader.get_library_path())
        rate = lib.espeak_Initialize(0x02, 500, espeakng_loader.get_data_path().encode(), 0)
        if lib.espeak_SetVoiceByName(voice.encode()) != 0:
            raise OSError(f"eSpeak NG has no voice {voice}")
        lib.espeak_SetParameter(1, wpm, 0)
        chunks, marks = [], []
        raw = text.encode("utf-8")

        @_CALLBACK
        def on_audio(samples, count, events):
            if count > 0:
                chunks.append(np.ctypeslib.as_array(samples, shape=(count,)).copy())
            i = 0
            while events[i].type != _EVENT_END:
                if events[i].type == _EVENT_WORD:
                    e = events[i]
                    marks.append((raw[e.text_position - 1: e.text_position - 1 + e.length].decode(), e.sample / rate))
                i += 1
            return 0

        lib.espeak_SetSynthCallback(on_audio)
        lib.espeak_Synth(raw, len(raw) + 1, 0, 0, 0, 0x01, None, None)
        lib.espeak_Synchronize()
    audio = np.concatenate(chunks).astype(np.float32) / 32768
    return soxr.resample(audio, rate, RATE).astype(np.float32), [TimedWord(t, s) for t, s in marks]


def build(sentences: list[str], *, voice: str = "en-us", wpm: int = 150, pauses=(0.35, 1.2), lead_s: float = 0.8,
          noise_dbfs: float | None = -55.0, seed: int = 0, intro: np.ndarray | None = None) -> TimedSpeech:
    """Sentences joined by random pauses (uniform in ``pauses``), white noise added, an optional
    non-speech intro (music) before the first sentence."""
    rng = np.random.default_rng(seed)
    parts = [np.zeros(int(lead_s * RATE), np.float32)]
    if intro is not None:
        parts += [intro.astype(np.float32), np.zeros(int(0.5 * RATE), np.float32)]
    t = sum(p.size for p in parts) / RATE
    words, spans = [], []
    for sentence in sentences:
        audio, marks = speak_timed(sentence, voice, wpm)
        sound = np.flatnonzero(np.abs(audio) > 1e-3)
        spans.append((t + sound[0] / RATE, t + (sound[-1] + 1) / RATE))
        words += [TimedWord(m.text, t + m.start) for m in marks]
        parts.append(audio)
        gap = rng.uniform(*pauses)
        parts.append(np.zeros(int(gap * RATE), np.float32))
        t += (audio.size + int(gap * RATE)) / RATE
    audio = np.concatenate(parts)
    if noise_dbfs is not None:
        audio = audio + rng.normal(0, 10 ** (noise_dbfs / 20), audio.size).astype(np.float32)
    return TimedSpeech(audio.astype(np.float32), words, spans)


def music(seconds: float, seed: int = 1) -> np.ndarray:
    """A jingle: chords of decaying harmonic tones over a beat, -14 dBFS, no speech in it."""
    rng = np.random.default_rng(seed)
    t = np.arange(int(seconds * RATE)) / RATE
    out = np.zeros_like(t)
    beat = 0.5
    for k in range(int(seconds / beat)):
        root = 220 * 2 ** (rng.integers(0, 12) / 12)
        on = (t >= k * beat) & (t < (k + 1) * beat)
        env = np.exp(-(t[on] - k * beat) * 4)
        for ratio in (1, 1.25, 1.5, 2):
            out[on] += env * np.sin(2 * np.pi * root * ratio * t[on]) / 4
        kick = (t >= k * beat) & (t < k * beat + 0.05)
        out[kick] += np.sin(2 * np.pi * 60 * t[kick]) * 0.8
    return (out / np.max(np.abs(out)) * 10 ** (-14 / 20)).astype(np.float32)


def start_errors(truth: list[TimedWord], words) -> np.ndarray:
    """Start error (found - true, seconds) of each true word matched in order by its spelling."""
    import difflib
    import re

    def key(text: str) -> str:
        return re.sub(r"[^a-z0-9']", "", text.lower())

    a, b = [key(w.text) for w in truth], [key(w.text) for w in words]
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    return np.array([words[m.b + i].start - truth[m.a + i].start
                     for m in matcher.get_matching_blocks() for i in range(m.size)])


# --- pronunciation: words said with a known wrong phone, endings with a known rise ------------------

# (phone the word needs, eSpeak NG mnemonic pattern, mnemonic said instead, phone said instead): the
# substitutions Japanese (and many) learners of English make, and a vowel or two.
SUBSTITUTIONS = [("TH", r"T", "s", "S"), ("DH", r"D", "z", "Z"), ("R", r"r", "l", "L"), ("L", r"l", "r", "R"),
                 ("V", r"v", "b", "B"), ("AE", r"a(?![IU@])", "V", "AH"), ("IY", r"i:", "I", "IH"),
                 ("F", r"f", "h", "HH"), ("S", r"s", "T", "TH"), ("Z", r"z", "D", "DH")]


@dataclass(frozen=True)
class Mispronunciation:
    sentence: str
    word_index: int
    expected: str  # ARPAbet: the phone the word needs
    said: str  # ARPAbet: the phone put in its place
    phonemes: str  # the word as spoken, in eSpeak NG's phoneme input

    @property
    def text(self) -> str:
        """The sentence with the word replaced by its phoneme input: ``[[s'INk]]``."""
        words = self.sentence.split()
        words[self.word_index] = f"[[{self.phonemes}]]"
        return " ".join(words)


def sentence_words(text: str) -> list:
    """A sentence's words as source words (one a second: the phone judgement does not read times)."""
    from shadowing.records import Word

    return [Word(float(i), i + 0.5, w) for i, w in enumerate(text.split())]


@dataclass(frozen=True)
class FlagTally:
    cases: int
    found: int  # the changed phone flagged in its word
    right_sound: int  # ... and named as the phone put in
    false_flags: int  # every other flag in those attempts

    @property
    def recall(self) -> float:
        return self.found / self.cases if self.cases else 0.0

    @property
    def precision(self) -> float:
        return self.found / max(1, self.found + self.false_flags)


def flag_tally(cases: list[Mispronunciation], references: dict[str, np.ndarray]) -> FlagTally:
    """Each built mispronunciation judged against the reference reading of its sentence."""
    from shadowing.pronunciation import assess

    found = right = false = 0
    for case in cases:
        result = assess(sentence_words(case.sentence), espeak(case.text), references[case.sentence])
        flagged = [(w.index, p) for w in result.words for p in w.mispronounced]
        hit = [p for i, p in flagged if i == case.word_index and p.expected == case.expected]
        found += bool(hit)
        right += any(p.heard == case.said for p in hit)
        false += len(flagged) - (1 if hit else 0)
    return FlagTally(len(cases), found, right, false)


def espeak_phonemes(word: str, voice: str = "en-us") -> str:
    import subprocess

    return subprocess.run(["espeak-ng", "-q", "-x", "-v", voice, word], capture_output=True, text=True,
                          check=True).stdout.strip()


def mispronunciations(sentences: list[str], voice: str = "en-us") -> list[Mispronunciation]:
    """Every word of ``sentences`` with one of SUBSTITUTIONS applied to its first matching phone."""
    import re

    out = []
    for sentence in sentences:
        for i, word in enumerate(sentence.split()):
            spoken = espeak_phonemes(word.strip(".,?"), voice)
            for expected, pattern, replacement, said in SUBSTITUTIONS:
                if re.search(pattern, spoken):
                    out.append(Mispronunciation(sentence, i, expected, said, re.sub(pattern, replacement, spoken, count=1)))
    return out


def espeak(text: str, voice: str = "en-us", wpm: int = 160) -> np.ndarray:
    """The espeak-ng command (its ``[[...]]`` phoneme input on) as float32 at 16 kHz."""
    import io
    import subprocess

    import soundfile
    import soxr

    wav = subprocess.run(["espeak-ng", "-v", voice, "-s", str(wpm), "--stdout", text], capture_output=True,
                         check=True).stdout
    audio, rate = soundfile.read(io.BytesIO(wav), dtype="float32")
    return soxr.resample(audio, rate, RATE).astype(np.float32)


def moved_stress(word: str, voice: str = "en-us") -> str | None:
    """A word's phoneme input with the primary stress moved to its last other vowel, or None for
    a word of one syllable."""
    import re

    spoken = espeak_phonemes(word, voice)
    plain = spoken.replace("'", "").replace(",", "")
    vowels = [m.start() for m in re.finditer(r"[aeiouAEIOUV03@]", plain)]
    stressed = spoken.index("'") if "'" in spoken else None
    if stressed is None or len(vowels) < 2:
        return None
    others = [v for v in vowels if abs(v - stressed) > 1]
    return plain[:others[-1]] + "'" + plain[others[-1]:] if others else None


def rising_end(audio: np.ndarray, seconds: float = 0.5, cents: int = 800) -> np.ndarray:
    """The recording with its last ``seconds`` of loud sound (within 25 dB of its peak: the last
    vowel, not a trailing fricative) bent up by ``cents`` (sox ``bend``): a statement said with a
    question's rise, of a known size."""
    import subprocess
    import tempfile
    from pathlib import Path

    import soundfile

    sound = np.flatnonzero(np.abs(audio) > np.max(np.abs(audio)) * 10 ** (-25 / 20))
    start = max(0.0, (sound[-1] + 1) / RATE - seconds)
    with tempfile.TemporaryDirectory() as tmp:
        src, dst = Path(tmp) / "in.wav", Path(tmp) / "out.wav"
        soundfile.write(src, audio, RATE, subtype="FLOAT")
        subprocess.run(["sox", str(src), str(dst), "vol", "0.8", "bend", f"{start:.3f},{cents},{seconds:.3f}"],
                       check=True, capture_output=True)
        out, _ = soundfile.read(dst, dtype="float32")
    return out.astype(np.float32)
