"""The practice engine: one open stream, a loop program in its callback, a writer behind it.

The callback only renders the program's block, measures the input level, and queues the blocks
and events; decoding, stretching, file writing and scoring all happen on other threads (the
Friture split). Consumers (the CLI, the GUI) read :attr:`PracticeEngine.events`.
"""

from __future__ import annotations

import queue
from collections import deque
import threading
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

from .. import paths
from .backends import DeviceBackend, FileBackend
from .clip import Clip, load_clip
from .devices import AudioUnavailable, DeviceChoice, load_choice, plan_stream
from .program import FADE_S, LoopProgram, LoopSettings, ProgramDone, RecordStart, RecordStop, clamp_speed
from .recorder import AttemptWriter, RecordedAttempt
from ..i18n import QT_TRANSLATE_NOOP

WARMUP_S = 1.0  # PortAudio on ALSA/PulseAudio gives garbage timestamps in its first callbacks
STALL_S = 3.0  # no callback for this long while running: the device is gone (a loaded 2-core machine
# delays PulseAudio callbacks by more than a second: 1 s tripped on healthy streams)
CLIP_LEVEL = 0.999
GARBAGE_LEVEL = 16.0  # a float sample this far past full scale is not sound: PipeWire's PulseAudio
# service handed PortAudio such blocks as the stream started (seen at 48 kHz); they are silenced
SETTLED_S = 0.0005  # (DAC - ADC) moved less than this in ~1 s: timestamps are usable
SETTLE_LIMIT_S = 25.0


@dataclass(frozen=True)
class Level:
    peak: float
    rms: float
    clipped: bool


@dataclass(frozen=True)
class EngineError:
    """Something went wrong that the learner should read; ``fatal`` means the stream is closed."""

    message: str
    fatal: bool = False


@dataclass(frozen=True)
class Prepared:
    """A segment is decoded (and stretched) and its program is about to start."""

    clip: Clip
    settings: LoopSettings


@dataclass
class Stats:
    callbacks: int = 0
    underruns: int = 0  # output underflow: the speaker ran dry
    overruns: int = 0  # input overflow: captured samples were dropped
    nonfinite: int = 0  # NaN/inf or absurd blocks from a broken stream, replaced by silence
    clipped_blocks: int = 0
    settle_s: float = 0.0  # from opening the stream to usable timestamps
    cpu_ms: list = field(default_factory=list)

    def to_dict(self) -> dict:
        cpu = np.array(self.cpu_ms[-20000:] or [0.0])
        return {"callbacks": self.callbacks, "underruns": self.underruns, "overruns": self.overruns,
                "nonfinite_blocks": self.nonfinite, "clipped_blocks": self.clipped_blocks,
                "settle_s": self.settle_s,
                "callback_ms_median": round(float(np.median(cpu)), 3),
                "callback_ms_p99": round(float(np.percentile(cpu, 99)), 3)}


