"""The transport: play, previous/next, and how to practise (mode, loops, gap, speed, transcript,
record, coach), with the sound devices and the microphone level.

It edits one state object, :class:`shadowing.practice.PracticeChoice` (``state``); the window and
the coach read that, never the widgets. The coach shows its own step through :meth:`follow`.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDoubleSpinBox, QHBoxLayout, QLabel, QProgressBar,
                               QPushButton, QSpinBox, QVBoxLayout, QWidget)

from ..audio.program import MODES, SPEED_MAX, SPEED_MIN, SPEED_STEP, clamp_speed
from ..i18n import translate
from ..practice import VISIBILITY, PracticeChoice
from .labels import choose, fill, mode_name, visibility_name

MODE_ORDER = ("shadow", "repeat", "listen", "read")
assert set(MODE_ORDER) == set(MODES)


class TransportBar(QWidget):
    play_pressed = Signal()
    step_pressed = Signal(int)  # -1 previous, +1 next
    changed = Signal(object)  # the new PracticeChoice
    speed_changed = Signal(float)
    visibility_changed = Signal(str)
    coach_toggled = Signal(bool)
    devices_picked = Signal(object)  # audio.DeviceChoice

    def __init__(self, parent=None):
        super().__init__(parent)
        self.state = PracticeChoice()
        rows = QVBoxLayout(self)
        rows.setContentsMargins(0, 0, 0, 0)
        rows.addLayout(self._practice_row())
        rows.addLayout(self._device_row())
        for signal in (self.mode.currentIndexChanged, self.loops.valueChanged, self.gap.valueChanged,
                       self.speed.valueChanged, self.visibility.currentIndexChanged, self.record.toggled):
            signal.connect(self._read)

    def _practice_row(self) -> QHBoxLayout:
        h = QHBoxLayout()
        self.prev_button = _button("◀◀", translate("Transport", "previous segment (Left)"), 44)
        self.play_button = _button(translate("Transport", "Play"), translate("Transport", "play / pause (Space)"))
        self.play_button.setObjectName("play")
        self.play_button.setMinimumWidth(72)
        self.next_button = _button("▶▶", translate("Transport", "next segment (Right)"), 44)
        self.prev_button.clicked.connect(lambda: self.step_pressed.emit(-1))
        self.next_button.clicked.connect(lambda: self.step_pressed.emit(1))
        self.play_button.clicked.connect(self.play_pressed)
        self.mode = QComboBox()
        fill(self.mode, MODE_ORDER, mode_name)
        self.mode.setToolTip(translate("Transport", "listen: just play · shadow: speak along, recorded while it plays · "
                                       "repeat: speak in the gap after it · read: text only, read it aloud"))
        self.loops = QSpinBox()
        self.loops.setRange(0, 99)
        self.loops.setValue(3)
        self.loops.setSpecialValueText(translate("Transport", "loop ∞"))
        self.loops.setPrefix(translate("Transport", "loop × "))
        self.loops.setToolTip(translate("Transport", "how many times the segment plays (L: loop until stopped / once)"))
        self.gap = _spin(0.0, 10.0, 0.5, 1.0, translate("Transport", "gap "), translate("Transport", " s"),
                         translate("Transport", "silence between loops (repeat mode: 0 = 1.2 × the segment)"))
        self.speed = _spin(SPEED_MIN, SPEED_MAX, SPEED_STEP, 1.0, translate("Transport", "speed "), "×",
                           translate("Transport", "playback speed, pitch kept ([ slower, ] faster)"))
        self.speed.setDecimals(2)
        self.speed.valueChanged.connect(self.speed_changed)
        self.visibility = QComboBox()
        fill(self.visibility, VISIBILITY, visibility_name)
        self.visibility.setToolTip(translate("Transport", "transcript: shown, hidden (blind shadowing), "
                                             "or revealed after the attempt (T)"))
        self.visibility.currentIndexChanged.connect(lambda _: self.visibility_changed.emit(self.visibility.currentData()))
        for w in (self.prev_button, self.play_button, self.next_button, self.mode, self.loops, self.gap,
                  self.speed, self.visibility):
            h.addWidget(w)
        h.addStretch(1)
        return h

    def _device_row(self) -> QHBoxLayout:
        d = QHBoxLayout()
        self.record = QCheckBox(translate("Transport", "Record"))
        self.record.setChecked(True)
        self.record.setToolTip(translate("Transport", "record and score each loop (R)"))
        self.level = QProgressBar()
        self.level.setObjectName("level")
        self.level.setRange(0, 100)
        self.level.setTextVisible(False)
        self.level.setFixedWidth(90)
        self.level.setMaximumHeight(14)
        self.level.setToolTip(translate("Transport", "microphone level"))
        self.input_device = QComboBox()
        self.input_device.setObjectName("input_device")
        self.output_device = QComboBox()
        self.output_device.setObjectName("output_device")
        for combo in (self.input_device, self.output_device):
            combo.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(8)
            combo.activated.connect(self._device_picked)
        self.coach = QCheckBox(translate("Transport", "Coach"))
        self.coach.setObjectName("coach")
        self.coach.setToolTip(translate("Transport", "coach mode: the transport follows the plan (listen, shadow, "
                                        "shadow blind; 1, 3, then 5 loops; hard sentences come back for review)"))
        self.coach.toggled.connect(self.coach_toggled)
        d.addWidget(self.record)
        d.addWidget(self.coach)
        d.addSpacing(12)
        d.addWidget(QLabel(translate("Transport", "Mic")))
        d.addWidget(self.input_device, 1)
        d.addWidget(self.level)
        d.addSpacing(12)
        d.addWidget(QLabel(translate("Transport", "Output")))
        d.addWidget(self.output_device, 1)
        return d

    # --- the state ---------------------------------------------------------------------------

    def _read(self, *_) -> None:
        self.state = PracticeChoice(self.mode.currentData(), self.loops.value(), self.gap.value(),
                                    self.speed.value(), self.visibility.currentData(), self.record.isChecked())
        self.changed.emit(self.state)

    def show_choice(self, choice: PracticeChoice) -> None:
        """Set every widget from ``choice`` (preferences, or what the coach plays)."""
        choose(self.mode, choice.mode)
        self.loops.setValue(choice.loops)
        self.gap.setValue(choice.gap_s)
        self.speed.setValue(choice.speed)
        choose(self.visibility, choice.visibility)
        self.record.setChecked(choice.record)
        self._read()

    def follow(self, step) -> None:
        """Show the coach's step: its mode and whether the transcript is shown."""
        self.show_choice(replace(self.state, mode=step.mode,
                                 visibility="shown" if step.transcript == "shown" else "hidden"))

    def set_playing(self, playing: bool) -> None:
        self.play_button.setText(translate("Transport", "Pause") if playing else translate("Transport", "Play"))

    def toggle_loop(self) -> None:
        self.loops.setValue(0 if self.loops.value() != 0 else 1)

    def cycle_visibility(self) -> None:
        self.visibility.setCurrentIndex((self.visibility.currentIndex() + 1) % len(VISIBILITY))

    def nudge_speed(self, steps: int) -> None:
        self.speed.setValue(clamp_speed(self.speed.value() + steps * SPEED_STEP))

    def set_coach(self, on: bool, quietly: bool = False) -> None:
        """``quietly``: show it off without asking the coach to stop (it stopped itself)."""
        self.coach.blockSignals(quietly)
        self.coach.setChecked(on)
        self.coach.blockSignals(False)

    # --- devices -----------------------------------------------------------------------------

    def load_devices(self) -> None:
        """List the devices in the background (PortAudio's first listing probes ALSA: tens of ms)."""
        from .jobs import device_listing
        from .ops import Op

        Op(self, device_listing).on_result(lambda found: self.show_devices(*found)).start()

    def show_devices(self, choice, devices, note: str) -> None:
        for combo, names, chosen in (
                (self.input_device, [x.name for x in devices if x.inputs], choice.input),
                (self.output_device, [x.name for x in devices if x.outputs], choice.output)):
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(translate("Transport", "system default"))
            combo.addItems(names)
            if chosen and combo.findText(chosen) < 0:
                combo.addItem(translate("Transport", "{device} (not connected)").format(device=chosen), chosen)
                combo.setCurrentIndex(combo.count() - 1)
            elif chosen:
                combo.setCurrentText(chosen)
            combo.setEnabled(bool(devices))
            combo.setToolTip(note or combo.currentText())
            combo.blockSignals(False)

    def _device_picked(self, _index: int) -> None:
        from ..audio import DeviceChoice

        def pick(combo):
            if combo.currentIndex() <= 0:
                return None
            return combo.currentData() or combo.currentText()

        self.devices_picked.emit(DeviceChoice(pick(self.input_device), pick(self.output_device)))

    def show_level(self, peak: float) -> None:
        self.level.setValue(int(min(1.0, peak) * 100))


def _button(text: str, tip: str, width: int | None = None) -> QPushButton:
    b = QPushButton(text)
    b.setToolTip(tip)
    if width:
        b.setFixedWidth(width)
    return b


def _spin(lo: float, hi: float, step: float, value: float, prefix: str, suffix: str, tip: str) -> QDoubleSpinBox:
    s = QDoubleSpinBox()
    s.setRange(lo, hi)
    s.setSingleStep(step)
    s.setValue(value)
    s.setPrefix(prefix)
    s.setSuffix(suffix)
    s.setToolTip(tip)
    return s
