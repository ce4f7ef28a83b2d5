"""Podcast feeds (RSS/Atom, with iTunes and Podcasting 2.0 tags) and OPML subscription lists.

feedparser reads the feed; the ``<podcast:transcript>`` tags, which feedparser keeps only one
of per item, are read again with defusedxml (which refuses entity tricks). OPML is read with
defusedxml too: a subscription list is user-supplied XML.
"""

from __future__ import annotations

import html
import re
import time
from dataclasses import dataclass, field

from ..errors import ShadowingError
from ..i18n import translate

TRANSCRIPT_TYPES = {"text/vtt": "vtt", "application/x-subrip": "srt", "application/srt": "srt",
                    "text/srt": "srt", "application/json": "json"}
_TAGS = re.compile(r"<[^>]+>")


class FeedError(ShadowingError):
    pass


@dataclass(frozen=True)
class TranscriptRef:
    url: str
    type: str
    language: str | None = None

    @property
    def kind(self) -> str | None:
        """srt, vtt or json when we can use it; plain text and HTML have no times."""
        kind = TRANSCRIPT_TYPES.get(self.type.split(";")[0].strip().lower())
        if kind is None:
            for suffix in ("vtt", "srt", "json"):
                if self.url.lower().split("?")[0].endswith("." + suffix):
                    return suffix
        return kind


@dataclass(frozen=True)
class FeedItem:
    guid: str
    title: str
    published: str | None  # ISO 8601, UTC
    duration_s: float | None
    description: str
    enclosure_url: str | None
    enclosure_type: str | None
    enclosure_length: int | None
    image: str | None
    transcripts: tuple[TranscriptRef, ...] = ()

    @property
    def is_audio(self) -> bool:
        kind = (self.enclosure_type or "").lower()
        return self.enclosure_url is not None and (kind.startswith(("audio/", "video/")) or kind in ("", "application/octet-stream"))

    def best_transcript(self, language: str | None = None) -> TranscriptRef | None:
        usable = [t for t in self.transcripts if t.kind]
        if language:
            same = [t for t in usable if not t.language or t.language.lower().startswith(language.lower()[:2])]
            usable = same or usable
        order = {"vtt": 0, "srt": 1, "json": 2}
        return min(usable, key=lambda t: order[t.kind]) if usable else None


@dataclass(frozen=True)
class Feed:
    url: str
    title: str
    link: str | None
    description: str
    image: str | None
    language: str | None
    items: tuple[FeedItem, ...] = field(default_factory=tuple)


def _text(value: str | None, limit: int = 2000) -> str:
    text = html.unescape(_TAGS.sub(" ", value or ""))
    return re.sub(r"\s+", " ", text).strip()[:limit]


def parse_duration(value) -> float | None:
    """itunes:duration: seconds, MM:SS or HH:MM:SS."""
    if value in (None, ""):
        return None
    try:
        parts = [float(p) for p in str(value).strip().split(":")]
    except ValueError:
        return None
    if not 1 <= len(parts) <= 3 or any(p < 0 for p in parts):
        return None
    seconds = 0.0
    for p in parts:
        seconds = seconds * 60 + p
    return seconds


def _iso(parsed) -> str | None:
    if not parsed:
        return None
    try:
        return time.strftime("%Y-%m-%dT%H:%M:%SZ", parsed)
    except (TypeError, ValueError):
        return None


def _mapping(value) -> dict:
    """feedparser's value where attributes are expected: a dict, or (malformed feeds) a string."""
    return value if isinstance(value, dict) else {}


def _transcripts_by_item(content: bytes) -> dict[str, list[TranscriptRef]]:
    """guid (or enclosure URL, or title) -> its <podcast:transcript> tags, all of them."""
    import defusedxml.ElementTree as ET
    from defusedxml import DefusedXmlException

    try:
        root = ET.fromstring(content.lstrip())
    except (ET.ParseError, DefusedXmlException, ValueError, LookupError):  # LookupError: encoding="UTF-4"
        return {}
    out: dict[str, list[TranscriptRef]] = {}
    for item in root.iter("item"):
        refs = [TranscriptRef(t.get("url", ""), t.get("type", ""), t.get("language"))
                for t in item if isinstance(t.tag, str) and t.tag.endswith("}transcript") and t.get("url")]
        if not refs:
            continue
        guid = item.findtext("guid")
        enclosure = item.find("enclosure")
        for key in (guid, enclosure.get("url") if enclosure is not None else None, item.findtext("title")):
            if key:
                out.setdefault(key.strip(), refs)
    return out


