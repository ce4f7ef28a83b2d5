"""Colours that read on the system's light or dark palette (Qt follows the system's scheme)."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

STATUSES = ("correct", "substituted", "missed", "inserted")
_LIGHT = {"correct": "#2e7d32", "substituted": "#d84315", "missed": "#c62828", "inserted": "#1565c0",
          "source": "#1e88e5", "attempt": "#8e24aa", "karaoke_bg": "#ffe082", "karaoke_fg": "#000000",
          "spoken": "#8a8a8a", "pitch": "#ef6c00", "sound": "#e65100", "doubtful": "#b26a00"}
_DARK = {"correct": "#81c784", "substituted": "#ffb74d", "missed": "#ef9a9a", "inserted": "#90caf9",
         "source": "#64b5f6", "attempt": "#ce93d8", "karaoke_bg": "#ffd54f", "karaoke_fg": "#000000",
         "spoken": "#9e9e9e", "pitch": "#ffb74d", "sound": "#ffcc80", "doubtful": "#ffca28"}


def is_dark(palette: QPalette | None = None) -> bool:
    palette = palette or QApplication.palette()
    return palette.color(QPalette.Window).lightness() < 128


def colour(name: str, palette: QPalette | None = None) -> str:
    return (_DARK if is_dark(palette) else _LIGHT)[name]


def qcolour(name: str, palette: QPalette | None = None) -> QColor:
    return QColor(colour(name, palette))


def dark_palette() -> QPalette:
    """Fusion's dark scheme, for platforms that report none (screenshots, some X11 desktops)."""
    p = QPalette()
    base, window, text = QColor("#1e1f22"), QColor("#2b2d30"), QColor("#dfe1e5")
    for role, c in ((QPalette.Window, window), (QPalette.WindowText, text), (QPalette.Base, base),
                    (QPalette.AlternateBase, window), (QPalette.Text, text), (QPalette.Button, window),
                    (QPalette.ButtonText, text), (QPalette.ToolTipBase, base), (QPalette.ToolTipText, text),
                    (QPalette.Highlight, QColor("#2f65ca")), (QPalette.HighlightedText, QColor("#ffffff")),
                    (QPalette.PlaceholderText, QColor("#8c8f94")), (QPalette.Link, QColor("#8ab4f8"))):
        p.setColor(role, c)
    p.setColor(QPalette.Disabled, QPalette.Text, QColor("#6f737a"))
    p.setColor(QPalette.Disabled, QPalette.ButtonText, QColor("#6f737a"))
    return p
