"""The `workbench` command. Heavy modules are imported inside commands so `--help` stays instant.

One module per family of commands; this one builds the group and registers them.
"""

from __future__ import annotations

import logging

import click

from workbench.cli.articles import add, articles, demo, extract, init
from workbench.cli.claims import claims
from workbench.cli.common import DB_HELP, PACKAGE, State, Workbench, default_db, open_tui, pass_state, safe, say
from workbench.cli.datasets import datasets, import_, match, search
from workbench.cli.desk import claim
from workbench.cli.reports import export, report
from workbench.cli.settings import config, doctor, labels
from workbench.cli.verdicts import verdict

__all__ = ["cli", "main", "safe"]


@click.group(cls=Workbench, invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--db",
    "db_path",
    default=default_db,
    help=DB_HELP,
    type=click.Path(dir_okay=False),
)
@click.version_option(package_name=PACKAGE, prog_name="workbench")  # read only for --version
@click.pass_context
def cli(ctx: click.Context, db_path: str) -> None:
    """A local-first fact-checking workbench.

    Add articles, extract their check-worthy claims, import reference datasets, match claims
    against them, record verdicts and publish reports. With no command, opens the triage screen.
    """
    ctx.obj = State(db_path)
    if ctx.invoked_subcommand is None:
        open_tui(ctx.obj)


@click.command()
@pass_state
def tui(state: State) -> None:
    """Open the triage screen."""
    open_tui(state)


for command in (init, demo, articles, add, extract, import_, datasets, search, match, claims, claim, verdict, report,
                export, config, labels, doctor, tui):  # fmt: skip
    cli.add_command(command)


class _WarningLine(logging.Handler):
    """The package's logged warnings as the CLI's own one-line "Warning: ..." on stderr."""

    def emit(self, record: logging.LogRecord) -> None:
        say(f"Warning: {safe(record.getMessage())}", err=True)


def main() -> None:
    logger = logging.getLogger("workbench")
    logger.addHandler(_WarningLine(logging.WARNING))
    logger.propagate = False
    cli(prog_name="workbench")
