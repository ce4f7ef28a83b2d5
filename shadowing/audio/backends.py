"""Where blocks come from and go to: PortAudio streams, or a file standing in for a microphone.

The device backend calls the engine's ``render(outdata, frames, dac_time, status)`` from its
playback stream and ``capture(indata, frames, adc_time, status)`` from its capture stream; the
file backend calls ``process(indata, outdata, frames, adc_time, dac_time, status)`` with both
at once. All arrays are 1-D float32. The file backend exists for machines without a sound card
(CI without the PulseAudio rig, ``shadowing practice --input-file``): same engine, same program,
same writer.
"""

from __future__ import annotations

import threading
import time

import numpy as np

from .devices import AudioUnavailable, StreamPlan, sounddevice
from ..i18n import translate

BLOCK = 512  # 11 ms at 44.1 kHz: the karaoke and the level meter move in steps this small
LATENCY_S = None  # capture: PortAudio picks (43 ms on ALSA's pulse device); larger capture buffers
# made PulseAudio's timestamps jitter (attempts aligned 15-18 ms off at 80-100 ms, against 0.4 ms)
OUTPUT_LATENCY_S = 0.064  # playback: margin over PortAudio's 43 ms against stalls of the sound
# server's main thread (the cause itself is moved by transcription.worker.idle_class). Before that,
# it cut dropouts (rig, 48 kHz, a transcription and four busy processes beside, 2.5-minute
# loops: 1, 0, 0 dropouts against 1, 2, 4, 2, 6) for 21 ms more from Play to the first sample (84 ms
# against 63; 96 ms of buffer took it to 158 ms). Alignment unchanged (0.5-0.8 ms).


class DeviceBackend:
    """Playback and capture through PortAudio: two streams, one each way, on the sound server's clock.

    Why not one duplex stream: PortAudio 19.6 reaches PulseAudio and PipeWire through ALSA's
    ``pulse`` plugin, and its duplex wait loop (``ContinuePoll`` in pa_linux_alsa.c) shortens its
    poll timeout to under a millisecond whenever one direction is ready and the other has less than
    a period of margin. With the plugin's bursty capture that became a busy loop in
    ``snd_pcm_delay`` for whole sessions (a core at 100 %, on a random share of stream starts). Two
    one-way streams never enter that loop, and their timestamps are on the same clock: the engine
    pairs input with output through them (measured on the rig: within 0.3 ms once the pairing is
    steady, see AttemptWriter).

    ``pause()`` stops both streams while nothing plays (no callbacks, no CPU); ``resume()`` starts
    them again. (On the test rig an idle null sink then takes ~2 s to start consuming: it sleeps in
    2-s blocks while nothing plays into it.)
    """

    duplex = False  # the engine pairs this backend's two streams through their timestamps

    def __init__(self, plan: StreamPlan, blocksize: int = BLOCK):
        self.plan = plan
        self.rate = plan.rate
        self.blocksize = blocksize
        self.has_input = plan.input is not None
        self._stream = None  # the playback stream: its clock is the engine's
        self._input = None  # the capture stream
        self.on_finished = None  # set by the engine: a stream ended without being asked to
        self._closing = False
        self._paused = False
        self._starts = 0

    def start(self, process, render, capture) -> None:
        """``render(outdata, frames, dac, status)`` and ``capture(indata, frames, adc, status)`` are
        the two streams' callbacks; ``process`` is the file backend's duplex form, not used here."""
        sd = sounddevice()
        self._closing = False
        self._starts += 1
        mine = self._starts

        def output_only(outdata, frames, t, status):
            render(outdata[:, 0], frames, t.outputBufferDacTime, status)

        def input_only(indata, frames, t, status):
            capture(indata[:, 0], frames, t.inputBufferAdcTime, status)

        def finished():  # only for the streams of the latest start: stopped ones end late too
            if mine == self._starts and not self._closing and not self._paused and self.on_finished:
                self.on_finished()

        common = dict(samplerate=self.rate, blocksize=self.blocksize, dtype="float32", finished_callback=finished)
        try:
            self._stream = sd.OutputStream(device=self.plan.output, channels=1, callback=output_only,
                                           latency=OUTPUT_LATENCY_S, **common)
            if self.has_input:
                self._input = sd.InputStream(device=self.plan.input, channels=1, callback=input_only,
                                             latency=LATENCY_S, **common)
            self._stream.start()
            if self._input is not None:
                self._input.start()
        except Exception as exc:  # PortAudioError: busy, unplugged, rate refused
            self.stop()
            raise AudioUnavailable(translate("Errors", "cannot open the sound device ({device}): {reason}").format(
                device=self.plan.output_name, reason=exc)) from exc

    @property
    def paused(self) -> bool:
        return self._paused

    def pause(self) -> None:
        """Stop the callbacks (and the CPU they cost) until :meth:`resume`; the streams stay open."""
        if self._paused:
            return
        self._paused = True
        for stream in (self._stream, self._input):
            if stream is not None:
                try:
                    stream.stop(ignore_errors=True)
                except Exception:  # a device going away: the next resume says so
                    pass

    def resume(self) -> None:
        if not self._paused:
            return
        try:
            for stream in (self._stream, self._input):
                if stream is not None:
                    stream.start()
        except Exception as exc:
            raise AudioUnavailable(translate("Errors", "cannot open the sound device ({device}): {reason}").format(
                device=self.plan.output_name, reason=exc)) from exc
        finally:
            self._paused = False

    @property
    def latency(self) -> tuple[float, float]:
        """(input, output) latency as PortAudio reports it."""
        lat_out = self._stream.latency if self._stream is not None else 0.0
        lat_in = self._input.latency if self._input is not None else 0.0
        return (float(lat_in), float(lat_out))

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
        streams = [x for x in (self._stream, self._input) if x is not None]
        self._stream = self._input = None
        if not streams:
            return

        def close():
            for stream in streams:
                stream.abort(ignore_errors=True)
                stream.close(ignore_errors=True)

        # abort() can hang on a vanished ALSA device: never let that freeze the app
        closer = threading.Thread(target=close, daemon=True)
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

    def start(self, process, render=None, capture=None) -> None:
        self._stop.clear()  # started again after a stop, as a device stream can be

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
