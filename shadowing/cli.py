"""``shadowing``: the core from the terminal. Every processing step the GUI offers is here too.

Errors the user can act on print one line and exit with status 2; Ctrl+C cancels a
transcription, keeps what was done, and the next run resumes.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sqlite3
import sys
from pathlib import Path

from . import __version__, editing, episodes, paths, subtitles
from .difficulty import pace
from .errors import ShadowingError, describe
from .paths import database_path
from .records import Segment
from .storage import Library

EXIT_USAGE = 2


def _err(message: str) -> None:
    print(f"shadowing: {message}", file=sys.stderr)


class _ProgressBar:
    """The transcription bar, made on the first report (none appears for a stored transcript):
    pass it as ``on_progress`` and close it when the work ends."""

    def __init__(self, quiet: bool):
        self.quiet, self.bar = quiet, None

    def __call__(self, progress) -> None:
        if self.bar is None:
            from tqdm import tqdm

            self.bar = tqdm(total=round(progress.total_s, 1), unit="s", disable=self.quiet, file=sys.stderr,
                            dynamic_ncols=True, desc="transcribing",
                            bar_format="{l_bar}{bar}| {n:.0f}/{total:.0f} s of audio [{elapsed}<{remaining}]")
        self.bar.n = round(progress.done_s, 1)
        self.bar.set_postfix_str(f"{progress.segments} segments", refresh=False)
        self.bar.refresh()

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def _write_exports(args, segments: list[Segment], meta: dict) -> None:
    for flag, render in (("json", lambda s: subtitles.to_json(s, **meta)), ("srt", subtitles.to_srt),
                         ("vtt", subtitles.to_vtt)):
        target = getattr(args, flag, None)
        if target:
            text = render(segments)
            if target == "-":
                sys.stdout.write(text)
            else:
                Path(target).write_text(text, encoding="utf-8")
                print(f"wrote {target}", file=sys.stderr)


def _transcribed_first(ref: str, model: str | None, quiet: bool = False) -> None:
    """A file not in the library yet (or not transcribed to its end) is transcribed now, with the
    progress bar, so `practice` and `score` work on any file as `transcribe` would."""
    path = Path(ref)
    if not path.is_file():
        return  # a library number, or a missing file: _load says which
    with Library(database_path()) as library:
        episode = episodes.find_episode(library, path)
        info = episodes.best_transcript(library, episode, model) if episode is not None else None
    if info is not None and info.status == "complete":
        return
    if not quiet:
        print(f"{path.name} is not transcribed yet: transcribing it first", file=sys.stderr)
    progress = _ProgressBar(quiet)
    try:
        result = episodes.prepare(database_path(), path, model, on_progress=progress)
    except KeyboardInterrupt:
        raise ShadowingError("cancelled while transcribing; what was transcribed is kept and the next run"
                             " resumes there") from None
    finally:
        progress.close()
    if not result.segments:
        raise ShadowingError(f"{path.name}: no speech was found to practise")


def cmd_transcribe(args) -> int:
    from .transcription.models import resolve_model

    path = Path(args.episode)
    resolve_model(args.model)  # fail early, before any work, if no model can be found
    if args.again and not path.exists():  # a library number or title names a stored episode
        with Library(database_path()) as library:
            path = Path(episodes.resolve_episode(library, args.episode).path)
    progress = _ProgressBar(args.quiet)
    try:
        result = episodes.prepare(database_path(), path, args.model, args.text_source, args.sidecar,
                                  on_progress=progress, again=args.again)
        cancelled = result.transcript.status == "cancelled"
    except KeyboardInterrupt:  # the job has marked the transcript cancelled and stopped the worker
        cancelled = True
    finally:
        progress.close()
    if cancelled:
        _err("cancelled; what was transcribed is kept and the next run resumes from there")
        return 130
    if not args.quiet:
        if result.cached:
            print(f"stored transcript ({result.transcript.model}), {len(result.segments)} segments", file=sys.stderr)
        found = subtitles.find_sidecar(path) if args.text_source == "whisper" and args.sidecar is None else None
        if found is not None:
            print(f"note: {found.name} was published with this episode; use --text-source sidecar to"
                  " practise on it instead of Whisper's text", file=sys.stderr)
    meta = {"episode": result.episode.path, "title": result.episode.title, "duration": result.episode.duration,
            "model": result.transcript.model, "source": result.transcript.source}
    _write_exports(args, result.segments, meta)
    if not (args.json or args.srt or args.vtt) and not args.quiet:
        _print_segments(result.segments)
    return 0


def cmd_glossary(args) -> int:
    with Library(database_path()) as library:
        action = args.glossary_command or "list"
        if action == "add":
            added = library.add_to_glossary([" ".join(t.split()) for t in args.terms if t.strip()])
            print(f"added {len(added)}: {', '.join(added)}" if added else "already in your glossary")
            if added:
                _err("Whisper gets your glossary when it transcribes an episode; for one transcribed before:"
                     " `shadowing transcribe EPISODE --again`")
        elif action == "remove":
            removed = library.remove_from_glossary(args.terms)
            print(f"removed {len(removed)}: {', '.join(removed)}" if removed else "none of these was in your glossary")
        else:
            terms = library.glossary()
            if getattr(args, "json", False):
                print(json.dumps(terms, ensure_ascii=False))
            elif terms:
                print("\n".join(terms))
            else:
                print('your glossary is empty: `shadowing glossary add Kubernetes etcd "error budget"`')
    return 0


def _print_segments(segments: list[Segment], first: int = 1) -> None:
    """Numbered from ``first`` as `--segment N` counts; a phrase also says its sentence (s3.2)."""
    for n, seg in enumerate(segments, first):
        speed = pace(seg.words)
        rate = f"{speed.wpm:3.0f} wpm" if speed else "   -   "
        where = f"  s{seg.index + 1}.{seg.part + 1}" if seg.part is not None else ""
        print(f"{n:4d}  {_clock(seg.start)} - {_clock(seg.end)}  {rate}{where}  {seg.text}")


def _units(segments: list[Segment], unit: str | None) -> list[Segment]:
    """The stored sentences, or their phrases (``--unit``; the window's choice if not given)."""
    from . import settings
    from .segmenter import practice_units

    return practice_units(segments, unit or settings.load().unit)


def _clock(seconds: float) -> str:
    m, s = divmod(seconds, 60)
    h, m = divmod(int(m), 60)
    return f"{h}:{m:02d}:{s:06.3f}" if h else f"{m:02d}:{s:06.3f}"


def _load(library: Library, ref: str, model: str | None):
    episode = episodes.resolve_episode(library, ref)
    transcript = episodes.best_transcript(library, episode, model)
    if transcript is None:
        raise ShadowingError(f"{ref}: not transcribed yet; run `shadowing transcribe {ref}`")
    return episode, transcript


def cmd_segments(args) -> int:
    with Library(database_path()) as library:
        episode, transcript = _load(library, args.episode, args.model)
        segments = _units(library.segments(transcript.id), args.unit)
    if args.json:
        print(subtitles.to_json(segments, episode=episode.path, title=episode.title, duration=episode.duration,
                                model=transcript.model, status=transcript.status))
    else:
        if transcript.status != "complete":
            print(f"transcript {transcript.status}: up to {transcript.processed_until:.0f} s of "
                  f"{episode.duration:.0f} s", file=sys.stderr)
        _print_segments(segments)
    return 0


def cmd_export(args) -> int:
    with Library(database_path()) as library:
        episode, transcript = _load(library, args.episode, args.model)
        segments = library.segments(transcript.id)
    if not (args.json or args.srt or args.vtt):
        raise ShadowingError("say what to write: --srt FILE, --vtt FILE or --json FILE (- for the terminal)")
    _write_exports(args, segments, {"episode": episode.path, "title": episode.title, "model": transcript.model})
    return 0


def cmd_list(args) -> int:
    with Library(database_path()) as library:
        rows = []
        for ep in library.episodes():
            ts = library.transcripts(ep.id)
            state = ts[0].status if ts else "not transcribed"
            rows.append({"id": ep.id, "title": ep.title, "duration": round(ep.duration, 1), "state": state,
                         "path": ep.path, "missing": not Path(ep.path).exists()})
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=1))
        return 0
    if not rows:
        print("the library is empty: `shadowing demo` adds a demo episode, `shadowing transcribe FILE` adds yours")
    for r in rows:
        flag = " (file missing)" if r["missing"] else ""
        print(f"#{r['id']:<3} {_clock(r['duration'])}  {r['state']:<15} {r['title']}{flag}")
    return 0


