"""The Whisper engine: one loaded model, used for episode chunks and for short attempts.

Speed at equal accuracy on a 2-core CPU (bench/transcribe.py measures it against plain
``WhisperModel.transcribe``): voice-activity filtering so silence is never decoded, batched
inference over the VAD's speech chunks, a small beam, int8 weights. Every chunk's words pass
through :mod:`guards` before anyone sees them.
"""

from __future__ import annotations

import bisect
import os
import threading
from dataclasses import dataclass

import numpy as np

from ..media import SAMPLE_RATE
from ..records import Word
from . import guards
from .context import EpisodeContext
from .models import ModelSpec, pick_device, resolve_model

# Beam 2 hears every window first; windows with a doubtful word get a second look at beam 5 (see
# Engine._second_look). Beam 5 everywhere spelled 0.751 of bench/vocabulary.py's terms against
# 0.742, but changed words on real speech ("Hester Prynne" -> "has to print": WER 4.32 % -> 4.61 %);
# the second look spells 0.756 and leaves the real recordings at 4.32 %. An attempt is decoded at
# beam 2, without prompt and without second look: it is heard every loop, as the learner said it.
BEAM_SIZE = 2
SECOND_LOOK_BEAM = 5
CLIP_BEAM_SIZE = 2
BATCH_SIZE = 2  # encoder attention is 54 MB per 30 s window in flight: bs 8 peaks at ~900 MB
# a walk's attempts are short windows with short texts: four a batch heard 133 loops of a 43-min
# walk in 55 s instead of 71 s (the same words), for ~110 MB more while it runs
CLIPS_BATCH_SIZE = 4


@dataclass(frozen=True)
class EngineSettings:
    beam_size: int = BEAM_SIZE
    second_look_beam: int = SECOND_LOOK_BEAM  # 0: no second look at windows with doubtful words
    clip_beam_size: int = CLIP_BEAM_SIZE
    batch_size: int = BATCH_SIZE
    language: str | None = None  # None: English for .en models, detected otherwise
    redecode_skipped: bool = True
    align_words: bool = True  # word times from the signal (forced alignment), not Whisper's attention

    def to_dict(self) -> dict:
        return {"beam_size": self.beam_size, "second_look_beam": self.second_look_beam,
                "clip_beam_size": self.clip_beam_size, "batch_size": self.batch_size,
                "language": self.language, "redecode_skipped": self.redecode_skipped,
                "align_words": self.align_words}


