"""The PySide6 desktop app: a thin layer over the core. Only this package imports Qt."""
