"""Pronunciation and intonation against truth built here: eSpeak NG sentences with one phone
replaced through its phoneme input (the learner's /θ/ said as /s/), the same sentences read by
other voices (nothing to flag), copies of real speech with noise, endings bent up with sox and
stress moved to another syllable. The judgement must find what was built in, and only that."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from shadowing.alignment import ctc
from shadowing.pronunciation import assess, gop, prosody
from shadowing.scoring import Attempt, score_attempt

from .conftest import MEDIA
from .truth import espeak, flag_tally, mispronunciations, moved_stress, rising_end, sentence_words as words

# Not the sentences the thresholds were chosen on (those are in bench/score.py): these check that
# the choice carries over to other words.
SENTENCES = ["The three engineers rolled out a fix for the login service",
             "Please leave the large files on the shared volume",
             "We verify every release with a short smoke test",
             "They rebuilt the cluster over the weekend",
             "Read the runbook before you restart the broker",
             "This alert fires when the queue grows too fast"]


# --- the CTC arithmetic ---------------------------------------------------------------------------

def test_ctc_likelihood_is_the_sum_over_every_path():
    rng = np.random.default_rng(0)
    frames = np.log(rng.dirichlet(np.ones(4), size=5))
    labels = [1, 2, 2]

    def collapse(path):
        out = [k for k, _ in itertools.groupby(path)]
        return [k for k in out if k != ctc.BLANK]

    total = np.logaddexp.reduce([sum(frames[t, k] for t, k in enumerate(path))
                                 for path in itertools.product(range(4), repeat=5) if collapse(path) == labels])
    assert ctc.likelihood(frames, np.array([labels]))[0] == pytest.approx(total, abs=1e-9)
    assert ctc.likelihood(frames[:2], np.array([labels]))[0] == -np.inf  # "2 2" needs a blank between


def test_ctc_alignment_places_each_label_in_order():
    frames = np.full((12, 4), np.log(0.01))
    for t, k in enumerate([0, 1, 1, 0, 0, 2, 0, 0, 3, 3, 0, 0]):
        frames[t, k] = np.log(0.97)
    assert ctc.align(frames, [1, 2, 3]) == [(1, 2), (5, 5), (8, 9)]
    assert ctc.align(frames[:2], [1, 2, 3]) is None


# --- phones -----------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def references():
    """Each sentence read by the reference voice (the speaker)."""
    return {s: espeak(s) for s in SENTENCES}


def test_the_changed_phone_is_flagged_in_the_right_word(references):
    cases = mispronunciations(SENTENCES)
    assert len(cases) >= 40
    tally = flag_tally(cases, references)
    recall, precision = tally.recall, tally.precision
    # measured: recall 0.48-0.6, precision 0.7-0.8 (bench/score.py prints both over 181 cases);
    # the sound named is the one put in for 0.71 of the found here (0.65 before gop.SWAP_PRIOR)
    assert recall >= 0.4, (recall, precision)
    assert precision >= 0.6, (recall, precision)
    assert tally.right_sound >= 0.55 * tally.found, (tally.right_sound, tally.found)


def _evidence(phones: tuple[str, ...], fits: dict[tuple[int, str], float]) -> gop.WordEvidence:
    """One known word whose every rival fits 6 nats worse than its phones, but for ``fits``."""
    rivals = np.full((len(phones), len(gop._CANDIDATES)), -6.0)
    for pos, phone in enumerate(phones):
        rivals[pos, gop._INDEX[phone] - 1] = 0.0
    for (pos, heard), nats in fits.items():
        rivals[pos, gop._CANDIDATES.index(heard)] = nats
    return gop.WordEvidence(0, "sink", phones, True, rivals, 0.0, 0.0, 0.5)


def test_what_was_said_instead_prefers_a_known_learner_swap_over_a_rival_fitting_a_little_better():
    """"think" said: /θ/ for /s/ of "sink". The recogniser hears a /θ/ as /f/ about as often:
    within SWAP_PRIOR, the learner's known swap is named; a clearly better rival still wins."""
    speaker = [_evidence(("S", "IH", "NG", "K"), {})]
    close = gop.judge([_evidence(("S", "IH", "NG", "K"), {(0, "F"): 5.0, (0, "TH"): 4.0})], speaker)
    assert [(p.expected, p.heard) for p in close[0].mispronounced] == [("S", "TH")]
    below = gop.judge([_evidence(("S", "IH", "NG", "K"), {(0, "F"): 2.0, (0, "TH"): 0.5})], speaker)
    assert [(p.expected, p.heard) for p in below[0].mispronounced] == [("S", "TH")]  # a suspect named, not found
    clear = gop.judge([_evidence(("S", "IH", "NG", "K"), {(0, "F"): 8.0, (0, "TH"): 4.0})], speaker)
    assert [(p.expected, p.heard) for p in clear[0].mispronounced] == [("S", "F")]
    nothing = gop.judge([_evidence(("S", "IH", "NG", "K"), {(0, "TH"): 0.5})], speaker)
    assert nothing[0].mispronounced == []  # the head start names a sound; it never flags one


