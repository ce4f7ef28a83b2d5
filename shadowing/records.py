"""Plain data passed between the core's modules (dataclasses in, dataclasses out)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class Word:
    start: float
    end: float
    text: str  # as displayed, punctuation kept ("modern.")
    probability: float = 1.0
    heard: str | None = None  # what Whisper wrote, where the learner corrected the word

    @property
    def corrected(self) -> bool:
        return self.heard is not None

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Segment:
    """A stretch a learner loops. ``start``/``end`` include the pads; word times do not."""

    index: int
    start: float
    end: float
    text: str
    words: tuple[Word, ...] = ()
    id: int | None = None  # stable library id, None until stored
    edited: bool = False
    part: int | None = None  # in phrase mode, which phrase of the sentence ``id`` this is (0-based)

    @property
    def duration(self) -> float:
        return self.end - self.start

    def to_dict(self) -> dict:
        return {
            "index": self.index,
            "id": self.id,
            "start": round(self.start, 3),
            "end": round(self.end, 3),
            "text": self.text,
            "edited": self.edited,
            **({"part": self.part} if self.part is not None else {}),
            "words": [
                {"start": round(w.start, 3), "end": round(w.end, 3), "text": w.text,
                 "probability": round(w.probability, 3), **({"heard": w.heard} if w.corrected else {})}
                for w in self.words
            ],
        }


@dataclass(frozen=True)
class MediaInfo:
    path: str
    content_hash: str
    size: int
    duration: float
    sample_rate: int
    channels: int
    codec: str
    title: str


@dataclass(frozen=True)
class Episode:
    id: int
    path: str
    content_hash: str
    title: str
    duration: float
    added_at: str


@dataclass(frozen=True)
class TranscriptInfo:
    id: int
    episode_id: int
    source: str  # "whisper" or "sidecar"
    model: str
    status: str  # "running", "complete", "cancelled", "failed"
    processed_until: float
    settings: dict = field(default_factory=dict)
    error: str | None = None


@dataclass(frozen=True)
class Progress:
    """Transcription progress as a fraction of audio time."""

    done_s: float
    total_s: float
    segments: int

    @property
    def fraction(self) -> float:
        return 0.0 if self.total_s <= 0 else min(1.0, self.done_s / self.total_s)


@dataclass(frozen=True)
class AttemptRecord:
    """One stored attempt: its recording and, once scored, its figures."""

    id: int
    episode_id: int | None
    segment_id: int | None
    source_start: float
    source_end: float
    source_text: str
    mode: str
    speed: float
    loop: int
    path: str
    duration: float
    status: str
    score: float | None
    word_accuracy: float | None
    lag_ms: float | None
    recorded_at: str
    result: dict | None = None
    session_id: int | None = None
    meta: dict = field(default_factory=dict)  # what the recorder said (why it was cut short, ...)

    def to_dict(self) -> dict:
        return asdict(self)
