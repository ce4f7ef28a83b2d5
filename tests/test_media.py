"""Decoding and checking episode files: every container FFmpeg reads, and each way a file is bad."""

from __future__ import annotations

import av
import numpy as np
import pytest

from shadowing import media
from shadowing.errors import MediaError

from .conftest import EPISODE, MEDIA


def transcode(src, dst, codec: str, rate: int = 44100, video: bool = False, audio: bool = True):
    """Write ``dst`` with PyAV from real speech: real files in each container, made in the test."""
    pcm = np.concatenate(list(media.iter_audio(src)))[: 16000 * 6]
    with av.open(str(dst), "w") as out:
        if video:
            vs = out.add_stream("mpeg4", rate=10)
            vs.width, vs.height, vs.pix_fmt = 64, 48, "yuv420p"
        if audio:
            stream = out.add_stream(codec, rate=rate)
            stream.layout = "mono" if codec != "libopus" else "mono"
            resampler = av.AudioResampler(format=stream.codec_context.format.name if stream.codec_context.format else "fltp",
                                          layout="mono", rate=rate)
            frame = av.AudioFrame.from_ndarray(pcm.reshape(1, -1), format="flt", layout="mono")
            frame.sample_rate = 16000
            frame.pts = None
            for rf in resampler.resample(frame) + resampler.resample(None):
                for packet in stream.encode(rf):
                    out.mux(packet)
            for packet in stream.encode(None):
                out.mux(packet)
        if video:
            for i in range(20):
                img = av.VideoFrame.from_ndarray(np.zeros((48, 64, 3), np.uint8), format="rgb24")
                for packet in vs.encode(img.reformat(format="yuv420p")):
                    out.mux(packet)
            for packet in vs.encode(None):
                out.mux(packet)
    return dst


@pytest.mark.parametrize("suffix,codec", [
    (".m4a", "aac"), (".aac", "aac"), (".ogg", "libopus"), (".opus", "libopus"), (".flac", "flac"),
    (".wav", "pcm_s16le"), (".mp3", "libmp3lame"), (".mkv", "aac"), (".webm", "libopus"),
])
def test_every_container_decodes_to_16k_mono(tmp_path, suffix, codec):
    rate = 48000 if codec == "libopus" else 44100
    path = transcode(MEDIA / "jfk.flac", tmp_path / f"speech{suffix}", codec, rate)
    info = media.probe(path)
    assert 5.5 < info.duration < 6.6
    audio = np.concatenate(list(media.iter_audio(path)))
    assert audio.dtype == np.float32 and audio.ndim == 1
    assert abs(audio.size / media.SAMPLE_RATE - 6.0) < 0.15
    assert np.sqrt(np.mean(audio ** 2)) > 0.01  # speech, not silence


def test_video_file_audio_track_is_used(tmp_path):
    path = transcode(MEDIA / "jfk.flac", tmp_path / "talk.mp4", "aac", video=True)
    assert media.probe(path).duration > 5


def test_video_without_audio_is_refused(tmp_path):
    path = transcode(MEDIA / "jfk.flac", tmp_path / "silent.mp4", "aac", video=True, audio=False)
    with pytest.raises(MediaError, match="no audio stream"):
        media.probe(path)


@pytest.mark.parametrize("name", ["jfk.flac", "lj_seven_wonders.mp3", "episode/morris_printing.mp3",
                                  "clips/jfk_moon_1961.wav"])
def test_seek_lands_on_the_same_sample_as_a_full_decode(name):
    full = np.concatenate(list(media.iter_audio(MEDIA / name)))
    for t in (1.234, 5.0):
        span = media.load_span(MEDIA / name, t, t + 1.5)
        assert span.size == int(1.5 * 16000)
        start = int(round(t * 16000))
        lags = [float(np.dot(span[800:-800], full[start + 800 + k:start + k + span.size - 800])) for k in range(-4, 5)]
        assert abs(int(np.argmax(lags)) - 4) <= 1


def test_blocks_are_bounded_never_the_whole_episode():
    sizes = [b.size for b in media.iter_audio(EPISODE, block_s=10.0)]
    assert max(sizes) == 10 * 16000
    assert abs(sum(sizes) / 16000 - 232.6) < 0.2


def test_content_hash_follows_bytes_not_name(tmp_path):
    copy = tmp_path / "renamed episode 🎧.mp3"
    copy.write_bytes(EPISODE.read_bytes())
    assert media.content_hash(copy) == media.content_hash(EPISODE)
    data = bytearray(copy.read_bytes())
    data[5000] ^= 0xFF
    copy.write_bytes(bytes(data))
    assert media.content_hash(copy) != media.content_hash(EPISODE)


def test_missing_empty_and_not_media(tmp_path):
    with pytest.raises(MediaError, match="file not found"):
        media.probe(tmp_path / "nope.mp3")
    (tmp_path / "empty.mp3").write_bytes(b"")
    with pytest.raises(MediaError, match="empty"):
        media.probe(tmp_path / "empty.mp3")
    (tmp_path / "notes.mp3").write_text("these are my notes, not audio\n" * 50)
    with pytest.raises(MediaError, match="not an audio or video file"):
        media.probe(tmp_path / "notes.mp3")
    png = tmp_path / "picture.mp3"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20)
    with pytest.raises(MediaError):
        media.probe(png)


def test_truncated_m4a_is_refused(tmp_path):
    path = transcode(MEDIA / "jfk.flac", tmp_path / "whole.m4a", "aac")
    cut = tmp_path / "cut.m4a"
    cut.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    with pytest.raises(MediaError):
        media.probe(cut)


def test_ffmpeg_binary_for_pydub_exists():
    import os

    assert os.access(media.ffmpeg_binary(), os.X_OK)
