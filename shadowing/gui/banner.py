"""The red line at the top of a window that says what went wrong and what to do."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel


def error_banner() -> QLabel:
    banner = QLabel()
    banner.setObjectName("banner")
    banner.setWordWrap(True)
    banner.setStyleSheet("QLabel { background: #b71c1c; color: white; padding: 6px; }")
    banner.hide()
    return banner
