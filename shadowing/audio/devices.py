"""Sound devices through PortAudio (sounddevice): what exists, which to use, and at what rate.

Every failure here becomes an :class:`AudioUnavailable` with a sentence the learner can act on;
the rest of the app keeps working without sound.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass

from ..errors import ShadowingError
from .. import paths

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
        raise AudioUnavailable(f"cannot list sound devices: {exc}") from exc
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


def plan_stream(choice: DeviceChoice = DeviceChoice(), want_input: bool = True) -> StreamPlan:
    """Pick devices (the remembered choice if still present, else the defaults) and a rate both take.

    The output device's own rate comes first: a duplex stream at another rate than the sink's can
    stall on ALSA/PulseAudio (see MEASURED.md), so resampling is ours, not the driver's.
    """
    sd = sounddevice()
    devices = list_devices()
    if not any(d.outputs for d in devices):
        raise AudioUnavailable("no sound output device found: check that speakers or headphones are "
                               "connected and that PulseAudio/PipeWire is running")
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
            note = "no microphone found: playback works, recording is off"
    out_dev = by_index[out_idx]
    rates = [int(out_dev.default_rate), 48000, 44100]
    if in_idx is not None:
        rates.insert(1, int(by_index[in_idx].default_rate))
    for rate in dict.fromkeys(rates):
        try:
            sd.check_output_settings(device=out_idx, samplerate=rate, channels=1, dtype="float32")
            if in_idx is not None:
                sd.check_input_settings(device=in_idx, samplerate=rate, channels=1, dtype="float32")
        except Exception:
            continue
        return StreamPlan(in_idx, out_idx, rate, by_index[in_idx].name if in_idx is not None else None,
                          out_dev.name, note)
    raise AudioUnavailable(f"the sound devices ({out_dev.name}) accept none of the rates {rates}")


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
