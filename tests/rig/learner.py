"""A test learner: speaks a WAV into the ``learner`` sink at an exact stream time.

Run with ``PULSE_SINK=learner``. It opens its stream, waits until its output latency has settled
(PulseAudio adjusts it for several seconds after a stream opens), prints ``ready``, then reads one
line from stdin: the PortAudio time (same clock in every process) at which sample 0 must leave
its output; each further line schedules the speech again. It exits at the end of stdin.
"""

import sys
import time
from collections import deque

import numpy as np
import soundfile
import sounddevice as sd


def main() -> None:
    audio, rate = soundfile.read(sys.argv[1], dtype="float32")
    state = {"start": None, "pos": 0}
    latency = deque(maxlen=64)

    def callback(outdata, frames, t, status):
        outdata.fill(0)
        latency.append(t.outputBufferDacTime - t.currentTime)
        start = state["start"]
        if start is None:
            return
        # the index into ``audio`` of this block's first sample
        first = int(round((t.outputBufferDacTime - start) * rate))
        lo, hi = max(first, 0), max(first + frames, 0)
        part = audio[lo:hi]
        if part.size:
            outdata[lo - first: lo - first + part.size, 0] = part

    with sd.OutputStream(samplerate=rate, channels=1, dtype="float32", blocksize=512, callback=callback):
        deadline = time.monotonic() + 25
        while time.monotonic() < deadline:
            time.sleep(0.1)
            recent = list(latency)
            if len(recent) == latency.maxlen and abs(np.median(recent[-16:]) - np.median(recent[:16])) < 0.0005:
                break
        print("ready", flush=True)
        for line in sys.stdin:
            if line.strip():
                state["start"] = float(line)


if __name__ == "__main__":
    main()
