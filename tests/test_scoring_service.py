"""The app's scoring process: the same result as scoring in-process, and it outlives a crash."""

import os
import signal

import numpy as np
import pytest
import soundfile

from .conftest import JFK
from shadowing import media
from shadowing.audio import RecordedAttempt
from shadowing.errors import ShadowingError
from shadowing.practice import score_recorded
from shadowing.records import Word
from shadowing.scoring.service import ScoringService

RATE = 48000
START, END = 3.68, 10.75


@pytest.fixture(scope="module")
def late_attempt(tmp_path_factory, engine):
    """Segment 2 of JFK, played from the clip; the learner is the speaker 250 ms late."""
    folder = tmp_path_factory.mktemp("service")
    played = media.load_span(JFK, START, END, rate=RATE)
    voice = np.concatenate([np.zeros(int(0.25 * RATE), np.float32), played])
    path = folder / "attempt.wav"
    soundfile.write(path, voice, RATE, subtype="PCM_16")
    words = [Word(w.start + START, w.end + START, w.text, w.probability)
             for w in engine.transcribe_clip(media.load_span(JFK, START, END))]
    meta = {"mode": "shadow", "speed": 1.0, "source_start": START, "loop": 1}
    duration = (END - START) + 0.25
    recorded = RecordedAttempt(path, meta, RATE, voice.size, played, ((0.0, 0.0), (duration, duration)), False)
    return recorded, words


def test_the_scoring_process_agrees_with_scoring_in_process(late_attempt, engine):
    recorded, words = late_attempt
    service = ScoringService()
    try:
        assert service.start().result(120) is None
        (child,) = service._pool._processes.values()
        # below normal priority, so Whisper gives way to the audio callback and the event loop
        assert os.getpriority(os.PRIO_PROCESS, child.pid) == min(19, os.getpriority(os.PRIO_PROCESS, 0) + 10)
        remote = service.score(recorded, words)
    finally:
        service.close()
    local = score_recorded(recorded, words, engine)
    assert remote.to_dict() == local.to_dict()
    assert abs(remote.lag["median"] * 1000 - 250) <= 20
    assert remote.word_accuracy >= 0.9


def test_a_killed_scoring_process_is_replaced_for_the_next_attempt(late_attempt):
    recorded, words = late_attempt
    service = ScoringService()
    try:
        service.start().result(120)
        (child,) = service._pool._processes.values()
        os.kill(child.pid, signal.SIGKILL)
        child.join(10)
        result = service.score(recorded, words)  # the broken pool is noticed and replaced
        assert abs(result.lag["median"] * 1000 - 250) <= 20
    finally:
        service.close()


def test_a_model_that_cannot_load_is_an_error_the_app_can_show(late_attempt):
    recorded, words = late_attempt
    service = ScoringService(model="/nonexistent/model")
    try:
        with pytest.raises(Exception) as caught:
            service.start().result(120)
        assert "model" in str(caught.value).lower()
        with pytest.raises(ShadowingError):
            service.score(recorded, words)
    finally:
        service.close()
