"""Bring a source (path, "-", http(s) URL) to a local file, hashing it on the way.

Only regular files and stdin are read: a FIFO, a device (/dev/zero), a socket or a folder is
refused before it is opened, so nothing can hang reading it. Files, stdin and downloads all have a
size cap. URLs are streamed with httpx to a temporary file: never the whole body in memory; an
overall deadline for the whole download (retries included) on top of per-read timeouts, retries with
backoff on 429 / 5xx / connection errors, a redirect limit, and conditional requests (ETag /
Last-Modified) so an unchanged remote dataset is not downloaded again.
"""

from __future__ import annotations

import hashlib
import math
import os
import re
import ssl
import stat
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import httpcore
import httpx

from workbench.errors import FetchError, InputError

DEFAULT_MAX_BYTES = int(os.environ.get("WORKBENCH_MAX_BYTES", str(2 * 1024**3)))
RETRIES = 3
BACKOFF_S = 0.5
MAX_REDIRECTS = 5
READ_TIMEOUT = 30.0  # the longest wait for one read, or for the response to start
CONNECT_TIMEOUT = 10.0
DEFAULT_TIMEOUT = float(os.environ.get("WORKBENCH_TIMEOUT", "300"))  # a whole download, retries included
CHUNK = 1 << 16
_BINARY_TYPES = (
    "image/",
    "audio/",
    "video/",
    "font/",
    "application/pdf",
    "application/zip",
    "application/gzip",
    "application/x-gzip",
    "application/x-tar",
    "application/vnd.openxmlformats",
    "application/msword",
    "application/x-7z",
    "application/x-rar",
)

Progress = Callable[[int, int | None], None]  # bytes so far, total if known


@dataclass
class Fetched:
    """A source, available as a local file."""

    source: str  # as given (a URL without secrets)
    path: Path
    sha256: str
    size: int
    content_type: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    not_modified: bool = False  # the server said 304: nothing was downloaded
    temporary: bool = False

    def cleanup(self) -> None:
        if self.temporary:
            self.path.unlink(missing_ok=True)


def is_url(source: str) -> bool:
    return "://" in source[:16]


def size_cap_error(max_bytes: int, source: str, option: str = "--max-bytes") -> InputError:
    return InputError(f"larger than the size cap of {max_bytes:,} bytes (raise it with {option})", source=source)


def regular_file(source: str, *, max_bytes: int | None = None, option: str = "--max-bytes") -> Path:
    """``source`` as a path, checked *before* it is opened: it must be a regular file (not a FIFO,
    a device such as /dev/zero, a socket or a folder), and not over ``max_bytes``."""
    path = Path(source).expanduser()
    try:
        info = path.stat()
    except FileNotFoundError:
        raise InputError("no such file", source=source) from None
    except OSError as exc:
        raise InputError(f"cannot read ({exc.strerror or exc})", source=source) from None
    mode = info.st_mode
    if not stat.S_ISREG(mode):
        kind = (
            "a folder"
            if stat.S_ISDIR(mode)
            else "a named pipe (FIFO)"
            if stat.S_ISFIFO(mode)
            else "a device"
            if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
            else "a socket"
            if stat.S_ISSOCK(mode)
            else "not a regular file"
        )
        raise InputError(f"is {kind}, not a regular file: give a file, or - to read stdin", source=source)
    if max_bytes is not None and info.st_size > max_bytes:
        raise size_cap_error(max_bytes, source, option)
    return path


