"""What the core stored in English (a result's notes and warnings, its formula), in the window's
language.

A result is scored in the scoring process and kept in the library as English text, so it is
translated where it is shown: the intonation notes from their fields (kind, word, what each voice
did), the warnings and the formula by their English source. A text this module does not know
(an older library's, or a new message) is shown as it was stored."""

from __future__ import annotations

import re

from ..i18n import QT_TRANSLATE_NOOP, translate
from ..scoring.scorer import CLIPPING, FORMULA, TOO_LONG, TOO_QUIET

# TOO_LONG as stored, its two figures caught
_TOO_LONG = re.compile(re.escape(TOO_LONG).replace(re.escape("{attempt}"), r"(?P<attempt>[\d.]+)")
                       .replace(re.escape("{segment}"), r"(?P<segment>[\d.]+)"))
DIRECTIONS = {"rise": QT_TRANSLATE_NOOP("Intonation", "rose"), "fall": QT_TRANSLATE_NOOP("Intonation", "fell"),
              "level": QT_TRANSLATE_NOOP("Intonation", "stayed level")}


def warning(text: str) -> str:
    """A warning of ``scoring.scorer.audio_warnings``, in the window's language."""
    if text in (CLIPPING, TOO_QUIET):
        return translate("Scoring", text)
    longer = _TOO_LONG.fullmatch(text)
    return translate("Scoring", TOO_LONG).format(**longer.groupdict()) if longer else text


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
