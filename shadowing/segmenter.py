"""Cut a word stream into segments a learner can shadow: sentences, or phrases within them.

Two units, the learner's choice (``settings.Preferences.unit``):
- **sentence** (the default): a whole sentence (ending in . ; ? ! …), 1.5 to 12 s of speech; a
  longer run-on sentence is split at its best boundary (the longest pause, preferring clause
  punctuation and conjunctions); a pause of a second or more is a boundary too (a speaker's
  break between thoughts: a loop should not carry it); a fragment shorter than 1.5 s joins a
  neighbour.
- **phrase**: breath groups for beginners, 1.5 to 5 s: each sentence cut again at its clause
  pauses (:func:`phrases`). Phrases are views of the stored sentences, so switching is instant,
  keeps manual edits, and an attempt on a phrase stays linked to its sentence.

In both, a segment never spans more than ``NON_SPEECH_MAX_S`` of silence or non-speech (music,
a jingle): a longer pause is always a boundary. Never cuts inside a word; a short pad of the
silence around it is kept so the first consonant is not clipped.
"""

from __future__ import annotations

from dataclasses import dataclass

from .alignment.energy import Loudness
from .records import Segment, Word

PAUSE_S = 1.0  # sentences: a pause this long ends a segment mid-sentence too (a speaker's break between thoughts)
MIN_S = 1.5
MAX_S = 12.0
NON_SPEECH_MAX_S = 1.5
SENTENCE_GAP_S = 0.05  # a full stop the speaker ran straight through (no pause in the aligned times) is
                       # Whisper's punctuation, not a sentence end: cutting there starts a loop mid-word
PHRASE_PAUSE_S = 0.25
PHRASE_CLAUSE_PAUSE_S = 0.12  # after clause punctuation a shorter breath is enough
PHRASE_MAX_S = 5.0
SENTENCE, PHRASE = "sentence", "phrase"
UNITS = (SENTENCE, PHRASE)
PAD_BEFORE_S = 0.2
PAD_AFTER_S = 0.25
_SENTENCE_END = (".", ";", "?", "!", "…", "。", "？", "！")
_CLAUSE_END = (",", ":", "—", "–", "-")
_CLAUSE_START = {"and", "but", "or", "so", "because", "which", "who", "that", "when", "while", "where",
                 "although", "though", "if", "then", "as", "since", "until", "unless", "whereas"}


@dataclass(frozen=True)
class SegmentRules:
    pause_s: float = PAUSE_S
    min_s: float = MIN_S
    max_s: float = MAX_S
    pad_before_s: float = PAD_BEFORE_S
    pad_after_s: float = PAD_AFTER_S
    clause_pause_s: float | None = None  # phrases: a pause this long after clause punctuation ends one
    alone_s: float | None = None  # phrases: a group this long, with a pause on both sides, is not merged


PHRASE_RULES = SegmentRules(pause_s=PHRASE_PAUSE_S, max_s=PHRASE_MAX_S, clause_pause_s=PHRASE_CLAUSE_PAUSE_S,
                            alone_s=1.0)


# "i.e." and "Mr." end with a full stop and end nothing: a cut there starts a loop mid-sentence
_ABBREVIATIONS = {"i.e.", "e.g.", "etc.", "mr.", "mrs.", "ms.", "dr.", "prof.", "st.", "vs.", "cf.", "no.",
                  "jr.", "sr.", "approx.", "a.m.", "p.m.", "u.s.", "u.k."}


def ends_sentence(text: str) -> bool:
    bare = text.rstrip("\"')]}»”’")
    return bare.endswith(_SENTENCE_END) and bare.lower().lstrip("\"'(“‘") not in _ABBREVIATIONS


def _span(words: list[Word]) -> float:
    return words[-1].end - words[0].start


def _boundary_score(words: list[Word], i: int) -> float:
    """How good a cut between words[i] and words[i+1] is (higher is better)."""
    gap = max(0.0, words[i + 1].start - words[i].end)
    score = gap
    if ends_sentence(words[i].text):
        score += 1.0
    elif words[i].text.rstrip("\"')]}»”’").endswith(_CLAUSE_END):
        score += 0.5
    if words[i + 1].text.strip("\"'(“‘").lower() in _CLAUSE_START:
        score += 0.2
    return score


