"""PipeWire with its PulseAudio service and WirePlumber, as most current desktops run sound:
the same null sinks as ``pulse.py``, reached by the app through PipeWire instead of PulseAudio.

It runs beside the PulseAudio rig in a runtime folder of its own; ``PULSE_SERVER`` points the
app (libpulse under PortAudio's ALSA ``pulse`` device, and ``pactl``) at it. WirePlumber needs a
D-Bus session bus: one is started for it.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import time
from dataclasses import dataclass, field

from .pulse import SINKS, RigUnavailable

NEEDED = ("pipewire", "pipewire-pulse", "wireplumber", "dbus-daemon", "pactl")


@dataclass
class Server:
    pulse_server: str
    env: dict
    runtime: str
    pids: list = field(default_factory=list)

    def pactl(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        return subprocess.run(["pactl", *args], capture_output=True, text=True, timeout=10, check=check,
                              env=self.env)

    def stop(self) -> None:
        for pid in reversed(self.pids):
            try:
                os.kill(pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
        time.sleep(0.3)
        shutil.rmtree(self.runtime, ignore_errors=True)


def start(rate: int = 48000) -> Server:
    missing = [tool for tool in NEEDED if not shutil.which(tool)]
    if missing:
        raise RigUnavailable(f"PipeWire is not installed ({', '.join(missing)} missing: apt install pipewire "
                             "pipewire-pulse wireplumber dbus)")
    runtime = tempfile.mkdtemp(prefix="shadowing-pipewire-")
    os.chmod(runtime, 0o700)
    env = dict(os.environ, XDG_RUNTIME_DIR=runtime)
    env.pop("PULSE_SERVER", None)
    bus = subprocess.run(["dbus-daemon", "--session", "--fork", "--print-address=1", "--print-pid=1"],
                         capture_output=True, text=True, timeout=10, env=env)
    address, pid = bus.stdout.split()[:2]
    env["DBUS_SESSION_BUS_ADDRESS"] = address
    server = Server(f"unix:{runtime}/pulse/native", env, runtime, [int(pid)])
    try:
        for program in ("pipewire", "wireplumber", "pipewire-pulse"):
            child = subprocess.Popen([program], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                     start_new_session=True)
            server.pids.append(child.pid)
            time.sleep(0.5)
        deadline = time.monotonic() + 15
        while server.pactl("info", check=False).returncode != 0:
            if time.monotonic() > deadline:
                raise RigUnavailable("pipewire-pulse did not answer within 15 s")
            time.sleep(0.2)
        for name in SINKS:
            server.pactl("load-module", "module-null-sink", f"sink_name={name}", f"rate={rate}", "channels=1")
        deadline = time.monotonic() + 10
        while True:  # WirePlumber takes the new sinks in before they can be the defaults
            server.pactl("set-default-sink", "speakers", check=False)
            server.pactl("set-default-source", "learner.monitor", check=False)
            if "Default Sink: speakers" in server.pactl("info").stdout:
                break
            if time.monotonic() > deadline:
                raise RigUnavailable("WirePlumber did not make the null sink the default")
            time.sleep(0.2)
    except Exception:
        server.stop()
        raise
    return server
