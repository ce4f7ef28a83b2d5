"""A walk recording brought home: found against its track, cut into loops, scored, kept.

One flow for ``shadowing walk import`` and File -> Import a walk recording...: the recording is
matched (:mod:`.matching`), every loop of the plan gets a status (scored, skipped, cut), each
spoken loop is scored as an unaligned attempt of its mode by the same scorer as the desk, and
only then is anything stored: a recording that is not a walk of this track adds nothing.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import threading
from dataclasses import dataclass, replace
from datetime import datetime, timedelta, timezone
from pathlib import Path

import numpy as np

from .. import history, media, paths
from ..errors import ShadowingError
from ..i18n import translate
from ..records import Word
from .matching import MIN_SPEECH_S, Fit, LoopSlot, Timing, find_offset, lay_out, speech_onsets, speech_regions
from .plan import WalkPlan

RATE = 16000
MIN_STRENGTH = 1.5  # onsets matched at the best placement over the next best: below it, chance
MIN_ACCURACY = 0.25  # the spoken loops' median word accuracy: below it, not this track's sentences
CUT_SHARE = 0.5  # speech under half the sentence's length (the learner stopped): the loop was cut short
PAD_S = 0.25  # around a slot
TAIL_S = 1.0  # after the last speech in it
PHONE_WORKERS = min(2, os.cpu_count() or 1)


class NotAWalk(ShadowingError):
    """The recording is not a walk of this track (no speech, another track, music)."""


@dataclass
class LoopResult:
    position: int
    loop: int
    speed: float
    mode: str  # shadow | repeat (where the learner spoke); shadow for a skipped loop
    status: str  # scored | skipped | cut
    attempt_start_s: float | None  # recording seconds where the attempt starts
    attempt_end_s: float | None
    text: str
    score: float | None = None
    result: object | None = None  # ScoreResult
    attempt_id: int | None = None
    second: "LoopResult | None" = None  # the other mode, where the learner did both

    def to_dict(self) -> dict:
        data = {"segment": self.position + 1, "loop": self.loop, "mode": self.mode, "status": self.status,
                "score": self.score, "attempt_start_s": None if self.attempt_start_s is None
                else round(self.attempt_start_s, 3), "speed": self.speed}
        if self.result is not None:
            data["word_accuracy"] = round(self.result.word_accuracy, 3)
            data["heard"] = self.result.heard_text
        if self.second is not None:
            data["also"] = {"mode": self.second.mode, "status": self.second.status, "score": self.second.score,
                            "attempt_start_s": round(self.second.attempt_start_s, 3)}
        return data


@dataclass
class WalkImport:
    track_id: str
    recording: Path
    fit: Fit
    loops: list[LoopResult]
    minutes: float
    session_id: int | None = None
    import_id: int | None = None
    episode_id: int | None = None
    already: bool = False  # this recording was imported before: the stored result, nothing added

    @property
    def offset_s(self) -> float:
        return self.fit.offset_s

    def to_dict(self) -> dict:
        counts = {s: sum(1 for lp in self.loops if lp.status == s) for s in ("scored", "skipped", "cut")}
        scores = [lp.score for lp in self.loops if lp.status == "scored" and lp.score is not None]
        return {"track_id": self.track_id, "recording": str(self.recording), "offset_s": self.fit.offset_s,
                "drift_ppm": self.fit.drift_ppm, "match_strength": self.fit.strength,
                "minutes": round(self.minutes, 1), "session_id": self.session_id, "import_id": self.import_id,
                "already_imported": self.already, **counts,
                "mean_score": round(float(np.mean(scores)), 1) if scores else None,
                "loops": [lp.to_dict() for lp in self.loops]}


# --- the plans the library knows ---------------------------------------------------------------

def store_plan(library, plan: WalkPlan, path: str | os.PathLike | None) -> None:
    with library.transaction() as db:
        db.execute("INSERT INTO walk_tracks (track_id, episode_id, path, plan) VALUES (?,?,?,?)"
                   " ON CONFLICT(track_id) DO UPDATE SET path = excluded.path",
                   (plan.track_id, plan.episode_id, str(path) if path else None, plan.to_json()))


def stored_plans(library, limit: int = 20) -> list[WalkPlan]:
    rows = library.db.execute("SELECT plan FROM walk_tracks ORDER BY created_at DESC, id DESC LIMIT ?",
                              (limit,)).fetchall()
    return [WalkPlan.from_json(r[0]) for r in rows]


def plan_of_track(library, track: str | os.PathLike) -> WalkPlan:
    """The plan embedded in a track file (or stored under its id)."""
    from .track import read_plan

    found = read_plan(track) if Path(track).exists() else None
    if found is None:
        row = library.db.execute("SELECT plan FROM walk_tracks WHERE track_id = ? OR path = ?",
                                 (str(track), str(Path(track).resolve()))).fetchone()
        found = WalkPlan.from_json(row[0]) if row else None
    if found is None:
        raise NotAWalk(translate("Errors", "{track} is not a practice track made by Shadow (no plan inside)").format(
            track=track))
    return found


def localised(library, plan: WalkPlan) -> WalkPlan:
    """The plan with this library's ids: a track made on another computer (or before the library
    was restored) names episode and segment ids of that library. The episode is found by its
    content, a sentence by its span; what is not here stays unattached (None), never attached to
    whatever has that number here."""
    from .. import episodes

    episode = library.episode_by_hash(plan.episode_hash) if plan.episode_hash else None
    if episode is None:
        return replace(plan, episode_id=None, loops=tuple(replace(lp, segment_id=None) for lp in plan.loops))
    if episode.id == plan.episode_id:
        return plan
    transcript = episodes.best_transcript(library, episode)
    spans = {(round(s.start, 2), round(s.end, 2)): s.id for s in (library.segments(transcript.id) if transcript else [])}
    return replace(plan, episode_id=episode.id, loops=tuple(
        replace(lp, segment_id=spans.get((round(lp.source_start, 2), round(lp.source_end, 2)))) for lp in plan.loops))


def learner_timing(library) -> Timing:
    """The learner's usual shadowing lag, from their desk attempts recorded in the app's stream
    (the default where none): an unaligned attempt's lag (a walk's, a file scored from the
    terminal) was itself measured against an assumed start, and would feed the guess back in."""
    rows = library.db.execute("SELECT lag_ms FROM attempts WHERE status = 'scored' AND mode = 'shadow'"
                              " AND lag_ms IS NOT NULL AND json_extract(result, '$.aligned') = 1"
                              " ORDER BY recorded_at DESC LIMIT 200").fetchall()
    lags = [r[0] / 1000.0 for r in rows if r[0] is not None and -0.5 < r[0] / 1000.0 < 2.0]
    return Timing(lag_s=round(float(np.median(lags)), 3)) if len(lags) >= 5 else Timing()


# --- the flow ----------------------------------------------------------------------------------

def load_recording(path: str | os.PathLike) -> np.ndarray:
    """The whole recording at 16 kHz mono (an hour is 230 MB of float32: fine for a desktop)."""
    blocks = list(media.iter_audio(path, block_s=60.0, rate=RATE))
    return np.concatenate(blocks) if blocks else np.zeros(0, np.float32)


def _source_words(plan: WalkPlan, loop) -> list[Word]:
    return [Word(s / loop.speed, e / loop.speed, t) for s, e, t in loop.words]


def _source_audio(episode_path: str | None, loop, cache: dict) -> np.ndarray | None:
    """The sentence as the track played it, at 16 kHz (None when the episode is not at hand)."""
    key = (loop.position, loop.speed)
    if key in cache:
        return cache[key]
    audio = None
    if episode_path and Path(episode_path).exists():
        try:
            audio = media.load_span(episode_path, loop.source_start, loop.source_end, rate=RATE)
            if loop.speed != 1.0 and audio.size:
                from ..audio.clip import stretch_here

                audio = stretch_here(np.concatenate([np.zeros(2000, np.float32), audio, np.zeros(2000, np.float32)]),
                                     RATE, loop.speed, 2000)
        except ShadowingError:
            audio = None
    cache[key] = audio
    return audio


def _status(slot: LoopSlot) -> tuple[str, str, float]:
    """(status, mode, speech seconds) of a loop from the speech in its slots."""
    mode, speech = ("repeat", slot.repeat_speech) if slot.repeat_speech > slot.shadow_speech else \
        ("shadow", slot.shadow_speech)
    if speech < max(MIN_SPEECH_S, 0.15 * slot.expected):
        return "skipped", "shadow", speech
    if not slot.inside or speech < CUT_SHARE * slot.expected:
        return "cut", mode, speech
    return "scored", mode, speech


def _clip(audio: np.ndarray, span: tuple[float, float], regions: list[tuple[float, float]] | None = None,
          ) -> tuple[np.ndarray, float, float]:
    """The attempt in a slot, as the desk would have recorded it: from the slot's start to a
    second after the last speech in it (``regions``: the recording's). A slot runs to the end of
    the gap and the learner's words take half of it or less: every second cut here is one that
    Whisper and the phone recogniser need not hear. The start stays where the slot starts: Silero
    hears a soft first sound in street noise up to ~0.35 s late, and Whisper heard a clip cut
    close to the words otherwise than the desk's attempt (tests/test_walk.py: two words fewer
    right in one loop, 14 points under the desk's score)."""
    lo, hi = span[0] - PAD_S, span[1] + PAD_S
    if regions:
        inside = [min(span[1], b) for a, b in regions if b > span[0] and a < span[1]]
        if inside:
            hi = min(hi, inside[-1] + TAIL_S)
    lo, hi = max(0.0, lo), min(audio.size / RATE, hi)
    return audio[int(lo * RATE): int(hi * RATE)], lo, hi


def match(plan: WalkPlan, audio: np.ndarray, timing: Timing = Timing()) -> tuple[Fit, list, list[LoopSlot]]:
    """Lay the plan on the recording, or say why it is not a walk of this track."""
    duration = audio.size / RATE
    regions = speech_regions(audio, RATE)
    if sum(b - a for a, b in regions) < 2.0:
        raise NotAWalk(translate("Errors", "no speech in this recording: nothing was imported"))
    fit = find_offset(speech_onsets(audio, regions, RATE), duration, plan, timing)
    if fit.strength < MIN_STRENGTH or fit.covered == 0:
        raise NotAWalk(translate("Errors", "this recording does not follow the track's loops (another track, or"
                                 " not a walk): nothing was imported"))
    return fit, regions, lay_out(plan, fit, regions, duration, timing)


def score_walk(plan: WalkPlan, audio: np.ndarray, slots: list[LoopSlot], engine=None, episode_path: str | None = None,
               phones: bool = True, progress=None, cancelled=None,
               regions: list[tuple[float, float]] | None = None) -> list[LoopResult]:
    """Every loop's status, and a score for each spoken one (both modes where the learner
    shadowed and then repeated). The attempts are transcribed together, each in its own Whisper
    window of a batch, then scored one by one as the desk scores.
    ``regions``: the recording's speech (as :func:`match` found it), to cut each attempt to it."""
    from ..scoring import Attempt, score_attempt
    from ..pronunciation import noise_floor, spare_recognisers
    from ..scoring.scorer import judges_pronunciation, listen
    from ..transcription.engine import get_engine

    engine = engine or get_engine()
    regions = speech_regions(audio, RATE) if regions is None else regions
    cache: dict = {}
    out: list[LoopResult] = []
    todo: list[tuple[LoopResult, str, np.ndarray]] = []  # (entry to fill, mode, clip)
    floors: list[float] = []  # each attempt's slot's noise floor (its silence too, not only its words)

    def attempt_in(span: tuple[float, float]) -> tuple[np.ndarray, float, float]:
        floors.append(noise_floor(_clip(audio, span)[0]))
        return _clip(audio, span, regions)

    for slot in slots:
        lp = slot.loop
        status, mode, _ = _status(slot)
        entry = LoopResult(lp.position, lp.loop, lp.speed, mode, status, None, None, lp.text)
        out.append(entry)
        if status == "skipped":
            continue
        clip, entry.attempt_start_s, entry.attempt_end_s = attempt_in(slot.shadow if mode == "shadow" else slot.repeat)
        todo.append((entry, mode, clip))
        other_speech = slot.repeat_speech if mode == "shadow" else slot.shadow_speech
        if other_speech >= CUT_SHARE * slot.expected and slot.inside:  # both: shadowed, then repeated
            other = "repeat" if mode == "shadow" else "shadow"
            clip2, lo2, hi2 = attempt_in(slot.repeat if other == "repeat" else slot.shadow)
            entry.second = LoopResult(lp.position, lp.loop, lp.speed, other, "scored", lo2, hi2, lp.text)
            todo.append((entry.second, other, clip2))
    planned = plan.by_key()
    sources = [_source_words(plan, planned[(entry.position, entry.loop)]) for entry, _m, _c in todo]
    # Each loop is heard three ways, by native code that runs without the GIL: Whisper's words
    # (all loops at once, a window each), its phones and pitch (two workers, each with its own phone
    # recogniser: one is not re-entrant), and its words placed on the signal (this thread, which
    # then scores it). The workers run at the lowest CPU priority: Whisper's threads wait for each
    # other, and a core taken from one stalls them all (43-min walk: 43 s alone, 54-65 s beside the
    # phones at equal priority); at the lowest, the phones take only what Whisper leaves idle, then
    # both cores once it is done.
    listened: list = [None] * len(todo)
    ready = [threading.Event() for _ in todo]
    # every sentence's reading is heard once for the whole walk, in the walk's noise (the median of
    # its loops' floors): with each loop's own floor, a sentence was heard again for most loops
    references: dict = {}
    noise = float(np.median(floors)) if floors else None
    judge = phones and judges_pronunciation(engine)
    queue = iter(range(len(todo)))
    queue_lock = threading.Lock()

    def hear_phones(recogniser) -> None:
        lowest_thread_priority()
        while True:
            with queue_lock:
                k = next(queue, None)
            if k is None:
                return
            try:
                if not (cancelled is not None and cancelled()):
                    listened[k] = listen(todo[k][2], sources[k], references, noise, recogniser)
                    if listened[k] is not None:
                        listened[k]._thread.join()
            except Exception:  # noqa: BLE001 - the scoring thread hears this loop itself, and says why
                listened[k] = None
            finally:
                ready[k].set()

    workers = [threading.Thread(target=hear_phones, args=(recogniser,), name=f"walk-phones-{n}", daemon=True)
               for n, recogniser in enumerate(spare_recognisers(PHONE_WORKERS))] if judge and todo else []
    for worker in workers:
        worker.start()
    try:
        heard = engine.transcribe_clips([clip for _e, _m, clip in todo], align=False) if todo else []
        for k, (entry, mode, clip) in enumerate(todo):
            if cancelled is not None and cancelled():
                raise ShadowingError(translate("Errors", "cancelled: nothing was imported"))
            words = engine.time_words(clip, heard[k])
            if workers:
                ready[k].wait()
            lp = planned[(entry.position, entry.loop)]
            entry.result = score_attempt(sources[k], Attempt(clip, mode, False), _source_audio(episode_path, lp, cache),
                                         engine, phones=phones, heard=words, listening=listened[k])
            entry.score = entry.result.score
            if progress is not None:
                progress(k + 1, len(todo))
    finally:
        with queue_lock:  # a cancel or a failure: the workers stop after the loop in hand
            for _k in queue:
                ready[_k].set()
    spoken = [lp.result.word_accuracy for lp in out if lp.result is not None and lp.status == "scored"]
    if not spoken or float(np.median(spoken)) < MIN_ACCURACY:
        raise NotAWalk(translate("Errors", "the speech in this recording is not this track's sentences (another"
                                 " track?): nothing was imported"))
    return out


def lowest_thread_priority() -> None:
    """This thread (and the threads it starts) at the lowest CPU priority, where the system
    allows it (Linux: nice is per thread; elsewhere the id would name a process). Not the
    transcription worker's background_priority(): that lowers a whole child process a little,
    this one thread of the app's as far as it goes."""
    if not sys.platform.startswith("linux"):
        return
    try:
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 19)
    except (AttributeError, OSError):
        pass


