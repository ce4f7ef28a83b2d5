"""Times from the signal: forced alignment of known words (word and, later, phone times) and the
speech-energy measures that back it up. One aligner in the core serves segment edges, word times
for lag and karaoke, and pronunciation scoring."""

from .aligner import AlignmentReport, ForcedAligner, refine_word_times, shared_aligner
from .lexicon import number_words, spoken_tokens

__all__ = ["AlignmentReport", "ForcedAligner", "number_words", "refine_word_times", "shared_aligner", "spoken_tokens"]
