"""Audio engine figures on real PortAudio devices (the PulseAudio rig of tests/rig/pulse.py).

    python bench/audio.py --json                      # sinks at 44.1 and 48 kHz, 10-minute loops
    python bench/audio.py --json --minutes 1 --rates 48000

Prints one JSON object with one entry per sink rate (``"44100"``, ``"48000"``), each with:
- ``cold_first_sound_s``: a fresh Python process started, the engine opened, a segment played:
  from the process's start to the loop's first sample at the speaker (by PortAudio's clock).
  ``open_s``: of that, opening the streams until playback runs (nobody waits for the pairing to
  settle: the recorder holds what it hears meanwhile). The rig's null sink renders 2 s ahead
  while idle and cannot take it back, so there every first sound after idling waits ~1.9 s,
  whatever the client (tests/rig/pulse.py, ``start_private``). Two more servers give the cold
  start and ``resume_first_sound_ms`` (median of 3 fresh processes each): ``pipewire``, PipeWire's
  PulseAudio service at 48 kHz, what most current desktops run; and per rate ``wakes_at_once``,
  PulseAudio at that rate with sinks that wake within a block, as a card's sink does.
- ``first_sound_ms``: the engine open and idle, ``play()`` to the first sample at the speaker
  (the span decoded and rendered meanwhile, as the window does).
- ``cpu_idle_pct``: CPU of the process tree (this process and its stretch worker) over the two
  minutes after a loop ended, nothing playing: the streams run until the idle pause
  (``idle_pause_s``) stops them. Of that, ``cpu_streams_open_pct`` while they run, and
  ``cpu_paused_pct`` once stopped. ``resume_first_sound_ms``: a play after the pause.
- ``cpu_loop_pct``: the same over the long loop below (no scoring runs in this bench).
- ``underruns``: dropouts (the speaker ran dry; PortAudio flags both blocks of the burst after one:
  ``underrun_blocks`` counts the flagged blocks) and ``overruns``: flagged capture blocks, during a
  loop of a real segment at 0.75x in shadow mode (recording every loop) for ``--minutes``, while
  ``shadowing transcribe`` hears a 10-minute episode in another process, again and again until the loop ends
  (``episodes_transcribed_beside``; on the same two cores). ``attempts``: attempts recorded meanwhile.
  ``underrun_at_s``: when each underrun came, from the loop's start (``transcription_starts_s``:
  when each transcription beside started), to tell a pattern from chance.
- ``callback_ms_median`` / ``callback_ms_p99``: CPU time per 512-frame block in the callbacks.
  ``audio_priority``: the scheduling the sound threads got (shadowing.audio.priority; the rig runs as
  root here, so "real-time"; a desktop gets it through RealtimeKit).
- ``alignment_error_ms``: a second process (the learner) speaks the played segment into the
  ``learner`` sink 400 ms after the loop's first sample left the speaker; the recording is
  cross-correlated with what was played: |measured - 400| (median of three 2 s windows).
- ``speed_change_ms``: from asking for a new speed mid-loop to the program playing it.
- ``hidden_latency_error_ms``: the rig's playback goes through a 200-ms loopback PortAudio cannot
  see; |what ``shadowing devices --calibrate`` measures - 200|, and
  ``hidden_latency_learner_error_ms``: then a learner 400 ms behind, |measured lag - 400|.
- ``orphans_after_kill``: per signal (SIGTERM, SIGINT, SIGHUP, SIGKILL; SIGSEGV for a crash) sent
  to the window while its child processes run, how many are alive 2 s after it ended.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SEGMENT = (ROOT.parent / "shared" / "media" / "jfk.flac", 3.68, 10.75)
IDLE_S = 120.0  # cpu_idle_pct: the two minutes after a loop ended, the idle pause included


class Transcriptions:
    """``shadowing transcribe`` of a 10-minute episode in another process, started again (into a
    fresh library) each time it finishes, so the loop shares the machine with it throughout."""

    def __init__(self, home: Path):
        from bench.transcribe import build_episode

        self.episode = build_episode(Path(tempfile.gettempdir()) / "shadowing-bench-10min.mp3", 600)
        self.home, self.done, self.failed, self.process = home, 0, 0, None
        self.began = time.monotonic()
        self.starts: list[float] = []  # monotonic time each transcription started
        self.keep_going()

    def keep_going(self) -> None:
        if self.process is not None:
            if self.process.poll() is None:
                return
            self._tally()
        home = self.home / str(self.done + self.failed)
        self.starts.append(time.monotonic())
        self.process = subprocess.Popen([sys.executable, "-m", "shadowing", "transcribe", str(self.episode)],
                                        env=dict(os.environ, SHADOWING_HOME=str(home)), cwd=str(ROOT),
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process is not None else None

    def _tally(self) -> None:
        self.done += self.process.returncode == 0
        self.failed += self.process.returncode != 0

    def finish(self) -> dict:
        if self.process.poll() is None:  # cut short by the loop's end: neither done nor failed
            self.process.terminate()
            self.process.wait(30)
        else:
            self._tally()
        return {"episodes_transcribed_beside": self.done, "transcriptions_failed": self.failed,
                "transcribing_s": round(time.monotonic() - self.began, 1)}


def tree_cpu_s(leave_out=None) -> float:
    """CPU seconds of this process and its children, but the ``leave_out`` process (a pid, or
    the transcriptions running beside) and its own."""
    import psutil

    me = psutil.Process()
    skip = set()
    if isinstance(leave_out, Transcriptions):
        leave_out = leave_out.pid
    if leave_out is not None:
        try:
            skip = {leave_out} | {c.pid for c in psutil.Process(leave_out).children(recursive=True)}
        except psutil.Error:
            skip = {leave_out}
    total = sum(me.cpu_times()[:2])
    for child in me.children(recursive=True):
        if child.pid in skip:
            continue
        try:
            total += sum(child.cpu_times()[:2])
        except psutil.Error:
            pass
    return total


def cpu_pct(seconds: float) -> float:
    began, cpu = time.monotonic(), tree_cpu_s()
    time.sleep(seconds)
    return round(100.0 * (tree_cpu_s() - cpu) / (time.monotonic() - began), 2)


def first_sound(engine, settings, clip=None) -> tuple[float, float]:
    """(seconds from play() to the loop's first sample at the speaker, monotonic time of that sample)."""
    from shadowing.audio import LoopStarted
    from tests.rig.measure import wait_for

    path, start, end = SEGMENT
    asked = time.monotonic()
    engine.play(str(path), start, end, settings, clip=clip)
    started = wait_for(engine, LoopStarted, 60)
    heard_at = time.monotonic() + engine.heard_in(started.frame)
    engine.stop()
    return heard_at - asked, heard_at


def cold_probe(began: float) -> None:
    """Run in a fresh process: import, open, play; print when the first sample was heard. Then the
    idle pause (shortened to 1 s) and a play after it: ``resume_first_sound_ms``."""
    import shadowing.audio.engine as engine_module
    from shadowing.audio import LoopSettings, PracticeEngine

    opening = time.monotonic()
    with PracticeEngine(folder=Path(tempfile.mkdtemp(prefix="shadowing-bench-"))) as engine:
        open_s = time.monotonic() - opening
        _, heard_at = first_sound(engine, LoopSettings(mode="listen", loops=1))
        resume_s = resumed(engine, engine_module)
        print(json.dumps({"cold_first_sound_s": round(heard_at - began, 3), "open_s": round(open_s, 3),
                          "resume_first_sound_ms": round(1000 * resume_s, 1)}))


def resumed(engine, engine_module, pause_s: float = 1.0) -> float:
    """Let the idle pause (after ``pause_s``) stop the streams, then: play() to the first sample."""
    from shadowing.audio import LoopSettings

    saved, pauses = engine_module.IDLE_PAUSE_S, engine.stats.pauses
    engine_module.IDLE_PAUSE_S = pause_s
    deadline = time.monotonic() + 30
    while engine.stats.pauses == pauses and time.monotonic() < deadline:
        time.sleep(0.1)
    engine_module.IDLE_PAUSE_S = saved
    time.sleep(1.0)  # the sink idles too (PipeWire and PulseAudio suspend it after a few seconds more)
    return first_sound(engine, LoopSettings(mode="shadow", loops=1))[0]


def measure(rate: int, minutes: float, transcribe: bool, tmp: Path) -> dict:
    import shadowing.audio.engine as engine_module
    from shadowing.audio import Gap, LoopSettings, LoopStarted, PracticeEngine, RecordedAttempt
    from shadowing.audio.clip import load_clip
    from tests.rig import pulse
    from tests.rig.measure import attempt_lags_ms, shadowed, wait_for

    pulse.start(rate)
    pulse.listen_to("learner")
    out: dict = {}
    path, start, end = SEGMENT

    # 1. a cold start in a fresh process
    began = time.monotonic()
    probe = subprocess.run([sys.executable, __file__, "--cold-probe", repr(began)], capture_output=True,
                           text=True, timeout=120)
    out.update(json.loads(probe.stdout.strip().splitlines()[-1]) if probe.returncode == 0 else
               {"cold_probe_error": probe.stderr[-500:]})

    # 2. alignment of a known delay, first sound, idle CPU, the idle pause
    with PracticeEngine(folder=tmp / f"a{rate}") as engine:
        out["rate"] = engine.rate
        clip = load_clip(str(path), start, end, engine.rate)
        attempt = shadowed(engine, path, start, end, tmp, 0.4, clip=clip)
        errors = [abs(lag - 400) for lag in attempt_lags_ms(attempt, (0.5, 3.0, 5.0))]
        out["alignment_error_ms"] = round(float(np.median(errors)), 2)

        out["first_sound_ms"] = round(1000 * float(np.median(
            [first_sound(engine, LoopSettings(mode="shadow", loops=1))[0] for _ in range(5)])), 1)

        engine.play(str(path), start, end, LoopSettings(mode="listen", loops=1), clip=clip)
        wait_for(engine, LoopStarted, 60)
        time.sleep(1.0)
        program = engine.program
        asked = time.monotonic()
        engine.set_speed(0.8)
        while program.speed != 0.8 and time.monotonic() - asked < 5:
            time.sleep(0.002)
        out["speed_change_ms"] = round((time.monotonic() - asked) * 1000, 1)
        engine.stop()
        time.sleep(1.0)

        # the window left open after a loop: streams running until the idle pause, then stopped
        began, cpu = time.monotonic(), tree_cpu_s()
        out["cpu_streams_open_pct"] = cpu_pct(min(15.0, engine_module.IDLE_PAUSE_S - 2.0))
        while not engine.stats.pauses and time.monotonic() - began < engine_module.IDLE_PAUSE_S + 10:
            time.sleep(0.1)
        out["idle_pause_s"] = engine_module.IDLE_PAUSE_S
        out["cpu_paused_pct"] = cpu_pct(max(5.0, IDLE_S - (time.monotonic() - began)))
        out["cpu_idle_pct"] = round(100.0 * (tree_cpu_s() - cpu) / (time.monotonic() - began), 2)
        out["idle_measured_s"] = round(time.monotonic() - began, 1)
        out["resume_first_sound_ms"] = round(1000 * resumed(engine, engine_module), 1)

    # 3. the long loop, with transcriptions beside it the whole time
    beside = Transcriptions(tmp / f"home{rate}") if transcribe else None
    try:
        with PracticeEngine(folder=tmp / f"b{rate}") as engine:
            engine.play(str(path), start, end, LoopSettings(mode="shadow", loops=None, speed=0.75, gap=Gap(0.5)))
            wait_for(engine, LoopStarted, 60)
            engine.stats.cpu_ms.clear()
            before = engine.stats.underruns, engine.stats.overruns, engine.stats.underrun_blocks
            attempts = 0
            cpu0, t0 = tree_cpu_s(beside), time.monotonic()
            deadline = time.monotonic() + minutes * 60
            while time.monotonic() < deadline:
                if beside is not None:
                    beside.keep_going()
                try:
                    e = engine.events.get(timeout=0.5)
                except Exception:
                    continue
                attempts += isinstance(e, RecordedAttempt)
            out["cpu_loop_pct"] = round(100.0 * (tree_cpu_s(beside) - cpu0) / (time.monotonic() - t0), 2)
            stats = engine.stats.to_dict()
            priority = engine.audio_priority
            out["audio_priority"] = (priority.how or priority.why) if priority else None
    finally:
        if beside is not None:
            out.update(beside.finish())
    out.update(minutes=minutes, speed=0.75, attempts=attempts, with_transcription=transcribe,
               underruns=stats["underruns"] - before[0], overruns=stats["overruns"] - before[1],
               underrun_blocks=stats["underrun_blocks"] - before[2],
               callback_ms_median=stats["callback_ms_median"], callback_ms_p99=stats["callback_ms_p99"],
               block=512, underrun_at_s=[round(t - t0, 2) for t in engine.stats.underrun_at if t >= t0],
               transcription_starts_s=[round(t - t0, 1) for t in beside.starts] if beside else [])
    return out


def server_starts(kind: str, rate: int = 48000, runs: int = 3) -> dict:
    """``cold_first_sound_s``, ``open_s`` and ``resume_first_sound_ms`` (medians of ``runs`` fresh
    processes) on a sound server of the bench's own at ``rate``: ``pipewire`` or PulseAudio with
    sinks that wake at once (``pulse_wakes_at_once``)."""
    from tests.rig import pipewire, pulse

    try:
        server = pipewire.start(rate) if kind == "pipewire" else pulse.start_private(rate, wakes_at_once=True)
    except pulse.RigUnavailable as exc:
        return {"skipped": str(exc)}
    try:
        env = dict(os.environ, PULSE_SERVER=server.pulse_server)
        probes = []
        for _ in range(runs):
            began = time.monotonic()
            probe = subprocess.run([sys.executable, __file__, "--cold-probe", repr(began)], capture_output=True,
                                   text=True, timeout=120, env=env)
            if probe.returncode != 0:
                return {"cold_probe_error": probe.stderr[-500:]}
            probes.append(json.loads(probe.stdout.strip().splitlines()[-1]))
    finally:
        server.stop()
    return {key: round(float(np.median([p[key] for p in probes])), 3) for key in probes[0]}


def hidden_latency(truth_ms: float = 200.0) -> dict:
    """The rig's playback reaches the speakers through a ``module-loopback`` of ``truth_ms`` that
    PortAudio cannot see (a Bluetooth headset's kind of latency). ``shadowing devices --calibrate``
    measures it (``hidden_latency_error_ms``: |measured - truth|); then a learner speaks 400 ms
    after what they heard, and the attempt must read 400 (``hidden_latency_learner_error_ms``)."""
    out: dict = {"hidden_latency_truth_ms": truth_ms}
    # the calibration is stored per output, and the other servers' probes play to an output of the
    # same name: it is kept in a home of its own, or their first sounds would wait the 200 ms too
    home = os.environ["SHADOWING_HOME"]
    os.environ["SHADOWING_HOME"] = tempfile.mkdtemp(prefix="shadowing-bench-calibration-")
    try:
        return _hidden_latency(truth_ms, out)
    finally:
        os.environ["SHADOWING_HOME"] = home


def _hidden_latency(truth_ms: float, out: dict) -> dict:
    from shadowing.audio import PracticeEngine
    from tests.rig import pulse
    from tests.rig.measure import attempt_lags_ms, shadowed

    with pulse.hidden_latency(truth_ms):
        pulse.listen_to("speakers")
        done = subprocess.run([sys.executable, "-m", "shadowing", "devices", "--calibrate", "--json"],
                              capture_output=True, text=True, timeout=120, cwd=str(ROOT))
        if done.returncode != 0:
            return dict(out, calibration_error=done.stderr[-500:])
        measured = json.loads(done.stdout.strip().splitlines()[-1])["hidden_ms"]
        out["hidden_latency_error_ms"] = round(abs(measured - truth_ms), 1)
        pulse.listen_to("learner")
        with tempfile.TemporaryDirectory() as folder, PracticeEngine(folder=Path(folder)) as engine:
            lags = attempt_lags_ms(shadowed(engine, *SEGMENT, Path(folder), 0.4))  # the hidden latency included
        out["hidden_latency_learner_error_ms"] = round(abs(float(np.median(lags)) - 400.0), 1)
    return out


def orphans(limit_s: float = 2.0) -> dict:
    """The window (offscreen, an empty library: it builds the demo, so its transcription worker,
    the aligner beside it and the scoring process all run) ended by each signal; a crash is
    SIGSEGV. ``orphans_after_kill``: processes of ours still alive ``limit_s`` after it ended."""
    import signal

    import psutil

    from tests.rig.measure import gone

    left, seen, exit_s = {}, {}, {}
    for name in ("SIGTERM", "SIGINT", "SIGHUP", "SIGKILL", "SIGSEGV"):
        with tempfile.TemporaryDirectory() as home:
            app = subprocess.Popen([sys.executable, "-m", "shadowing", "gui"], cwd=str(ROOT),
                                   env=dict(os.environ, SHADOWING_HOME=home, QT_QPA_PLATFORM="offscreen"),
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
            window = psutil.Process(app.pid)
            deadline, children = time.monotonic() + 60, []
            while time.monotonic() < deadline:  # the scoring process and the demo's transcription
                children = [c for c in window.children(recursive=True) if not gone(c)]
                if sum("spawn_main" in " ".join(c.cmdline()) for c in children) >= 2 and any(
                        "alignment.child" in " ".join(c.cmdline()) for c in children):
                    break
                time.sleep(0.2)
            time.sleep(1.0)
            children = [c for c in window.children(recursive=True) if not gone(c)]
            sent = time.monotonic()
            os.kill(app.pid, getattr(signal, name))
            try:
                app.wait(15)
            except subprocess.TimeoutExpired:
                app.kill()
                app.wait(5)
            ended = time.monotonic()
            time.sleep(max(0.0, limit_s - (time.monotonic() - ended)))
            alive = [c for c in children if not gone(c)]
            seen[name], left[name], exit_s[name] = len(children), len(alive), round(ended - sent, 2)
            for c in alive:
                c.kill()
    return {"orphans_after_kill": left, "children_at_signal": seen, "window_exit_s": exit_s}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--rates", default="44100,48000")
    parser.add_argument("--no-transcription", action="store_true")
    parser.add_argument("--cold-probe", type=float, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.cold_probe is not None:
        cold_probe(args.cold_probe)
        return 0
    out = {}
    # the bench's own library and settings: a calibration measured here must not reach the learner's
    os.environ["SHADOWING_HOME"] = tempfile.mkdtemp(prefix="shadowing-bench-home-")
    with tempfile.TemporaryDirectory() as tmp:
        for rate in [int(r) for r in args.rates.split(",")]:
            out[str(rate)] = measure(rate, args.minutes, not args.no_transcription, Path(tmp))
    from tests.rig import pulse

    pulse.start()  # back to the rig's usual rate
    out.update(hidden_latency())
    out["pipewire"] = server_starts("pipewire")
    for rate in [int(r) for r in args.rates.split(",")]:  # the rig's rates, on sinks that wake like a card's
        out[str(rate)]["wakes_at_once"] = server_starts("pulse_wakes_at_once", rate)
    out.update(orphans())
    print(json.dumps(out) if args.json else json.dumps(out, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
