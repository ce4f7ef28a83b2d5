"""Writes attempts to disk from what the audio callback queued: never file work in the callback.

The callback queues every duplex block (input, output and PortAudio's timestamps) and the loop
program's record events. This thread turns them into one WAV file per attempt, cut on the input
side at the frame that was captured at the instant the attempt's first source sample left the
speaker: output frame ``f`` and input frame ``f + delay`` happen at the same time, where ``delay``
is the median over recent blocks of (DAC time - ADC time) x rate, as PortAudio reports it.

Each file is flushed and its header rewritten every half second, with a JSON sidecar beside it
written before the first sample: if the process is killed, the file is readable up to the last
flush and the sidecar says what it was.
"""

from __future__ import annotations

import json
import os
import queue
import threading
from collections import deque
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import numpy as np

from .program import RecordStart, RecordStop

FLUSH_S = 0.5
SNAP_S = 0.001  # latency wobble below this is ignored; beyond it the attempt is re-aligned
DROPOUT_S = 0.1  # the pairing jumped this much at once: the callback was starved and the learner
# heard a gap in the source (PulseAudio keeps the backlog: the jump is the length of the stall), so
# the attempt is kept but not scored
TRUST_STEADY_S = 1.5  # the pairing of the input blocks captured over this long ...
TRUST_SPREAD_S = 0.001  # ... agrees to within this, and they came at the pace they were captured
TRUST_PACE = 0.7  # (not a backlog handed over in a burst)
TRUST_WAIT_S = 5.0  # held longer than this: placed with the pairing there is (PipeWire's never agrees)
SFC_UPDATE_HEADER_NOW = 0x1060  # libsndfile command: rewrite the header to the current length


@dataclass
class RecordedAttempt:
    """One loop's recording, with what was played meanwhile on the same time axis."""

    path: Path
    meta: dict
    rate: int
    frames: int
    played: np.ndarray  # output samples from attempt time 0, at ``rate``
    time_map: tuple
    interrupted: bool
    error: str | None = None

    @property
    def duration(self) -> float:
        return self.frames / self.rate


@dataclass
class _Open:
    start: RecordStart
    path: Path
    sidecar: Path
    meta: dict
    sf: object
    played_until: int | None = None  # output frame where the attempt ends, once RecordStop arrives
    interrupted: bool = False
    time_map: tuple = ()
    frames: int = 0  # attempt frames written
    unflushed: int = 0
    played: list = field(default_factory=list)
    error: str | None = None
    corrected: int = 0  # frames inserted or dropped to follow the device's drifting latency
    dropout: int = 0  # the largest single jump followed, in frames
    xruns: int = 0  # blocks PortAudio flagged with an underflow or overflow while this attempt ran

    @property
    def length(self) -> int | None:
        return None if self.played_until is None else self.played_until - self.start.frame


def _why_not_written(exc: Exception, folder: Path) -> str:
    """libsndfile says "System error." for a full disk: look at the disk to say what happened."""
    import errno
    import shutil

    if getattr(exc, "errno", None) == errno.ENOSPC:
        return f"the disk is full ({folder})"
    try:
        if shutil.disk_usage(folder).free < 256 * 1024:
            return f"the disk is full ({folder})"
    except OSError:
        return f"the recordings folder is gone ({folder})"
    return str(getattr(exc, "strerror", None) or exc)


def write_json_atomic(path: Path, data: dict) -> None:
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump(data, fh, ensure_ascii=False, indent=1)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


