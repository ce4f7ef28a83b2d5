"""A PulseAudio daemon with two null sinks: real PortAudio devices on a machine without a sound card.

``speakers`` is where the app plays; ``learner`` is where a test "learner" speaks. The app records
``learner.monitor`` (a learner speaking) or ``speakers.monitor`` (its own playback, a loopback).

The sinks run at :data:`RATE` (44.1 kHz; ``SHADOWING_RIG_RATE`` changes it for a whole run) or at the
rate a test restarts them with: PipeWire desktops run at 48 kHz, some cards at 96 kHz, and PortAudio's
ALSA ``pulse`` device reports 44.1 kHz whatever the server runs.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass, field

SINKS = ("speakers", "learner")
RATE = int(os.environ.get("SHADOWING_RIG_RATE", "44100"))


class RigUnavailable(Exception):
    pass


def _pactl(*args: str, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(["pactl", *args], capture_output=True, text=True, timeout=10, check=check)


def running() -> bool:
    if not shutil.which("pactl"):
        return False
    try:
        return _pactl("info", check=False).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


def start(rate: int | None = None) -> None:
    """Start the daemon (or reuse a running one) and route the defaults; idempotent.

    ``rate``: the sinks' rate; a running daemon whose sinks run at another rate is restarted.
    """
    rate = rate or RATE
    if not shutil.which("pulseaudio") or not shutil.which("pactl"):
        raise RigUnavailable("PulseAudio is not installed (apt install pulseaudio pulseaudio-utils"
                             " libasound2-plugins libportaudio2)")
    if running() and sink_rate() not in (None, rate):
        stop()
    if not running():
        cmd = ["pulseaudio", "--daemonize=yes", "--exit-idle-time=-1", "--disallow-exit", "-n",
               "--load=module-native-protocol-unix"]
        cmd += [f"--load=module-null-sink sink_name={name} rate={rate} channels=1" for name in SINKS]
        result = subprocess.run(cmd, capture_output=True, text=True, timeout=30)
        deadline = time.monotonic() + 10
        while not running():
            if time.monotonic() > deadline:
                raise RigUnavailable(f"pulseaudio did not start: {result.stderr.strip()[-300:]}")
            time.sleep(0.1)
    sinks = _pactl("list", "short", "sinks").stdout
    for name in SINKS:
        if f"\t{name}\t" not in sinks:
            _pactl("load-module", "module-null-sink", f"sink_name={name}", f"rate={rate}", "channels=1")
    _pactl("set-default-sink", "speakers")
    listen_to("learner")


def sink_rate(name: str = "speakers") -> int | None:
    """The rate the daemon runs ``name`` at (None: no such sink)."""
    for line in _pactl("list", "short", "sinks", check=False).stdout.splitlines():
        fields = line.split("\t")
        if len(fields) >= 4 and fields[1] == name:
            return int(fields[3].split()[-1].rstrip("Hz"))
    return None


def listen_to(sink: str) -> None:
    """Make ``sink``'s monitor the default microphone."""
    _pactl("set-default-source", f"{sink}.monitor")


@contextmanager
def hidden_latency(latency_ms: float):
    """The app's default output becomes a sink whose sound reaches ``speakers`` through a
    ``module-loopback`` of ``latency_ms``: latency PortAudio does not see, as a Bluetooth headset's.
    The truth is the loopback's configured latency (module-loopback keeps to it by adjusting its
    resampler; its own sink and source latencies are counted in it)."""
    rate = sink_rate() or RATE
    modules = [_pactl("load-module", "module-null-sink", "sink_name=delayed", f"rate={rate}",
                      "channels=1").stdout.strip()]
    try:
        modules.append(_pactl("load-module", "module-loopback", "source=delayed.monitor", "sink=speakers",
                              f"latency_msec={latency_ms:g}").stdout.strip())
        _pactl("set-default-sink", "delayed")
        yield
    finally:
        _pactl("set-default-sink", "speakers")
        listen_to("learner")
        for module in reversed(modules):
            if module:
                _pactl("unload-module", module, check=False)
        time.sleep(0.5)


