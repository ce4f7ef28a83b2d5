"""The demo episode: a few minutes of English talk, synthesised offline on first use and cached.

Speech comes from eSpeak NG: the library and voice data that the ``espeakng-loader`` package
installs (so ``pip install`` alone is enough), or the system's ``espeak-ng`` program if that
package is missing. It is robotic but clear, and its script is known exactly.
"""

from __future__ import annotations

import ctypes
import shutil
import subprocess
import threading
import wave
from pathlib import Path

import numpy as np

from .errors import ShadowingError
from .paths import cache_dir
from .i18n import translate

DEMO_VERSION = 3
DEMO_TITLE = "Demo: a morning on call"
TITLE = "Demo: a morning on call (synthetic speech)"
SCRIPT = [
    "Good morning, and welcome to this short practice episode.",
    "Today we talk about a morning on call, one sentence at a time.",
    "At seven o'clock, my phone woke me up with an alert.",
    "The error rate on the checkout service had doubled in ten minutes.",
    "I opened my laptop and looked at the dashboard first.",
    "Latency was normal, but many requests were failing with a timeout.",
    "The last deployment had finished twenty minutes before the first alert.",
    "So my first question was simple: what changed?",
    "I read the release notes and found a new database setting.",
    "The connection pool was smaller than before.",
    "Under the morning traffic, the service ran out of connections.",
    "We rolled back the change, and the errors stopped within five minutes.",
    "Then I wrote a short message to the team to say what had happened.",
    "After breakfast, we met to write the incident review together.",
    "Nobody was blamed, because the process had allowed the mistake.",
    "We agreed to add a load test before every configuration change.",
    "We also agreed to alert on the number of free connections.",
    "Good reviews are about learning, not about finding someone to blame.",
    "In the afternoon, a new engineer asked me how I stay calm during an outage.",
    "I told her that I follow the same steps every time.",
    "First, I check whether users are affected, and how many.",
    "Second, I look for the most recent change, because it is often the cause.",
    "Third, I make the smallest safe change that stops the damage.",
    "Only then do I try to understand the root cause in detail.",
    "She asked whether it is ever right to wake up a colleague at night.",
    "I said yes: if you are stuck for more than fifteen minutes, ask for help.",
    "Nobody on our team thinks less of you for asking a question.",
    "We finished the day by updating the runbook with what we had learned.",
    "The next person on call will have a shorter night because of it.",
    "If you practise this episode, try to copy the rhythm of each sentence.",
    "Listen once, then speak along with the voice, a little behind it.",
    "When a sentence is hard, repeat it three times, then five times.",
    "Hide the text when you feel ready, and check your score again.",
    "Thank you for listening, and good luck with your practice.",
]
_PARAGRAPH_GAP_S = 0.6
_lock = threading.Lock()


def demo_path() -> Path:
    return cache_dir() / "demo" / f"shadowing-demo-v{DEMO_VERSION}.wav"


def script_text() -> str:
    return " ".join(SCRIPT)


def ensure_demo() -> Path:
    """Build the demo once; later calls return the cached file."""
    path = demo_path()
    if path.exists() and path.stat().st_size > 0:
        return path
    with _lock:
        if path.exists() and path.stat().st_size > 0:
            return path
        path.parent.mkdir(parents=True, exist_ok=True)
        rate, pieces = _synthesise(SCRIPT)
        gap = np.zeros(int(_PARAGRAPH_GAP_S * rate), np.int16)
        audio = np.concatenate([np.concatenate((p, gap)) for p in pieces])
        tmp = path.with_suffix(".partial")
        import soundfile

        with soundfile.SoundFile(str(tmp), "w", rate, 1, "PCM_16", format="WAV") as out:
            out.title = DEMO_TITLE  # a RIFF INFO tag, which FFmpeg reads as the title
            out.artist = "eSpeak NG"
            out.write(audio)
        tmp.replace(path)
    return path


def _synthesise(sentences: list[str], voice: str = "en-us") -> tuple[int, list[np.ndarray]]:
    try:
        return _synthesise_library(sentences, voice)
    except (ImportError, OSError):
        pass
    if shutil.which("espeak-ng"):
        return _synthesise_program(sentences, voice)
    raise ShadowingError(translate("Errors", "cannot build the demo episode: no speech synthesiser; install it with "
                                   "`pip install espeakng-loader` (or `apt install espeak-ng`)"))


_SYNTH_CB = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.c_void_p)


def _espeak_library(voice: str = "en-us"):
    """libespeak-ng from the espeakng-loader wheel, initialised for synchronous synthesis with
    ``voice`` at a calm 150 words a minute: (library, sample rate)."""
    import espeakng_loader

    lib = ctypes.CDLL(espeakng_loader.get_library_path())
    lib.espeak_Initialize.restype = ctypes.c_int
    rate = lib.espeak_Initialize(0x02, 500, espeakng_loader.get_data_path().encode(), 0)  # synchronous
    if rate <= 0:
        raise OSError("espeak-ng failed to initialise")
    if lib.espeak_SetVoiceByName(voice.encode()) != 0:
        raise OSError(f"espeak-ng has no {voice} voice")
    lib.espeak_SetParameter(1, 150, 0)  # words per minute: a calm talk
    return lib, rate


def _synthesise_library(sentences: list[str], voice: str = "en-us", lib=None,
                        phoneme_input: bool = False) -> tuple[int, list[np.ndarray]]:
    """Each sentence as 16-bit samples; with ``phoneme_input``, ``[[...]]`` in the text is read
    as eSpeak phonemes (espeakPHONEMES)."""
    lib, rate = lib or _espeak_library(voice)
    chunks: list[np.ndarray] = []

    @_SYNTH_CB
    def on_audio(samples, count, _events):
        if count > 0:
            chunks.append(np.ctypeslib.as_array(samples, shape=(count,)).copy())
        return 0

    lib.espeak_SetSynthCallback(on_audio)
    flags = 0x01 | (0x100 if phoneme_input else 0)  # espeakCHARS_UTF8 (| espeakPHONEMES)
    pieces = []
    for sentence in sentences:
        chunks.clear()
        text = sentence.encode("utf-8")
        lib.espeak_Synth(text, len(text) + 1, 0, 0, 0, flags, None, None)
        lib.espeak_Synchronize()
        pieces.append(np.concatenate(chunks) if chunks else np.zeros(0, np.int16))
    return rate, pieces


def _synthesise_program(sentences: list[str], voice: str = "en-us") -> tuple[int, list[np.ndarray]]:
    pieces, rate = [], 22050
    for sentence in sentences:
        raw = subprocess.run(["espeak-ng", "-v", voice, "-s", "150", "--stdout", sentence],
                             check=True, capture_output=True).stdout
        with wave.open(__import__("io").BytesIO(raw)) as wav:
            rate = wav.getframerate()
            pieces.append(np.frombuffer(wav.readframes(wav.getnframes()), np.int16))
    return rate, pieces
