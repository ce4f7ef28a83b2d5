"""Where blocks come from and go to: a PortAudio duplex stream, or a file standing in for a microphone.

Both call the engine's ``process(indata, outdata, frames, adc_time, dac_time, status)`` with
1-D float32 arrays. The file backend exists for machines without a sound card (CI without the
PulseAudio rig, ``shadowing practice --input-file``): same engine, same program, same writer.
"""

from __future__ import annotations

import threading
import time

import numpy as np

from .devices import AudioUnavailable, StreamPlan, sounddevice
from ..i18n import translate

BLOCK = 512  # 11 ms at 44.1 kHz; PulseAudio settles its duplex pairing sooner than with 1024
LATENCY_S = None  # PortAudio picks; larger buffers made pulse's timestamps jitter by tens of ms


class DeviceBackend:
    """One sounddevice stream for playback and capture, so both run on one clock, sample-locked."""

    def __init__(self, plan: StreamPlan, blocksize: int = BLOCK):
        self.plan = plan
        self.rate = plan.rate
        self.blocksize = blocksize
        self.has_input = plan.input is not None
        self._stream = None
        self.on_finished = None  # set by the engine: the stream ended without being asked to

    def start(self, process) -> None:
        sd = sounddevice()
        self._process = process
        self._closing = False

        def duplex(indata, outdata, frames, t, status):
            process(indata[:, 0], outdata[:, 0], frames, t.inputBufferAdcTime, t.outputBufferDacTime,
                    status)

        def output_only(outdata, frames, t, status):
            process(None, outdata[:, 0], frames, 0.0, t.outputBufferDacTime, status)

        def finished():
            if not self._closing and self.on_finished:
                self.on_finished()

        try:
            if self.has_input:
                self._stream = sd.Stream(device=(self.plan.input, self.plan.output), samplerate=self.rate,
                                         blocksize=self.blocksize, channels=(1, 1), dtype="float32", latency=LATENCY_S,
                                         callback=duplex, finished_callback=finished)
            else:
                self._stream = sd.OutputStream(device=self.plan.output, samplerate=self.rate,
                                               blocksize=self.blocksize, channels=1, dtype="float32", latency=LATENCY_S,
                                               callback=output_only, finished_callback=finished)
            self._stream.start()
        except Exception as exc:  # PortAudioError: busy, unplugged, rate refused
            raise AudioUnavailable(translate("Errors", "cannot open the sound device ({device}): {reason}").format(
                device=self.plan.output_name, reason=exc)) from exc

    @property
    def latency(self) -> tuple[float, float]:
        lat = self._stream.latency if self._stream is not None else (0.0, 0.0)
        return (lat[0], lat[1]) if isinstance(lat, (tuple, list)) else (0.0, float(lat))

    def stream_time(self) -> float | None:
        """PortAudio's clock, the one the callback's timestamps are on."""
        stream = self._stream
        try:
            return stream.time if stream is not None else None
        except Exception:  # a stream going away under us
            return None

    def abandon(self) -> None:
        """The device is gone: PortAudio's abort and terminate can block forever on a vanished ALSA
        device, so neither is waited for, and PortAudio is not terminated at exit."""
        import atexit

        sd = sounddevice()
        handler = getattr(sd, "_exit_handler", None)
        if handler is not None:
            atexit.unregister(handler)
        threading.Thread(target=self.stop, name="shadowing-abandon-stream", daemon=True).start()

    def stop(self) -> None:
        self._closing = True
        stream, self._stream = self._stream, None
        if stream is None:
            return
        # abort() can hang on a vanished ALSA device: never let that freeze the app
        closer = threading.Thread(target=lambda: (stream.abort(ignore_errors=True),
                                                  stream.close(ignore_errors=True)), daemon=True)
        closer.start()
        closer.join(3.0)


class FileBackend:
    """Feeds a file's audio as the microphone (or silence), at real time or as fast as possible.

    Timestamps are exact (input and output on the same instant), so the delay between what was
    played and what was recorded is zero: what a perfect sound card would report. With
    ``per_attempt`` (the default) the file is the learner's voice in each attempt: it starts
    again at every attempt's time 0, as if they spoke it each loop.
    """

    has_input = True

    def __init__(self, rate: int = 48000, input_audio: np.ndarray | None = None, realtime: bool = True,
                 blocksize: int = BLOCK, keep_output: bool = False, per_attempt: bool = True):
        self.rate = rate
        self.blocksize = blocksize
        self.realtime = realtime
        self.input_audio = np.zeros(0, np.float32) if input_audio is None else input_audio.astype(np.float32)
        self.keep_output = keep_output
        self.per_attempt = per_attempt
        self._cue = 0  # stream frame at which input sample 0 is heard
        self._block = (0, np.zeros(0, np.float32))
        self.output: list[np.ndarray] = []
        self.on_finished = None
        self._stop = threading.Event()
        self._thread = None
        self._began = None
        self.plan = StreamPlan(-1, -1, rate, "file", "file")

    @classmethod
    def from_file(cls, path, rate: int = 48000, **kw) -> "FileBackend":
        from .. import media

        info = media.probe(path, with_hash=False)
        return cls(rate, media.load_span(path, 0.0, info.duration + 1.0, rate=rate), **kw)

    @property
    def latency(self) -> tuple[float, float]:
        return (0.0, 0.0)

    def stream_time(self) -> float | None:
        """The file's stream clock (1 s at frame 0), when it runs at real time."""
        began = self._began
        return 1.0 + time.monotonic() - began if self.realtime and began is not None else None

    def start(self, process) -> None:
        def run():
            frame = 0
            began = self._began = time.monotonic()
            n = self.blocksize
            out = np.zeros(n, np.float32)
            while not self._stop.is_set():
                inp = np.zeros(n, np.float32)
                self._block = (frame, inp)
                self._fill(frame, inp)
                t = 1.0 + frame / self.rate
                process(inp, out, n, t, t, 0)
                if self.keep_output:
                    self.output.append(out.copy())
                frame += n
                if self.realtime:
                    ahead = began + frame / self.rate - time.monotonic()
                    if ahead > 0:
                        time.sleep(ahead)

        self._thread = threading.Thread(target=run, name="shadowing-file-audio", daemon=True)
        self._thread.start()

    def _fill(self, frame0: int, inp: np.ndarray) -> None:
        at = frame0 - self._cue
        lo, hi = max(at, 0), max(at + inp.size, 0)
        part = self.input_audio[lo:hi]
        inp[:] = 0.0
        inp[lo - at: lo - at + part.size] = part

    def cue(self, frame: int) -> None:
        """Called from the engine's callback at each attempt's start: the voice starts there."""
        if self.per_attempt:
            self._cue = frame
            frame0, inp = self._block
            k = min(max(0, frame - frame0), inp.size)  # what precedes the cue is the previous attempt's
            self._fill(frame, inp[k:])

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(2.0)
