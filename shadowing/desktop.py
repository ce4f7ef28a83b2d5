"""A place on the desktop: a launcher, the icon, and "Open with Shadow" for audio and video files.

On Linux (and the BSDs) this is the freedesktop layout, written for the user alone (nothing needs
root): ``applications/shadowing.desktop`` under ``$XDG_DATA_HOME`` (``~/.local/share``), the icon
under ``icons/hicolor`` (PNGs at the usual sizes and the SVG), and the entry's ``MimeType`` line,
which puts Shadow in the file manager's "Open with" for every type :data:`media.MEDIA_TYPES`
lists. The launcher runs ``shadowing gui %f``: a file opened while the app runs goes to the
running window (``shadowing.gui.instance``).

On Windows and macOS the command says what it would do there (a Start-menu shortcut, an .app
bundle) and changes nothing: neither was tested here.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from .media import MEDIA_TYPES

APP_ID = "shadowing"
ICONS = Path(__file__).with_name("assets") / "icons"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256)


@dataclass(frozen=True)
class DesktopFiles:
    """Where the entry and the icons go under one data folder (``~/.local/share``)."""

    data_home: Path

    @property
    def entry(self) -> Path:
        return self.data_home / "applications" / f"{APP_ID}.desktop"

    def icon(self, size: int | None) -> Path:
        folder = "scalable" if size is None else f"{size}x{size}"
        return self.data_home / "icons" / "hicolor" / folder / "apps" / f"{APP_ID}.{'svg' if size is None else 'png'}"

    def all(self) -> list[Path]:
        return [self.entry, self.icon(None)] + [self.icon(size) for size in ICON_SIZES]


def default_data_home() -> Path:
    return Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")


def launch_command() -> list[str]:
    """How the desktop starts the app: the ``shadowing`` script beside this Python, else ``python -m shadowing``."""
    script = Path(sys.executable).with_name("shadowing")
    if script.exists():
        return [str(script)]
    found = shutil.which("shadowing")
    return [found] if found else [sys.executable, "-m", "shadowing"]


def entry_text(command: list[str], icon: str = APP_ID) -> str:
    """The ``.desktop`` entry (Desktop Entry Specification 1.4, which desktop-file-validate knows), with a Japanese name and comment."""
    exec_line = " ".join(_quote(part) for part in command) + " gui %f"
    mime = ";".join(sorted(set(MEDIA_TYPES.values()))) + ";"
    return "\n".join([
        "[Desktop Entry]",
        "Type=Application",
        "Version=1.4",
        "Name=Shadow",
        "Name[ja]=Shadow シャドーイング",
        "GenericName=Shadowing practice",
        "GenericName[ja]=シャドーイング練習",
        "Comment=Shadow podcasts and talks sentence by sentence, recorded and scored",
        "Comment[ja]=ポッドキャストやトークを 1 文ずつシャドーイング。録音して採点します",
        f"Exec={exec_line}",
        "TryExec=" + _quote(command[0]),
        f"Icon={icon}",
        "Terminal=false",
        "Categories=Education;Languages;",
        "Keywords=shadowing;English;language;pronunciation;podcast;シャドーイング;英語;発音;",
        f"MimeType={mime}",
        "StartupNotify=true",
        "",
    ])


def _quote(part: str) -> str:
    """An Exec argument: quoted (with the spec's escapes) when it holds a reserved character."""
    if not any(c in part for c in " \t\n\"'\\><~|&;$*?#()`"):
        return part
    return '"' + part.replace("\\", "\\\\").replace('"', '\\"').replace("`", "\\`").replace("$", "\\$") + '"'


def install(data_home: Path | None = None, command: list[str] | None = None) -> list[Path]:
    """Write the entry and the icons; returns what was written. Refreshes the desktop's caches
    where their tools are installed (a desktop without them reads the folders directly)."""
    if sys.platform.startswith("win") or sys.platform == "darwin":
        raise NotImplementedError(elsewhere())
    files = DesktopFiles(data_home or default_data_home())
    written = []
    for size in (None, *ICON_SIZES):
        source = ICONS / ("shadow.svg" if size is None else f"shadow-{size}.png")
        target = files.icon(size)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
        written.append(target)
    files.entry.parent.mkdir(parents=True, exist_ok=True)
    tmp = files.entry.with_suffix(".tmp")
    tmp.write_text(entry_text(command or launch_command()), encoding="utf-8")
    tmp.replace(files.entry)
    written.append(files.entry)
    _refresh(files)
    return written


def uninstall(data_home: Path | None = None) -> list[Path]:
    """Remove what :func:`install` wrote; returns what was there."""
    files = DesktopFiles(data_home or default_data_home())
    removed = [p for p in files.all() if p.exists()]
    for path in removed:
        path.unlink()
    _refresh(files)
    return removed


def _refresh(files: DesktopFiles) -> None:
    for tool, target in (("update-desktop-database", files.entry.parent),
                         ("gtk-update-icon-cache", files.data_home / "icons" / "hicolor")):
        if shutil.which(tool) and target.exists():
            args = [tool, "-q", str(target)] if tool == "update-desktop-database" else [tool, "-q", "-t", str(target)]
            subprocess.run(args, capture_output=True, timeout=30)


def elsewhere() -> str:
    """What installing would mean on Windows or macOS (not done here, not tested)."""
    command = " ".join(shlex.quote(p) for p in launch_command())
    if sys.platform == "darwin":
        return ("on macOS this would be an app bundle (~/Applications/Shadow.app) whose launcher runs "
                f"`{command} gui`; it is not built by this version: start Shadow with `{command}`")
    return ("on Windows this would be a Start-menu shortcut (%APPDATA%\\Microsoft\\Windows\\Start Menu\\Programs\\"
            f"Shadow.lnk) running `{command} gui`; it is not made by this version: start Shadow with `{command}`")
