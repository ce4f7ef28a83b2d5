"""A walk's practice track, planned: every sentence, loop and gap at its exact sample in the track.

The plan is what makes a phone recording scoreable later without the desktop's help: it is stored
in the library and embedded in the exported file, and the importer lays it over the recording.

Pure: segments and settings in, a :class:`WalkPlan` out. Sample times are at the track's rate
(:data:`TRACK_RATE`), so rendering and matching agree to the sample.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import asdict, dataclass, field

from ..i18n import translate

TRACK_RATE = 44100
LEAD_IN_S = 1.5  # silence at the very start: phones clip the first few hundred ms of a file
TONE_S = 0.12  # the short tone before a new sentence
TONE_GAP_S = 0.35  # from the tone's end to the sentence
SENTENCE_BREAK_S = 0.6  # extra silence between two sentences (after the last gap)
RULE_LOOPS = {"new": 3, "passed": 1, "hard": 5}  # the 1/3/5 rule, from the sentence's history
FORMATS = ("mp3", "m4a")


class PlanError(ValueError):
    """Settings that make no track (no sentences, a speed out of range, an unknown format)."""


@dataclass(frozen=True)
class PlannedLoop:
    """One play of one sentence and the gap after it. Times are samples at the plan's rate."""

    position: int  # the sentence's index among the episode's segments (0-based; the CLI shows +1)
    segment_id: int | None
    loop: int  # 1-based within the sentence (blind rounds continue the count)
    speed: float
    blind: bool  # a round without the text (chapter titles hide it)
    play_start: int
    play_end: int
    gap_end: int
    source_start: float  # the segment in the episode (seconds, pads included)
    source_end: float
    text: str
    tone_start: int | None = None
    words: tuple = ()  # (start, end, text) in segment time (seconds from source_start)

    @property
    def gap_start(self) -> int:
        return self.play_end


@dataclass(frozen=True)
class WalkSettings:
    loops: int | None = None  # None: the 1/3/5 rule; else this many loops of every sentence
    gap: str = "1.2x"  # after each loop: a multiple of the played sentence ("1.2x") or seconds ("2")
    speeds: tuple[float, ...] = (1.0,)  # the ladder: loops are spread over it, slowest first as given
    tone: bool = True
    blind_rounds: int = 0  # rounds over all the sentences once more, the text hidden
    format: str = "mp3"

    def gap_seconds(self, played_s: float) -> float:
        text = str(self.gap).strip().lower()
        try:
            if text.endswith("x"):
                return max(0.0, float(text[:-1])) * played_s
            return max(0.0, float(text))
        except ValueError:
            raise PlanError(translate("Errors", "the gap must be seconds (2) or a multiple of the sentence (1.2x),"
                                      " not {gap}").format(gap=self.gap)) from None


@dataclass(frozen=True)
class WalkPlan:
    track_id: str
    episode_id: int | None
    episode_title: str
    episode_hash: str
    rate: int
    loops: tuple[PlannedLoop, ...]
    total: int  # samples in the track
    settings: dict = field(default_factory=dict)

    @property
    def duration(self) -> float:
        return self.total / self.rate

    def seconds(self, samples: int) -> float:
        return samples / self.rate

    def by_key(self) -> dict[tuple[int, int], PlannedLoop]:
        """Each loop by (position, loop): how a result finds the loop it belongs to."""
        return {(lp.position, lp.loop): lp for lp in self.loops}

    def sentences(self) -> list[tuple[int, list[PlannedLoop]]]:
        """The loops grouped by sentence, in track order (a blind round is a group of its own)."""
        groups: list[tuple[int, list[PlannedLoop]]] = []
        for lp in self.loops:
            if groups and groups[-1][0] == lp.position and groups[-1][1][-1].blind == lp.blind:
                groups[-1][1].append(lp)
            else:
                groups.append((lp.position, [lp]))
        return groups

    def chapters(self) -> list[tuple[float, float, str]]:
        """One chapter per sentence (start, end in seconds, title), end to end over the whole
        track; a blind round's chapters hide the text."""
        groups = self.sentences()
        starts = [0] + [g[1][0].tone_start if g[1][0].tone_start is not None else g[1][0].play_start
                        for g in groups[1:]]
        ends = starts[1:] + [self.total]
        out = []
        for (position, loops), start, end in zip(groups, starts, ends):
            title = f"{position + 1} · " + (translate("Walk", "blind") if loops[0].blind else loops[0].text)
            out.append((start / self.rate, end / self.rate, title))
        return out

    def to_json(self) -> str:
        data = asdict(self)
        data["version"] = 1
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> "WalkPlan":
        data = json.loads(text)
        if not isinstance(data, dict) or data.get("version") != 1 or "loops" not in data:
            raise PlanError("not a walk plan")
        data.pop("version")
        loops = tuple(PlannedLoop(**{**lp, "words": tuple(tuple(w) for w in lp.get("words", ()))})
                      for lp in data.pop("loops"))
        return cls(loops=loops, **data)


