"""Transcripts worth copying: the show's terms spelled right, doubtful words marked, corrections kept.

The truth: eSpeak NG reads sentences whose terms are known; the real embedded model transcribes
them, through the app's own flow (the library, the worker process, the glossary in SQLite)."""

from __future__ import annotations

import json
import sqlite3

import numpy as np
import pytest

from shadowing import editing, episodes, media
from shadowing.records import Word
from shadowing.storage import Library
from shadowing.transcription import doubt
from shadowing.transcription.context import MAX_CHARS, whisper_prompt

from .conftest import speak_each, write_wav

# A product name the embedded tiny.en does not spell on its own, in a sentence of plain words.
PRODUCT_SENTENCES = ["Our dashboards live in Grafana, and every alert goes to the team.",
                     "Last night Grafana showed the error rate climbing after the deploy."]


def _episode(tmp_path, texts: list[str], name: str = "talk.wav"):
    gap = np.zeros(8000, np.float32)
    parts = [gap]
    for audio in speak_each(texts):
        parts += [audio, gap]
    return write_wav(tmp_path / name, np.concatenate(parts))


def _text(result) -> str:
    return " ".join(s.text for s in result.segments)


# -- the prompt ----------------------------------------------------------------------------------

def test_the_prompt_puts_the_glossary_last_and_keeps_within_whispers_limit():
    prompt = whisper_prompt(glossary=["Kubernetes", "etcd", "kubernetes", " error  budget "], show="On Call",
                            title="Episode 7: Moving to <b>Kubernetes</b>",
                            description="<p>We talk canaries.</p> Links: https://example.com/notes (12:30)")
    assert prompt == "We talk canaries. Links: On Call. Episode 7: Moving to Kubernetes. Kubernetes, etcd, error budget."
    many = whisper_prompt(glossary=[f"Term{k}" for k in range(400)], title="A title", description="Notes. " * 200)
    assert len(many) <= MAX_CHARS and many.startswith("Term0, Term1") and many.endswith(".")
    assert "A title" not in many  # the glossary, the learner's word on spelling, is kept first
    assert whisper_prompt() is None and whisper_prompt(description="<br/>") is None


def test_file_tags_and_chapters_are_read(tmp_path):
    import subprocess

    wav = _episode(tmp_path, ["One short sentence for the chapters."])
    meta = tmp_path / "meta.txt"
    meta.write_text(";FFMETADATA1\ntitle=Release Engineering Weekly\nalbum=Ops Talk\n\n[CHAPTER]\nTIMEBASE=1/1000\n"
                    "START=0\nEND=1000\ntitle=Why Terraform\n\n[CHAPTER]\nTIMEBASE=1/1000\nSTART=1000\nEND=2000\n"
                    "title=Canary releases\n")
    out = tmp_path / "tagged.m4a"
    subprocess.run([media.ffmpeg_binary(), "-loglevel", "error", "-i", str(wav), "-i", str(meta), "-map_metadata", "1",
                    "-map_chapters", "1", "-c:a", "aac", str(out)], check=True)
    tags = media.tags(out)
    assert (tags.title, tags.show, tags.chapters) == ("Release Engineering Weekly", "Ops Talk",
                                                      ("Why Terraform", "Canary releases"))
    assert media.tags(tmp_path / "missing.mp3") == media.Tags()


# -- the glossary and corrections in the library ---------------------------------------------------

