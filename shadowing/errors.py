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
