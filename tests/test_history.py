"""Sessions, minutes, streaks and weak words: from real scored attempts and generated weeks."""

import json
import sqlite3
import zipfile
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import numpy as np
import pytest
import soundfile

from .conftest import JFK
from shadowing import anki, backup, history, media
from shadowing.paths import database_path
from shadowing.storage import Library
from shadowing.storage.migrations import MIGRATIONS

TOKYO = ZoneInfo("Asia/Tokyo")
UTC = timezone.utc


def at(text: str, tz=UTC) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=tz)


@pytest.fixture
def library(tmp_path):
    with Library(tmp_path / "library.sqlite3") as lib:
        yield lib


def test_a_session_ends_after_ten_idle_minutes_and_counts_only_active_time(library):
    t0 = at("2026-11-02T09:00:00")
    # three loops of 6 s, each within 10 minutes of the last: one sitting
    for minute in (0, 5, 14):
        history.log_activity(library, 6.0, "shadow", at=t0 + timedelta(minutes=minute))
    # 15 minutes later: a new sitting
    history.log_activity(library, 30.0, "repeat", at=t0 + timedelta(minutes=29, seconds=30))
    rows = library.db.execute("SELECT * FROM sessions ORDER BY id").fetchall()
    assert len(rows) == 2
    first = history.summarise(library, rows[0]["id"])
    assert first.minutes == pytest.approx(18 / 60, abs=0.01)  # played time, not the 14 minutes between
    assert rows[0]["ended_at"] == history.stamp(t0 + timedelta(minutes=14))
    assert rows[1]["ended_at"] is None  # still open
    assert history.summarise(library, rows[1]["id"]).minutes_by_mode == {"repeat": 0.5}
    history.end_session(library)
    assert library.db.execute("SELECT COUNT(*) FROM sessions WHERE ended_at IS NULL").fetchone()[0] == 0
    # after the app closed, practice (even 1 minute later) is a new session
    history.log_activity(library, 6.0, "shadow", at=t0 + timedelta(minutes=31))
    assert library.db.execute("SELECT COUNT(*) FROM sessions").fetchone()[0] == 3


def test_exactly_ten_idle_minutes_continue_the_session(library):
    t0 = at("2026-11-02T09:00:00")
    history.log_activity(library, 10.0, "shadow", at=t0)
    history.log_activity(library, 10.0, "shadow", at=t0 + timedelta(minutes=10, seconds=10))  # starts 10:00 after
    history.log_activity(library, 10.0, "shadow", at=t0 + timedelta(minutes=20, seconds=21))  # 10:01 after
    assert [r[0] for r in library.db.execute("SELECT session_id FROM activity ORDER BY id")] == [1, 1, 2]


def test_days_are_the_learners_local_days_and_a_loop_over_midnight_counts_on_both(library):
    # 23:55 in Tokyo, 10 minutes of practice: 5 minutes on each side of midnight
    history.log_activity(library, 600.0, "shadow", at=at("2026-11-03T00:05:00", TOKYO))
    tokyo = history.daily_minutes(library, TOKYO)
    assert tokyo == {date(2026, 11, 2): 5.0, date(2026, 11, 3): 5.0}
    # the same practice seen from UTC (14:55-15:05) is one afternoon
    assert history.daily_minutes(library, UTC) == {date(2026, 11, 2): 10.0}
    # 08:00 in Tokyo is 23:00 UTC the day before
    history.log_activity(library, 120.0, "shadow", at=at("2026-11-05T08:02:00", TOKYO))
    assert history.daily_minutes(library, TOKYO)[date(2026, 11, 5)] == 2.0
    assert history.daily_minutes(library, UTC)[date(2026, 11, 4)] == 2.0


