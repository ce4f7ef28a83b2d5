"""PipeWire with its PulseAudio service and WirePlumber, as most current desktops run sound:
the same null sinks as ``pulse.py``, reached by the app through PipeWire instead of PulseAudio.

It runs beside the PulseAudio rig in a runtime folder of its own; ``PULSE_SERVER`` points the
app at it. WirePlumber needs a D-Bus session bus: one is started for it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time

from .pulse import RigUnavailable, Server

NEEDED = ("pipewire", "pipewire-pulse", "wireplumber", "dbus-daemon", "pactl")


def start(rate: int = 48000) -> Server:
    missing = [tool for tool in NEEDED if not shutil.which(tool)]
    if missing:
        raise RigUnavailable(f"PipeWire is not installed ({', '.join(missing)} missing: apt install pipewire "
                             "pipewire-pulse wireplumber dbus-daemon)")
    runtime = tempfile.mkdtemp(prefix="shadowing-pipewire-")
    os.chmod(runtime, 0o700)
    env = dict(os.environ, XDG_RUNTIME_DIR=runtime)
    env.pop("PULSE_SERVER", None)
    bus = subprocess.run(["dbus-daemon", "--session", "--fork", "--print-address=1", "--print-pid=1"],
                         capture_output=True, text=True, timeout=10, env=env)
    address, pid = bus.stdout.split()[:2]
    env["DBUS_SESSION_BUS_ADDRESS"] = address
    server = Server(f"unix:{runtime}/pulse/native", env, runtime, [int(pid)])
    for program in ("pipewire", "wireplumber", "pipewire-pulse"):
        child = subprocess.Popen([program], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                 start_new_session=True)
        server.pids.append(child.pid)
        time.sleep(0.5)
    server.wait_until_it_answers("pipewire-pulse")
    server.add_sinks(rate)
    return server