def check_url(url: str) -> None:
    """Raise a one-line InputError for a URL that can't be fetched (bad host, port or scheme)."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018  (raises on a port out of range)
    except ValueError as exc:
        raise InputError(f"invalid URL ({exc})", source=_shown_unparsed(url)) from None
    if parts.scheme.lower() not in ("http", "https"):
        raise InputError(f"unsupported URL scheme {parts.scheme!r}: only http and https", source=_shown_unparsed(url))
    if not parts.hostname:
        raise InputError("invalid URL (no host)", source=_shown_unparsed(url))


def _shown_unparsed(url: str) -> str:
    """An unparseable URL as shown in an error: without its query (which may hold a key)."""
    return re.sub(r"[?#].*$", "", url)


def redact(url: str) -> str:
    """The URL without credentials or API keys, fit to store and show."""
    check_url(url)
    parts = urlsplit(url)
    query = [
        (k, "REDACTED" if k.lower() in ("key", "api_key", "apikey", "token", "access_token") else v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
    ]
    netloc = parts.hostname or ""
    if parts.port:
        netloc += f":{parts.port}"
    return urlunsplit((parts.scheme, netloc, parts.path, urlencode(query), ""))


def open_source(
    source: str,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    timeout: float = DEFAULT_TIMEOUT,
    etag: str | None = None,
    last_modified: str | None = None,
    progress: Progress | None = None,
    client: httpx.Client | None = None,
) -> Fetched:
    """Make ``source`` a local file: a path as it is, stdin and URLs copied to a temporary file.

    Every source is capped at ``max_bytes``; a path must be a regular file; a URL must be fetched
    within ``timeout`` seconds, retries included.
    """
    if source == "-":
        return _from_stream(sys.stdin.buffer, "<stdin>", max_bytes, progress)
    if is_url(source):
        return fetch_url(
            source,
            max_bytes=max_bytes,
            timeout=timeout,
            etag=etag,
            last_modified=last_modified,
            progress=progress,
            client=client,
        )
    path = regular_file(source, max_bytes=max_bytes)
    digest = hashlib.sha256()
    size = 0
    try:
        # O_NONBLOCK: should the path have become a FIFO since the check, opening it can't block.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode):
                raise InputError("is not a regular file: give a file, or - to read stdin", source=source)
            total = info.st_size
            while chunk := handle.read(1 << 20):
                size += len(chunk)
                if size > max_bytes:
                    raise size_cap_error(max_bytes, source)
                digest.update(chunk)
                if progress:
                    progress(size, total)
    except OSError as exc:
        raise InputError(f"cannot read ({exc.strerror or exc})", source=source) from exc
    return Fetched(source=source, path=path, sha256=digest.hexdigest(), size=size)


def _from_stream(stream: object, name: str, max_bytes: int, progress: Progress | None) -> Fetched:
    digest = hashlib.sha256()
    size = 0
    handle = tempfile.NamedTemporaryFile(prefix="workbench-", delete=False)
    try:
        with handle:
            while chunk := stream.read(CHUNK):  # type: ignore[attr-defined]
                size += len(chunk)
                if size > max_bytes:
                    raise size_cap_error(max_bytes, name)
                digest.update(chunk)
                handle.write(chunk)
                if progress:
                    progress(size, None)
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise
    return Fetched(source=name, path=Path(handle.name), sha256=digest.hexdigest(), size=size, temporary=True)


def fetch_url(
    url: str,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    timeout: float = DEFAULT_TIMEOUT,
    etag: str | None = None,
    last_modified: str | None = None,
    progress: Progress | None = None,
    client: httpx.Client | None = None,
) -> Fetched:
    """Download ``url`` to a temporary file, retrying transient failures, all within ``timeout`` s.

    The deadline bounds every network wait of our own client (connect, each read of the headers and
    body, each write) and is checked on every piece of the body and before every retry, so a server
    that trickles bytes, even its headers, or stalls is given up on at the deadline. With a
    ``client`` given, waits are clamped to the time left when each request starts.
    """
    shown = redact(url)
    if not (timeout > 0 and math.isfinite(timeout)):
        raise InputError(f"the timeout must be a positive number of seconds, not {timeout}")
    deadline = time.monotonic() + timeout
    headers = {"User-Agent": "factcheck-workbench/0.1", "Accept-Encoding": "gzip, deflate"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    own_client = client is None
    http = client or _client_with_deadline(deadline)
    try:
        for attempt in range(RETRIES + 1):
            try:
                return _download(http, url, shown, headers, max_bytes, progress, _Deadline(deadline, timeout, shown))
            except _Retry as retry:
                if attempt == RETRIES:
                    raise FetchError(f"{shown}: {retry.reason} (after {RETRIES + 1} attempts)") from None
                wait = min(retry.wait if retry.wait is not None else BACKOFF_S * 2**attempt, 10.0)
                if time.monotonic() + wait >= deadline:
                    raise _Deadline(deadline, timeout, shown).error(f"last attempt: {retry.reason}") from None
                time.sleep(wait)
    finally:
        if own_client:
            http.close()
    raise AssertionError("unreachable")


class _Retry(Exception):
    def __init__(self, reason: str, wait: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.wait = wait


@dataclass(frozen=True)
class _Deadline:
    at: float  # time.monotonic() when the download must be over
    seconds: float
    shown: str

    def left(self) -> float:
        return self.at - time.monotonic()

    def error(self, detail: str = "") -> FetchError:
        extra = f"; {detail}" if detail else ""
        return FetchError(
            f"{self.shown}: not downloaded within the deadline of {self.seconds:g} s{extra} (raise it with --timeout)"
        )

    def check(self) -> None:
        if self.left() <= 0:
            raise self.error()

    def timeouts(self, given: httpx.Timeout) -> httpx.Timeout:
        """The client's timeouts, none longer than the time left."""
        left = self.left()
        if left <= 0:
            raise self.error()

        def clamp(value: float | None) -> float:
            return left if value is None else min(value, left)

        return httpx.Timeout(
            connect=clamp(given.connect), read=clamp(given.read), write=clamp(given.write), pool=clamp(given.pool)
        )