def test_streak_counts_days_in_a_row_and_today_not_yet_practised_does_not_break_it():
    d = date(2026, 11, 20)
    days = {d - timedelta(n): 12.0 for n in range(1, 6)}  # the five days before today
    assert history.streak(days, d) == 5  # today not practised yet: still alive
    assert history.streak({**days, d: 3.0}, d) == 6
    assert history.streak({**days, d - timedelta(3): 0.0}, d) == 2  # a gap resets it
    assert history.streak({**days, d - timedelta(1): 0.5}, d) == 0  # half a minute is not a day
    assert history.streak({}, d) == 0


def test_generated_weeks_give_the_streak_and_daily_minutes_in_each_time_zone(library):
    """Six weeks: every evening at 22:30 Tokyo for 20 min, except a skipped week; today is practised."""
    today = date(2026, 11, 28)
    for n in range(42):
        day = today - timedelta(n)
        if 14 <= n < 21:
            continue  # a skipped week
        end = datetime(day.year, day.month, day.day, 22, 50, tzinfo=TOKYO)
        for k in range(4):  # four 5-minute loops
            history.log_activity(library, 300.0, "shadow", at=end - timedelta(minutes=5 * (3 - k)))
    now = datetime(2026, 11, 28, 23, 0, tzinfo=TOKYO)
    habit = history.habit(library, 15, tz=TOKYO, days=7, now=now)
    assert habit.today == "2026-11-28" and habit.today_minutes == 20.0 and habit.streak_days == 14
    assert list(habit.last_days.values()) == [20.0] * 7
    # from UTC the same evenings are 13:30-13:50 UTC: the same dates, the same streak
    assert history.habit(library, 15, tz=UTC, now=now).streak_days == 14
    # sessions: one per evening (each 4 loops within 10 minutes)
    assert len(history.sessions(library)) == 35


def _attempt_with_words_cut(jfk_home, tmp_path, segment, cut: set[str], name: str):
    """Segment 2 of JFK said in time, with the named words silenced ("ask": its second one only,
    the one tiny.en cannot fill back in)."""
    start, end = segment.start, segment.end
    audio = media.load_span(JFK, start, end)
    asks = [i for i, w in enumerate(segment.words) if w.text.strip(" ,.").lower() == "ask"]
    for i, w in enumerate(segment.words):
        if w.text.strip(" ,.").lower() in cut and (i not in asks or i == asks[-1]):
            a, b = int((w.start - start - 0.03) * 16000), int((w.end - start + 0.03) * 16000)
            audio[max(0, a):max(0, b)] = 0.0
    path = tmp_path / name
    soundfile.write(path, audio, 16000)
    return path


