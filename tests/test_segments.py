"""Segments: the rules on a real episode and on constructed word streams; edits; sidecars; exports."""

from __future__ import annotations

import json

import pytest

from shadowing import editing, episodes, segmenter, subtitles
from shadowing.records import Word
from shadowing.segmenter import MAX_S, MIN_S, PAUSE_S
from shadowing.storage import Library

from .conftest import EPISODE, SHARED, morris_sentences


def _speech(seg):
    return seg.words[-1].end - seg.words[0].start


def test_real_episode_segments_follow_the_rules(morris_library):
    _db, result = morris_library
    segs = result.segments
    assert len(segs) >= 25
    for seg in segs:
        assert seg.words, "every segment has words"
        assert seg.start <= seg.words[0].start and seg.words[-1].end <= seg.end  # pads, no clipped word
        assert _speech(seg) <= MAX_S
    short = [s for s in segs if _speech(s) < MIN_S]
    assert len(short) <= 1
    for a, b in zip(segs, segs[1:]):
        assert a.end <= b.start + 1e-6  # never overlap
        gap = b.words[0].start - a.words[-1].end
        ends_ok = segmenter.ends_sentence(a.words[-1].text) or gap >= PAUSE_S * 0.9 or _speech(a) + _speech(b) > MAX_S
        assert ends_ok or a.words[-1].end > b.words[0].start - 1.5, (a.text, b.text)
    all_words = [w for s in segs for w in s.words]
    assert len(all_words) == len({(w.start, w.text) for w in all_words})  # each word in exactly one segment


def _pause_is_a_boundary(units, before: dict, after: dict) -> bool:
    """A unit starts in the pause between two reference clips (0.15 s of slack: a clip's times
    include the room tone at its edges, and the aligned edge may sit just past it)."""
    return any(before["end"] - 0.15 <= u.start <= after["start"] + 0.15 for u in units)


def test_sentences_end_at_every_sentence_end_and_phrases_at_every_pause(morris_library):
    """The issue's figures on the hand-checked episode: in sentence mode every pause after a
    sentence end (. ; ? !) between its 32 clips is a segment boundary and no segment is over 12 s;
    in phrase mode every one of the 31 pauses is, and phrases last 1.5 to 5 s."""
    _db, result = morris_library
    ref = morris_sentences()
    sentences = segmenter.practice_units(result.segments, segmenter.SENTENCE)
    phrases = segmenter.practice_units(result.segments, segmenter.PHRASE)
    after_sentence = [(a, b) for a, b in zip(ref, ref[1:]) if a["text"].rstrip().endswith((".", ";", "?", "!"))]
    assert after_sentence and all(_pause_is_a_boundary(sentences, a, b) for a, b in after_sentence)
    assert all(_speech(s) <= MAX_S for s in sentences)
    missed = [a["text"][-30:] for a, b in zip(ref, ref[1:]) if not _pause_is_a_boundary(phrases, a, b)]
    assert not missed, missed
    spans = [_speech(p) for p in phrases]
    # 1.5 to 5 s; a phrase of 1 to 1.5 s stays alone only between two pauses (merging would hide one)
    assert max(spans) <= segmenter.PHRASE_MAX_S and min(spans) >= 1.0
    assert sum(s < MIN_S for s in spans) <= len(spans) // 10
    # phrases are views of the stored sentences: same ids, in order, every word once
    assert [w for p in phrases for w in p.words] == [w for s in result.segments for w in s.words]
    assert {p.id for p in phrases} == {s.id for s in result.segments}
    assert len({(p.id, p.part) for p in phrases}) == len(phrases) > len(sentences)


def test_a_full_stop_without_a_pause_is_not_a_sentence_end():
    """Whisper sometimes punctuates mid-sentence ("and looked. At the dashboard"); with word times
    from the audio a real sentence end has a pause, so a stop run straight through is not a cut."""
    words = _words([("I", 0.2, 0.05), ("opened", 0.4, 0.05), ("my", 0.2, 0.05), ("laptop", 0.5, 0.05),
                    ("and", 0.2, 0.05), ("looked.", 0.4, 0.0), ("At", 0.2, 0.05), ("the", 0.2, 0.05),
                    ("dashboard", 0.5, 0.05), ("first.", 0.4, 0.6), ("Then", 0.3, 0.05), ("I", 0.2, 0.05),
                    ("checked", 0.4, 0.05), ("the", 0.2, 0.05), ("logs.", 0.5, 0.0)])
    assert [g[-1].text for g in segmenter.group_words(words)] == ["first.", "logs."]


