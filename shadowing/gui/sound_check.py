"""Sound check: is the microphone heard well, and how late does the chosen output really play?

The microphone part reads the level the engine already measures (the bridge's ``level`` signal)
and says "too quiet", "clipping" or "good" over the last two seconds. The latency part runs
``audio.calibration`` on the open engine, lent by the bridge so that the calibration's recording
is not taken for an attempt; the figure is kept per output and applied from then on.
"""

from __future__ import annotations

import math
import time
from collections import deque

from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QGroupBox, QHBoxLayout, QLabel, QProgressBar, QPushButton,
                               QVBoxLayout)

from ..i18n import translate

QUIET_DB = -35.0  # loudest peak of the last two seconds below this: too quiet to score well
WINDOW_S = 2.0


def level_verdict(peaks_db: list[float], clipped: bool) -> str:
    """What to tell the learner about the last two seconds of microphone level."""
    if clipped:
        return translate("Sound", "Clipping: lower the microphone's input volume, or move back a little")
    if not peaks_db or max(peaks_db) < QUIET_DB:
        return translate("Sound", "Too quiet: speak up, move closer, or raise the input volume")
    return translate("Sound", "Good: the microphone hears you clearly")


def latency_text(output: str) -> str:
    from ..audio import calibration

    found = calibration.load_all().get(output)
    if found is None:
        return translate("Sound", "Not measured yet for {output}: with Bluetooth headphones, measure it "
                                  "(they play 150-250 ms later than the device reports)").format(output=output)
    how = translate("Sound", "speakers") if found.method == "loopback" else translate("Sound", "tapping along")
    return translate("Sound", "{output} plays {ms:.0f} ms later than it reports (measured with {how}, {when}); "
                              "every recording is aligned with that").format(
        output=output, ms=found.hidden_ms, how=how, when=found.measured_at[:10])


class SoundCheckDialog(QDialog):
    def __init__(self, window, parent=None):
        super().__init__(parent or window)
        self.w = window
        self.setWindowTitle(translate("Sound", "Sound check"))
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)

        mic = QGroupBox(translate("Sound", "Microphone"))
        mic_layout = QVBoxLayout(mic)
        mic_layout.addWidget(QLabel(translate("Sound", "Say a sentence in your practice voice.")))
        self.meter = QProgressBar()
        self.meter.setObjectName("mic_meter")
        self.meter.setRange(-60, 0)
        self.meter.setFormat("%v dBFS")
        self.meter.setValue(-60)
        mic_layout.addWidget(self.meter)
        self.verdict = QLabel()
        self.verdict.setObjectName("mic_verdict")
        self.verdict.setWordWrap(True)
        mic_layout.addWidget(self.verdict)
        layout.addWidget(mic)

        out = QGroupBox(translate("Sound", "Output latency"))
        out_layout = QVBoxLayout(out)
        self.latency = QLabel()
        self.latency.setObjectName("latency")
        self.latency.setWordWrap(True)
        out_layout.addWidget(self.latency)
        row = QHBoxLayout()
        self.speakers = QPushButton(translate("Sound", "Measure with speakers"))
        self.speakers.setToolTip(translate("Sound", "Three chirps from the speakers, heard by the microphone: keep quiet"))
        self.tap = QPushButton(translate("Sound", "Measure with headphones (tap along)"))
        self.tap.setToolTip(translate("Sound", "Ten clicks: say \"ta\" on each one, in time with them"))
        self.speakers.clicked.connect(lambda: self.measure("loopback"))
        self.tap.clicked.connect(lambda: self.measure("tap"))
        row.addWidget(self.speakers)
        row.addWidget(self.tap)
        out_layout.addLayout(row)
        self.status = QLabel()
        self.status.setObjectName("calibration_status")
        self.status.setWordWrap(True)
        out_layout.addWidget(self.status)
        layout.addWidget(out)

        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

        self._peaks: deque = deque()
        self._clipped_at = 0.0
        window.bridge.level.connect(self._on_level)
        window.bridge.keep_awake(True)  # the level is read from running streams: no idle pause meanwhile
        self.refresh()

    def refresh(self) -> None:
        engine = self.w.bridge.engine
        if engine is None:
            self.latency.setText(translate("Sound", "The sound device is not open yet"))
            self.verdict.setText("")
        else:
            priority = engine.audio_priority
            self.latency.setText(latency_text(engine.output_name) + ("\n" + priority.describe() if priority else ""))
            if not engine.can_record:
                self.verdict.setText(translate("Sound", "No microphone: recording is off"))
        enabled = engine is not None and engine.can_record
        self.speakers.setEnabled(enabled)
        self.tap.setEnabled(enabled)

    def _on_level(self, peak: float, rms: float, clipped: bool) -> None:
        now = time.monotonic()
        db = 20 * math.log10(max(peak, 1e-6))
        self._peaks.append((now, db))
        while self._peaks and self._peaks[0][0] < now - WINDOW_S:
            self._peaks.popleft()
        if clipped:
            self._clipped_at = now
        self.meter.setValue(int(max(-60.0, min(0.0, db))))
        engine = self.w.bridge.engine
        if engine is not None and engine.can_record:
            self.verdict.setText(level_verdict([d for _, d in self._peaks], now - self._clipped_at < WINDOW_S))

    def measure(self, method: str) -> None:
        from ..audio import calibration

        self.speakers.setEnabled(False)
        self.tap.setEnabled(False)
        self.status.setText(translate("Sound", "Keep quiet: three chirps…") if method == "loopback" else
                            translate("Sound", "Say \"ta\" on each click, in time with them…"))

        def done(result) -> None:
            self.status.setText(translate("Sound", "Measured: {ms:.0f} ms (spread {spread:.0f} ms)").format(
                ms=result.hidden_ms, spread=result.spread_ms))
            self.refresh()
            self.w.show_sound_status()

        def failed(message: str) -> None:
            self.status.setText(message)
            self.refresh()

        if not self.w.bridge.lend(lambda engine: calibration.calibrate(engine, method), done, failed):
            failed(translate("Sound", "Stop the loop first: the measurement needs the sound device to itself"))

    def done(self, result: int) -> None:
        try:
            self.w.bridge.level.disconnect(self._on_level)
        except (RuntimeError, TypeError):
            pass
        self.w.bridge.keep_awake(False)
        super().done(result)
