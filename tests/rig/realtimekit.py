"""RealtimeKit on a system bus of the rig's own, as a desktop runs it: how a learner's sound
threads get real-time priority without any right of their own (shadowing.audio.priority).

A private ``dbus-daemon`` with the system bus's policies, ``polkitd`` and ``rtkit-daemon`` on it;
``DBUS_SYSTEM_BUS_ADDRESS`` points a process at it. A desktop's polkit grants RealtimeKit to the
active session's processes; the rig has no sessions, so while it runs a polkit rule grants it to
every process (:data:`RULE`, removed when it stops). Needs root (the daemons drop to their own
users) and ``apt install rtkit polkitd dbus-daemon``.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

from .pulse import RigUnavailable

RTKIT_DAEMON = "/usr/libexec/rtkit-daemon"
POLKITD = "/usr/lib/polkit-1/polkitd"
SYSTEM_CONF = Path("/usr/share/dbus-1/system.conf")
RULE = Path("/etc/polkit-1/rules.d/50-shadowing-rig-realtimekit.rules")
GRANT = """polkit.addRule(function(action, subject) {
    if (action.id.indexOf("org.freedesktop.RealtimeKit1.") == 0) { return polkit.Result.YES; }
});
"""


def _bus_config(socket: str) -> str:
    """The system bus's own configuration (its policies for polkit and RealtimeKit included),
    listening on ``socket``, run by root without a pid file."""
    text = SYSTEM_CONF.read_text()
    text = re.sub(r"<user>.*?</user>|<pidfile>.*?</pidfile>", "", text)
    text = re.sub(r"<listen>.*?</listen>", f"<listen>unix:path={socket}</listen>", text)
    return text.replace("<includedir>system.d</includedir>", f"<includedir>{SYSTEM_CONF.parent / 'system.d'}</includedir>")


def _answers(address: str) -> bool:
    from jeepney import DBusAddress, MessageType, Properties
    from jeepney.io.blocking import open_dbus_connection

    from shadowing.audio.priority import RTKIT

    rtkit = DBusAddress(RTKIT[1], bus_name=RTKIT[0], interface=RTKIT[2])
    try:
        with open_dbus_connection(bus=address) as bus:
            reply = bus.send_and_get_reply(Properties(rtkit).get("MaxRealtimePriority"), timeout=2.0)
            return reply.header.message_type != MessageType.error
    except (OSError, ConnectionError, TimeoutError):
        return False


@contextmanager
def running():
    """Yields the environment (``DBUS_SYSTEM_BUS_ADDRESS``) of a system bus with RealtimeKit on it."""
    if os.geteuid() != 0:
        raise RigUnavailable("RealtimeKit's rig starts system daemons: it needs root")
    missing = [p for p in (RTKIT_DAEMON, POLKITD, str(SYSTEM_CONF)) if not Path(p).exists()]
    if missing or not shutil.which("dbus-daemon"):
        raise RigUnavailable(f"RealtimeKit is not installed ({', '.join(missing) or 'dbus-daemon'} missing:"
                             " apt install rtkit polkitd dbus-daemon)")
    runtime = tempfile.mkdtemp(prefix="shadowing-system-bus-")
    os.chmod(runtime, 0o755)  # the daemons' own users and the unprivileged learner reach the socket
    conf = Path(runtime) / "system.conf"
    conf.write_text(_bus_config(f"{runtime}/system_bus_socket"))
    pids: list[int] = []  # the bus (forked: not our child)
    children: list[subprocess.Popen] = []
    wrote_rule = not RULE.exists()
    try:
        bus = subprocess.run(["dbus-daemon", f"--config-file={conf}", "--fork", "--print-address=1",
                              "--print-pid=1"], capture_output=True, text=True, timeout=10)
        if bus.returncode != 0:
            raise RigUnavailable(f"a private system bus did not start: {bus.stderr.strip()[-300:]}")
        address, pid = bus.stdout.split()[:2]
        pids.append(int(pid))
        env = dict(os.environ, DBUS_SYSTEM_BUS_ADDRESS=address)
        if wrote_rule:
            RULE.parent.mkdir(parents=True, exist_ok=True)
            RULE.write_text(GRANT)
        for program in ([POLKITD, "--no-debug"], [RTKIT_DAEMON]):
            children.append(subprocess.Popen(program, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                             start_new_session=True))
            time.sleep(0.3)
        deadline = time.monotonic() + 15
        while not _answers(address):
            if time.monotonic() > deadline:
                raise RigUnavailable("RealtimeKit did not answer on the rig's system bus")
            time.sleep(0.2)
        yield env
    finally:
        for child in reversed(children):
            child.terminate()
            try:
                child.wait(5)
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait(5)
        for pid in pids:
            try:
                os.kill(pid, 15)
            except ProcessLookupError:
                pass
        if wrote_rule:
            RULE.unlink(missing_ok=True)
        shutil.rmtree(runtime, ignore_errors=True)
