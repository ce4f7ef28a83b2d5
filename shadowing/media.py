"""Reading episodes: identify by content, check they are usable, decode at 16 kHz mono in chunks.

Whole episodes are never held in memory: an hour of float32 at 16 kHz is 230 MB, at 44.1 kHz
stereo over 1 GB. Decoding streams from the container through FFmpeg's resampler (PyAV).
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
import shutil
from pathlib import Path
from typing import Iterator

import av
import numpy as np

from .errors import MediaError
from .records import MediaInfo
from .i18n import translate

SAMPLE_RATE = 16000
# What the app opens (FFmpeg reads more; these are what the open dialog and the desktop entry offer),
# with their MIME types for the file manager's "Open with"
MEDIA_TYPES = {".mp3": "audio/mpeg", ".m4a": "audio/mp4", ".aac": "audio/aac", ".ogg": "audio/ogg",
               ".opus": "audio/ogg", ".oga": "audio/ogg", ".flac": "audio/flac", ".wav": "audio/x-wav",
               ".mp4": "video/mp4", ".m4v": "video/x-m4v", ".webm": "video/webm", ".mkv": "video/x-matroska",
               ".mov": "video/quicktime"}
MIN_DURATION_S = 0.5  # shorter than a short word: nothing to practise
_HASH_BLOCK = 1 << 20


def content_hash(path: str | os.PathLike) -> str:
    """BLAKE2b of the bytes: a moved or renamed episode is still the same episode."""
    digest = hashlib.blake2b(digest_size=20)
    with open(path, "rb") as fh:
        while block := fh.read(_HASH_BLOCK):
            digest.update(block)
    return digest.hexdigest()


def _check_file(path: Path) -> None:
    if not path.exists():
        raise MediaError(path, translate("Errors", "file not found"))
    if path.is_dir():
        raise MediaError(path, translate("Errors", "is a folder, not a media file"))
    if path.stat().st_size == 0:
        raise MediaError(path, translate("Errors", "file is empty"))


def _open(path: Path):
    try:
        return av.open(str(path), metadata_errors="ignore")
    except av.error.InvalidDataError:
        raise MediaError(path, translate("Errors", "not an audio or video file FFmpeg can read (or cut short before its index)")) from None
    except av.error.FFmpegError as exc:
        raise MediaError(path, translate("Errors", "cannot be opened ({reason})").format(reason=_short(exc))) from None


def _short(exc: Exception) -> str:
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return text[:160]


def probe(path: str | os.PathLike, *, with_hash: bool = True) -> MediaInfo:
    """Open the file, check it has decodable audio at both ends, and describe it.

    Decoding the first and the last seconds catches empty, non-media, audio-less and truncated
    files (an m4a whose index promises more than the file holds) before anything is stored.
    """
    path = Path(path)
    _check_file(path)
    with _open(path) as container:
        if not container.streams.audio:
            raise MediaError(path, translate("Errors", "has no audio stream"))
        stream = container.streams.audio[0]
        duration = _duration(container, stream)
        codec = stream.codec_context.name
        rate = stream.codec_context.sample_rate or 0
        channels = stream.codec_context.channels or 0
        title = (container.metadata.get("title") or "").strip() or path.stem
    head = _decode_span(path, 0.0, 2.0)
    if head.size == 0:
        raise MediaError(path, translate("Errors", "no audio could be decoded (corrupt or truncated)"))
    if duration is None or duration <= 0:
        duration = _decoded_length(path)
    elif duration > 4.0:
        tail = _decode_span(path, max(0.0, duration - 3.0), 3.0)
        if tail.size == 0:
            real = _decoded_length(path)
            if real < duration - 2.0:
                raise MediaError(path, translate("Errors", "truncated: audio stops at {real} s of {duration} s").format(
                    real=f"{real:.1f}", duration=f"{duration:.1f}"))
            duration = real
    if duration < MIN_DURATION_S:
        raise MediaError(path, translate("Errors", "too short to practise ({seconds} s of audio)").format(
            seconds=f"{duration:.1f}"))
    digest = content_hash(path) if with_hash else ""
    return MediaInfo(str(path.resolve()), digest, path.stat().st_size, float(duration), rate,
                     channels, codec, title)


@dataclass(frozen=True)
class Tags:
    """What a file says about itself: a podcast's MP3 or M4A names its show and its chapters."""

    title: str = ""
    show: str = ""  # album (a podcast app's show), else artist
    comment: str = ""
    chapters: tuple[str, ...] = ()