def cmd_edit(args) -> int:
    with Library(database_path()) as library:
        episode, transcript = _load(library, args.episode, args.model)
        segments = library.segments(transcript.id)
        if not 1 <= args.segment <= len(segments):
            raise ShadowingError(f"segment {args.segment} does not exist (1 to {len(segments)})")
        seg = segments[args.segment - 1]
        if args.action == "split" and args.at_word is None:
            raise ShadowingError("split needs --at-word K: the first word of the new segment (2 .. words)")
        if args.action == "correct" and (args.word is None or not args.text):
            raise ShadowingError('correct needs --word K (and --through L for several) and --text "the right words"')
        word = args.word or 1
        values = {"split": (args.at_word - 1 if args.at_word else 0,), "merge": (),
                  "nudge": (args.start or 0.0, args.end or 0.0),
                  "correct": (word - 1, (args.through or word) - 1, args.text or "", args.glossary)}[args.action]
        segments = editing.edit(library, episode, seg.id, args.action, *values, model=args.model)
    lo = max(0, args.segment - 2)
    _print_segments(segments[lo:args.segment + 1], first=lo + 1)
    return 0


_COLOURS = {"correct": "32", "substituted": "33", "missed": "31", "inserted": "36"}


def _keep_scored_attempt(args, episode, seg, start, end, words, duration, result) -> None:
    """A copy of the recording in the library's recordings folder, the attempt in today's session."""
    from . import history
    from .practice import keep_recording

    kept = keep_recording(args.attempt, paths.data_dir() / "recordings" / "terminal")
    meta = {"episode_id": episode.id, "episode_title": episode.title, "segment_id": seg.id if seg else None,
            "segment_index": seg.index if seg else None, "source_text": " ".join(w.text for w in words).strip(),
            "source_start": start, "source_end": end, "mode": args.mode, "speed": 1.0, "loop": 1}
    with Library(database_path()) as library:
        meta["session_id"] = history.log_activity(library, duration, args.mode, episode.id, meta["segment_id"],
                                                  origin="cli")
        attempt_id = library.add_attempt(meta, kept, duration, "recorded")
        library.set_attempt_result(attempt_id, result.to_dict())


def cmd_score(args) -> int:
    from . import media
    from .records import Word
    from .scoring import Attempt, score_attempt

    _transcribed_first(args.episode, args.model, getattr(args, "quiet", False))  # stderr: JSON stays clean
    with Library(database_path()) as library:
        episode, transcript = _load(library, args.episode, args.model)
        segments = library.segments(transcript.id)
    if args.segment is not None:
        if not 1 <= args.segment <= len(segments):
            raise ShadowingError(f"segment {args.segment} does not exist (1 to {len(segments)})")
        seg = segments[args.segment - 1]
        start, end, words = seg.start, seg.end, list(seg.words)
    elif args.start is not None and args.end is not None:
        seg = None
        start, end = args.start, args.end
        words = [w for s in segments for w in s.words if start <= w.start < end]
    else:
        raise ShadowingError("say which part of the episode was practised: --segment N, or --start S --end E")
    if not words:
        raise ShadowingError(f"no transcribed words between {start:.2f} s and {end:.2f} s")
    source = [Word(w.start - start, w.end - start, w.text, w.probability) for w in words]
    source_audio = media.load_span(episode.path, start, end)
    info = media.probe(args.attempt, with_hash=False)
    attempt_audio = media.load_span(args.attempt, 0.0, info.duration + 1.0)
    result = score_attempt(source, Attempt(attempt_audio, args.mode, not args.unaligned), source_audio)
    if not args.no_save:
        _keep_scored_attempt(args, episode, seg, start, end, words, info.duration, result)
    if args.json:
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=1))
        return 0
    colour = sys.stdout.isatty()
    for w in result.words:
        print(_word_line(w, colour))
    if result.message:
        print(result.message)
    lag = result.lag
    print(f"score {result.score}  accuracy {result.word_accuracy:.0%}  WER {result.wer:.0%}"
          + (f"  pronunciation {result.pronunciation:.0f}" if result.pronunciation is not None else "")
          + (f"  prosody {result.prosody['score']:.0f}" if result.prosody else "")
          + (f"  median lag {lag['median'] * 1000:.0f} ms (IQR {lag['iqr'] * 1000:.0f} ms)" if lag.get("median") is not None else "")
          + (f"  pace x{result.pace['pace_ratio']:.2f}" if result.pace.get("pace_ratio") else ""))
    for note in (result.prosody or {}).get("notes", []):
        print(f"intonation: {note['text']}")
    for warning in result.warnings:
        print(f"warning: {warning}")
    print(f"({result.formula})")
    return 0


