"""Episodes in, segments out: the one place the GUI and the CLI go to open and transcribe.

Transcription streams: each finished stretch is stored (words, segments, resume point) in one
transaction and reported at once, so segment 1 is playable while the rest is transcribed. A
cancelled or crashed job resumes from its last stored stretch.
"""

from __future__ import annotations

import multiprocessing as mp
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from . import media, segmenter, subtitles
from .alignment.energy import Loudness
from .errors import MediaError, ShadowingError, TranscriptionFailed
from .i18n import QT_TRANSLATE_NOOP, translate
from .records import Episode, Progress, Segment, TranscriptInfo, Word
from .storage import Library
from .transcription.context import EpisodeContext
from .transcription.engine import EngineSettings
from .transcription.models import resolve_model

CANCEL_POLL_S = 0.1


@dataclass(frozen=True)
class TranscriptResult:
    episode: Episode
    transcript: TranscriptInfo
    segments: list[Segment]
    cached: bool  # True: returned from the library without decoding any audio

    @property
    def complete(self) -> bool:
        return self.transcript.status == "complete"


def find_episode(library: Library, path: str | Path) -> Episode | None:
    """Known by content (moved or renamed files are recognised); no audio is decoded."""
    path = Path(path)
    if not path.is_file() or path.stat().st_size == 0:
        return None
    return library.episode_by_hash(media.content_hash(path))


def open_episode(library: Library, path: str | Path) -> Episode:
    """Check the file is usable media (raises MediaError) and add it to the library."""
    found = find_episode(library, path)
    if found is not None:
        return library.relocate(found, Path(path).resolve())
    return library.add_episode(media.probe(path))


def check_file(episode: Episode) -> Episode:
    """The episode's file is still there and still the same bytes: playing a changed file against
    the old transcript would practise the wrong words at the wrong times."""
    path = Path(episode.path)
    if not path.is_file():
        raise MediaError(path, translate("Errors", "file not found (moved or deleted since it was added); open it from "
                                             "where it is now and it is recognised by its content"))
    if media.content_hash(path) != episode.content_hash:
        raise MediaError(path, translate("Errors", "changed since it was added (its content is different); open the "
                                             "file again to add the new content as a new episode"))
    return episode


NO_SPEECH = QT_TRANSLATE_NOOP("Errors", "no speech found (silence, noise or music only): nothing to practise")


def forget_if_silent(library: Library, result: "TranscriptResult") -> "TranscriptResult":
    """A complete transcript without a word: drop the episode (unless it was practised) and say so."""
    if result.complete and not result.segments:
        if not library.attempts(episode_id=result.episode.id):
            library.delete_episode(result.episode.id)
        raise MediaError(result.episode.path, translate("Errors", NO_SPEECH))
    return result


def resolve_episode(library: Library, ref: str) -> Episode:
    """A path, or a library number ("3" or "#3")."""
    if ref.lstrip("#").isdigit() and not Path(ref).exists():
        return check_file(library.episode(int(ref.lstrip("#"))))
    if not Path(ref).exists():
        raise MediaError(ref, translate("Errors", "file not found"))
    episode = find_episode(library, ref)
    if episode is None:
        raise ShadowingError(f"{ref}: not in the library yet; run `shadowing transcribe {ref}` first")
    return episode


def transcription_context(library: Library, episode: Episode) -> EpisodeContext:
    """What Whisper is told about this episode (see :mod:`.transcription.context`): the learner's
    glossary, the feed's show and episode titles and notes, else the file's own tags; chapters."""
    from .feeds.podcasts import show_notes

    notes = show_notes(library, episode.id)
    tags = media.tags(episode.path) if Path(episode.path).exists() else media.Tags()
    if notes is not None:
        show, title, description = notes.show, notes.title, notes.description or notes.show_description
    else:
        show, title, description = tags.show, episode.title, tags.comment
    return EpisodeContext(tuple(library.glossary()), title, show, description, tags.chapters)


def best_transcript(library: Library, episode: Episode, model: str | None = None) -> TranscriptInfo | None:
    """The transcript to practise on: the given model's, else the most recently used one."""
    if model is not None:
        return library.transcript(episode.id, "whisper", resolve_model(model).key)
    return _best(library.transcripts(episode.id))


def _best(found: list[TranscriptInfo]) -> TranscriptInfo | None:
    complete = [t for t in found if t.status == "complete"]
    return (complete or found or [None])[0]