def test_a_long_silence_always_ends_a_segment():
    """Music or a pause of more than 1.5 s inside a sentence (no punctuation) is a boundary."""
    words = _words([("we", 0.3, 0.05), ("waited", 0.5, 2.0), ("and", 0.3, 0.05), ("then", 0.3, 0.05),
                    ("the", 0.2, 0.05), ("music", 0.5, 0.05), ("stopped", 0.5, 0.05), ("again.", 0.5, 0.0)])
    groups = segmenter.group_words(words)
    assert [g[-1].text for g in groups] == ["waited", "again."]
    for g in groups:
        assert all(y.start - x.end <= segmenter.NON_SPEECH_MAX_S for x, y in zip(g, g[1:]))


def _words(spec):
    """[(text, duration, pause_after)] -> Words laid end to end."""
    t, out = 0.0, []
    for text, dur, pause in spec:
        out.append(Word(round(t, 3), round(t + dur, 3), text))
        t += dur + pause
    return out


def test_run_on_sentence_splits_at_its_longest_pause():
    spec = [(f"w{i}", 0.3, 0.05) for i in range(25)]
    spec[12] = ("w12,", 0.3, 0.3)   # a clause boundary with a short breath
    spec[17] = ("w17", 0.3, 0.2)
    words = _words(spec + [(f"x{i}", 0.3, 0.05) for i in range(15)] + [("end.", 0.3, 0.0)])
    groups = segmenter.group_words(words)
    assert all(g[-1].end - g[0].start <= MAX_S for g in groups)
    assert groups[0][-1].text == "w12,"


def test_short_fragments_join_a_neighbour_and_sentences_end_segments():
    words = _words([("Yes.", 0.3, 0.5), ("It", 0.2, 0.05), ("is", 0.2, 0.05), ("fine", 0.3, 0.05),
                    ("and", 0.2, 0.05), ("we", 0.2, 0.05), ("go", 0.3, 0.05), ("on.", 0.3, 0.8),
                    ("Next", 0.3, 0.05), ("one", 0.3, 0.05), ("starts", 0.4, 0.05), ("here", 0.3, 0.05),
                    ("now.", 0.3, 0.0)])
    groups = segmenter.group_words(words)
    assert [g[-1].text for g in groups] == ["on.", "now."]


def test_pads_stay_inside_the_silence():
    words = _words([("One", 0.4, 0.05), ("two", 0.4, 0.05), ("three", 0.4, 0.05), ("four.", 0.4, 0.1),
                    ("Five", 0.4, 0.05), ("six", 0.4, 0.05), ("seven", 0.4, 0.05), ("eight.", 0.4, 0.0)])
    segs = segmenter.segment_words(words, 0.0, 10.0)
    assert len(segs) == 2
    assert segs[0].start == 0.0 and segs[0].end <= segs[1].start
    assert segs[0].end - segs[0].words[-1].end <= 0.05 + 1e-6  # half of a 0.1 s gap
    assert segs[1].end - segs[1].words[-1].end == pytest.approx(segmenter.PAD_AFTER_S)


# -- edits ----------------------------------------------------------------------------------------

def _copy_library(morris_library, tmp_path):
    import sqlite3

    db, result = morris_library
    target = tmp_path / "copy.sqlite3"
    with sqlite3.connect(db) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    return target, result


def test_split_merge_nudge_persist_and_keep_ids(morris_library, tmp_path):
    db, result = _copy_library(morris_library, tmp_path)
    tid = result.transcript.id
    with Library(db) as library:
        before = library.segments(tid)
        seg = before[3]
        new_id = editing.split(library, tid, seg.id, 4)
    with Library(db) as library:  # reopened: edits survive
        after = library.segments(tid)
        assert len(after) == len(before) + 1
        first, second = after[3], after[4]
        assert first.id == seg.id and second.id == new_id
        assert [w.text for w in first.words + second.words] == [w.text for w in seg.words]
        assert len(first.words) == 4 and first.edited and second.edited
        editing.merge_with_next(library, tid, first.id)
        merged = library.segments(tid)
        assert [s.text for s in merged] == [s.text for s in before]  # merge undoes split
        assert merged[3].id == seg.id
        untouched = [s.id for s in merged if s.index != 3]
        assert untouched == [s.id for s in before if s.index != 3]
        nudged = editing.nudge(library, tid, seg.id, start_delta=-5.0, end_delta=5.0)
        assert nudged.start >= merged[2].end and nudged.end <= merged[4].start  # clamped to neighbours
        nudged = editing.nudge(library, tid, seg.id, start_delta=+3.0)
        assert nudged.start <= seg.words[0].start  # never cuts a word
        assert [w.text for w in nudged.words] == [w.text for w in seg.words]