def _walk_times(recording: Path, duration: float, fit: Fit, plan: WalkPlan) -> tuple[datetime, float]:
    """When the track started (wall clock) and how many minutes of it the recording covers. A
    phone's voice memo is written when it stops: its modification time is the recording's end."""
    end = datetime.fromtimestamp(recording.stat().st_mtime, timezone.utc)
    began = end - timedelta(seconds=duration) + timedelta(seconds=fit.offset_s)
    covered = min(duration, fit.to_recording(plan.duration)) - max(0.0, fit.offset_s)
    return began, max(0.0, covered) / 60.0


def _store(library, plan: WalkPlan, recording: Path, content_hash: str, audio: np.ndarray, fit: Fit,
           loops: list[LoopResult], began: datetime, minutes: float) -> tuple[int, int]:
    """The kept recording, one attempt (a WAV cut of it) per spoken loop, a session of origin walk."""
    from ..practice import keep_recording
    from ..storage.library import _stored_path

    folder = paths.data_dir() / "recordings" / "walks"
    kept = keep_recording(recording, folder)
    cuts = folder / kept.stem
    cuts.mkdir(parents=True, exist_ok=True)
    scale = 1 + fit.drift_ppm * 1e-6
    session = None
    try:
        with library.transaction() as db:
            session = db.execute("INSERT INTO sessions (origin, started_at, last_active_at, ended_at)"
                                 " VALUES ('walk', ?, ?, ?)", (history.stamp(began),
                                                               history.stamp(began + timedelta(minutes=minutes)),
                                                               history.stamp(began + timedelta(minutes=minutes)))
                                 ).lastrowid
            episode_id = plan.episode_id if plan.episode_id is not None and db.execute(
                "SELECT 1 FROM episodes WHERE id = ?", (plan.episode_id,)).fetchone() else None
            by_loop = plan.by_key()
            for entry in loops:
                planned = by_loop[(entry.position, entry.loop)]
                at = began + timedelta(seconds=planned.play_start / plan.rate * scale)
                seconds = (planned.gap_end - planned.play_start) / plan.rate
                segment_id = planned.segment_id if planned.segment_id is not None and db.execute(
                    "SELECT 1 FROM segments WHERE id = ?", (planned.segment_id,)).fetchone() else None
                if fit.to_recording(planned.play_start / plan.rate) >= 0 and \
                        fit.to_recording(planned.gap_end / plan.rate) <= audio.size / RATE + 1:
                    db.execute("INSERT INTO activity (session_id, started_at, seconds, mode, episode_id, segment_id)"
                               " VALUES (?,?,?,?,?,?)", (session, history.stamp(at), seconds,
                                                         entry.mode if entry.status != "skipped" else "listen",
                                                         episode_id, segment_id))
        for entry in loops:
            planned = by_loop[(entry.position, entry.loop)]
            for part in (entry, entry.second):
                if part is None or part.result is None:
                    continue
                lo, hi = part.attempt_start_s, part.attempt_end_s
                path = cuts / f"s{entry.position + 1:03d}-l{entry.loop}-{part.mode}.wav"
                _write_wav(path, audio[int(lo * RATE): int(hi * RATE)])
                meta = {"episode_id": episode_id, "episode_title": plan.episode_title, "segment_id": planned.segment_id,
                        "segment_index": planned.position, "source_text": planned.text,
                        "source_start": planned.source_start, "source_end": planned.source_end, "mode": part.mode,
                        "speed": planned.speed, "loop": entry.loop, "origin": "walk", "walk_track": plan.track_id,
                        "walk_recording": str(kept), "walk_start_s": round(lo, 3), "walk_status": part.status,
                        "session_id": session}
                part.attempt_id = library.add_attempt(meta, path, (hi - lo), "recorded")
                library.set_attempt_result(part.attempt_id, part.result.to_dict())
        summary = WalkImport(plan.track_id, kept, fit, loops, minutes)
        with library.transaction() as db:
            import_id = db.execute("INSERT INTO walk_imports (track_id, recording, content_hash, session_id, result)"
                                   " VALUES (?,?,?,?,?)", (plan.track_id, str(kept), content_hash, session,
                                                           json.dumps(summary.to_dict()))).lastrowid
    except BaseException:
        # nothing half-imported (a full disk while cutting): the copy, its cuts, their attempts and
        # the walk's session go again
        shutil.rmtree(cuts, ignore_errors=True)
        kept.unlink(missing_ok=True)
        with library.transaction() as db:
            db.execute("DELETE FROM attempts WHERE path LIKE ?", (_stored_path(cuts) + "%",))
            if session is not None:
                db.execute("DELETE FROM sessions WHERE id = ?", (session,))
        raise
    return session, import_id


