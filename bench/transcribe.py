"""Transcription figures: speed and accuracy against plain faster-whisper, time to first segment,
and memory on long episodes. Prints one JSON object (with --json) on stdout.

    python bench/transcribe.py --json [--rss-hours 3] [--rss-seconds N] [--skip-long]

- ``rtf``/``wer``: this project's engine on a 60 s clip of real speech (the first sentences of
  shared/media/episode/morris_printing.mp3, reference from its .segments.json);
  ``baseline_rtf``/``baseline_wer``: ``WhisperModel.transcribe`` with default settings, same
  model, same clip, same run (best of ``--repeat`` runs each, interleaved); ``rtf_whisper_times``:
  this engine with word alignment off (Whisper's own word times), so ``align_cost`` is the share
  that taking word times from the signal adds when it is done in line, one stretch after the other.
  The app's worker aligns beside Whisper (``shadowing.alignment.child``): what that costs an
  episode is ``total_align_cost`` (``--compare-whisper-times``: the hour once more, unaligned).
- ``first_segment_s``: from asking for a 60-minute episode (built by concatenating shared media)
  to its first stored, playable segment; ``total_s``: to the end of that episode.
- ``peak_rss_mb``: peak resident memory of the app and its worker together, transcribing a
  3-hour episode (``--rss-seconds`` stops early and says so in ``peak_rss_partial``).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path


ROOT = Path(__file__).resolve().parents[1]
RATE = 16000
SHARED = ROOT.parent / "shared" / "media"
SOURCES = [SHARED / "episode" / "morris_printing.mp3", SHARED / "lj_seven_wonders.mp3",
           SHARED / "lj_fireside_chat.flac", SHARED / "clips" / "bush_columbia_2003.wav"]


def normalise(text: str) -> str:
    from whisper_normalizer.english import EnglishTextNormalizer

    return EnglishTextNormalizer()(text)


def clip_60s():
    from shadowing import media

    sentences = json.loads((SHARED / "episode" / "morris_printing.segments.json").read_text())["segments"]
    used = [s for s in sentences if s["end"] <= 61.0]
    end = used[-1]["end"] + 0.2
    audio = media.load_span(SHARED / "episode" / "morris_printing.mp3", 0.0, end)
    return audio, normalise(" ".join(s["text"] for s in used))


def speed_and_accuracy(repeat: int) -> dict:
    import jiwer
    from faster_whisper import WhisperModel

    from shadowing.transcription.engine import Engine, EngineSettings

    audio, ref = clip_60s()
    seconds = audio.size / 16000
    engine = Engine()
    unaligned = Engine(settings=EngineSettings(align_words=False))
    plain = WhisperModel(engine.spec.path_or_name, device=engine.device, compute_type=engine.compute_type,
                         cpu_threads=min(4, os.cpu_count() or 2))
    ours_t, base_t, raw_t = [], [], []
    list(plain.transcribe(audio[:16000 * 5])[0])  # warm all three
    engine.transcribe_chunk(audio[:16000 * 5])
    unaligned.transcribe_chunk(audio[:16000 * 5])
    for _ in range(repeat):
        t = time.perf_counter()
        words = engine.transcribe_chunk(audio)
        ours_t.append(time.perf_counter() - t)
        t = time.perf_counter()
        unaligned.transcribe_chunk(audio)
        raw_t.append(time.perf_counter() - t)
        t = time.perf_counter()
        segments = list(plain.transcribe(audio)[0])
        base_t.append(time.perf_counter() - t)
    ours = normalise(" ".join(w.text for w in words))
    base = normalise(" ".join(s.text for s in segments))
    return {"clip_s": round(seconds, 2), "rtf": round(min(ours_t) / seconds, 4), "wer": round(jiwer.wer(ref, ours), 4),
            "baseline_rtf": round(min(base_t) / seconds, 4), "baseline_wer": round(jiwer.wer(ref, base), 4),
            "speedup": round(min(base_t) / min(ours_t), 2),
            "rtf_whisper_times": round(min(raw_t) / seconds, 4), "align_cost": round(min(ours_t) / min(raw_t) - 1, 3)}


# Real speech with reference texts, for the decodings' WER (stereo_diarization is two voices at once)
REAL = [SHARED / "episode" / "morris_printing.mp3", SHARED / "jfk.flac", SHARED / "lj_fireside_chat.flac",
        SHARED / "lj_seven_wonders.flac", SHARED / "clips" / "bush_columbia_2003.wav",
        SHARED / "clips" / "jfk_moon_1961.wav"] + sorted((SHARED / "clips").glob("librispeech_*.wav"))

# name: (model, engine settings, context). "look": a first pass at beam 2, and a second look at
# beam 5 with the glossary at windows with doubtful words (the app's default). Context: "" none, "notes" the show's titles and description,
# "glossary" notes and the field's glossary. On the real recordings (real_wer) a context decoding
# gets the file's own tags as notes, as the app does, and "glossary" every field's glossary: a
# learner's whole glossary on speech of another field, the check that context never hurts what it
# does not name.
DECODINGS = {
    "tiny-beam2": ("tiny.en", {"beam_size": 2, "second_look_beam": 0}, ""),
    "tiny-beam5": ("tiny.en", {"beam_size": 5, "second_look_beam": 0}, ""),
    "tiny-beam5-notes": ("tiny.en", {"beam_size": 5, "second_look_beam": 0}, "notes"),
    "tiny-beam5-glossary": ("tiny.en", {"beam_size": 5, "second_look_beam": 5}, "glossary"),
    "tiny-look": ("tiny.en", {"beam_size": 2, "second_look_beam": 5}, ""),
    "tiny-look-notes": ("tiny.en", {"beam_size": 2, "second_look_beam": 5}, "notes"),
    "tiny-look-glossary": ("tiny.en", {"beam_size": 2, "second_look_beam": 5}, "glossary"),
    "base-look": ("base", {"beam_size": 2, "second_look_beam": 5}, ""),
    "base-look-glossary": ("base", {"beam_size": 2, "second_look_beam": 5}, "glossary"),
}


def term_recall(names: list[str], renditions: int) -> dict:
    """Each decoding on the vocabulary set (term_recall, wer) and on the real speech (real_wer, with
    every field's glossary as context where the decoding uses one), with its speed."""
    import jiwer
    import numpy as np

    import vocabulary
    from shadowing import media
    from shadowing.transcription.context import EpisodeContext
    from shadowing.transcription.engine import Engine, EngineSettings

    sets = [(f, voice, wpm, vocabulary.episode(f, voice, wpm))
            for f in vocabulary.FIELDS for voice, wpm in vocabulary.RENDITIONS[:renditions]]
    real = [(p, np.concatenate(list(media.iter_audio(p))), normalise(p.with_suffix(".txt").read_text())) for p in REAL]
    every_term = [t for f in vocabulary.FIELDS for t in f.glossary]
    out: dict[str, dict] = {}
    engines: dict[tuple, Engine] = {}
    for name in names:
        model, settings, context = DECODINGS[name]
        key = (model, tuple(sorted(settings.items())))
        if key not in engines:
            engines[key] = Engine(model, EngineSettings(**settings))
            engines[key].transcribe_chunk(sets[0][3][:RATE * 3])  # warm
        engine = engines[key]
        found = total = 0
        refs, hyps, misses, seconds, spent = [], [], Counter(), 0.0, 0.0
        for field, _voice, _wpm, audio in sets:
            prompt = None
            if context:
                prompt = EpisodeContext(tuple(field.glossary) if context == "glossary" else (), field.title,
                                        description=field.description)
            t = time.perf_counter()
            text = " ".join(w.text for w in engine.transcribe_chunk(audio, context=prompt))
            spent += time.perf_counter() - t
            seconds += audio.size / RATE
            found += vocabulary.terms_found(field.terms, text)
            total += len(field.terms)
            misses.update(vocabulary.term_misses(field.terms, text))
            refs.append(normalise(" ".join(field.texts)))
            hyps.append(normalise(text))
        real_refs, real_hyps = [], []
        for path, audio, ref in real:
            tags = media.tags(path)  # the app gives a file's own tags as its notes
            prompt = EpisodeContext(tuple(every_term) if context == "glossary" else (), tags.title or path.stem,
                                    tags.show, tags.comment, tags.chapters) if context else None
            t = time.perf_counter()
            text = " ".join(w.text for w in engine.transcribe_chunk(audio, context=prompt))
            spent += time.perf_counter() - t
            seconds += audio.size / RATE
            real_refs.append(ref)
            real_hyps.append(normalise(text))
        out[name] = {"term_recall": round(found / total, 3), "terms": total, "wer": round(jiwer.wer(refs, hyps), 4),
                     "real_wer": round(jiwer.wer(real_refs, real_hyps), 4), "rtf": round(spent / seconds, 4),
                     "missed": [t for t, _ in misses.most_common(12)]}
        print(name, json.dumps(out[name]), file=sys.stderr, flush=True)
    return out


def build_episode(path: Path, seconds: float) -> Path:
    """A long mp3 (44.1 kHz mono, 64 kb/s, like a podcast) from shared speech, made once."""
    import av

    from shadowing import media

    if path.exists():
        return path
    tmp = path.with_suffix(".partial.mp3")
    with av.open(str(tmp), "w") as out:
        stream = out.add_stream("libmp3lame", rate=44100)
        stream.layout = "mono"
        stream.bit_rate = 64000
        resampler = av.AudioResampler(format="s16p", layout="mono", rate=44100)
        written, k = 0.0, 0
        while written < seconds:
            for block in media.iter_audio(SOURCES[k % len(SOURCES)], block_s=30.0):
                frame = av.AudioFrame.from_ndarray(block.reshape(1, -1), format="flt", layout="mono")
                frame.sample_rate = 16000
                for rf in resampler.resample(frame):
                    for packet in stream.encode(rf):
                        out.mux(packet)
                written += block.size / 16000
            k += 1
        for rf in resampler.resample(None):
            for packet in stream.encode(rf):
                out.mux(packet)
        for packet in stream.encode(None):
            out.mux(packet)
    tmp.replace(path)
    return path


class RssSampler(threading.Thread):
    """Peak RSS of this process, of its children (the transcription worker), and of both together."""

    def __init__(self):
        super().__init__(daemon=True)
        import psutil

        self.proc = psutil.Process()
        self.peak = self.peak_app = self.peak_worker = 0
        self.stop = threading.Event()

    def run(self):
        while not self.stop.is_set():
            try:
                app = self.proc.memory_info().rss
                worker = sum(c.memory_info().rss for c in self.proc.children(recursive=True))
                self.peak_app, self.peak_worker = max(self.peak_app, app), max(self.peak_worker, worker)
                self.peak = max(self.peak, app + worker)
            except Exception:
                pass
            time.sleep(0.1)


def long_episode(path: Path, limit_s: float | None, whisper_times: bool = False, glossary: bool = False,
                 first_pass_only: bool = False) -> dict:
    from shadowing import episodes
    from shadowing.transcription.engine import EngineSettings

    with tempfile.TemporaryDirectory() as home:
        os.environ["SHADOWING_HOME"] = home
        db = Path(home) / "library.sqlite3"
        first: list[float] = []
        sampler = RssSampler()
        sampler.start()
        t0 = time.perf_counter()
        result = {"done": None}

        def on_segments(_segs):
            if not first:
                first.append(time.perf_counter() - t0)

        def work():
            from shadowing.storage import Library

            with Library(db) as library:
                episode = episodes.open_episode(library, path)
                if glossary:  # a learner's glossary of every field: the second look's heaviest case
                    sys.path.insert(0, str(Path(__file__).parent))
                    import vocabulary

                    library.add_to_glossary([t for f in vocabulary.FIELDS for t in f.glossary])
            job = episodes.TranscriptionJob(db, episode, settings=EngineSettings(
                align_words=not whisper_times, second_look_beam=0 if first_pass_only else EngineSettings().second_look_beam))
            result["job"] = job
            result["done"] = job.run(on_segments=on_segments)

        worker = threading.Thread(target=work)
        worker.start()
        partial = False
        while worker.is_alive():
            worker.join(0.5)
            if limit_s is not None and time.perf_counter() - t0 > limit_s and "job" in result:
                result["job"].cancel()
                partial = True
                worker.join()
        total = time.perf_counter() - t0
        sampler.stop.set()
        sampler.join()
        done = result["done"]
        return {"first_segment_s": round(first[0], 2) if first else None, "total_s": round(total, 1),
                "peak_rss_mb": round(sampler.peak / 2**20, 1), "partial": partial,
                "peak_rss_app_mb": round(sampler.peak_app / 2**20, 1),
                "peak_rss_worker_mb": round(sampler.peak_worker / 2**20, 1),
                "segments": len(done.segments) if done else 0,
                "transcribed_s": round(done.transcript.processed_until, 1) if done else 0}


def long_episode_fresh(path: Path, limit_s: float | None, whisper_times: bool = False, glossary: bool = False,
                       first_pass_only: bool = False) -> dict:
    """In a fresh interpreter, as the app would run it: this process has models loaded already."""
    import subprocess

    cmd = [sys.executable, __file__, "--long", str(path)] + (["--rss-seconds", str(limit_s)] if limit_s else [])
    cmd += ["--whisper-times"] if whisper_times else []
    cmd += ["--with-glossary"] if glossary else []
    cmd += ["--first-pass-only"] if first_pass_only else []
    out = subprocess.run(cmd, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--long", help=argparse.SUPPRESS)
    parser.add_argument("--whisper-times", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--with-glossary", action="store_true",
                        help="the hour also with every field's glossary in the library (first_segment_s_glossary)"
                             " and without the second look (second_look_cost)")
    parser.add_argument("--first-pass-only", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--rss-hours", type=float, default=3.0)
    parser.add_argument("--rss-seconds", type=float, default=None, help="stop the 3-hour run after this long")
    parser.add_argument("--skip-long", action="store_true")
    parser.add_argument("--terms", nargs="*", metavar="DECODING", choices=sorted(DECODINGS),
                        help="term_recall and WER for these decodings (all without a name); see DECODINGS")
    parser.add_argument("--renditions", type=int, default=3, help="voices/rates of the vocabulary set to use")
    parser.add_argument("--compare-whisper-times", action="store_true",
                        help="also transcribe the hour with alignment off (total_align_cost)")
    parser.add_argument("--cache", default=str(Path(tempfile.gettempdir()) / "shadowing-bench"))
    args = parser.parse_args()
    if args.long:
        print(json.dumps(long_episode(Path(args.long), args.rss_seconds, args.whisper_times, args.with_glossary,
                                      args.first_pass_only)))
        return 0
    if args.terms is not None:
        sys.path.insert(0, str(Path(__file__).parent))
        figures = {"decodings": term_recall(args.terms or list(DECODINGS), args.renditions),
                   "cpu_count": os.cpu_count()}
        print(json.dumps(figures) if args.json else json.dumps(figures, indent=1))
        return 0
    figures = speed_and_accuracy(args.repeat)
    if not args.skip_long:
        cache = Path(args.cache)
        cache.mkdir(parents=True, exist_ok=True)
        hour_path = build_episode(cache / "episode-60min.mp3", 3600)
        hour = long_episode_fresh(hour_path, None)
        figures.update(first_segment_s=hour["first_segment_s"], total_s=hour["total_s"],
                       total_rtf=round(hour["total_s"] / 3600, 4), hour_peak_rss_mb=hour["peak_rss_mb"])
        if args.with_glossary:
            glossed = long_episode_fresh(hour_path, None, glossary=True)
            plain = long_episode_fresh(hour_path, None, first_pass_only=True)
            figures.update(first_segment_s_glossary=glossed["first_segment_s"], total_s_glossary=glossed["total_s"],
                           glossary_cost=round(glossed["total_s"] / hour["total_s"] - 1, 3),
                           total_s_first_pass_only=plain["total_s"],
                           second_look_cost=round(hour["total_s"] / plain["total_s"] - 1, 3))
        if args.compare_whisper_times:  # the same hour with Whisper's own word times: what alignment costs
            raw = long_episode_fresh(hour_path, None, whisper_times=True)
            figures.update(total_rtf_whisper_times=round(raw["total_s"] / 3600, 4),
                           first_segment_s_whisper_times=raw["first_segment_s"],
                           total_align_cost=round(hour["total_s"] / raw["total_s"] - 1, 3))
        long = long_episode_fresh(build_episode(cache / f"episode-{args.rss_hours:g}h.mp3", args.rss_hours * 3600),
                                  args.rss_seconds)
        figures.update(peak_rss_mb=long["peak_rss_mb"], peak_rss_app_mb=long["peak_rss_app_mb"],
                       peak_rss_worker_mb=long["peak_rss_worker_mb"], peak_rss_partial=long["partial"],
                       peak_rss_transcribed_s=long["transcribed_s"])
    figures["cpu_count"] = os.cpu_count()
    print(json.dumps(figures) if args.json else json.dumps(figures, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
