"""Podcasts end to end against a local HTTP server: real feeds, real audio, real faults."""

import json
from pathlib import Path

import pytest

from .conftest import MEDIA
from .feedserver import FeedServer, Route
from shadowing import feeds, subtitles
from shadowing.cli import main
from shadowing.errors import ShadowingError
from shadowing.feeds import http
from shadowing.paths import data_dir, database_path
from shadowing.storage import Library

FEEDS = MEDIA.parent / "feeds"
SEVEN = MEDIA / "lj_seven_wonders.mp3"


@pytest.fixture
def server():
    s = FeedServer()
    yield s
    s.close()


def _pci_feed(server: FeedServer, **media_route) -> str:
    """The Podcasting 2.0 example feed, its enclosures and transcripts pointing at the local server."""
    xml = (FEEDS / "podcastindex-example.xml").read_text(encoding="utf-8")
    server.add("/media/seven.mp3", Route(SEVEN, "audio/mpeg", **media_route))
    server.add("/media/jfk.flac", Route(MEDIA / "jfk.flac", "audio/flac"))
    server.add("/media/page.mp3", Route(b"<html><body>Sorry, this episode has moved.</body></html>", "audio/mpeg"))
    server.add("/t/ep3.vtt", Route(FEEDS / "transcript-example.vtt", "text/vtt"))
    for old, new in (("https://example.com/file-03.mp3", "/media/seven.mp3"),
                     ("https://example.com/file-02.mp3", "/media/jfk.flac"),
                     ("https://example.com/file-01.mp3", "/media/page.mp3"),
                     ("https://example.com/episode1/transcript.vtt", "/t/ep3.vtt")):
        xml = xml.replace(old, server.base + new)
    return server.add("/pci.xml", Route(xml.encode(), "application/rss+xml"))


def _library_episodes() -> int:
    with Library(database_path()) as library:
        return len(library.episodes())