def _sound_mark(w) -> str:
    """"{/θ/->/s/}" after a word whose sounds came out wrong, for the one-line loop summary."""
    wrong = [p for p in (w.phones or ()) if not p["ok"]]
    return "{" + ",".join(f"/{p['expected']}/->" + (f"/{p['heard']}/" if p["heard"] else "-") for p in wrong) + "}" \
        if wrong else ""


def _word_line(w, colour: bool) -> str:
    """One word of a result: status, word, what Whisper heard instead, lag, and the sounds that
    came out wrong ("! th /θ/ -> s") even where Whisper heard the word."""
    detail = f"  (heard: {w.heard})" if w.status == "substituted" or (w.evidence == "sound" and w.heard) else ""
    if w.evidence == "sound":
        detail += "  (said, by its sounds)"
    lag = f"  {w.lag * 1000:+.0f} ms" if w.lag is not None else ""
    wrong = [p for p in (w.phones or ()) if not p["ok"]]
    sounds = "  ! " + ", ".join(f"/{p['expected']}/ -> " + (f"/{p['heard']}/" if p["heard"] else "nothing")
                                 for p in wrong) if wrong else ""
    line = f"{w.status:<12} {w.word}{detail}{lag}{sounds}"
    return f"\033[{_COLOURS[w.status]}m{line}\033[0m" if colour else line


def cmd_demo(args) -> int:
    from . import demo

    path = demo.ensure_demo()
    print(f"demo episode: {path}", file=sys.stderr)
    args.episode, args.json, args.srt, args.vtt = str(path), None, None, None
    args.text_source, args.sidecar = "whisper", None
    code = cmd_transcribe(args)
    if code == 0:
        with Library(database_path()) as library:
            episode = episodes.find_episode(library, path)
            if episode is not None and episode.title != demo.TITLE:
                library.rename_episode(episode.id, demo.TITLE)
    return code


def cmd_install_desktop(args) -> int:
    """The launcher, the icon and "Open with Shadow" (``shadowing.desktop``), for this user."""
    from . import desktop

    data_home = Path(args.data_home) if args.data_home else None
    if args.uninstall:
        removed = desktop.uninstall(data_home)
        for path in removed:
            print(f"removed {path}")
        if not removed:
            print("nothing to remove: the desktop entry was not installed", file=sys.stderr)
        return 0
    try:
        written = desktop.install(data_home)
    except NotImplementedError as exc:
        print(str(exc), file=sys.stderr)
        return 0
    for path in written:
        print(f"wrote {path}")
    print("Shadow is in your applications menu, and in \"Open with\" for audio and video files", file=sys.stderr)
    return 0


def cmd_gui(args) -> int:
    try:
        from .gui.app import run
    except ImportError:
        _err("the desktop app is not part of this version yet; see `shadowing --help` for the commands")
        return EXIT_USAGE
    return run(args)


def cmd_practice(args) -> int:
    """Loop one segment through the sound devices (or a file as the microphone), score each loop."""
    from .audio import FileBackend, Gap, LoopSettings, PracticeEngine, RecordedAttempt, dispatch
    from .practice import attempt_meta, gap_for, store_and_score
    from .scoring.service import ScoringService

    try:
        settings = LoopSettings(mode=args.mode, loops=None if args.loops == 0 else args.loops,
                                speed=args.speed, gap=Gap.parse(args.gap) if args.gap else gap_for(args.mode),
                                count_in=args.count_in, volume=args.volume)
    except ValueError as exc:
        raise ShadowingError(str(exc)) from None
    _transcribed_first(args.episode, args.model, getattr(args, "quiet", False))  # stderr: JSON stays clean
    with Library(database_path()) as library:
        episode, transcript = _load(library, args.episode, args.model)
        segments = _units(library.segments(transcript.id), args.unit)
        if not segments:
            raise ShadowingError(f"{episode.title} has no segments yet: run `shadowing transcribe` first")
        if not 1 <= args.segment <= len(segments):
            raise ShadowingError(f"segment {args.segment} does not exist (1 to {len(segments)})")
        segment = segments[args.segment - 1]
        library.recover_recordings(paths.data_dir() / "recordings")
        backend = FileBackend.from_file(args.input_file, realtime=False) if args.input_file else None
        engine = PracticeEngine(backend=backend)
        say = (lambda *a: None) if args.json else (lambda *a: print(*a, file=sys.stderr, flush=True))
        say(f"opening the sound devices for segment {args.segment}: {segment.text}")
        engine.open()
        if engine.note:
            say(engine.note)
        if args.coach:
            try:
                return _coach_run(args, library, episode, segments, engine, say)
            finally:
                engine.close()
        meta = attempt_meta(episode, segment)
        scoring = ScoringService(args.model)
        scoring.start()  # the model loads in the child while the first loop plays
        listener = _PracticeListener(args, settings, segment, meta, say, None if args.no_save else library,
                                     scoring.score)
        engine.play(episode.path, segment.start, segment.end, settings, meta)
        try:
            while not listener.finished:
                dispatch(engine.events.get(), listener)
        finally:
            engine.close()
            while not engine.events.empty():  # an attempt cut short by the close: keep and show it
                event = engine.events.get()
                if isinstance(event, RecordedAttempt):
                    _print_loop(store_and_score(listener.library, event, segment.words, score=False, origin="cli"),
                                args.json)
            scoring.close()
        stats = engine.stats.to_dict()
        if stats["underruns"] or stats["overruns"]:
            priority = engine.audio_priority
            _err(f"audio glitches: {stats['underruns']} underruns, {stats['overruns']} overruns"
                 + (f"; {priority.describe()}" if priority else ""))
    return 0


