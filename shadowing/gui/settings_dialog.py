"""Settings: devices, practice defaults, the Whisper model, and where the data lives."""

from __future__ import annotations

from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QDoubleSpinBox, QFormLayout, QLabel,
                               QLineEdit, QSpinBox)

from .. import paths, settings
from ..audio import AudioUnavailable, DeviceChoice, list_devices, load_choice
from ..audio.program import MODES, SPEED_MAX, SPEED_MIN, SPEED_STEP

DEFAULT = "system default"


class SettingsDialog(QDialog):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Settings")
        prefs = settings.load()
        choice = load_choice()
        form = QFormLayout(self)
        self.input = QComboBox()
        self.output = QComboBox()
        try:
            devices = list_devices()
            note = ""
        except AudioUnavailable as exc:
            devices, note = [], str(exc)
        self.input.addItem(DEFAULT)
        self.output.addItem(DEFAULT)
        self.input.addItems([d.name for d in devices if d.inputs])
        self.output.addItems([d.name for d in devices if d.outputs])
        for combo, name in ((self.input, choice.input), (self.output, choice.output)):
            if name and combo.findText(name) >= 0:
                combo.setCurrentText(name)
        form.addRow("Microphone", self.input)
        form.addRow("Output", self.output)
        if note:
            form.addRow(QLabel(note))
        self.mode = QComboBox()
        self.mode.addItems(MODES)
        self.mode.setCurrentText(prefs.mode)
        self.loops = QSpinBox()
        self.loops.setRange(0, 99)
        self.loops.setSpecialValueText("until stopped")
        self.loops.setValue(prefs.loops)
        self.gap = QDoubleSpinBox()
        self.gap.setRange(0, 10)
        self.gap.setSingleStep(0.5)
        self.gap.setValue(prefs.gap_s)
        self.speed = QDoubleSpinBox()
        self.speed.setRange(SPEED_MIN, SPEED_MAX)
        self.speed.setSingleStep(SPEED_STEP)
        self.speed.setValue(prefs.speed)
        self.visibility = QComboBox()
        self.visibility.addItems(["shown", "hidden", "after attempt"])
        self.visibility.setCurrentText(prefs.visibility)
        self.model = QLineEdit(prefs.model)
        self.model.setPlaceholderText("tiny.en (embedded); base; a model folder; a faster-whisper name")
        form.addRow("Mode", self.mode)
        form.addRow("Loops", self.loops)
        form.addRow("Gap (s)", self.gap)
        form.addRow("Speed", self.speed)
        form.addRow("Transcript", self.visibility)
        form.addRow("Whisper model", self.model)
        form.addRow("Data folder", QLabel(str(paths.data_dir())))
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def preferences(self) -> settings.Preferences:
        return settings.Preferences(self.mode.currentText(), self.loops.value(), self.gap.value(),
                                    self.speed.value(), self.visibility.currentText(), self.model.text().strip())

    def device_choice(self) -> DeviceChoice:
        pick = lambda combo: None if combo.currentText() == DEFAULT else combo.currentText()  # noqa: E731
        return DeviceChoice(pick(self.input), pick(self.output))
