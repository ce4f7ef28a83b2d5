"""One window per library: a second ``shadowing gui FILE`` (or "Open with Shadow" in the file
manager while the app runs) hands FILE to the running window and exits, instead of a second app
writing the same library.

The running window listens on a local socket named after the user and the library
(``QLocalServer``); a starting app first tries to connect. A socket left by a crashed app does not
answer, so it is removed and the new app listens in its place."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

CONNECT_MS = 500


def server_name(library_path: Path) -> str:
    user = os.getuid() if hasattr(os, "getuid") else os.environ.get("USERNAME", "")
    digest = hashlib.sha1(f"{user}:{Path(library_path).resolve()}".encode()).hexdigest()[:16]
    return f"shadowing-{digest}"


def hand_over(name: str, episode: str | None) -> bool:
    """Ask a running window to come forward (and open ``episode``); False when none answers."""
    socket = QLocalSocket()
    socket.connectToServer(name)
    if not socket.waitForConnected(CONNECT_MS):
        return False
    path = str(Path(episode).resolve()) if episode and Path(episode).exists() else (episode or "")
    socket.write((json.dumps({"open": path}) + "\n").encode())
    socket.flush()
    socket.waitForBytesWritten(CONNECT_MS)
    answered = socket.waitForReadyRead(2000) and bytes(socket.readAll()).strip() == b"ok"
    socket.disconnectFromServer()
    return answered


class InstanceServer(QObject):
    """Listens for later starts; ``asked(path)`` ("" to just come forward) on the UI thread."""

    asked = Signal(str)

    def __init__(self, name: str, parent=None):
        super().__init__(parent)
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.UserAccessOption)
        if not self.server.listen(name):  # a crashed app's socket: nobody answered on it
            QLocalServer.removeServer(name)
            self.server.listen(name)
        self.server.newConnection.connect(self._connected)

    def _connected(self) -> None:
        socket = self.server.nextPendingConnection()
        if socket is None:
            return
        buffer = bytearray()

        def read():
            buffer.extend(bytes(socket.readAll()))
            if b"\n" not in buffer:
                return
            try:
                message = json.loads(buffer.split(b"\n", 1)[0] or b"{}")
            except ValueError:
                message = {}
            socket.write(b"ok\n")
            socket.flush()
            socket.disconnectFromServer()
            self.asked.emit(str(message.get("open") or ""))

        socket.readyRead.connect(read)
        socket.disconnected.connect(socket.deleteLater)
        if socket.bytesAvailable():
            read()