def _client_with_deadline(at: float) -> httpx.Client:
    """A client whose every network wait (connect, TLS, each read and write) ends by ``at``, so a
    server that trickles even its headers can't hold a download past the deadline."""
    http = httpx.Client(
        timeout=httpx.Timeout(READ_TIMEOUT, connect=CONNECT_TIMEOUT), follow_redirects=True, max_redirects=MAX_REDIRECTS
    )
    # httpcore takes a network backend, but httpx does not pass one through: wrap the pools' own.
    # Should a version move these, the deadline is still checked between reads and retries.
    for transport in (http._transport, *http._mounts.values()):
        pool = getattr(transport, "_pool", None)
        backend = getattr(pool, "_network_backend", None)
        if backend is not None:
            pool._network_backend = _DeadlineBackend(backend, at)  # type: ignore[union-attr]
    return http


class _DeadlineStream(httpcore.NetworkStream):
    def __init__(self, stream: httpcore.NetworkStream, at: float) -> None:
        self._stream, self._at = stream, at

    def _left(self, timeout: float | None) -> float:
        left = self._at - time.monotonic()
        if left <= 0:
            raise httpcore.ReadTimeout("the download's deadline has passed")
        return left if timeout is None else min(timeout, left)

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._stream.read(max_bytes, self._left(timeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._stream.write(buffer, self._left(timeout))

    def close(self) -> None:
        self._stream.close()

    def start_tls(
        self, ssl_context: ssl.SSLContext, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.NetworkStream:
        return _DeadlineStream(self._stream.start_tls(ssl_context, server_hostname, self._left(timeout)), self._at)

    def get_extra_info(self, info: str) -> Any:
        return self._stream.get_extra_info(info)


class _DeadlineBackend(httpcore.NetworkBackend):
    def __init__(self, backend: httpcore.NetworkBackend, at: float) -> None:
        self._backend, self._at = backend, at

    def _left(self, timeout: float | None) -> float:
        left = self._at - time.monotonic()
        if left <= 0:
            raise httpcore.ConnectTimeout("the download's deadline has passed")
        return left if timeout is None else min(timeout, left)

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        stream = self._backend.connect_tcp(host, port, self._left(timeout), local_address, socket_options)
        return _DeadlineStream(stream, self._at)

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.NetworkStream:
        return _DeadlineStream(self._backend.connect_unix_socket(path, self._left(timeout), socket_options), self._at)

    def sleep(self, seconds: float) -> None:
        self._backend.sleep(seconds)


def _download(
    http: httpx.Client,
    url: str,
    shown: str,
    headers: dict[str, str],
    max_bytes: int,
    progress: Progress | None,
    deadline: _Deadline,
) -> Fetched:
    try:
        with http.stream("GET", url, headers=headers, timeout=deadline.timeouts(http.timeout)) as response:
            status = response.status_code
            if status == 304:
                if "If-None-Match" not in headers and "If-Modified-Since" not in headers:
                    raise FetchError(f"{shown}: HTTP 304 Not Modified, but nothing was asked conditionally")
                return Fetched(
                    source=shown,
                    path=Path(os.devnull),
                    sha256="",
                    size=0,
                    not_modified=True,
                    etag=headers.get("If-None-Match"),
                    last_modified=headers.get("If-Modified-Since"),
                )
            if status == 429 or status >= 500:
                raise _Retry(f"HTTP {status} {response.reason_phrase}", _retry_after(response))
            if status >= 400:
                raise FetchError(f"{shown}: HTTP {status} {response.reason_phrase}")
            content_type = response.headers.get("content-type", "").split(";")[0].strip().lower() or None
            if content_type and content_type.startswith(_BINARY_TYPES):
                raise FetchError(f"{shown}: wrong content type {content_type!r} for a dataset")
            declared = response.headers.get("content-length", "").strip()
            total = int(declared) if declared.isdigit() and len(declared) <= 20 else None
            if (total is not None and total > max_bytes) or (declared.isdigit() and len(declared) > 20):
                raise FetchError(
                    f"{shown}: body of {declared} bytes is over the size cap of {max_bytes:,} bytes "
                    "(raise it with --max-bytes)"
                )
            digest = hashlib.sha256()
            size = 0
            handle = tempfile.NamedTemporaryFile(prefix="workbench-", delete=False)
            try:
                with handle:
                    # No chunk size: every piece is seen as it arrives, so a trickle meets the deadline.
                    for chunk in response.iter_bytes():
                        deadline.check()
                        size += len(chunk)
                        if size > max_bytes:
                            raise FetchError(
                                f"{shown}: body is over the size cap of {max_bytes:,} bytes (raise it with --max-bytes)"
                            )
                        digest.update(chunk)
                        handle.write(chunk)
                        if progress:
                            progress(size, total)
            except BaseException:
                Path(handle.name).unlink(missing_ok=True)
                raise
            return Fetched(
                source=shown,
                path=Path(handle.name),
                sha256=digest.hexdigest(),
                size=size,
                content_type=content_type,
                etag=response.headers.get("etag"),
                last_modified=response.headers.get("last-modified"),
                temporary=True,
            )
    except httpx.TooManyRedirects:
        raise FetchError(f"{shown}: too many redirects (more than {MAX_REDIRECTS})") from None
    except httpx.TimeoutException:
        if deadline.left() <= 0:
            raise deadline.error() from None
        raise _Retry("timed out") from None
    except (httpx.ConnectError, httpx.RemoteProtocolError, httpx.ReadError) as exc:
        raise _Retry(f"connection failed ({exc.__class__.__name__})") from None
    except httpx.InvalidURL as exc:
        raise FetchError(f"{shown}: invalid URL ({exc})") from None
    except httpx.HTTPError as exc:
        raise FetchError(f"{shown}: {exc.__class__.__name__}: {exc}") from None


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("retry-after", "").strip()
    if len(value) > 12 or not value.replace(".", "", 1).isdigit():
        return None
    return float(value)
