"""Scoring against known truth: attempts built from real speech and from espeak-ng with known
words and known timing. The scorer must find what was built in."""

from __future__ import annotations

import random

import numpy as np
import pytest

from shadowing.records import Word
from shadowing.scoring import Attempt, score_attempt, score_words
from shadowing.scoring.align import align
from shadowing.scoring.text import normalise_text, tokens
from shadowing import media

from .conftest import EPISODE, speak, speak_each

SENTENCE = "please check the database connection before every large deployment today".split()


def _noise(n, level=0.003, seed=1):
    return (np.random.default_rng(seed).standard_normal(n) * level).astype(np.float32)


@pytest.fixture(scope="module")
def source_segment(morris_library):
    """A real 8-10 s sentence of the episode: its words (segment time) and its audio."""
    _db, result = morris_library
    seg = next(s for s in result.segments if 7.0 <= s.end - s.start <= 10.5 and len(s.words) >= 15)
    words = [Word(w.start - seg.start, w.end - seg.start, w.text) for w in seg.words]
    return words, media.load_span(EPISODE, seg.start, seg.end)


@pytest.fixture(scope="module")
def spoken_words():
    """espeak-ng words laid end to end with 120 ms gaps: every word's time is known exactly."""
    pieces = speak_each(SENTENCE)
    gap = np.zeros(int(0.12 * 16000), np.float32)
    audio, words, t = [np.zeros(int(0.3 * 16000), np.float32)], [], 0.3
    for text, piece in zip(SENTENCE, pieces):
        trimmed = np.trim_zeros(np.where(np.abs(piece) > 0.01, piece, 0)) if np.any(np.abs(piece) > 0.01) else piece
        words.append(Word(round(t, 3), round(t + trimmed.size / 16000, 3), text))
        audio += [trimmed, gap]
        t += (trimmed.size + gap.size) / 16000
    audio.append(np.zeros(int(0.5 * 16000), np.float32))
    return words, np.concatenate(audio)


@pytest.mark.parametrize("delay", [0.25, 0.40, 0.70])
def test_known_delay_is_measured(engine, source_segment, delay):
    words, audio = source_segment
    attempt = np.concatenate([np.zeros(int(delay * 16000), np.float32), audio])
    attempt = attempt + _noise(attempt.size)
    result = score_attempt(words, Attempt(attempt, "shadow", True), audio, engine)
    assert result.word_accuracy >= 0.9
    assert result.lag_method == "envelope"
    assert abs(result.lag["median"] - delay) <= 0.040
    assert result.lag["iqr"] < 0.05 and result.longest_silence_s < 1.0
    coarse = score_words(words, engine.transcribe_clip(attempt), "shadow", True)
    assert abs(result.lag["median"] - delay) <= abs(coarse.lag["median"] - delay) + 0.002  # refinement helps


def test_three_cut_words_are_exactly_the_missed_ones(engine, spoken_words):
    words, audio = spoken_words
    cut = {"database", "before", "deployment"}
    attempt = audio.copy()
    for w in words:
        if w.text in cut:
            attempt[int(w.start * 16000):int(w.end * 16000)] = 0.0
    result = score_attempt(words, Attempt(attempt + _noise(attempt.size), "shadow", True), audio, engine)
    missed = {w.word for w in result.words if w.status == "missed"}
    assert missed == cut
    assert result.word_accuracy >= (len(words) - 3 - 1) / len(words)


@pytest.mark.parametrize("voice", ["en-GB-x-rp", "en-us+f3"])
def test_another_voice_same_text_scores_high(engine, voice):
    text = "the service ran out of connections under the morning traffic"
    source_audio = speak(text)
    source = engine.transcribe_clip(source_audio)
    attempt = speak(text, voice)
    result = score_attempt(source, Attempt(attempt, "repeat", False), source_audio, engine)
    assert result.word_accuracy >= 0.8
    assert 0.7 < result.pace["pace_ratio"] < 1.4


def test_different_text_scores_low_and_is_not_corrected_into_the_source(engine):
    source_audio = speak("the service ran out of connections under the morning traffic")
    source = engine.transcribe_clip(source_audio)
    attempt = speak("my cat likes to sleep in a warm sunny garden")
    result = score_attempt(source, Attempt(attempt, "shadow", True), source_audio, engine)
    assert result.word_accuracy < 0.2
    assert "garden" in result.heard_text.lower() and "traffic" not in result.heard_text.lower()


