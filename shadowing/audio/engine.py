"""The practice engine: one open stream, a loop program in its callback, a writer behind it.

The callback only renders the program's block, measures the input level, and queues the blocks
and events; decoding, stretching, file writing and scoring all happen on other threads (the
Friture split). Consumers (the CLI, the GUI) read :attr:`PracticeEngine.events`.
"""

from __future__ import annotations

import queue
import threading
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

from .. import paths
from .backends import DeviceBackend, FileBackend
from .clip import Clip, load_clip
from .devices import AudioUnavailable, DeviceChoice, load_choice, plan_stream
from .priority import AudioThreads, Promotion
from .program import FADE_S, LoopProgram, LoopSettings, ProgramDone, RecordStart, RecordStop, clamp_speed
from .recorder import AttemptWriter, RecordedAttempt
from ..i18n import QT_TRANSLATE_NOOP

STALL_S = 3.0  # no callback for this long while running: the device is gone (a loaded 2-core machine
# delays PulseAudio callbacks by more than a second: 1 s tripped on healthy streams)
STARVED_S = 1.0  # the watchdog's own 0.25 s sleep took this long: the whole process was held up
UNDERRUN_SAME_S = 0.1  # underflow flags this close together are one dropout (heard as one glitch)
CLIP_LEVEL = 0.999
GARBAGE_LEVEL = 16.0  # a float sample this far past full scale is not sound: PipeWire's PulseAudio
# service handed PortAudio such blocks as the stream started (seen at 48 kHz); they are silenced
RUNNING_BLOCKS = 3  # output callbacks that prove a stream runs; the engine plays from then on
OPEN_LIMIT_S = 8.0  # no callbacks by then: the device does not run at this rate
CAPTURE_GRACE_S = OPEN_LIMIT_S - STALL_S  # a capture stream's first block may come this much later than STALL_S
BIRTH_S = 5.0  # a stream that fails this soon after open() is started again once, not reported lost
TRUST_LIMIT_S = 12.0  # the input/output pairing not steady by then: record anyway, and say so
IDLE_PAUSE_S = 20.0  # nothing played or recorded for this long: the streams stop until the next play.
# Open and idle, the two streams cost 3-7 % of a core (PortAudio's threads in the ALSA pulse plugin,
# ~190 callbacks a second); stopped, nothing. Starting them again cost 90 ms to the first sound on
# PipeWire and on a PulseAudio sink that wakes like a card's (bench/audio.py, against 60-110 ms
# with the streams open); the rig's rewinding null sink alone takes 2 s to wake. The recorder
# holds what it hears until the new pairing settles, then places it (recorder.held_delays).


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
    callbacks: int = 0  # output (or duplex) blocks
    captures: int = 0  # input blocks of a separate capture stream
    pauses: int = 0  # times the streams were stopped while idle
    underruns: int = 0  # dropouts: the speaker ran dry (one however many blocks PortAudio flags for it)
    underrun_blocks: int = 0  # blocks PortAudio flagged with an output underflow
    overruns: int = 0  # input overflow: captured samples were dropped
    nonfinite: int = 0  # NaN/inf or absurd blocks from a broken stream, replaced by silence
    clipped_blocks: int = 0
    settle_s: float = 0.0  # from opening the streams to their running (playback can start)
    cpu_ms: list = field(default_factory=list)
    _last_underrun: float | None = field(default=None, repr=False)
    underrun_at: list = field(default_factory=list)  # monotonic times of the dropouts (the first 100)

    def note_underrun(self, at: float) -> None:
        """A block came flagged with an output underflow at monotonic time ``at``. PortAudio's ALSA
        path flags both blocks of the burst that refills the buffer after one dropout (seen on the
        rig: pairs within a millisecond, one "underrun occurred" from ALSA): a flag within
        UNDERRUN_SAME_S of the last one is the same dropout, which the learner hears once."""
        self.underrun_blocks += 1
        if self._last_underrun is None or at - self._last_underrun > UNDERRUN_SAME_S:
            self.underruns += 1
            if len(self.underrun_at) < 100:
                self.underrun_at.append(at)
        self._last_underrun = at

    def to_dict(self) -> dict:
        cpu = np.array(self.cpu_ms[-20000:] or [0.0])
        return {"callbacks": self.callbacks, "captures": self.captures, "pauses": self.pauses,
                "underruns": self.underruns, "underrun_blocks": self.underrun_blocks, "overruns": self.overruns,
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
        self._last_capture = 0.0
        self._active_at = 0.0  # monotonic time a program last played (the idle pause counts from it)
        self._in_frame = 0  # input frames of a separate capture stream
        self._attempts_playing = 0  # RecordStarts rendered whose RecordStop is not: the writer needs the output
        self._pausing = threading.Lock()
        self._awake_holds = 0  # stay_awake(True) calls not yet undone: no idle pause meanwhile
        self._cancelled = threading.Event()
        self.hidden_latency_s = 0.0  # output latency PortAudio does not report (audio.calibration)
        self._running = False
        self._opening = False  # between starting the stream and its running steadily
        self._died_at_birth = False
        self._started_at = 0.0  # monotonic time open() returned
        self._reborn = False  # streams that failed just after open() were started again once
        self._trust_round = 0  # the latest _follow_trust: an earlier one stops following
        self._clip: Clip | None = None
        self._watchdog: threading.Thread | None = None
        self._generation = 0
        self.keep_meters = True
        self._clock = (0, 0.0)
        self._audio_threads = AudioThreads()
        self._stream_tids = [0, 0]  # native ids of the playback and capture callbacks' threads
        self._new_stream_thread = False  # a callback ran on a thread not yet promoted (the watchdog promotes it)

    # --- lifetime ---

    def open(self) -> None:
        """Open the streams and return once they run: playback can start.

        The pairing of input with output comes from the two streams' timestamps; the recorder
        trusts it once it has been steady for 1.5 s (AttemptWriter), which took 2-4 s from a cold
        start on the rig. Nothing waits for that (:meth:`_follow_trust`): what the microphone hears
        meanwhile is held and placed afterwards. A device without a microphone is open as soon as
        it plays.

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

    def _open_backend(self, backend) -> None:
        self.rate = backend.rate
        backend.on_finished = self._stream_finished
        self._running = True
        self._opening = True
        self._died_at_birth = False
        from .clip import warm_stretcher

        warm_stretcher()
        opened = time.monotonic()
        self._last_capture = opened + CAPTURE_GRACE_S
        self._start_backend(backend)
        deadline = opened + OPEN_LIMIT_S
        while not self._runs(backend):
            if self._cancelled.is_set():
                self._give_up_opening()
            if self._died_at_birth or time.monotonic() > deadline:
                died = self._died_at_birth
                self._opening = False
                self.close()
                error = AudioUnavailable(f"the sound device opened but does not run at {self.rate} Hz"
                                         " (no audio callbacks)" if not died else
                                         f"the sound device stopped while starting at {self.rate} Hz")
                error.died_at_birth = died
                raise error
            time.sleep(0.005)
        self._promote_new_threads()  # before the first sound, not at the watchdog's first tick
        lat_in, lat_out = backend.latency
        fallback = int(round((lat_in + lat_out) * self.rate))
        if isinstance(backend, DeviceBackend):
            from .calibration import hidden_latency_s

            self.hidden_latency_s = hidden_latency_s(backend.plan.output_name)
        if backend.has_input:
            self._writer = AttemptWriter(self.folder, self.rate, fallback, self._attempt_done,
                                         lambda m: self.events.put(EngineError(m)),
                                         paced=not isinstance(backend, FileBackend))
            self.set_hidden_latency(self.hidden_latency_s)
            self._writer.start()
            self._follow_trust(self._writer, opened + TRUST_LIMIT_S)
        self._opening = False
        self._started_at, self._reborn = time.monotonic(), False
        self.stats.settle_s = round(time.monotonic() - opened, 3)
        self._active_at = time.monotonic()
        self._watchdog = threading.Thread(target=self._watch, name="shadowing-audio-watchdog", daemon=True)
        self._watchdog.start()

    def _follow_trust(self, writer: AttemptWriter, deadline: float) -> None:
        """Nobody waits for the recorder to trust the streams' pairing: the learner hears the
        sentence as soon as the streams run (that wait made the first sound 4-5 s after a cold
        start on the rig), and what is recorded meanwhile is held by the writer and placed once the
        pairing is trusted, with the timestamps of then. Past ``deadline`` the writer is told to
        place it with the pairing there is, and the learner is told the alignment may be off."""

        self._trust_round += 1
        mine = self._trust_round

        def follow():  # until trusted, or streams restarted since (a new follower has their deadline)
            while not writer.trusted.wait(0.1):
                if not self._running or self._writer is not writer or self._trust_round != mine:
                    return
                if time.monotonic() > deadline:
                    writer.inbox.put(("trust",))
                    self.note = QT_TRANSLATE_NOOP("Audio", "the sound device's timing did not settle: alignment may be off by a few ms")
                    self.events.put(EngineError(self.note))
                    return

        threading.Thread(target=follow, name="shadowing-follow-trust", daemon=True).start()

    def cancel_open(self) -> None:
        """From another thread: an open() under way stops waiting and raises (the window closed)."""
        self._cancelled.set()

    def _give_up_opening(self) -> None:
        self._opening = False
        self.close()
        raise AudioUnavailable("opening the sound device was cancelled")

    @staticmethod
    def _split(backend) -> bool:
        """Capture is a stream of its own (the device backend), not part of duplex blocks."""
        return getattr(backend, "has_input", False) and not getattr(backend, "duplex", True)

    def _runs(self, backend) -> bool:
        """Playback runs. A capture stream of its own may deliver its first block later (on the
        rig an idle null sink's monitor hands over its first 2 s at once): what it captured
        meanwhile is held and placed by the recorder, and the watchdog gives it CAPTURE_GRACE_S
        more than STALL_S to begin."""
        return self.stats.callbacks >= RUNNING_BLOCKS

    def _start_backend(self, backend) -> None:
        """Start, and once more if no callback comes: a PulseAudio stream sometimes stalls at birth
        (MEASURED.md) and a second open works."""
        for attempt in range(2):
            self._died_at_birth = False
            backend.start(self._process, self._render, self._capture)
            deadline = time.monotonic() + 4.0
            while not self._runs(backend) and time.monotonic() < deadline and not self._died_at_birth:
                if self._opening and self._cancelled.is_set():
                    return  # the caller gives up
                time.sleep(0.005)
            if self._runs(backend) or attempt or self._died_at_birth:
                return
            backend.stop()

    @property
    def output_name(self) -> str:
        plan = getattr(self._backend, "plan", None)
        return plan.output_name if plan is not None else "file"

    def set_hidden_latency(self, seconds: float) -> None:
        """Output latency beyond PortAudio's figure: attempts are paired with what was heard then,
        and the karaoke waits for it."""
        self.hidden_latency_s = max(0.0, float(seconds))
        if self._writer is not None:
            self._writer.hidden_frames = int(round(self.hidden_latency_s * self.rate))

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
        self._active_at = time.monotonic()
        if settings.records and not self.can_record:
            settings = settings.with_(mode="listen")
            self.events.put(EngineError(self.note or QT_TRANSLATE_NOOP("Audio", "no microphone: playing without recording")))

        def prepare():
            self._wake()
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
        """The stream time (PortAudio's clock) at which output ``frame`` leaves the speaker (with
        the calibrated latency PortAudio does not report)."""
        frame0, dac = self._clock
        return dac + (frame - frame0) / self.rate + self.hidden_latency_s if dac else None

    def heard_in(self, frame: int) -> float:
        """Seconds from now until output ``frame`` leaves the speaker (negative: already heard).
        The karaoke follows this, not the moment the event arrived: the output latency is ~50 ms
        on a sound card and ~200 ms on Bluetooth."""
        at = self.frame_time(frame)
        clock = getattr(self._backend, "stream_time", None)
        now = clock() if clock is not None else None
        return at - now if at is not None and now is not None else 0.0

    # --- the audio callbacks: arrays and queues only ---

    def _process(self, indata, outdata, frames, adc, dac, status) -> None:
        """One duplex block (the file backend): input and output on one clock,
        input frame ``f + (dac - adc) x rate`` captured while output frame ``f`` was heard."""
        started = time.thread_time()
        frame0 = self._render_block(outdata, frames, dac, status)
        if indata is not None:
            offset = (dac - adc) * self.rate if dac and adc and dac > adc else None
            self._take_input(indata, frame0, offset, status)
        self._cpu(started)

    def _render(self, outdata, frames, dac, status) -> None:
        """The playback stream's callback (capture is a stream of its own)."""
        started = time.thread_time()
        self._note_thread(0)
        self._render_block(outdata, frames, dac, status)
        self._cpu(started)

    def _capture(self, indata, frames, adc, status) -> None:
        """The capture stream's callback: the output frame heard when ``indata[0]`` was captured
        comes from the playback stream's latest (frame, DAC time) and this block's ADC time; both
        streams' timestamps are on one clock."""
        started = time.thread_time()
        self._note_thread(1)
        self._last_capture = time.monotonic()
        self.stats.captures += 1
        frame0 = self._in_frame
        self._in_frame += frames
        out_frame, dac = self._clock
        offset = frame0 - (out_frame + (adc - dac) * self.rate) if dac and adc else None
        self._take_input(indata, frame0, offset, status)
        self._cpu(started)

    def _note_thread(self, which: int) -> None:
        """PortAudio runs each stream's callback on a thread of its own, a new one at every start
        (after the idle pause too): the watchdog asks for real-time priority for it."""
        tid = threading.get_native_id()
        if self._stream_tids[which] != tid:
            self._stream_tids[which] = tid
            self._new_stream_thread = True

    def _promote_new_threads(self) -> None:
        """Ask for real-time priority for callback threads noted since the last time (not from a callback)."""
        if self._new_stream_thread:
            self._new_stream_thread = False
            self._audio_threads.promote(self._stream_tids)

    @property
    def audio_priority(self) -> Promotion | None:
        """What the threads that carry the sound were granted (:mod:`.priority`); None before a
        device stream ran (a file backend has no such threads)."""
        return self._audio_threads.promotion

    @property
    def stream_threads(self) -> tuple[int, ...]:
        """Native ids of the threads the streams' callbacks ran on last (0: none yet)."""
        return tuple(self._stream_tids)

    def _cpu(self, started: float) -> None:
        cpu = self.stats.cpu_ms
        cpu.append((time.thread_time() - started) * 1000.0)
        if len(cpu) > 100000:
            del cpu[:50000]

    def _render_block(self, outdata, frames, dac, status) -> int:
        self._last_callback = time.monotonic()
        stats = self.stats
        stats.callbacks += 1
        xrun = False
        if status and getattr(status, "output_underflow", False):
            stats.note_underrun(self._last_callback)
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
        program = self._program
        if program is not None and not program.done:
            self._active_at = self._last_callback
        frame0 = self._frame
        self._frame += frames
        self._clock = (frame0, dac)
        cue = getattr(self._backend, "cue", None)
        if cue is not None:
            for e in events:
                if isinstance(e, RecordStart):
                    cue(e.frame)
        writer = self._writer
        if writer is not None:
            marks = [e for e in events if isinstance(e, (RecordStart, RecordStop))]
            for e in marks:
                writer.inbox.put(("event", e))
            if self._attempts_playing or marks:
                writer.inbox.put(("played", frame0, outdata.copy(), xrun))
            self._attempts_playing = max(0, self._attempts_playing + sum(1 if isinstance(e, RecordStart) else -1 for e in marks))
        for e in events:
            self.events.put(e)
        return frame0

    def _take_input(self, indata, frame0: int, offset: float | None, status) -> None:
        stats = self.stats
        xrun = bool(status and getattr(status, "input_overflow", False))
        if xrun:
            stats.overruns += 1
        if not np.isfinite(indata).all() or float(np.max(np.abs(indata), initial=0.0)) > GARBAGE_LEVEL:
            stats.nonfinite += 1
            indata = np.zeros_like(indata)
        if self.keep_meters:
            peak = float(np.max(np.abs(indata))) if indata.size else 0.0
            rms = float(np.sqrt(np.mean(indata * indata))) if indata.size else 0.0
            clipped = peak >= CLIP_LEVEL
            if clipped:
                stats.clipped_blocks += 1
            self.level = Level(peak, rms, clipped)
        writer = self._writer
        if writer is not None:
            writer.inbox.put(("heard", frame0, offset, indata.copy(), xrun, time.monotonic()))

    # --- faults ---

    def _attempt_done(self, attempt: RecordedAttempt) -> None:
        self.events.put(attempt)

    def _stream_finished(self) -> None:
        if self.asleep:
            return
        if self._opening:
            # PulseAudio's ALSA plugin sometimes fails a stream in its first seconds (a poll error):
            # nothing is recorded yet, so open() starts a fresh one instead of reporting a loss
            self._died_at_birth = True
        elif self._running and time.monotonic() - self._started_at < BIRTH_S and not self._reborn:
            # the same, after open() returned (it no longer waits for the pairing to settle)
            self._reborn = True
            threading.Thread(target=self._start_again, name="shadowing-start-again", daemon=True).start()
        elif self._running:
            self._lost("the sound device stopped (unplugged or the sound server went away)")

    def _watch(self) -> None:
        """Say when the device stops calling back; stop the streams while nothing plays."""
        tick = floor = time.monotonic()
        while self._running:
            time.sleep(0.25)
            now = time.monotonic()
            if now - tick > STARVED_S:  # this thread was held up too (the GIL, a loaded machine): the
                floor = now  # callbacks may be just as late, so their silence counts from now
            tick = now
            backend = self._backend
            self._promote_new_threads()  # off the callback: asking RealtimeKit may take a while
            if not self._running or backend is None or self.asleep:
                continue
            silent = now - max(floor, min(self._last_callback, self._last_capture if self._split(backend) else now))
            if silent > STALL_S:
                self._lost(f"the sound device stopped responding for {silent:.1f} s"
                           " (unplugged or the sound server went away)")
                return
            if now - self._active_at > IDLE_PAUSE_S and self._may_sleep:
                self._pause_streams()

    @property
    def idle(self) -> bool:
        """Nothing plays, nothing is being recorded or about to be."""
        program, writer = self._program, self._writer
        return (self._next is None and (program is None or program.done)
                and (writer is None or not writer.recording))

    @property
    def _may_sleep(self) -> bool:
        """Idle, and nobody watches the level (the sound check, which may still lend the engine)."""
        return self.idle and not self._awake_holds

    @property
    def asleep(self) -> bool:
        """The streams are stopped by the idle pause (the next play starts them again)."""
        return bool(getattr(self._backend, "paused", False))

    def stay_awake(self, on: bool) -> None:
        """Keep the streams running while something watches the microphone's level (the sound
        check): ``True`` wakes them if the idle pause stopped them, ``False`` undoes one ``True``.
        Waking runs on a thread of its own, as a play's does: the caller may be the UI thread."""
        self._awake_holds = max(0, self._awake_holds + (1 if on else -1))  # not under _pausing: a wake holds it
        self._active_at = time.monotonic()
        if on and self.asleep:  # (a pause deciding meanwhile looks at the holds again once it paused)
            threading.Thread(target=self._wake, name="shadowing-wake", daemon=True).start()

    def _pause_streams(self) -> None:
        pause = getattr(self._backend, "pause", None)
        if pause is None:
            return
        with self._pausing:
            if time.monotonic() - self._active_at <= IDLE_PAUSE_S or not self._may_sleep:
                return  # a play() or a hold came in meanwhile
            pause()
        self.stats.pauses += 1
        self.level = Level(0.0, 0.0, False)
        if self._awake_holds:  # stay_awake(True) came while pausing and saw the streams still running
            self._wake()

    def _wake(self) -> None:
        """Start paused streams again before a program is handed to them (off the caller's thread)."""
        with self._pausing:
            backend = self._backend
            self._active_at = time.monotonic()
            if backend is None or not self.asleep:
                return
            failed = self._restart_streams(backend.resume)
        self._restarted(failed)

    def _start_again(self) -> None:
        """Fresh streams for ones that failed in their first seconds, in place: the program plays
        on from where it was (an attempt under way keeps the hole as a dropout: kept, not scored)."""
        with self._pausing:
            backend = self._backend
            if backend is None or not self._running:
                return
            backend.stop()
            failed = self._restart_streams(lambda: backend.start(self._process, self._render, self._capture))
        self._restarted(failed)

    def _restart_streams(self, start) -> str | None:
        """``start`` the streams again (with ``_pausing`` held); what stopped it, if anything. Their
        pairing is trusted afresh, and the capture stream gets its grace to begin."""
        if self._writer is not None:
            self._writer.trusted.clear()
            self._writer.inbox.put(("restart",))
        self._last_callback = time.monotonic()
        self._last_capture = self._last_callback + CAPTURE_GRACE_S
        try:
            start()
        except AudioUnavailable as exc:
            return str(exc)
        return None

    def _restarted(self, failed: str | None) -> None:
        if failed:
            self._lost(failed)
        elif self._writer is not None:  # played at once; recorded blocks wait for the new pairing
            self._follow_trust(self._writer, time.monotonic() + TRUST_LIMIT_S)

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
