"""How long a walk takes to export and to import, and how well the import finds it.

    python bench/walk.py --json [--minutes 60]

A track of about ``--minutes`` minutes is planned from the shared 233 s episode (every sentence,
the 1/3/5 rule replaced by 5 loops, blind rounds to fill the time), exported as MP3, and a walk
recording is built from it with known truth (tests/walk_truth.py: eSpeak NG as the learner,
repeating or shadowing, every 7th loop skipped, the recording starting 37.2 s before the track,
a clock 0.05 % fast, street noise) and written as M4A, as a phone would. Prints one JSON object:

- ``track_minutes``, ``loops``, ``spoken_loops``;
- ``export_s``: render, normalise, encode and tag the track (and its M3U8 of sentence files);
- ``import_s``: the whole ``walk import`` (decode, speech activity, matching, transcribing and
  scoring every spoken loop, storing); target: under 120 s for 60 minutes on 2 cores;
- ``import_s_matching``: decode + speech activity + matching only;
- ``realtime_factor``: import_s / walk length;
- ``offset_error_ms``, ``drift_error_ppm``, ``status_errors`` (loops whose status or mode is wrong).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
EPISODE = ROOT.parent / "shared" / "media" / "episode" / "morris_printing.mp3"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--minutes", type=float, default=60.0)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--sentences", type=int, default=0, help="only the first N sentences (a quick run)")
    parser.add_argument("--keep", help="a folder to keep the library between runs (the transcript is reused)")
    args = parser.parse_args()
    home = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="shadowing-bench-walk-"))
    os.environ["SHADOWING_HOME"] = str(home)
    from shadowing import episodes
    from shadowing.storage import Library
    from shadowing.walk import WalkSettings, build_plan, export_walk
    from shadowing.walk.importing import load_recording, match
    from shadowing.walk import import_walk
    from tests import walk_truth

    data = home / "data"
    data.mkdir(parents=True, exist_ok=True)
    db = data / "library.sqlite3"
    with Library(db) as library:
        episode = episodes.find_episode(library, EPISODE)
    if episode is None:
        episodes.transcribe(db, EPISODE)
    with Library(db) as library:
        library.db.execute("DELETE FROM walk_tracks")
        library.db.execute("DELETE FROM walk_imports")
        episode = episodes.find_episode(library, EPISODE)
        segments = library.segments(episodes.best_transcript(library, episode).id)
        segments = segments[: args.sentences] if args.sentences else segments
        # five loops of each sentence, then blind rounds (one loop each) until the track is long enough
        one_round = build_plan(segments, WalkSettings(loops=1)).duration
        blind = max(0, int(round((args.minutes * 60 - 5 * one_round) / one_round)))
        plan = build_plan(segments, WalkSettings(loops=5, blind_rounds=blind), episode_id=episode.id,
                          episode_title=episode.title, episode_hash=episode.content_hash)
        out = home / "walk.mp3"
        began = time.perf_counter()
        export_walk(library, episode, plan, out)
        export_s = time.perf_counter() - began

    def behaviour(position, loop):
        if (position * 5 + loop) % 7 == 0:
            return "skip"
        return "shadow" if (position + loop) % 3 == 0 else "repeat"

    audio, truth = walk_truth.build(plan, behaviour, lead=37.2, drift_ppm=500.0)
    memo = walk_truth.write_m4a(audio, home / "memo.m4a")
    del audio
    began = time.perf_counter()
    fit, _regions, _slots = match(plan, load_recording(memo))
    matching_s = time.perf_counter() - began
    with Library(db) as library:
        began = time.perf_counter()
        result = import_walk(library, memo, out)
        import_s = time.perf_counter() - began
    errors = 0
    for entry in result.loops:
        want = truth.behaviour[(entry.position, entry.loop)]
        ok = entry.status == "skipped" if want == "skip" else (entry.status == "scored" and entry.mode == want)
        errors += not ok
    walk_s = truth.lead + plan.duration
    report = {"track_minutes": round(plan.duration / 60, 1), "loops": len(plan.loops),
              "spoken_loops": sum(1 for v in truth.behaviour.values() if v != "skip"),
              "export_s": round(export_s, 1), "import_s": round(import_s, 1),
              "import_s_matching": round(matching_s, 1), "realtime_factor": round(import_s / walk_s, 4),
              "offset_error_ms": round(abs(result.fit.offset_s - truth.lead) * 1000, 1),
              "drift_error_ppm": round(abs(result.fit.drift_ppm - truth.drift_ppm), 1),
              "status_errors": errors, "cores": os.cpu_count()}
    print(json.dumps(report, indent=None if args.json else 1))
    if not args.keep:
        shutil.rmtree(home, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