class _PracticeListener:
    """``shadowing practice``: says each loop, logs its time, stores and scores each attempt.

    Scoring runs in the scoring child process (``scoring.service``), as in the window: in this
    process faster-whisper holds the GIL for seconds and starved the audio callback of the loop
    being recorded meanwhile (measured: loop 2 of every run 'stalled for 2 s')."""

    def __init__(self, args, settings, segment, meta, say, library, scorer):
        self.args, self.settings, self.segment, self.meta = args, settings, segment, meta
        self.say, self.library, self.scorer = say, library, scorer
        self.pending, self.done_playing, self.fatal = 0, False, False

    @property
    def finished(self) -> bool:
        return self.fatal or (self.done_playing and not self.pending)

    def loop_started(self, event):
        loops = self.settings.loops
        self.say(f"loop {event.loop}" + (f" of {loops}" if loops else "") + f" at {event.speed:g}x ({self.settings.mode})")

    def loop_ended(self, event):
        from .practice import log_loop

        if self.library is not None:
            log_loop(self.library, event, self.settings.mode, self.meta, origin="cli")

    def record_start(self, event):
        self.pending += 1

    def attempt(self, event):
        from .practice import store_and_score

        self.pending -= 1
        _print_loop(store_and_score(self.library, event, self.segment.words, scorer=self.scorer, origin="cli"),
                    self.args.json)

    def done(self, event):
        self.done_playing = True

    def error(self, event):
        _err(event.message)
        self.fatal = self.fatal or event.fatal


def cmd_today(args) -> int:
    from . import coaching

    with Library(database_path()) as library:
        plan = coaching.today(library)
    if args.json:
        print(json.dumps(plan.to_dict(), ensure_ascii=False, indent=1))
        return 0
    print(f"today {plan.today_minutes:.0f} of {plan.goal_minutes:.0f} min · streak {plan.streak_days} "
          f"day{'s' if plan.streak_days != 1 else ''}")
    if plan.reviews_due:
        print(f"{len(plan.reviews_due)} sentence{'s' if len(plan.reviews_due) != 1 else ''} to review:")
        for r in plan.reviews_due[:10]:
            print(f"  · {r.text[:70]}")
    if plan.step is not None:
        print(f"next: {plan.episode_title}: {plan.step.why}")
        print(f"  `shadowing practice {plan.episode_id} --coach` continues there")
    elif plan.episode_title:
        print(f"{plan.episode_title}: every stage done")
    print(f"about {plan.estimate_min:.0f} min")
    for note in plan.notes:
        print(note)
    return 0


def _coach_run(args, library, episode, segments, engine, say) -> int:
    """Follow the coach's session loop by loop: each loop is played, scored and stored before the
    next is decided (``session.CoachSession`` decides; the window runs the same object)."""
    from .audio import dispatch
    from .practice import log_loop, store_and_score
    from .session import STALLED_NOTE, CoachSession, Reaction

    session = CoachSession.load(library, episode, segments)
    if args.json:  # the coach's words as JSON lines among the attempts'
        say = lambda text: print(json.dumps({"coach": text}, ensure_ascii=False), flush=True)  # noqa: E731

    class OneLoop:
        """Listens to the engine until the loop has played and, if scored, its attempt is in."""

        def __init__(self, loop):
            self.loop, self.reaction, self.played = loop, None, False

        def loop_ended(self, event):
            log_loop(library, event, self.loop.step.mode, self.loop.meta, origin="cli")

        def attempt(self, event):
            scored = store_and_score(library, event, self.loop.words, origin="cli")
            _print_loop(scored, args.json)
            reaction = session.attempt(scored)
            if reaction is not Reaction.IGNORE:
                self.reaction = reaction

        def done(self, event):
            self.played = True
            if not self.loop.step.scored:
                self.reaction = session.played(self.loop.number)

        def error(self, event):
            _err(event.message)
            if event.fatal:
                session.cut()
                raise ShadowingError("the sound device stopped: the plan is saved where it was")

    while (loop := session.next_loop()) is not None:
        say(loop.step.why)
        engine.play(episode.path, loop.start, loop.end, loop.settings(args.speed, args.volume), loop.meta)
        listener = OneLoop(loop)
        while not listener.played or listener.reaction is None:
            dispatch(engine.events.get(), listener)
        if listener.reaction is Reaction.NEXT:
            note = session.store(library)
            if note and (loop.step.scored or loop.step.stage == "review"):
                say(note)
        elif listener.reaction is Reaction.REPLAY:
            say(STALLED_NOTE)
    say(f"{episode.title}: every stage of the plan is done")
    return 0


def cmd_history(args) -> int:
    from datetime import timedelta

    from . import history, settings

    prefs = settings.load()
    if args.goal is not None:
        if not 1 <= args.goal <= 600:
            raise ShadowingError("the daily goal is minutes, from 1 to 600")
        prefs = dataclasses.replace(prefs, daily_goal_min=args.goal)
        settings.save(prefs)
    with Library(database_path()) as library:
        since = history.now_utc() - timedelta(days=args.days)
        summaries = history.sessions(library, since=since)
        habit = history.habit(library, prefs.daily_goal_min, days=args.days)
    if args.json:
        print(json.dumps({"habit": habit.to_dict(), "sessions": [s.to_dict() for s in summaries]},
                         ensure_ascii=False, indent=1))
        return 0
    met = "goal met" if habit.today_minutes >= habit.goal_minutes else \
        f"{habit.goal_minutes - habit.today_minutes:.0f} min to go"
    print(f"today {habit.today_minutes:.1f} of {habit.goal_minutes:g} min ({met}) · streak {habit.streak_days} "
          f"day{'s' if habit.streak_days != 1 else ''}")
    print("  ".join(f"{d[5:]} {m:>4.0f}" for d, m in list(habit.last_days.items())[-7:]))
    if not summaries:
        print(f"no practice sessions in the last {args.days} days")
        return 0
    print(f"{'started':<17} {'min':>5} {'att':>4} {'mean':>5} {'best':>5} {'acc':>5} {'lag':>6}  episode")
    for s in summaries:
        started = history.parse(s.started_at).astimezone().strftime("%Y-%m-%d %H:%M")
        fmt = lambda v, f: ("–" if v is None else format(v, f))  # noqa: E731
        acc = "–" if s.mean_word_accuracy is None else f"{s.mean_word_accuracy:.0%}"
        print(f"{started:<17} {s.minutes:>5.1f} {s.attempts:>4} {fmt(s.mean_score, '.0f'):>5} "
              f"{fmt(s.best_score, '.0f'):>5} {acc:>5} {fmt(s.median_lag_ms, '.0f'):>6}  {', '.join(s.episodes)}")
    return 0