def test_weak_words_come_from_real_scored_attempts_and_export_to_anki(jfk_home, tmp_path, capsys):
    from shadowing.cli import main

    with Library(jfk_home / "library.sqlite3") as lib:
        (episode,) = lib.episodes()
        segments = lib.segments(lib.transcripts(episode.id)[0].id)
    # (tiny.en knows this sentence: with "country" alone cut out it hears it anyway; with "ask" cut
    # too, it hears "cutting" for each "country")
    cut = _attempt_with_words_cut(jfk_home, tmp_path, segments[1], {"country", "ask"}, "cut.wav")
    full = _attempt_with_words_cut(jfk_home, tmp_path, segments[1], set(), "full.wav")
    for attempt in (cut, cut, full):
        assert main(["score", str(JFK), str(attempt), "--segment", "2", "--json"]) == 0
    capsys.readouterr()

    with Library(jfk_home / "library.sqlite3") as lib:
        stored = lib.attempts()
        assert len(stored) == 3 and all(a.status == "scored" and a.session_id == stored[0].session_id for a in stored)
        weak = history.weak_words(lib)
        ranked = [w.word for w in weak]
        # "country" is said twice in the sentence: wrong twice in each of the two cut attempts,
        # right in the full one; "ask", once in the sentence, wrong once in each cut attempt
        assert ranked[0] == "country" and weak[0].errors == 4 and weak[0].seen == 3
        assert weak[ranked.index("ask")].errors == 2 and weak[ranked.index("ask")].seen == 3
        assert weak[0].sentence == segments[1].text
        assert all(w.word in ("country", "ask") or w.errors <= 2 for w in weak)
        summary = history.sessions(lib)[0]
        assert summary.attempts == 3 and summary.origin == "cli"
        assert summary.minutes == pytest.approx(3 * (segments[1].end - segments[1].start) / 60, abs=0.02)

        history.mark_known(lib, "Country,")  # marking normalises as the scorer does
        assert "country" not in [w.word for w in history.weak_words(lib)]
        history.mark_known(lib, "country", known=False)
        top = history.weak_words(lib, limit=2)

        deck = anki.export(lib, top, tmp_path / "weak.apkg")
    with zipfile.ZipFile(deck) as z:
        names = z.namelist()
        assert "collection.anki2" in names and "media" in names
        media_map = json.loads(z.read("media"))
        z.extract("collection.anki2", tmp_path)
        clip_name = next(iter(media_map.values()))
        z.extract(next(iter(media_map)), tmp_path / "clips")
        clip_file = tmp_path / "clips" / next(iter(media_map))
    col = sqlite3.connect(tmp_path / "collection.anki2")
    assert col.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    notes = [r[0].split("\x1f") for r in col.execute("SELECT flds FROM notes")]
    assert len(notes) == 2 and col.execute("SELECT COUNT(*) FROM cards").fetchone()[0] == 2
    sentence, word, heard, audio, sound = next(n for n in notes if n[1] == "country")
    assert "[…]" in sentence and "country" in sentence  # the first "country" blanked, the second left
    assert audio == f"[sound:{clip_name}]" and sound == ""  # cut out, not mispronounced
    clip, rate = soundfile.read(str(clip_file))
    assert clip.size / rate == pytest.approx(segments[1].end - segments[1].start, abs=0.1)  # the sentence's own audio

    tsv = tmp_path / "weak.tsv"
    main(["words", "--export-anki", str(tsv)])
    lines = tsv.read_text(encoding="utf-8").splitlines()
    assert lines[2].startswith("#columns:") and len(lines) == 3 + len(history.weak_words(Library(jfk_home / "library.sqlite3")))
    assert any(p.suffix == ".ogg" for p in (tmp_path / "weak.tsv.media").iterdir())


def test_a_word_whisper_heard_but_said_with_a_wrong_sound_is_weak_and_carries_the_sound(tmp_path, capsys):
    """"I sink ...": correct for Whisper, so not missed nor changed; weak for its /θ/, which the
    review and the Anki card name, with the tip."""
    from shadowing.cli import main

    from .conftest import write_wav
    from .truth import espeak

    source = write_wav(tmp_path / "source.wav", np.concatenate([espeak("I think the service is healthy."),
                                                                 np.zeros(8000, np.float32)]))
    attempt = write_wav(tmp_path / "attempt.wav", espeak("I [[s'INk]] the service is healthy."))
    assert main(["score", str(source), "--segment", "1", str(attempt), "--mode", "repeat", "--unaligned"]) == 0
    capsys.readouterr()
    with Library(database_path()) as lib:
        weak = {w.word: w for w in history.weak_words(lib)}
        cards = anki.cards_for(lib, [weak["think"]], tmp_path / "clips")
    think = weak["think"]
    assert think.mispronounced == 1 and think.missed == think.substituted == 0
    assert think.sounds and think.sounds[0].startswith("/θ/ → ")
    assert "teeth" in cards[0].sounds[0]
    assert main(["words"]) == 0
    assert "/θ/ → " in capsys.readouterr().out