def drop_clients(pid: int) -> list[str]:
    """Have the daemon drop every connection of process ``pid``, as a crashing or restarting
    server module does: the ALSA plugin's poll then fails and PortAudio ends the stream."""
    if not shutil.which("pacmd"):
        raise RigUnavailable("pacmd (pulseaudio-utils) is not installed")
    ids = [block.split()[0] for block in _pactl("list", "clients").stdout.split("Client #")[1:]
           if f'application.process.id = "{pid}"' in block]
    for index in ids:
        subprocess.run(["pacmd", "kill-client", index], capture_output=True, timeout=10)
    return ids


def stop() -> None:
    subprocess.run(["pulseaudio", "--kill"], capture_output=True, timeout=15)
    deadline = time.monotonic() + 10
    while running() and time.monotonic() < deadline:
        time.sleep(0.1)


def portaudio_sees_devices() -> bool:
    """PortAudio caches the device list at import: ask a fresh process."""
    code = "import sounddevice as sd; print(len(sd.query_devices()))"
    try:
        out = subprocess.run([os.environ.get("PYTHON", "python"), "-c", code], capture_output=True, text=True,
                             timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return out.returncode == 0 and out.stdout.strip() not in ("", "0")


@dataclass
class Server:
    """A sound server of a test's own, beside the suite's rig: the app reaches it through
    ``PULSE_SERVER`` (libpulse under PortAudio's ALSA ``pulse`` device, and ``pactl``)."""

    pulse_server: str
    env: dict
    runtime: str
    pids: list = field(default_factory=list)

    def pactl(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        return subprocess.run(["pactl", "-s", self.pulse_server, *args], capture_output=True, text=True,
                              timeout=10, check=check, env=self.env)

    def wait_until_it_answers(self, what: str, limit_s: float = 15.0) -> None:
        deadline = time.monotonic() + limit_s
        while self.pactl("info", check=False).returncode != 0:
            if time.monotonic() > deadline:
                self.stop()
                raise RigUnavailable(f"{what} did not answer within {limit_s:g} s")
            time.sleep(0.2)

    def add_sinks(self, rate: int, *options: str) -> None:
        for name in SINKS:
            self.pactl("load-module", "module-null-sink", f"sink_name={name}", f"rate={rate}", "channels=1", *options)
        deadline = time.monotonic() + 10
        while True:  # PipeWire's session manager takes new sinks in before they can be the defaults
            self.pactl("set-default-sink", "speakers", check=False)
            self.pactl("set-default-source", "learner.monitor", check=False)
            if "Default Sink: speakers" in self.pactl("info").stdout:
                return
            if time.monotonic() > deadline:
                self.stop()
                raise RigUnavailable("the null sink did not become the default")
            time.sleep(0.2)

    def stop(self) -> None:
        for pid in reversed(self.pids):
            try:
                os.kill(pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
        time.sleep(0.3)
        shutil.rmtree(self.runtime, ignore_errors=True)


def start_private(rate: int, wakes_at_once: bool = False) -> Server:
    """A second PulseAudio daemon with the two sinks at ``rate``, leaving the suite's rig as it is
    (restarting the rig itself left the next tests' first streams stalling on a fresh daemon).

    ``wakes_at_once``: null sinks without rewinds, which render in 50-ms blocks. The default null
    sink renders 2 s ahead while nothing plays into it and cannot take that back when a stream
    arrives (module-null-sink.c: ``process_render`` fills ``block_usec``, 2 s until a stream's
    latency is applied, and ``process_rewind`` is capped at the new, small ``max_rewind``): the first
    sound after it was idle comes ~1.9 s late, whatever the client. A card's sink rewinds what it
    rendered ahead, and PipeWire's graph starts within a quantum; these sinks wake like them."""
    if not shutil.which("pulseaudio") or not shutil.which("pactl"):
        raise RigUnavailable("PulseAudio is not installed")
    runtime = tempfile.mkdtemp(prefix="shadowing-pulse-")
    socket = f"{runtime}/native"
    env = dict(os.environ, PULSE_RUNTIME_PATH=runtime, PULSE_STATE_PATH=runtime)
    env.pop("PULSE_SERVER", None)
    child = subprocess.Popen(["pulseaudio", "--daemonize=no", "--exit-idle-time=-1", "--disallow-exit", "-n",
                              "--use-pid-file=no", f"--load=module-native-protocol-unix socket={socket}"],
                             env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    server = Server(f"unix:{socket}", env, runtime, [child.pid])
    server.wait_until_it_answers("a second PulseAudio daemon")
    server.add_sinks(rate, *(["norewinds=1"] if wakes_at_once else []))
    return server
