"""SQLite access. One ``Library`` per thread; every write is one transaction.

Segments store only their edges: their words are the transcript's words that start inside
them, so a split, merge or nudge never rewrites words, and a segment's id (which attempts
point at) survives edits to its neighbours.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from ..errors import NotInLibrary, ShadowingError, one_line
from ..paths import database_path
from ..records import AttemptRecord, Episode, MediaInfo, Segment, TranscriptInfo, Word
from .migrations import MIGRATIONS

SCHEMA_VERSION = len(MIGRATIONS)


class Library:
    def __init__(self, path: str | Path | None = None):
        self.path = Path(path) if path else database_path()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ShadowingError(f"the data folder {self.path.parent} cannot be made ({exc.strerror}); set"
                                 " SHADOWING_HOME to a folder you can write") from None
        try:
            self.db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            self.db.row_factory = sqlite3.Row
            self.db.execute("PRAGMA foreign_keys = ON")
            self._use_wal()
            self.db.execute("PRAGMA synchronous = NORMAL")
            self._migrate()
        except sqlite3.DatabaseError as exc:
            hint = ""
            if not os.access(self.path.parent, os.W_OK) or (self.path.exists() and not os.access(self.path, os.W_OK)):
                hint = "; the data folder is read-only: make it writable, or set SHADOWING_HOME to another folder"
            elif "not a database" in str(exc) or "malformed" in str(exc):
                hint = ("; it is left as it is: `shadowing restore BACKUP.zip` brings back a backup, or move it"
                        " aside to start a new library")
            raise ShadowingError(f"library database {self.path} cannot be opened: {one_line(exc)}{hint}") from None

    def _use_wal(self, wait_s: float = 30.0) -> None:
        """WAL, waiting as for any lock: switching a new file to WAL while another connection makes
        it fails at once with "database is locked" (SQLite's busy timeout does not cover it)."""
        deadline = time.monotonic() + wait_s
        while True:
            try:
                self.db.execute("PRAGMA journal_mode = WAL")
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or time.monotonic() > deadline:
                    raise
                time.sleep(0.01)

    def close(self) -> None:
        self.db.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        else:
            self.db.execute("COMMIT")

    def _migrate(self) -> None:
        """Bring the schema up to date in one write transaction. Several connections open a new
        library at once (the window's first start opens it from a few threads): the version is read
        again under the write lock, so the one that waited finds the work done instead of creating
        the tables a second time, and no half-migrated version is ever visible."""
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise ShadowingError(
                f"library {self.path} was written by a newer version of shadowing (schema {version},"
                f" this one knows {SCHEMA_VERSION}); upgrade shadowing")
        if version == SCHEMA_VERSION:
            return
        if version > 0:
            self._keep_copy(version)
        with self.transaction() as db:
            for number in range(db.execute("PRAGMA user_version").fetchone()[0], SCHEMA_VERSION):
                for statement in MIGRATIONS[number].split(";\n"):
                    if statement.strip():
                        db.execute(statement)
                db.execute(f"PRAGMA user_version = {number + 1}")

    def _keep_copy(self, version: int) -> Path:
        """Before an upgrade, a copy of the library as it was: a learner who goes back to the older
        app (or hits a bug in a migration) still has months of history."""
        copy = self.path.with_name(f"{self.path.stem}.schema-v{version}.bak{self.path.suffix}")
        if not copy.exists():
            partial = copy.with_name(copy.name + ".partial")
            target = sqlite3.connect(partial)
            try:
                self.db.backup(target)
            finally:
                target.close()
            os.replace(partial, copy)
        return copy

    @property
    def schema_version(self) -> int:
        return self.db.execute("PRAGMA user_version").fetchone()[0]

    # -- episodes -------------------------------------------------------------------------------

    def add_episode(self, info: MediaInfo) -> Episode:
        """Insert, or find by content and update its path (the file may have moved)."""
        with self.transaction() as db:
            row = db.execute("SELECT id FROM episodes WHERE content_hash = ?", (info.content_hash,)).fetchone()
            if row:
                db.execute("UPDATE episodes SET path = ? WHERE id = ?", (info.path, row["id"]))
                episode_id = row["id"]
            else:
                episode_id = db.execute(
                    "INSERT INTO episodes (content_hash, path, title, duration, size, sample_rate, channels, codec)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (info.content_hash, info.path, info.title, info.duration, info.size, info.sample_rate,
                     info.channels, info.codec)).lastrowid
        return self.episode(episode_id)

    def episode(self, episode_id: int) -> Episode:
        row = self.db.execute("SELECT * FROM episodes WHERE id = ?", (episode_id,)).fetchone()
        if row is None:
            raise NotInLibrary(f"no episode #{episode_id} in the library")
        return _episode(row)

    def relocate(self, episode: Episode, path: str | Path) -> Episode:
        """The same content found at a new path (moved or renamed): remember where it is now."""
        if episode.path != str(path):
            self.db.execute("UPDATE episodes SET path = ? WHERE id = ?", (str(path), episode.id))
            return self.episode(episode.id)
        return episode

    def rename_episode(self, episode_id: int, title: str) -> None:
        self.db.execute("UPDATE episodes SET title = ? WHERE id = ?", (title, episode_id))

    def episode_by_hash(self, content_hash: str) -> Episode | None:
        row = self.db.execute("SELECT * FROM episodes WHERE content_hash = ?", (content_hash,)).fetchone()
        return _episode(row) if row else None

    def episode_by_path(self, path: str) -> Episode | None:
        row = self.db.execute("SELECT * FROM episodes WHERE path = ? ORDER BY id DESC", (path,)).fetchone()
        return _episode(row) if row else None

    def episodes(self) -> list[Episode]:
        return [_episode(r) for r in self.db.execute("SELECT * FROM episodes ORDER BY id")]

    def mark_opened(self, episode_id: int) -> None:
        self.db.execute("UPDATE episodes SET opened_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE id = ?",
                        (episode_id,))

    # -- transcripts ----------------------------------------------------------------------------

    def transcript(self, episode_id: int, source: str, model: str) -> TranscriptInfo | None:
        row = self.db.execute("SELECT * FROM transcripts WHERE episode_id = ? AND source = ? AND model = ?",
                              (episode_id, source, model)).fetchone()
        return _transcript(row) if row else None

    def transcript_by_id(self, transcript_id: int) -> TranscriptInfo:
        row = self.db.execute("SELECT * FROM transcripts WHERE id = ?", (transcript_id,)).fetchone()
        if row is None:
            raise NotInLibrary(f"no transcript #{transcript_id}")
        return _transcript(row)

    def transcripts(self, episode_id: int) -> list[TranscriptInfo]:
        rows = self.db.execute("SELECT * FROM transcripts WHERE episode_id = ? ORDER BY updated_at DESC, id DESC",
                               (episode_id,))
        return [_transcript(r) for r in rows]

    def transcripts_by_episode(self) -> dict[int, list[TranscriptInfo]]:
        """Every episode's transcripts (most recent first) in one query: the library list shows
        them all, and a query per episode made refreshing a 200-episode library slow."""
        found: dict[int, list[TranscriptInfo]] = {}
        for r in self.db.execute("SELECT * FROM transcripts ORDER BY updated_at DESC, id DESC"):
            found.setdefault(r["episode_id"], []).append(_transcript(r))
        return found

    def speaking_rates(self) -> dict[int, tuple[int, float]]:
        """Per transcript: (words, seconds of speech), speech being each segment's first word's
        start to its last word's end (pauses between segments left out), in one query, so the
        library can show and sort by how fast each episode is spoken."""
        rates: dict[int, tuple[int, float]] = {}
        for r in self.db.execute(
                "SELECT s.transcript_id AS t, COUNT(w.id) AS n, MAX(w.end) - MIN(w.start) AS span FROM segments s"
                " JOIN words w ON w.transcript_id = s.transcript_id AND w.start >= s.start AND w.start < s.end"
                " GROUP BY s.id"):
            words, seconds = rates.get(r["t"], (0, 0.0))
            rates[r["t"]] = (words + r["n"], seconds + max(0.0, r["span"] or 0.0))
        return rates

    def begin_transcript(self, episode_id: int, source: str, model: str, settings: dict) -> TranscriptInfo:
        """Start or resume: a cancelled or crashed job keeps its words up to ``processed_until``.

        Words and segments past that point come from a chunk that never finished: they are
        removed so that resuming neither duplicates nor loses any.
        """
        with self.transaction() as db:
            row = db.execute("SELECT * FROM transcripts WHERE episode_id = ? AND source = ? AND model = ?",
                             (episode_id, source, model)).fetchone()
            if row is None:
                transcript_id = db.execute(
                    "INSERT INTO transcripts (episode_id, source, model, settings, status) VALUES (?, ?, ?, ?, 'running')",
                    (episode_id, source, model, json.dumps(settings, sort_keys=True))).lastrowid
            else:
                transcript_id = row["id"]
                until = row["processed_until"]
                db.execute("DELETE FROM words WHERE transcript_id = ? AND start >= ?", (transcript_id, until))
                db.execute("DELETE FROM segments WHERE transcript_id = ? AND start >= ?", (transcript_id, until))
                if row["status"] != "complete":
                    db.execute("UPDATE transcripts SET status = 'running', error = NULL, settings = ?,"
                               " updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE id = ?",
                               (json.dumps(settings, sort_keys=True), transcript_id))
        return self.transcript_by_id(transcript_id)

    def store_chunk(self, transcript_id: int, words: list[Word], segments: list[Segment], until: float) -> list[int]:
        """Words and segments of one finished chunk, and the new resume point: all or nothing."""
        with self.transaction() as db:
            db.executemany("INSERT INTO words (transcript_id, start, end, text, probability) VALUES (?, ?, ?, ?, ?)",
                           [(transcript_id, w.start, w.end, w.text, w.probability) for w in words])
            ids = [db.execute("INSERT INTO segments (transcript_id, start, end) VALUES (?, ?, ?)",
                              (transcript_id, s.start, s.end)).lastrowid for s in segments]
            db.execute("UPDATE transcripts SET processed_until = ?, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now')"
                       " WHERE id = ?", (until, transcript_id))
        return ids

    def note_speed(self, transcript_id: int, audio_s: float, wall_s: float) -> None:
        """How long this machine took (model load and all): Settings says what each model costs here."""
        row = self.db.execute("SELECT settings FROM transcripts WHERE id = ?", (transcript_id,)).fetchone()
        if row is None or audio_s <= 0 or wall_s <= 0:
            return
        settings = _json_object(row["settings"])
        settings["audio_s"] = round(settings.get("audio_s", 0.0) + audio_s, 2)
        settings["wall_s"] = round(settings.get("wall_s", 0.0) + wall_s, 2)
        self.db.execute("UPDATE transcripts SET settings = ? WHERE id = ?", (json.dumps(settings, sort_keys=True),
                                                                            transcript_id))

    def transcription_speeds(self) -> dict[str, float]:
        """Per model name: seconds of audio transcribed per second, over every episode it did here."""
        totals: dict[str, list[float]] = {}
        for row in self.db.execute("SELECT settings FROM transcripts WHERE source = 'whisper'"):
            settings = _json_object(row["settings"])
            if settings.get("wall_s") and settings.get("model"):
                total = totals.setdefault(settings["model"], [0.0, 0.0])
                total[0] += settings["audio_s"]
                total[1] += settings["wall_s"]
        return {model: audio / wall for model, (audio, wall) in totals.items() if wall > 0}

    def finish_transcript(self, transcript_id: int, status: str, error: str | None = None) -> None:
        self.db.execute("UPDATE transcripts SET status = ?, error = ?, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now')"
                        " WHERE id = ?", (status, error, transcript_id))

    def replace_transcript(self, transcript_id: int, words: list[Word], segments: list[Segment], until: float) -> None:
        """For whole-file sources (sidecars): swap everything in one transaction."""
        with self.transaction() as db:
            db.execute("DELETE FROM segments WHERE transcript_id = ?", (transcript_id,))
            db.execute("DELETE FROM words WHERE transcript_id = ?", (transcript_id,))
            db.executemany("INSERT INTO words (transcript_id, start, end, text, probability) VALUES (?, ?, ?, ?, ?)",
                           [(transcript_id, w.start, w.end, w.text, w.probability) for w in words])
            db.executemany("INSERT INTO segments (transcript_id, start, end) VALUES (?, ?, ?)",
                           [(transcript_id, s.start, s.end) for s in segments])
            db.execute("UPDATE transcripts SET processed_until = ?, status = 'complete', error = NULL,"
                       " updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE id = ?", (until, transcript_id))

    def words(self, transcript_id: int) -> list[Word]:
        rows = self.db.execute("SELECT start, end, text, probability, heard FROM words WHERE transcript_id = ?"
                               " ORDER BY start, id", (transcript_id,))
        return [Word(r["start"], r["end"], r["text"], r["probability"], r["heard"]) for r in rows]

    def correct_words(self, transcript_id: int, first_start: float, last_start: float, texts: list[str]) -> None:
        """The learner's spelling for the words that start from ``first_start`` to ``last_start``:
        ``texts`` replace them, spread over their time in proportion to their lengths. Each new word
        keeps in ``heard`` what Whisper wrote for the whole span, so a correction shows as one."""
        with self.transaction() as db:
            if not _correct(db, transcript_id, first_start, last_start, texts):
                raise ShadowingError("no such words in this transcript")

    def adopt_transcript(self, new_id: int, old_id: int, model: str | None = None) -> None:
        """Practise on ``new_id`` from now on, in place of ``old_id`` (the episode transcribed again).

        What the learner did on the old one follows each sentence to the new one, by time: every
        attempt goes to the new segment its recording overlaps most, reviews, activity and the
        coach's hard marks to the new segment the old one overlaps most, and corrected words are
        corrected again. With ``model`` (the same model transcribed again under a draft name) the old
        transcript is deleted and the new one takes that name."""
        with self.transaction() as db:
            new = db.execute("SELECT id, start, end FROM segments WHERE transcript_id = ? ORDER BY start",
                             (new_id,)).fetchall()
            old = db.execute("SELECT id, start, end FROM segments WHERE transcript_id = ?", (old_id,)).fetchall()
            episode_id = db.execute("SELECT episode_id FROM transcripts WHERE id = ?", (new_id,)).fetchone()[0]
            moved = {o["id"]: _most_overlap(new, o["start"], o["end"]) for o in old}
            for a in db.execute("SELECT a.id, a.source_start, a.source_end FROM attempts a JOIN segments s ON"
                                " s.id = a.segment_id WHERE s.transcript_id = ?", (old_id,)).fetchall():
                db.execute("UPDATE attempts SET segment_id = ? WHERE id = ?",
                           (_most_overlap(new, a["source_start"], a["source_end"]), a["id"]))
            for old_segment, new_segment in moved.items():
                if new_segment is not None:
                    db.execute("UPDATE activity SET segment_id = ? WHERE segment_id = ?", (new_segment, old_segment))
                    db.execute("UPDATE OR IGNORE reviews SET segment_id = ? WHERE segment_id = ?",
                               (new_segment, old_segment))
            plan = db.execute("SELECT state FROM coach_plans WHERE episode_id = ?", (episode_id,)).fetchone()
            if plan is not None:
                state = json.loads(plan["state"])
                state["hard"] = sorted({moved.get(h) or h for h in state.get("hard", ())})
                db.execute("UPDATE coach_plans SET state = ? WHERE episode_id = ?", (json.dumps(state), episode_id))
            for first_start, last_start, last_end, texts, heard in _corrections(db, old_id):
                first_start, last_start = _heard_again(db, new_id, first_start, last_start, last_end, heard)
                _correct(db, new_id, first_start, last_start, texts)
            if model is not None:
                db.execute("DELETE FROM transcripts WHERE id = ?", (old_id,))
                db.execute("UPDATE transcripts SET model = ? WHERE id = ?", (model, new_id))
            db.execute("UPDATE transcripts SET updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE id = ?", (new_id,))

    # -- the glossary ---------------------------------------------------------------------------

    def glossary(self) -> list[str]:
        """The learner's terms, the most recently added first."""
        return [r[0] for r in self.db.execute("SELECT term FROM glossary ORDER BY added_at DESC, rowid DESC")]

    def add_to_glossary(self, terms: list[str]) -> list[str]:
        """Adds the terms not there yet (case aside: "etcd" and "ETCD" are one term); returns them."""
        return self._glossary_changed("INSERT OR IGNORE INTO glossary (term) VALUES (?)", terms)

    def remove_from_glossary(self, terms: list[str]) -> list[str]:
        return self._glossary_changed("DELETE FROM glossary WHERE term = ?", terms)

    def _glossary_changed(self, statement: str, terms: list[str]) -> list[str]:
        """``statement`` run for each term in one transaction; the terms it changed a row for."""
        with self.transaction() as db:
            return [term for term in terms if db.execute(statement, (term,)).rowcount]

    def last_segment_end(self, transcript_id: int) -> float:
        row = self.db.execute("SELECT MAX(end) FROM segments WHERE transcript_id = ?", (transcript_id,)).fetchone()
        return row[0] or 0.0

    # -- segments -------------------------------------------------------------------------------

    def segments(self, transcript_id: int) -> list[Segment]:
        rows = self.db.execute("SELECT * FROM segments WHERE transcript_id = ? ORDER BY start, id",
                               (transcript_id,)).fetchall()
        words = self.words(transcript_id)
        out, w = [], 0
        for index, row in enumerate(rows):
            inside = []
            while w < len(words) and words[w].start < row["start"]:
                w += 1
            k = w
            while k < len(words) and words[k].start < row["end"]:
                inside.append(words[k])
                k += 1
            out.append(Segment(index, row["start"], row["end"], " ".join(x.text for x in inside), tuple(inside),
                               row["id"], bool(row["edited"])))
        return out

    def update_segment(self, segment_id: int, start: float, end: float) -> None:
        self.db.execute("UPDATE segments SET start = ?, end = ?, edited = 1 WHERE id = ?", (start, end, segment_id))

    def split_segment(self, segment_id: int, at: float) -> int:
        """The first part keeps the id; the second is new. Returns the new id."""
        with self.transaction() as db:
            row = db.execute("SELECT * FROM segments WHERE id = ?", (segment_id,)).fetchone()
            db.execute("UPDATE segments SET end = ?, edited = 1 WHERE id = ?", (at, segment_id))
            return db.execute("INSERT INTO segments (transcript_id, start, end, edited) VALUES (?, ?, ?, 1)",
                              (row["transcript_id"], at, row["end"])).lastrowid

    def merge_segments(self, first_id: int, second_id: int) -> None:
        """The first keeps its id and takes the second's span."""
        with self.transaction() as db:
            second = db.execute("SELECT * FROM segments WHERE id = ?", (second_id,)).fetchone()
            db.execute("UPDATE segments SET end = MAX(end, ?), edited = 1 WHERE id = ?", (second["end"], first_id))
            db.execute("DELETE FROM segments WHERE id = ?", (second_id,))

    def delete_episode(self, episode_id: int) -> int:
        """Forget an episode and its transcripts; its attempts (and their files) stay, detached.

        Returns how many attempts were kept: the learner's history outlives the episode.
        """
        with self.transaction() as db:
            kept = db.execute("SELECT COUNT(*) FROM attempts WHERE episode_id = ?", (episode_id,)).fetchone()[0]
            db.execute("DELETE FROM episodes WHERE id = ?", (episode_id,))
        return kept

    def last_practised(self) -> dict[int, str]:
        rows = self.db.execute("SELECT episode_id, MAX(recorded_at) FROM attempts WHERE episode_id IS NOT NULL"
                               " GROUP BY episode_id").fetchall()
        return {r[0]: r[1] for r in rows}

    # -- attempts -------------------------------------------------------------------------------

    def add_attempt(self, meta: dict, path: str | Path, duration: float, status: str) -> int:
        """Register a recording (idempotent on its path) from its sidecar metadata."""
        stored = _stored_path(path)
        with self.transaction() as db:
            row = db.execute("SELECT id FROM attempts WHERE path = ?", (stored,)).fetchone()
            if row:
                return row["id"]
            episode_id = meta.get("episode_id")
            if episode_id is not None and not db.execute(
                    "SELECT 1 FROM episodes WHERE id = ?", (episode_id,)).fetchone():
                episode_id = None
            segment_id = meta.get("segment_id")
            if segment_id is not None and not db.execute(
                    "SELECT 1 FROM segments WHERE id = ?", (segment_id,)).fetchone():
                segment_id = None
            session_id = meta.get("session_id")
            if session_id is not None and not db.execute(
                    "SELECT 1 FROM sessions WHERE id = ?", (session_id,)).fetchone():
                session_id = None
            cur = db.execute(
                "INSERT INTO attempts (episode_id, segment_id, source_start, source_end, source_text, mode,"
                " speed, loop, path, duration, status, meta, session_id, recorded_at)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?, COALESCE(?, strftime('%Y-%m-%dT%H:%M:%fZ','now')))",
                (episode_id, segment_id, float(meta.get("source_start", 0.0)),
                 float(meta.get("source_end", 0.0)), meta.get("source_text", ""), meta["mode"],
                 float(meta.get("speed", 1.0)), int(meta.get("loop", 1)), stored, float(duration), status,
                 json.dumps(meta, ensure_ascii=False), session_id, _utc(meta.get("recorded_at"))))
            return cur.lastrowid

    def set_attempt_result(self, attempt_id: int, result: dict) -> None:
        lag = (result.get("lag_ms") or {}).get("median") if isinstance(result.get("lag_ms"), dict) \
            else result.get("lag_ms")
        with self.transaction() as db:
            db.execute("UPDATE attempts SET status = 'scored', score = ?, word_accuracy = ?, lag_ms = ?,"
                       " result = ? WHERE id = ?",
                       (result.get("score"), result.get("word_accuracy"), lag,
                        json.dumps(result, ensure_ascii=False), attempt_id))

    def attempt(self, attempt_id: int) -> AttemptRecord:
        row = self.db.execute("SELECT * FROM attempts WHERE id = ?", (attempt_id,)).fetchone()
        if row is None:
            raise NotInLibrary(f"no attempt {attempt_id}")
        return _attempt(row)

    def attempts(self, segment_id: int | None = None, episode_id: int | None = None,
                 limit: int = 1000) -> list[AttemptRecord]:
        where, args = [], []
        if segment_id is not None:
            where.append("segment_id = ?")
            args.append(segment_id)
        if episode_id is not None:
            where.append("episode_id = ?")
            args.append(episode_id)
        sql = "SELECT * FROM attempts" + (" WHERE " + " AND ".join(where) if where else "")
        rows = self.db.execute(sql + " ORDER BY recorded_at, id LIMIT ?", (*args, limit)).fetchall()
        return [_attempt(r) for r in rows]

    def recover_recordings(self, folder: str | Path) -> list[int]:
        """Register recordings whose row never got written (a crash, a full disk): nothing is lost.

        Each recording has a JSON sidecar written before its first sample; one still saying
        "recording" was cut short, so it is registered as interrupted with the length on disk.
        """
        import soundfile

        found: list[int] = []
        folder = Path(folder)
        if not folder.is_dir():
            return found
        known = {r[0] for r in self.db.execute("SELECT path FROM attempts")}
        for sidecar in sorted(folder.rglob("*.json")):
            try:
                meta = json.loads(sidecar.read_text(encoding="utf-8"))
                audio = sidecar.with_name(meta["file"])
            except (OSError, ValueError, KeyError, TypeError):
                continue
            if _stored_path(audio) in known or not audio.exists():
                continue
            status = meta.get("status", "recording")
            try:
                duration = soundfile.info(str(audio)).duration
            except Exception:
                duration, status = 0.0, "failed"
            if status not in ("recorded", "interrupted", "failed"):
                status = "interrupted"
            if meta.get("mode") not in ("shadow", "repeat", "read"):
                continue
            found.append(self.add_attempt(meta, audio, duration, status))
        return found


