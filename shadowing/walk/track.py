"""A walk's practice track rendered and written: one audio file a phone plays anywhere.

The loops, gaps, speed ladder and tones of a :class:`~.plan.WalkPlan` are rendered at the plan's
rate, loudness-normalised to -16 LUFS (the podcast norm, measured by FFmpeg's EBU R128 filter and
kept under -1 dBFS by its limiter), encoded by FFmpeg through PyAV (MP3: LAME; M4A: AAC) and tagged
with mutagen: chapters (one per sentence; ID3 CHAP/CTOC, MP4 chapters), the sentence texts as
lyrics, and the plan itself, so a recording of the walk can be matched later from the file alone.
An M3U8 playlist of one file per sentence serves players that ignore chapters.
"""

from __future__ import annotations

import gc
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .. import media
from ..errors import ShadowingError
from ..i18n import translate
from .plan import TONE_S, WalkPlan

TARGET_LUFS = -16.0
PEAK_LIMIT = 0.89  # -1 dBFS
TONE_HZ = 880.0
TONE_LEVEL = 0.12  # the tone's peak after normalisation: audible, well under the voice
PLAN_KEY = "shadowing-walk-plan"  # ID3 TXXX description / MP4 freeform name
MP4_PLAN_ATOM = "----:org.shadowing:" + PLAN_KEY
BITRATE = 64000  # mono speech: transparent enough for shadowing, 29 MB an hour
CONTEXT_S = 0.25


class TrackError(ShadowingError):
    """The track could not be rendered or written (the message says why and where)."""


@dataclass(frozen=True)
class WrittenTrack:
    path: Path
    playlist: Path | None
    duration: float
    loudness_lufs: float  # as measured after normalisation
    chapters: int


def render(plan: WalkPlan, episode_path: str, progress=None, cancelled=None) -> np.ndarray:
    """The whole track as float32 mono at the plan's rate (before loudness normalisation)."""
    from ..audio.clip import stretch_here

    rate = plan.rate
    out = np.zeros(plan.total, np.float32)
    cache: dict[tuple[int, float], np.ndarray] = {}
    for k, lp in enumerate(plan.loops):
        if cancelled is not None and cancelled():
            raise TrackError(translate("Errors", "cancelled"))
        key = (lp.position, lp.speed)
        audio = cache.get(key)
        if audio is None:
            lead = min(CONTEXT_S, lp.source_start)
            raw = media.load_span(episode_path, lp.source_start - lead, lp.source_end + CONTEXT_S, rate=rate)
            context = int(round(lead * rate))
            span = int(round((lp.source_end - lp.source_start) * rate))
            raw = np.concatenate([np.zeros(int(round(CONTEXT_S * rate)) - context, np.float32), raw])
            raw = np.pad(raw, (0, max(0, span + 2 * int(round(CONTEXT_S * rate)) - raw.size)))
            ctx = int(round(CONTEXT_S * rate))
            audio = raw[ctx: ctx + span] if lp.speed == 1.0 else stretch_here(raw, rate, lp.speed, ctx)
            cache[key] = audio
        n = min(audio.size, lp.play_end - lp.play_start, out.size - lp.play_start)
        out[lp.play_start: lp.play_start + n] = audio[:n]
        if progress is not None:
            progress(k + 1, len(plan.loops))
    return out


def tone(rate: int) -> np.ndarray:
    """A short soft 880 Hz tone (raised-cosine edges: no click)."""
    n = int(TONE_S * rate)
    t = np.arange(n) / rate
    edge = np.minimum(1.0, np.minimum(t, TONE_S - t) / 0.02)
    return (TONE_LEVEL * np.sin(2 * np.pi * TONE_HZ * t) * 0.5 * (1 - np.cos(np.pi * edge))).astype(np.float32)


def _filter(audio: np.ndarray, rate: int, name: str, args: str) -> tuple[np.ndarray, str]:
    """Run one FFmpeg audio filter over ``audio`` (PyAV's filter graph); returns the output and its log."""
    import av
    import av.logging
    from av.filter import Graph

    graph = Graph()
    src = graph.add_abuffer(sample_rate=rate, format="flt", layout="mono")
    flt = graph.add(name, args)
    fmt = graph.add("aformat", f"sample_fmts=flt:channel_layouts=mono:sample_rates={rate}")
    sink = graph.add("abuffersink")
    src.link_to(flt)
    flt.link_to(fmt)
    fmt.link_to(sink)
    graph.configure()
    out: list[np.ndarray] = []

    def drain(g):
        while True:
            try:
                out.append(g.pull().to_ndarray().reshape(-1))
            except (av.BlockingIOError, av.EOFError):
                return

    previous = av.logging.get_level()
    av.logging.set_level(av.logging.INFO)
    try:
        with av.logging.Capture() as logs:
            step = 1 << 16
            for i in range(0, audio.size, step):
                frame = av.AudioFrame.from_ndarray(np.ascontiguousarray(audio[None, i:i + step]), format="flt",
                                                   layout="mono")
                frame.sample_rate = rate
                frame.pts = i
                graph.push(frame)
                drain(graph)
            graph.push(None)
            drain(graph)
            # ebur128 logs its summary when the graph is freed: free it while the log is captured
            del graph, src, flt, fmt, sink
            gc.collect()
    finally:
        av.logging.set_level(previous)
    result = np.concatenate(out) if out else np.zeros(0, np.float32)
    return result[: audio.size], "".join(str(entry[2]) for entry in logs)


