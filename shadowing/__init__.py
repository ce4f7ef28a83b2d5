"""Shadow: a shadowing practice app. This package is the pure core (no Qt outside ``gui/``)."""

__version__ = "0.1.0"