def parse_feed(content: bytes, url: str) -> Feed:
    import feedparser

    if not content.strip():
        raise FeedError(translate("Errors", "{url}: the answer was empty, not a feed").format(url=url))
    try:
        parsed = feedparser.parse(content, sanitize_html=False, resolve_relative_uris=False)
    except Exception as exc:  # feedparser's lenient parser has crashed on malformed feeds (found by fuzzing)
        raise FeedError(translate("Errors", "{url}: not a readable feed ({reason} in the feed parser)").format(
            url=url, reason=type(exc).__name__)) from None
    if not parsed.get("version") and not parsed.entries:
        reason = parsed.get("bozo_exception")
        head = content.lstrip()[:200].lower()
        if b"<html" in head or b"<!doctype html" in head:
            raise FeedError(translate("Errors", "{url}: this is a web page, not a podcast feed (look for its RSS link)")
                            .format(url=url))
        raise FeedError((translate("Errors", "{url}: not an RSS or Atom feed ({reason})") if reason else
                         translate("Errors", "{url}: not an RSS or Atom feed")).format(url=url, reason=reason))
    extra = _transcripts_by_item(content)
    channel = parsed.feed
    items, guids = [], set()
    for n, e in enumerate(parsed.entries):
        try:
            item = _item(n, e, extra)
        except (TypeError, AttributeError, KeyError, ValueError, IndexError):
            continue  # feedparser's view of a malformed item is inconsistent: skip the item, keep the feed
        if item.guid in guids:
            continue  # a publisher's repeated guid: one episode (real feeds do this; the first wins)
        guids.add(item.guid)
        items.append(item)
    try:
        image = (channel.get("image") or {}).get("href") or (channel.get("image") or {}).get("url") \
            if isinstance(channel.get("image"), dict) else None
        return Feed(url, _text(channel.get("title"), 300) or url, _str(channel.get("link")),
                    _text(channel.get("summary")), image, _str(channel.get("language")), tuple(items))
    except (TypeError, AttributeError, KeyError, ValueError, IndexError):
        return Feed(url, url, None, "", None, None, tuple(items))


def _str(value) -> str | None:
    return value if isinstance(value, str) else None


def _item(n: int, e, extra: dict) -> FeedItem:
    enclosure = _mapping(next(iter(e.get("enclosures") or []), {}))
    href = _str(enclosure.get("href")) or None
    length = enclosure.get("length")
    guid = str(e.get("id") or href or e.get("link") or e.get("title") or f"item-{n}").strip()
    refs = extra.get(guid) or (extra.get(href) if href else None) or extra.get(str(e.get("title") or "").strip())
    if not refs and e.get("podcast_transcript"):
        t = _mapping(e["podcast_transcript"])  # feedparser gives text, not attributes, for odd tags
        refs = [TranscriptRef(t.get("url", ""), t.get("type", ""), t.get("language"))] if t.get("url") else []
    image = (e.get("image") or {}).get("href") if isinstance(e.get("image"), dict) else None
    return FeedItem(
        guid=guid, title=_text(e.get("title"), 300) or f"episode {n + 1}",
        published=_iso(e.get("published_parsed") or e.get("updated_parsed")),
        duration_s=parse_duration(e.get("itunes_duration")),
        description=_text(e.get("summary")),
        enclosure_url=href, enclosure_type=_str(enclosure.get("type")),
        enclosure_length=int(length) if str(length or "").isdigit() else None,
        image=image, transcripts=tuple(refs or ()))


def parse_opml(content: bytes, name: str = "OPML") -> list[tuple[str, str]]:
    """(title, feed URL) of every ``<outline xmlUrl=...>``, nested folders included, in order."""
    import defusedxml.ElementTree as ET
    from defusedxml import DefusedXmlException

    try:
        root = ET.fromstring(content.lstrip())
    except DefusedXmlException as exc:
        raise FeedError(f"{name}: refused ({type(exc).__name__}: entities or DTDs are not allowed in OPML)") from None
    except (ET.ParseError, ValueError, LookupError) as exc:  # LookupError: an encoding Python does not know
        raise FeedError(translate("Errors", "{name}: not valid XML ({reason})").format(name=name, reason=exc)) from None
    if root.tag.lower() != "opml":
        raise FeedError(translate("Errors", "{name}: not an OPML file (its root is <{tag}>)").format(name=name, tag=root.tag))
    seen, out = set(), []
    for outline in root.iter("outline"):
        url = (outline.get("xmlUrl") or outline.get("xmlurl") or "").strip()
        if url and url not in seen:
            seen.add(url)
            out.append((outline.get("title") or outline.get("text") or url, url))
    if not out:
        raise FeedError(translate("Errors", "{name}: no podcast subscriptions in it (no outline with an xmlUrl)").format(
            name=name))
    return out
