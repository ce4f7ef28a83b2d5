"""Real-time priority for the sound threads (shadowing.audio.priority), asked for in a process of
its own: a real-time pytest thread would outlive the test."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOBODY = ("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups")  # a user without any right to it
PROBE = """
import json, threading
from shadowing.audio.priority import AudioThreads, is_realtime
me = threading.get_native_id()
p = AudioThreads().promote([me])
print(json.dumps({"how": p.how, "why": p.why, "threads": p.threads, "said": p.describe(), "rt": is_realtime(me)}))
"""

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux scheduling")


def _probe(*prefix: str, env: dict | None = None) -> dict:
    done = subprocess.run([*prefix, sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=60,
                          cwd=str(ROOT), env=dict(env or os.environ, PYTHONPATH=str(ROOT)))
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.skipif(os.geteuid() != 0, reason="needs the right to use real-time scheduling (root here)")
def test_a_thread_allowed_real_time_gets_it():
    got = _probe()
    assert got["how"] == "real-time" and got["rt"] and got["threads"] == 1, got
    assert got["said"] == "Sound threads: real-time priority"


@pytest.mark.skipif(os.geteuid() != 0 or not shutil.which("setpriv"),
                    reason="drops to an unprivileged user with setpriv (root only)")
@pytest.mark.skipif(Path("/run/dbus/system_bus_socket").exists(), reason="a system bus may carry RealtimeKit")
def test_a_user_without_the_right_or_realtimekit_is_told_and_nothing_changes(tmp_path):
    """nobody: no RLIMIT_RTPRIO, no negative nice, and no RealtimeKit on this machine's (absent)
    system bus: the thread keeps its scheduling and the learner reads why the sound may stutter."""
    got = _probe(*NOBODY)
    assert got["how"] == "" and not got["rt"] and got["threads"] == 0, got
    assert "may not use real-time scheduling" in got["why"] and "RealtimeKit" in got["why"], got
    assert got["said"].startswith("Sound threads: normal priority (this user may not") and "stutter" in got["said"], got


@pytest.fixture
def realtimekit_bus():
    """The environment of a system bus with RealtimeKit on it (tests/rig/realtimekit.py)."""
    from .rig import realtimekit
    from .rig.pulse import RigUnavailable

    try:
        with realtimekit.running() as env:
            yield env
    except RigUnavailable as exc:
        pytest.skip(str(exc))


@pytest.mark.skipif(not shutil.which("setpriv"), reason="drops to an unprivileged user with setpriv")
def test_a_user_without_the_right_gets_real_time_from_realtimekit_as_on_a_desktop(realtimekit_bus):
    """What a learner's desktop does: the user may not set real-time scheduling, RealtimeKit on
    the system bus grants it (within its limits: RLIMIT_RTTIME set, at most its priority)."""
    got = _probe(*NOBODY, env=realtimekit_bus)
    assert got["how"] == "real-time (RealtimeKit)" and got["rt"] and got["threads"] == 1, got
    assert got["said"] == "Sound threads: real-time priority (RealtimeKit)", got
