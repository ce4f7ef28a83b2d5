"""Learner edits to segments: split at a word, merge with the next, nudge an edge, correct a word.

Segments never overlap and never cut a word; ids stay stable (a split keeps the id on the
first part, a merge keeps the first id) so attempts stay attached to what they practised.
"""

from __future__ import annotations

from .errors import ShadowingError
from .records import Segment
from .storage import Library


class EditError(ShadowingError):
    pass


def _find(segments: list[Segment], segment_id: int) -> int:
    for k, seg in enumerate(segments):
        if seg.id == segment_id:
            return k
    raise EditError(f"no segment with id {segment_id}")


def split(library: Library, transcript_id: int, segment_id: int, word_index: int) -> int:
    """Split before the segment's ``word_index``-th word (1 .. words-1). Returns the new id."""
    segments = library.segments(transcript_id)
    seg = segments[_find(segments, segment_id)]
    if not 1 <= word_index < len(seg.words):
        raise EditError(f"segment {seg.index + 1} has {len(seg.words)} words: split at word 1 to {len(seg.words) - 1}")
    before, after = seg.words[word_index - 1], seg.words[word_index]
    cut = min(round((before.end + after.start) / 2, 3), after.start)
    return library.split_segment(segment_id, cut)


def merge_with_next(library: Library, transcript_id: int, segment_id: int) -> None:
    segments = library.segments(transcript_id)
    k = _find(segments, segment_id)
    if k + 1 >= len(segments):
        raise EditError("the last segment has no next segment to merge with")
    library.merge_segments(segment_id, segments[k + 1].id)


def nudge(library: Library, transcript_id: int, segment_id: int, start_delta: float = 0.0,
          end_delta: float = 0.0, duration: float | None = None) -> Segment:
    """Move edges by the deltas, clamped so no word is cut and no neighbour overlapped."""
    segments = library.segments(transcript_id)
    k = _find(segments, segment_id)
    seg = segments[k]
    lower = segments[k - 1].end if k > 0 else 0.0
    upper = segments[k + 1].start if k + 1 < len(segments) else (duration if duration is not None else float("inf"))
    prev_last = segments[k - 1].words[-1].end if k > 0 and segments[k - 1].words else lower
    first = seg.words[0].start if seg.words else seg.start
    last = seg.words[-1].end if seg.words else seg.end
    next_first = segments[k + 1].words[0].start if k + 1 < len(segments) and segments[k + 1].words else upper
    start = min(max(seg.start + start_delta, lower, prev_last, 0.0), first)
    end = max(min(seg.end + end_delta, upper, next_first), last)
    if end - start <= 0.05:
        raise EditError("a segment must be longer than 50 ms")
    library.update_segment(segment_id, round(start, 3), round(end, 3))
    return library.segments(transcript_id)[k]


def correct(library: Library, transcript_id: int, segment_id: int, first: int, last: int, text: str,
            add_to_glossary: bool = False) -> None:
    """The learner's spelling for words ``first``..``last`` (0-based, inclusive) of a segment:
    "Qber needs" -> "Kubernetes". Whisper's words are kept beside it (``Word.heard``); the word
    times stay within the span they had. ``add_to_glossary`` also gives the new words to Whisper
    for the episodes transcribed from now on."""
    segments = library.segments(transcript_id)
    seg = segments[_find(segments, segment_id)]
    if not 0 <= first <= last < len(seg.words):
        raise EditError(f"segment {seg.index + 1} has {len(seg.words)} words: correct words 1 to {len(seg.words)}")
    texts = text.split()
    if not texts:
        raise EditError("a correction needs the right words (to drop a word, merge or nudge the segment)")
    library.correct_words(transcript_id, seg.words[first].start, seg.words[last].start, texts)
    if add_to_glossary:
        library.add_to_glossary([" ".join(t.strip(".,;:!?\"'()") for t in texts)])


def edit(library: Library, episode, segment_id: int, action: str, *values, model: str | None = None) -> list[Segment]:
    """One edit by name, as the terminal and the window ask for it: ``split`` (word index),
    ``merge`` (with the next), ``nudge`` (start and end deltas, seconds), ``correct`` (first and
    last word index, the right text, whether to add it to the glossary). Returns the episode's
    segments as stored after it."""
    from .episodes import best_transcript

    transcript = best_transcript(library, episode, model)
    if transcript is None:
        raise EditError(f"{episode.title}: not transcribed yet")
    if action == "split":
        split(library, transcript.id, segment_id, values[0])
    elif action == "merge":
        merge_with_next(library, transcript.id, segment_id)
    elif action == "nudge":
        nudge(library, transcript.id, segment_id, values[0], values[1], episode.duration)
    elif action == "correct":
        correct(library, transcript.id, segment_id, *values)
    else:
        raise EditError(f"unknown edit {action!r}: split, merge, nudge or correct")
    return library.segments(transcript.id)