class PracticeEngine:
    def __init__(self, backend=None, folder: Path | None = None, choice: DeviceChoice | None = None,
                 want_input: bool = True):
        self._backend = backend
        self._choice = choice
        self._want_input = want_input
        self.folder = Path(folder) if folder else paths.data_dir() / "recordings"
        self.events: queue.Queue = queue.Queue()
        self.stats = Stats()
        self.level = Level(0.0, 0.0, False)
        self.rate = 0
        self.note: str | None = None
        self._program: LoopProgram | None = None
        self._next: LoopProgram | None = None
        self._frame = 0
        self._writer: AttemptWriter | None = None
        self._last_callback = 0.0
        self._running = False
        self._opening = False  # between starting the stream and its running steadily
        self._died_at_birth = False
        self._clip: Clip | None = None
        self._watchdog: threading.Thread | None = None
        self._generation = 0
        self.keep_meters = True
        self._recent_delays: deque = deque(maxlen=64)
        self._clock = (0, 0.0)

    # --- lifetime ---

    def open(self) -> None:
        """Open the stream and wait until it runs steadily (about two seconds on PulseAudio).

        A stream that opens but gets no callbacks at the planned rate is opened again at the
        plan's other rates: a device whose real rate we could not learn (no sound server to ask)
        may only run at one of them.
        """
        if self._backend is None:
            plan = plan_stream(self._choice or load_choice(), self._want_input)
            self.note = plan.note
            self._backend = DeviceBackend(plan)
        plan = getattr(self._backend, "plan", None)
        fallbacks = list(getattr(plan, "fallback_rates", ()) or ())
        reopened = False
        while True:
            try:
                self._open_backend(self._backend)
                return
            except AudioUnavailable as exc:
                if not isinstance(self._backend, DeviceBackend):
                    raise
                if getattr(exc, "died_at_birth", False) and not reopened:
                    reopened = True  # the same plan once more, on a fresh stream
                    rate = self._backend.rate
                elif fallbacks:
                    rate = fallbacks.pop(0)
                else:
                    raise
                plan = replace(self._backend.plan, rate=rate, fallback_rates=())
                self._backend = DeviceBackend(plan, self._backend.blocksize)
                self.stats = Stats()
                self._recent_delays.clear()

    def _open_backend(self, backend) -> None:
        self.rate = backend.rate
        backend.on_finished = self._stream_finished
        self._running = True
        self._opening = True
        self._died_at_birth = False
        from .clip import warm_stretcher

        warm_stretcher()
        self._start_backend(backend)
        need = max(3, int(WARMUP_S * self.rate / getattr(backend, "blocksize", 1024)))
        opened = time.monotonic()
        deadline = opened + 8.0
        settle_by = opened + SETTLE_LIMIT_S
        while self.stats.callbacks < need or not self._latency_settled():
            if self.stats.callbacks >= need and time.monotonic() > settle_by:
                self.note = QT_TRANSLATE_NOOP("Audio", "the sound device's timing did not settle: alignment may be off by a few ms")
                break
            if self._died_at_birth or (self.stats.callbacks < need and time.monotonic() > deadline):
                died = self._died_at_birth
                self._opening = False
                self.close()
                error = AudioUnavailable(f"the sound device opened but does not run at {self.rate} Hz"
                                         " (no audio callbacks)" if not died else
                                         f"the sound device stopped while starting at {self.rate} Hz")
                error.died_at_birth = died
                raise error
            time.sleep(0.02)
        self._opening = False
        self.stats.settle_s = round(time.monotonic() - opened, 2)
        lat_in, lat_out = backend.latency
        fallback = int(round((lat_in + lat_out) * self.rate))
        if backend.has_input:
            self._writer = AttemptWriter(self.folder, self.rate, fallback, self._attempt_done,
                                         lambda m: self.events.put(EngineError(m)))
            self._writer.start()
        self._watchdog = threading.Thread(target=self._watch, name="shadowing-audio-watchdog", daemon=True)
        self._watchdog.start()

    def _start_backend(self, backend) -> None:
        """Start, and once more if no callback comes: a PulseAudio duplex stream sometimes stalls
        at birth (MEASURED.md) and a second open works."""
        for attempt in range(2):
            self._died_at_birth = False
            backend.start(self._process)
            deadline = time.monotonic() + 4.0
            while self.stats.callbacks == 0 and time.monotonic() < deadline:
                time.sleep(0.02)
            if self.stats.callbacks or attempt:
                return
            backend.stop()

    def _latency_settled(self) -> bool:
        """Wait out PortAudio's first, garbage timestamps on PulseAudio (seconds off for about a
        second) and the drift that follows while PulseAudio grows its buffers (up to ~15 s, during
        which the real input/output pairing slips in steps that the timestamps smooth over)."""
        recent = list(self._recent_delays)
        if len(recent) < self._recent_delays.maxlen:
            return not recent and self.stats.callbacks > 12  # no timestamps at all: nothing to wait for
        lat_in, lat_out = self._backend.latency
        now = float(np.median(recent[-16:]))
        then = float(np.median(recent[:16]))
        plausible = not (lat_in + lat_out) or now <= 1.5 * (lat_in + lat_out)
        return plausible and abs(now - then) < SETTLED_S

    @property
    def can_record(self) -> bool:
        return self._writer is not None

    def close(self) -> None:
        self._running = False
        if self._program is not None:
            self._program.stop()
            time.sleep(0.1)  # one or two blocks for the program's stop events to reach the writer
        if self._backend is not None:
            self._backend.stop()
        if self._writer is not None:
            self._writer.close()
            self._writer = None

    def __enter__(self):
        self.open()
        return self

    def __exit__(self, *exc):
        self.close()

    # --- control (any thread; the heavy part runs on a worker thread) ---

    def play(self, path: str, start: float, end: float, settings: LoopSettings, meta: dict | None = None,
             clip: Clip | None = None) -> None:
        """Decode the span, render it at the speed, then start looping it (replacing what plays)."""
        self._generation += 1
        generation = self._generation
        if settings.records and not self.can_record:
            settings = settings.with_(mode="listen")
            self.events.put(EngineError(self.note or QT_TRANSLATE_NOOP("Audio", "no microphone: playing without recording")))

        def prepare():
            try:
                c = clip if clip is not None and clip.rate == self.rate else load_clip(path, start, end, self.rate)
                render = c.render(settings.speed)
            except Exception as exc:
                self.events.put(EngineError(f"cannot play this segment: {exc}"))
                return
            if generation != self._generation:
                return  # the learner moved on while this was decoding
            self._clip = c
            if self._writer is not None:
                self._writer.set_meta(dict(meta or {}, source_path=str(path), source_start=start,
                                           source_end=end))
            self.events.put(Prepared(c, settings))
            self._next = LoopProgram(render, settings, self.rate)

        threading.Thread(target=prepare, name="shadowing-prepare", daemon=True).start()

    def set_speed(self, speed: float) -> None:
        """Takes effect as soon as the render at the new speed exists (cached after the first time)."""
        speed = clamp_speed(speed)
        clip, program = self._clip, self._program
        if clip is None or program is None:
            return

        def render():
            r = clip.render(speed)
            if self._program is program:
                program.offer(r)

        threading.Thread(target=render, name="shadowing-stretch", daemon=True).start()

    def set_volume(self, volume: float) -> None:
        if self._program is not None:
            self._program.volume = min(2.0, max(0.0, volume))

    def pause(self) -> None:
        if self._program is not None:
            self._program.pause()

    def resume(self) -> None:
        if self._program is not None:
            self._program.resume()

    def stop(self) -> None:
        self._generation += 1
        if self._program is not None:
            self._program.stop()

    @property
    def playing(self) -> bool:
        p = self._program
        return p is not None and not p.done and not p.paused

    @property
    def program(self) -> LoopProgram | None:
        return self._program

    def frame_time(self, frame: int) -> float | None:
        """The stream time (PortAudio's clock) at which output ``frame`` leaves the speaker."""
        frame0, dac = self._clock
        return dac + (frame - frame0) / self.rate if dac else None

    def heard_in(self, frame: int) -> float:
        """Seconds from now until output ``frame`` leaves the speaker (negative: already heard).
        The karaoke follows this, not the moment the event arrived: the output latency is ~50 ms
        on a sound card and ~200 ms on Bluetooth."""
        at = self.frame_time(frame)
        clock = getattr(self._backend, "stream_time", None)
        now = clock() if clock is not None else None
        return at - now if at is not None and now is not None else 0.0

    # --- the audio callback: arrays and queues only ---

    def _process(self, indata, outdata, frames, adc, dac, status) -> None:
        started = time.thread_time()
        self._last_callback = time.monotonic()
        stats = self.stats
        stats.callbacks += 1
        if indata is not None and dac and adc:
            self._recent_delays.append(dac - adc)
        xrun = False
        if status:
            if getattr(status, "output_underflow", False):
                stats.underruns += 1
                xrun = True
            if getattr(status, "input_overflow", False):
                stats.overruns += 1
                xrun = True
        events: list = []
        nxt = self._next
        if nxt is not None:
            self._next = None
            old = self._program
            nxt.frame = self._frame
            self._program = nxt
            if old is not None and not old.done:
                tail = np.zeros(frames, np.float32)
                old.stop()
                events += old.render(tail)
                nxt_events = nxt.render(outdata)
                n = min(frames, int(FADE_S * self.rate))
                w = np.linspace(0.0, 1.0, n, dtype=np.float32)
                outdata[:n] = outdata[:n] * w + tail[:n] * (1.0 - w)
                events += nxt_events
            else:
                events += nxt.render(outdata)
        elif self._program is not None:
            events += self._program.render(outdata)
        else:
            outdata.fill(0.0)
        frame0 = self._frame
        self._frame += frames
        self._clock = (frame0, dac)
        cue = getattr(self._backend, "cue", None)
        if cue is not None:
            for e in events:
                if isinstance(e, RecordStart):
                    cue(e.frame)
        writer = self._writer
        if indata is not None:
            if not np.isfinite(indata).all() or float(np.max(np.abs(indata), initial=0.0)) > GARBAGE_LEVEL:
                stats.nonfinite += 1
                indata = np.zeros_like(indata)
            if self.keep_meters:
                peak = float(np.max(np.abs(indata))) if frames else 0.0
                rms = float(np.sqrt(np.mean(indata * indata))) if frames else 0.0
                clipped = peak >= CLIP_LEVEL
                if clipped:
                    stats.clipped_blocks += 1
                self.level = Level(peak, rms, clipped)
            if writer is not None:
                for e in events:
                    if isinstance(e, (RecordStart, RecordStop)):
                        writer.inbox.put(("event", e))
                writer.inbox.put(("block", frame0, indata.copy(), outdata.copy(), adc, dac, xrun))
        for e in events:
            self.events.put(e)
        stats.cpu_ms.append((time.thread_time() - started) * 1000.0)
        if len(stats.cpu_ms) > 100000:
            del stats.cpu_ms[:50000]

    # --- faults ---

    def _attempt_done(self, attempt: RecordedAttempt) -> None:
        self.events.put(attempt)

    def _stream_finished(self) -> None:
        if self._opening:
            # PulseAudio's ALSA plugin sometimes fails a stream in its first seconds (a poll error):
            # nothing is recorded yet, so open() starts a fresh one instead of reporting a loss
            self._died_at_birth = True
        elif self._running:
            self._lost("the sound device stopped (unplugged or the sound server went away)")

    def _watch(self) -> None:
        while self._running:
            time.sleep(0.25)
            silent = time.monotonic() - self._last_callback
            if self._running and silent > STALL_S:
                self._lost(f"the sound device stopped responding for {silent:.1f} s"
                           " (unplugged or the sound server went away)")
                return

    def _lost(self, message: str) -> None:
        """Close cleanly: the writer keeps the partial attempt, marked interrupted."""
        if not self._running:
            return
        self._running = False
        program = self._program
        if program is not None and not program.done:
            program.stop()
            events = program.render(np.zeros(1, np.float32))  # the stop events, as the callback would
            if self._writer is not None:
                for e in events:
                    if isinstance(e, (RecordStart, RecordStop)):
                        self._writer.inbox.put(("event", e))
            for e in events:
                self.events.put(e)
        if self._writer is not None:
            self._writer.close()
            self._writer = None
        if self._backend is not None:
            abandon = getattr(self._backend, "abandon", None)
            (abandon or self._backend.stop)()
            self._backend = None
        self.events.put(EngineError(message + "; the recording so far is kept", fatal=True))


__all__ = ["PracticeEngine", "Level", "EngineError", "Prepared", "Stats", "FileBackend", "DeviceBackend",
           "ProgramDone", "RecordedAttempt"]