def _write_wav(path: Path, samples: np.ndarray) -> None:
    """A cut as 16-bit WAV, written by Python: libsndfile says only "System error." when the disk
    fills, where Python's write raises the OSError (ENOSPC) the learner's message is made from."""
    import io

    import soundfile

    data = io.BytesIO()
    soundfile.write(data, samples, RATE, subtype="PCM_16", format="WAV")
    path.write_bytes(data.getvalue())


def feed_the_coach(library, plan: WalkPlan, loops: list[LoopResult], now: datetime | None = None) -> None:
    """Each sentence's best full loop: a due review moves on or back; a sentence the walk did not
    get right goes into the review queue like a hard one at the desk."""
    from .. import coach, coaching

    cfg = coaching.coach_settings()
    now = now or datetime.now(timezone.utc)
    queue = {r.segment_id: r for r in coaching.reviews(library)}
    by_loop = plan.by_key()
    best: dict[int, tuple] = {}
    for entry in loops:
        planned = by_loop[(entry.position, entry.loop)]
        if entry.status != "scored" or entry.result is None or planned.segment_id is None:
            continue
        candidate = (entry.score or 0.0, entry.result, entry.mode, planned)
        if planned.segment_id not in best or candidate[0] > best[planned.segment_id][0]:
            best[planned.segment_id] = candidate
    exists = {r[0] for r in library.db.execute("SELECT id FROM segments").fetchall()}
    for segment_id, (score, result, mode, planned) in best.items():
        if segment_id not in exists:
            continue
        # an unaligned attempt's "lag" is where its speech began in the cut, not a shadowing lag:
        # the walk is judged on its score
        outcome = coach.Outcome(result.score, None)
        review = queue.get(segment_id)
        if review is not None and not review.mastered:
            if review.due_at <= now:
                coaching.apply_review(library, review, outcome, now, cfg)
        elif not cfg.passes(outcome.score, None, mode):
            coaching.save_review(library, coach.schedule_new(segment_id, plan.episode_id, now, cfg, planned.text))


