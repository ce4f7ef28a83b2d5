"""Playback, looping and sample-aligned recording (sounddevice/PortAudio), free of any GUI."""

from .devices import AudioDevice, AudioUnavailable, DeviceChoice, list_devices, load_choice, save_choice
from .engine import EngineError, Level, PracticeEngine, Prepared
from .backends import DeviceBackend, FileBackend
from .program import (MODES, Gap, LoopEnded, LoopSettings, LoopStarted, ProgramDone, RecordStart,
                      RecordStop, clamp_speed, played_time)
from .recorder import RecordedAttempt
from .events import dispatch

__all__ = ["AudioDevice", "AudioUnavailable", "DeviceChoice", "list_devices", "load_choice", "save_choice",
           "EngineError", "Level", "PracticeEngine", "Prepared", "DeviceBackend", "FileBackend", "MODES",
           "Gap", "LoopEnded", "LoopSettings", "LoopStarted", "ProgramDone", "RecordStart", "RecordStop",
           "clamp_speed", "played_time", "RecordedAttempt", "dispatch"]
