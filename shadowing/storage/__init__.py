"""The learner's library: SQLite (WAL, versioned migrations) in the data folder."""

from .library import Library

__all__ = ["Library"]
