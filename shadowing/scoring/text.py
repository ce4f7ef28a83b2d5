"""Normalising words the way Whisper's English normaliser does, one displayed word at a time.

Per word, so that every token knows which source word it came from (and its time): case,
punctuation, numbers ("10" = "ten"), contractions ("don't" = "do not"), hyphens, British/American
spelling. The normalised text of a whole attempt is the tokens joined by spaces; WER is computed
on exactly that text.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from ..records import Word


@dataclass(frozen=True)
class Token:
    text: str
    word_index: int  # index of the displayed word it came from
    start: float
    end: float


@lru_cache(maxsize=1)
def _normaliser():
    from whisper_normalizer.english import EnglishTextNormalizer

    return EnglishTextNormalizer()


@lru_cache(maxsize=20000)
def normalise_word(text: str) -> tuple[str, ...]:
    return tuple(_normaliser()(text).split())


def normalise_text(text: str) -> str:
    return " ".join(_normaliser()(text).split())


def tokens(words: list[Word] | tuple[Word, ...]) -> list[Token]:
    out: list[Token] = []
    for i, w in enumerate(words):
        for t in normalise_word(w.text):
            out.append(Token(t, i, w.start, w.end))
    return out
