"""The phone recogniser: hama's IPA CTC model (Apache-2.0, weights inside its 22 MB wheel, runs on
the CPU with numpy and its own small native engine), reduced to English phone classes.

Why this model: of the two offline phone recognisers installable from PyPI, it is the one that
hears the contrasts learners are coached on. On the 71 one-phone substitutions built in
tests/test_pronunciation.py (eSpeak NG, "think" said "sink", "right" said "light", ...), free
phone decoding showed the swap (the expected phone fewer times, the one put in more) in 19 with
hama and in 7 with PocketSphinx's phone loop (its en-us model and phone LM), which garbles even
clean speech ("healthy" as L F IY). Free decoding alone is still no verdict, so hama's output is
never read as text: only its per-frame probabilities are used, summed into the 39 English
classes of :mod:`.phones`, to compare the phone a word needs with every phone that could stand in
its place (about half of those swaps flagged, three flags in four right: bench/score.py).
"""

from __future__ import annotations

import threading

import numpy as np

from .phones import FILLER_SYMBOLS, NAMES, PHONES

SAMPLE_RATE = 16000
FRAME_S = 0.02  # one output frame per 320 input samples
DITHER = 10 ** (-66 / 20)  # white noise at -66 dBFS: below any room, above digital silence
CLASSES = ("-",) + NAMES  # class 0 is "no new phone" (the CTC blank and the recogniser's fillers)


class PhoneRecogniser:
    """Loaded once (0.3 s); one call at a time (the engine is not re-entrant)."""

    def __init__(self) -> None:
        from hama.asr import ASRModel

        self._model = ASRModel()
        tokens = self._model.decoder_tokens
        index = {t: i for i, t in enumerate(tokens)}
        groups = [[index[s] for s in FILLER_SYMBOLS if s in index]]
        for name in NAMES:
            groups.append([index[s] for s in PHONES[name][1] if s in index])
        self._groups = groups
        self._lock = threading.Lock()

    def emissions(self, audio: np.ndarray) -> np.ndarray:
        """frames x classes log probabilities for mono float32 audio at 16 kHz."""
        audio = np.asarray(audio, dtype=np.float32)
        if audio.size < SAMPLE_RATE // 10:
            return np.zeros((0, len(CLASSES)), dtype=np.float64)
        model = self._model
        # dither, as speech front ends do: stretches of digital zero (a cut, a muted start) make the
        # model's features degenerate there, and it normalises over the whole utterance, so they
        # moved the posteriors of words seconds away. Fixed seed: the same audio, the same result.
        dither = np.random.default_rng(0).standard_normal(audio.size).astype(np.float32) * DITHER
        wav = np.clip(audio + dither, -1.0, 1.0).reshape(1, -1)
        feeds = {model._waveform_input_name: wav,
                 model._waveform_lengths_input_name: np.array([wav.shape[1]], dtype=np.int64)}
        with self._lock:
            log_probs, lengths = model.session.run([model._log_probs_output_name, model._out_lengths_output_name],
                                                   feeds)
        frames = np.asarray(log_probs[0][: int(np.asarray(lengths).reshape(-1)[0])], dtype=np.float64)
        frames = frames - np.logaddexp.reduce(frames, axis=1, keepdims=True)  # normalised, whatever the head
        return np.stack([np.logaddexp.reduce(frames[:, g], axis=1) for g in self._groups], axis=1)


_shared: PhoneRecogniser | None = None
_shared_lock = threading.Lock()


def shared_recogniser() -> PhoneRecogniser:
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = PhoneRecogniser()
        return _shared


_spare: list[PhoneRecogniser] = []  # recognisers of parallel background work (a walk's loops)


def spare_recognisers(count: int) -> list[PhoneRecogniser]:
    """``count`` recognisers besides the shared one (each 0.3 s to load, ~60 MB), loaded once per
    process: background work at a low priority never holds the one the desk's scoring waits for."""
    with _shared_lock:
        while len(_spare) < count:
            _spare.append(PhoneRecogniser())
        return _spare[:count]
