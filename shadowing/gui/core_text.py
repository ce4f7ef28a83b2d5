"""What the core stored in English (a result's notes and warnings, its formula), in the window's
language.

A result is scored in the scoring process and kept in the library as English text, so it is
translated where it is shown: the intonation notes from their fields (kind, word, what each voice
did), the warnings and the formula by their English source. A text this module does not know
(an older library's, or a new message) is shown as it was stored."""

from __future__ import annotations

import re

from ..i18n import QT_TRANSLATE_NOOP, translate
from ..scoring.scorer import FORMULA

# scoring.scorer.audio_warnings' lines
WARNINGS = (QT_TRANSLATE_NOOP("Scoring", "clipping: the recording is too loud; move back from the microphone or "
                                         "lower the input gain"),
            QT_TRANSLATE_NOOP("Scoring", "very quiet recording: move closer to the microphone or raise the input gain"))
_LONGER = re.compile(r"the attempt \(([\d.]+) s\) is much longer than the segment \(([\d.]+) s\)")
DIRECTIONS = {"rise": QT_TRANSLATE_NOOP("Intonation", "rose"), "fall": QT_TRANSLATE_NOOP("Intonation", "fell"),
              "level": QT_TRANSLATE_NOOP("Intonation", "stayed level")}


def warning(text: str) -> str:
    if text in WARNINGS:
        return translate("Scoring", text)
    longer = _LONGER.fullmatch(text)
    if longer:
        return translate("Scoring", "the attempt ({attempt} s) is much longer than the segment ({segment} s)").format(
            attempt=longer[1], segment=longer[2])
    return text


def formula(text: str) -> str:
    return translate("Scoring", FORMULA) if text == FORMULA else text


def note(n: dict) -> str:
    """An intonation note ("proDUCED: the speaker stressed the second syllable, you the first")."""
    kind, speaker, attempt = n.get("kind"), n.get("speaker"), n.get("attempt")
    if kind == "stress" and isinstance(speaker, int) and isinstance(attempt, int):
        return translate("Intonation", "{word}: the speaker stressed syllable {speaker}, you syllable {attempt}").format(
            word=n.get("word", ""), speaker=speaker, attempt=attempt)
    if kind == "ending" and speaker in DIRECTIONS and attempt in DIRECTIONS:
        return translate("Intonation", "{word}: your pitch {attempt} at the end; the speaker's {speaker}").format(
            word=n.get("word", ""), attempt=translate("Intonation", DIRECTIONS[attempt]),
            speaker=translate("Intonation", DIRECTIONS[speaker]))
    return n.get("text", "")
