"""Podcasts: feeds (RSS/Atom, OPML), resumable downloads into the library, published transcripts."""

from .http import Cancelled, FetchError
from .parse import Feed, FeedError, FeedItem, TranscriptRef, parse_feed, parse_opml
from .podcasts import StoredFeed, StoredItem, add_feed, download, feeds, find_item, import_opml, items, refresh

__all__ = ["Cancelled", "FetchError", "Feed", "FeedError", "FeedItem", "TranscriptRef", "parse_feed", "parse_opml",
           "StoredFeed", "StoredItem", "add_feed", "download", "feeds", "find_item", "import_opml", "items", "refresh"]
