"""What Whisper is told about an episode before it hears it: the show's words, spelled the show's way.

Whisper conditions on a prompt as if it were the transcript of what came before. Names and terms
in it ("Kubernetes", "etcd", a product's name) become likely spellings, so the embedded tiny.en
model writes "Kubernetes" where it had heard "Qber needs" (bench/transcribe.py --terms measures
it). The prompt is built from what the learner and the feed already say about the episode: the
learner's glossary, the episode's and show's titles, chapter titles and the show notes.

A prompt also changes words it does not name: the glossary of other fields made the embedded model
write "wood cutters" for "woodcutters" in an essay (WER on the shared recordings 4.6 % -> 4.9 %).
So the engine hears every window without one first, and gives the prompt only to windows where it
wrote a doubtful word (:mod:`.doubt`); the prompted text is kept only where it spells more of the
context's terms (:meth:`EpisodeContext.terms`, :func:`terms_spelled`).

Only the *source* gets a prompt. An attempt is transcribed with none: it must be heard as the
learner said it, never nudged towards the text it is compared with.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field

# Whisper keeps at most 223 tokens of prompt (half of its 448-token text context) and drops the
# oldest. English show notes run ~4 characters a token; terms such as "etcd" or "PostgreSQL" take
# 2-4 tokens each, so 600 characters leave room and nothing is cut by the model.
MAX_CHARS = 600
DESCRIPTION_CHARS = 240
MIN_PART_CHARS = 40  # a part cut shorter than this ("A.") says nothing  # the notes' opening: later lines are links, credits and sponsors


@dataclass(frozen=True)
class EpisodeContext:
    """What is known about an episode before it is heard, in parts (it crosses to the worker as a dict)."""

    glossary: tuple[str, ...] = ()
    title: str = ""
    show: str = ""
    description: str = ""
    chapters: tuple[str, ...] = field(default_factory=tuple)

    def full_prompt(self) -> str | None:
        """The show's notes and the learner's glossary: for the windows where a term may have been misheard."""
        return whisper_prompt(glossary=self.glossary, title=self.title, show=self.show, description=self.description,
                              chapters=self.chapters)

    def terms(self) -> tuple[str, ...]:
        """The words this context vouches for: the glossary, and the notes' words that no
        dictionary has ("Kubernetes", "etcd" named in the show notes)."""
        from .doubt import in_lexicon

        notes = " ".join((self.title, self.show, self.description, *self.chapters))
        words = (re.sub(r"'s$", "", w) for w in re.findall(r"[A-Za-z][\w.+#'-]*[\w+#]", _clean(notes)))
        named = [w for w in words if not in_lexicon(w)]
        return tuple(dict.fromkeys((*self.glossary, *named)))

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict | None) -> "EpisodeContext":
        data = data or {}
        return cls(tuple(data.get("glossary", ())), data.get("title", ""), data.get("show", ""),
                   data.get("description", ""), tuple(data.get("chapters", ())))


def terms_spelled(terms: Iterable[str], text: str) -> int:
    """How many times ``text`` spells one of ``terms`` (word for word, case and punctuation aside)."""
    heard = tokens(text)
    found = 0
    for term in _terms(terms):
        t = tokens(term)
        if t:
            found += sum(heard[i:i + len(t)] == t for i in range(len(heard) - len(t) + 1))
    return found


def tokens(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+(?:[.+#'][a-z0-9]+)*", text.lower())


def whisper_prompt(*, glossary: Iterable[str] = (), title: str = "", show: str = "", description: str = "",
                   chapters: Iterable[str] = ()) -> str | None:
    """One prompt from an episode's context, or None when there is none.

    The most useful part comes last (Whisper reads the prompt as the text just before the audio,
    and truncates from the front): the show notes, then the titles, then the learner's glossary,
    which is the learner's own word on spelling. Each part is cut to fit :data:`MAX_CHARS`."""
    terms = _terms(glossary)
    glossary_part = ", ".join(terms) + "." if terms else ""
    titles = [t for t in (_clean(show), _clean(title)) if t]
    titles += [c for c in (_clean(c) for c in chapters) if c and c not in titles]
    parts = [_sentence(_opening(_clean(description), DESCRIPTION_CHARS)), " ".join(_sentence(t) for t in titles),
             glossary_part]
    budget = MAX_CHARS
    kept: list[str] = []
    for part in reversed(parts):  # the glossary first, so the notes are what gives way
        part = part.strip()
        if not part or (len(part) > budget and budget < MIN_PART_CHARS):
            continue
        if len(part) > budget:
            part = _opening(part, budget, cut_at=", " if part is glossary_part else ". ")
        if part:
            kept.insert(0, part)
            budget -= len(part) + 1
    return " ".join(kept) or None


def _terms(glossary: Iterable[str]) -> list[str]:
    seen: dict[str, str] = {}
    for term in glossary:
        term = " ".join(str(term).split())
        if term and term.lower() not in seen:
            seen[term.lower()] = term
    return list(seen.values())


def _clean(text: str) -> str:
    """Plain words from a feed's text: no markup, links, timestamps or runs of whitespace."""
    text = html.unescape(re.sub(r"<[^>]+>", " ", text or ""))
    text = re.sub(r"https?://\S+|www\.\S+|\S+@\S+\.\w+", " ", text)
    text = re.sub(r"\(?\b\d{1,2}:\d{2}(?::\d{2})?\b\)?", " ", text)
    return " ".join(text.split())


def _sentence(text: str) -> str:
    text = text.strip()
    return text if not text or text[-1] in ".!?:" else text + "."


def _opening(text: str, limit: int, cut_at: str = ". ") -> str:
    """``text`` up to ``limit`` characters, cut after the last whole sentence (or term) that fits."""
    if len(text) <= limit:
        return text
    head = text[:limit]
    cut = head.rfind(cut_at)
    if cut > 0:
        return head[:cut + 1].rstrip(",") if cut_at == ". " else head[:cut] + "."
    cut = head.rfind(" ")
    return head[:cut] + "." if cut > 0 else ""
