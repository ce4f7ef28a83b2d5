"""Settings: devices, practice defaults, the Whisper model and the glossary, and where the data lives."""

from __future__ import annotations

from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QDoubleSpinBox, QFormLayout, QLabel, QPushButton,
                               QLineEdit, QPlainTextEdit, QSpinBox)

from .. import paths, settings
from ..audio import AudioUnavailable, DeviceChoice, list_devices, load_choice
from ..audio.program import MODES, SPEED_MAX, SPEED_MIN, SPEED_STEP
from ..i18n import QT_TRANSLATE_NOOP, translate
from ..practice import VISIBILITY
from .labels import choose, fill, mode_name, visibility_name

# the interface languages offered (their own names, untranslated); "" follows the system
LANGUAGES = (("", QT_TRANSLATE_NOOP("Settings", "system language")), ("en", "English"), ("ja", "日本語"))


def model_note(speeds: dict[str, float]) -> str:
    """What each model costs and gains: measured on the vocabulary set (bench/transcribe.py --terms),
    and its speed on this machine where it has transcribed something here."""
    from ..transcription.models import MODEL_FIGURES

    lines = []
    for name, figures in MODEL_FIGURES.items():
        text = translate("Settings", figures)
        if name in speeds:
            text = translate("Settings", "{note}; here {speed}× real time").format(note=text, speed=f"{speeds[name]:.0f}")
        lines.append(f"<b>{name}</b>: {text}")
    return "<br>".join(lines)


class SettingsDialog(QDialog):
    def __init__(self, parent=None, glossary: list[str] | None = None, speeds: dict[str, float] | None = None,
                 sound_check=None):
        super().__init__(parent)
        self.setWindowTitle(translate("Settings", "Settings"))
        prefs = settings.load()
        choice = load_choice()
        form = QFormLayout(self)
        self.input = QComboBox()
        self.input.setObjectName("input_device")
        self.output = QComboBox()
        self.output.setObjectName("output_device")
        try:
            devices = list_devices()
            note = ""
        except AudioUnavailable as exc:
            devices, note = [], str(exc)
        self.input.addItem(translate("Settings", "system default"), "")
        self.output.addItem(translate("Settings", "system default"), "")
        self.input.addItems([d.name for d in devices if d.inputs])
        self.output.addItems([d.name for d in devices if d.outputs])
        for combo, name in ((self.input, choice.input), (self.output, choice.output)):
            if name and combo.findText(name) >= 0:
                combo.setCurrentText(name)
        form.addRow(translate("Settings", "Microphone"), self.input)
        form.addRow(translate("Settings", "Output"), self.output)
        if sound_check is not None:
            check = QPushButton(translate("Settings", "Sound check…"))
            check.setObjectName("sound_check")
            check.setToolTip(translate("Settings", "The microphone's level, and how late the output really plays "
                                       "(Bluetooth headphones: 150-250 ms)"))
            check.clicked.connect(sound_check)
            form.addRow("", check)
        if note:
            form.addRow(QLabel(note))
        self.mode = QComboBox()
        fill(self.mode, MODES, mode_name)
        choose(self.mode, prefs.mode)
        self.loops = QSpinBox()
        self.loops.setRange(0, 99)
        self.loops.setSpecialValueText(translate("Settings", "until stopped"))
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
        fill(self.visibility, VISIBILITY, visibility_name)
        choose(self.visibility, prefs.visibility)
        self.model = QLineEdit(prefs.model)
        self.model.setPlaceholderText(translate("Settings", "tiny.en (embedded); base; a model folder; "
                                                "a faster-whisper name"))
        self.language = QComboBox()
        self.language.setObjectName("language")
        for code, name in LANGUAGES:
            self.language.addItem(translate("Settings", name) if not code else name, code)
        choose(self.language, prefs.language)
        self.language.setToolTip(translate("Settings", "The language of the window (from the next start)"))
        form.addRow(translate("Settings", "Language"), self.language)
        form.addRow(translate("Settings", "Mode"), self.mode)
        form.addRow(translate("Settings", "Loops"), self.loops)
        form.addRow(translate("Settings", "Gap (s)"), self.gap)
        form.addRow(translate("Settings", "Speed"), self.speed)
        form.addRow(translate("Settings", "Transcript"), self.visibility)
        form.addRow(translate("Settings", "Whisper model"), self.model)
        note = QLabel(model_note(speeds or {}))
        note.setWordWrap(True)
        note.setMinimumWidth(480)  # wrapped in a form row, it was cut off at its third line
        note.setObjectName("model_note")
        note.setMinimumHeight(note.heightForWidth(note.minimumWidth()))  # every line, in any language
        form.addRow("", note)
        self.initial_glossary = list(glossary or [])
        self.glossary = QPlainTextEdit("\n".join(self.initial_glossary))
        self.glossary.setObjectName("glossary")
        self.glossary.setPlaceholderText("Kubernetes\netcd\nerror budget")
        self.glossary.setToolTip(translate("Settings", "Names and terms as the shows you practise spell them, one a "
                                           "line. Whisper gets them with each episode it transcribes (not with your "
                                           "attempts)"))
        self.glossary.setFixedHeight(96)
        form.addRow(translate("Settings", "Glossary"), self.glossary)
        form.addRow(translate("Settings", "Data folder"), QLabel(str(paths.data_dir())))
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def preferences(self) -> settings.Preferences:
        """The saved preferences with this dialog's fields changed: the daily goal, the coach's and
        the unit's settings are chosen elsewhere and must survive an OK here."""
        from dataclasses import replace

        return replace(settings.load(), mode=self.mode.currentData(), loops=self.loops.value(), gap_s=self.gap.value(),
                       speed=self.speed.value(), visibility=self.visibility.currentData(),
                       model=self.model.text().strip(), language=self.language.currentData()).checked()

    def glossary_changes(self) -> tuple[list[str], list[str]]:
        """(terms added, terms removed) against the glossary the dialog opened with."""
        terms = list(dict.fromkeys(" ".join(t.split()) for t in self.glossary.toPlainText().splitlines() if t.strip()))
        before = {t.lower() for t in self.initial_glossary}
        after = {t.lower() for t in terms}
        return [t for t in terms if t.lower() not in before], [t for t in self.initial_glossary if t.lower() not in after]

    def device_choice(self) -> DeviceChoice:
        pick = lambda combo: None if combo.currentIndex() <= 0 else combo.currentText()  # noqa: E731
        return DeviceChoice(pick(self.input), pick(self.output))