def test_graded_degradations_give_strictly_lower_scores(engine, spoken_words):
    words, audio = spoken_words
    rng = random.Random(3)
    order = list(range(len(words)))
    rng.shuffle(order)
    scores = []
    for fraction in (0.0, 0.1, 0.25, 0.5):
        attempt = audio.copy()
        for i in order[:round(fraction * len(words))]:
            attempt[int(words[i].start * 16000):int(words[i].end * 16000)] = 0.0
        scores.append(score_attempt(words, Attempt(attempt + _noise(attempt.size), "shadow", True), audio, engine).score)
    assert scores == sorted(scores, reverse=True) and len(set(scores)) == 4, scores


@pytest.mark.parametrize("make", [
    lambda: np.zeros(16000 * 5, np.float32),
    lambda: _noise(16000 * 5, 0.1),
    lambda: np.zeros(int(0.2 * 16000), np.float32) + _noise(int(0.2 * 16000), 0.05),
    lambda: np.zeros(0, np.float32),
])
def test_no_speech_is_a_result_not_an_exception(engine, spoken_words, make):
    words, audio = spoken_words
    result = score_attempt(words, Attempt(make(), "shadow", True), audio, engine)
    assert result.score == 0 and result.message == "no speech heard"
    assert all(w.status == "missed" for w in result.words)


def test_loud_quiet_and_long_attempts_are_scored_with_warnings(engine, spoken_words):
    words, audio = spoken_words
    loud = np.clip(audio * 50, -1, 1)
    result = score_attempt(words, Attempt(loud, "shadow", True), audio, engine)
    assert any("clipping" in w for w in result.warnings)
    quiet = score_attempt(words, Attempt(audio * 0.01, "shadow", True), audio, engine)
    assert any("quiet" in w for w in quiet.warnings)
    long = np.concatenate([audio, np.zeros(16000 * 20, np.float32)])
    assert any("longer" in w for w in score_attempt(words, Attempt(long, "shadow", True), audio, engine).warnings)


def test_repeat_mode_removes_the_offset(engine, spoken_words):
    words, audio = spoken_words
    attempt = np.concatenate([np.zeros(int(3.0 * 16000), np.float32), audio]) + 0
    result = score_attempt(words, Attempt(attempt, "repeat", True), audio, engine)
    assert abs(result.pace["offset"] - 3.0) < 0.15
    assert 0.9 < result.pace["pace_ratio"] < 1.1
    assert result.score >= 80


# -- word overlap, without audio -------------------------------------------------------------------

def _w(text):
    return [Word(i * 0.5, i * 0.5 + 0.4, t) for i, t in enumerate(text.split())]


def test_normalisation_equates_spoken_and_written_forms():
    result = score_words(_w("I don't have 10 colours, it's fine."), _w("i do not have ten colors it is fine"))
    assert result.word_accuracy == 1.0 and result.wer == 0.0


def test_near_miss_is_a_substitution_not_a_miss_plus_insertion():
    result = score_words(_w("we keep saying it"), _w("we keep saving it"))
    statuses = [(w.word, w.status, w.heard) for w in result.words]
    assert statuses[2] == ("saying", "substituted", "saving")
    assert not any(w.status == "inserted" for w in result.words)


def test_every_source_word_gets_one_status_and_extras_are_inserted():
    src, heard = _w("one two three four five"), _w("one two extra three five")
    result = score_words(src, heard)
    by_status = {}
    for w in result.words:
        by_status.setdefault(w.status, []).append(w.word)
    assert by_status == {"correct": ["one", "two", "three", "five"], "inserted": ["extra"], "missed": ["four"]}
    assert result.completeness == pytest.approx(0.8) and result.precision == pytest.approx(0.8)


def test_wer_equals_jiwer_on_many_random_pairs():
    import jiwer

    vocab = "the a cat sat on mat dog ran fast slow 10 ten don't do not colour color it's".split()
    rng = random.Random(11)
    for _ in range(400):
        src = " ".join(rng.choice(vocab) for _ in range(rng.randint(1, 12)))
        hyp = " ".join(rng.choice(vocab) for _ in range(rng.randint(1, 12)))
        result = score_words(_w(src), _w(hyp))
        ref_n = " ".join(t.text for t in tokens(_w(src)))
        hyp_n = " ".join(t.text for t in tokens(_w(hyp)))
        if ref_n and hyp_n:
            assert result.wer == pytest.approx(jiwer.wer(ref_n, hyp_n)), (src, hyp)


def test_alignment_covers_both_sides_once():
    src, att = list("abcdefg"), list("xbcdyfgz")
    pairs = align(src, att)
    assert sorted(p.source for p in pairs if p.source is not None) == list(range(len(src)))
    assert sorted(p.attempt for p in pairs if p.attempt is not None) == list(range(len(att)))
    assert normalise_text("Mr. Smith's 2 colours") == "mister smith is 2 colors"  # as Whisper's normaliser does