def _split_long(words: list[Word], rules: SegmentRules) -> list[list[Word]]:
    if _span(words) <= rules.max_s or len(words) < 2:
        return [words]
    mid = (words[0].start + words[-1].end) / 2
    best, best_score = None, -1.0
    for i in range(len(words) - 1):
        left, right = words[: i + 1], words[i + 1:]
        if _span(left) < rules.min_s or _span(right) < rules.min_s:
            continue
        # prefer balanced halves a little, so we don't peel one word off the end
        balance = 1.0 - abs(words[i].end - mid) / max(_span(words), 1e-6)
        score = _boundary_score(words, i) + 0.15 * balance
        if score > best_score:
            best, best_score = i, score
    if best is None:  # every cut leaves a side too short: cut in the middle of time
        best = max(0, min(len(words) - 2, next(i for i, w in enumerate(words) if w.end >= mid)))
    return _split_long(words[: best + 1], rules) + _split_long(words[best + 1:], rules)


def _cuts(prev: Word, word: Word, rules: SegmentRules) -> bool:
    """A boundary between two words without a sentence end: a silence of ``pause_s`` (a second
    for sentences, a breath for phrases; never more than ``NON_SPEECH_MAX_S``), or for phrases a
    shorter one after clause punctuation."""
    gap = word.start - prev.end
    if gap > NON_SPEECH_MAX_S or gap >= rules.pause_s:
        return True
    clause = prev.text.rstrip("\"')]}»”’").endswith(_CLAUSE_END)
    return rules.clause_pause_s is not None and clause and gap >= rules.clause_pause_s


def _merge_short(groups: list[list[Word]], rules: SegmentRules) -> list[list[Word]]:
    """Join groups shorter than MIN_S to the neighbour across the weaker boundary."""
    groups = [g for g in groups if g]
    changed = True
    while changed and len(groups) > 1:
        changed = False
        for k, group in enumerate(groups):
            if _span(group) >= rules.min_s or _between_pauses(groups, k, rules):
                continue
            options = []
            if k > 0 and _joinable(groups[k - 1], group, rules):
                prev = groups[k - 1]
                options.append((_boundary_score(prev + group, len(prev) - 1), k - 1))
            if k + 1 < len(groups) and _joinable(group, groups[k + 1], rules):
                options.append((_boundary_score(group + groups[k + 1], len(group) - 1), k))
            if not options:
                continue
            _, left = min(options)
            groups[left: left + 2] = [groups[left] + groups[left + 1]]
            changed = True
            break
    return groups


def _between_pauses(groups: list[list[Word]], k: int, rules: SegmentRules) -> bool:
    """A phrase of a second or more that the speaker set off with a breath on both sides (or the
    edge of its sentence) stands alone, short as it is: merging it would hide a real pause."""
    if rules.alone_s is None or _span(groups[k]) < rules.alone_s:
        return False
    before = k == 0 or groups[k][0].start - groups[k - 1][-1].end >= rules.pause_s
    after = k + 1 == len(groups) or groups[k + 1][0].start - groups[k][-1].end >= rules.pause_s
    return before and after


def _joinable(left: list[Word], right: list[Word], rules: SegmentRules) -> bool:
    return _span(left + right) <= rules.max_s and right[0].start - left[-1].end <= NON_SPEECH_MAX_S


def group_words(words: list[Word], rules: SegmentRules = SegmentRules(),
                breaks_after: set[int] | None = None) -> list[list[Word]]:
    """Words grouped into segments (no times or pads yet).

    ``breaks_after``: indices of words that end a unit as a sentence end would (subtitle cues).
    """
    words = sorted(words, key=lambda w: w.start)
    if not words:
        return []
    breaks_after = breaks_after or set()
    groups: list[list[Word]] = [[words[0]]]
    for i, (prev, word) in enumerate(zip(words, words[1:])):
        if (ends_sentence(prev.text) and word.start - prev.end >= SENTENCE_GAP_S) or i in breaks_after \
                or _cuts(prev, word, rules):
            groups.append([word])
        else:
            groups[-1].append(word)
    # Pauses inside sentences make fragments: rejoin them first, then enforce the maximum.
    groups = _merge_short(groups, rules)
    split: list[list[Word]] = []
    for group in groups:
        split.extend(_split_long(group, rules))
    return _merge_short(split, rules)


