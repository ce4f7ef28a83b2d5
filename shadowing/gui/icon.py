"""The app's icon: drawn from its SVG (``shadowing/assets/icons/shadow.svg``) at every size the
desktop asks, with the PNGs beside it for desktops and file managers that want bitmaps.

``python -m shadowing.gui.icon`` draws the PNGs again after the SVG changed."""

from __future__ import annotations

import sys

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QIcon, QImage, QPainter

from ..desktop import ICON_SIZES, ICONS


def app_icon() -> QIcon:
    """The drawn PNGs, one per size (crisper at 16-32 px than the SVG scaled); the SVG where none is."""
    icon = QIcon()
    for size in ICON_SIZES:
        png = ICONS / f"shadow-{size}.png"
        if png.exists():
            icon.addFile(str(png), QSize(size, size))
    return icon if not icon.isNull() else QIcon(str(ICONS / "shadow.svg"))


def render_pngs() -> list:
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(ICONS / "shadow.svg"))
    written = []
    for size in ICON_SIZES:
        image = QImage(size, size, QImage.Format_ARGB32)
        image.fill(Qt.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.Antialiasing)
        renderer.render(painter)
        painter.end()
        path = ICONS / f"shadow-{size}.png"
        image.save(str(path))
        written.append(path)
    return written


if __name__ == "__main__":
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication(sys.argv[:1])
    for path in render_pngs():
        print(path)
