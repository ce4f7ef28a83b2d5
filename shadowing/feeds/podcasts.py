"""Subscriptions: add a feed, refresh it, list its episodes, download one into the library.

Episodes are numbered newest first from 1, as ``shadowing feed episodes`` lists them; a guid
works too. A download lands in ``podcasts/`` in the data folder, is checked to be decodable
media before it is added to the library (an HTML error page saved as .mp3 never is), and its
published transcript (SRT, VTT or Podcasting 2.0 JSON), when there is one, is saved beside it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .. import paths
from ..errors import MediaError, ShadowingError
from . import http
from .parse import Feed, FeedError, FeedItem, TranscriptRef, parse_feed, parse_opml
from ..i18n import translate

AUDIO_SUFFIXES = {"audio/mpeg": ".mp3", "audio/mp3": ".mp3", "audio/mp4": ".m4a", "audio/x-m4a": ".m4a",
                  "audio/aac": ".aac", "audio/ogg": ".ogg", "audio/opus": ".opus", "audio/flac": ".flac",
                  "audio/wav": ".wav", "audio/x-wav": ".wav", "video/mp4": ".mp4", "video/webm": ".webm"}


@dataclass(frozen=True)
class StoredFeed:
    id: int
    url: str
    title: str
    description: str
    image: str | None
    language: str | None
    refreshed_at: str | None
    episodes: int
    new: int = 0  # found by the last refresh

    def to_dict(self) -> dict:
        return self.__dict__.copy()


@dataclass(frozen=True)
class StoredItem:
    id: int
    feed_id: int
    number: int  # newest first, from 1
    item: FeedItem
    episode_id: int | None
    file: str | None
    transcript_file: str | None

    def to_dict(self) -> dict:
        i = self.item
        return {"number": self.number, "guid": i.guid, "title": i.title, "published": i.published,
                "duration_s": i.duration_s, "enclosure_url": i.enclosure_url, "enclosure_type": i.enclosure_type,
                "enclosure_length": i.enclosure_length, "transcripts": [t.__dict__ for t in i.transcripts],
                "downloaded": self.file, "transcript_file": self.transcript_file, "episode_id": self.episode_id}


def _slug(text: str, limit: int = 60) -> str:
    slug = re.sub(r"[^\w]+", "-", text, flags=re.UNICODE).strip("-").lower()
    return slug[:limit].strip("-") or "episode"


def fetch_feed(url: str, etag: str | None = None, last_modified: str | None = None) -> tuple[Feed | None, http.Fetched]:
    if not re.match(r"^https?://", url.strip(), re.IGNORECASE):
        raise FeedError(translate("Errors", "{url}: a feed address starts with http:// or https://").format(url=url))
    fetched = http.fetch(url.strip(), http.MAX_FEED_BYTES, etag, last_modified)
    if fetched.not_modified:
        return None, fetched
    return parse_feed(fetched.content, url.strip()), fetched


def _store(library, feed: Feed, fetched: http.Fetched, feed_id: int | None = None) -> tuple[int, int]:
    """Insert or update the feed and its items in one transaction. Returns (feed id, new items)."""
    with library.transaction() as db:
        if feed_id is None:
            row = db.execute("SELECT id FROM feeds WHERE url = ?", (feed.url,)).fetchone()
            feed_id = row["id"] if row else None
        if feed_id is None:
            feed_id = db.execute("INSERT INTO feeds (url, title, link, description, image, language, etag,"
                                 " last_modified, refreshed_at) VALUES (?,?,?,?,?,?,?,?, strftime('%Y-%m-%dT%H:%M:%fZ','now'))",
                                 (feed.url, feed.title, feed.link, feed.description, feed.image, feed.language,
                                  fetched.etag, fetched.last_modified)).lastrowid
        else:
            db.execute("UPDATE feeds SET title = ?, link = ?, description = ?, image = ?, language = ?, etag = ?,"
                       " last_modified = ?, refreshed_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE id = ?",
                       (feed.title, feed.link, feed.description, feed.image, feed.language, fetched.etag,
                        fetched.last_modified, feed_id))
        known = {r[0] for r in db.execute("SELECT guid FROM feed_items WHERE feed_id = ?", (feed_id,))}
        new = 0
        for position, i in enumerate(feed.items):
            values = (i.title, i.published, i.duration_s, i.description, i.enclosure_url, i.enclosure_type,
                      i.enclosure_length, i.image, json.dumps([t.__dict__ for t in i.transcripts]), position)
            if i.guid in known:
                db.execute("UPDATE feed_items SET title=?, published=?, duration=?, description=?, enclosure_url=?,"
                           " enclosure_type=?, enclosure_length=?, image=?, transcripts=?, position=?"
                           " WHERE feed_id = ? AND guid = ?", (*values, feed_id, i.guid))
            else:
                db.execute("INSERT INTO feed_items (title, published, duration, description, enclosure_url,"
                           " enclosure_type, enclosure_length, image, transcripts, position, feed_id, guid)"
                           " VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", (*values, feed_id, i.guid))
                known.add(i.guid)
                new += 1
    return feed_id, new


def add_feed(library, url: str) -> StoredFeed:
    feed, fetched = fetch_feed(url)
    feed_id, new = _store(library, feed, fetched)
    return feed_info(library, feed_id, new)


def refresh(library, feed_ref: str | int) -> StoredFeed:
    feed_id = resolve_feed(library, feed_ref)
    row = library.db.execute("SELECT * FROM feeds WHERE id = ?", (feed_id,)).fetchone()
    feed, fetched = fetch_feed(row["url"], row["etag"], row["last_modified"])
    if feed is None:  # 304: nothing new
        with library.transaction() as db:
            db.execute("UPDATE feeds SET refreshed_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE id = ?", (feed_id,))
        return feed_info(library, feed_id, 0)
    _, new = _store(library, feed, fetched, feed_id)
    return feed_info(library, feed_id, new)


def import_opml(library, path: str | Path, on_feed: Callable[[str, str, str | None], None] | None = None) -> list:
    """Subscribe to every feed in an OPML file; one failing feed does not stop the others."""
    path = Path(path)
    try:
        content = path.read_bytes()
    except OSError as exc:
        raise ShadowingError(f"{path}: cannot be read ({exc.strerror})") from None
    results = []
    for title, url in parse_opml(content, str(path)):
        try:
            stored = add_feed(library, url)
            results.append((url, stored, None))
            if on_feed:
                on_feed(url, stored.title, None)
        except ShadowingError as exc:
            results.append((url, None, str(exc)))
            if on_feed:
                on_feed(url, title, str(exc))
    return results


def feed_info(library, feed_id: int, new: int = 0) -> StoredFeed:
    r = library.db.execute("SELECT f.*, (SELECT COUNT(*) FROM feed_items i WHERE i.feed_id = f.id) AS n"
                           " FROM feeds f WHERE f.id = ?", (feed_id,)).fetchone()
    return StoredFeed(r["id"], r["url"], r["title"], r["description"], r["image"], r["language"], r["refreshed_at"],
                      r["n"], new)


def feeds(library) -> list[StoredFeed]:
    return [feed_info(library, r[0]) for r in library.db.execute("SELECT id FROM feeds ORDER BY id")]


def resolve_feed(library, ref: str | int) -> int:
    """A feed's number in ``feed list`` (its id), or its URL."""
    text = str(ref).strip()
    if text.lstrip("#").isdigit():
        row = library.db.execute("SELECT id FROM feeds WHERE id = ?", (int(text.lstrip("#")),)).fetchone()
    else:
        row = library.db.execute("SELECT id FROM feeds WHERE url = ?", (text,)).fetchone()
    if row is None:
        raise ShadowingError(f"no feed {text}: see `shadowing feed list`, or add it with `shadowing feed add URL`")
    return row[0]