def cmd_words(args) -> int:
    from . import anki, history

    with Library(database_path()) as library:
        for word in args.known or []:
            history.mark_known(library, word, True)
        for word in args.unknown or []:
            history.mark_known(library, word, False)
        words = history.weak_words(library, limit=args.limit)
        exported = anki.export(library, words, args.export_anki) if args.export_anki else None
    if args.json:
        print(json.dumps([w.to_dict() for w in words], ensure_ascii=False, indent=1))
    elif not words:
        print("no weak words yet: they come from scored attempts (missed, changed or mispronounced words)")
    else:
        print(f"{'word':<16} {'missed':>6} {'changed':>7} {'sounds':>6} {'of':>4}  heard as / sounds / sentence")
        for w in words:
            heard = f"[{', '.join(w.heard_as)}] " if w.heard_as else ""
            sounds = f"{{{', '.join(w.sounds)}}} " if w.sounds else ""
            shown = w.shown + ("?" if w.doubtful else "")
            print(f"{shown:<16} {w.missed:>6} {w.substituted:>7} {w.mispronounced:>6} {w.seen:>4}  {heard}{sounds}{w.sentence}")
        if any(w.doubtful for w in words):
            print("\n?: perhaps not the speaker's word but Whisper's mistake; left out of Anki exports. Correct it"
                  " (`shadowing edit EPISODE N correct --word K --text ...`) or vouch for it"
                  " (`shadowing glossary add WORD`).")
    if exported:
        kept = sum(not w.doubtful for w in words)
        _err(f"wrote {kept} cards to {exported}" + (f" ({len(words) - kept} doubtful words left out)"
                                                     if kept < len(words) else ""))
    return 0


def cmd_feed(args) -> int:
    from . import feeds

    with Library(database_path()) as library:
        action = args.feed_command
        if action == "add":
            stored = feeds.add_feed(library, args.url)
            if args.json:
                print(json.dumps(stored.to_dict(), ensure_ascii=False, indent=1))
            else:
                print(f"#{stored.id} {stored.title}: {stored.episodes} episodes "
                      f"(`shadowing feed episodes {stored.id}` lists them)")
        elif action == "list":
            found = feeds.feeds(library)
            if args.json:
                print(json.dumps([f.to_dict() for f in found], ensure_ascii=False, indent=1))
            elif not found:
                print("no feeds yet: `shadowing feed add URL` or `shadowing feed import-opml FILE`")
            for f in found if not args.json else []:
                print(f"{f.id:>3}  {f.title}  ({f.episodes} episodes)  {f.url}")
        elif action == "refresh":
            targets = [args.feed] if args.feed else [f.id for f in feeds.feeds(library)]
            failed = 0
            for ref in targets:
                try:
                    stored = feeds.refresh(library, ref)
                    print(f"#{stored.id} {stored.title}: {stored.new} new, {stored.episodes} in all")
                except ShadowingError as exc:
                    failed += 1
                    _err(str(exc))
            return EXIT_USAGE if failed and len(targets) == 1 else 0
        elif action == "episodes":
            listed = feeds.items(library, args.feed)
            if args.json:
                print(json.dumps([i.to_dict() for i in listed[:args.limit]], ensure_ascii=False, indent=1))
                return 0
            for it in listed[:args.limit]:
                i = it.item
                length = f"{int(i.duration_s // 60)}:{int(i.duration_s % 60):02d}" if i.duration_s else "–"
                marks = ("↓" if it.file else " ") + ("T" if i.best_transcript() else " ")
                print(f"{it.number:>4} {marks} {(i.published or '')[:10]:<10} {length:>7}  {i.title}")
            if len(listed) > args.limit:
                print(f"… {len(listed) - args.limit} older (--limit); ↓ downloaded, T published transcript")
        elif action == "download":
            from tqdm import tqdm

            it = feeds.find_item(library, args.feed, args.episode)
            bar = tqdm(total=it.item.enclosure_length or None, unit="B", unit_scale=True, disable=args.quiet,
                       file=sys.stderr, desc="downloading", dynamic_ncols=True)

            def progress(done, total):
                if total and bar.total != total:
                    bar.total = total
                bar.n = done
                bar.refresh()

            try:
                episode, stored, transcript = feeds.download(library, args.feed, args.episode, progress)
            finally:
                bar.close()
            print(f"{stored.file}\nin the library as #{episode.id} “{episode.title}”; transcribe it with "
                  f"`shadowing transcribe \"{stored.file}\"` or open it in the app")
            if transcript:
                print(f"published transcript saved: {transcript}; use it instead of Whisper's text with "
                      f"`shadowing transcribe \"{stored.file}\" --text-source sidecar`")
        elif action == "import-opml":
            results = feeds.import_opml(library, args.file, on_feed=lambda url, title, error: print(
                f"{'failed' if error else 'added '}  {title}" + (f": {error}" if error else ""), flush=True))
            ok = sum(1 for _, stored, error in results if error is None)
            print(f"{ok} of {len(results)} feeds added")
            return 0 if ok else EXIT_USAGE
    return 0


def _segment_range(text: str) -> tuple[int, int]:
    try:
        first, _, last = text.partition("-")
        return int(first), int(last or first)
    except ValueError:
        raise ShadowingError(f"--segments takes N or N-M (as `shadowing segments` numbers them), not {text}") from None


def cmd_walk_export(args) -> int:
    from .walk import WalkSettings, choose_segments, export_walk, plan_walk

    _transcribed_first(args.episode, args.model, args.quiet)
    speeds = tuple(float(x) for x in args.speeds.split(",")) if args.speeds else (1.0,)
    with Library(database_path()) as library:
        episode, transcript = _load(library, args.episode, args.model)
        segments = library.segments(transcript.id)
        which = "range" if args.segments else ("next" if args.stage == "next" else ("reviews" if args.reviews else "all"))
        first, last = _segment_range(args.segments) if args.segments else (None, None)
        chosen = choose_segments(library, episode, segments, which, first, last)
        settings = WalkSettings(loops=None if args.loops in (None, "rule") else int(args.loops), gap=args.gap,
                                speeds=speeds, tone=not args.no_tone, blind_rounds=args.blind, format=args.format)
        plan = plan_walk(library, episode, chosen, settings)
        if args.dry_run:
            written = None
        else:
            progress = None if args.quiet or args.json else (
                lambda done, total: print(f"\rrendering {done}/{total} loops", end="", file=sys.stderr, flush=True))
            written = export_walk(library, episode, plan, args.out, playlist=not args.no_playlist, progress=progress)
            if progress:
                print(file=sys.stderr)
    summary = {"track": str(written.path) if written else None, "playlist": str(written.playlist)
               if written and written.playlist else None, "track_id": plan.track_id,
               "minutes": round(plan.duration / 60, 1), "sentences": len(chosen), "loops": len(plan.loops),
               "chapters": len(plan.chapters()), "loudness_lufs": written.loudness_lufs if written else None}
    if args.json:
        print(json.dumps(summary, ensure_ascii=False, indent=1))
        return 0
    for start, _end, title in plan.chapters():
        print(f"{episodes.clock(start):>8}  {title}")
    print(f"{summary['sentences']} sentences, {summary['loops']} loops, {summary['minutes']} min"
          + (f" -> {written.path} ({written.loudness_lufs} LUFS)" if written else " (not written: --dry-run)"))
    return 0