def text_source_name(info: TranscriptInfo) -> str:
    """Which text the learner practises on, in words."""
    if info.source == "sidecar":
        return translate("Library", "published transcript")
    return f"Whisper {info.model.split(':')[0].split('/')[-1]}"


# A transcript's status in the learner's words (the library list)
STATUS_NAMES = {"complete": QT_TRANSLATE_NOOP("Library", "complete"),
                "running": QT_TRANSLATE_NOOP("Library", "running"),
                "cancelled": QT_TRANSLATE_NOOP("Library", "cancelled"),
                "failed": QT_TRANSLATE_NOOP("Library", "failed")}


def clock(seconds: float) -> str:
    """mm:ss, as the library and the segment list show times."""
    m, s = divmod(int(seconds), 60)
    return f"{m:02d}:{s:02d}"


@dataclass(frozen=True)
class LibraryRow:
    """One episode as the library list shows it."""

    episode: Episode
    state: str  # "complete · Whisper tiny.en · practised 2026-12-02", "not transcribed"
    wpm: float | None = None  # how fast it is spoken (its best transcript's words a minute of speech)

    @property
    def text(self) -> str:
        if self.wpm:
            return translate("Library", "{title}\n{length} · {wpm} wpm · {state}").format(
                title=self.episode.title, length=clock(self.episode.duration), wpm=f"{self.wpm:.0f}", state=self.state)
        return translate("Library", "{title}\n{length} · {state}").format(
            title=self.episode.title, length=clock(self.episode.duration), state=self.state)


def overview(library: Library) -> list[LibraryRow]:
    """Every episode with its transcript state, its speaking rate and when it was last practised,
    in four queries."""
    practised = library.last_practised()
    transcripts = library.transcripts_by_episode()
    rates = library.speaking_rates()
    rows = []
    for ep in library.episodes():
        info = _best(transcripts.get(ep.id, []))
        if info is None:
            state = translate("Library", "not transcribed")
        elif ep.id in practised:
            state = translate("Library", "{status} · {source} · practised {date}").format(
                status=translate("Library", STATUS_NAMES.get(info.status, info.status)), source=text_source_name(info),
                date=practised[ep.id][:10])
        else:
            state = translate("Library", "{status} · {source}").format(
                status=translate("Library", STATUS_NAMES.get(info.status, info.status)), source=text_source_name(info))
        words, seconds = rates.get(info.id, (0, 0.0)) if info else (0, 0.0)
        rows.append(LibraryRow(ep, state, 60.0 * words / seconds if words >= 10 and seconds > 5 else None))
    return rows


SORTS = ("added", "easiest", "fastest")


def sorted_rows(rows: list[LibraryRow], order: str) -> list[LibraryRow]:
    """The library in the learner's order: as added (newest first, as stored), easiest (slowest
    spoken) first, or fastest first; episodes without a rate yet keep their place at the end."""
    if order not in ("easiest", "fastest"):
        return list(rows)
    rated = sorted((r for r in rows if r.wpm), key=lambda r: r.wpm, reverse=order == "fastest")
    return rated + [r for r in rows if not r.wpm]


def import_sidecar(library: Library, episode: Episode, sidecar: str | Path, loaded=None) -> TranscriptResult:
    """Use a published SRT/VTT/JSON transcript as the text source (cue times; word times
    estimated, or exact where a JSON transcript gives them). ``loaded``: what
    ``subtitles.load_transcript`` returned, when the caller read it before adding the episode."""
    cues, words = loaded or subtitles.load_transcript(sidecar)
    groups = _cue_groups(words, cues)
    bounds = segmenter.padded_bounds(groups, 0.0, episode.duration)
    segments = [Segment(k, s, e, " ".join(w.text for w in g), tuple(g)) for k, (g, (s, e)) in enumerate(zip(groups, bounds))]
    info = library.begin_transcript(episode.id, "sidecar", f"sidecar:{Path(sidecar).name}", {"path": str(sidecar)})
    library.replace_transcript(info.id, words, segments, episode.duration)
    info = library.transcript_by_id(info.id)
    return TranscriptResult(episode, info, library.segments(info.id), cached=False)


def _cue_groups(words: list[Word], cues: list[subtitles.Cue]) -> list[list[Word]]:
    """A cue's end is a boundary like a sentence end; the usual length rules then apply."""
    ends, k = set(), 0
    for cue in cues:
        k += len(cue.text.split())
        ends.add(k - 1)
    return segmenter.group_words(words, breaks_after=ends)


