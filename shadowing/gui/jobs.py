"""What the practice window runs off the UI thread (as ``Op``s): plain functions of paths and
values, each opening its own library connection, so none of them can touch a widget."""

from __future__ import annotations

from pathlib import Path

from ..i18n import translate
from ..storage import Library


def library_rows(library_path: Path):
    from ..episodes import overview

    with Library(library_path) as library:
        return overview(library)


def device_listing():
    """(remembered choice, devices, note): PortAudio's first listing probes ALSA (tens of ms)."""
    from ..audio import AudioUnavailable, list_devices, load_choice

    try:
        return load_choice(), list_devices(), ""
    except AudioUnavailable as exc:
        return load_choice(), [], str(exc)


def reminder(library_path: Path) -> str:
    """The status bar's line while today's goal is not met (and reviews are due); "" otherwise."""
    from .. import coaching

    with Library(library_path) as library:
        plan = coaching.today(library)
    left = max(0.0, plan.goal_minutes - plan.today_minutes)
    due = len(plan.reviews_due)
    if plan.today_minutes < plan.goal_minutes and due:
        text = translate("Reminder", "{minutes} min to today's goal · %n to review — File → Today (Ctrl+D)", None, due)
    elif plan.today_minutes < plan.goal_minutes:
        text = translate("Reminder", "{minutes} min to today's goal — File → Today (Ctrl+D)")
    elif due:
        text = translate("Reminder", "%n to review — File → Today (Ctrl+D)", None, due)
    else:
        return ""
    return text.format(minutes=f"{left:.0f}")


def log_loop_in(library_path: Path, event, mode: str, meta: dict) -> None:
    from ..practice import log_loop

    with Library(library_path) as library:
        log_loop(library, event, mode, meta)


def attempt_clip(attempt_path, rate: int, source: tuple[str, float, float] | None = None):
    """A recording as a playable clip at the stream's rate; with ``source`` (path, start, end) the
    speaker's sentence first, then 0.4 s, then the attempt (A/B)."""
    from ..audio.clip import load_clip

    spoken = load_clip(source[0], source[1], source[2], rate).playable if source is not None else None
    return _speaker_then_attempt(attempt_path, rate, spoken, 0.4)


def word_clip(attempt_path, rate: int, source: tuple[str, float, float], heard: tuple[float, float]):
    """One word twice: the speaker's (``source``: path, start, end in the episode), 0.3 s, then
    the learner's (``heard``: start, end in the recording), each with 80 ms either side."""
    from ..audio.clip import load_clip

    pad = 0.08
    spoken = load_clip(source[0], max(0.0, source[1] - pad), source[2] + pad, rate).playable
    return _speaker_then_attempt(attempt_path, rate, spoken, 0.3, (max(0.0, heard[0] - pad), heard[1] + pad))


def _speaker_then_attempt(attempt_path, rate: int, spoken, gap_s: float, window: tuple[float, float] | None = None):
    """``spoken`` (the speaker at ``rate``, or None), ``gap_s`` of silence, then the recording (or
    its ``window``, seconds) resampled to ``rate``: one clip for the playback stream."""
    import numpy as np

    from ..audio.clip import CONTEXT_S, Clip
    from ..audio.recorder import read_recording
    from ..practice import resample
    from ..storage.library import resolve_recording

    audio, file_rate = read_recording(resolve_recording(attempt_path))
    lo, hi = (0, audio.shape[0]) if window is None else (int(window[0] * file_rate), int(window[1] * file_rate))
    audio = resample(audio[lo:hi, 0], file_rate, rate)
    if spoken is not None:
        audio = np.concatenate([spoken, np.zeros(int(gap_s * rate), np.float32), audio])
    context = int(CONTEXT_S * rate)
    padded = np.concatenate([np.zeros(context, np.float32), audio, np.zeros(context, np.float32)])
    return Clip(str(attempt_path), 0.0, audio.size / rate, rate, padded, context)


def end_session(library_path: Path) -> None:
    """Closing the app ends the sitting. A closing window has nowhere to show a failure, and the
    session ends on idle anyway."""
    from .. import history

    try:
        with Library(library_path) as library:
            history.end_session(library)
    except Exception:
        pass


def load_scorer(scorer) -> None:
    """Start the scoring process and load its model (a pool thread pays the ~30 ms of starting a
    process, not the window)."""
    from ..errors import ShadowingError

    try:
        scorer.start().result()
    except Exception as exc:
        raise ShadowingError(translate("Errors", "The scoring model could not be loaded: {reason}").format(reason=exc)) from exc