def import_walk(library, recording: str | os.PathLike, track: str | os.PathLike | None = None, engine=None,
                phones: bool = True, progress=None, cancelled=None) -> WalkImport:
    """Match, score and keep a walk recording. ``track``: the track file (or its id); without it,
    every track the library made is tried and the one the recording follows is taken."""
    recording = Path(recording)
    info = media.probe(recording)  # a clear message for a missing, empty or corrupt file
    done = library.db.execute("SELECT result, session_id, id FROM walk_imports WHERE content_hash = ?",
                              (info.content_hash,)).fetchone()
    candidates = [plan_of_track(library, track)] if track is not None else stored_plans(library)
    if not candidates:
        raise NotAWalk(translate("Errors", "no practice track to match: export one first (walk export), or give"
                                 " --track"))
    audio = load_recording(recording)
    timing = learner_timing(library)
    matched, reasons = [], []
    for plan in candidates:
        try:
            matched.append((plan, *match(plan, audio, timing)))
        except NotAWalk as exc:
            reasons.append(exc)
    if not matched:
        raise reasons[0]
    plan, fit, regions, slots = max(matched, key=lambda m: m[1].strength)
    plan = localised(library, plan)
    slots = [replace(slot, loop=lp) for slot, lp in zip(slots, plan.loops)]
    if done is not None:
        stored = json.loads(done[0])
        if stored.get("track_id") == plan.track_id:
            return _from_stored(stored, plan, fit, done[1], done[2])
    episode_path = None
    if plan.episode_id is not None:
        row = library.db.execute("SELECT path FROM episodes WHERE id = ?", (plan.episode_id,)).fetchone()
        episode_path = row[0] if row else None
    loops = score_walk(plan, audio, slots, engine, episode_path, phones, progress, cancelled, regions)
    began, minutes = _walk_times(recording, audio.size / RATE, fit, plan)
    session, import_id = _store(library, plan, recording, info.content_hash, audio, fit, loops, began, minutes)
    feed_the_coach(library, plan, loops)
    result = WalkImport(plan.track_id, recording, fit, loops, minutes, session, import_id, plan.episode_id)
    return result


def _from_stored(stored: dict, plan: WalkPlan, fit: Fit, session_id: int, import_id: int) -> WalkImport:
    loops = [LoopResult(e["segment"] - 1, e["loop"], e.get("speed", 1.0), e["mode"], e["status"],
                        e.get("attempt_start_s"), None, "", e.get("score")) for e in stored["loops"]]
    return WalkImport(plan.track_id, Path(stored["recording"]), fit, loops, stored.get("minutes", 0.0), session_id,
                      import_id, plan.episode_id, already=True)


def imports(library, limit: int = 50) -> list[dict]:
    rows = library.db.execute("SELECT id, result, imported_at FROM walk_imports ORDER BY id DESC LIMIT ?",
                              (limit,)).fetchall()
    return [{**json.loads(r[1]), "import_id": r[0], "imported_at": r[2]} for r in rows]


__all__ = ["NotAWalk", "LoopResult", "WalkImport", "import_walk", "match", "score_walk", "store_plan",
           "stored_plans", "plan_of_track", "learner_timing", "feed_the_coach", "imports"]
