"""Coverage-guided fuzzing (atheris) of the parsers that read other people's files: subtitles
(SRT/WebVTT), Podcasting 2.0 JSON transcripts (as bytes, and as valid JSON with hostile
values), podcast feeds (RSS/Atom) and OPML.

    python tests/fuzz/fuzz_parsers.py all --runs 100000     # each parser in turn; one JSON line each
    python tests/fuzz/fuzz_parsers.py feed -runs=100000     # one parser, libFuzzer's own options

Seeds are the real files in ../shared/feeds (read by path, never copied). A crash is any
exception other than the parser's own clear error (ShadowingError), or a hang: libFuzzer stops,
writes the input as crash-*/timeout-* in the working folder, and the JSON line says so.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared" / "feeds"
SEEDS = {"subtitles": ["transcript-example.srt", "transcript-example.vtt"],
         "json_transcript": ["transcript-example.json"],
         "json_structured": [],
         "feed": ["podcastindex-example.xml", "podcastindex-schema-example.xml", "taverncast_single_item.rss"],
         "opml": []}
OPML_SEED = (b'<?xml version="1.0"?><opml version="2.0"><head><title>t</title></head><body><outline text="a">'
             b'<outline type="rss" text="x" xmlUrl="https://example.com/feed.xml"/></outline></body></opml>')


def target(name: str):
    import atheris

    with atheris.instrument_imports(include=["shadowing"]):
        from shadowing import subtitles
        from shadowing.errors import ShadowingError
        from shadowing.feeds import parse

    def one(data: bytes) -> None:
        try:
            if name == "subtitles":
                subtitles.parse_cues(data.decode("utf-8", errors="replace"))
            elif name == "json_transcript":
                subtitles.parse_json_transcript(data.decode("utf-8", errors="replace"))
            elif name == "json_structured":  # valid JSON, hostile values: past json.loads every time
                subtitles.parse_json_transcript(json.dumps(_transcript_from(data)))
            elif name == "feed":
                feed = parse.parse_feed(data, "https://example.com/feed")
                for item in feed.items:
                    item.best_transcript("en")
            elif name == "opml":
                parse.parse_opml(data)
        except ShadowingError:
            pass  # the clear message a learner sees: not a crash

    return one


def _transcript_from(data: bytes) -> dict:
    """A Podcasting 2.0 transcript shaped by the fuzzer: the right keys with any values."""
    import atheris

    fdp = atheris.FuzzedDataProvider(data)

    def value():
        kind = fdp.ConsumeIntInRange(0, 6)
        return [lambda: fdp.ConsumeFloat(), lambda: fdp.ConsumeInt(4), lambda: fdp.ConsumeUnicode(12),
                lambda: None, lambda: fdp.ConsumeBool(), lambda: [fdp.ConsumeFloat()],
                lambda: {"x": fdp.ConsumeUnicode(4)}][kind]()

    segments = []
    for _ in range(fdp.ConsumeIntInRange(0, 40)):
        seg = {}
        for key in ("startTime", "endTime", "body", "speaker"):
            if fdp.ConsumeBool():
                seg[key] = value() if fdp.ConsumeIntInRange(0, 3) == 0 else (
                    fdp.ConsumeUnicode(30) if key in ("body", "speaker") else fdp.ConsumeFloatInRange(-5.0, 5000.0))
        segments.append(seg)
    return {"version": fdp.ConsumeUnicode(5), "segments": segments if fdp.ConsumeIntInRange(0, 9) else value()}


def fuzz_one(name: str, argv: list[str]) -> None:
    import atheris

    one = target(name)
    atheris.Setup([sys.argv[0], *argv], one)
    atheris.Fuzz()


def run_all(runs: int) -> int:
    failures = 0
    for name in SEEDS:
        with tempfile.TemporaryDirectory(prefix=f"fuzz-{name}-") as corpus:
            for seed in SEEDS[name]:
                if (SHARED / seed).exists():
                    Path(corpus, seed).write_bytes((SHARED / seed).read_bytes()[:64 * 1024])
            if name == "opml":
                Path(corpus, "seed.opml").write_bytes(OPML_SEED)
            started = time.monotonic()
            proc = subprocess.run([sys.executable, __file__, name, f"-runs={runs}", "-timeout=10",
                                   "-max_len=65536", "-print_final_stats=1", corpus],
                                  capture_output=True, text=True, cwd=tempfile.gettempdir())
            log = proc.stderr
            done = next((line for line in log.splitlines() if line.startswith("stat::number_of_executed_units")), "")
            crash = [line for line in log.splitlines() if "Test unit written" in line or "Uncaught Python exception" in line]
            print(json.dumps({"parser": name, "runs": int(done.split(":")[-1]) if done else None,
                              "seconds": round(time.monotonic() - started, 1), "exit": proc.returncode,
                              "crashes": crash[:5]}), flush=True)
            if proc.returncode != 0:
                failures += 1
                sys.stderr.write(log[-4000:])
    return 1 if failures else 0


if __name__ == "__main__":
    if len(sys.argv) >= 2 and sys.argv[1] == "all":
        runs = int(sys.argv[sys.argv.index("--runs") + 1]) if "--runs" in sys.argv else 100000
        sys.exit(run_all(runs))
    if len(sys.argv) < 2 or sys.argv[1] not in SEEDS:
        sys.exit(f"usage: {sys.argv[0]} all [--runs N] | {'|'.join(SEEDS)} [libFuzzer options] [corpus]")
    os.environ.setdefault("PYTHONHASHSEED", "0")
    fuzz_one(sys.argv[1], sys.argv[2:])
