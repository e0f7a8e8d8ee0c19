"""A real `workbench tui` process in a pseudo-terminal: a verdict given by a key press is in the store,
and killing the process with SIGKILL right after loses nothing."""

from __future__ import annotations

import fcntl
import os
import pty
import signal
import struct
import sys
import termios
import time
from pathlib import Path

import pytest

import claims_db


def _wait_for(condition, timeout: float = 30.0) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


@pytest.mark.skipif(sys.platform != "linux", reason="uses a Linux pseudo-terminal")
def test_kill_9_after_a_verdict_loses_nothing(seeded_path: str, tmp_path: Path) -> None:
    top = claims_db.list_claims(claims_db.connect(seeded_path))[0].claim.id
    pid, fd = pty.fork()
    if pid == 0:  # the child: the workbench, as a checker starts it
        os.environ.update({"TERM": "xterm-256color", "WORKBENCH_CHECKER": "live", "TEXTUAL_ANIMATIONS": "none"})
        os.execv(sys.executable, [sys.executable, "-m", "workbench.cli", "--db", seeded_path, "tui"])
    try:
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 36, 120, 0, 0))
        output = bytearray()

        def painted() -> bool:
            try:
                os.set_blocking(fd, False)
                while chunk := os.read(fd, 65536):
                    output.extend(chunk)
            except (BlockingIOError, OSError):
                pass
            return b"Claims" in output and b"80,000" in output

        assert _wait_for(painted), "the screen was not painted"
        time.sleep(0.5)  # the first claim's detail loads in a worker
        os.write(fd, b"5")
        store = claims_db.connect(seeded_path)
        assert _wait_for(lambda: claims_db.current_verdict(store, top) is not None), "the verdict was not saved"
    finally:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(fd)
    verdict = claims_db.current_verdict(claims_db.connect(seeded_path), top)
    assert verdict is not None and verdict.label == "false" and verdict.checker == "live"
