"""The learner's preferences: practice defaults and the Whisper model, one JSON file in the data folder.

Devices are remembered separately (audio.devices), so the terminal and the app share them.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields, replace

from . import paths
from .audio.program import MODES, clamp_speed

LANGUAGES = ("", "en", "ja")  # "" follows the system locale; the window has these translations


@dataclass(frozen=True)
class Preferences:
    mode: str = "shadow"
    loops: int = 3  # 0: until stopped
    gap_s: float = 1.0
    speed: float = 1.0
    visibility: str = "shown"  # shown | hidden | after attempt
    model: str = ""  # "" = the embedded default
    daily_goal_min: float = 15.0
    coach_pass_score: float = 80.0  # a shadowing attempt passes a coach stage at this score...
    coach_rounds: tuple = (1, 3, 5)  # ...else it gets this many loops, round after round, then is hard
    coach_stretch: int = 6  # sentences the coach takes at a time
    unit: str = "sentence"  # what is looped: whole sentences, or phrases (breath groups) for beginners
    language: str = ""  # the window's language: "" follows the system's locale, or "en", "ja"

    def checked(self) -> "Preferences":
        """Out-of-range values from a hand-edited file fall back to the defaults, one by one."""
        d = Preferences()
        return Preferences(
            mode=self.mode if self.mode in MODES else d.mode,
            loops=self.loops if isinstance(self.loops, int) and 0 <= self.loops <= 99 else d.loops,
            gap_s=float(self.gap_s) if isinstance(self.gap_s, (int, float)) and 0 <= self.gap_s <= 10 else d.gap_s,
            speed=clamp_speed(self.speed) if isinstance(self.speed, (int, float)) else d.speed,
            visibility=self.visibility if self.visibility in ("shown", "hidden", "after attempt") else d.visibility,
            model=self.model if isinstance(self.model, str) else d.model,
            daily_goal_min=float(self.daily_goal_min) if isinstance(self.daily_goal_min, (int, float))
            and 1 <= self.daily_goal_min <= 600 else d.daily_goal_min,
            coach_pass_score=float(self.coach_pass_score) if isinstance(self.coach_pass_score, (int, float))
            and 0 <= self.coach_pass_score <= 100 else d.coach_pass_score,
            coach_rounds=tuple(self.coach_rounds) if isinstance(self.coach_rounds, (list, tuple)) and self.coach_rounds
            and all(isinstance(n, int) and 1 <= n <= 20 for n in self.coach_rounds) else d.coach_rounds,
            coach_stretch=self.coach_stretch if isinstance(self.coach_stretch, int) and 1 <= self.coach_stretch <= 50
            else d.coach_stretch,
            unit=self.unit if self.unit in ("sentence", "phrase") else d.unit,
            language=self.language if self.language in LANGUAGES else d.language)


def _file():
    return paths.data_dir() / "preferences.json"


def load() -> Preferences:
    try:
        data = json.loads(_file().read_text(encoding="utf-8"))
        known = {f.name for f in fields(Preferences)}
        return Preferences(**{k: v for k, v in data.items() if k in known}).checked()
    except (OSError, ValueError, TypeError):
        return Preferences()


def save(prefs: Preferences) -> None:
    target = _file()
    tmp = target.with_suffix(".tmp")
    tmp.write_text(json.dumps(asdict(prefs.checked()), indent=1), encoding="utf-8")
    tmp.replace(target)


def remember(**changes) -> Preferences:
    """Change some preferences and keep the rest as saved (a choice made in the window itself)."""
    prefs = replace(load(), **changes).checked()
    save(prefs)
    return prefs