def loudness(audio: np.ndarray, rate: int) -> float:
    """Integrated loudness (LUFS, ITU-R BS.1770 with gating) by FFmpeg's ebur128 filter."""
    if not audio.size or not np.any(audio):
        return float("-inf")
    _, log = _filter(audio, rate, "ebur128", "framelog=quiet")
    found = re.findall(r"I:\s+(-?[\d.]+|-inf)\s+LUFS", log)
    return float(found[-1]) if found else float("-inf")


def normalise(audio: np.ndarray, rate: int, target: float = TARGET_LUFS) -> np.ndarray:
    """Gain to ``target`` LUFS, the peaks held under -1 dBFS by a limiter (speech's crest factor
    would clip a few consonants otherwise)."""
    measured = loudness(audio, rate)
    if not np.isfinite(measured):
        return audio
    gained = audio * np.float32(10 ** ((target - measured) / 20))
    if float(np.max(np.abs(gained))) <= PEAK_LIMIT:
        return gained
    limited, _ = _filter(gained, rate, "alimiter", f"limit={PEAK_LIMIT}:level=false:attack=5:release=50")
    return np.clip(limited, -PEAK_LIMIT, PEAK_LIMIT)


def finished_audio(plan: WalkPlan, episode_path: str, progress=None, cancelled=None) -> np.ndarray:
    """Rendered, normalised, with the tones: what goes into the file."""
    audio = normalise(render(plan, episode_path, progress, cancelled), plan.rate)
    beep = tone(plan.rate)
    for lp in plan.loops:
        if lp.tone_start is not None:
            audio[lp.tone_start: lp.tone_start + beep.size] += beep[: max(0, audio.size - lp.tone_start)]
    return audio


def encode(audio: np.ndarray, rate: int, path: Path, fmt: str) -> None:
    """MP3 (LAME) or M4A (AAC-LC), mono, through PyAV."""
    import av

    container_format, codec = {"mp3": ("mp3", "libmp3lame"), "m4a": ("ipod", "aac")}[fmt]
    with av.open(str(path), "w", format=container_format) as container:
        stream = container.add_stream(codec, rate=rate)
        stream.layout = "mono"
        stream.bit_rate = BITRATE
        fmt_name = "fltp" if codec == "aac" else "s16p"
        samples = audio if fmt_name == "fltp" else (np.clip(audio, -1, 1) * 32767).astype(np.int16)
        step = 1 << 14
        for i in range(0, samples.size, step):
            frame = av.AudioFrame.from_ndarray(np.ascontiguousarray(samples[None, i:i + step]), format=fmt_name,
                                               layout="mono")
            frame.sample_rate = rate
            frame.pts = i
            for packet in stream.encode(frame):
                container.mux(packet)
        for packet in stream.encode(None):
            container.mux(packet)


def _lyrics(plan: WalkPlan) -> str:
    lines = []
    for start, _end, title in plan.chapters():
        minutes, seconds = divmod(int(start), 60)
        lines.append(f"[{minutes:02d}:{seconds:02d}] {title}")
    return "\n".join(lines)


def tag_mp3(path: Path, plan: WalkPlan, title: str) -> None:
    """ID3v2.4: CHAP per sentence under one CTOC, the texts as USLT and SYLT lyrics, the plan as TXXX."""
    from mutagen.id3 import CHAP, CTOC, ID3, SYLT, TALB, TIT2, TXXX, USLT, CTOCFlags, Encoding

    tags = ID3()
    tags.add(TIT2(encoding=Encoding.UTF8, text=title))
    tags.add(TALB(encoding=Encoding.UTF8, text=plan.episode_title or "Shadow"))
    ids = []
    for k, (start, end, name) in enumerate(plan.chapters()):
        element = f"ch{k:04d}"
        ids.append(element)
        tags.add(CHAP(element_id=element, start_time=int(start * 1000), end_time=int(end * 1000),
                      sub_frames=[TIT2(encoding=Encoding.UTF8, text=name)]))
    tags.add(CTOC(element_id="toc", flags=CTOCFlags.TOP_LEVEL | CTOCFlags.ORDERED, child_element_ids=ids,
                  sub_frames=[TIT2(encoding=Encoding.UTF8, text=title)]))
    tags.add(USLT(encoding=Encoding.UTF8, lang="eng", desc="", text=_lyrics(plan)))
    tags.add(SYLT(encoding=Encoding.UTF8, lang="eng", format=2, type=1, desc="",
                  text=[(name, int(start * 1000)) for start, _end, name in plan.chapters()]))
    tags.add(TXXX(encoding=Encoding.UTF8, desc=PLAN_KEY, text=plan.to_json()))
    tags.save(str(path), v2_version=4)


