"""The loop program: what the output plays, block by block, and when to record.

Pure and sample-exact, with no device in sight, so it runs the same inside a PortAudio callback and
in tests. It only copies and mixes arrays prepared elsewhere (decoding and time-stretching happen on
other threads); everything it decides is reported as events stamped with output frame numbers.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

MODES = ("listen", "shadow", "repeat", "read")
SPEED_MIN, SPEED_MAX, SPEED_STEP = 0.5, 1.5, 0.05
FADE_S = 0.010  # crossfade on speed or segment switches and on pause: no clicks


def clamp_speed(speed: float) -> float:
    """Speeds move in 0.05 steps between 0.5x and 1.5x."""
    stepped = round(round(float(speed) / SPEED_STEP) * SPEED_STEP, 2)
    return min(SPEED_MAX, max(SPEED_MIN, stepped))


@dataclass(frozen=True)
class Gap:
    """Silence between loops: fixed seconds, or a multiple of the played segment (repeat mode)."""

    seconds: float = 1.0
    factor: float | None = None

    def frames(self, played_frames: int, rate: int) -> int:
        if self.factor is not None:
            return int(round(self.factor * played_frames))
        return int(round(self.seconds * rate))

    @classmethod
    def parse(cls, text: str) -> "Gap":
        """``"1.5"`` is seconds, ``"1.2x"`` a multiple of the segment's played length."""
        text = str(text).strip().lower()
        if text.endswith("x"):
            value = float(text[:-1])
            if value < 0:
                raise ValueError("gap must not be negative")
            return cls(factor=value)
        value = float(text)
        if value < 0:
            raise ValueError("gap must not be negative")
        return cls(seconds=value)

    def __str__(self) -> str:
        return f"{self.factor:g}x" if self.factor is not None else f"{self.seconds:g} s"


@dataclass(frozen=True)
class LoopSettings:
    mode: str = "shadow"
    loops: int | None = 3  # None: until stopped
    speed: float = 1.0
    gap: Gap = Gap(1.0)
    volume: float = 1.0
    count_in: int = 0  # beeps before the first loop
    shadow_tail_s: float = 1.5  # shadowers finish after the speaker: keep recording this long
    read_factor: float = 1.6  # read mode: time to read aloud, as a multiple of the segment

    def __post_init__(self):
        if self.mode not in MODES:
            raise ValueError(f"mode must be one of {', '.join(MODES)}")
        if self.loops is not None and self.loops < 1:
            raise ValueError("loops must be 1 or more")
        object.__setattr__(self, "speed", clamp_speed(self.speed))
        object.__setattr__(self, "volume", min(2.0, max(0.0, float(self.volume))))

    @property
    def records(self) -> bool:
        return self.mode != "listen"

    def with_(self, **changes) -> "LoopSettings":
        return replace(self, **changes)


@dataclass
class Render:
    """The playable span at one speed, ready to copy: ``audio[i]`` plays source sample ``i * speed``."""

    speed: float
    audio: np.ndarray  # float32 mono at the device rate
    source_frames: int  # length of the unstretched span


# --- events (frame numbers count output frames since the stream started) ---

@dataclass(frozen=True)
class LoopStarted:
    loop: int  # 1-based
    frame: int
    speed: float


@dataclass(frozen=True)
class LoopEnded:
    loop: int
    frame: int
    time_map: tuple[tuple[float, float], ...]  # (played seconds, source seconds) breakpoints


@dataclass(frozen=True)
class RecordStart:
    loop: int
    frame: int  # attempt time 0 is the instant this output frame leaves the speaker
    mode: str
    speed: float


@dataclass(frozen=True)
class RecordStop:
    loop: int
    frame: int
    interrupted: bool = False
    time_map: tuple[tuple[float, float], ...] = ()


@dataclass(frozen=True)
class ProgramDone:
    frame: int
    loops: int


def _beep(rate: int) -> np.ndarray:
    n = int(0.08 * rate)
    t = np.arange(n) / rate
    env = np.minimum(1.0, np.minimum(t, t[::-1]) / 0.005)
    return (0.3 * np.sin(2 * np.pi * 880 * t) * env).astype(np.float32)


@dataclass
class _Crossfade:
    old: np.ndarray  # the tail of what was playing, to fade out
    pos: int = 0


