"""Weak words as Anki cards: the sentence with the word blanked, the speaker's audio, the word.

An ``.apkg`` (genanki) imports with its audio in one step. The TSV fallback is for other
flashcard apps or for Anki's text import: one line per card, with ``[sound:...]`` references to
clips written to a folder beside it (copy them into Anki's collection.media).
"""

from __future__ import annotations

import csv
import html
import re
from dataclasses import dataclass
from pathlib import Path

from .errors import ShadowingError
from .i18n import translate

# fixed ids, so re-exporting updates the same note type and deck in Anki instead of duplicating them
MODEL_ID = 1_734_511_029
DECK_ID = 1_734_511_031
CLIP_RATE = 22050


@dataclass(frozen=True)
class Card:
    word: str
    sentence: str
    heard_as: tuple[str, ...]
    clip: Path | None  # the segment's audio
    sounds: tuple[str, ...] = ()  # the sounds said wrong, with a tip: "/θ/ → /s/ (th: tongue between the teeth…)"

    def cloze(self) -> str:
        """The sentence with the word blanked (first whole-word match, case-insensitive)."""
        pattern = re.compile(rf"(?<!\w){re.escape(self.word)}(?!\w)", re.IGNORECASE)
        text = html.escape(self.sentence)
        blanked, n = pattern.subn("<b>[…]</b>", text, count=1)
        return blanked if n else text


def write_clip(episode_path: str, start: float, end: float, target: Path) -> Path:
    import soundfile

    from . import media

    audio = media.load_span(episode_path, start, end, rate=CLIP_RATE)
    soundfile.write(str(target), audio, CLIP_RATE, format="OGG", subtype="VORBIS")
    return target


def cards_for(library, words, folder: Path) -> list[Card]:
    """One card per weak word; each sentence's clip is cut once from its episode (when it still exists)."""
    folder.mkdir(parents=True, exist_ok=True)
    clips: dict[tuple, Path | None] = {}
    cards = []
    for w in words:
        key = (w.episode_id, round(w.source_start, 3), round(w.source_end, 3))
        if key not in clips:
            clips[key] = None
            if w.episode_id is not None:
                try:
                    episode = library.episode(w.episode_id)
                    name = f"shadowing-{w.episode_id}-{int(w.source_start * 1000)}-{int(w.source_end * 1000)}.ogg"
                    clips[key] = write_clip(episode.path, w.source_start, w.source_end, folder / name)
                except Exception:  # the episode file moved or was deleted: a card without sound
                    clips[key] = None
        cards.append(Card(w.shown or w.word, w.sentence, tuple(w.heard_as), clips[key], sounds_with_tips(w.sounds)))
    return cards


def sounds_with_tips(sounds) -> tuple[str, ...]:
    from .pronunciation.phones import tip

    out = []
    for sound in sounds:
        expected = sound.split("/")[1] if sound.startswith("/") else ""
        advice = tip(expected)
        out.append(f"{sound} ({advice})" if advice else sound)
    return tuple(out)


def export_apkg(cards: list[Card], path: Path, deck_name: str = "Shadowing: weak words") -> Path:
    import genanki

    model = genanki.Model(
        MODEL_ID, "Shadowing weak word",
        fields=[{"name": "Sentence"}, {"name": "Word"}, {"name": "Heard"}, {"name": "Audio"}, {"name": "Sound"}],
        templates=[{
            "name": "Listen and fill in",
            "qfmt": "{{Audio}}<div class=sentence>{{Sentence}}</div>",
            "afmt": "{{FrontSide}}<hr id=answer><div class=word>{{Word}}</div>"
                    "{{#Heard}}<div class=heard>you said: {{Heard}}</div>{{/Heard}}"
                    "{{#Sound}}<div class=heard>sound: {{Sound}}</div>{{/Sound}}",
        }],
        css=".card{font-family:sans-serif;font-size:22px;text-align:center}"
            ".word{font-size:30px;font-weight:bold}.heard{color:#c62828;font-size:18px}")
    deck = genanki.Deck(DECK_ID, deck_name)
    media = []
    for card in cards:
        audio = f"[sound:{card.clip.name}]" if card.clip else ""
        if card.clip:
            media.append(str(card.clip))
        deck.add_note(genanki.Note(model=model, fields=[card.cloze(), html.escape(card.word),
                                                        html.escape(", ".join(card.heard_as)), audio,
                                                        html.escape("; ".join(card.sounds))],
                                   guid=genanki.guid_for("shadowing", card.word.lower(), card.sentence)))
    if not cards:
        raise ShadowingError(translate("Errors", "no weak words to export yet: score a few attempts first"))
    package = genanki.Package(deck)
    package.media_files = media
    path.parent.mkdir(parents=True, exist_ok=True)
    package.write_to_file(str(path))
    return path


def export_tsv(cards: list[Card], path: Path) -> Path:
    """Sentence (word blanked), word, heard, audio; clips are in ``PATH.media/``."""
    if not cards:
        raise ShadowingError(translate("Errors", "no weak words to export yet: score a few attempts first"))
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as out:
        out.write("#separator:tab\n#html:true\n#columns:Sentence\tWord\tHeard\tAudio\tSound\n")
        writer = csv.writer(out, delimiter="\t", quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
        for card in cards:
            writer.writerow([card.cloze(), html.escape(card.word), html.escape(", ".join(card.heard_as)),
                             f"[sound:{card.clip.name}]" if card.clip else "", html.escape("; ".join(card.sounds))])
    return path


def export(library, words, path: str | Path) -> Path:
    """``.apkg`` by its extension, otherwise TSV with a media folder beside it.

    Doubtful words (``WeakWord.doubtful``: perhaps Whisper's mistake, not the speaker's word) are
    left out: the learner vouches for one by correcting it or adding it to the glossary."""
    import tempfile

    path = Path(path)
    words = [w for w in words if not getattr(w, "doubtful", False)]
    if path.suffix.lower() == ".apkg":
        with tempfile.TemporaryDirectory(prefix="shadowing-anki-") as tmp:
            return export_apkg(cards_for(library, words, Path(tmp)), path)
    return export_tsv(cards_for(library, words, path.with_name(path.name + ".media")), path)
