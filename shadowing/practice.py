"""One practice run: the audio engine loops a segment, each attempt is stored and scored.

Shared by ``shadowing practice`` and the GUI. Storing comes first and scoring second, so an
attempt is in the library even when Whisper fails or the process dies while scoring.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import history
from .audio.program import Gap, LoopSettings, played_time
from .audio.recorder import RecordedAttempt
from .i18n import translate
from .records import Episode, Segment, Word
from .scoring import Attempt, ScoreResult, score_attempt
from .scoring import timing

SCORE_RATE = timing.SR


def resample(audio: np.ndarray, rate: int, target: int = SCORE_RATE) -> np.ndarray:
    if rate == target or audio.size == 0:
        return audio.astype(np.float32, copy=False)
    import soxr

    return soxr.resample(audio, rate, target, quality="HQ").astype(np.float32, copy=False)


VISIBILITY = ("shown", "hidden", "after attempt")
REPEAT_GAP = 1.2  # repeat mode: the learner speaks in the gap, as long as the sentence and a bit


def gap_for(mode: str, seconds: float | None = None) -> Gap:
    """The silence between loops. Repeat mode needs room to speak: no gap given (or one under
    0.5 s) means 1.2x the sentence; other modes default to 1 s."""
    if seconds is None or (mode == "repeat" and seconds < 0.5):
        return Gap(factor=REPEAT_GAP) if mode == "repeat" else Gap(1.0)
    return Gap(float(seconds))


@dataclass(frozen=True)
class PracticeChoice:
    """What the learner set up for plain (uncoached) practice: the transport edits it, a run reads it."""

    mode: str = "shadow"
    loops: int = 3  # 0: until stopped
    gap_s: float = 1.0
    speed: float = 1.0
    visibility: str = "shown"
    record: bool = True

    @property
    def effective_mode(self) -> str:
        """Recording off turns every mode into listening."""
        return self.mode if self.record or self.mode == "listen" else "listen"

    @property
    def shows_text_before(self) -> bool:
        """Whether the sentence is on screen before the attempt (after it, it always is)."""
        return self.visibility == "shown"

    def loop_settings(self) -> LoopSettings:
        mode = self.effective_mode
        return LoopSettings(mode=mode, loops=self.loops or None, speed=self.speed, gap=gap_for(mode, self.gap_s))


def keep_recording(source, folder):
    """Copy a recording into the library's recordings folder under a name no other recording has.

    Names carry the time to the microsecond, and the file is created exclusively: two attempts
    scored within one second (a fast machine scoring from the terminal) once got the same name,
    the second copy overwrote the first, and the library, which knows a recording by its path,
    kept one attempt of two.
    """
    import os
    import shutil
    from datetime import datetime
    from pathlib import Path

    source, folder = Path(source), Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    n = 0
    while True:
        target = folder / f"{stamp}{f'-{n}' if n else ''}-{source.name}"
        try:
            os.close(os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644))
        except FileExistsError:
            n += 1
            continue
        shutil.copy2(source, target)
        return target


def attempt_meta(episode: Episode, segment: Segment) -> dict:
    """What every recording's sidecar says about its source, so a lost row can be rebuilt."""
    meta = {"episode_id": episode.id, "episode_title": episode.title, "segment_id": segment.id,
            "segment_index": segment.index, "source_text": segment.text}
    if segment.part is not None:  # a phrase of the sentence segment_id: the span it played
        meta.update(part=segment.part, span=[segment.start, segment.end])
    return meta


def played_words(words: tuple[Word, ...] | list[Word], span_start: float, time_map, speed: float) -> list[Word]:
    """Source words on the attempt's time axis: relative to the span, through the loop's speed map."""
    out = []
    for w in words:
        start = played_time(w.start - span_start, time_map, speed)
        end = played_time(w.end - span_start, time_map, speed)
        out.append(Word(round(start, 4), round(max(end, start), 4), w.text, w.probability))
    return out