DRAFT = "#again"  # the model key of a transcript made again with the model it replaces, until it is done


class TranscriptionJob:
    """Transcribe one episode with one model into the library, streaming, cancellable, resumable.

    ``again``: transcribe it anew even where a transcript exists (the glossary changed, a better
    model), into a draft; the learner keeps practising on the old text until the new one is
    complete, then the attempts, reviews and corrections move over (:meth:`Library.adopt_transcript`).
    """

    def __init__(self, library_path: str | Path, episode: Episode, model: str | None = None,
                 settings: EngineSettings | None = None, again: bool = False):
        self.library_path = Path(library_path)
        self.episode = episode
        self.spec = resolve_model(model)
        self.settings = settings or EngineSettings()
        self.again = again
        self.cancel_event = threading.Event()

    def cancel(self) -> None:
        self.cancel_event.set()

    def run(self, on_progress: Callable[[Progress], None] | None = None,
            on_segments: Callable[[list[Segment]], None] | None = None) -> TranscriptResult:
        with Library(self.library_path) as library:
            replaced = _best(library.transcripts(self.episode.id)) if self.again else None
            if replaced is not None and replaced.status != "complete":
                replaced = None
            key = self.spec.key + (DRAFT if replaced is not None and replaced.model == self.spec.key else "")
            existing = library.transcript(self.episode.id, "whisper", key)
            if existing is not None and existing.status == "complete":
                if replaced is not None and replaced.id != existing.id:
                    library.adopt_transcript(existing.id, replaced.id, self.spec.key if key != self.spec.key else None)
                return forget_if_silent(library, TranscriptResult(self.episode, existing,
                                                                  library.segments(existing.id), cached=True))
            context = transcription_context(library, self.episode)
            info = library.begin_transcript(self.episode.id, "whisper", key,
                                            {**self.settings.to_dict(), "model": self.spec.name,
                                             "context": context.full_prompt()})
            library.mark_opened(self.episode.id)
            count = len(library.segments(info.id))
            if on_progress:
                on_progress(Progress(info.processed_until, self.episode.duration, count))
            began = time.monotonic()
            try:
                status, error = self._stream(library, info, count, on_progress, on_segments, context)
            except KeyboardInterrupt:
                library.finish_transcript(info.id, "cancelled")
                raise
            library.finish_transcript(info.id, status, error)
            library.note_speed(info.id, library.transcript_by_id(info.id).processed_until - info.processed_until,
                               time.monotonic() - began)
            if status == "complete" and replaced is not None:
                library.adopt_transcript(info.id, replaced.id, self.spec.key if key != self.spec.key else None)
            final = library.transcript_by_id(info.id)
            result = forget_if_silent(library, TranscriptResult(self.episode, final, library.segments(info.id),
                                                                cached=False))
        if status == "failed":
            raise TranscriptionFailed(translate("Errors", "{path}: transcription failed ({error}); {count} segments up to "
                                                "{seconds} s are kept and the next run resumes there").format(
                path=self.episode.path, error=error, count=len(result.segments), seconds=f"{final.processed_until:.0f}"))
        return result

    def _stream(self, library: Library, info: TranscriptInfo, count: int, on_progress, on_segments,
                context: EpisodeContext | None = None):
        from .transcription.worker import worker_main

        ctx = mp.get_context("spawn")
        events, child_end = ctx.Pipe(duplex=False)
        child = ctx.Process(target=worker_main, daemon=True, name="shadowing-transcribe",
                            args=(child_end, self.episode.path, info.processed_until, self.spec.path_or_name,
                                  self.settings.to_dict(), (context or EpisodeContext()).to_dict()))
        child.start()
        child_end.close()  # the child holds its own copy: EOF here means it is gone
        lower = library.last_segment_end(info.id)
        try:
            while True:
                if self.cancel_event.is_set():
                    return "cancelled", None
                if not events.poll(CANCEL_POLL_S):
                    continue
                try:
                    message = events.recv()
                except (EOFError, OSError):
                    child.join(1)
                    return "failed", _death(child.exitcode)
                kind = message[0]
                if kind == "chunk":
                    _, start, end, raw, levels = message
                    words = [Word(*w) for w in raw if w[0] >= start - 1e-6]
                    segments = segmenter.segment_words(words, lower, min(end, self.episode.duration), first_index=count,
                                                       loudness=Loudness(levels, start))
                    ids = library.store_chunk(info.id, words, segments, end)
                    if segments:
                        lower = segments[-1].end
                    stored = [Segment(s.index, s.start, s.end, s.text, s.words, i) for s, i in zip(segments, ids)]
                    count += len(stored)
                    if on_segments and stored:
                        on_segments(stored)
                    if on_progress:
                        on_progress(Progress(min(end, self.episode.duration), self.episode.duration, count))
                elif kind == "done":
                    library.store_chunk(info.id, [], [], max(message[1], self.episode.duration))
                    return "complete", None
                elif kind == "error":
                    return "failed", message[1]
        finally:
            if child.is_alive():
                child.terminate()
                child.join(2)
                if child.is_alive():
                    child.kill()
            child.join(1)
            events.close()