def test_subscribe_list_download_and_use_the_published_transcript(server, capsys):
    url = _pci_feed(server)
    assert main(["feed", "add", url]) == 0
    assert "3 episodes" in capsys.readouterr().out
    assert main(["feed", "episodes", "1", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [e["guid"] for e in listed] == ["https://example.com/ep0003", "https://example.com/ep0002",
                                           "https://example.com/ep0001"]  # newest first
    assert listed[0]["duration_s"] is None or listed[0]["duration_s"] > 0
    assert [t["type"] for t in listed[0]["transcripts"]] == ["text/plain", "text/vtt"]  # both tags kept

    assert main(["feed", "download", "1", "1", "-q"]) == 0
    out = capsys.readouterr().out
    with Library(database_path()) as library:
        (episode,) = library.episodes()
        (item,) = [i for i in feeds.items(library, 1) if i.file]
    assert episode.title == listed[0]["title"] and abs(episode.duration - 71.7) < 0.5
    assert Path(item.file).read_bytes() == SEVEN.read_bytes()
    assert Path(item.file).is_relative_to(data_dir() / "podcasts")
    assert item.transcript_file and item.transcript_file.endswith(".vtt") and "published transcript" in out
    assert server.routes["/media/seven.mp3"].requests[0]["ua"].startswith("Shadow/")

    # the published transcript as the text source beside Whisper
    assert main(["transcribe", item.file, "--text-source", "sidecar", "-q"]) == 0
    assert main(["segments", item.file, "--json"]) == 0
    segments = json.loads(capsys.readouterr().out)
    segments = segments["segments"] if isinstance(segments, dict) else segments
    assert segments and "podcast trailer" in " ".join(s["text"] for s in segments)


def test_a_dropped_connection_is_resumed_with_a_range_request(server):
    url = _pci_feed(server, drop_after=400_000)
    with Library(database_path()) as library:
        feeds.add_feed(library, url)
        episode, item, _ = feeds.download(library, 1, "1")
    route = server.routes["/media/seven.mp3"]
    first, second = [r["range"] for r in route.requests]
    assert first is None and 300_000 < int(second[6:-1]) <= 400_000  # resumed near where it dropped
    assert Path(item.file).read_bytes() == SEVEN.read_bytes()


def test_a_cancelled_download_resumes_next_time_and_adds_nothing_meanwhile(server):
    url = _pci_feed(server, chunk_delay_s=0.002)
    seen = []
    with Library(database_path()) as library:
        feeds.add_feed(library, url)
        with pytest.raises(feeds.Cancelled):
            feeds.download(library, 1, "1", on_progress=lambda done, total: seen.append(done),
                           cancelled=lambda: seen[-1] >= 300_000)
        assert library.episodes() == []
        partial = list((data_dir() / "podcasts").rglob("*.partial"))
        assert len(partial) == 1 and partial[0].stat().st_size >= 300_000
        kept = partial[0].stat().st_size
        episode, item, _ = feeds.download(library, 1, "1")
    assert server.routes["/media/seven.mp3"].requests[-1]["range"] == f"bytes={kept}-"
    assert Path(item.file).read_bytes() == SEVEN.read_bytes()
    assert not list((data_dir() / "podcasts").rglob("*.partial"))


def test_a_server_that_ignores_range_gets_a_fresh_download(server):
    url = _pci_feed(server, ranges=False, drop_after=200_000)
    with Library(database_path()) as library:
        feeds.add_feed(library, url)
        _, item, _ = feeds.download(library, 1, "1")
    assert Path(item.file).read_bytes() == SEVEN.read_bytes()


def test_a_download_cut_again_and_again_keeps_the_part_and_adds_nothing(server):
    url = _pci_feed(server, drop_after=100_000, drops=99)
    with Library(database_path()) as library:
        feeds.add_feed(library, url)
        with pytest.raises(feeds.FetchError) as caught:
            feeds.download(library, 1, "1")
        assert library.episodes() == []
    assert "resumes there" in str(caught.value)
    assert not [p for p in (data_dir() / "podcasts").rglob("*") if p.is_file() and p.suffix != ".partial"]


def test_an_enclosure_that_is_not_audio_is_refused_and_deleted(server, capsys):
    url = _pci_feed(server)
    main(["feed", "add", url])
    assert main(["feed", "download", "1", "3", "-q"]) == 2  # the oldest: a web page served as .mp3
    err = capsys.readouterr().err
    assert "not playable audio" in err and "nothing was added" in err
    assert _library_episodes() == 0
    assert not [p for p in (data_dir() / "podcasts").rglob("*") if p.is_file()]
    # an enclosure the feed itself says is a PDF is not even downloaded
    xml = (f"<rss version='2.0'><channel><title>Docs</title><item><title>Slides</title><guid>s1</guid>"
           f"<enclosure url='{server.base}/slides.pdf' type='application/pdf' length='10'/></item></channel></rss>")
    main(["feed", "add", server.add("/docs.xml", Route(xml.encode(), "application/rss+xml"))])
    capsys.readouterr()
    assert main(["feed", "download", "2", "1"]) == 2
    assert "not audio or video" in capsys.readouterr().err


@pytest.mark.parametrize("route, message", [
    (None, "HTTP 404"),
    (Route(b"<!DOCTYPE html><html><head><title>My podcast</title></head><body>Hi</body></html>", "text/html"),
     "web page, not a podcast feed"),
    (Route(b"\x00\x01\x02 definitely not XML", "application/rss+xml"), "not an RSS or Atom feed"),
    (Route(b"", "application/rss+xml"), "empty"),
    (Route(b"<rss/>", delay_s=3.0), "timed out"),
])
def test_bad_feeds_give_one_clear_line_and_store_nothing(server, capsys, monkeypatch, route, message):
    monkeypatch.setattr(http, "READ_S", 1.0)
    url = server.add("/feed.xml", route) if route else server.base + "/missing.xml"
    assert main(["feed", "add", url]) == 2
    err = capsys.readouterr().err.strip()
    assert message in err and len(err.splitlines()) == 1, err
    with Library(database_path()) as library:
        assert feeds.feeds(library) == []


def test_a_feed_of_730_episodes_and_a_refresh_that_finds_one_new(server):
    big = (FEEDS / "giantbomb_730_items.rss").read_bytes()
    route = Route(big, "application/rss+xml")
    url = server.add("/big.xml", route)
    with Library(database_path()) as library:
        stored = feeds.add_feed(library, url)
        assert stored.episodes == 730
        assert feeds.refresh(library, 1).new == 0
        newest = feeds.items(library, 1)[0]
        extra = (b"<item><title>A brand new episode</title><guid>brand-new-1</guid>"
                 b"<pubDate>Sun, 29 Nov 2026 08:00:00 GMT</pubDate>"
                 b"<enclosure url='http://127.0.0.1/x.mp3' type='audio/mpeg' length='1'/></item>")
        route.body = big.replace(b"<item>", extra + b"<item>", 1)
        refreshed = feeds.refresh(library, url)
        assert refreshed.new == 1 and refreshed.episodes == 731
        assert feeds.items(library, 1)[0].item.title == "A brand new episode"
        assert feeds.items(library, 1)[1].item.guid == newest.item.guid
    taverncast = Route((FEEDS / "taverncast_full_131_items.rss").read_bytes(), "application/rss+xml")
    with Library(database_path()) as library:  # a newline before <?xml: still read
        # 131 items, two of them the same file under the same guid (the publisher's slip): 130 episodes
        assert feeds.add_feed(library, server.add("/tc.xml", taverncast)).episodes == 130


def test_opml_import_adds_what_it_can_and_refuses_entity_tricks(server, tmp_path, capsys):
    good = _pci_feed(server)
    tc = server.add("/tc.xml", Route((FEEDS / "taverncast_single_item.rss").read_bytes(), "application/rss+xml"))
    opml = tmp_path / "subs.opml"
    opml.write_text(f"""<?xml version="1.0"?><opml version="2.0"><head><title>Pods</title></head><body>
      <outline text="Tech"><outline type="rss" text="PC 2.0" xmlUrl="{good}"/>
      <outline type="rss" text="Gone" xmlUrl="{server.base}/gone.xml"/></outline>
      <outline type="rss" text="Tavern" xmlUrl="{tc}"/></body></opml>""")
    assert main(["feed", "import-opml", str(opml)]) == 0
    out = capsys.readouterr().out
    assert "2 of 3 feeds added" in out and "Gone: " in out and "HTTP 404" in out
    bomb = tmp_path / "bomb.opml"
    bomb.write_text('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
                    '<opml><body><outline xmlUrl="&lol2;"/></body></opml>')
    assert main(["feed", "import-opml", str(bomb)]) == 2
    assert "refused" in capsys.readouterr().err
    with pytest.raises(ShadowingError, match="not an OPML file"):
        feeds.parse_opml(b"<rss><channel/></rss>")


def test_podcasting_json_transcripts_keep_word_times_and_join_into_sentences():
    cues, words = subtitles.parse_json_transcript((FEEDS / "transcript-example.json").read_text())
    assert [(w.start, w.end, w.text) for w in words][:2] == [(0.5, 0.75, "I"), (1.0, 1.25, "am")]
    assert [c.text for c in cues] == ["I am your father.", "Nooooo"]  # a sentence end, then a new speaker
    assert cues[0].start == 0.5 and cues[0].end == 2.5