def _correct(db, transcript_id: int, first_start: float, last_start: float, texts: list[str]) -> bool:
    rows = db.execute("SELECT id, start, end, text, heard FROM words WHERE transcript_id = ? AND start >= ?"
                      " AND start <= ? ORDER BY start, id", (transcript_id, first_start - 1e-6, last_start + 1e-6)).fetchall()
    if not rows or not texts:
        return False
    if [r["text"] for r in rows] == texts:
        return True  # already spelled so (a transcript made again with the glossary)
    parts, previous = [], None
    for r in rows:  # a word corrected before says what Whisper wrote once for its whole span
        if r["heard"] is None or r["heard"] != previous:
            parts.append(r["heard"] if r["heard"] is not None else r["text"])
        previous = r["heard"]
    heard = " ".join(parts)
    start, end = rows[0]["start"], max(r["end"] for r in rows)
    db.executemany("DELETE FROM words WHERE id = ?", [(r["id"],) for r in rows])
    weights = [len(t) + 1 for t in texts]
    at = start
    for k, text in enumerate(texts):
        stop = end if k == len(texts) - 1 else at + (end - start) * weights[k] / sum(weights)
        db.execute("INSERT INTO words (transcript_id, start, end, text, probability, heard) VALUES (?, ?, ?, ?, 1, ?)",
                   (transcript_id, round(at, 3), round(stop, 3), text, heard))
        at = stop
    return True