class AttemptWriter(threading.Thread):
    """``paced``: the blocks come from a live device whose pairing needs trusting first. Just
    after the streams start, the pairing PulseAudio reports was off by 50-700 ms for up to 1.3 s on
    the rig (an idle null sink adapting its 2-s blocks to the stream) while looking steady for 0.6 s
    at a time, and once jumped by 255 ms after a steady second. So the writer holds the input
    blocks until the pairing has been steady for TRUST_STEADY_S (:attr:`trusted`), then places every
    held block with it (:func:`held_delays`): nothing the learner said is lost, and nobody waits
    for the trust to play or to record (the first sound came 4-5 s after a cold start when
    PracticeEngine.open waited for it)."""

    def __init__(self, folder: Path, rate: int, fallback_delay: int, on_attempt, on_error=None,
                 paced: bool = False):
        super().__init__(name="shadowing-attempt-writer", daemon=True)
        self.folder = Path(folder)
        self.rate = rate
        self.fallback_delay = fallback_delay
        self.on_attempt = on_attempt
        self.on_error = on_error or (lambda message: None)
        self.inbox: queue.SimpleQueue = queue.SimpleQueue()
        self._delays: deque[float] = deque(maxlen=16)  # recent blocks: an xrun shifts it
        self._open: list[_Open] = []
        self._meta: dict = {}
        self.paced = paced
        self.trusted = threading.Event()  # the pairing is trusted (the engine waits for it to say it is open)
        if not paced:
            self.trusted.set()
        self._held: list = []  # input blocks waiting for a trusted pairing
        self._held_frames = 0
        self._arrivals: deque = deque(maxlen=1024)  # (monotonic time, frames, offset) per held input block
        self._stalls: deque[int] = deque(maxlen=64)  # output frames where the speaker ran dry
        self.hidden_frames = 0  # output latency PortAudio does not report (audio.calibration), in frames
        self.recording = False  # an attempt is open (read by the audio callback: send played blocks)

    # called from any thread
    def set_meta(self, meta: dict) -> None:
        self._meta = dict(meta)

    def close(self, timeout: float = 5.0) -> None:
        self.inbox.put(("stop",))
        self.join(timeout)

    # the thread
    def run(self) -> None:
        while True:
            item = self.inbox.get()
            kind = item[0]
            if kind == "stop":
                self._place_held()
                for rec in list(self._open):
                    rec.interrupted = True
                    self._finish(rec)
                return
            try:
                if kind == "heard":
                    self._heard(*item[1:])
                elif kind == "played":
                    self._played(*item[1:])
                elif kind == "event":
                    self._event(item[1])
                elif kind == "trust":  # the engine waited long enough: the pairing is what it is
                    self._place_held()
                elif kind == "restart":
                    self._place_held()
                    self._delays.clear()
                    self._arrivals.clear()
                    if self.paced:
                        self.trusted.clear()
            except Exception as exc:  # never let a bad block kill the writer; say so
                self.on_error(f"recording error: {exc}")
            self.recording = bool(self._open)

    def delay(self) -> int:
        if self._delays:
            return int(round(float(np.median(self._delays))))
        return self.fallback_delay

    def _event(self, event) -> None:
        if isinstance(event, RecordStart):
            self._begin(event)
        elif isinstance(event, RecordStop):
            for rec in self._open:
                if rec.start.loop == event.loop and rec.played_until is None:
                    rec.played_until = event.frame
                    rec.interrupted = event.interrupted
                    rec.time_map = event.time_map

    def _begin(self, start: RecordStart) -> None:
        import soundfile

        stamp = datetime.now(timezone.utc)
        name = f"{stamp:%Y%m%d-%H%M%S-%f}-{start.mode}-l{start.loop}"
        path = self.folder / f"{name}.wav"
        sidecar = self.folder / f"{name}.json"
        meta = dict(self._meta, loop=start.loop, mode=start.mode, speed=start.speed, rate=self.rate,
                    delay_frames=self.delay(), recorded_at=stamp.isoformat(), status="recording",
                    file=path.name)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            write_json_atomic(sidecar, meta)
            sf = soundfile.SoundFile(path, "w", samplerate=self.rate, channels=1, format="WAV",
                                     subtype="PCM_16")
        except OSError as exc:
            self.on_error(f"cannot record to {self.folder}: {exc.strerror or exc}; playback goes on")
            return
        self._open.append(_Open(start, path, sidecar, meta, sf))

    def _played(self, frame0: int, outdata: np.ndarray, xrun: bool = False) -> None:
        """What the speaker played from output frame ``frame0`` on, for the open attempts."""
        if xrun:
            self._stalls.append(frame0)
        for rec in self._open:
            rec.xruns += xrun
            pa = max(rec.start.frame, frame0)
            pb = frame0 + outdata.size if rec.played_until is None else min(rec.played_until, frame0 + outdata.size)
            if pb > pa:
                rec.played.append(outdata[pa - frame0: pb - frame0].copy())

    def _heard(self, frame0: int, offset: float | None, indata: np.ndarray, xrun: bool, at: float) -> None:
        """An input block captured while output frame ``frame0 - offset`` was heard; held until the
        pairing is trusted."""
        if offset is not None and np.isfinite(offset):
            self._delays.append(offset)
        if not self.trusted.is_set():
            self._arrivals.append((at, indata.size, offset))
            self._held.append((frame0, indata, xrun, offset))
            self._held_frames += indata.size
            if self._steady() or self._held_frames > TRUST_WAIT_S * self.rate:
                self._place_held()
            return
        self._place(frame0, indata, xrun)

    def _steady(self) -> bool:
        """The blocks of the last TRUST_STEADY_S agree on the pairing and came at their own pace."""
        window, frames = [], 0
        for at, n, offset in reversed(self._arrivals):
            if offset is None:
                return False
            window.append((at, offset))
            frames += n
            if frames >= TRUST_STEADY_S * self.rate:
                break
        else:
            return False
        offsets = [offset for _, offset in window]
        if max(offsets) - min(offsets) > TRUST_SPREAD_S * self.rate:
            return False
        return window[0][0] - window[-1][0] >= TRUST_PACE * (frames - n) / self.rate

    def _place_held(self) -> None:
        """Trust the pairing as it is now and place every held block with it, but for the blocks
        captured before a stall (see :func:`held_delays`)."""
        self._arrivals.clear()
        self.trusted.set()
        held, self._held, self._held_frames = self._held, [], 0
        for (frame0, indata, xrun, _offset), delay in zip(held, held_delays(held, self.delay(), self._stalls)):
            self._place(frame0, indata, xrun, delay)

    def _place(self, frame0: int, indata: np.ndarray, xrun: bool = False, delay: int | None = None) -> None:
        """Put this input block on each open attempt's time axis: output frame ``f`` was heard while
        input frame ``f + delay`` was captured. The delay drifts (PulseAudio grows its buffers in the
        first seconds); small wobbles are ignored, real moves are followed by inserting silence or
        dropping samples, so the attempt stays on the played time axis to within a millisecond."""
        if not self._open:
            return
        delay = (self.delay() if delay is None else delay) + self.hidden_frames  # the learner heard output frame f this much later
        snap = int(SNAP_S * self.rate)
        n = indata.size
        for rec in list(self._open):
            rec.xruns += xrun
            pos = frame0 - delay - rec.start.frame  # attempt frame of indata[0]
            if rec.frames and abs(pos - rec.frames) <= snap:
                pos = rec.frames
            skip = 0
            if pos < rec.frames:  # overlaps what is written (or precedes time 0): drop the overlap
                skip = rec.frames - pos
                if rec.frames:
                    rec.corrected += min(skip, n)
                    rec.dropout = max(rec.dropout, skip)
            elif pos > rec.frames and rec.error is None:  # a hole: silence keeps later samples in place
                hole = pos - rec.frames if rec.length is None else min(pos, rec.length) - rec.frames
                if hole > 0:
                    if rec.frames:
                        rec.corrected += hole
                        rec.dropout = max(rec.dropout, hole)
                    self._write(rec, np.zeros(hole, np.float32))
            take = indata[skip:]
            if rec.length is not None:
                take = take[: max(0, rec.length - rec.frames)]
            if take.size and rec.error is None:
                self._write(rec, take)
            if rec.length is not None and (rec.frames >= rec.length or rec.error):
                self._finish(rec)

    def _write(self, rec: _Open, samples: np.ndarray) -> None:
        try:
            rec.sf.write(samples)
        except Exception as exc:  # disk full, file system gone: keep what is there, say why
            rec.error = f"recording stopped: {_why_not_written(exc, self.folder)}; what was recorded so far is kept"
            self.on_error(rec.error)
            return
        rec.frames += samples.size
        rec.unflushed += samples.size
        if rec.unflushed >= FLUSH_S * self.rate:
            self._sync(rec)

    def _sync(self, rec: _Open) -> None:
        rec.unflushed = 0
        try:
            rec.sf.flush()
            from soundfile import _ffi, _snd

            _snd.sf_command(rec.sf._file, SFC_UPDATE_HEADER_NOW, _ffi.NULL, 0)
        except Exception:  # the header update is a nicety: libsndfile reads a stale header too
            pass

    def _finish(self, rec: _Open) -> None:
        self._open.remove(rec)
        if rec.dropout >= DROPOUT_S * self.rate and not rec.interrupted:
            rec.interrupted = True  # what the learner heard had a hole: not a fair attempt
            rec.meta["interrupted_by"] = "dropout"
        try:
            rec.sf.close()
        except Exception as exc:
            rec.error = rec.error or f"recording could not be closed: {exc}"
        status = "interrupted" if rec.interrupted else ("failed" if rec.error else "recorded")
        rec.meta.update(status=status, frames=rec.frames, duration=round(rec.frames / self.rate, 3),
                        interrupted=rec.interrupted, time_map=[list(p) for p in rec.time_map])
        if rec.error:
            rec.meta["error"] = rec.error
        rec.meta.update(latency_corrected_ms=round(rec.corrected / self.rate * 1000, 2),
                        dropout_ms=round(rec.dropout / self.rate * 1000, 1), xruns=rec.xruns)
        try:
            write_json_atomic(rec.sidecar, rec.meta)
        except OSError:
            pass  # disk full: the "recording" sidecar stays, and recovery finds the attempt
        played = np.concatenate(rec.played) if rec.played else np.zeros(0, np.float32)
        self.on_attempt(RecordedAttempt(rec.path, rec.meta, self.rate, rec.frames, played,
                                        rec.time_map, rec.interrupted, rec.error))