def cmd_walk_import(args) -> int:
    from .walk import import_walk

    with Library(database_path()) as library:
        progress = None if args.quiet or args.json else (
            lambda done, total: print(f"\rscoring {done}/{total} loops", end="", file=sys.stderr, flush=True))
        result = import_walk(library, args.recording, args.track, phones=not args.no_pronunciation, progress=progress)
        if progress:
            print(file=sys.stderr)
    data = result.to_dict()
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=1))
        return 0
    if result.already:
        print("this recording was imported before: its result, nothing added")
    print(f"the track starts at {data['offset_s']:+.2f} s in the recording; clock drift {data['drift_ppm']:+.0f} ppm;"
          f" {data['minutes']} min walked")
    for entry in data["loops"]:
        score = "" if entry["score"] is None else f"{entry['score']:>4}"
        print(f"  sentence {entry['segment']:>3} loop {entry['loop']}  {entry['mode']:<7} {entry['status']:<8}{score}")
    print(f"{data['scored']} loops scored, {data['skipped']} skipped, {data['cut']} cut short"
          + (f"; mean score {data['mean_score']}" if data["mean_score"] is not None else ""))
    return 0


def cmd_export_csv(args) -> int:
    from . import backup

    with Library(database_path()) as library:
        for path in backup.export_csv(library, args.folder):
            print(path)
    return 0


def cmd_backup(args) -> int:
    from . import backup

    manifest = backup.backup(args.archive)
    counts = manifest["counts"]
    print(f"backed up {counts.get('episodes', 0)} episodes, {counts.get('attempts', 0)} attempts and "
          f"{manifest['recordings']} recording files to {args.archive}")
    return 0


def cmd_restore(args) -> int:
    from . import backup

    manifest = backup.restore(args.archive)
    print(f"restored {args.archive} (made {manifest['created']})"
          + (f"; the library it replaced is in {manifest['previous']}" if manifest.get("previous") else ""))
    return 0


def _print_loop(scored, as_json: bool) -> None:
    data = scored.to_dict()
    if as_json:
        data.pop("formula", None)
        print(json.dumps(data, ensure_ascii=False), flush=True)
        return
    if scored.result is None:
        print(f"loop {data['loop']}: saved {data['path']} ({data.get('error') or 'not scored'})", flush=True)
        return
    r = scored.result
    lag = r.lag.get("median")
    marks = {"correct": "{w}", "missed": "[{w}]", "substituted": "{w}(heard: {h})", "inserted": "+{w}"}
    words = " ".join(marks[w.status].format(w=w.word, h=w.heard) + _sound_mark(w) for w in r.words)
    print(f"loop {data['loop']}: score {r.score}  accuracy {r.word_accuracy:.0%}"
          + (f"  pronunciation {r.pronunciation:.0f}" if r.pronunciation is not None else "")
          + (f"  prosody {r.prosody['score']:.0f}" if r.prosody else "")
          + (f"  lag {lag * 1000:.0f} ms" if lag is not None else "")
          + (f"  pace x{r.pace['pace_ratio']:.2f}" if r.pace.get("pace_ratio") else "")
          + f"\n  {words}" + ("".join(f"\n  ! {w}" for w in r.warnings)), flush=True)


def cmd_devices(args) -> int:
    from .audio import DeviceChoice, list_devices, load_choice, save_choice

    devices = list_devices()
    choice = load_choice()
    if args.input is not None or args.output is not None:
        def pick(name, kind):
            if name in (None, ""):
                return None if name == "" else getattr(choice, kind)
            matches = [d.name for d in devices if (d.inputs if kind == "input" else d.outputs)
                       and (d.name == name or str(d.index) == name)]
            if not matches:
                raise ShadowingError(f"no {kind} device named {name!r}: see `shadowing devices`")
            return matches[0]

        choice = DeviceChoice(pick(args.input, "input"), pick(args.output, "output"))
        save_choice(choice)
        print(f"input: {choice.input or 'system default'}; output: {choice.output or 'system default'}")
        return 0
    if args.calibrate:
        return _calibrate(args)
    if args.json:
        print(json.dumps([d.to_dict() for d in devices], ensure_ascii=False, indent=1))
        return 0
    from .audio import calibration

    measured = calibration.load_all()
    for d in devices:
        mark = " (chosen)" if d.name in (choice.input, choice.output) else ""
        if d.name in measured and d.outputs:
            mark += f" (+{measured[d.name].hidden_ms:.0f} ms measured, {measured[d.name].method})"
        print(f"{d.index:>3}  in {d.inputs:<2} out {d.outputs:<2} {d.default_rate:>7.0f} Hz  {d.name} [{d.hostapi}]{mark}")
    from .audio import priority

    print(priority.probe().describe())
    return 0


def _calibrate(args) -> int:
    """Measure the output latency PortAudio does not report, and keep it for this output."""
    from .audio import PracticeEngine, calibration

    method = args.calibrate
    say = (lambda text: print(text, file=sys.stderr)) if args.json else print
    with PracticeEngine() as engine:
        if method == "tap":
            say("Headphones on. Ten clicks follow: say \"ta\" on each one, in time with them.")
        else:
            say("Speakers on, microphone in the room: three chirps follow; keep quiet.")
        result = calibration.calibrate(engine, method)
    if args.json:
        print(json.dumps(result.to_dict(), ensure_ascii=False))
    else:
        print(f"{result.output}: {result.hidden_ms:.0f} ms more than the device reports "
              f"(spread {result.spread_ms:.0f} ms); kept, and added to every recording's alignment")
    return 0


def _model_arg(p) -> None:
    p.add_argument("--model", help="tiny.en (embedded default), base (extra), any faster-whisper name, or a model folder")


def unit_arg(p) -> None:
    p.add_argument("--unit", choices=("sentence", "phrase"),
                   help="whole sentences, or the phrases inside them (default: the window's choice, sentence)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="shadowing", description="Shadowing practice: transcribe an episode locally,"
                                     " cut it into sentences, loop them, score your attempts.")
    parser.add_argument("--version", action="version", version=f"shadowing {__version__}")
    sub = parser.add_subparsers(dest="command")
    for group in (_episode_commands, _practice_commands, _review_commands, _feed_commands, _library_commands):
        group(sub)
    return parser