def _item(row, number: int) -> StoredItem:
    refs = tuple(TranscriptRef(**t) for t in json.loads(row["transcripts"] or "[]"))
    item = FeedItem(row["guid"], row["title"], row["published"], row["duration"], row["description"],
                    row["enclosure_url"], row["enclosure_type"], row["enclosure_length"], row["image"], refs)
    return StoredItem(row["id"], row["feed_id"], number, item, row["episode_id"], row["file"], row["transcript_file"])


@dataclass(frozen=True)
class ShowNotes:
    """What a feed says about one of its episodes: the context its transcription is given."""

    show: str
    show_description: str
    title: str
    description: str


def show_notes(library, episode_id: int) -> ShowNotes | None:
    """The feed's words for a downloaded episode; None for a file that came from no feed."""
    row = library.db.execute(
        "SELECT f.title AS show, f.description AS show_description, i.title, i.description FROM feed_items i"
        " JOIN feeds f ON f.id = i.feed_id WHERE i.episode_id = ? ORDER BY i.id DESC LIMIT 1", (episode_id,)).fetchone()
    return ShowNotes(row["show"], row["show_description"], row["title"], row["description"]) if row else None


def items(library, feed_ref: str | int, limit: int | None = None) -> list[StoredItem]:
    """Newest first (by date; the feed's own order where dates are missing or equal)."""
    feed_id = resolve_feed(library, feed_ref)
    rows = library.db.execute("SELECT * FROM feed_items WHERE feed_id = ?"
                              " ORDER BY published IS NULL, published DESC, position", (feed_id,)).fetchall()
    out = [_item(r, n) for n, r in enumerate(rows, 1)]
    return out[:limit] if limit else out


