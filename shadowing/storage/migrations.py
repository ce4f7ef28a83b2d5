"""Forward-only schema migrations. ``PRAGMA user_version`` holds the number applied so far.

Append new steps; never edit one that has shipped, since learners' libraries were built with it.
"""

MIGRATIONS: list[str] = [
    # 1: episodes, transcripts, words, segments
    """
    CREATE TABLE episodes (
        id            INTEGER PRIMARY KEY,
        content_hash  TEXT NOT NULL UNIQUE,
        path          TEXT NOT NULL,
        title         TEXT NOT NULL,
        duration      REAL NOT NULL,
        size          INTEGER NOT NULL,
        sample_rate   INTEGER,
        channels      INTEGER,
        codec         TEXT,
        added_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
        opened_at     TEXT
    );
    CREATE TABLE transcripts (
        id              INTEGER PRIMARY KEY,
        episode_id      INTEGER NOT NULL REFERENCES episodes(id) ON DELETE CASCADE,
        source          TEXT NOT NULL CHECK (source IN ('whisper', 'sidecar')),
        model           TEXT NOT NULL,
        settings        TEXT NOT NULL DEFAULT '{}',
        status          TEXT NOT NULL CHECK (status IN ('running', 'complete', 'cancelled', 'failed')),
        processed_until REAL NOT NULL DEFAULT 0,
        error           TEXT,
        created_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
        updated_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
        UNIQUE (episode_id, source, model)
    );
    CREATE TABLE words (
        id            INTEGER PRIMARY KEY,
        transcript_id INTEGER NOT NULL REFERENCES transcripts(id) ON DELETE CASCADE,
        start         REAL NOT NULL,
        end           REAL NOT NULL,
        text          TEXT NOT NULL,
        probability   REAL NOT NULL DEFAULT 1
    );
    CREATE INDEX words_by_time ON words(transcript_id, start);
    CREATE TABLE segments (
        id            INTEGER PRIMARY KEY,
        transcript_id INTEGER NOT NULL REFERENCES transcripts(id) ON DELETE CASCADE,
        start         REAL NOT NULL,
        end           REAL NOT NULL,
        edited        INTEGER NOT NULL DEFAULT 0,
        CHECK (end > start)
    );
    CREATE INDEX segments_by_time ON segments(transcript_id, start);
    """,
    # 2: attempts (one recording of one loop); the file is the truth, this row its index
    """
    CREATE TABLE attempts (
        id            INTEGER PRIMARY KEY,
        episode_id    INTEGER REFERENCES episodes(id) ON DELETE SET NULL,
        segment_id    INTEGER REFERENCES segments(id) ON DELETE SET NULL,
        source_start  REAL NOT NULL,
        source_end    REAL NOT NULL,
        source_text   TEXT NOT NULL DEFAULT '',
        mode          TEXT NOT NULL CHECK (mode IN ('shadow', 'repeat', 'read')),
        speed         REAL NOT NULL DEFAULT 1,
        loop          INTEGER NOT NULL DEFAULT 1,
        path          TEXT NOT NULL UNIQUE,
        duration      REAL NOT NULL DEFAULT 0,
        status        TEXT NOT NULL CHECK (status IN ('recorded', 'interrupted', 'failed', 'scored')),
        score         REAL,
        word_accuracy REAL,
        lag_ms        REAL,
        result        TEXT,
        meta          TEXT NOT NULL DEFAULT '{}',
        recorded_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
    );
    CREATE INDEX attempts_by_segment ON attempts(segment_id, recorded_at);
    CREATE INDEX attempts_by_time ON attempts(recorded_at);
    """,
    # 3: practice sessions, what was practised in them, words the learner marked known
    """
    CREATE TABLE sessions (
        id             INTEGER PRIMARY KEY,
        origin         TEXT NOT NULL DEFAULT 'app',
        started_at     TEXT NOT NULL,
        last_active_at TEXT NOT NULL,
        ended_at       TEXT
    );
    CREATE INDEX sessions_by_time ON sessions(started_at);
    CREATE TABLE activity (
        id          INTEGER PRIMARY KEY,
        session_id  INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        started_at  TEXT NOT NULL,
        seconds     REAL NOT NULL CHECK (seconds >= 0),
        mode        TEXT NOT NULL,
        episode_id  INTEGER REFERENCES episodes(id) ON DELETE SET NULL,
        segment_id  INTEGER REFERENCES segments(id) ON DELETE SET NULL
    );
    CREATE INDEX activity_by_session ON activity(session_id);
    CREATE INDEX activity_by_time ON activity(started_at);
    ALTER TABLE attempts ADD COLUMN session_id INTEGER REFERENCES sessions(id) ON DELETE SET NULL;
    CREATE INDEX attempts_by_session ON attempts(session_id);
    CREATE TABLE known_words (
        word      TEXT PRIMARY KEY,
        marked_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
    )
    """,
    # 4: podcast feeds and their episodes
    """
    CREATE TABLE feeds (
        id            INTEGER PRIMARY KEY,
        url           TEXT NOT NULL UNIQUE,
        title         TEXT NOT NULL,
        link          TEXT,
        description   TEXT NOT NULL DEFAULT '',
        image         TEXT,
        language      TEXT,
        etag          TEXT,
        last_modified TEXT,
        added_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
        refreshed_at  TEXT
    );
    CREATE TABLE feed_items (
        id               INTEGER PRIMARY KEY,
        feed_id          INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
        guid             TEXT NOT NULL,
        position         INTEGER NOT NULL,
        title            TEXT NOT NULL,
        published        TEXT,
        duration         REAL,
        description      TEXT NOT NULL DEFAULT '',
        enclosure_url    TEXT,
        enclosure_type   TEXT,
        enclosure_length INTEGER,
        image            TEXT,
        transcripts      TEXT NOT NULL DEFAULT '[]',
        first_seen       TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
        episode_id       INTEGER REFERENCES episodes(id) ON DELETE SET NULL,
        file             TEXT,
        transcript_file  TEXT,
        UNIQUE (feed_id, guid)
    );
    CREATE INDEX feed_items_by_date ON feed_items(feed_id, published)
    """,
    # 5: the coach: each episode's plan state, and the spaced review queue of hard sentences
    """
    CREATE TABLE coach_plans (
        episode_id  INTEGER PRIMARY KEY REFERENCES episodes(id) ON DELETE CASCADE,
        state       TEXT NOT NULL,
        updated_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
    );
    CREATE TABLE reviews (
        segment_id  INTEGER PRIMARY KEY REFERENCES segments(id) ON DELETE CASCADE,
        episode_id  INTEGER REFERENCES episodes(id) ON DELETE CASCADE,
        step        INTEGER NOT NULL DEFAULT 0,
        due_at      TEXT NOT NULL,
        mastered    INTEGER NOT NULL DEFAULT 0,
        last_score  REAL,
        text        TEXT NOT NULL DEFAULT '',
        added_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
    );
    CREATE INDEX reviews_by_due ON reviews(mastered, due_at)
    """,
    # 6: the learner's glossary (terms given to Whisper when an episode is transcribed), and words
    # the learner corrected in a transcript: ``heard`` keeps what Whisper wrote
    """
    CREATE TABLE glossary (
        term      TEXT PRIMARY KEY COLLATE NOCASE,
        added_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
    );
    ALTER TABLE words ADD COLUMN heard TEXT
    """,
    # 7: walks: each exported practice track's plan, and each walk recording imported against one
    """
    CREATE TABLE walk_tracks (
        id          INTEGER PRIMARY KEY,
        track_id    TEXT NOT NULL UNIQUE,
        episode_id  INTEGER REFERENCES episodes(id) ON DELETE SET NULL,
        path        TEXT,
        plan        TEXT NOT NULL,
        created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
    );
    CREATE TABLE walk_imports (
        id            INTEGER PRIMARY KEY,
        track_id      TEXT NOT NULL,
        recording     TEXT NOT NULL,
        content_hash  TEXT NOT NULL,
        session_id    INTEGER REFERENCES sessions(id) ON DELETE SET NULL,
        result        TEXT NOT NULL,
        imported_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
        UNIQUE (track_id, content_hash)
    )
    """,
]