def test_the_glossary_is_kept_case_aside_and_the_migration_keeps_an_old_library(tmp_path):
    from shadowing.storage.migrations import MIGRATIONS

    db = tmp_path / "old.sqlite3"
    con = sqlite3.connect(db)
    for number, script in enumerate(MIGRATIONS[:5]):
        con.executescript(script)
        con.execute(f"PRAGMA user_version = {number + 1}")
    con.execute("INSERT INTO episodes (content_hash, path, title, duration, size) VALUES ('h', '/x.mp3', 'x', 60, 1)")
    con.execute("INSERT INTO transcripts (episode_id, source, model, status) VALUES (1, 'whisper', 'tiny.en', 'complete')")
    con.execute("INSERT INTO words (transcript_id, start, end, text) VALUES (1, 0.5, 0.9, 'Hello')")
    con.commit()
    con.close()
    with Library(db) as library:
        assert library.words(1) == [Word(0.5, 0.9, "Hello", 1.0)]
        assert library.add_to_glossary(["etcd", "Kubernetes", "ETCD"]) == ["etcd", "Kubernetes"]
        assert library.glossary() == ["Kubernetes", "etcd"]
        assert library.remove_from_glossary(["KUBERNETES", "absent"]) == ["KUBERNETES"]
        assert library.glossary() == ["etcd"]


def test_a_correction_replaces_a_run_of_words_and_keeps_what_whisper_wrote(tmp_path):
    from shadowing.records import MediaInfo, Segment

    with Library(tmp_path / "l.sqlite3") as library:
        ep = library.add_episode(MediaInfo("/a.mp3", "h", 1, 10.0, 16000, 1, "mp3", "a"))
        info = library.begin_transcript(ep.id, "whisper", "tiny.en", {})
        words = [Word(0.5, 0.8, "We", 0.9), Word(0.9, 1.1, "moved", 0.9), Word(1.2, 1.6, "to", 0.9),
                 Word(1.7, 2.0, "Qber", 0.2), Word(2.0, 2.4, "needs.", 0.3)]
        library.store_chunk(info.id, words, [Segment(0, 0.3, 2.6, "")], 10.0)
        seg = library.segments(info.id)[0]
        editing.correct(library, info.id, seg.id, 3, 4, "Kubernetes.", add_to_glossary=True)
        seg = library.segments(info.id)[0]
        assert seg.text == "We moved to Kubernetes."
        fixed = seg.words[3]
        assert (fixed.start, fixed.end, fixed.heard, fixed.corrected) == (1.7, 2.4, "Qber needs.", True)
        assert library.glossary() == ["Kubernetes"]
        editing.correct(library, info.id, seg.id, 3, 3, "Kubernetes clusters.")  # a second correction
        seg = library.segments(info.id)[0]
        assert [w.text for w in seg.words[3:]] == ["Kubernetes", "clusters."]
        assert {w.heard for w in seg.words[3:]} == {"Qber needs."} and seg.words[4].end == 2.4
        assert seg.to_dict()["words"][3]["heard"] == "Qber needs."
        with pytest.raises(editing.EditError):
            editing.correct(library, info.id, seg.id, 2, 9, "x")


def test_doubtful_words_are_the_unknown_and_the_unsure_not_the_corrected_or_the_glossary():
    words = [Word(0, 1, "moved", 0.95), Word(1, 2, "Qber", 0.9), Word(2, 3, "needs.", 0.2),
             Word(3, 4, "Kubernetes", 1.0, heard="Qber needs"), Word(4, 5, "etcd,", 0.9), Word(5, 6, "2003", 0.9),
             Word(6, 7, "on-call", 0.9)]
    assert doubt.doubts(words) == {1: doubt.UNKNOWN, 2: doubt.UNSURE, 4: doubt.UNKNOWN}
    assert doubt.doubts(words, ["ETCD", "Qber"]) == {2: doubt.UNSURE}


# -- through the real model ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def product_episode(tmp_path_factory):
    return _episode(tmp_path_factory.mktemp("product"), PRODUCT_SENTENCES)