@dataclass
class ScoredAttempt:
    attempt_id: int | None
    recorded: RecordedAttempt
    result: ScoreResult | None
    error: str | None = None

    def to_dict(self) -> dict:
        data = {"attempt_id": self.attempt_id, "loop": self.recorded.meta.get("loop"),
                "mode": self.recorded.meta.get("mode"), "speed": self.recorded.meta.get("speed"),
                "path": str(self.recorded.path), "duration_s": round(self.recorded.duration, 3),
                "interrupted": self.recorded.interrupted}
        if self.error:
            data["error"] = self.error
        if self.result is not None:
            data.update(self.result.to_dict())
        return data


def score_recorded(recorded: RecordedAttempt, words: tuple[Word, ...] | list[Word], engine=None) -> ScoreResult:
    """Transcribe the recording and score it against the words that were played, on their played times."""
    import soundfile

    from .transcription.engine import get_engine

    audio, rate = soundfile.read(str(recorded.path), dtype="float32", always_2d=True)
    attempt = resample(audio[:, 0], rate)
    played = resample(recorded.played, recorded.rate)
    meta = recorded.meta
    mode = meta["mode"]
    source = played_words(words, float(meta.get("source_start", 0.0)), recorded.time_map,
                          float(meta.get("speed", 1.0)))
    return score_attempt(source, Attempt(attempt, mode, mode == "shadow"), played, engine or get_engine())


def unscored_note(status: str, meta: dict) -> str:
    """What to tell the learner about an attempt without a score, fresh or stored."""
    if status == "interrupted" and meta.get("interrupted_by") == "dropout":
        return translate("Scoring", "playback stalled for {seconds} s during this loop (the computer was too busy): "
                         "kept, not scored").format(seconds=f"{meta.get('dropout_ms', 0) / 1000:.1f}")
    if status == "failed":
        return meta.get("error") or translate("Scoring", "the recording failed: not scored")
    return translate("Scoring", "interrupted: not scored") if status == "interrupted" else \
        translate("Scoring", "not scored")


def loop_seconds(event) -> float:
    """How long a loop played (its last time-map breakpoint is the played end)."""
    return float(event.time_map[-1][0]) if event.time_map else 0.0


def log_loop(library, event, mode: str, meta: dict, origin: str = "app") -> int:
    """A loop played counts as practice time in the current session (listening counts too)."""
    return history.log_activity(library, loop_seconds(event), mode, meta.get("episode_id"),
                                meta.get("segment_id"), origin=origin)


def store_and_score(library, recorded: RecordedAttempt, words, engine=None, score: bool = True,
                    scorer=None, origin: str = "app") -> ScoredAttempt:
    """Register the recording in the current session, then score it (unless interrupted or
    failed) and store the result.

    ``scorer(recorded, words)`` replaces in-process scoring (the app's ScoringService).
    Recording after the playback (repeat, read) is practice time of its own; in shadow mode the
    recording overlaps the loop already counted.
    """
    status = "interrupted" if recorded.interrupted else ("failed" if recorded.error else "recorded")
    attempt_id = None
    if library is not None:
        meta = dict(recorded.meta)
        if meta.get("mode") != "shadow":
            meta["session_id"] = history.log_activity(library, recorded.duration, meta.get("mode", "repeat"),
                                                      meta.get("episode_id"), meta.get("segment_id"), origin=origin)
        else:
            meta["session_id"] = history.current_session(library, origin=origin)
        attempt_id = library.add_attempt(meta, recorded.path, recorded.duration, status)
    if not score or status != "recorded":
        return ScoredAttempt(attempt_id, recorded, None, recorded.error or (
            unscored_note("interrupted", recorded.meta) if recorded.interrupted else None))
    try:
        result = scorer(recorded, words) if scorer else score_recorded(recorded, words, engine)
    except Exception as exc:  # the recording is stored; say why it has no score
        return ScoredAttempt(attempt_id, recorded, None, f"scoring failed: {exc}")
    if library is not None:
        library.set_attempt_result(attempt_id, result.to_dict())
    return ScoredAttempt(attempt_id, recorded, result)
