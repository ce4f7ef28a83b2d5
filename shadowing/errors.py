"""Errors the user can act on. Their text is shown as-is, as one line, by the CLI and the GUI (in the
window's language: :func:`shadowing.i18n.translate`)."""

from .i18n import translate


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


def one_line(exc: BaseException) -> str:
    """An exception's text on one line: SQLite quotes a damaged schema's SQL, newlines and all."""
    return " ".join(str(exc).split())


def describe(exc: BaseException) -> str | None:
    """One line for faults the learner can act on that do not come as ShadowingError: a damaged
    database, a full or read-only disk, memory running out. None: a bug, reported as such."""
    import errno
    import sqlite3

    if isinstance(exc, ShadowingError):
        return str(exc)
    if isinstance(exc, sqlite3.DatabaseError):
        text = one_line(exc)
        if "readonly" in text or "read-only" in text:
            return translate("Errors", "the library cannot be written ({reason}): is the data folder read-only?").format(
                reason=text)
        if "full" in text:  # "database or disk is full"
            return translate("Errors", "the disk is full ({reason}): free some space; what was saved before is kept").format(
                reason=text)
        return translate("Errors", "the library database is damaged ({reason}); `shadowing restore BACKUP.zip` brings "
                         "back a backup, and nothing was deleted").format(reason=text)
    if isinstance(exc, MemoryError):
        return translate("Errors", "out of memory: close other programs, or try a smaller model or a shorter file")
    if isinstance(exc, OSError):
        where = f" ({exc.filename})" if exc.filename else ""
        if exc.errno == errno.ENOSPC:
            return translate("Errors", "the disk is full{where}: free some space; what was saved before is kept").format(
                where=where)
        if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            return translate("Errors", "no permission to write{where}: {reason}").format(where=where, reason=exc.strerror)
        return f"{exc.strerror or exc}{where}"
    return None