def test_a_glossary_term_whisper_never_spells_comes_out_right_once_it_is_in_the_glossary(product_episode, tmp_path):
    """The flow a learner follows: transcribe, see the name misspelt and doubtful, practise a
    sentence and correct a word, add the name to the glossary, transcribe again: the name is right
    everywhere, the attempt still belongs to its sentence, the correction is still there."""
    db = tmp_path / "library.sqlite3"
    first = episodes.transcribe(db, product_episode)
    assert "grafana" not in _text(first).lower()
    assert any(doubt.doubts(s.words) for s in first.segments)  # the misspelt name is marked
    seg = first.segments[1]
    with Library(db) as library:
        attempt = library.add_attempt({"episode_id": first.episode.id, "segment_id": seg.id,
                                       "source_start": seg.start, "source_end": seg.end, "mode": "shadow"},
                                      tmp_path / "attempt.wav", 3.0, "recorded")
        editing.correct(library, first.transcript.id, seg.id, 0, 0, "Yesterday")  # "Last" -> learner's own word
        library.add_to_glossary(["Grafana"])
    again = episodes.prepare(db, product_episode, again=True)
    assert _text(again).count("Grafana") == 2, _text(again)
    assert again.transcript.settings["context"].endswith("Grafana.")
    with Library(db) as library:
        assert [t.id for t in library.transcripts(first.episode.id)] == [again.transcript.id]  # the draft took over
        moved = library.attempt(attempt)
        now = library.segments(again.transcript.id)
        owner = next(s for s in now if s.id == moved.segment_id)
        assert owner.start < seg.end and seg.start < owner.end
        assert owner.words[0].text == "Yesterday" and owner.words[0].corrected


def test_the_feeds_notes_are_the_episodes_context(tmp_path, product_episode):
    db = tmp_path / "library.sqlite3"
    with Library(db) as library:
        episode = episodes.open_episode(library, product_episode)
        library.db.execute("INSERT INTO feeds (url, title, description) VALUES ('https://x/feed', 'Ops Talk', 'A show')")
        library.db.execute("INSERT INTO feed_items (feed_id, guid, position, title, description, episode_id)"
                           " VALUES (1, 'g', 0, 'Dashboards with Grafana', '<p>We look at Grafana.</p>', ?)",
                           (episode.id,))
        assert episodes.transcription_context(library, episode).full_prompt() == \
            "We look at Grafana. Ops Talk. Dashboards with Grafana."
    result = episodes.transcribe(db, product_episode)
    assert _text(result).count("Grafana") == 2, _text(result)


def test_the_kubernetes_sentence_comes_out_right_with_no_context(engine):
    audio = speak_each(["Our team moved the payment service to Kubernetes last spring."])[0]
    assert "Kubernetes" in " ".join(w.text for w in engine.transcribe_chunk(audio))


# -- the terminal ----------------------------------------------------------------------------------

def test_the_terminal_keeps_a_glossary_corrects_a_word_and_transcribes_again(jfk_home):
    from .test_cli import run

    home = jfk_home.parent
    out = run("glossary", "add", "Kubernetes", "error budget", home=home)
    assert out.returncode == 0 and "added 2" in out.stdout and "--again" in out.stderr
    assert run("glossary", "add", "kubernetes", home=home).stdout.strip() == "already in your glossary"
    assert run("glossary", "list", home=home).stdout.split("\n")[:2] == ["error budget", "Kubernetes"]
    assert run("glossary", "remove", "error budget", home=home).returncode == 0
    assert json.loads(run("glossary", "list", "--json", home=home).stdout) == ["Kubernetes"]
    fixed = run("edit", "1", "2", "correct", "--word", "1", "--text", "ASK", "--glossary", home=home)
    assert fixed.returncode == 0, fixed.stderr
    segments = json.loads(run("segments", "1", "--json", home=home).stdout)["segments"]
    first = segments[1]["words"][0]
    assert first["text"] == "ASK" and first["heard"].lower().startswith("ask")
    assert run("edit", "1", "2", "correct", "--word", "1", home=home).returncode == 2
    again = run("transcribe", "1", "--again", home=home)
    assert again.returncode == 0, again.stderr
    segments = json.loads(run("segments", "1", "--json", home=home).stdout)["segments"]
    assert segments[1]["words"][0]["text"] == "ASK"  # the correction followed the new transcript
    assert run("glossary", home=home).stdout.split() == ["ASK", "Kubernetes"]
