"""Run the real `workbench` command in a child process with a hard time limit, so a regression
that hangs (a FIFO, /dev/zero, a server that never finishes) fails the test instead of hanging it."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

GUARD_S = float(
    os.environ.get("WORKBENCH_TEST_GUARD_S", "60")
)  # far above what a fixed command needs: only a hang reaches it


@dataclass
class Outcome:
    code: int
    out: str
    err: str

    def one_line_error(self) -> str:
        """The single `Error: ...` line of a failed command (asserting there is exactly that)."""
        assert self.code == 1, f"exit {self.code}, stderr: {self.err[-2000:]}"
        lines = self.err.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("Error: "), self.err[-2000:]
        assert "Traceback" not in self.err
        return lines[0]


def run_cli(
    db: Path, *args: str, stdin: bytes | None = None, memory_mb: int | None = None, guard: float = GUARD_S
) -> Outcome:
    def limit_memory() -> None:
        if memory_mb:
            cap = memory_mb * 1024 * 1024
            resource.setrlimit(resource.RLIMIT_AS, (cap, cap))

    env = {**os.environ, "WORKBENCH_CHECKER": "tester"}
    env.pop("WORKBENCH_DB", None)
    if args[:1] == ("search",) and not db.exists():
        # search reads an existing store only ("no workbench database at PATH" otherwise): make one,
        # so the hostile input is what the command meets.
        subprocess.run([sys.executable, "-m", "workbench.cli", "--db", str(db), "init"], capture_output=True, env=env)
    result = subprocess.run(
        [sys.executable, "-m", "workbench.cli", "--db", str(db), *args],
        input=stdin if stdin is not None else b"",
        capture_output=True,
        timeout=guard,
        env=env,
        preexec_fn=limit_memory if memory_mb else None,
    )
    return Outcome(
        result.returncode, result.stdout.decode("utf-8", "replace"), result.stderr.decode("utf-8", "replace")
    )
