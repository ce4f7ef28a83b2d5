"""How hard a stretch of speech is to shadow: how fast it is spoken.

Speaking rate over the time the speaker is actually talking (first word's start to last word's
end, from the aligned word times), in words per minute and syllables per second. The tiers are
the ones Japanese shadowing courses grade material by: about 100 wpm easy, 130 standard,
160 and above fast (news, conference talks).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .alignment.lexicon import spoken_tokens
from .i18n import QT_TRANSLATE_NOOP, translate
from .records import Word

EASY_BELOW_WPM = 115.0  # between the 100 and 130 anchors
FAST_FROM_WPM = 150.0  # between the 130 and 160 anchors
TIERS = ("easy", "standard", "fast")
TIER_NAMES = {"easy": QT_TRANSLATE_NOOP("Difficulty", "easy"), "standard": QT_TRANSLATE_NOOP("Difficulty", "standard"),
              "fast": QT_TRANSLATE_NOOP("Difficulty", "fast")}


def tier_name(tier: str) -> str:
    """The tier in the learner's words (Japanese courses' やさしい / ふつう / 速い)."""
    return translate("Difficulty", TIER_NAMES.get(tier, tier))
_VOWEL_GROUPS = re.compile(r"[aeiouy]+")


def syllables(word: str) -> int:
    """Syllables of a written word as spoken ("10" -> "ten" -> 1): vowel groups, a silent final e
    dropped, at least one a word. Within one of CMUdict's count on ~90 % of English words,
    which is all a rate needs."""
    total = 0
    for token in spoken_tokens(word):
        groups = len(_VOWEL_GROUPS.findall(token))
        if token.endswith("e") and not token.endswith(("le", "ee", "ye")) and groups > 1:
            groups -= 1
        if token.endswith("ed") and groups > 1 and not token.endswith(("ted", "ded")):
            groups -= 1
        total += max(1, groups)
    return total


@dataclass(frozen=True)
class Pace:
    wpm: float
    syllables_per_s: float
    speech_s: float
    words: int

    @property
    def tier(self) -> str:
        if self.wpm < EASY_BELOW_WPM:
            return "easy"
        return "standard" if self.wpm < FAST_FROM_WPM else "fast"

    def label(self) -> str:
        return f"{self.wpm:.0f} wpm"

    def to_dict(self) -> dict:
        return {"wpm": round(self.wpm, 1), "syllables_per_s": round(self.syllables_per_s, 2),
                "speech_s": round(self.speech_s, 2), "words": self.words, "tier": self.tier}


def pace(words: list[Word] | tuple[Word, ...]) -> Pace | None:
    """The pace of one segment's words (None for fewer than two words: no rate to speak of)."""
    if len(words) < 2:
        return None
    span = words[-1].end - words[0].start
    if span <= 0.2:
        return None
    count = sum(len(spoken_tokens(w.text)) or 1 for w in words)
    return Pace(60.0 * count / span, sum(syllables(w.text) for w in words) / span, span, count)


def episode_pace(segments) -> Pace | None:
    """An episode's pace: all its segments' words over all their speaking time (pauses between
    segments excluded, pauses inside sentences kept: they are part of how fast it feels)."""
    paces = [p for p in (pace(s.words) for s in segments) if p is not None]
    if not paces:
        return None
    span = sum(p.speech_s for p in paces)
    count = sum(p.words for p in paces)
    return Pace(60.0 * count / span, sum(p.syllables_per_s * p.speech_s for p in paces) / span, span, count)
