"""Pronunciation and intonation of an attempt, judged against the words the speaker said and the
speaker's own recording of them (phone goodness, :mod:`.gop`; pitch, :mod:`.prosody`).

Whisper's transcript says which words the learner said as Whisper's language model understood
them; this says, from the sound alone, whether each expected word's phones are there and which
one came out as another phone, and how the melody compared. Nothing here reads Whisper's text,
so the two are independent witnesses.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from dataclasses import dataclass

import numpy as np

from ..records import Word
from . import gop, prosody
from .acoustic import shared_recogniser, spare_recognisers
from .gop import PhoneJudgement, WordJudgement
from .phones import ipa, tip

__all__ = ["Assessment", "Listening", "PhoneJudgement", "WordJudgement", "assess", "ipa", "spare_recognisers", "tip"]


@dataclass(frozen=True)
class Assessment:
    """The sound's verdict on one attempt, for the scorer to fold into the words result."""

    words: list[WordJudgement]  # one per source word that has a pronunciation
    pronunciation: float | None  # phone accuracy, 0-100, over the present words' known phones
    prosody: dict | None = None  # prosody.compare(): score, pitch_correlation, ending, stress, notes

    def word(self, index: int) -> WordJudgement | None:
        return next((w for w in self.words if w.index == index), None)


def phone_accuracy(words: list[WordJudgement], counted=None) -> float | None:
    """Share of the phones judged right, over the words that were said (``counted`` says which
    word indices count; default: those the audio says are present) and whose pronunciation the
    dictionary knows."""
    phones = [p for w in words if w.known and (w.present if counted is None else w.index in counted)
              for p in w.phones]
    return round(100.0 * sum(p.ok for p in phones) / len(phones), 1) if phones else None


def noise_floor(audio: np.ndarray) -> float:
    """RMS of the quietest 20 ms frames (10th percentile): the recording's steady noise."""
    frames = audio[: audio.size // 320 * 320].reshape(-1, 320) if audio.size >= 3200 else None
    if frames is None:
        return 0.0
    return float(np.percentile(np.sqrt(np.mean(frames.astype(np.float64) ** 2, axis=1)), 10))


_REFERENCES: OrderedDict = OrderedDict()  # the speaker's evidence and contour, per segment and noise level
_REFERENCES_KEPT = 16
_references_lock = threading.Lock()


def _reference(source: list[Word], source_audio: np.ndarray, attempt_audio: np.ndarray, recogniser,
               kept: dict | None = None, noise: float | None = None):
    """The speaker's reading, heard in the attempt's noise, as evidence and pitch contour; kept
    for the next loops of the same segment (a loop costs one recogniser pass, not two). ``kept``:
    the caller's own store instead of the shared one (a walk goes through more sentences, round
    after round, than the shared store keeps). ``noise``: the attempt's noise floor when the caller
    knows it better than one attempt shows it (a walk's, measured over all its loops)."""
    extra = (noise_floor(attempt_audio) if noise is None else noise) ** 2 - noise_floor(source_audio) ** 2
    level = None if extra <= 1e-8 else round(10 * np.log10(extra) / 3)  # 3 dB steps
    key = (hashlib.blake2b(np.ascontiguousarray(source_audio).tobytes(), digest_size=16).digest(),
           tuple(w.text for w in source), level)
    if kept is not None and key in kept:
        return kept[key]
    with _references_lock:
        found = _REFERENCES.get(key)
        if found is not None:
            _REFERENCES.move_to_end(key)
            if kept is not None:
                kept[key] = found
            return found
    heard = source_audio if level is None else _with_noise(source_audio, 10 ** (level * 3 / 10))
    found = (gop.evidence(recogniser.emissions(heard), source), prosody.contour(source_audio))
    if kept is not None:
        kept[key] = found
        return found
    with _references_lock:
        _REFERENCES[key] = found
        while len(_REFERENCES) > _REFERENCES_KEPT:
            _REFERENCES.popitem(last=False)
    return found


def _with_noise(audio: np.ndarray, power: float) -> np.ndarray:
    rng = np.random.default_rng(0)
    return (audio + rng.standard_normal(audio.size) * np.sqrt(power)).astype(np.float32)


class Listening:
    """The attempt's phone posteriors and pitch, computed in a thread while Whisper transcribes
    (the recogniser's native code runs without the GIL: on 2 cores both finish in Whisper's time)."""

    def __init__(self, attempt_audio: np.ndarray, recogniser=None, references: dict | None = None,
                 noise: float | None = None):
        self.audio = attempt_audio
        self._recogniser = recogniser or shared_recogniser()
        self._references = references  # the speaker's evidence kept by the caller (see _reference)
        self._noise = noise
        self._result: tuple | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="phones", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            self._result = (self._recogniser.emissions(self.audio), prosody.contour(self.audio))
        except BaseException as exc:  # re-raised in assess(), on the caller's thread
            self._error = exc

    def assess(self, source: list[Word], source_audio: np.ndarray | None = None,
               said: set[int] | None = None) -> Assessment:
        self._thread.join()
        if self._error is not None:
            raise self._error
        emissions, attempt_contour = self._result
        reference, source_contour, choose = None, None, None
        if source_audio is not None and source_audio.size:
            reference, source_contour = _reference(source, source_audio, self.audio, self._recogniser,
                                                   self._references, self._noise)
            choose = {e.index: e.phones for e in reference}
        attempt = gop.evidence(emissions, source, choose)
        words = gop.judge(attempt, reference)
        present = {w.index for w in words if w.present}
        melody = prosody.compare(source_contour, attempt_contour, reference or [], attempt,
                                 present if said is None else said | present)
        return Assessment(words, phone_accuracy(words), melody)


def assess(source: list[Word], attempt_audio: np.ndarray, source_audio: np.ndarray | None = None,
           recogniser=None) -> Assessment:
    """Judge each source word's phones in the attempt, against the speaker's reading when given."""
    return Listening(attempt_audio, recogniser).assess(source, source_audio)
