"""Bring a source (path, "-", http(s) URL) to a local file, hashing it on the way.

URLs are streamed with httpx to a temporary file: never the whole body in memory; timeouts,
retries with backoff on 429 / 5xx / connection errors, a redirect limit, a size cap, and
conditional requests (ETag / Last-Modified) so an unchanged remote dataset is not downloaded again.
"""

from __future__ import annotations

import hashlib
import os
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import httpx

from workbench.errors import FetchError, InputError

DEFAULT_MAX_BYTES = int(os.environ.get("WORKBENCH_MAX_BYTES", str(2 * 1024**3)))
RETRIES = 3
BACKOFF_S = 0.5
MAX_REDIRECTS = 5
TIMEOUT = httpx.Timeout(30.0, connect=10.0)
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


def redact(url: str) -> str:
    """The URL without credentials or API keys, fit to store and show."""
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
    etag: str | None = None,
    last_modified: str | None = None,
    progress: Progress | None = None,
    client: httpx.Client | None = None,
) -> Fetched:
    """Make ``source`` a local file: a path as it is, stdin and URLs copied to a temporary file."""
    if source == "-":
        return _from_stream(sys.stdin.buffer, "<stdin>", max_bytes, progress)
    if is_url(source):
        scheme = urlsplit(source).scheme.lower()
        if scheme not in ("http", "https"):
            raise InputError(f"unsupported URL scheme {scheme!r}: only http and https", source=source)
        return fetch_url(
            source, max_bytes=max_bytes, etag=etag, last_modified=last_modified, progress=progress, client=client
        )
    path = Path(source).expanduser()
    if not path.exists():
        raise InputError("no such file", source=source)
    if path.is_dir():
        raise InputError("is a folder, not a file", source=source)
    digest = hashlib.sha256()
    size = 0
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(1 << 20):
                digest.update(chunk)
                size += len(chunk)
    except OSError as exc:
        raise InputError(f"cannot read ({exc.strerror})", source=source) from exc
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
                    raise InputError(f"larger than the size cap of {max_bytes:,} bytes", source=name)
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
    etag: str | None = None,
    last_modified: str | None = None,
    progress: Progress | None = None,
    client: httpx.Client | None = None,
) -> Fetched:
    """Download ``url`` to a temporary file, retrying transient failures."""
    shown = redact(url)
    headers = {"User-Agent": "factcheck-workbench/0.1", "Accept-Encoding": "gzip, deflate"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    own_client = client is None
    http = client or httpx.Client(timeout=TIMEOUT, follow_redirects=True, max_redirects=MAX_REDIRECTS)
    try:
        for attempt in range(RETRIES + 1):
            try:
                return _download(http, url, shown, headers, max_bytes, progress)
            except _Retry as retry:
                if attempt == RETRIES:
                    raise FetchError(f"{shown}: {retry.reason} (after {RETRIES + 1} attempts)") from None
                time.sleep(min(retry.wait if retry.wait is not None else BACKOFF_S * 2**attempt, 10.0))
    finally:
        if own_client:
            http.close()
    raise AssertionError("unreachable")


class _Retry(Exception):
    def __init__(self, reason: str, wait: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.wait = wait


def _download(
    http: httpx.Client, url: str, shown: str, headers: dict[str, str], max_bytes: int, progress: Progress | None
) -> Fetched:
    try:
        with http.stream("GET", url, headers=headers) as response:
            status = response.status_code
            if status == 304:
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
            declared = response.headers.get("content-length")
            total = int(declared) if declared and declared.isdigit() else None
            if total is not None and total > max_bytes:
                raise FetchError(f"{shown}: body of {total:,} bytes is over the size cap of {max_bytes:,} bytes")
            digest = hashlib.sha256()
            size = 0
            handle = tempfile.NamedTemporaryFile(prefix="workbench-", delete=False)
            try:
                with handle:
                    for chunk in response.iter_bytes(CHUNK):
                        size += len(chunk)
                        if size > max_bytes:
                            raise FetchError(f"{shown}: body is over the size cap of {max_bytes:,} bytes")
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
        raise _Retry("timed out") from None
    except (httpx.ConnectError, httpx.RemoteProtocolError, httpx.ReadError) as exc:
        raise _Retry(f"connection failed ({exc.__class__.__name__})") from None
    except httpx.InvalidURL as exc:
        raise FetchError(f"{shown}: invalid URL ({exc})") from None
    except httpx.HTTPError as exc:
        raise FetchError(f"{shown}: {exc.__class__.__name__}: {exc}") from None


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("retry-after", "")
    return float(value) if value.replace(".", "", 1).isdigit() else None
