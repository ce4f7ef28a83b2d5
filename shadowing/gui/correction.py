"""Correct what Whisper wrote: one word, or a run of them ("Qber needs" -> "Kubernetes")."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit

from ..i18n import translate
from ..records import Segment

MAX_SPAN = 6  # words one correction may replace: a misheard name rarely takes more


class CorrectionDialog(QDialog):
    def __init__(self, segment: Segment, index: int, doubts: dict[int, str] | None = None, parent=None):
        super().__init__(parent)
        self.setWindowTitle(translate("Correction", "Correct the transcript"))
        self.segment, self.first = segment, index
        words = [w.text for w in segment.words]
        form = QFormLayout(self)
        sentence = QLabel(f"<i>{' '.join(words)}</i>")
        sentence.setWordWrap(True)
        form.addRow(sentence)
        self.span = QComboBox()
        for last in range(index, min(len(words), index + MAX_SPAN)):
            self.span.addItem(" ".join(words[index:last + 1]), last)
        # a misheard term is often several doubtful words in a row: offer them together
        last = index
        while last + 1 < len(words) and last + 1 - index < MAX_SPAN and (last + 1) in (doubts or {}):
            last += 1
        self.span.setCurrentIndex(last - index)
        self.text = QLineEdit(" ".join(words[index:last + 1]).strip(".,;:!?\"'()"))
        self.text.selectAll()
        self.span.currentIndexChanged.connect(
            lambda _: self.text.setText(self.span.currentText().strip(".,;:!?\"'()")))
        self.glossary = QCheckBox(translate("Correction", "Add to my glossary (Whisper spells it so from now on)"))
        form.addRow(translate("Correction", "Whisper wrote"), self.span)
        form.addRow(translate("Correction", "The speaker said"), self.text)
        form.addRow(self.glossary)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.text.setFocus()
        self.setMinimumWidth(560)

    def values(self) -> tuple[int, int, str, bool]:
        """As :func:`shadowing.editing.correct` takes them: first, last, text, add to glossary."""
        return self.first, self.span.currentData(), self.text.text().strip(), self.glossary.isChecked()
