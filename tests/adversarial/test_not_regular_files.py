"""Only regular files or stdin are read: a FIFO, a device, a socket or a folder is refused before
it is opened (it would hang or never end), and the size cap applies to local files and stdin too.

Each command runs in a child process with a hard time limit (see helpers.run_cli)."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.adversarial.helpers import run_cli

CSV = "id,text\n1,Crime rose 10% in 2020\n2,Taxes fell by 3% last year\n"
SENTENCE = "The minister said unemployment fell to 3.5% in 2019, the lowest in 50 years.\n"


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "pipe.csv"
    os.mkfifo(path)  # no writer ever opens it: reading it would block for ever
    return path


@pytest.fixture
def unix_socket(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "sock.csv"
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(str(path))
    yield path
    server.close()


def commands(path: str) -> list[list[str]]:
    return [["import", path, "--name", "x"], ["add", path], ["extract", path], ["search", "--from", path]]


@pytest.mark.parametrize("command", range(4), ids=["import", "add", "extract", "search-from"])
def test_a_fifo_is_refused_not_waited_on(tmp_path: Path, fifo: Path, command: int) -> None:
    line = run_cli(tmp_path / "w.db", *commands(str(fifo))[command]).one_line_error()
    assert str(fifo) in line and "named pipe (FIFO)" in line


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
@pytest.mark.parametrize("command", range(4), ids=["import", "add", "extract", "search-from"])
def test_an_endless_device_is_refused(tmp_path: Path, device: str, command: int) -> None:
    if not os.path.exists(device):
        pytest.skip(f"no {device} here")
    line = run_cli(tmp_path / "w.db", *commands(device)[command]).one_line_error()
    assert f"{device}: is a device, not a regular file" in line


def test_a_symlink_to_a_device_is_refused(tmp_path: Path) -> None:
    link = tmp_path / "data.csv"
    link.symlink_to("/dev/zero")
    line = run_cli(tmp_path / "w.db", "import", str(link)).one_line_error()
    assert "is a device" in line


def test_a_socket_is_refused(tmp_path: Path, unix_socket: Path) -> None:
    line = run_cli(tmp_path / "w.db", "import", str(unix_socket)).one_line_error()
    assert "is a socket" in line


def test_a_folder_given_to_import_is_refused(tmp_path: Path) -> None:
    line = run_cli(tmp_path / "w.db", "import", str(tmp_path)).one_line_error()
    assert "is a folder" in line


def test_max_bytes_applies_to_a_local_dataset(tmp_path: Path) -> None:
    path = tmp_path / "data.csv"
    path.write_text(CSV * 20, encoding="utf-8")
    line = run_cli(tmp_path / "w.db", "import", str(path), "--max-bytes", "100").one_line_error()
    assert "larger than the size cap of 100 bytes" in line and "--max-bytes" in line
    # ... and nothing was stored
    assert "no datasets yet" in run_cli(tmp_path / "w.db", "datasets").out
    # Raised, it goes through.
    assert run_cli(tmp_path / "w.db", "import", str(path), "--max-bytes", "100000").code == 0


def test_max_bytes_applies_to_stdin(tmp_path: Path) -> None:
    line = run_cli(
        tmp_path / "w.db", "import", "-", "--format", "csv", "--max-bytes", "100", stdin=(CSV * 20).encode()
    ).one_line_error()
    assert "<stdin>: larger than the size cap of 100 bytes" in line


@pytest.mark.parametrize("command", ["add", "extract"])
def test_max_bytes_applies_to_a_local_article(tmp_path: Path, command: str) -> None:
    path = tmp_path / "article.txt"
    path.write_text(SENTENCE * 10, encoding="utf-8")
    line = run_cli(tmp_path / "w.db", command, str(path), "--max-bytes", "200").one_line_error()
    assert "larger than 200 bytes" in line
    assert run_cli(tmp_path / "w.db", command, str(path), "--max-bytes", "100000").code == 0


def test_an_article_on_stdin_is_capped(tmp_path: Path) -> None:
    line = run_cli(
        tmp_path / "w.db", "extract", "-", "--max-bytes", "200", stdin=(SENTENCE * 10).encode()
    ).one_line_error()
    assert "<stdin>: larger than 200 bytes" in line


@pytest.mark.parametrize(
    "args",
    [["import", "{csv}", "--name", "{bad}"], ["add", "{article}", "--title", "{bad}"]],
    ids=["import-name", "add-title"],
)
def test_text_options_that_are_not_utf8_are_usage_errors(tmp_path: Path, args: list[str]) -> None:
    csv_path = tmp_path / "data.csv"
    csv_path.write_text(CSV, encoding="utf-8")
    article = tmp_path / "article.txt"
    article.write_text(SENTENCE, encoding="utf-8")
    bad = os.fsdecode(b"bad \xed\xa0\x80 \xff")  # as a shell in a latin-1 terminal passes it
    filled = [a.format(csv=csv_path, article=article, bad=bad) for a in args]
    result = run_cli(tmp_path / "w.db", *filled)
    assert result.code == 2 and "Traceback" not in result.err
    assert "not valid UTF-8 text" in result.err
