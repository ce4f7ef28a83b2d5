"""Nothing of ours outlives the window: after SIGTERM (a logout), SIGINT, SIGHUP or SIGKILL of
the app, its child processes (the scoring process, multiprocessing's resource tracker) are gone
within 2 s; on the first three the window closes as if the learner closed it."""

import os
import signal
import subprocess
import sys
import time

import psutil
import pytest

from .rig.measure import gone

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LIMIT_S = 2.0


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT, signal.SIGHUP, signal.SIGKILL],
                         ids=["SIGTERM", "SIGINT", "SIGHUP", "SIGKILL"])
def test_no_process_outlives_the_window(signum, jfk_home, tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    log = tmp_path / "stderr.txt"  # a file, not a pipe: orphaned children would hold a pipe open
    app = subprocess.Popen([sys.executable, "-m", "shadowing", "gui"], cwd=ROOT, env=env,
                           stdout=subprocess.DEVNULL, stderr=log.open("wb"), start_new_session=True)
    try:
        window = psutil.Process(app.pid)
        deadline = time.monotonic() + 60
        # the scoring child is started and loads its model when the window opens
        while time.monotonic() < deadline and not any(
                "spawn_main" in " ".join(c.cmdline()) for c in window.children(recursive=True) if not gone(c)):
            time.sleep(0.2)
        children = [c for c in window.children(recursive=True) if not gone(c)]
        assert any("spawn_main" in " ".join(c.cmdline()) for c in children), [c.cmdline() for c in children]
        time.sleep(1.0)
        os.kill(app.pid, signum)
        # closed as by the learner (the app exits by itself, status 0), or killed
        app.wait(15)
        ended = time.monotonic()
        if signum != signal.SIGKILL:
            assert app.returncode == 0, (app.returncode, log.read_text(errors="replace")[-2000:])
        while time.monotonic() - ended < LIMIT_S + 3 and not all(gone(c) for c in children):
            time.sleep(0.05)
        outlived = time.monotonic() - ended
        print(f"{signal.Signals(signum).name}: children gone {outlived:.2f} s after the window")
        assert all(gone(c) for c in children), [c.pid for c in children if not gone(c)]
        assert outlived <= LIMIT_S, outlived
    finally:
        if app.poll() is None:
            app.kill()
        for p in psutil.Process(app.pid).children(recursive=True) if app.poll() is None else []:
            p.kill()
