"""The learner's whole library as one archive, and back; sessions and attempts as CSV.

A backup is a zip: a consistent copy of the database (SQLite's online backup, so a running app
does not matter), every recording, the preferences, and a manifest. Restoring never deletes:
what was there before is moved aside into ``before-restore-<time>/`` in the data folder.
"""

from __future__ import annotations

import csv
import json
import shutil
import sqlite3
import tempfile
import time
import zipfile
from pathlib import Path

from . import paths
from .errors import ShadowingError
from .i18n import translate

DB_NAME = "library.sqlite3"
KEPT = ("preferences.json", "audio-devices.json")
MANIFEST = "shadowing-backup.json"


def backup(path: str | Path, data: Path | None = None) -> dict:
    data = data or paths.data_dir()
    path = Path(path)
    db = data / DB_NAME
    if not db.exists():
        raise ShadowingError(f"nothing to back up: no library at {db}")
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    with tempfile.TemporaryDirectory(prefix="shadowing-backup-") as tmp:
        snapshot = Path(tmp) / DB_NAME
        source = sqlite3.connect(db)
        try:
            target = sqlite3.connect(snapshot)
            with target:
                source.backup(target)
            schema = target.execute("PRAGMA user_version").fetchone()[0]
            counts = {t: target.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
                      for t in ("episodes", "attempts", "sessions") if _has_table(target, t)}
            target.close()
        finally:
            source.close()
        recordings = sorted(p for p in (data / "recordings").rglob("*") if p.is_file()) \
            if (data / "recordings").is_dir() else []
        manifest = {"format": 1, "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "schema": schema,
                    "counts": counts, "recordings": len(recordings)}
        try:
            with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as z:
                z.writestr(MANIFEST, json.dumps(manifest, indent=1))
                z.write(snapshot, DB_NAME)
                for name in KEPT:
                    if (data / name).exists():
                        z.write(data / name, name)
                for rec in recordings:  # WAV compresses a little; the sidecars a lot
                    z.write(rec, rec.relative_to(data).as_posix())
            partial.replace(path)
        except OSError as exc:
            partial.unlink(missing_ok=True)
            raise ShadowingError(translate("Errors", "cannot write the backup {path}: {reason}").format(
                path=path, reason=exc.strerror or exc)) from None
    return manifest


def _has_table(db, name: str) -> bool:
    return db.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name=?", (name,)).fetchone() is not None


def restore(path: str | Path, data: Path | None = None) -> dict:
    """Check the archive fully before touching anything; then move the current library aside."""
    data = data or paths.data_dir()
    path = Path(path)
    try:
        archive = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as exc:
        raise ShadowingError(translate("Errors", "{path} is not a shadowing backup: {reason}").format(path=path, reason=exc)) from None
    with archive:
        names = archive.namelist()
        if MANIFEST not in names or DB_NAME not in names:
            raise ShadowingError(translate("Errors", "{path} is not a shadowing backup (no {manifest} or {database})").format(
                path=path, manifest=MANIFEST, database=DB_NAME))
        for name in names:
            parts = Path(name).parts
            if name.startswith("/") or ".." in parts or (parts and parts[0] not in (MANIFEST, DB_NAME, "recordings", *KEPT)):
                raise ShadowingError(translate("Errors", "{path} has an unexpected entry {name}: not restoring it").format(
                    path=path, name=repr(name)))
        if archive.testzip() is not None:
            raise ShadowingError(translate("Errors", "{path} is damaged (a member fails its checksum): not restoring it").format(
                path=path))
        manifest = json.loads(archive.read(MANIFEST))
        with tempfile.TemporaryDirectory(prefix="shadowing-restore-", dir=data) as tmp:
            archive.extractall(tmp)
            check = sqlite3.connect(Path(tmp) / DB_NAME)
            try:
                ok = check.execute("PRAGMA integrity_check").fetchone()[0]
            except sqlite3.DatabaseError as exc:
                ok = str(exc)
            finally:
                check.close()
            if ok != "ok":
                raise ShadowingError(translate("Errors", "the database in {path} fails its integrity check ({reason}): not "
                                                     "restoring it").format(path=path, reason=ok))
            aside = data / f"before-restore-{time.strftime('%Y%m%d-%H%M%S')}"
            moved = []
            for name in (DB_NAME, f"{DB_NAME}-wal", f"{DB_NAME}-shm", "recordings", *KEPT):
                if (data / name).exists():
                    aside.mkdir(exist_ok=True)
                    shutil.move(str(data / name), str(aside / name))
                    moved.append(name)
            for name in (DB_NAME, "recordings", *KEPT):
                if (Path(tmp) / name).exists():
                    shutil.move(str(Path(tmp) / name), str(data / name))
    manifest["previous"] = str(aside) if moved else None
    return manifest


def export_csv(library, folder: str | Path) -> list[Path]:
    """sessions.csv (one row per session, with its summary) and attempts.csv (one row per attempt)."""
    from . import history

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    summaries = history.sessions(library)
    path = folder / "sessions.csv"
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["session", "origin", "started_at", "ended_at", "minutes", "episodes", "segments", "attempts",
                    "scored", "mean_score", "best_score", "mean_word_accuracy", "median_lag_ms"])
        for s in reversed(summaries):
            w.writerow([s.id, s.origin, s.started_at, s.ended_at or "", s.minutes, "; ".join(s.episodes), s.segments,
                        s.attempts, s.scored, _blank(s.mean_score), _blank(s.best_score),
                        _blank(s.mean_word_accuracy), _blank(s.median_lag_ms)])
    out.append(path)
    path = folder / "attempts.csv"
    rows = library.db.execute(
        "SELECT a.id, a.session_id, a.recorded_at, e.title, a.segment_id, a.source_start, a.source_end,"
        " a.source_text, a.mode, a.speed, a.loop, a.duration, a.status, a.score, a.word_accuracy, a.lag_ms, a.path"
        " FROM attempts a LEFT JOIN episodes e ON e.id = a.episode_id ORDER BY a.recorded_at, a.id").fetchall()
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["attempt", "session", "recorded_at", "episode", "segment_id", "source_start", "source_end",
                    "source_text", "mode", "speed", "loop", "duration_s", "status", "score", "word_accuracy",
                    "lag_ms", "recording"])
        for r in rows:
            w.writerow([_blank(v) for v in tuple(r)])
    out.append(path)
    return out


def _blank(value):
    return "" if value is None else value
