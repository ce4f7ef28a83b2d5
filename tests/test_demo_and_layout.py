"""The offline demo episode, and the core/GUI split."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from shadowing import demo, episodes

from .conftest import wer


def test_demo_is_built_offline_cached_and_transcribes(tmp_path):
    path = demo.ensure_demo()
    assert path.stat().st_size > 0
    mtime = path.stat().st_mtime_ns
    assert demo.ensure_demo() == path and path.stat().st_mtime_ns == mtime  # cached
    result = episodes.transcribe(tmp_path / "lib.sqlite3", path)
    assert result.episode.duration > 90
    assert len(result.segments) >= 15
    assert wer(demo.script_text(), " ".join(s.text for s in result.segments)) <= 0.15


def test_core_never_imports_qt():
    root = Path(__file__).resolve().parents[1] / "shadowing"
    code = ("import sys, pkgutil, importlib, shadowing\n"
            "for m in pkgutil.walk_packages(shadowing.__path__, 'shadowing.'):\n"
            "    if not m.name.startswith(('shadowing.gui', 'shadowing.__main__')): importlib.import_module(m.name)\n"
            "assert not [k for k in sys.modules if k.startswith(('PySide6', 'PyQt'))], 'Qt imported by the core'\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    offenders = [p for p in root.rglob("*.py") if "gui" not in p.parts and "PySide6" in p.read_text()]
    assert offenders == []
