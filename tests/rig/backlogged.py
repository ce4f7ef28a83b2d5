"""A file "device" that turns into what PulseAudio is after a starved audio callback."""

from __future__ import annotations

from shadowing.audio import FileBackend


class Backlogged(FileBackend):
    """PulseAudio keeps the microphone's backlog after a starved callback: from ``after_s`` into
    the first attempt on, each input block was captured ``backlog_s`` before the output block it comes
    with, and the timestamps say so (measured on the rig: the starved-callback test in
    test_audio_rig.py). ``backlog_s`` may also be set while the stream runs."""

    def __init__(self, *args, backlog_s: float = 0.0, after_s: float = 0.0, **kwargs):
        super().__init__(*args, **kwargs)
        self.backlog_s = backlog_s
        self.after_s = after_s
        self._first = None  # stream time of the first attempt's time 0

    def start(self, process, render=None, capture=None) -> None:
        def late(inp, out, n, adc, dac, status):  # the file backend's stream time starts at 1.0
            return process(inp, out, n, adc - self._lag(dac - 1.0), dac, status)

        super().start(late)

    def _lag(self, t: float) -> float:
        return self.backlog_s if self._first is not None and t >= self._first + self.after_s else 0.0

    def cue(self, frame: int) -> None:
        if self._first is None:
            self._first = frame / self.rate
        super().cue(frame)

    def _fill(self, frame0: int, inp) -> None:
        super()._fill(frame0 - int(round(self._lag(frame0 / self.rate) * self.rate)), inp)
