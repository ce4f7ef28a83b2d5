"""The library file: WAL, foreign keys, schema versions, and refusing what it cannot read."""

from __future__ import annotations

import sqlite3

import pytest

from shadowing.errors import ShadowingError
from shadowing.records import MediaInfo, Segment, Word
from shadowing.storage import Library
from shadowing.storage.library import SCHEMA_VERSION


def _info(n=1):
    return MediaInfo(f"/x/{n}.mp3", f"hash{n}", 10, 60.0, 44100, 2, "mp3", f"Episode {n}")


def test_fresh_library_is_wal_with_foreign_keys_and_current_schema(tmp_path):
    with Library(tmp_path / "lib.sqlite3") as library:
        assert library.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert library.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert library.schema_version == SCHEMA_VERSION
        tables = {r[0] for r in library.db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        assert {"episodes", "transcripts", "words", "segments"} <= tables


def test_a_new_library_opened_from_many_threads_at_once_is_made_once(tmp_path):
    """The window's first start opens the new library from several threads together: each must find
    it made, not fail on "table episodes already exists" (a clean machine's first start did)."""
    import threading

    path, errors, barrier = tmp_path / "lib.sqlite3", [], threading.Barrier(8)

    def open_it():
        barrier.wait()
        try:
            with Library(path) as library:
                assert library.schema_version == SCHEMA_VERSION
        except Exception as exc:  # collected: an assert inside a thread would not fail the test
            errors.append(repr(exc))

    for _ in range(5):  # the race is narrow: five fresh libraries
        path.unlink(missing_ok=True)
        threads = [threading.Thread(target=open_it) for _ in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert not errors, errors
        assert not list(tmp_path.glob("*.bak*")), "a half-made library was copied as an older schema"
        for extra in tmp_path.glob("lib.sqlite3-*"):
            extra.unlink()


def test_same_content_is_one_episode(tmp_path):
    with Library(tmp_path / "lib.sqlite3") as library:
        a = library.add_episode(_info(1))
        moved = MediaInfo("/elsewhere/renamed.mp3", "hash1", 10, 60.0, 44100, 2, "mp3", "Episode 1")
        b = library.add_episode(moved)
        assert a.id == b.id and b.path == "/elsewhere/renamed.mp3"
        assert len(library.episodes()) == 1


def test_resume_point_drops_unfinished_chunk(tmp_path):
    with Library(tmp_path / "lib.sqlite3") as library:
        ep = library.add_episode(_info())
        t = library.begin_transcript(ep.id, "whisper", "m", {})
        w1 = [Word(0.5, 0.9, "one."), Word(1.0, 1.4, "two.")]
        library.store_chunk(t.id, w1, [Segment(0, 0.3, 1.6, "one. two.")], 2.0)
        # a chunk whose words were written but whose resume point never was (a crash mid-write is
        # impossible: store_chunk is one transaction; this is the worst case it leaves)
        library.db.execute("INSERT INTO words (transcript_id, start, end, text) VALUES (?, 2.5, 2.9, 'ghost')", (t.id,))
        again = library.begin_transcript(ep.id, "whisper", "m", {})
        assert again.id == t.id and again.processed_until == 2.0
        assert [w.text for w in library.words(t.id)] == ["one.", "two."]


def test_deleting_an_episode_cascades(tmp_path):
    with Library(tmp_path / "lib.sqlite3") as library:
        ep = library.add_episode(_info())
        t = library.begin_transcript(ep.id, "whisper", "m", {})
        library.store_chunk(t.id, [Word(0.5, 0.9, "one.")], [Segment(0, 0.3, 1.2, "one.")], 2.0)
        library.db.execute("DELETE FROM episodes WHERE id = ?", (ep.id,))
        assert library.db.execute("SELECT COUNT(*) FROM words").fetchone()[0] == 0


def test_library_from_a_newer_version_is_refused(tmp_path):
    path = tmp_path / "lib.sqlite3"
    with sqlite3.connect(path) as con:
        con.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    with pytest.raises(ShadowingError, match="newer version"):
        Library(path)


def test_corrupt_database_file_gives_a_message(tmp_path):
    path = tmp_path / "lib.sqlite3"
    path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(ShadowingError, match="cannot be opened"):
        Library(path)
    assert path.read_bytes().startswith(b"this is not a database")  # nothing overwritten