def _episode_commands(sub) -> None:
    """transcribe, segments, export, list, edit"""
    model_arg = _model_arg
    p = sub.add_parser("transcribe", help="transcribe an audio or video file into the library")
    p.add_argument("episode")
    model_arg(p)
    p.add_argument("--json", metavar="OUT", help="write segments with word times as JSON (- for stdout)")
    p.add_argument("--srt", metavar="OUT")
    p.add_argument("--vtt", metavar="OUT")
    p.add_argument("--text-source", choices=("whisper", "sidecar"), default="whisper",
                   help="whisper (default) or a published .srt/.vtt beside the episode")
    p.add_argument("--sidecar", help="the .srt/.vtt/.json transcript to use with --text-source sidecar")
    p.add_argument("--again", action="store_true",
                   help="transcribe a stored episode anew (with today's glossary, or --model base); your attempts,"
                        " reviews and corrections move to the new text")
    p.add_argument("-q", "--quiet", action="store_true")
    p.set_defaults(func=cmd_transcribe)

    p = sub.add_parser("glossary", help="names and terms Whisper should spell your way (Kubernetes, etcd)")
    gsub = p.add_subparsers(dest="glossary_command", metavar="ACTION")
    g = gsub.add_parser("add", help="add terms (quote one of several words: \"error budget\")")
    g.add_argument("terms", nargs="+", metavar="TERM")
    g = gsub.add_parser("remove", help="remove terms")
    g.add_argument("terms", nargs="+", metavar="TERM")
    g = gsub.add_parser("list", help="your terms, newest first")
    g.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_glossary)

    p = sub.add_parser("segments", help="list an episode's shadowing segments")
    p.add_argument("episode", help="file path or library number")
    unit_arg(p)
    model_arg(p)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_segments)

    p = sub.add_parser("export", help="write an episode's segments as SRT, VTT or JSON")
    p.add_argument("episode")
    model_arg(p)
    p.add_argument("--json", metavar="OUT")
    p.add_argument("--srt", metavar="OUT")
    p.add_argument("--vtt", metavar="OUT")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("list", help="episodes in the library")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_list)

    p = sub.add_parser("edit", help="split, merge or nudge a segment, or correct its words")
    p.add_argument("episode")
    p.add_argument("segment", type=int, help="segment number as `shadowing segments` shows it")
    p.add_argument("action", choices=("split", "merge", "nudge", "correct"))
    p.add_argument("--at-word", type=int, help="split: number of the word that starts the new segment")
    p.add_argument("--start", type=float, help="nudge: seconds to move the start (negative = earlier)")
    p.add_argument("--end", type=float, help="nudge: seconds to move the end")
    p.add_argument("--word", type=int, help="correct: number of the (first) word Whisper got wrong, from 1")
    p.add_argument("--through", type=int, metavar="WORD", help="correct: number of the last wrong word")
    p.add_argument("--text", help='correct: the right words ("Kubernetes")')
    p.add_argument("--glossary", action="store_true", help="correct: add the right words to your glossary too")
    model_arg(p)
    p.set_defaults(func=cmd_edit)


def _practice_commands(sub) -> None:
    """score, demo, gui, practice"""
    model_arg = _model_arg
    p = sub.add_parser("score", help="score a recorded attempt against a segment")
    p.add_argument("episode")
    p.add_argument("attempt", help="the recording (any audio file)")
    p.add_argument("--segment", type=int, help="segment number as `shadowing segments` shows it")
    p.add_argument("--start", type=float, help="instead of --segment: start of the practised stretch (s)")
    p.add_argument("--end", type=float)
    p.add_argument("--mode", choices=("shadow", "repeat", "read"), default="shadow")
    p.add_argument("--unaligned", action="store_true",
                   help="the recording was not made in the app's playback stream: find its offset")
    p.add_argument("--json", action="store_true")
    p.add_argument("--no-save", action="store_true",
                   help="do not keep the attempt (by default a copy goes into the library and today's session)")
    model_arg(p)
    p.set_defaults(func=cmd_score)

    p = sub.add_parser("walk", help="practice tracks for a walk, and scoring the walk's recording")
    walk = p.add_subparsers(dest="walk_command", required=True)
    w = walk.add_parser("export", help="render a practice track (MP3/M4A with chapters) from an episode's sentences")
    w.add_argument("episode")
    w.add_argument("out", help="the track file (.mp3 or .m4a; the format follows --format)")
    pick = w.add_mutually_exclusive_group()
    pick.add_argument("--segments", help="N-M: these sentences (as `shadowing segments` numbers them)")
    pick.add_argument("--stage", choices=("next",), help="next: the stretch the coach has the learner on")
    pick.add_argument("--reviews", action="store_true", help="the sentences due for review today")
    w.add_argument("--loops", default="rule", help="loops of each sentence, or rule (1 passed, 3 new, 5 hard)")
    w.add_argument("--gap", default="1.2x", help="after each loop: 1.2x the sentence (default) or seconds")
    w.add_argument("--speeds", help="a speed ladder, e.g. 0.8,1.0 (pitch kept)")
    w.add_argument("--blind", type=int, default=0, help="rounds over all the sentences again, text hidden")
    w.add_argument("--no-tone", action="store_true", help="no tone before a new sentence")
    w.add_argument("--format", choices=("mp3", "m4a"), default="mp3")
    w.add_argument("--no-playlist", action="store_true", help="no M3U8 of one file per sentence")
    w.add_argument("--dry-run", action="store_true", help="show the plan and its length, write nothing")
    w.add_argument("--json", action="store_true")
    w.add_argument("-q", "--quiet", action="store_true")
    model_arg(w)
    w.set_defaults(func=cmd_walk_export)
    w = walk.add_parser("import", help="score a phone recording of a walk with a track")
    w.add_argument("recording", help="the walk's recording (m4a, aac, opus, amr, wav, mp3...)")
    w.add_argument("--track", help="the track file walked with (default: every track exported here is tried)")
    w.add_argument("--no-pronunciation", action="store_true", help="words and timing only (faster)")
    w.add_argument("--json", action="store_true")
    w.add_argument("-q", "--quiet", action="store_true")
    w.set_defaults(func=cmd_walk_import)

    p = sub.add_parser("demo", help="build (once) and transcribe the offline demo episode")
    model_arg(p)
    p.add_argument("-q", "--quiet", action="store_true")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("install-desktop", help="add Shadow to the applications menu and to \"Open with\" (this user)")
    p.add_argument("--uninstall", action="store_true", help="remove the entry and the icons again")
    p.add_argument("--user", action="store_true", help="for this user only (the default; nothing needs root)")
    p.add_argument("--data-home", help="install under this folder instead of $XDG_DATA_HOME (~/.local/share)")
    p.set_defaults(func=cmd_install_desktop)
    p = sub.add_parser("gui", help="open the desktop app")
    p.add_argument("episode", nargs="?")
    p.set_defaults(func=cmd_gui)
    p = sub.add_parser("practice", help="loop a segment through the speakers and score each attempt")
    p.add_argument("episode", help="a file path or #N from `shadowing list`")
    p.add_argument("--segment", type=int, default=1, help="segment number (from 1), as `shadowing segments` lists")
    unit_arg(p)
    p.add_argument("--mode", choices=("listen", "shadow", "repeat", "read"), default="shadow")
    p.add_argument("--loops", type=int, default=3, help="times to loop (0: until Ctrl+C)")
    p.add_argument("--speed", type=float, default=1.0, help="0.5 to 1.5 in 0.05 steps; pitch is kept")
    p.add_argument("--gap", help="seconds between loops, or a multiple of the segment like 1.5x"
                   " (default 1 s; 1.2x in repeat mode)")
    p.add_argument("--count-in", type=int, default=0, metavar="BEEPS", help="beeps before the first loop")
    p.add_argument("--volume", type=float, default=1.0)
    p.add_argument("--input-file", help="use this recording as the microphone (no sound card needed)")
    p.add_argument("--no-save", action="store_true", help="score without storing the attempts")
    p.add_argument("--json", action="store_true", help="one JSON line per loop")
    p.add_argument("--coach", action="store_true",
                   help="follow the coach's plan for this episode (reviews due first), resuming where it stopped")
    model_arg(p)
    p.set_defaults(func=cmd_practice)