def _death(exitcode: int | None) -> str:
    import signal

    if exitcode == -signal.SIGKILL:
        return "the transcriber was killed (usually the system running out of memory)"
    if exitcode is not None and exitcode < 0:
        return f"the transcriber crashed ({signal.Signals(-exitcode).name})"
    return f"the transcriber stopped unexpectedly (exit code {exitcode})"


def stored_result(library: Library, path: str | Path, model: str | None = None) -> TranscriptResult | None:
    """A complete transcript of this content with this model, found by hash alone (no decoding)."""
    episode = find_episode(library, path)
    if episode is None:
        return None
    done = library.transcript(episode.id, "whisper", resolve_model(model).key)
    if done is None or done.status != "complete":
        return None
    episode = library.relocate(episode, Path(path).resolve())
    return forget_if_silent(library, TranscriptResult(episode, done, library.segments(done.id), cached=True))


def prepare(library_path: str | Path, path: str | Path, model: str | None = None, text_source: str | None = None,
            sidecar: str | Path | None = None, known: Episode | None = None,
            on_episode: Callable[[Episode], None] | None = None, on_job: Callable[[TranscriptionJob], None] | None = None,
            on_progress=None, on_segments=None, settings: EngineSettings | None = None,
            again: bool = False) -> TranscriptResult:
    """Open an episode and make its segments: the one flow behind ``shadowing transcribe`` and the
    window's Open.

    ``text_source``: "sidecar" practises on the transcript published beside the file (``sidecar``,
    or found by name), read before anything is added so a bad one writes nothing; "whisper" on
    Whisper's; None keeps what the episode used last (Whisper the first time); so does ``model``
    None, among Whisper's transcripts. ``known``: the
    library's episode the learner picked, whose file must still be its bytes. A stored complete
    transcript is returned without decoding; otherwise the job streams (``on_job`` gets it, to
    cancel) and resumes from its last stored stretch. ``again``: Whisper transcribes it anew (with
    today's glossary, or ``model``), see :class:`TranscriptionJob`.
    """
    if known is not None:
        check_file(known)
    loaded = None
    if text_source == "sidecar":
        sidecar = sidecar or subtitles.find_sidecar(path)
        if sidecar is None:
            raise ShadowingError(f"{path}: no published transcript (.srt, .vtt or .transcript.json) beside it")
        loaded = subtitles.load_transcript(sidecar)
    with Library(library_path) as library:
        episode = open_episode(library, path)
        if on_episode is not None:
            on_episode(episode)
        if loaded is not None:
            return import_sidecar(library, episode, sidecar, loaded)
        last = best_transcript(library, episode)
        if not again and last is not None and last.status == "complete" and (
                (text_source is None and last.source == "sidecar")
                or (model is None and text_source in (None, "whisper") and last.source == "whisper")):
            # what the episode was practised on last: a published transcript, or the model it was
            # last transcribed with ("transcribe again with base" sticks without a setting)
            return TranscriptResult(episode, last, library.segments(last.id), cached=True)
        stored = None if again else stored_result(library, path, model)
    if stored is not None:
        return stored
    job = TranscriptionJob(library_path, episode, model, settings, again=again)
    if on_job is not None:
        on_job(job)
    return job.run(on_progress, on_segments)


def transcribe(library_path: str | Path, path: str | Path, model: str | None = None,
               on_progress=None, on_segments=None, settings: EngineSettings | None = None) -> TranscriptResult:
    """Open and transcribe with Whisper in one call; a stored complete transcript is returned without decoding."""
    return prepare(library_path, path, model, "whisper", on_progress=on_progress, on_segments=on_segments,
                   settings=settings)
