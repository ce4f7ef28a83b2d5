"""SRT and WebVTT in and out, and a JSON export of segments with their words.

Many podcasts publish a transcript beside the episode; a sidecar with the episode's stem is
offered as the text source. Its cues carry no word times, so words get times spread over
their cue by length (marked ``probability`` 0 so nothing downstream mistakes them for measured).
"""

from __future__ import annotations

import html
import json
import math
import re
from dataclasses import dataclass
from pathlib import Path

from .errors import ShadowingError
from .records import Segment, Word

SIDECAR_SUFFIXES = (".srt", ".vtt")
_TIME = re.compile(r"(?:(\d+):)?(\d{1,2}):(\d{2})[.,](\d{1,3})")
_ARROW = re.compile(r"^\s*(\S+)\s*-->\s*(\S+)")
_TAG = re.compile(r"<[^>]*>")
_SPEAKER = re.compile(r"^\s*(?:-\s*)?[A-Z][\w .'-]{0,30}:\s+")


@dataclass(frozen=True)
class Cue:
    start: float
    end: float
    text: str


class SubtitleError(ShadowingError):
    pass


def parse_time(text: str) -> float:
    match = _TIME.fullmatch(text.strip())
    if not match:
        raise ValueError(f"not a timestamp: {text!r}")
    hours, minutes, seconds, frac = match.groups()
    return int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds) + int(frac.ljust(3, "0")) / 1000


def parse_cues(text: str, name: str = "subtitles") -> list[Cue]:
    """SRT or WebVTT cues in time order. Broken cues are skipped; no cue at all is an error."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    cues: list[Cue] = []
    for block in re.split(r"\n\s*\n", text):
        lines = [line for line in block.split("\n") if line.strip()]
        for i, line in enumerate(lines):
            match = _ARROW.match(line)
            if not match:
                continue
            try:
                start, end = parse_time(match.group(1)), parse_time(match.group(2))
            except ValueError:
                break
            body = " ".join(_TAG.sub("", x).strip() for x in lines[i + 1:])
            body = _SPEAKER.sub("", body) if body else body
            body = re.sub(r"\s+", " ", html.unescape(body)).strip()  # WebVTT escapes & < > as entities
            if body and end > start:
                cues.append(Cue(start, end, body))
            break
    if not cues:
        raise SubtitleError(f"{name}: no subtitle cues found (not SRT or WebVTT?)")
    return sorted(cues, key=lambda c: c.start)


def parse_json_transcript(text: str, name: str = "transcript") -> tuple[list[Cue], list[Word] | None]:
    """Podcasting 2.0 JSON: ``{"segments": [{"startTime", "endTime", "body", "speaker"}]}``.

    Word-level files (one word per segment, as many publishers write them) keep their exact word
    times and are joined into cues at sentence ends, speaker changes and pauses of 1 s or more.
    """
    try:
        data = json.loads(text)
        raw = data["segments"]
        if not isinstance(raw, list):
            raise TypeError("'segments' is not a list")
    except (ValueError, KeyError, TypeError) as exc:
        raise SubtitleError(f"{name}: not a Podcasting 2.0 JSON transcript ({type(exc).__name__}: {exc})") from None
    segs = []
    for x in raw:  # one bad segment (no time, a time as text, NaN) is skipped, not the whole file
        try:
            a, b = float(x["startTime"]), float(x["endTime"])
        except (KeyError, TypeError, ValueError):
            continue
        body = x.get("body")
        if math.isfinite(a) and math.isfinite(b) and 0 <= a < b and isinstance(body, str) and body.strip():
            speaker = x.get("speaker")
            segs.append((a, b, body.strip(), speaker if isinstance(speaker, str) else None))
    segs.sort(key=lambda s: s[0])
    if not segs:
        raise SubtitleError(f"{name}: no timed text in the JSON transcript")
    if not all(len(s[2].split()) == 1 for s in segs):
        return [Cue(a, b, re.sub(r"\s+", " ", t)) for a, b, t, _ in segs], None
    words = [Word(round(a, 3), round(b, 3), t, 0.0) for a, b, t, _ in segs]
    cues, start = [], 0
    for i, (a, b, t, who) in enumerate(segs):
        last = i == len(segs) - 1
        if last or t.endswith((".", "?", "!")) or segs[i + 1][3] != who or segs[i + 1][0] - b >= 1.0:
            cues.append(Cue(segs[start][0], b, " ".join(s[2] for s in segs[start:i + 1])))
            start = i + 1
    return cues, words


def _decode(data: bytes) -> str:
    """UTF-8 as published; UTF-16 with its byte-order mark as Windows subtitle tools save it."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace").lstrip("\ufeff")
    return data.decode("utf-8", errors="replace").lstrip("\ufeff")


def load_transcript(path: str | Path) -> tuple[list[Cue], list[Word]]:
    """Cues and words of an SRT, WebVTT or Podcasting 2.0 JSON file (by its content)."""
    path = Path(path)
    try:
        text = _decode(path.read_bytes())
    except OSError as exc:
        raise SubtitleError(f"{path}: cannot be read ({exc.strerror})") from None
    if text.lstrip().startswith("{"):
        cues, words = parse_json_transcript(text, str(path))
        return cues, words if words is not None else cues_to_words(cues)
    cues = parse_cues(text, str(path))
    return cues, cues_to_words(cues)


def load_cues(path: str | Path) -> list[Cue]:
    return load_transcript(path)[0]


def find_sidecar(media_path: str | Path) -> Path | None:
    media_path = Path(media_path)
    for suffix in SIDECAR_SUFFIXES:
        for candidate in (media_path.with_suffix(suffix), media_path.with_suffix(suffix.upper())):
            if candidate.is_file():
                return candidate
    published = media_path.with_name(media_path.stem + ".transcript.json")  # a feed's JSON transcript
    return published if published.is_file() else None


def cues_to_words(cues: list[Cue]) -> list[Word]:
    """Spread each cue's words over its time by character count (an estimate, probability 0)."""
    words: list[Word] = []
    for cue in cues:
        tokens = cue.text.split()
        weights = [len(t) + 1 for t in tokens]
        total = sum(weights)
        t = cue.start
        for token, weight in zip(tokens, weights):
            span = (cue.end - cue.start) * weight / total
            words.append(Word(round(t, 3), round(t + span * 0.9, 3), token, 0.0))
            t += span
    return words


def _stamp(seconds: float, sep: str) -> str:
    ms = int(round(max(0.0, seconds) * 1000))
    h, ms = divmod(ms, 3_600_000)
    m, ms = divmod(ms, 60_000)
    s, ms = divmod(ms, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}{sep}{ms:03d}"


def to_srt(segments: list[Segment]) -> str:
    return "\n".join(f"{k}\n{_stamp(s.start, ',')} --> {_stamp(s.end, ',')}\n{s.text}\n"
                     for k, s in enumerate(segments, 1))


def to_vtt(segments: list[Segment]) -> str:
    body = "\n".join(f"{_stamp(s.start, '.')} --> {_stamp(s.end, '.')}\n{s.text}\n" for s in segments)
    return "WEBVTT\n\n" + body


def to_json(segments: list[Segment], **meta) -> str:
    """``number`` is the place in this list, from 1: what `--segment N` takes (sentences or phrases)."""
    return json.dumps({**meta, "segments": [{"number": n, **s.to_dict()} for n, s in enumerate(segments, 1)]},
                      ensure_ascii=False, indent=1)