def test_history_cli_prints_sessions_streak_and_goal(jfk_home, capsys):
    from shadowing.cli import main

    with Library(jfk_home / "library.sqlite3") as lib:
        now = history.now_utc()
        for minutes_ago in (40, 38, 3, 1):
            history.log_activity(lib, 60.0, "shadow", at=now - timedelta(minutes=minutes_ago))
    assert main(["history", "--goal", "3", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["habit"]["goal_minutes"] == 3 and data["habit"]["streak_days"] >= 1
    assert len(data["sessions"]) == 2 and [s["minutes"] for s in data["sessions"]] == [2.0, 2.0]
    assert main(["history"]) == 0
    out = capsys.readouterr().out
    assert "of 3 min" in out and "streak" in out


def test_an_older_library_gets_sessions_for_its_attempts(tmp_path):
    """A v2 library (attempts, no sessions) is migrated; its attempts are grouped by the idle rule."""
    path = tmp_path / "old.sqlite3"
    db = sqlite3.connect(path, isolation_level=None)
    for number, script in enumerate(MIGRATIONS[:2]):
        for statement in script.split(";\n"):
            if statement.strip():
                db.execute(statement)
    db.execute("PRAGMA user_version = 2")
    for n, stamp in enumerate(("2026-10-01T08:00:00.000Z", "2026-10-01T08:04:00.000Z", "2026-10-03T19:00:00.000Z")):
        db.execute("INSERT INTO attempts (source_start, source_end, mode, path, duration, status, score,"
                   " recorded_at) VALUES (0, 5, 'shadow', ?, 5.0, 'scored', 80, ?)", (f"r{n}.wav", stamp))
    db.close()
    with Library(path) as lib:
        assert lib.schema_version == len(MIGRATIONS)
        found = history.sessions(lib)
        assert [s.attempts for s in found] == [1, 2] and all(s.origin == "recovered" for s in found)
        assert found[1].mean_score == 80 and found[1].minutes == pytest.approx(10 / 60, abs=0.01)


def test_backup_and_restore_keep_everything_and_refuse_a_damaged_archive(jfk_home, tmp_path):
    recordings = jfk_home / "recordings"
    recordings.mkdir()
    soundfile.write(recordings / "a.wav", np.zeros(1600, np.float32), 16000)
    with Library(jfk_home / "library.sqlite3") as lib:
        history.log_activity(lib, 60.0, "shadow")
        lib.add_attempt({"mode": "shadow", "source_start": 0, "source_end": 1}, recordings / "a.wav", 0.1, "recorded")
    archive = tmp_path / "backup.zip"
    manifest = backup.backup(archive)
    assert manifest["counts"]["attempts"] == 1 and manifest["recordings"] == 1

    with Library(jfk_home / "library.sqlite3") as lib:  # life goes on after the backup
        lib.add_attempt({"mode": "repeat", "source_start": 0, "source_end": 1}, recordings / "b.wav", 0.1, "recorded")
    (recordings / "b.wav").write_bytes(b"later")

    damaged = tmp_path / "damaged.zip"
    damaged.write_bytes(archive.read_bytes()[:-200])
    with pytest.raises(Exception) as caught:
        backup.restore(damaged)
    assert "backup" in str(caught.value) or "damaged" in str(caught.value)
    with Library(jfk_home / "library.sqlite3") as lib:
        assert len(lib.attempts()) == 2  # untouched

    result = backup.restore(archive)
    with Library(jfk_home / "library.sqlite3") as lib:
        assert [a.mode for a in lib.attempts()] == ["shadow"]
        assert lib.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    previous = result["previous"]
    assert (jfk_home / "recordings" / "a.wav").exists() and not (jfk_home / "recordings" / "b.wav").exists()
    with Library(f"{previous}/library.sqlite3") as lib:  # what was replaced is kept, not deleted
        assert len(lib.attempts()) == 2
    assert (jfk_home.joinpath(previous) / "recordings" / "b.wav").read_bytes() == b"later"

    folder = tmp_path / "csv"
    from shadowing.cli import main

    assert main(["export-csv", str(folder)]) == 0
    sessions_csv = (folder / "sessions.csv").read_text().splitlines()
    attempts_csv = (folder / "attempts.csv").read_text().splitlines()
    assert len(sessions_csv) == 2 and len(attempts_csv) == 2 and attempts_csv[1].split(",")[8] == "shadow"
