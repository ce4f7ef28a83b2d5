"""Source words that may not be what the speaker said: shown as doubtful, never taught as words.

Whisper's language model writes *something* for every sound: "Kubernetes" it has not learned
becomes "Qber needs". Such a word would then be what the learner is judged against, show up as
a weak word and go into the Anki deck. Two signs give it away: Whisper's own probability for
the word, and that no English dictionary (CMUdict, 126k words) has it. A word the learner corrected, or put in the
glossary, is theirs, and never doubtful.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable

from ..records import Word

# Whisper's word probability under which a word is shown as doubtful. Measured with tiny.en on the
# shared real recordings (7.4 minutes) and the vocabulary set (one voice): 3 words a minute of
# real speech are marked, and half of the marked words were wrong (12 of 23; on the set 16 of 37),
# against 2.4 % of the unmarked ones (4.7 % on the set).
LOW_PROBABILITY = 0.4

UNSURE = "unsure"  # Whisper gave it a low probability
UNKNOWN = "unknown"  # no dictionary has it


def key(text: str) -> str:
    return text.strip(".,;:!?\"'()[]{}").lower()


def in_lexicon(text: str) -> bool:
    """Every token of the word (numbers spelled out, compounds split) is in CMUdict."""
    from ..alignment.lexicon import spoken_tokens
    from ..pronunciation.phones import _cmudict

    tokens = spoken_tokens(text)
    return bool(tokens) and all(t in _cmudict() for t in tokens)


def doubt(word: Word, glossary: frozenset[str] | set[str] = frozenset()) -> str | None:
    """Why ``word`` may be wrong (:data:`UNSURE`, :data:`UNKNOWN`), or None."""
    if word.corrected or not key(word.text):
        return None
    if key(word.text) in glossary:
        return None
    if not in_lexicon(word.text):
        return UNKNOWN
    if word.probability < LOW_PROBABILITY:
        return UNSURE
    return None


def doubts(words: Iterable[Word], glossary: Iterable[str] = ()) -> dict[int, str]:
    """Index -> reason, for the doubtful words of a sentence."""
    keys = glossary_keys(glossary)
    return {i: why for i, w in enumerate(words) if (why := doubt(w, keys)) is not None}


def glossary_keys(glossary: Iterable[str]) -> frozenset[str]:
    """The glossary's terms and each of their words, as :func:`key` writes them ("error budget"
    vouches for "error" and "budget")."""
    out: set[str] = set()
    for term in glossary:
        out.add(key(term))
        out.update(key(t) for t in term.split())
    return frozenset(k for k in out if k)


_warming = threading.Lock()


def lexicon_ready() -> bool:
    """True once the dictionary is loaded (0.5 s): the window asks before marking, so the UI
    thread never waits for it."""
    from ..pronunciation.phones import _cmudict

    return _cmudict.cache_info().currsize > 0


def warm_lexicon() -> None:
    """Load the dictionary in a background thread (the window calls this as it opens)."""
    from ..pronunciation.phones import _cmudict

    def load():
        with _warming:
            _cmudict()

    threading.Thread(target=load, name="shadowing-lexicon", daemon=True).start()