@pytest.mark.parametrize("voice", ["en-us+m3", "en-us+f2"])
def test_a_native_reading_by_another_voice_is_not_flagged(references, voice):
    audio = references
    phones = flags = present = judged = 0
    for sentence in SENTENCES:
        result = assess(words(sentence), espeak(sentence, voice), audio[sentence])
        phones += sum(len(w.phones) for w in result.words)
        flags += sum(len(w.mispronounced) for w in result.words)
        present += sum(w.present for w in result.words)
        judged += len(result.words)
    assert flags / phones <= 0.03, (flags, phones)
    assert present / judged >= 0.9  # measured 0.96-0.98: a reduced "the" can fall below


def test_the_same_audio_always_gets_the_same_judgement(references):
    audio = references
    case = mispronunciations(SENTENCES[:1])[0]
    attempt = espeak(case.text)
    first = assess(words(case.sentence), attempt, audio[case.sentence])
    again = assess(words(case.sentence), attempt.copy(), audio[case.sentence].copy())
    assert first.words == again.words and first.pronunciation == again.pronunciation


def test_a_walk_hears_each_sentence_once_and_judges_as_the_desk_does(references):
    """A walk keeps the speaker's readings itself (its rounds cycle through more sentences than
    the shared store holds) and gives the walk's noise floor: each sentence is heard once, and
    the judgement is the desk's when that floor is the attempt's own."""
    from shadowing.pronunciation import Listening, noise_floor

    kept: dict = {}
    for sentence in SENTENCES[:2]:
        attempt = espeak(sentence, "en-us+m3")
        desk = assess(words(sentence), attempt, references[sentence])
        for _loop in range(3):
            walk = Listening(attempt, references=kept, noise=noise_floor(attempt)).assess(
                words(sentence), references[sentence])
            assert walk.words == desk.words and walk.pronunciation == desk.pronunciation
    assert len(kept) == 2


def test_a_name_the_dictionary_does_not_know_is_never_an_error(references):
    sentence = "We moved the payment service to Kubernetes last spring"
    result = assess(words(sentence), espeak(sentence, "en-us+f2"), espeak(sentence))
    kube = result.word(6)
    assert kube is not None and not kube.known and kube.mispronounced == []


def test_whisper_hears_think_where_the_sound_says_sink(engine):
    """Whisper's language model repairs "I sink ..." into "I think ...": the word stays correct
    for Whisper, and the phone is flagged, both shown."""
    source_audio = espeak("I think the service is healthy")
    source = engine.transcribe_clip(source_audio)
    attempt = espeak("I [[s'INk]] the service is healthy")
    result = score_attempt(source, Attempt(attempt, "repeat", False), source_audio, engine)
    think = next(w for w in result.words if w.word.lower().startswith("think"))
    assert think.status == "correct"
    wrong = [p for p in think.phones if not p["ok"]]
    assert [p["expected"] for p in wrong] == ["θ"]
    assert result.pronunciation is not None and result.pronunciation < 100
    assert result.to_dict()["words"][1]["phones"][0]["expected"] == "θ"


# --- words: the sound as a second witness ---------------------------------------------------------------

def _noisy_copy(audio, seed, delay=0.5, dbfs=-40.0):
    rng = np.random.default_rng(seed)
    copy = np.concatenate([np.zeros(int(delay * 16000), np.float32), audio])
    return (copy + rng.standard_normal(copy.size) * 10 ** (dbfs / 20)).astype(np.float32)