def tag_m4a(path: Path, plan: WalkPlan, title: str) -> None:
    """MP4 chapters (a QuickTime chapter track, written by FFmpeg), then the title, the texts as
    lyrics and the plan as a freeform atom (mutagen)."""
    from mutagen.mp4 import MP4, MP4FreeForm

    meta = ";FFMETADATA1\n"
    for start, end, name in plan.chapters():
        clean = re.sub(r"([=;#\\\n])", r"\\\1", name)
        meta += f"[CHAPTER]\nTIMEBASE=1/1000\nSTART={int(start * 1000)}\nEND={int(end * 1000)}\ntitle={clean}\n"
    with tempfile.TemporaryDirectory(prefix="shadowing-walk-") as tmp:
        meta_path = Path(tmp) / "chapters.txt"
        meta_path.write_text(meta, encoding="utf-8")
        remuxed = Path(tmp) / "track.m4a"
        run = subprocess.run([media.ffmpeg_binary(), "-nostdin", "-v", "error", "-i", str(path), "-i", str(meta_path),
                              "-map", "0:a", "-map_metadata", "1", "-map_chapters", "1", "-c", "copy", "-f", "ipod",
                              str(remuxed)], capture_output=True, text=True)
        if run.returncode != 0:
            raise TrackError(translate("Errors", "could not write the chapters ({reason})").format(
                reason=run.stderr.strip()[-200:]))
        shutil.move(str(remuxed), str(path))
    tags = MP4(str(path))
    tags["\xa9nam"] = [title]
    tags["\xa9alb"] = [plan.episode_title or "Shadow"]
    tags["\xa9lyr"] = [_lyrics(plan)]
    tags[MP4_PLAN_ATOM] = [MP4FreeForm(plan.to_json().encode("utf-8"))]
    tags.save()


def read_plan(path: str | os.PathLike) -> WalkPlan | None:
    """The plan embedded in a track written here (None: not one of ours, or no plan inside)."""
    import mutagen

    from .plan import PlanError

    try:
        tagged = mutagen.File(str(path))
    except Exception:
        return None
    if tagged is None or tagged.tags is None:
        return None
    text = None
    if hasattr(tagged.tags, "getall"):  # ID3
        for frame in tagged.tags.getall("TXXX"):
            if frame.desc == PLAN_KEY and frame.text:
                text = frame.text[0]
    elif MP4_PLAN_ATOM in tagged.tags:
        text = bytes(tagged.tags[MP4_PLAN_ATOM][0]).decode("utf-8")
    if not text:
        return None
    try:
        return WalkPlan.from_json(text)
    except (PlanError, TypeError, ValueError):
        return None


def _safe(name: str, limit: int = 60) -> str:
    cleaned = re.sub(r'[\\/:*?"<>|\x00-\x1f]+', " ", name).strip().rstrip(".")
    return (cleaned[:limit].rstrip() or "sentence")


def write_playlist(audio: np.ndarray, plan: WalkPlan, out: Path, fmt: str) -> Path:
    """One file per sentence (its loops and gaps) in a folder beside the track, and an M3U8 of them."""
    folder = out.with_name(out.stem + " sentences")
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    lines = ["#EXTM3U", f"#PLAYLIST:{plan.episode_title or out.stem}"]
    for k, (start, end, title) in enumerate(plan.chapters()):
        name = f"{k + 1:03d} {_safe(title)}.{fmt}"
        piece = audio[int(start * plan.rate): int(end * plan.rate)]
        encode(piece, plan.rate, folder / name, fmt)
        lines += [f"#EXTINF:{int(round(end - start))},{title}", f"{folder.name}/{name}"]
    playlist = out.with_suffix(".m3u8")
    playlist.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return playlist


def write_track(plan: WalkPlan, episode_path: str, out: str | os.PathLike, *, playlist: bool = True,
                progress=None, cancelled=None) -> WrittenTrack:
    """Render, normalise, encode and tag the track at ``out`` (written beside it first, then moved:
    a full disk or a cancel leaves no half file under the learner's name)."""
    out = Path(out)
    fmt = plan.settings.get("format", "mp3")
    if out.suffix.lower() != f".{fmt}":
        out = out.with_suffix(f".{fmt}")
    audio = finished_audio(plan, episode_path, progress, cancelled)
    title = translate("Walk", "Walk: {title}").format(title=plan.episode_title or out.stem)
    partial = out.with_name(f".{out.name}.partial")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        encode(audio, plan.rate, partial, fmt)
        (tag_mp3 if fmt == "mp3" else tag_m4a)(partial, plan, title)
        os.replace(partial, out)
        written_playlist = write_playlist(audio, plan, out, fmt) if playlist else None
    except OSError as exc:
        raise TrackError(translate("Errors", "could not write {path}: {reason}").format(
            path=out, reason=exc.strerror or exc)) from exc
    finally:
        if partial.exists():
            partial.unlink()
    return WrittenTrack(out, written_playlist, plan.duration, round(loudness(audio, plan.rate), 1),
                        len(plan.chapters()))
