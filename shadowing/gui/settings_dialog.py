"""Settings: devices, practice defaults, the Whisper model and the glossary, and where the data lives."""

from __future__ import annotations

from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QDoubleSpinBox, QFormLayout, QLabel,
                               QLineEdit, QPlainTextEdit, QSpinBox)

from .. import paths, settings
from ..audio import AudioUnavailable, DeviceChoice, list_devices, load_choice
from ..audio.program import MODES, SPEED_MAX, SPEED_MIN, SPEED_STEP

DEFAULT = "system default"


def model_note(speeds: dict[str, float]) -> str:
    """What each model costs and gains: measured on the vocabulary set (bench/transcribe.py --terms),
    and its speed on this machine where it has transcribed something here."""
    from ..transcription.models import MODEL_FIGURES

    lines = []
    for name, figures in MODEL_FIGURES.items():
        here = f"; here {speeds[name]:.0f}× real time" if name in speeds else ""
        lines.append(f"<b>{name}</b>: {figures}{here}")
    return "<br>".join(lines)


class SettingsDialog(QDialog):
    def __init__(self, parent=None, glossary: list[str] | None = None, speeds: dict[str, float] | None = None):
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
        note = QLabel(model_note(speeds or {}))
        note.setWordWrap(True)
        note.setMinimumWidth(480)  # wrapped in a form row, it was cut off at its third line
        note.setObjectName("model_note")
        form.addRow("", note)
        self.initial_glossary = list(glossary or [])
        self.glossary = QPlainTextEdit("\n".join(self.initial_glossary))
        self.glossary.setObjectName("glossary")
        self.glossary.setPlaceholderText("Kubernetes\netcd\nerror budget")
        self.glossary.setToolTip("Names and terms as the shows you practise spell them, one a line. Whisper gets "
                                 "them with each episode it transcribes (not with your attempts)")
        self.glossary.setFixedHeight(96)
        form.addRow("Glossary", self.glossary)
        form.addRow("Data folder", QLabel(str(paths.data_dir())))
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def preferences(self) -> settings.Preferences:
        """The saved preferences with this dialog's fields changed: the daily goal, the coach's and
        the unit's settings are chosen elsewhere and must survive an OK here."""
        from dataclasses import replace

        return replace(settings.load(), mode=self.mode.currentText(), loops=self.loops.value(), gap_s=self.gap.value(),
                       speed=self.speed.value(), visibility=self.visibility.currentText(),
                       model=self.model.text().strip()).checked()

    def glossary_changes(self) -> tuple[list[str], list[str]]:
        """(terms added, terms removed) against the glossary the dialog opened with."""
        terms = list(dict.fromkeys(" ".join(t.split()) for t in self.glossary.toPlainText().splitlines() if t.strip()))
        before = {t.lower() for t in self.initial_glossary}
        after = {t.lower() for t in terms}
        return [t for t in terms if t.lower() not in before], [t for t in self.initial_glossary if t.lower() not in after]

    def device_choice(self) -> DeviceChoice:
        pick = lambda combo: None if combo.currentText() == DEFAULT else combo.currentText()  # noqa: E731
        return DeviceChoice(pick(self.input), pick(self.output))
