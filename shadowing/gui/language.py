"""The window's language: Qt translators for this app (Qt Linguist's ``.ts`` files beside this
module, compiled to ``.qm`` by PySide6's ``lrelease`` at the first start, into the cache folder)
and Qt's own strings (standard buttons and dialogs, from PySide6's translations), routed into
the core's :func:`shadowing.i18n.translate`.

The language is the learner's choice in Settings, else the system locale's; a language without a
translation here is English. Dates, numbers and the calendar's first weekday follow the system's
locale, unless the window speaks another language than the system does (a Japanese window on an
English system): then they are that language's (``QLocale.setDefault``)."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from .. import i18n
from ..paths import cache_dir

TRANSLATIONS = Path(__file__).with_name("translations")
OFFERED = ("en", "ja")  # English is the source text
_installed: list[QTranslator] = []


def chosen_language(preference: str = "") -> str:
    """The preference ("en", "ja"), else the system locale's language where we have it, else "en".
    ``SHADOWING_LANG`` overrides both (tests, screenshots)."""
    wanted = os.environ.get("SHADOWING_LANG") or preference
    if wanted in OFFERED:
        return wanted
    system = QLocale.system().name().split("_")[0]
    return system if system in OFFERED else "en"


def _lrelease() -> list[str] | None:
    import PySide6

    for candidate in (Path(PySide6.__file__).parent / "lrelease", Path(PySide6.__file__).parent / "lrelease.exe"):
        if candidate.exists():
            return [str(candidate)]
    found = shutil.which("pyside6-lrelease") or shutil.which("lrelease")
    return [found] if found else None


def compiled(language: str) -> Path | None:
    """The ``.qm`` for ``language``, built from its ``.ts`` when the ``.ts`` changed (keyed by its hash);
    None when there is no translation or no lrelease."""
    ts = TRANSLATIONS / f"shadow_{language}.ts"
    if not ts.exists():
        return None
    digest = hashlib.sha256(ts.read_bytes()).hexdigest()[:16]
    qm = cache_dir() / "translations" / f"shadow_{language}-{digest}.qm"
    if qm.exists() and qm.stat().st_size > 0:
        return qm
    tool = _lrelease()
    if tool is None:
        return None
    qm.parent.mkdir(parents=True, exist_ok=True)
    tmp = qm.with_suffix(".tmp.qm")
    result = subprocess.run(tool + ["-silent", str(ts), "-qm", str(tmp)], capture_output=True, text=True)
    if result.returncode != 0 or not tmp.exists():
        print(f"shadowing: could not compile {ts.name}: {result.stderr.strip()}", file=sys.stderr)
        return None
    tmp.replace(qm)
    for old in qm.parent.glob(f"shadow_{language}-*.qm"):
        if old != qm:
            old.unlink(missing_ok=True)
    return qm


def install(app: QCoreApplication, language: str) -> str:
    """Translate the window into ``language`` (and Qt's own dialogs); returns the language used."""
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    i18n.install(None)
    # formats (dates, the week's first day) follow the system, unless the window speaks another
    # language than the system does: a Japanese window on an English system dates the Japanese way
    system = QLocale.system()
    same = system.name().split("_")[0] == language
    QLocale.setDefault(system if language == "en" or same else QLocale(language))
    if language == "en":
        return "en"
    qm = compiled(language)
    ours = QTranslator(app)
    if qm is None or not ours.load(str(qm)):
        return "en"
    app.installTranslator(ours)
    _installed.append(ours)
    qt_own = QTranslator(app)
    if qt_own.load(QLocale(language), "qtbase", "_", QLibraryInfo.path(QLibraryInfo.TranslationsPath)):
        app.installTranslator(qt_own)
        _installed.append(qt_own)
    i18n.install(lambda context, text, disambiguation=None, n=-1:
                 QCoreApplication.translate(context, text, disambiguation, n))
    return language
