"""The PySide6 desktop app: a thin layer over the core. Only this package imports Qt."""


def can_show_windows() -> bool:
    """A screen to open on (or an explicit Qt platform) and PySide6 installed."""
    import os
    import sys

    if sys.platform.startswith("linux") and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
                                                 or os.environ.get("QT_QPA_PLATFORM")):
        return False
    try:
        import PySide6.QtWidgets  # noqa: F401
    except ImportError:
        return False
    return True