def _review_commands(sub) -> None:
    """today, history, words"""
    p = sub.add_parser("today", help="what to practise today: reviews due, the next stage of your episode, minutes")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_today)

    p = sub.add_parser("history", help="practice sessions, minutes per day, the streak and today's goal")
    p.add_argument("--days", type=int, default=14, help="sessions and daily minutes of the last N days")
    p.add_argument("--goal", type=float, metavar="MINUTES", help="set the daily goal (minutes) first")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_history)

    p = sub.add_parser("words", help="the words you miss or change most, with their sentence")
    p.add_argument("--limit", type=int, default=30)
    p.add_argument("--known", nargs="+", metavar="WORD", help="mark words known (they leave the list)")
    p.add_argument("--unknown", nargs="+", metavar="WORD", help="put words back on the list")
    p.add_argument("--export-anki", metavar="PATH", help="write the listed words as Anki cards with audio: "
                   "PATH.apkg (a deck), or any other name for a TSV with a media folder beside it")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_words)


def _feed_commands(sub) -> None:
    p = sub.add_parser("feed", help="podcasts: subscribe to feeds, list and download episodes")
    fsub = p.add_subparsers(dest="feed_command", required=True, metavar="ACTION")
    f = fsub.add_parser("add", help="subscribe to a feed by its RSS/Atom URL")
    f.add_argument("url")
    f.add_argument("--json", action="store_true")
    f = fsub.add_parser("list", help="your feeds, numbered")
    f.add_argument("--json", action="store_true")
    f = fsub.add_parser("refresh", help="fetch a feed again (all of them without FEED) and show what is new")
    f.add_argument("feed", nargs="?", help="its number in `feed list`, or its URL")
    f = fsub.add_parser("episodes", help="a feed's episodes, newest first, numbered from 1")
    f.add_argument("feed", help="its number in `feed list`, or its URL")
    f.add_argument("--limit", type=int, default=30)
    f.add_argument("--json", action="store_true")
    f = fsub.add_parser("download", help="download an episode (resumable) into the library")
    f.add_argument("feed", help="its number in `feed list`, or its URL")
    f.add_argument("episode", help="its number in `feed episodes` (newest first, from 1), or its guid")
    f.add_argument("-q", "--quiet", action="store_true")
    f = fsub.add_parser("import-opml", help="subscribe to every feed in an OPML file from your podcast app")
    f.add_argument("file")
    p.set_defaults(func=cmd_feed)


def _library_commands(sub) -> None:
    """export-csv, backup, restore, devices"""
    p = sub.add_parser("export-csv", help="write sessions.csv and attempts.csv into a folder")
    p.add_argument("folder")
    p.set_defaults(func=cmd_export_csv)

    p = sub.add_parser("backup", help="the whole library (database and recordings) as one .zip")
    p.add_argument("archive")
    p.set_defaults(func=cmd_backup)

    p = sub.add_parser("restore", help="restore a backup; the current library is moved aside, not deleted")
    p.add_argument("archive")
    p.set_defaults(func=cmd_restore)

    p = sub.add_parser("devices", help="list sound devices, or choose the ones to use")
    p.add_argument("--json", action="store_true")
    p.add_argument("--input", metavar="NAME|INDEX", help="remember this microphone (\"\" for the default)")
    p.add_argument("--output", metavar="NAME|INDEX", help="remember this output (\"\" for the default)")
    p.add_argument("--calibrate", nargs="?", const="loopback", choices=("loopback", "tap"),
                   help="measure the output's latency that the device does not report (Bluetooth): "
                        "loopback (speakers, default) or tap (headphones: say \"ta\" on each click)")
    p.set_defaults(func=cmd_devices)


def _can_show_windows() -> bool:
    from .gui import can_show_windows

    return can_show_windows()


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        if not _can_show_windows():
            parser.print_help()
            print("\nNo screen here (no DISPLAY or WAYLAND_DISPLAY), so the desktop app cannot open."
                  "\nStart with `shadowing demo`, then `shadowing transcribe YOUR_EPISODE.mp3` and"
                  " `shadowing practice YOUR_EPISODE.mp3 --segment 1`.")
            return 0
        args = parser.parse_args(["gui"])
    try:
        return args.func(args)
    except ShadowingError as exc:
        _err(str(exc))
        return EXIT_USAGE
    except BrokenPipeError:
        return 0
    except (OSError, MemoryError, sqlite3.DatabaseError) as exc:  # disk, permissions, a damaged library
        _err(describe(exc))
        return EXIT_USAGE
    except KeyboardInterrupt:
        _err("interrupted")
        return 130


if __name__ == "__main__":
    sys.exit(main())
