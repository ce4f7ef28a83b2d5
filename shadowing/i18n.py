"""Words the learner reads, in the learner's language, without Qt in the core.

The core writes what the window shows (the coach's reasons, pronunciation tips, intonation notes,
messages about bad input) through :func:`translate`, with Qt's signature, so Qt Linguist's
``pyside6-lupdate`` finds every string in the core and in ``shadowing/gui`` alike. Until a face
installs a translator (the window installs ``QCoreApplication.translate``), the text is the English
source: the CLI stays English, as its output is for scripts too.

Placeholders are Python's named ``{fields}`` filled after translation
(``translate("Coach", "sentence {n}").format(n=3)``), so a translator can move them; ``%n`` is
Qt's count, which chooses the plural form.
"""

from __future__ import annotations

import re
from typing import Callable

Translator = Callable[[str, str, "str | None", int], str]


def _english(context: str, text: str, disambiguation: str | None = None, n: int = -1) -> str:
    """The source text, with its count and its plural: "%n episode(s)" is "1 episode", "3 episodes"."""
    if n < 0:
        return text
    return _PLURAL.sub("" if n == 1 else r"\1", text.replace("%n", str(n)))


_PLURAL = re.compile(r"\((s|es)\)")


_translator: Translator = _english


def translate(context: str, text: str, disambiguation: str | None = None, n: int = -1) -> str:
    """``text`` in the installed language (English when none is installed)."""
    return _translator(context, text, disambiguation, n)


def install(translator: Translator | None) -> None:
    """Route :func:`translate` through ``translator`` (None: back to the English source)."""
    global _translator
    _translator = translator or _english


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 (Qt's name, which lupdate knows)
    """Marks ``text`` for Qt Linguist where it is defined (a table of labels); it is translated
    where it is shown, with ``translate(context, text)``."""
    return text