def test_bad_edits_are_refused(morris_library, tmp_path):
    db, result = _copy_library(morris_library, tmp_path)
    tid = result.transcript.id
    with Library(db) as library:
        segs = library.segments(tid)
        with pytest.raises(editing.EditError):
            editing.split(library, tid, segs[0].id, 0)
        with pytest.raises(editing.EditError):
            editing.merge_with_next(library, tid, segs[-1].id)
        with pytest.raises(editing.EditError):
            editing.split(library, tid, 999999, 1)


# -- sidecars and exports -------------------------------------------------------------------------

def test_published_srt_is_found_and_used(tmp_path):
    audio = tmp_path / "morris.mp3"
    audio.write_bytes(EPISODE.read_bytes())
    (tmp_path / "morris.srt").write_text((EPISODE.with_suffix(".srt")).read_text())
    assert subtitles.find_sidecar(audio) == tmp_path / "morris.srt"
    with Library(tmp_path / "lib.sqlite3") as library:
        episode = episodes.open_episode(library, audio)
        result = episodes.import_sidecar(library, episode, tmp_path / "morris.srt")
    assert result.complete and result.transcript.source == "sidecar"
    cues = subtitles.load_cues(tmp_path / "morris.srt")
    text = " ".join(s.text for s in result.segments)
    assert text.split() == " ".join(c.text for c in cues).split()
    for seg in result.segments:
        assert seg.words[-1].end - seg.words[0].start <= MAX_S
    assert all(a.end <= b.start for a, b in zip(result.segments, result.segments[1:]))


@pytest.mark.parametrize("name", ["transcript-example.srt", "transcript-example.vtt"])
def test_real_podcast_transcripts_parse(name):
    cues = subtitles.load_cues(SHARED / "feeds" / name)
    assert len(cues) >= 3
    assert all(c.end > c.start and c.text and "<" not in c.text for c in cues)


@pytest.mark.parametrize("text", ["", "hello", "1\nnot a time --> either\nx\n", "WEBVTT\n\n", "\x00\xff" * 40])
def test_malformed_subtitles_give_a_clear_error(text):
    with pytest.raises(subtitles.SubtitleError, match="no subtitle cues"):
        subtitles.parse_cues(text, "broken.srt")


def test_exports_round_trip(morris_library):
    _db, result = morris_library
    segs = result.segments
    for rendered in (subtitles.to_srt(segs), subtitles.to_vtt(segs)):
        cues = subtitles.parse_cues(rendered)
        assert [c.text for c in cues] == [s.text for s in segs]
        assert all(abs(c.start - s.start) < 0.002 and abs(c.end - s.end) < 0.002 for c, s in zip(cues, segs))
    data = json.loads(subtitles.to_json(segs, title="x"))
    assert data["title"] == "x" and len(data["segments"]) == len(segs)
    assert data["segments"][0]["words"][0]["text"] == segs[0].words[0].text


def test_segment_edges_lie_in_silence_on_the_real_episode(morris_library):
    """The issue's measure: an edge is inside speech when the audio within 15 ms of it is louder
    than the episode's speech level (90th percentile of 10 ms frames) minus 25 dB. Before word
    times came from the signal, 15 of 94 edges were; the recording itself starts with speech at
    0.0 s, so that one edge cannot move."""
    from shadowing.alignment.energy import Loudness
    from shadowing.media import load_span, probe

    _db, result = morris_library
    loud = Loudness.of(load_span(EPISODE, 0.0, probe(EPISODE).duration))
    inside = [(s.index, t) for s in result.segments for t in (s.start, s.end) if loud.inside_speech(t)]
    print(f"{len(inside)} of {2 * len(result.segments)} edges inside speech: {inside}")
    assert len(inside) <= 2, inside
    assert all(s.words[-1].end - s.words[0].start <= MAX_S for s in result.segments)


def test_the_library_shows_and_sorts_by_how_fast_each_episode_is_spoken(morris_library):
    from dataclasses import replace

    from shadowing import difficulty

    db, result = morris_library
    with Library(db) as library:
        (row,) = episodes.overview(library)
    pace = difficulty.episode_pace(result.segments)
    assert row.wpm == pytest.approx(pace.wpm, rel=0.05) and f"{row.wpm:.0f} wpm" in row.text
    assert 130 <= row.wpm <= 200  # LibriVox narration: standard to fast
    slow, fast, unknown = replace(row, wpm=105.0), replace(row, wpm=170.0), replace(row, wpm=None)
    rows = [unknown, fast, slow]
    assert episodes.sorted_rows(rows, "easiest") == [slow, fast, unknown]
    assert episodes.sorted_rows(rows, "fastest") == [fast, slow, unknown]
    assert episodes.sorted_rows(rows, "added") == rows