def rule_loops(status: str) -> int:
    """The learner's 1/3/5 rule for a walk: no feedback comes until home, so a sentence gets the
    loops its history says it needs: 1 once passed, 3 when new, 5 when it was hard."""
    return RULE_LOOPS.get(status, RULE_LOOPS["new"])


def speed_ladder(speeds: tuple[float, ...], loops: int) -> list[float]:
    """Loop k's speed: the loops spread over the ladder in order, at least one on each rung."""
    total = max(loops, len(speeds))
    return [speeds[k * len(speeds) // total] for k in range(total)]


def build_plan(segments: list, settings: WalkSettings, *, episode_id: int | None = None,
               episode_title: str = "", episode_hash: str = "", statuses: dict | None = None,
               rate: int = TRACK_RATE) -> WalkPlan:
    """The track's timeline. ``segments``: :class:`~shadowing.records.Segment` objects (their index is
    the position); ``statuses``: segment id -> "new" | "passed" | "hard" for the 1/3/5 rule."""
    if not segments:
        raise PlanError(translate("Errors", "no sentences to put on the track"))
    if settings.format not in FORMATS:
        raise PlanError(translate("Errors", "unknown track format {format} (mp3 or m4a)").format(format=settings.format))
    for s in settings.speeds:
        if not 0.5 <= s <= 1.5:
            raise PlanError(translate("Errors", "speed {speed} is out of range (0.5 to 1.5)").format(speed=s))
    if settings.loops is not None and not 1 <= settings.loops <= 20:
        raise PlanError(translate("Errors", "loops must be 1 to 20"))
    statuses = statuses or {}
    at = int(LEAD_IN_S * rate)
    loops: list[PlannedLoop] = []

    def add_sentence(seg, speeds: list[float], first_loop: int, blind: bool) -> None:
        nonlocal at
        tone_start = None
        if settings.tone:
            tone_start = at
            at += int((TONE_S + TONE_GAP_S) * rate)
        words = tuple((round(w.start - seg.start, 3), round(w.end - seg.start, 3), w.text) for w in seg.words)
        for k, speed in enumerate(speeds):
            played = int(round((seg.end - seg.start) / speed * rate))
            gap = int(round(settings.gap_seconds(played / rate) * rate))
            loops.append(PlannedLoop(seg.index, seg.id, first_loop + k, speed, blind, at, at + played,
                                     at + played + gap, seg.start, seg.end, seg.text,
                                     tone_start if k == 0 else None, words))
            at += played + gap
        at += int(SENTENCE_BREAK_S * rate)

    for seg in segments:
        n = settings.loops if settings.loops is not None else rule_loops(statuses.get(seg.id, "new"))
        add_sentence(seg, speed_ladder(tuple(settings.speeds), n), 1, False)
    for _ in range(settings.blind_rounds):
        for seg in segments:
            done = sum(1 for lp in loops if lp.position == seg.index)
            add_sentence(seg, [settings.speeds[-1]], done + 1, True)
    return WalkPlan(uuid.uuid4().hex, episode_id, episode_title, episode_hash, rate, tuple(loops), at,
                    {**asdict(settings), "speeds": list(settings.speeds)})