def _corrections(db, transcript_id: int) -> list[tuple[float, float, float, list[str], str]]:
    """The learner's corrections in a transcript: (first start, last start, last end, words, what
    Whisper had written there), one per span."""
    spans: list[list] = []
    last = None
    for r in db.execute("SELECT start, end, text, heard FROM words WHERE transcript_id = ? AND heard IS NOT NULL"
                        " ORDER BY start, id", (transcript_id,)):
        if spans and last is not None and r["heard"] == last["heard"] and abs(r["start"] - last["end"]) < 1e-3:
            spans[-1][1:4] = [r["start"], r["end"], spans[-1][3] + [r["text"]]]
        else:
            spans.append([r["start"], r["start"], r["end"], [r["text"]], r["heard"]])
        last = r
    return [tuple(span) for span in spans]


HEARD_AGAIN_S = 1.0  # how far a transcript made again may move the same words (re-aligned, re-segmented)


def _heard_again(db, transcript_id: int, first_start: float, last_start: float, last_end: float,
                 heard: str) -> tuple[float, float]:
    """Where the words Whisper wrote for a corrected span are in another transcript of the same
    audio: the same words (as the scorer normalises them) nearest in time (word times move by a few
    hundred ms when a transcript is made again: another segmentation, another alignment), else the
    words that start within the corrected stretch, 100 ms either way."""
    from ..scoring.text import normalise_word

    wanted = [t for t in (normalise_word(w) for w in heard.split()) if t]
    rows = db.execute("SELECT start, text FROM words WHERE transcript_id = ? AND start >= ? AND start <= ?"
                      " ORDER BY start, id", (transcript_id, first_start - HEARD_AGAIN_S,
                                              last_start + HEARD_AGAIN_S)).fetchall()
    texts = [normalise_word(r["text"]) for r in rows]
    best = None
    for i in range(len(rows) - len(wanted) + 1 if wanted else 0):
        if texts[i: i + len(wanted)] == wanted:
            distance = abs(rows[i]["start"] - first_start)
            if best is None or distance < best[0]:
                best = (distance, rows[i]["start"], rows[i + len(wanted) - 1]["start"])
    if best is not None:
        return best[1], best[2]
    return first_start - 0.1, last_end - 0.1