def tags(path: str | os.PathLike) -> Tags:
    """The file's title, show, comment and chapter titles; empty where it has none or cannot be read."""
    try:
        with av.open(str(path), metadata_errors="ignore") as container:
            meta = {k.lower(): str(v).strip() for k, v in container.metadata.items()}
            chapters = tuple(c.get("metadata", {}).get("title", "").strip() for c in container.chapters())
    except (av.error.FFmpegError, OSError):
        return Tags()
    return Tags(meta.get("title", ""), meta.get("album") or meta.get("artist", ""),
                meta.get("comment") or meta.get("description", ""), tuple(c for c in chapters if c))


def _duration(container, stream) -> float | None:
    if stream.duration is not None and stream.time_base is not None:
        return float(stream.duration * stream.time_base)
    if container.duration is not None:
        return container.duration / av.time_base
    return None


def _decoded_length(path: Path) -> float:
    total = 0
    for block in iter_audio(path, block_s=60.0):
        total += block.size
    return total / SAMPLE_RATE


def _decode_span(path: Path, start: float, length: float) -> np.ndarray:
    try:
        blocks = []
        got = 0
        for block in iter_audio(path, start=start, block_s=length):
            blocks.append(block)
            got += block.size
            if got >= length * SAMPLE_RATE:
                break
        return np.concatenate(blocks)[: int(length * SAMPLE_RATE)] if blocks else np.zeros(0, np.float32)
    except MediaError:
        return np.zeros(0, np.float32)


def iter_audio(path: str | os.PathLike, *, start: float = 0.0, block_s: float = 30.0,
               rate: int = SAMPLE_RATE) -> Iterator[np.ndarray]:
    """Yield float32 mono blocks (16 kHz unless ``rate`` says otherwise) of about ``block_s`` seconds from ``start`` on.

    Seeking lands on a packet boundary at or before ``start``; samples before it are dropped so
    that sample 0 of the first block is ``start`` to within one sample.
    """
    path = Path(path)
    _check_file(path)
    want = int(block_s * rate)
    skip = None  # samples to drop before ``start``, known after the first frame
    pending: list[np.ndarray] = []
    pending_n = 0
    with _open(path) as container:
        if not container.streams.audio:
            raise MediaError(path, translate("Errors", "has no audio stream"))
        stream = container.streams.audio[0]
        stream.thread_type = "AUTO"
        origin = stream.start_time or 0  # codec delay: pts of the first audible sample
        if start > 0:
            try:
                container.seek(int(start / stream.time_base) + origin, stream=stream, backward=True,
                               any_frame=False)
            except av.error.FFmpegError:
                pass  # not seekable: decode from the beginning and skip
        resampler = av.AudioResampler(format="flt", layout="mono", rate=rate)
        try:
            for frame in container.decode(stream):
                if skip is None:
                    t0 = float((frame.pts - origin) * frame.time_base) if frame.pts is not None else 0.0
                    skip = max(0, int(round((start - t0) * rate))) if start > 0 else 0
                for out in resampler.resample(frame):
                    data = out.to_ndarray().reshape(-1)
                    if skip:
                        cut = min(skip, data.size)
                        data = data[cut:]
                        skip -= cut
                    if data.size:
                        pending.append(data)
                        pending_n += data.size
                while pending_n >= want:
                    joined = np.concatenate(pending)
                    yield joined[:want]
                    rest = joined[want:]
                    pending, pending_n = ([rest], rest.size) if rest.size else ([], 0)
            for out in resampler.resample(None):
                data = out.to_ndarray().reshape(-1)
                if skip:
                    cut = min(skip, data.size)
                    data, skip = data[cut:], skip - cut
                if data.size:
                    pending.append(data)
                    pending_n += data.size
        except av.error.EOFError:
            pass
        except av.error.FFmpegError as exc:
            raise MediaError(path, translate("Errors", "decoding failed ({reason})").format(reason=_short(exc))) from None
    if pending_n:
        yield np.concatenate(pending)


def load_span(path: str | os.PathLike, start: float, end: float, rate: int = SAMPLE_RATE) -> np.ndarray:
    """Decode [start, end) seconds: a segment for playback or scoring, never a whole episode."""
    length = max(0.0, end - start)
    blocks, got = [], 0
    for block in iter_audio(path, start=start, block_s=min(max(length, 1.0), 60.0), rate=rate):
        blocks.append(block)
        got += block.size
        if got >= length * rate:
            break
    audio = np.concatenate(blocks) if blocks else np.zeros(0, np.float32)
    return audio[: int(round(length * rate))]


def ffmpeg_binary() -> str:
    """An ffmpeg for pydub: the system's if present, else the one imageio-ffmpeg ships."""
    found = shutil.which("ffmpeg")
    if found:
        return found
    import imageio_ffmpeg

    return imageio_ffmpeg.get_ffmpeg_exe()