def find_item(library, feed_ref: str | int, episode_ref: str) -> StoredItem:
    listed = items(library, feed_ref)
    text = str(episode_ref).strip()
    if text.isdigit() and 1 <= int(text) <= len(listed):
        return listed[int(text) - 1]
    for it in listed:
        if it.item.guid == text:
            return it
    raise ShadowingError(f"no episode {text} in this feed (1 to {len(listed)}, or a guid)")


def download(library, feed_ref: str | int, episode_ref: str,
             on_progress: Callable[[int, int | None], None] | None = None,
             cancelled: Callable[[], bool] | None = None, folder: Path | None = None):
    """Download (resuming), check it decodes, add it to the library; fetch its transcript if published.

    Returns (episode, stored item, transcript path or None).
    """
    from .. import episodes, media

    it = find_item(library, feed_ref, episode_ref)
    i = it.item
    if not i.enclosure_url:
        raise ShadowingError(translate("Errors", "“{title}” has no audio to download (no enclosure in the feed)").format(
            title=i.title))
    if i.enclosure_type and not i.is_audio:
        raise ShadowingError(translate("Errors", "“{title}”: its enclosure is {kind}, not audio or video").format(
            title=i.title, kind=i.enclosure_type))
    feed = feed_info(library, it.feed_id)
    folder = folder or (paths.data_dir() / "podcasts" / f"{feed.id}-{_slug(feed.title, 40)}")
    suffix = AUDIO_SUFFIXES.get((i.enclosure_type or "").split(";")[0].lower()) or \
        (Path(i.enclosure_url.split("?")[0]).suffix.lower() if Path(i.enclosure_url.split("?")[0]).suffix else ".mp3")
    date = (i.published or "")[:10]
    target = folder / f"{date + '-' if date else ''}{_slug(i.title)}{suffix}"
    if not target.exists():
        http.download(i.enclosure_url, target, on_progress, cancelled)
    try:
        media.probe(target, with_hash=False)
    except MediaError as exc:
        target.unlink(missing_ok=True)  # not media (an error page, a truncated file): nothing enters the library
        raise ShadowingError(translate("Errors", "the download of “{title}” is not playable audio ({reason}); it was "
                                                 "deleted and nothing was added").format(title=i.title, reason=exc.cause)) from None
    episode = episodes.open_episode(library, target)
    if episode.title == target.stem:
        library.rename_episode(episode.id, i.title)
        episode = library.episode(episode.id)
    transcript = None
    ref = i.best_transcript(feed.language)
    if ref is not None:
        transcript = _fetch_transcript(ref, target)
    with library.transaction() as db:
        db.execute("UPDATE feed_items SET episode_id = ?, file = ?, transcript_file = ? WHERE id = ?",
                   (episode.id, str(target), str(transcript) if transcript else None, it.id))
    return episode, find_item(library, it.feed_id, i.guid), transcript


def _fetch_transcript(ref: TranscriptRef, media_path: Path) -> Path | None:
    """Saved beside the episode (SRT/VTT under the episode's name, so it is found as its sidecar)."""
    from .. import subtitles

    try:
        fetched = http.fetch(ref.url, http.MAX_TRANSCRIPT_BYTES)
        text = fetched.content.decode("utf-8", errors="replace")
        if ref.kind == "json":  # only a transcript we can read is kept
            subtitles.parse_json_transcript(text, ref.url)
        else:
            subtitles.parse_cues(text, ref.url)
    except ShadowingError:
        return None  # the episode is fine without it; Whisper transcribes it
    path = media_path.with_suffix(".json" if ref.kind == "json" else f".{ref.kind}")
    if ref.kind == "json":
        path = media_path.with_name(media_path.stem + ".transcript.json")
    path.write_text(text, encoding="utf-8")
    return path