def test_a_perfect_copy_with_noise_keeps_its_words(engine):
    """Whisper alone loses words of a noisy copy of the source to its own guesses ("deploy" heard
    as "Lloyd"); the sound says they were all there."""
    from shadowing import media

    texts = ["We deploy the new version on Monday and then watch the error budget",
             "Our team moved the payment service to another region last week"]
    sources = [espeak(t, v) for t in texts for v in ("en-us", "en-us+f3")]
    sources += [media.load_span(MEDIA / "lj_fireside_chat.flac", 0.0, 9.0),
                media.load_span(MEDIA / "clips" / "librispeech_1221-135766-0002.wav", 0.0, 4.8)]
    with_sound, whisper_only, flags, phones = [], [], 0, 0
    for k, audio in enumerate(sources):
        source = engine.transcribe_clip(audio)
        attempt = _noisy_copy(audio, k)
        full = score_attempt(source, Attempt(attempt, "shadow", True), audio, engine)
        with_sound.append(full.word_accuracy)
        whisper_only.append(score_attempt(source, Attempt(attempt, "shadow", True), audio, engine,
                                          phones=False).word_accuracy)
        flags += sum(1 for w in full.words for p in (w.phones or ()) if not p["ok"])
        phones += sum(len(w.phones or ()) for w in full.words)
    assert np.mean(with_sound) >= 0.97, (with_sound, whisper_only)
    assert np.mean(with_sound) >= np.mean(whisper_only)
    assert flags / phones <= 0.03, (flags, phones)  # the speaker's own words, a little noise: no errors


def test_a_word_said_as_another_word_stays_wrong(engine):
    """"wealthy" for "healthy": Whisper hears the other word and the sound shows the /w/."""
    source_audio = espeak("the service is healthy again today")
    source = engine.transcribe_clip(source_audio)
    attempt = espeak("the service is wealthy again today", "en-us+m3")
    result = score_attempt(source, Attempt(attempt, "repeat", False), source_audio, engine)
    word = next(w for w in result.words if w.word.lower().startswith("health"))
    assert word.status == "substituted" and word.evidence is None


# --- intonation and stress ----------------------------------------------------------------------------

PROSODY_CASES = [("The engineer fixed the important problem", "important"),
                 ("Our customers noticed the delay yesterday", "customers"),
                 ("The database is running again now", "database")]


@pytest.mark.parametrize("sentence,word", PROSODY_CASES)
def test_prosody_ranks_clean_above_moved_stress_above_a_rising_end(sentence, word):
    source_audio = espeak(sentence + ".")
    source = words(sentence)
    moved = moved_stress(word)
    assert moved is not None
    clean = espeak(sentence + ".", "en-us+m3")
    stress = espeak(sentence.replace(word, f"[[{moved}]]") + ".", "en-us+m3")
    rising = rising_end(clean)
    figures = [assess(source, attempt, source_audio).prosody for attempt in (clean, stress, rising)]
    scores = [f["score"] for f in figures]
    assert scores[0] > scores[1] > scores[2], figures
    assert figures[2]["ending"]["attempt"] == "rise" and figures[2]["ending"]["speaker"] != "rise"
    assert any(n["kind"] == "ending" for n in figures[2]["notes"])


def test_pitch_is_in_semitones_from_each_voice_own_median():
    low, high = espeak("The release went out on time", "en-us+m3"), espeak("The release went out on time", "en-us+f2")
    a, b = prosody.contour(low), prosody.contour(high)
    assert abs(np.nanmedian(a.semitones)) < 0.01 and abs(np.nanmedian(b.semitones)) < 0.01
    assert prosody.contour(np.zeros(16000, np.float32)) is None


def test_silence_and_nothing_said_give_no_phones_and_no_crash():
    sentence = "Please check the latency"
    result = assess(words(sentence), np.zeros(16000 * 2, np.float32), espeak(sentence))
    assert all(not w.present for w in result.words)
    result = assess(words(sentence), np.zeros(800, np.float32), espeak(sentence))
    assert result.pronunciation is None and result.prosody is None
    assert gop.judge([], None) == []
