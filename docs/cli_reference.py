"""Write docs/cli.md from each command's --help: python docs/cli_reference.py (tests check it is current)."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from workbench.cli import cli

OUT = Path(__file__).resolve().parent / "cli.md"
INTRO = """# CLI reference

Every command takes the global `--db PATH` (default `$WORKBENCH_DB`, else `./workbench.db`) before the
command name: `workbench --db checks.db claims`. Errors are one line on stderr (`Error: file:line: what`)
with exit code 1 (2 for a usage mistake); nothing half-written is kept. Commands that print data take
`--json`. With no command, `workbench` opens the triage screen (see [user-guide.md](user-guide.md)).

Only the commands that add data (`init`, `demo`, `add`, `import`) create a database; any other command
given a path where there is none says `no workbench database at PATH`. Commands that only read
(`articles`, `claims`, `datasets`, `search`, `report`, `export`, `labels`, `config` without a value,
`verdict --history`) open the database read-only: they never wait for an import's write lock and work
on a read-only file or mount. A database made by a newer version of the workbench is refused, never
written. `workbench doctor` checks the database and repairs its search index.

This page is the `--help` of each command (regenerate: `python docs/cli_reference.py`).
"""


def render() -> str:
    runner = CliRunner()
    out = [INTRO]

    def section(args: list[str], title: str) -> None:
        result = runner.invoke(cli, [*args, "--help"], terminal_width=100, prog_name="workbench")
        out.extend([f"## {title}", "", "```", result.output.rstrip(), "```", ""])

    section([], "workbench")
    for name in cli.list_commands(None):  # type: ignore[arg-type]
        section([name], f"workbench {name}")
        command = cli.get_command(None, name)  # type: ignore[arg-type]
        for sub in getattr(command, "list_commands", lambda _: [])(None):
            section([name, sub], f"workbench {name} {sub}")
    return "\n".join(out)


if __name__ == "__main__":
    OUT.write_text(render(), encoding="utf-8")
