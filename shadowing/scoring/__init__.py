"""Scoring a learner's attempt against the source segment: words said, missed, changed; timing."""

from .scorer import Attempt, ScoreResult, WordResult, score_attempt, score_words

__all__ = ["Attempt", "ScoreResult", "WordResult", "score_attempt", "score_words"]
