"""Practice sessions, daily minutes, the streak and weak words: what keeps a learner going.

A session is one sitting. It starts with the first loop played and ends after ``IDLE`` without
practice, or when the app closes. Active time is what was played or recorded (each loop's
length), not how long the window was open. Times are stored in UTC; days (minutes per day, the
streak) are the learner's local days, in the time zone they are in when they look.
"""

from __future__ import annotations

import json
import statistics
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta, timezone, tzinfo

from .i18n import translate
from .scoring.text import normalise_word

IDLE = timedelta(minutes=10)
DEFAULT_GOAL_MIN = 15


def now_utc() -> datetime:
    return datetime.now(timezone.utc)


def local_zone() -> tzinfo:
    return datetime.now().astimezone().tzinfo


def stamp(at: datetime) -> str:
    """The library's timestamp format: UTC, milliseconds, 'Z'."""
    if at.tzinfo is None:
        raise ValueError("timestamps must be time-zone aware")
    return at.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def parse(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


# --- recording what happens ------------------------------------------------------------------

def current_session(library, at: datetime | None = None, origin: str = "app") -> int:
    """The open session if it was active within IDLE of ``at``; else it is closed and a new one opened."""
    at = at or now_utc()
    with library.transaction() as db:
        row = db.execute("SELECT id, started_at, last_active_at FROM sessions WHERE ended_at IS NULL"
                         " ORDER BY id DESC LIMIT 1").fetchone()
        if row is not None and parse(row["started_at"]) - IDLE <= at <= parse(row["last_active_at"]) + IDLE:
            if at < parse(row["started_at"]):
                db.execute("UPDATE sessions SET started_at = ? WHERE id = ?", (stamp(at), row["id"]))
            return row["id"]
        if row is not None:
            db.execute("UPDATE sessions SET ended_at = last_active_at WHERE id = ?", (row["id"],))
        cur = db.execute("INSERT INTO sessions (origin, started_at, last_active_at) VALUES (?, ?, ?)",
                         (origin, stamp(at), stamp(at)))
        return cur.lastrowid


def log_activity(library, seconds: float, mode: str, episode_id: int | None = None,
                 segment_id: int | None = None, at: datetime | None = None, origin: str = "app") -> int:
    """One loop played (or one attempt scored from the terminal), ending at ``at``. Returns its session."""
    at = at or now_utc()
    seconds = max(0.0, float(seconds))
    started = at - timedelta(seconds=seconds)
    session = current_session(library, started, origin)
    with library.transaction() as db:
        for column, value, table in (("episode_id", episode_id, "episodes"), ("segment_id", segment_id, "segments")):
            if value is not None and not db.execute(f"SELECT 1 FROM {table} WHERE id = ?", (value,)).fetchone():
                if column == "episode_id":
                    episode_id = None
                else:
                    segment_id = None
        db.execute("INSERT INTO activity (session_id, started_at, seconds, mode, episode_id, segment_id)"
                   " VALUES (?, ?, ?, ?, ?, ?)", (session, stamp(started), seconds, mode, episode_id, segment_id))
        db.execute("UPDATE sessions SET last_active_at = MAX(last_active_at, ?) WHERE id = ?", (stamp(at), session))
    return session


def end_session(library, at: datetime | None = None) -> None:
    """The app closes: the open session ends at its last activity."""
    with library.transaction() as db:
        db.execute("UPDATE sessions SET ended_at = last_active_at WHERE ended_at IS NULL")


def adopt_orphans(library) -> int:
    """Attempts with no session (older libraries, recovered recordings) get sessions by the idle rule,
    with their own lengths as active time. Returns how many were adopted."""
    rows = library.db.execute("SELECT id, recorded_at, duration, mode, episode_id, segment_id FROM attempts"
                              " WHERE session_id IS NULL ORDER BY recorded_at, id").fetchall()
    for row in rows:
        at = parse(row["recorded_at"])
        session = log_activity(library, row["duration"], row["mode"], row["episode_id"], row["segment_id"],
                               at=at, origin="recovered")
        with library.transaction() as db:
            db.execute("UPDATE attempts SET session_id = ? WHERE id = ?", (session, row["id"]))
    return len(rows)


# --- looking back ----------------------------------------------------------------------------

@dataclass
class SegmentProgress:
    segment_id: int | None
    text: str
    attempts: int
    first_score: float | None
    last_score: float | None
    mean_score: float | None

    @property
    def gain(self) -> float | None:
        if self.first_score is None or self.last_score is None or self.attempts < 2:
            return None
        return self.last_score - self.first_score


@dataclass
class SessionSummary:
    id: int
    origin: str
    started_at: str
    ended_at: str | None
    minutes: float
    episodes: list[str]
    segments: int
    attempts: int
    scored: int
    mean_score: float | None
    best_score: float | None
    mean_word_accuracy: float | None
    median_lag_ms: float | None
    minutes_by_mode: dict[str, float] = field(default_factory=dict)
    attempts_by_mode: dict[str, int] = field(default_factory=dict)
    improved: list[SegmentProgress] = field(default_factory=list)
    hardest: list[SegmentProgress] = field(default_factory=list)

    def to_dict(self) -> dict:
        data = asdict(self)
        for key in ("improved", "hardest"):
            for item, progress in zip(data[key], getattr(self, key)):
                item["gain"] = progress.gain
        return data


def _mean(values):
    values = [v for v in values if v is not None]
    return round(statistics.fmean(values), 2) if values else None


def summarise(library, session_id: int) -> SessionSummary:
    s = library.db.execute("SELECT * FROM sessions WHERE id = ?", (session_id,)).fetchone()
    if s is None:
        raise KeyError(session_id)
    activity = library.db.execute("SELECT * FROM activity WHERE session_id = ?", (session_id,)).fetchall()
    attempts = library.db.execute(
        "SELECT a.*, e.title FROM attempts a LEFT JOIN episodes e ON e.id = a.episode_id"
        " WHERE a.session_id = ? ORDER BY a.recorded_at, a.id", (session_id,)).fetchall()
    titles = library.db.execute(
        "SELECT DISTINCT e.title FROM activity x JOIN episodes e ON e.id = x.episode_id WHERE x.session_id = ?"
        " UNION SELECT DISTINCT e.title FROM attempts a JOIN episodes e ON e.id = a.episode_id"
        " WHERE a.session_id = ?", (session_id, session_id)).fetchall()
    by_mode: dict[str, float] = defaultdict(float)
    for a in activity:
        by_mode[a["mode"]] += a["seconds"] / 60
    attempts_by_mode: dict[str, int] = defaultdict(int)
    per_segment: dict = defaultdict(list)
    for a in attempts:
        attempts_by_mode[a["mode"]] += 1
        per_segment[a["segment_id"] if a["segment_id"] is not None else ("text", a["source_text"])].append(a)
    scored = [a for a in attempts if a["score"] is not None]
    lags = [a["lag_ms"] for a in scored if a["lag_ms"] is not None and a["mode"] == "shadow"]
    progress = []
    for key, rows in per_segment.items():
        scores = [r["score"] for r in rows if r["score"] is not None]
        progress.append(SegmentProgress(key if isinstance(key, int) else None, rows[0]["source_text"], len(rows),
                                        scores[0] if scores else None, scores[-1] if scores else None,
                                        _mean(scores)))
    improved = sorted((p for p in progress if p.gain is not None and p.gain > 0), key=lambda p: -p.gain)[:3]
    hardest = sorted((p for p in progress if p.mean_score is not None), key=lambda p: p.mean_score)[:3]
    segment_ids = {a["segment_id"] for a in activity if a["segment_id"] is not None}
    segment_ids |= {a["segment_id"] for a in attempts if a["segment_id"] is not None}
    return SessionSummary(
        s["id"], s["origin"], s["started_at"], s["ended_at"], round(sum(by_mode.values()), 2),
        sorted(t[0] for t in titles), len(segment_ids) or len(per_segment), len(attempts), len(scored),
        _mean([a["score"] for a in scored]), max((a["score"] for a in scored), default=None),
        _mean([a["word_accuracy"] for a in scored]),
        round(statistics.median(lags), 1) if lags else None,
        {k: round(v, 2) for k, v in by_mode.items()}, dict(attempts_by_mode), improved, hardest)


def sessions(library, since: datetime | None = None) -> list[SessionSummary]:
    """Newest first."""
    adopt_orphans(library)
    sql, args = "SELECT id FROM sessions", ()
    if since is not None:
        sql, args = sql + " WHERE last_active_at >= ?", (stamp(since),)
    rows = library.db.execute(sql + " ORDER BY started_at DESC, id DESC", args).fetchall()
    return [summarise(library, r["id"]) for r in rows]


def daily_minutes(library, tz: tzinfo | None = None, days: int | None = None,
                  today: date | None = None) -> dict[date, float]:
    """Minutes of practice per local day. A loop that runs over midnight counts on both days."""
    tz = tz or local_zone()
    out: dict[date, float] = defaultdict(float)
    for row in library.db.execute("SELECT started_at, seconds FROM activity"):
        start = parse(row["started_at"]).astimezone(tz)
        end = start + timedelta(seconds=row["seconds"])
        while start < end:
            midnight = datetime.combine(start.date() + timedelta(days=1), datetime.min.time(), tzinfo=tz)
            piece_end = min(end, midnight)
            out[start.date()] += (piece_end - start).total_seconds() / 60
            start = piece_end
    every = {d: round(m, 2) for d, m in sorted(out.items())}
    return every if days is None else last_days(every, days, today or datetime.now(tz).date())


def last_days(minutes_by_day: dict[date, float], days: int, today: date) -> dict[date, float]:
    """The ``days`` days up to today, practised or not."""
    first = today - timedelta(days=days - 1)
    return {d: minutes_by_day.get(d, 0.0) for d in (first + timedelta(n) for n in range(days))}


def streak(minutes_by_day: dict[date, float], today: date, minimum: float = 1.0) -> int:
    """Days in a row with at least ``minimum`` minutes, up to today; a day not yet practised
    today does not break it (the streak is alive until today ends)."""
    day = today if minutes_by_day.get(today, 0.0) >= minimum else today - timedelta(days=1)
    count = 0
    while minutes_by_day.get(day, 0.0) >= minimum:
        count += 1
        day -= timedelta(days=1)
    return count


@dataclass
class Habit:
    today: str
    today_minutes: float
    goal_minutes: float
    streak_days: int
    last_days: dict[str, float]

    def to_dict(self) -> dict:
        return asdict(self)


def habit(library, goal_minutes: float, tz: tzinfo | None = None, days: int = 7, now: datetime | None = None) -> Habit:
    tz = tz or local_zone()
    today = (now or now_utc()).astimezone(tz).date()
    every = daily_minutes(library, tz)  # one pass over the activity serves both figures
    last = last_days(every, days, today)
    return Habit(today.isoformat(), round(every.get(today, 0.0), 2), goal_minutes, streak(every, today),
                 {d.isoformat(): m for d, m in last.items()})


# --- weak words --------------------------------------------------------------------------------

def word_key(text: str) -> str:
    """How a word is counted: normalised as the scorer compares ("Don't," and "do not" are one)."""
    return " ".join(normalise_word(text))


@dataclass
class WeakWord:
    word: str  # normalised (what is counted)
    shown: str  # as the transcript writes it, from the latest miss
    missed: int
    substituted: int
    seen: int  # attempts in which the word was in the source
    heard_as: list[str]
    sentence: str
    segment_id: int | None
    episode_id: int | None
    source_start: float
    source_end: float
    last_at: str
    mispronounced: int = 0  # attempts where Whisper heard the word but a sound of it came out wrong
    sounds: list[str] = field(default_factory=list)  # the sounds said wrong: "/θ/ → /s/"
    doubtful: bool = False  # the source word may be Whisper's mistake ("Qber"): never exported unasked

    @property
    def errors(self) -> int:
        return self.missed + self.substituted + self.mispronounced

    @property
    def error_rate(self) -> float:
        return self.errors / self.seen if self.seen else 0.0

    def to_dict(self) -> dict:
        return dict(asdict(self), errors=self.errors, error_rate=round(self.error_rate, 3))


def weak_words(library, limit: int = 50, include_known: bool = False, min_errors: int = 1) -> list[WeakWord]:
    """Words most often missed, changed or mispronounced across scored attempts, with their
    latest sentence and the sounds that came out wrong.

    Ranked by errors, then by error rate (a word missed 3 of 3 times before one missed 3 of 10).
    """
    known = set() if include_known else {r[0] for r in library.db.execute("SELECT word FROM known_words")}
    stats: dict[str, WeakWord] = {}
    rows = library.db.execute("SELECT id, episode_id, segment_id, source_start, source_end, source_text, result,"
                              " recorded_at FROM attempts WHERE result IS NOT NULL ORDER BY recorded_at, id")
    for row in rows:
        try:
            words = json.loads(row["result"]).get("words", [])
        except ValueError:
            continue
        seen_here = set()
        for w in words:
            if w.get("status") == "inserted":
                continue
            key = word_key(w.get("word", ""))
            if not key or key in known:
                continue
            entry = stats.get(key)
            if entry is None:
                entry = stats[key] = WeakWord(key, w["word"], 0, 0, 0, [], row["source_text"], row["segment_id"],
                                              row["episode_id"], row["source_start"], row["source_end"],
                                              row["recorded_at"])
            if key not in seen_here:
                entry.seen += 1
                seen_here.add(key)
            wrong_sounds = [sound_change(p) for p in (w.get("phones") or ()) if not p.get("ok", True)]
            for sound in wrong_sounds:
                if sound not in entry.sounds:
                    entry.sounds.append(sound)
            if w["status"] == "correct" and wrong_sounds:
                entry.mispronounced += 1
                entry.shown = w["word"].strip(".,;:!?\"'()")
                entry.sentence, entry.segment_id, entry.episode_id = row["source_text"], row["segment_id"], row["episode_id"]
                entry.source_start, entry.source_end, entry.last_at = row["source_start"], row["source_end"], row["recorded_at"]
            if w["status"] in ("missed", "substituted"):
                entry.missed += w["status"] == "missed"
                entry.substituted += w["status"] == "substituted"
                heard = word_key(w.get("heard") or "")
                if w["status"] == "substituted" and heard and heard not in entry.heard_as:
                    entry.heard_as.append(heard)
                entry.shown = w["word"].strip(".,;:!?\"'()")
                entry.sentence, entry.segment_id, entry.episode_id = row["source_text"], row["segment_id"], row["episode_id"]
                entry.source_start, entry.source_end, entry.last_at = row["source_start"], row["source_end"], row["recorded_at"]
    ranked = [w for w in stats.values() if w.errors >= min_errors]
    ranked.sort(key=lambda w: (-w.errors, -w.error_rate, w.word))
    ranked = ranked[:limit]
    _mark_doubtful(library, ranked)
    return ranked


def _mark_doubtful(library, words: list[WeakWord]) -> None:
    """A weak word whose source word is doubtful (see :mod:`.transcription.doubt`: no dictionary
    has it, or Whisper was unsure of it, and the learner has neither corrected it nor put it in
    the glossary) may be a word nobody said: it is listed, marked, and kept out of Anki decks."""
    from .records import Word
    from .transcription import doubt

    glossary = doubt.glossary_keys(library.glossary())
    sources: dict[int, list] = {}
    for w in words:
        found = None
        if w.segment_id is not None:
            if w.segment_id not in sources:
                sources[w.segment_id] = library.db.execute(
                    "SELECT w.text, w.probability, w.heard FROM segments s JOIN words w ON w.transcript_id ="
                    " s.transcript_id AND w.start >= s.start AND w.start < s.end WHERE s.id = ?",
                    (w.segment_id,)).fetchall()
            found = next((r for r in sources[w.segment_id] if word_key(r["text"]) == w.word), None)
        source = Word(0.0, 0.0, found["text"], found["probability"], found["heard"]) if found else Word(0.0, 0.0, w.shown)
        w.doubtful = doubt.doubt(source, glossary) is not None


def sound_change(phone: dict) -> str:
    """A phone said wrong, as the learner reads it: "/θ/ → /s/" (or "/d/ → dropped")."""
    if phone.get("heard"):
        return f"/{phone['expected']}/ → /{phone['heard']}/"
    return translate("Results", "/{phone}/ → dropped").format(phone=phone["expected"])


def mark_known(library, word: str, known: bool = True) -> None:
    key = word_key(word)
    with library.transaction() as db:
        if known:
            db.execute("INSERT OR IGNORE INTO known_words (word) VALUES (?)", (key,))
        else:
            db.execute("DELETE FROM known_words WHERE word = ?", (key,))