JUMP_BLOCKS = 8  # blocks either side of a stall whose pairings say how far it moved
STEP_SEARCH_BLOCKS = 40  # how far from the flagged frame the reports' step is looked for


def held_delays(held: list, trusted: int, stalls=()) -> list[int]:
    """The pairing to place each held input block with, (frame0, indata, xrun, offset) each.

    The pairing PulseAudio reports in a stream's first seconds can be off by hundreds of ms while
    the true one does not move: the trusted pairing serves every held block. A stall of the
    callbacks is the exception: the microphone's backlog moves the true pairing by the stall's
    length. PortAudio flags it: an input block that overflowed, or an output block that ran dry
    (``stalls``: their output frames). The reports step by the stall a few blocks later (on the
    rig: 15-20 blocks after the flagged frame); the blocks before that step are placed with the
    trusted pairing less the step, so the attempt keeps the hole the learner heard (a dropout:
    kept, not scored) and its earlier words stay where they were said."""
    offsets = np.array([b[3] if b[3] is not None and np.isfinite(b[3]) else np.nan for b in held], float)

    def heard(i: int) -> float:  # the output frame heard when block i was captured
        return held[i][0] - (offsets[i] if np.isfinite(offsets[i]) else trusted)

    near = {i for i, b in enumerate(held) if b[2]}
    for stall in stalls:
        after = next((i for i in range(len(held)) if heard(i) >= stall), None)
        if after:  # 0: the stall came before these blocks were held (streams restarted since)
            near.add(after)
    steps: dict[int, float] = {}
    for i0 in near:
        found = _step(offsets, max(1, i0 - STEP_SEARCH_BLOCKS), min(len(held), i0 + 2 * STEP_SEARCH_BLOCKS))
        if found is not None:
            steps[found[0]] = found[1]
    delays, delay = [], trusted
    for i in range(len(held) - 1, -1, -1):
        delays.append(delay)
        delay -= int(round(steps.get(i, 0.0)))
    return delays[::-1]


