"""Properties that must hold for every input (hypothesis): text normalisation, word alignment,
the scorer's word statuses, segmentation and segment editing."""

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from shadowing import editing, segmenter
from shadowing.records import Word
from shadowing.scoring import score_words
from shadowing.scoring.align import align
from shadowing.scoring.text import normalise_text, normalise_word
from shadowing.storage import Library

TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60)
VOCAB = ["the", "cat", "sat", "on", "a", "mat", "ten", "10", "don't", "colour", "color", "Mr.", "it's", "—", "ok"]
TOKENS = st.lists(st.sampled_from(VOCAB), max_size=25)
FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@FAST
@given(TEXT)
def test_normalising_never_fails_and_gives_clean_tokens(text):
    tokens = normalise_word(text)
    assert all(t and t == t.strip() and " " not in t for t in tokens)
    assert normalise_text(text) == " ".join(normalise_text(text).split())


@FAST
@given(TOKENS, TOKENS)
def test_alignment_accounts_for_every_token_once_in_order(source, attempt):
    pairs = align(source, attempt)
    assert [p.source for p in pairs if p.source is not None] == list(range(len(source)))
    assert [p.attempt for p in pairs if p.attempt is not None] == list(range(len(attempt)))
    for p in pairs:
        if p.op == "equal":
            assert source[p.source] == attempt[p.attempt]
        if p.op == "replace":
            assert source[p.source] != attempt[p.attempt]
    edits = sum(p.op != "equal" for p in pairs)
    from rapidfuzz.distance import Levenshtein

    assert edits == Levenshtein.distance(source, attempt)  # an optimal alignment


def _words(tokens, start=0.0, step=0.4):
    return [Word(round(start + i * step, 3), round(start + i * step + 0.3, 3), t, 0.9) for i, t in enumerate(tokens)]


@FAST
@given(st.lists(st.sampled_from(["the", "cat", "sat", "on", "mat", "ten", "colour"]), min_size=1, max_size=15),
       TOKENS, st.sampled_from(["shadow", "repeat", "read"]))
def test_every_source_word_gets_exactly_one_status(source, heard, mode):
    result = score_words(_words(source), _words(heard, 0.25), mode, mode == "shadow")
    own = [w for w in result.words if w.status != "inserted"]
    assert [w.word for w in own] == source
    assert all(w.status in ("correct", "substituted", "missed") for w in own)
    assert 0 <= result.score <= 100 and 0.0 <= result.word_accuracy <= 1.0
    if heard == source:
        assert all(w.status == "correct" for w in own)


def _stream(draw_gaps, words_text):
    t, words = 0.0, []
    for text, (length, gap) in zip(words_text, draw_gaps):
        words.append(Word(round(t, 3), round(t + length, 3), text, 0.9))
        t += length + gap
    return words


WORD_STREAM = st.lists(st.tuples(st.sampled_from(["we", "paged", "the", "on-call.", "Then,", "it", "broke?", "ok"]),
                                 st.floats(0.05, 0.8), st.floats(0.0, 1.5)), min_size=1, max_size=80)


@FAST
@given(WORD_STREAM)
def test_segments_never_overlap_never_cut_a_word_and_cover_every_word(stream):
    words = _stream([(a, b) for _, a, b in stream], [w for w, _, _ in stream])
    segments = segmenter.segment_words(words, 0.0, words[-1].end + 2.0)
    assert [w for s in segments for w in s.words] == words  # every word once, in order
    for s in segments:
        assert s.start <= s.words[0].start and s.words[-1].end <= s.end
    for a, b in zip(segments, segments[1:]):
        assert a.end <= b.start


@pytest.fixture(scope="module")
def edit_library(tmp_path_factory):
    return tmp_path_factory.mktemp("props") / "library.sqlite3"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(WORD_STREAM, st.data())
def test_split_then_merge_restores_the_segment_and_keeps_its_id(edit_library, stream, data):
    from shadowing.records import MediaInfo

    words = _stream([(a, b) for _, a, b in stream], [w for w, _, _ in stream])
    segments = segmenter.segment_words(words, 0.0, words[-1].end + 2.0)
    candidates = [s for s in segments if len(s.words) >= 2]
    if not candidates:
        return
    edit_library.unlink(missing_ok=True)
    with Library(edit_library) as lib:
        info = MediaInfo("x.wav", "h", 1, words[-1].end + 2.0, 16000, 1, "pcm", "x")
        episode = lib.add_episode(info)
        t = lib.begin_transcript(episode.id, "whisper", "m", {})
        lib.replace_transcript(t.id, words, segments, words[-1].end + 2.0)
        stored = lib.segments(t.id)
        target = stored[segments.index(data.draw(st.sampled_from(candidates)))]
        before = [(s.id, s.start, s.end, s.text) for s in stored]
        k = data.draw(st.integers(1, len(target.words) - 1))
        new_id = editing.split(lib, t.id, target.id, k)
        after_split = lib.segments(t.id)
        assert len(after_split) == len(stored) + 1
        for a, b in zip(after_split, after_split[1:]):
            assert a.end <= b.start and a.words and b.words
        assert [w for s in after_split for w in s.words] == [w for s in stored for w in s.words]
        editing.merge_with_next(lib, t.id, target.id)
        assert [(s.id, s.start, s.end, s.text) for s in lib.segments(t.id)] == before
        assert new_id not in [s.id for s in lib.segments(t.id)]