class LoopProgram:
    """Plays one segment N times with gaps, and says when each attempt's recording starts and stops.

    ``render(out)`` fills one output block and returns the events that happened in it. A pending
    render (new speed) is taken over at the next block, continuing from the same source position
    with a short crossfade, and noted in the loop's time map so that source word times can be put
    on the played time axis.
    """

    def __init__(self, render: Render, settings: LoopSettings, rate: int, start_frame: int = 0):
        self.rate = rate
        self.settings = settings
        self._render = render
        self._pending: Render | None = None
        self.frame = start_frame  # next output frame to produce
        self.loop = 0
        self.phase = "countin" if settings.count_in else "play"
        self._pos = 0  # frames into the current phase (play: index into the render)
        self._countin = self._count_in_audio() if settings.count_in else None
        self._gap_frames = 0
        self._map: list[tuple[int, float]] = []  # (played frame in loop, source frame)
        self._played_in_loop = 0
        self._recording = False
        self._fade: _Crossfade | None = None
        self._paused = False
        self._fade_out_then_pause = False
        self.volume = settings.volume
        self._gain = settings.volume
        self.done = False
        self._stop_requested = False

    # --- control, called from other threads: attribute swaps only ---

    def offer(self, render: Render) -> None:
        self._pending = render

    def pause(self) -> None:
        self._fade_out_then_pause = True

    def resume(self) -> None:
        self._paused = False
        self._fade_out_then_pause = False

    def stop(self) -> None:
        self._stop_requested = True

    @property
    def paused(self) -> bool:
        return self._paused

    @property
    def speed(self) -> float:
        return self._render.speed

    # --- the block renderer ---

    def _count_in_audio(self) -> np.ndarray:
        beep = _beep(self.rate)
        beat = int(0.5 * self.rate)
        out = np.zeros(beat * self.settings.count_in, np.float32)
        for k in range(self.settings.count_in):
            out[k * beat: k * beat + beep.size] = beep
        return out

    def _read_frames(self) -> int:
        played = self._render.source_frames / self._render.speed
        return int(played * self.settings.read_factor + self.rate)

    def _time_map(self) -> tuple[tuple[float, float], ...]:
        return tuple((round(p / self.rate, 6), round(s / self.rate, 6)) for p, s in self._map)

    def render(self, out: np.ndarray) -> list:
        """Fill ``out`` (1-D float32) and return the events that fall inside this block."""
        n = out.size
        out.fill(0.0)
        events: list = []
        if self.done:
            self.frame += n
            return events
        if self._stop_requested:
            self._finish(events, interrupted=True)
            self.frame += n
            return events
        if self._paused:
            self.frame += n
            return events
        i, idle = 0, 0
        while i < n and not self.done and idle < 4:  # idle: zero-length phases, never a spin
            k = self._step(out, i, n - i, events)
            i += k
            idle = 0 if k else idle + 1
        self._apply_gain(out)
        if self._fade_out_then_pause:
            ramp = np.linspace(1.0, 0.0, n, dtype=np.float32)
            out *= ramp
            self._fade_out_then_pause = False
            self._paused = True
            if self._recording:  # a paused attempt is broken: keep it, but end it here
                self._recording = False
                events.append(RecordStop(self.loop, self.frame + n, True, self._time_map()))
        self.frame += n
        return events

    def _apply_gain(self, out: np.ndarray) -> None:
        target = self.volume
        if target == self._gain:
            if target != 1.0:
                out *= target
            return
        out *= np.linspace(self._gain, target, out.size, dtype=np.float32)
        self._gain = target

    def _finish(self, events: list, interrupted: bool) -> None:
        if self._recording:
            self._recording = False
            events.append(RecordStop(self.loop, self.frame, interrupted, self._time_map()))
        self.done = True
        events.append(ProgramDone(self.frame, self.loop))

    def _step(self, out: np.ndarray, at: int, room: int, events: list) -> int:
        """Produce up to ``room`` frames of the current phase at ``out[at:]``; return how many."""
        frame = self.frame + at
        if self.phase == "countin":
            left = self._countin.size - self._pos
            k = min(room, left)
            out[at: at + k] = self._countin[self._pos: self._pos + k]
            self._pos += k
            if self._pos >= self._countin.size:
                self.phase, self._pos = "play", 0
            return k
        if self.phase == "play":
            if self._pos == 0 and self._played_in_loop == 0:
                self._start_loop(frame, events)
            if self.settings.mode == "read":
                left = self._read_frames() - self._pos
                k = min(room, left)
                self._pos += k
                if self._pos >= self._read_frames():
                    self._end_loop(frame + k, events)
                return max(k, 0)
            if self._pending is not None:
                self._switch(self._pending)
            audio = self._render.audio
            k = min(room, audio.size - self._pos)
            out[at: at + k] = audio[self._pos: self._pos + k]
            if self._fade is not None:
                self._mix_fade(out, at, k)
            self._pos += k
            self._played_in_loop += k
            if self._pos >= audio.size:
                self._end_loop(frame + k, events)
            return max(k, 0)
        # gap: silence; a shadow attempt keeps recording for its tail, a repeat attempt throughout
        shadow_tail = self._recording and self.settings.mode == "shadow"
        tail = int(self.settings.shadow_tail_s * self.rate)
        if shadow_tail and self._pos >= tail:
            self._recording = False
            events.append(RecordStop(self.loop, frame, False, self._time_map()))
            shadow_tail = False
        k = max(0, min(room, self._gap_frames - self._pos))
        if shadow_tail:
            k = min(k, tail - self._pos)
        self._pos += k
        if self._pos >= self._gap_frames:
            if self._recording:
                self._recording = False
                events.append(RecordStop(self.loop, frame + k, False, self._time_map()))
            if self.settings.loops is not None and self.loop >= self.settings.loops:
                self.done = True
                events.append(ProgramDone(frame + k, self.loop))
            else:
                self.phase, self._pos, self._played_in_loop = "play", 0, 0
        return k

    def _start_loop(self, frame: int, events: list) -> None:
        if self._pending is not None:
            self._switch(self._pending, fade=False)
        self.loop += 1
        self._map = [(0, 0.0)]
        events.append(LoopStarted(self.loop, frame, self._render.speed))
        if self.settings.mode in ("shadow", "read"):
            self._recording = True
            events.append(RecordStart(self.loop, frame, self.settings.mode, self._render.speed))

    def _end_loop(self, frame: int, events: list) -> None:
        played = self._played_in_loop if self.settings.mode != "read" else self._pos
        if self.settings.mode != "read":
            self._map.append((played, float(self._render.source_frames)))
        events.append(LoopEnded(self.loop, frame, self._time_map()))
        gap_base = played if self.settings.mode != "read" else int(
            self._render.source_frames / self._render.speed)
        self._gap_frames = self.settings.gap.frames(gap_base, self.rate)
        if self.settings.mode == "read":
            self._recording = False
            events.append(RecordStop(self.loop, frame, False, self._time_map()))
        if self.settings.mode == "repeat":
            self._recording = True
            events.append(RecordStart(self.loop, frame, "repeat", self._render.speed))
            self._gap_frames = max(self._gap_frames, int(0.5 * self.rate))
        self.phase, self._pos = "gap", 0

    def _switch(self, render: Render, fade: bool = True) -> None:
        """Continue from the same source position in ``render`` (a new speed), crossfading."""
        self._pending = None
        old = self._render
        source_pos = self._pos * old.speed
        new_pos = int(round(source_pos / render.speed))
        if fade and self.phase == "play" and self._pos > 0:
            n = int(FADE_S * self.rate)
            self._fade = _Crossfade(old.audio[self._pos: self._pos + n].copy())
            self._map.append((self._played_in_loop, float(source_pos)))
        self._render = render
        self._pos = min(new_pos, render.audio.size) if self.phase == "play" else self._pos

    def _mix_fade(self, out: np.ndarray, at: int, k: int) -> None:
        fade = self._fade
        n = min(k, fade.old.size - fade.pos)
        if n > 0:
            total = fade.old.size
            w = (np.arange(fade.pos, fade.pos + n, dtype=np.float32) + 1) / (total + 1)
            seg = out[at: at + n]
            seg *= w
            seg += (1.0 - w) * fade.old[fade.pos: fade.pos + n]
            fade.pos += n
        if fade.pos >= fade.old.size:
            self._fade = None


def played_time(source_t: float, time_map: tuple[tuple[float, float], ...] | list, speed: float) -> float:
    """Map a time on the source span to the played axis through a loop's breakpoints."""
    if not time_map:
        return source_t / speed
    pts = list(time_map)
    for (p0, s0), (p1, s1) in zip(pts, pts[1:]):
        if source_t <= s1 or (p1, s1) == pts[-1]:
            if s1 > s0:
                return p0 + (source_t - s0) * (p1 - p0) / (s1 - s0)
            return p0
    p0, s0 = pts[-1]
    return p0 + (source_t - s0) / speed


__all__ = ["MODES", "Gap", "LoopSettings", "LoopProgram", "Render", "LoopStarted", "LoopEnded",
           "RecordStart", "RecordStop", "ProgramDone", "clamp_speed", "played_time"]