def padded_bounds(groups: list[list[Word]], lower: float = 0.0, upper: float | None = None,
                  rules: SegmentRules = SegmentRules(), loudness: Loudness | None = None) -> list[tuple[float, float]]:
    """Start/end with pads that never reach past half the silence to a neighbour.

    ``lower``/``upper`` bound the first start and last end (the previous segment's end, the end
    of the audio or of the stretch transcribed so far). With the stretch's ``loudness`` each
    edge lies in the longest quiet run of the pause around it: sound the recogniser missed
    (a word it skipped, a breath) stays on the side of the pause it belongs to, instead of an
    edge falling inside it.
    """
    bounds = []
    for k, group in enumerate(groups):
        first, last = group[0].start, group[-1].end
        before = groups[k - 1][-1].end if k > 0 else lower
        after = groups[k + 1][0].start if k + 1 < len(groups) else upper
        left = (before + first) / 2 if k > 0 else lower
        right = (last + after) / 2 if after is not None and k + 1 < len(groups) else upper
        start = min(first, max(left, first - rules.pad_before_s, 0.0))
        end = last + rules.pad_after_s
        if right is not None:
            end = max(last, min(end, right))
        if loudness is not None:
            start = _quiet_edge(loudness, (max(before, 0.0), first), start, first, rules.pad_before_s, True)
            if after is not None:
                end = _quiet_edge(loudness, (last, after), end, last, rules.pad_after_s, False)
        bounds.append((round(start, 3), round(end, 3)))
    for k in range(len(bounds) - 1):  # an end moved less far into the pause than the next start
        if bounds[k][1] > bounds[k + 1][0]:
            bounds[k] = (bounds[k][0], max(round(groups[k][-1].end, 3), bounds[k + 1][0]))
    return bounds


def _quiet_edge(loudness: Loudness, pause: tuple[float, float], edge: float, word_side: float, pad: float,
                starts: bool) -> float:
    """An edge (a segment's start when ``starts``, else its end) moved into the longest quiet run
    of ``pause`` when it lies in sound or sound the words do not account for lies between it and
    its word (``word_side``): ``pad`` from the run's word-side end, or the run's middle."""
    lo, hi = pause
    between = (edge, word_side) if starts else (word_side, edge)
    if hi - lo < 0.02 or not (loudness.inside_speech(edge) or _sound_between(loudness, *between)):
        return edge
    runs = loudness.quiet_runs(lo, hi)
    if not runs:
        return edge
    a, b = max(reversed(runs), key=lambda r: r[1] - r[0])  # the pause proper: its longest quiet run
    unaccounted = (word_side - b) if starts else (a - word_side)
    if unaccounted > NON_SPEECH_MAX_S:  # more than a skipped word: music, a jingle: leave it outside
        a, b = runs[-1] if starts else runs[0]
    return max((a + b) / 2, b - pad) if starts else min((a + b) / 2, a + pad)


def _sound_between(loudness: Loudness, a: float, b: float) -> bool:
    """Speech the words do not account for between an edge and its word (15 ms margins)."""
    quiet = loudness.longest_quiet(a, b)
    return b - a > 0.05 and (quiet is None or quiet[1] - quiet[0] < (b - a) - 0.03)


def segment_words(words: list[Word], lower: float = 0.0, upper: float | None = None,
                  rules: SegmentRules = SegmentRules(), first_index: int = 0,
                  loudness: Loudness | None = None) -> list[Segment]:
    groups = group_words(words, rules)
    bounds = padded_bounds(groups, lower, upper, rules, loudness)
    return [Segment(first_index + k, s, e, " ".join(w.text for w in g), tuple(g))
            for k, (g, (s, e)) in enumerate(zip(groups, bounds))]


def phrases(sentence: Segment, rules: SegmentRules = PHRASE_RULES) -> list[Segment]:
    """A stored sentence cut into breath groups: the same id (attempts stay linked to the
    sentence), ``part`` numbering the phrase, edges inside the sentence's own."""
    groups = group_words(list(sentence.words), rules)
    if len(groups) <= 1:
        return [sentence]
    bounds = padded_bounds(groups, sentence.start, sentence.end, rules)
    bounds[0] = (sentence.start, bounds[0][1])
    bounds[-1] = (bounds[-1][0], sentence.end)
    return [Segment(sentence.index, s, e, " ".join(w.text for w in g), tuple(g), sentence.id, sentence.edited, part=k)
            for k, (g, (s, e)) in enumerate(zip(groups, bounds))]


def practice_units(sentences: list[Segment], unit: str = SENTENCE) -> list[Segment]:
    """What the learner loops: the stored sentences, or their phrases."""
    if unit != PHRASE:
        return list(sentences)
    return [p for s in sentences for p in phrases(s)]