class Engine:
    """A loaded model. Thread-safe for one call at a time (calls are serialised)."""

    def __init__(self, spec: ModelSpec | str | None = None, settings: EngineSettings | None = None,
                 device: str | None = None, cpu_threads: int | None = None):
        from faster_whisper import BatchedInferencePipeline, WhisperModel

        self.spec = spec if isinstance(spec, ModelSpec) else resolve_model(spec)
        self.settings = settings or EngineSettings()
        auto_device, compute_type = pick_device()
        self.device = device or auto_device
        self.compute_type = compute_type if self.device == auto_device else ("float16" if self.device == "cuda" else "int8")
        threads = cpu_threads or min(4, os.cpu_count() or 2)
        self.model = WhisperModel(self.spec.path_or_name, device=self.device,
                                  compute_type=self.compute_type, cpu_threads=threads)
        self.batched = BatchedInferencePipeline(self.model)
        self._lock = threading.Lock()

    @property
    def language(self) -> str | None:
        return "en" if self.spec.english_only else self.settings.language

    def transcribe_chunk(self, audio: np.ndarray, offset: float = 0.0,
                         context: EpisodeContext | None = None) -> list[Word]:
        """Words of one stretch of an episode, in episode time, guarded against Whisper's failures,
        with their times taken from the signal (unless the settings turn that off).

        ``context`` (see :mod:`.context`: the show's notes, the learner's glossary) is Whisper's
        prompt where a word came out doubtful (:meth:`_second_look`). Only ever the *source's*
        context: an attempt gets none."""
        words, detected = self.hear_chunk(audio, context)
        return shift_words(self.time_words(audio, words, detected), offset)

    def hear_chunk(self, audio: np.ndarray, context: EpisodeContext | None = None) -> tuple[list[Word], str | None]:
        """:meth:`transcribe_chunk`'s words with Whisper's own times, in seconds from the stretch's
        start, and the language heard: the transcription worker has them aligned beside the next
        stretch (:mod:`shadowing.alignment.child`)."""
        context = context or EpisodeContext()
        with self._lock:
            if audio.size < SAMPLE_RATE // 10:
                return [], self.language
            # One VAD pass serves both the batching (speech merged into <= 30 s windows, as
            # faster-whisper would do itself) and the guards.
            regions = _speech_regions(audio, max_speech_duration_s=30, min_silence_duration_ms=160, speech_pad_ms=400)
            if not regions:
                return [], self.language
            windows = _windows(regions)
            words, detected = self._decode(audio, windows, regions, None)
            if self.settings.second_look_beam:
                words = self._second_look(audio, words, windows, regions, context)
            if self.settings.redecode_skipped:
                words = self._fill_skipped(audio, words, regions)
        return words, self.language or detected

    def _decode(self, audio: np.ndarray, windows: list[dict], regions, prompt: str | None,
                beam_size: int | None = None) -> tuple[list[Word], str | None]:
        """The guarded words of ``windows``, and the language heard (for a multilingual model)."""
        segments, info = self.batched.transcribe(
            audio, language=self.language, batch_size=self.settings.batch_size,
            beam_size=beam_size or self.settings.beam_size, word_timestamps=True, clip_timestamps=windows,
            initial_prompt=prompt)
        return self._guarded(segments, regions, audio.size / SAMPLE_RATE), info.language

    def _second_look(self, audio: np.ndarray, words: list[Word], windows: list[dict], regions,
                     context: EpisodeContext) -> list[Word]:
        """Windows with a doubtful word (:mod:`.doubt`) are heard again, with a wider beam.

        First as before, without a prompt: the new words are kept where fewer of them are
        doubtful ("Qber needs" -> "Kubernetes" at beam 5). Then, where a doubt is left and the
        episode has a context, with its prompt (the show's notes, the learner's glossary): kept
        only where they spell more of the context's terms. A window without doubt is never
        prompted: a glossary of other fields made the model write "wood cutters" for
        "woodcutters" (the shared recordings' WER 4.6 % -> 4.9 %)."""
        from . import doubt
        from .context import terms_spelled

        keys = doubt.glossary_keys(context.glossary)
        terms = context.terms()
        starts = [win["start"] for win in windows]

        def by_window(heard: list[Word]) -> list[list[Word]]:
            out: list[list[Word]] = [[] for _ in windows]
            for w in heard:
                out[max(0, bisect.bisect_right(starts, w.start) - 1)].append(w)
            return out

        found = by_window(words)

        def doubts(ws: list[Word]) -> int:
            return sum(doubt.doubt(w, keys) is not None for w in ws)

        def spelled(ws: list[Word]) -> int:
            return terms_spelled(terms, " ".join(w.text for w in ws))

        looks = [(None, lambda new, old: doubts(new) < doubts(old))]
        if terms:
            looks.append((context.full_prompt(), lambda new, old: spelled(new) > spelled(old)))
        for prompt, better in looks:
            doubtful = [k for k, ws in enumerate(found) if doubts(ws)]
            if not doubtful:
                break
            again = by_window(self._decode(audio, [windows[k] for k in doubtful], regions, prompt,
                                           self.settings.second_look_beam)[0])
            for k in doubtful:
                # the same words again (only surer, or punctuated otherwise) leave the first pass as
                # it was; so does a window that lost half its words (a guard dropped a segment)
                same = [doubt.key(w.text) for w in again[k]] == [doubt.key(w.text) for w in found[k]]
                if not same and len(again[k]) * 2 >= len(found[k]) and better(again[k], found[k]):
                    found[k] = again[k]
        return sorted((w for ws in found for w in ws), key=lambda w: w.start)

    def transcribe_clip(self, audio: np.ndarray, align: bool = True) -> list[Word]:
        """A short recording (a learner's attempt): no batching, no prompt, VAD on.

        Nothing of the source text is passed in: an attempt must be heard as it was said.
        ``align=False`` keeps Whisper's word times (the scorer refines lags on the audio itself
        and places each word again with the phone recogniser; aligning costs 0.3 s a 10 s clip).
        """
        with self._lock:
            if audio.size < SAMPLE_RATE // 10:
                return []
            regions = _speech_regions(audio, min_silence_duration_ms=300, speech_pad_ms=100)
            if not regions:
                return []
            segments, info = self.model.transcribe(
                audio, language=self.language, beam_size=self.settings.clip_beam_size, word_timestamps=True,
                vad_filter=True, condition_on_previous_text=False, without_timestamps=False)
            words = self._guarded(segments, regions, audio.size / SAMPLE_RATE)
            return self.time_words(audio, words, info.language) if align else words

    def transcribe_clips(self, clips: list[np.ndarray], spacer_s: float = 1.0, align: bool = True) -> list[list[Word]]:
        """Many short attempts at once (a walk's loops), each heard as :meth:`transcribe_clip` hears one.

        The clips are laid end to end with ``spacer_s`` of silence between and each is one window
        of the batched pipeline: the decoder runs on several at a time (the per-clip call spends
        most of its time decoding one short sequence at a time), and no clip sees another's
        words. Every word goes back to the clip it lies in.

        Packing three clips to a window would halve the time (Whisper's encoder hears 30 s
        whatever a window holds: 133 loops of a 43-min walk in 27 s instead of 55 s), but each clip
        would then be heard after the learner's words of the others, and Whisper's language model
        leans on them: word accuracy 0.89 against 0.81 for the same attempts each alone (a walk
        loop 14 points above the same audio scored at the desk). A walk's score must mean what
        the desk's means.
        """
        out: list[list[Word]] = [[] for _ in clips]
        keep = [i for i, clip in enumerate(clips) if clip.size >= SAMPLE_RATE // 4]
        if not keep:
            return out
        spacer = np.zeros(int(spacer_s * SAMPLE_RATE), np.float32)
        pieces, spans, at = [], [], 0
        for i in keep:
            pieces += [spacer, clips[i]]
            at += spacer.size
            spans.append((i, at / SAMPLE_RATE, (at + clips[i].size) / SAMPLE_RATE))
            at += clips[i].size
        pieces.append(spacer)
        audio = np.concatenate(pieces).astype(np.float32)
        with self._lock:
            regions = [r for i, lo, _hi in spans for r in
                       ((lo + a, lo + b) for a, b in _speech_regions(clips[i], min_silence_duration_ms=300,
                                                                   speech_pad_ms=100))]
            windows = [{"start": lo, "end": hi} for _i, lo, hi in spans
                       if any(lo <= a < hi for a, _b in regions)]
            if not windows:
                return out
            segments, info = self.batched.transcribe(
                audio, language=self.language, batch_size=max(self.settings.batch_size, CLIPS_BATCH_SIZE),
                beam_size=self.settings.clip_beam_size, word_timestamps=True, clip_timestamps=windows)
            words = self._guarded(segments, regions, audio.size / SAMPLE_RATE)
            for i, lo, hi in spans:
                mine = [Word(round(max(0.0, w.start - lo), 3), round(min(hi - lo, max(w.end, w.start) - lo), 3),
                             w.text, w.probability) for w in words if lo <= (w.start + w.end) / 2 < hi]
                out[i] = self.time_words(clips[i], mine, info.language) if align else mine
        return out

    def time_words(self, audio: np.ndarray, words: list[Word], detected: str | None = None) -> list[Word]:
        """Whisper's words with their times taken from the signal (see :mod:`shadowing.alignment`):
        aligned for English, snapped to the speech energy for other languages (``detected``: the
        language a multilingual model heard). Needs no model: callers may run it in their threads."""
        if not self.settings.align_words or not words:
            return words
        from ..alignment import refine_word_times

        return refine_word_times(audio, words, 0.0, self.language or detected)[0]

    def _guarded(self, segments, regions, limit: float) -> list[Word]:
        words: list[Word] = []
        for seg in segments:
            if guards.is_hallucinated_segment(seg.no_speech_prob, seg.avg_logprob, seg.compression_ratio):
                continue
            first_in_segment = len(words)
            for w in seg.words or ():
                text = w.word.strip()
                if not text:
                    continue
                glued = not w.word[:1].isspace() and len(words) > first_in_segment
                if glued or (not guards.word_key(text) and words):
                    # "42" "-line", "3" ",800", a stray "." : one word split into tokens
                    prev = words[-1]
                    if prev.text.endswith(text * 2):
                        continue  # a token looping ("40-2.0.0.0.0…"): Whisper's repetition, not a word
                    words[-1] = Word(prev.start, max(prev.end, float(w.end)), prev.text + text, prev.probability)
                elif guards.word_key(text):
                    words.append(Word(float(w.start), float(w.end), text, float(w.probability)))
        words.sort(key=lambda w: w.start)
        words = guards.repair_timing(guards.cap_stretched(words), limit)
        words = guards.drop_outside_speech(words, regions)
        return guards.collapse_repetitions(words)

    def _fill_skipped(self, audio: np.ndarray, words: list[Word], regions, prompt: str | None = None,
                      max_holes: int = 6) -> list[Word]:
        holes = guards.unvoiced_speech(words, regions)[:max_holes]
        if not holes:
            return words
        added: list[Word] = []
        suspects: set[int] = set()
        for lo, hi in holes:
            a, b = max(0.0, lo - 0.2), min(audio.size / SAMPLE_RATE, hi + 0.2)
            clip = audio[int(a * SAMPLE_RATE):int(b * SAMPLE_RATE)]
            segments, _ = self.model.transcribe(
                clip, language=self.language, beam_size=5, word_timestamps=True, vad_filter=False,
                condition_on_previous_text=False, temperature=0.0, initial_prompt=prompt)
            found = self._guarded(segments, [(0.0, b - a)], b - a)
            found_here: list[Word] = []
            for w in found:
                start, end = w.start + a, w.end + a
                # keep only what lies in the hole: the pads must not duplicate neighbours
                if start >= lo - 0.15 and end <= hi + 0.3:
                    found_here.append(Word(start, end, w.text, w.probability))
            added.extend(found_here)
            # A word squeezed to nothing at the hole's edge is usually the one re-decoded inside it.
            edge_keys = {guards.word_key(w.text) for w in found_here[:3] + found_here[-3:]}
            for i, w in enumerate(words):
                near = (hi - 0.05 <= w.start <= hi + 0.5) or (lo - 0.5 <= w.end <= lo + 0.05)
                if near and w.end - w.start <= guards.MIN_WORD_S * 1.5 and guards.word_key(w.text) in edge_keys:
                    suspects.add(i)
        if not added:
            return words
        kept = [w for i, w in enumerate(words) if i not in suspects]
        merged = sorted(kept + added, key=lambda w: w.start)
        return guards.repair_timing(merged, audio.size / SAMPLE_RATE)


def shift_words(words: list[Word], offset: float) -> list[Word]:
    """Words moved from a stretch's time to the episode's."""
    return [Word(round(w.start + offset, 3), round(w.end + offset, 3), w.text, w.probability) for w in words]


def _speech_regions(audio: np.ndarray, **vad) -> list[tuple[float, float]]:
    """Silero VAD (shipped inside faster-whisper): where someone speaks, in seconds."""
    from faster_whisper.vad import VadOptions, get_speech_timestamps

    return [(r["start"] / SAMPLE_RATE, r["end"] / SAMPLE_RATE) for r in get_speech_timestamps(audio, VadOptions(**vad))]


def _windows(regions: list[tuple[float, float]], limit: float = 30.0) -> list[dict]:
    """Speech regions merged into windows of at most ``limit`` seconds (Whisper's input size)."""
    windows: list[dict] = []
    for lo, hi in regions:
        if windows and hi - windows[-1]["start"] <= limit:
            windows[-1]["end"] = hi
        else:
            windows.append({"start": lo, "end": min(hi, lo + limit)})
    return windows


_ENGINES: dict[tuple, Engine] = {}
_ENGINES_LOCK = threading.Lock()


def get_engine(model: str | None = None, settings: EngineSettings | None = None) -> Engine:
    """A process-wide cache: loading a model costs a second; attempts are scored every loop."""
    spec = resolve_model(model)
    key = (spec.key, settings or EngineSettings())
    with _ENGINES_LOCK:
        if key not in _ENGINES:
            _ENGINES[key] = Engine(spec, settings)
        return _ENGINES[key]
