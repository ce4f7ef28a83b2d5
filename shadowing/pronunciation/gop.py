"""Goodness of pronunciation: was each phone of each expected word said, and if not, what instead.

For an attempt and the source words it should contain:

1. The expected phones of all the words are force-aligned on the attempt's phone posteriors
   (:func:`shadowing.alignment.ctc.align`), which places each word in the attempt; a word the
   audio does not hold may be left out (at a price), so its neighbours are not squeezed into the
   gap it left. Each word gets the frames from the middle of the gap before it to the middle of
   the gap after it; a word left out, the gap.
2. In its frames, the expected word's likelihood (all CTC paths) is compared with that of every
   variant with one phone replaced by another English phone or dropped (one batched pass): the
   *rivals* of each phone, in nats relative to the expected word (0 = fits as well).
3. The same is done on the speaker's own recording of the sentence. The speaker is the reference:
   a phone is flagged when a rival fits the learner's audio better than the expected phone by
   ``FLAG_MARGIN`` nats (``VOWEL_MARGIN`` for vowels) *and* by ``REFERENCE_MARGIN`` more than
   any rival fits the speaker's audio at that phone; what was heard instead is, of the rivals
   that pass, the best-fitting substitution speakers make (one articulatory feature away, or a
   known learner swap such as /r/-/l/, which gets ``SWAP_PRIOR`` nats of head start), else the
   best-fitting. Measured on eSpeak NG readings with one
   known substitution each (bench/score.py), the reference cuts the false flags on clean readings
   by other voices from 1 phone in 12 to 1 in 100: what the recogniser hears wrongly in everyone
   (a reduced "the", a synthetic /v/) is not the learner's error.
4. The word's presence is its likelihood against the best unconstrained phone path in the same
   frames, per phone: near 0 when the frames say just this word, far below when they say
   something else or nothing; then less the speaker's own (a word the recogniser finds hard in
   everyone's mouth is not held against the learner). This is the acoustic witness for words
   Whisper did not hear: on built copies of a sentence with noise, 87 % of the words are present
   by it; of words in an unrelated sentence, 2 %.

Deterministic: the same audio and words always give the same judgement (no sampling anywhere).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..alignment import ctc
from ..records import Word
from .acoustic import CLASSES, FRAME_S
from .phones import learner_swap, plausible_swap, pronunciations

FLAG_MARGIN = 1.0  # nats: a rival must fit the learner's audio this much better than the expected phone
REFERENCE_MARGIN = 4.0  # nats: ... and this much more than the best rival fits the speaker's own audio
DROP_MARGIN = 8.0  # the same, for a phone said as nothing: a weak final stop or a reduced vowel is
# how natives speak too (the unreleased k of "ask not"); only a phone clearly not there counts
REFERENCE_FLOOR = -5.0  # a rival far below the expected phone in the speaker's audio counts as this
NO_REFERENCE = -2.0  # without the speaker's audio, every rival is taken to be this far below
VOWEL_MARGIN = 2.0  # vowels vary more between speakers: a rival must fit them this much better
SWAP_PRIOR = 2.0  # nats: naming what was said instead, a known learner swap (/θ/-/s/, /r/-/l/) is
# taken over another rival fitting up to this much better. The recogniser hears a /θ/ as /f/ as
# often as not; of the flags on the built substitutions, the sound named was the one put in 63 %
# of the time without this and 72 % with it (65 % to 71 % on the test sentences); it flags
# nothing new: a phone is still flagged only by the rules above.
SKIP_COST = 8.0  # nats: what leaving a word out of the attempt's alignment costs (a learner skips words)
PRESENT_MIN = -1.0  # nats per phone, relative to the speaker's reading: above it, the word was said
VOWELS = frozenset("AA AE AH AO AW AY EH ER EY IH IY OW OY UH UW".split())
_INDEX = {name: i for i, name in enumerate(CLASSES)}
_CANDIDATES = CLASSES[1:] + ("",)  # every phone class, then "dropped"
_DROPPED = len(_CANDIDATES) - 1


@dataclass(frozen=True)
class PhoneJudgement:
    expected: str  # ARPAbet
    heard: str | None  # what fitted better ("" = nothing: the phone was dropped), None when it was said
    gop: float  # log posterior of the expected phone among its one-phone variants (<= 0)
    ok: bool


@dataclass(frozen=True)
class WordEvidence:
    """What the audio says about one expected word (step 1-2), before any reference."""

    index: int  # position in the source words
    text: str
    phones: tuple[str, ...]  # the pronunciation that fitted (of the dictionary's)
    known: bool  # phones from the dictionary; a guessed pronunciation is shown, never flagged
    rivals: np.ndarray  # phones x candidates: each rival's fit minus the expected word's, nats
    presence: float  # nats per phone against the free phone path (0 best)
    start: float | None  # where the word lies in the audio, seconds (its first to last phone)
    end: float | None
    phone_times: tuple[tuple[float, float], ...] = ()  # each phone's emitting frames, seconds


@dataclass(frozen=True)
class WordJudgement:
    index: int
    text: str
    phones: tuple[PhoneJudgement, ...]
    known: bool
    presence: float
    start: float | None
    end: float | None

    @property
    def present(self) -> bool:
        return bool(self.phones) and self.presence >= PRESENT_MIN

    @property
    def mispronounced(self) -> list[PhoneJudgement]:
        return [p for p in self.phones if not p.ok]


def evidence(emissions: np.ndarray, words: list[Word],
             choose: dict[int, tuple[str, ...]] | None = None) -> list[WordEvidence]:
    """Steps 1-2 for each word that has a pronunciation. ``choose`` fixes a word's pronunciation
    (the one the speaker used), else the best-fitting of the dictionary's is taken."""
    entries = []
    for i, w in enumerate(words):
        ways, known = pronunciations(w.text)
        if choose and i in choose:
            ways = (choose[i],)
        if ways:
            entries.append((i, w, ways, known))
    labels = [_INDEX[p] for _, _, ways, _ in entries for p in ways[0]]
    groups, k = [], 0
    for _, _, ways, _ in entries:
        groups.append((k, k + len(ways[0]) - 1))
        k += len(ways[0])
    spans = ctc.align(emissions, labels, groups, SKIP_COST) if labels and emissions.shape[0] else None
    if spans is None:
        return [WordEvidence(i, w.text, ways[0], known, np.full((len(ways[0]), len(_CANDIDATES)), np.inf),
                             float("-inf"), None, None) for i, w, ways, known in entries]
    placed = [None if spans[a] is None else (spans[a][0], spans[b][1]) for a, b in groups]
    n_frames = emissions.shape[0]
    out = []
    for n, (i, w, ways, known) in enumerate(entries):
        before = next((placed[m][1] for m in range(n - 1, -1, -1) if placed[m] is not None), None)
        after = next((placed[m][0] for m in range(n + 1, len(entries)) if placed[m] is not None), None)
        if placed[n] is not None:  # from the middle of the gap before it to the middle of the gap after
            lo = 0 if before is None else min((before + placed[n][0] + 1) // 2, placed[n][0])
            hi = n_frames if after is None else max((placed[n][1] + after + 1) // 2, placed[n][1] + 1)
        else:  # left out of the best path: judged in the gap its neighbours leave
            lo = 0 if before is None else before + 1
            hi = n_frames if after is None else after
        frames = emissions[lo:max(lo, hi)]
        base, phones, rivals = _best(frames, ways)
        free = float(np.sum(np.max(frames, axis=1))) if frames.size else 0.0
        presence = float((base - free) / len(phones)) if np.isfinite(base) else float("-inf")
        a, b = groups[n]
        times = tuple(((x + 0) * FRAME_S, (y + 1) * FRAME_S) for x, y in spans[a:b + 1]) if placed[n] else ()
        if placed[n] is not None and phones != ways[0]:  # another pronunciation fitted: place its phones
            local = ctc.align(frames, [_INDEX[p] for p in phones])
            times = tuple(((lo + x) * FRAME_S, (lo + y + 1) * FRAME_S) for x, y in local) if local else ()
        start, end = (placed[n][0] * FRAME_S, (placed[n][1] + 1) * FRAME_S) if placed[n] else (None, None)
        out.append(WordEvidence(i, w.text, phones, known, rivals, presence, start, end, times))
    return out


def _best(frames: np.ndarray, ways: tuple[tuple[str, ...], ...]):
    best = None
    for phones in ways:
        base, rivals = _rivals(frames, phones)
        if best is None or base > best[0]:
            best = (base, phones, rivals)
    return best


def _rivals(frames: np.ndarray, phones: tuple[str, ...]) -> tuple[float, np.ndarray]:
    """The expected word's log likelihood in ``frames`` and, per phone, every rival's minus it."""
    expected = np.array([_INDEX[p] for p in phones])
    n_classes = len(CLASSES)
    rows = [expected]
    for pos in range(len(expected)):
        for c in range(1, n_classes):
            row = expected.copy()
            row[pos] = c
            rows.append(row)
    scores = ctc.likelihood(frames, np.stack(rows))
    base = float(scores[0])
    subs = scores[1:].reshape(len(expected), n_classes - 1)  # column c-1: class c (the expected one too)
    if len(expected) > 1:
        drops = ctc.likelihood(frames, np.stack([np.delete(expected, pos) for pos in range(len(expected))]))
    else:
        drops = np.full(1, float(np.sum(frames[:, ctc.BLANK])))
    with np.errstate(invalid="ignore"):
        rivals = np.concatenate([subs, drops[:, None]], axis=1) - base
    for pos, c in enumerate(expected):
        rivals[pos, c - 1] = 0.0
    return base, rivals


def judge(attempt: list[WordEvidence], reference: list[WordEvidence] | None = None) -> list[WordJudgement]:
    """Step 3: each phone of the attempt judged against the speaker's reading of the same words."""
    ref = {e.index: e for e in (reference or [])}
    out = []
    for e in attempt:
        r = ref.get(e.index)
        if r is not None and r.phones == e.phones and np.all(np.isfinite(r.rivals)):
            own_cols = [_INDEX[p] - 1 for p in r.phones]
            masked = r.rivals.copy()
            masked[np.arange(len(own_cols)), own_cols] = -np.inf
            best = np.maximum(masked.max(axis=1, keepdims=True), REFERENCE_FLOOR)
            baseline = np.maximum(best, r.rivals)
        else:
            baseline = np.full(e.rivals.shape, NO_REFERENCE)
        judged = []
        for pos, phone in enumerate(e.phones):
            own = _INDEX[phone] - 1
            row = e.rivals[pos]
            if not np.all(np.isfinite(row)):
                judged.append(PhoneJudgement(phone, "", float("-inf"), False))
                continue
            others = np.delete(np.arange(row.size), own)
            gop = float(-np.logaddexp.reduce(np.concatenate(([0.0], row[others]))))
            gain = row - baseline[pos]
            margin = VOWEL_MARGIN if phone in VOWELS else FLAG_MARGIN
            suspects = [k for k in others if row[k] > margin
                        and gain[k] > (DROP_MARGIN if k == _DROPPED else REFERENCE_MARGIN)]
            swaps = {k for k in others if learner_swap(phone, _CANDIDATES[k])}
            named = suspects + [k for k in swaps if k not in suspects and row[k] + SWAP_PRIOR > margin
                                and gain[k] > REFERENCE_MARGIN] if suspects else []
            likely = [k for k in named if plausible_swap(phone, _CANDIDATES[k])] or named
            heard = (_CANDIDATES[max(likely, key=lambda k: row[k] + (SWAP_PRIOR if k in swaps else 0.0))]
                     if suspects and e.known else None)
            judged.append(PhoneJudgement(phone, heard, round(gop, 3), heard is None))
        presence = e.presence - min(0.0, r.presence) if r is not None and np.isfinite(r.presence) else e.presence
        out.append(WordJudgement(e.index, e.text, tuple(judged), e.known, presence, e.start, e.end))
    return out
