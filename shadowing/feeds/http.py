"""HTTP for feeds and episodes: timeouts, redirects, size limits, resumable downloads.

httpx with a clear User-Agent. Every failure becomes a FetchError whose message a learner can
act on ("HTTP 404", "timed out", "cannot connect"), never a traceback. A download is written to
``NAME.partial`` and resumed from there with an HTTP Range request, both when a connection drops
midway (a few retries at once) and on the next attempt after a cancel or a crash.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .. import __version__
from ..errors import ShadowingError

USER_AGENT = f"Shadow/{__version__} (a shadowing practice app; podcast client)"
CONNECT_S, READ_S = 10.0, 30.0
MAX_FEED_BYTES = 32 * 1024 * 1024
MAX_TRANSCRIPT_BYTES = 16 * 1024 * 1024
MAX_MEDIA_BYTES = 4 * 1024 * 1024 * 1024
RETRIES = 3
CHUNK = 64 * 1024


class FetchError(ShadowingError):
    pass


class Cancelled(ShadowingError):
    pass


@dataclass(frozen=True)
class Fetched:
    url: str  # after redirects
    content: bytes
    content_type: str
    etag: str | None
    last_modified: str | None
    not_modified: bool = False


def client(timeout: tuple[float, float] | None = None):
    import httpx

    timeout = timeout or (CONNECT_S, READ_S)  # read at call time, so a caller (a test) can lower them
    return httpx.Client(follow_redirects=True, max_redirects=10, headers={"User-Agent": USER_AGENT},
                        timeout=httpx.Timeout(timeout[1], connect=timeout[0]))


def _explain(url: str, exc: Exception) -> FetchError:
    import httpx

    if isinstance(exc, httpx.TimeoutException):
        return FetchError(f"{url}: timed out (no answer within {READ_S:g} s); try again later")
    if isinstance(exc, httpx.TooManyRedirects):
        return FetchError(f"{url}: too many redirects")
    if isinstance(exc, httpx.ConnectError):
        return FetchError(f"{url}: cannot connect ({exc})")
    if isinstance(exc, httpx.UnsupportedProtocol):
        return FetchError(f"{url}: not an http(s) address")
    if isinstance(exc, httpx.InvalidURL):
        return FetchError(f"{url}: not a valid address")
    if isinstance(exc, (httpx.RemoteProtocolError, httpx.ReadError)):
        return FetchError(f"{url}: the connection dropped ({exc})")
    return FetchError(f"{url}: {type(exc).__name__}: {exc}")


def _status_error(url: str, response) -> FetchError:
    return FetchError(f"{url}: HTTP {response.status_code} {response.reason_phrase}".rstrip())


def fetch(url: str, limit: int = MAX_FEED_BYTES, etag: str | None = None, last_modified: str | None = None,
          timeout: tuple[float, float] | None = None) -> Fetched:
    """GET into memory, refusing more than ``limit`` bytes; conditional when an etag/date is known."""
    import httpx

    headers = {}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    try:
        with client(timeout) as c, c.stream("GET", url, headers=headers) as r:
            if r.status_code == 304:
                return Fetched(str(r.url), b"", "", etag, last_modified, not_modified=True)
            if r.status_code >= 400:
                raise _status_error(url, r)
            declared = int(r.headers.get("content-length") or 0)
            if declared > limit:
                raise FetchError(f"{url}: {declared / 1e6:.1f} MB is more than the {limit / 1e6:.0f} MB allowed here")
            body = bytearray()
            for chunk in r.iter_bytes(CHUNK):
                body += chunk
                if len(body) > limit:
                    raise FetchError(f"{url}: more than the {limit / 1e6:.0f} MB allowed here")
            return Fetched(str(r.url), bytes(body), r.headers.get("content-type", ""), r.headers.get("etag"),
                           r.headers.get("last-modified"))
    except httpx.HTTPError as exc:
        raise _explain(url, exc) from None


def download(url: str, target: Path, on_progress: Callable[[int, int | None], None] | None = None,
             cancelled: Callable[[], bool] | None = None, limit: int = MAX_MEDIA_BYTES,
             timeout: tuple[float, float] | None = None) -> Path:
    """Download to ``target`` (via ``target.partial``), resuming what an earlier try left there.

    Returns ``target``; the caller checks it is what it should be. A cancel keeps the partial
    file for the next try; any other failure keeps it too (it is only ever renamed when whole).
    """
    import httpx

    target = Path(target)
    partial = target.with_name(target.name + ".partial")
    target.parent.mkdir(parents=True, exist_ok=True)
    failures = 0
    while True:
        have = partial.stat().st_size if partial.exists() else 0
        headers = {"Range": f"bytes={have}-"} if have else {}
        try:
            with client(timeout) as c, c.stream("GET", url, headers=headers) as r:
                if r.status_code == 416 and have:  # nothing after what we have: it is whole
                    break
                if r.status_code >= 400:
                    raise _status_error(url, r)
                if have and r.status_code != 206:
                    have = 0  # the server ignored the Range: start again
                length = r.headers.get("content-length")
                total = (have + int(length)) if length and length.isdigit() else None
                if total is not None and total > limit:
                    raise FetchError(f"{url}: {total / 1e6:.0f} MB is more than the {limit / 1e6:.0f} MB allowed")
                with open(partial, "ab" if have else "wb") as out:
                    done = have
                    for chunk in r.iter_bytes():  # as it arrives: a drop loses nothing already received
                        out.write(chunk)
                        done += len(chunk)
                        if done > limit:
                            raise FetchError(f"{url}: more than the {limit / 1e6:.0f} MB allowed")
                        if on_progress:
                            on_progress(done, total)
                        if cancelled and cancelled():
                            raise Cancelled(f"download cancelled; {done / 1e6:.1f} MB kept to resume from")
                if total is not None and done < total:
                    raise httpx.RemoteProtocolError(f"connection closed at {done} of {total} bytes")
                break
        except (httpx.RemoteProtocolError, httpx.ReadError, httpx.ReadTimeout) as exc:
            failures += 1
            if failures > RETRIES:
                raise FetchError(f"{_explain(url, exc)}; {partial.stat().st_size / 1e6 if partial.exists() else 0:.1f} MB "
                                 "kept: downloading again resumes there") from None
            time.sleep(0.2 * failures)
        except httpx.HTTPError as exc:
            raise _explain(url, exc) from None
    partial.replace(target)
    return target
