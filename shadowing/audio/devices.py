"""Sound devices through PortAudio (sounddevice): what exists, which to use, and at what rate.

Every failure here becomes an :class:`AudioUnavailable` with a sentence the learner can act on;
the rest of the app keeps working without sound.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from dataclasses import asdict, dataclass

from ..errors import ShadowingError
from .. import paths
from ..i18n import QT_TRANSLATE_NOOP, translate

INSTALL_HINT = ("PortAudio is not installed. On Debian or Ubuntu: sudo apt install libportaudio2; "
                "on Fedora: sudo dnf install portaudio; on macOS and Windows it comes with sounddevice")


class AudioUnavailable(ShadowingError):
    """No sound: PortAudio missing, no device, or a device that will not open."""


def sounddevice():
    """Import sounddevice, turning a missing PortAudio into a message that says how to install it."""
    try:
        import sounddevice as sd
    except OSError as exc:  # the Linux wheel has no PortAudio of its own
        raise AudioUnavailable(INSTALL_HINT) from exc
    return sd


@dataclass(frozen=True)
class AudioDevice:
    index: int
    name: str
    hostapi: str
    inputs: int
    outputs: int
    default_rate: float

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class DeviceChoice:
    """Devices by name (indices change when devices come and go); None means the system default."""

    input: str | None = None
    output: str | None = None


def list_devices() -> list[AudioDevice]:
    sd = sounddevice()
    try:
        apis = sd.query_hostapis()
        found = sd.query_devices()
    except Exception as exc:  # PortAudioError
        raise AudioUnavailable(translate("Errors", "cannot list sound devices: {reason}").format(reason=exc)) from exc
    return [AudioDevice(d["index"], d["name"], apis[d["hostapi"]]["name"], d["max_input_channels"],
                        d["max_output_channels"], d["default_samplerate"]) for d in found]


def _find(devices: list[AudioDevice], name: str | None, kind: str) -> int | None:
    if name is None:
        return None
    for d in devices:
        if d.name == name and (d.inputs if kind == "input" else d.outputs) > 0:
            return d.index
    return None


@dataclass(frozen=True)
class StreamPlan:
    """What a stream will be opened with; ``input`` None means playback only (no microphone)."""

    input: int | None
    output: int
    rate: int
    input_name: str | None
    output_name: str
    note: str | None = None  # e.g. "no microphone: playback only"
    fallback_rates: tuple[int, ...] = ()  # to try, in order, if the stream does not run at ``rate``
    rate_source: str = "device"  # "server": the sound server said it runs at ``rate``


# PortAudio's ALSA devices that are the sound server (PulseAudio, or PipeWire's PulseAudio service)
# rather than a card: their reported default rate is the ALSA plugin's (44.1 kHz), not the server's.
SERVER_DEVICES = ("pulse", "pipewire", "default")
_SPEC_RATE = re.compile(r"(\d{4,6})\s*Hz")


def _run(*cmd: str) -> str | None:
    if not shutil.which(cmd[0]):
        return None
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=3)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None


def server_rate() -> int | None:
    """The rate the sound server's default sink runs at, or None when no server answers.

    A duplex stream at another rate than the server's stalls for seconds and its timestamps never
    settle on PulseAudio at 48 kHz (MEASURED.md: the app opened at the ALSA plugin's 44.1 kHz and
    failed), so the stream is opened at the server's rate and we resample ourselves. ``pactl``
    answers for PulseAudio and for PipeWire's PulseAudio service; ``pw-metadata`` for a bare
    PipeWire.
    """
    info = _run("pactl", "info")
    if info is not None:
        default = re.search(r"^Default Sink:\s*(.+)$", info, re.M)
        sinks = _run("pactl", "list", "short", "sinks") or ""
        for line in sinks.splitlines():
            fields = line.split("\t")
            if len(fields) >= 4 and (default is None or fields[1] == default.group(1).strip()):
                found = _SPEC_RATE.search(fields[3])
                if found:
                    return int(found.group(1))
        spec = re.search(r"^Default Sample Specification:.*?(\d{4,6})Hz", info, re.M)
        if spec:
            return int(spec.group(1))
    meta = _run("pw-metadata", "-n", "settings", "0", "clock.rate")
    if meta:
        found = re.search(r"value:'(\d{4,6})'", meta)
        if found:
            return int(found.group(1))
    return None


def plan_stream(choice: DeviceChoice = DeviceChoice(), want_input: bool = True) -> StreamPlan:
    """Pick devices (the remembered choice if still present, else the defaults) and a rate both take.

    The output device's own rate comes first: a duplex stream at another rate than the sink's can
    stall on ALSA/PulseAudio (see MEASURED.md), so resampling is ours, not the driver's.
    """
    sd = sounddevice()
    devices = list_devices()
    if not any(d.outputs for d in devices):
        raise AudioUnavailable(translate("Errors", "no sound output device found: check that speakers or headphones are "
                                             "connected and that PulseAudio/PipeWire is running"))
    by_index = {d.index: d for d in devices}
    default_in, default_out = (sd.default.device[0], sd.default.device[1])
    out_idx = _find(devices, choice.output, "output")
    if out_idx is None:
        out_idx = default_out if default_out in by_index and by_index[default_out].outputs else next(
            d.index for d in devices if d.outputs)
    note = None
    in_idx = None
    if want_input:
        in_idx = _find(devices, choice.input, "input")
        if in_idx is None:
            if default_in in by_index and by_index[default_in].inputs:
                in_idx = default_in
            else:
                in_idx = next((d.index for d in devices if d.inputs), None)
        if in_idx is None:
            note = QT_TRANSLATE_NOOP("Audio", "no microphone found: playback works, recording is off")
    out_dev = by_index[out_idx]
    rates = [int(out_dev.default_rate), 48000, 44100, 96000]
    if in_idx is not None:
        rates.insert(1, int(by_index[in_idx].default_rate))
    source = "device"
    if out_dev.name.lower() in SERVER_DEVICES:
        served = server_rate()
        if served:
            rates.insert(0, served)
            source = "server"
    accepted = []
    for rate in dict.fromkeys(rates):
        try:
            sd.check_output_settings(device=out_idx, samplerate=rate, channels=1, dtype="float32")
            if in_idx is not None:
                sd.check_input_settings(device=in_idx, samplerate=rate, channels=1, dtype="float32")
        except Exception:
            continue
        accepted.append(rate)
    if not accepted:
        raise AudioUnavailable(translate("Errors", "the sound devices ({device}) accept none of the rates {rates}").format(
            device=out_dev.name, rates=rates))
    return StreamPlan(in_idx, out_idx, accepted[0], by_index[in_idx].name if in_idx is not None else None,
                      out_dev.name, note, tuple(accepted[1:]),
                      source if source == "server" and accepted[0] == rates[0] else "device")


def _settings_file():
    return paths.data_dir() / "audio-devices.json"


def load_choice() -> DeviceChoice:
    """The learner's remembered devices; a missing or broken file means the defaults."""
    try:
        data = json.loads(_settings_file().read_text())
        return DeviceChoice(data.get("input"), data.get("output"))
    except (OSError, ValueError, AttributeError):
        return DeviceChoice()


def save_choice(choice: DeviceChoice) -> None:
    target = _settings_file()
    tmp = target.with_suffix(".tmp")
    tmp.write_text(json.dumps(asdict(choice)))
    tmp.replace(target)