def _most_overlap(segments, start: float, end: float) -> int | None:
    best, best_overlap = None, 0.0
    for s in segments:
        overlap = min(end, s["end"]) - max(start, s["start"])
        if overlap > best_overlap:
            best, best_overlap = s["id"], overlap
    return best


def _stored_path(path: str | Path) -> str:
    """Recordings under the data folder are stored relative to it, so the folder can move."""
    from ..paths import data_dir

    path = Path(path).resolve()
    try:
        return str(path.relative_to(data_dir().resolve()))
    except ValueError:
        return str(path)


def resolve_recording(stored: str) -> Path:
    from ..paths import data_dir

    path = Path(stored)
    return path if path.is_absolute() else data_dir() / path


def _utc(stamp: str | None) -> str | None:
    if not stamp:
        return None
    from datetime import datetime, timezone

    try:
        return datetime.fromisoformat(stamp).astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")[:-4] + "Z"
    except ValueError:
        return None


def _attempt(row) -> AttemptRecord:
    return AttemptRecord(row["id"], row["episode_id"], row["segment_id"], row["source_start"], row["source_end"],
                         row["source_text"], row["mode"], row["speed"], row["loop"], row["path"], row["duration"],
                         row["status"], row["score"], row["word_accuracy"], row["lag_ms"], row["recorded_at"],
                         json.loads(row["result"]) if row["result"] else None, row["session_id"],
                         _json_object(row["meta"]))


def _json_object(text: str | None) -> dict:
    try:
        data = json.loads(text or "{}")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def _episode(row) -> Episode:
    return Episode(row["id"], row["path"], row["content_hash"], row["title"], row["duration"], row["added_at"])


def _transcript(row) -> TranscriptInfo:
    return TranscriptInfo(row["id"], row["episode_id"], row["source"], row["model"], row["status"],
                          row["processed_until"], json.loads(row["settings"] or "{}"), row["error"])
