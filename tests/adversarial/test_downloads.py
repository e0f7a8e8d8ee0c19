"""Every download has an overall deadline (--timeout), and malformed URLs or odd answers are
one-line errors. The servers run on 127.0.0.1 in a thread; each command runs in a child process
with a hard time limit, so a regression fails instead of hanging."""

from __future__ import annotations

import time
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from tests.adversarial.helpers import run_cli
from tests.http_server import Server

CSV = b"id,text\n1,Crime rose 10% in 2020\n"


def trickle(handler: BaseHTTPRequestHandler, _query: object) -> None:
    """Headers at once, then one byte every 0.1 s: no single read ever times out."""
    handler.send_response(200)
    handler.send_header("Content-Type", "text/csv")
    handler.end_headers()
    handler.wfile.write(b"id,text\n")
    stop = time.monotonic() + 90
    while time.monotonic() < stop:
        handler.wfile.write(b"x")
        handler.wfile.flush()
        time.sleep(0.1)


def trickle_headers(handler: BaseHTTPRequestHandler, _query: object) -> None:
    """The status line, then one byte of a header every 0.1 s: the response never starts."""
    handler.wfile.write(b"HTTP/1.0 200 OK\r\nX-Slow: ")
    stop = time.monotonic() + 90
    while time.monotonic() < stop:
        handler.wfile.write(b"x")
        handler.wfile.flush()
        time.sleep(0.1)


def stall(handler: BaseHTTPRequestHandler, _query: object) -> None:
    """Headers, then nothing for 90 s (longer than any per-read timeout and its retries)."""
    handler.send_response(200)
    handler.send_header("Content-Type", "text/csv")
    handler.send_header("Content-Length", str(len(CSV)))
    handler.end_headers()
    handler.wfile.flush()
    time.sleep(90)


def always_304(handler: BaseHTTPRequestHandler, _query: object) -> None:
    handler.send_response(304)
    handler.end_headers()


@pytest.mark.parametrize("command", ["import", "add", "extract"])
def test_a_trickling_server_meets_the_overall_deadline(tmp_path: Path, server: Server, command: str) -> None:
    url = server.add("/trickle.csv", trickle)
    line = run_cli(tmp_path / "w.db", command, url, "--timeout", "1").one_line_error()
    assert "not downloaded within the deadline of 1 s" in line and "--timeout" in line


def test_a_server_trickling_its_headers_meets_the_overall_deadline(tmp_path: Path, server: Server) -> None:
    url = server.add("/headers.csv", trickle_headers)
    line = run_cli(tmp_path / "w.db", "import", url, "--timeout", "1").one_line_error()
    assert "not downloaded within the deadline of 1 s" in line


def test_a_stalled_server_meets_the_overall_deadline(tmp_path: Path, server: Server) -> None:
    url = server.add("/stall.csv", stall)
    line = run_cli(tmp_path / "w.db", "import", url, "--timeout", "1").one_line_error()
    assert "deadline of 1 s" in line


def test_the_deadline_is_a_library_option_too(server: Server) -> None:
    from workbench.errors import FetchError
    from workbench.references.fetch import fetch_url

    url = server.add("/trickle.csv", trickle)
    with pytest.raises(FetchError, match=r"deadline of 0\.5 s"):
        fetch_url(url, timeout=0.5)


def test_a_304_to_a_first_request_is_an_error(tmp_path: Path, server: Server) -> None:
    url = server.add("/data.csv", always_304)
    line = run_cli(tmp_path / "w.db", "import", url).one_line_error()
    assert "HTTP 304" in line
    assert "no datasets yet" in run_cli(tmp_path / "w.db", "datasets").out


@pytest.mark.parametrize(
    ("url", "why"),
    [
        ("http://[::1/x.csv", "Invalid IPv6 URL"),
        ("http://127.0.0.1:99999/x.csv", "out of range"),
        ("http://127.0.0.1:port/x.csv", "Port could not be cast"),
        ("http:///x.csv", "no host"),
    ],
)
@pytest.mark.parametrize("command", ["import", "add", "extract"])
def test_a_malformed_url_is_one_line(tmp_path: Path, url: str, why: str, command: str) -> None:
    line = run_cli(tmp_path / "w.db", command, url).one_line_error()
    assert "invalid URL" in line and why in line


def test_a_malformed_url_with_an_api_key_is_one_line(tmp_path: Path) -> None:
    line = run_cli(tmp_path / "w.db", "import", "http://[::1/x", "--api-key", "SECRET").one_line_error()
    assert "invalid URL" in line and "SECRET" not in line
