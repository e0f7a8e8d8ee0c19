"""The docs say what the code does: the CLI reference is current and every command is documented."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from workbench.cli import cli

DOCS = Path(__file__).resolve().parent.parent / "docs"


def _reference() -> object:
    spec = importlib.util.spec_from_file_location("cli_reference", DOCS / "cli_reference.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_cli_reference_is_current() -> None:
    module = _reference()
    current = (DOCS / "cli.md").read_text(encoding="utf-8")
    assert current == module.render(), "docs/cli.md is stale: run python docs/cli_reference.py"  # type: ignore[attr-defined]


def test_every_command_has_help_text_and_a_section() -> None:
    text = (DOCS / "cli.md").read_text(encoding="utf-8")
    for name in cli.list_commands(None):  # type: ignore[arg-type]
        command = cli.get_command(None, name)  # type: ignore[arg-type]
        assert command is not None and command.help, f"{name} has no help"
        assert f"## workbench {name}\n" in text


def test_docs_link_to_existing_files() -> None:
    import re

    for page in [*DOCS.glob("*.md"), DOCS.parent / "README.md"]:
        for target in re.findall(r"\]\(([^)#:]+?)\)", page.read_text(encoding="utf-8")):
            assert (page.parent / target).exists(), f"{page.name} links to missing {target}"