def _step(offsets: np.ndarray, lo: int, hi: int) -> tuple[int, float] | None:
    """Where in [lo, hi) the reported pairing steps most (median of the JUMP_BLOCKS after against
    the JUMP_BLOCKS before), and by how much. A clean step gives the same figure for every split
    within JUMP_BLOCKS/2 of it: the middle of that run is where it is."""
    jumps: dict[int, float] = {}
    for i in range(lo, hi):
        before, after = offsets[max(0, i - JUMP_BLOCKS):i], offsets[i:i + JUMP_BLOCKS]
        before, after = before[np.isfinite(before)], after[np.isfinite(after)]
        if before.size and after.size:
            jumps[i] = float(np.median(after) - np.median(before))
    if not jumps:
        return None
    first = max(jumps, key=lambda i: (abs(jumps[i]), -i))
    last = first
    while last + 1 in jumps and abs(jumps[last + 1] - jumps[first]) < 0.5:
        last += 1
    middle = (first + last + 1) // 2
    return middle, jumps[first]


def read_recording(path) -> tuple:
    """A learner's recording as (float32 frames x channels, rate), or a message that says what
    is wrong with the file (moved or deleted by hand, or damaged) instead of libsndfile's."""
    import soundfile

    from ..errors import ShadowingError
    from ..i18n import translate

    try:
        return soundfile.read(str(path), dtype="float32", always_2d=True)
    except (OSError, RuntimeError) as exc:  # libsndfile's errors are RuntimeErrors
        missing = not Path(path).exists()
        raise ShadowingError((translate("Errors", "the recording {path} is missing (moved or deleted)") if missing else
                              translate("Errors", "the recording {path} cannot be read ({reason})")).format(
            path=path, reason=exc)) from None
