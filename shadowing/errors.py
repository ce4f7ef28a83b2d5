"""Errors the user can act on. Their text is shown as-is, as one line, by the CLI and the GUI."""


class ShadowingError(Exception):
    """Base class: anything raised as this is a user-facing message, not a bug."""


class MediaError(ShadowingError):
    """The episode file cannot be used (missing, empty, not media, no audio, truncated)."""

    def __init__(self, path, cause: str):
        self.path = str(path)
        self.cause = cause
        super().__init__(f"{self.path}: {cause}")


class ModelNotFoundError(ShadowingError):
    """No Whisper model could be found under any of the names or paths tried."""


class TranscriptionFailed(ShadowingError):
    """The transcription worker stopped with an error; what was stored before it stays stored."""


class NotInLibrary(ShadowingError):
    """An episode or transcript the user named is not in the library yet."""


def describe(exc: BaseException) -> str | None:
    """One line for faults the learner can act on that do not come as ShadowingError: a damaged
    database, a full or read-only disk, memory running out. None: a bug, reported as such."""
    import errno
    import sqlite3

    if isinstance(exc, ShadowingError):
        return str(exc)
    if isinstance(exc, sqlite3.DatabaseError):
        text = str(exc)
        if "readonly" in text or "read-only" in text:
            return f"the library cannot be written ({text}): is the data folder read-only?"
        if "full" in text:  # "database or disk is full"
            return f"the disk is full ({text}): free some space; what was saved before is kept"
        return (f"the library database is damaged ({text}); `shadowing restore BACKUP.zip` brings back a backup,"
                " and nothing was deleted")
    if isinstance(exc, MemoryError):
        return "out of memory: close other programs, or try a smaller model or a shorter file"
    if isinstance(exc, OSError):
        where = f" ({exc.filename})" if exc.filename else ""
        if exc.errno == errno.ENOSPC:
            return f"the disk is full{where}: free some space; what was saved before is kept"
        if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            return f"no permission to write{where}: {exc.strerror}"
        return f"{exc.strerror or exc}{where}"
    return None
