"""The engine on sound servers at other rates than 44.1 kHz (PipeWire's usual 48 kHz, and 96 kHz),
and on PipeWire's PulseAudio service.

PortAudio 19.6 reaches PulseAudio (and PipeWire's PulseAudio service) through ALSA's ``pulse``
device, which reports 44.1 kHz whatever the server runs. A duplex stream opened at 44.1 kHz on a
48 kHz server stalled for seconds and its timestamps never settled (the app took 27 s to open,
or said "the sound device opened but does not run"): the stream must open at the server's rate.
"""

import json
import os
import subprocess
import sys
import time

import numpy as np
import pytest
import soundfile

from .conftest import JFK
from .rig.measure import loopback_windows, wait_for
from .test_audio_rig import STEP_MS, TRIES, measured_cleanly
from shadowing.audio import Gap, LoopSettings, PracticeEngine, RecordedAttempt

OPEN_LIMIT_S = 20.0  # settling took 1-12 s at the server's rate (PulseAudio now and then grows its
# buffers for seconds; PipeWire 5-12 s); at 44.1 kHz on a 48 kHz server it never settled (27 s)
PIPEWIRE_LAG_MS = 30.0


SERVERS = [("pulseaudio", 48000), ("pulseaudio", 96000), ("pipewire", 48000)]


@pytest.fixture(params=SERVERS, ids=[f"{kind}-{rate // 1000}kHz" for kind, rate in SERVERS])
def server_at(request, rig, monkeypatch):
    """A sound server of the test's own at another rate: a second PulseAudio daemon, or PipeWire's
    PulseAudio service (tests/rig/pipewire.py), beside the suite's rig, which stays as it is."""
    kind, rate = request.param
    try:
        if kind == "pipewire":
            from .rig import pipewire

            server = pipewire.start(rate)
        else:
            server = rig.start_private(rate)
    except rig.RigUnavailable as exc:
        pytest.skip(str(exc))
    monkeypatch.setenv("PULSE_SERVER", server.pulse_server)
    try:
        info = server.pactl("info").stdout
        assert ("PipeWire" in info) == (kind == "pipewire") and rig.sink_rate() == rate
        yield request.param
    finally:
        server.stop()


def test_the_sound_server_is_asked_its_rate(server_at):
    from shadowing.audio.devices import plan_stream, server_rate

    _, server_at = server_at
    assert server_rate() == server_at
    plan = plan_stream()
    assert plan.rate == server_at and plan.rate_source == "server", plan


def test_the_engine_opens_at_the_server_rate_and_records_its_playback_aligned(server_at, rig, tmp_path):
    kind, server_at = server_at
    rig.listen_to("speakers")
    try:
        for _ in range(TRIES):
            began = time.monotonic()
            with PracticeEngine(folder=tmp_path) as engine:
                opened_s = time.monotonic() - began
                rate, note = engine.rate, engine.note
                engine.play(str(JFK), 3.68, 10.75, LoopSettings(mode="shadow", loops=2, gap=Gap(0.3)))
                attempts = [wait_for(engine, RecordedAttempt, 40) for _ in range(2)]
                stats = engine.stats.to_dict()
            windows = loopback_windows(attempts)
            lags = [x for w in windows for x in w]
            print(f"{server_at} Hz: opened in {opened_s:.2f} s (settle {stats['settle_s']} s), lags {windows} ms")
            if measured_cleanly(attempts, stats) and all(max(w) - min(w) <= 1.0 for w in windows):
                break
    finally:
        rig.listen_to("learner")
    recorded, file_rate = soundfile.read(attempts[-1].path, dtype="float32")  # the last attempt, as measured
    assert rate == server_at and file_rate == server_at
    assert note is None, note  # "the sound device's timing did not settle" is the 44.1 kHz failure
    assert opened_s <= OPEN_LIMIT_S, opened_s
    assert np.isfinite(recorded).all() and np.abs(recorded).max() <= 1.0
    if kind == "pulseaudio":  # the rig's own bounds (test_audio_rig): PulseAudio now and then steps its
        # buffers by ~10 ms mid-attempt without its timestamps showing it (seen here too: 6-11 ms)
        assert stats["nonfinite_blocks"] == 0, stats
        assert float(np.median(np.abs(lags))) <= 5.0 and max(map(abs, lags)) <= STEP_MS, lags
    else:  # PipeWire moves the pairing by up to a quantum (21 ms at 48 kHz) without the timestamps
        # showing it (measured: windows of one attempt 4 to 24 ms): known, not yet corrected
        assert float(np.median(np.abs(lags))) <= PIPEWIRE_LAG_MS, lags


def test_shadowing_practice_runs_from_the_terminal(server_at, rig, jfk_home):
    """The failure users saw: ``shadowing practice`` on a 48 kHz server."""
    _, server_at = server_at
    rig.listen_to("learner")
    done = subprocess.run([sys.executable, "-m", "shadowing", "practice", str(JFK), "--segment", "1",
                           "--loops", "1", "--mode", "shadow", "--json"],
                          capture_output=True, text=True, timeout=180, env=dict(os.environ))
    assert done.returncode == 0, done.stderr[-2000:]
    assert "does not run" not in done.stderr and "did not settle" not in done.stderr, done.stderr[-2000:]
    loops = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    assert len(loops) == 1 and loops[0]["loop"] == 1, done.stdout
    recording, rate = soundfile.read(loops[0]["path"], dtype="float32")
    assert rate == server_at and recording.size > rate  # the attempt was recorded at the server's rate
