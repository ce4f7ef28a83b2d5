"""A local HTTP server for the feed tests: real feeds and real audio on 127.0.0.1, with the
faults a podcast host has (404, slow answers, dropped connections, Range requests)."""

from __future__ import annotations

import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


class Route:
    def __init__(self, body: bytes | Path, content_type: str = "application/octet-stream", status: int = 200,
                 delay_s: float = 0.0, drop_after: int | None = None, drops: int = 1, ranges: bool = True,
                 chunk_delay_s: float = 0.0):
        self.body, self.content_type, self.status = body, content_type, status
        self.delay_s, self.drop_after, self.drops, self.ranges = delay_s, drop_after, drops, ranges
        self.chunk_delay_s = chunk_delay_s
        self.requests: list[dict] = []

    def data(self) -> bytes:
        return self.body.read_bytes() if isinstance(self.body, Path) else self.body


class FeedServer:
    def __init__(self):
        self.routes: dict[str, Route] = {}
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_GET(self):
                route = server.routes.get(self.path.split("?")[0])
                if route is None:
                    self.send_error(404, "Not Found")
                    return
                route.requests.append({"range": self.headers.get("Range"), "ua": self.headers.get("User-Agent")})
                if route.delay_s:
                    time.sleep(route.delay_s)
                if route.status >= 300 and route.status < 400:
                    self.send_response(route.status)
                    self.send_header("Location", route.data().decode())
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                data = route.data()
                start = 0
                match = re.match(r"bytes=(\d+)-", self.headers.get("Range") or "")
                if match and route.ranges and route.status == 200:
                    start = int(match.group(1))
                    if start >= len(data):
                        self.send_response(416)
                        self.send_header("Content-Range", f"bytes */{len(data)}")
                        self.send_header("Content-Length", "0")
                        self.end_headers()
                        return
                    self.send_response(206)
                    self.send_header("Content-Range", f"bytes {start}-{len(data) - 1}/{len(data)}")
                else:
                    self.send_response(route.status)
                body = data[start:]
                self.send_header("Content-Type", route.content_type)
                self.send_header("Content-Length", str(len(body)))
                self.send_header("Accept-Ranges", "bytes" if route.ranges else "none")
                self.end_headers()
                cut = None
                if route.drop_after is not None and route.drops > 0:
                    route.drops -= 1
                    cut = max(0, route.drop_after - start)
                sent = 0
                step = 16384
                try:
                    while sent < len(body):
                        piece = body[sent:sent + step]
                        if cut is not None and sent + len(piece) > cut:
                            self.wfile.write(piece[: cut - sent])
                            self.wfile.flush()
                            self.close_connection = True
                            self.connection.shutdown(2)  # the connection drops midway
                            return
                        self.wfile.write(piece)
                        sent += len(piece)
                        if route.chunk_delay_s:
                            time.sleep(route.chunk_delay_s)
                except (BrokenPipeError, ConnectionResetError, OSError):
                    return

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def add(self, path: str, route: Route) -> str:
        self.routes[path] = route
        return self.base + path

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()
