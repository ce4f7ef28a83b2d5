"""The core's keys (modes, transcript visibility) in the learner's words.

Combo boxes show these names and keep the key as their item data, so the window reads the key
whatever the interface language; in English the name is the key itself."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox

from ..i18n import QT_TRANSLATE_NOOP, translate

MODE_NAMES = {"listen": QT_TRANSLATE_NOOP("Mode", "listen"), "shadow": QT_TRANSLATE_NOOP("Mode", "shadow"),
              "repeat": QT_TRANSLATE_NOOP("Mode", "repeat"), "read": QT_TRANSLATE_NOOP("Mode", "read")}
VISIBILITY_NAMES = {"shown": QT_TRANSLATE_NOOP("Transcript", "shown"),
                    "hidden": QT_TRANSLATE_NOOP("Transcript", "hidden"),
                    "after attempt": QT_TRANSLATE_NOOP("Transcript", "after attempt")}


def mode_name(mode: str) -> str:
    return translate("Mode", MODE_NAMES.get(mode, mode))


def visibility_name(visibility: str) -> str:
    return translate("Transcript", VISIBILITY_NAMES.get(visibility, visibility))


def fill(combo: QComboBox, keys, name) -> None:
    """Items named by ``name(key)``, each holding its key."""
    for key in keys:
        combo.addItem(name(key), key)


def choose(combo: QComboBox, key: str) -> None:
    """Select the item holding ``key`` (nothing changes if none does)."""
    index = combo.findData(key)
    if index >= 0:
        combo.setCurrentIndex(index)


def local_time(iso: str) -> str:
    """A stored UTC timestamp ("2026-12-03T09:30:00Z") in local time, in the locale's short format."""
    from PySide6.QtCore import QDateTime, QLocale, Qt

    when = QDateTime.fromString(iso.replace("Z", "+00:00") if iso.endswith("Z") else iso, Qt.ISODateWithMs)
    if not when.isValid():
        when = QDateTime.fromString(iso, Qt.ISODate)
    if not when.isValid():
        return iso[:16].replace("T", " ")
    locale = QLocale()
    if locale.language() == QLocale.C:  # no locale set (LANG=C): ISO, not C's "3 12 2026"
        return when.toLocalTime().toString("yyyy-MM-dd HH:mm")
    return locale.toString(when.toLocalTime(), QLocale.ShortFormat)
