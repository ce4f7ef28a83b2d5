"""Audio engine figures on real PortAudio devices (the PulseAudio rig of tests/rig/pulse.py).

    python bench/audio.py --json            # 10-minute loop (about 11 minutes in all)
    python bench/audio.py --json --minutes 1

Prints one JSON object:
- ``callback_ms_median`` / ``callback_ms_p99``: CPU time per 512-frame block in the callback
  (thread time: rendering, level meter, queueing), over the whole loop.
- ``underruns`` / ``overruns``: PortAudio's status flags during a loop of a real segment at 0.75x
  in shadow mode (recording every loop) for ``--minutes``.
- ``attempts``: attempts recorded meanwhile; ``settle_s``: stream open to usable timestamps.
- ``alignment_error_ms``: a second process (the learner) speaks the played segment into the
  ``learner`` sink 400 ms after the loop's first sample left the speaker; the recording is
  cross-correlated with what was played: |measured - 400| (median of three 2 s windows).
- ``speed_change_ms``: from asking for a new speed mid-loop to the program playing it
  (the render runs in the stretch worker process; a cached speed is immediate).
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


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--minutes", type=float, default=10.0)
    args = parser.parse_args()

    import soundfile

    from shadowing.audio import Gap, LoopSettings, LoopStarted, PracticeEngine, RecordedAttempt
    from shadowing.audio.clip import load_clip
    from tests.rig import pulse
    from tests.rig.measure import lag_ms, wait_for

    pulse.start()
    path, start, end = SEGMENT
    out: dict = {}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        # 1. alignment of a known delay
        pulse.listen_to("learner")
        with PracticeEngine(folder=tmp / "a") as engine:
            rate = engine.rate
            out["settle_s"] = engine.stats.settle_s
            clip = load_clip(str(path), start, end, rate)
            speech = tmp / "learner.wav"
            soundfile.write(speech, clip.playable, rate, subtype="FLOAT")
            learner = subprocess.Popen([sys.executable, str(ROOT / "tests" / "rig" / "learner.py"), str(speech)],
                                       stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                                       env=dict(os.environ, PULSE_SINK="learner"))
            try:
                learner.stdout.readline()
                engine.play(str(path), start, end, LoopSettings(mode="shadow", loops=1, shadow_tail_s=1.0), clip=clip)
                started = wait_for(engine, LoopStarted, 60)
                learner.stdin.write(f"{engine.frame_time(started.frame) + 0.4!r}\n")
                learner.stdin.flush()
                attempt = wait_for(engine, RecordedAttempt, 60)
            finally:
                learner.kill()
            recorded, _ = soundfile.read(attempt.path, dtype="float32")
            errors = [abs(lag_ms(recorded, attempt.played, rate, lo, lo + 2.0) - 400) for lo in (0.5, 3.0, 5.0)]
            out["alignment_error_ms"] = round(float(np.median(errors)), 2)

            # 2. a speed change mid-loop
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

        # 3. the long loop
        with PracticeEngine(folder=tmp / "b") as engine:
            engine.play(str(path), start, end, LoopSettings(mode="shadow", loops=None, speed=0.75, gap=Gap(0.5)))
            wait_for(engine, LoopStarted, 60)
            engine.stats.cpu_ms.clear()
            before = engine.stats.underruns, engine.stats.overruns
            attempts = 0
            deadline = time.monotonic() + args.minutes * 60
            while time.monotonic() < deadline:
                try:
                    e = engine.events.get(timeout=0.5)
                except Exception:
                    continue
                attempts += isinstance(e, RecordedAttempt)
            stats = engine.stats.to_dict()
        out.update(minutes=args.minutes, speed=0.75, attempts=attempts,
                   underruns=stats["underruns"] - before[0], overruns=stats["overruns"] - before[1],
                   callback_ms_median=stats["callback_ms_median"], callback_ms_p99=stats["callback_ms_p99"],
                   rate=rate, block=512)
    print(json.dumps(out) if args.json else json.dumps(out, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
