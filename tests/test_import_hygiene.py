"""The import rule of docs/architecture.md, checked by importing each module in a fresh interpreter."""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys

import pytest

import claims_db
import workbench
import workbench.extract


def _modules(package: object) -> list[str]:
    return [m.name for m in pkgutil.walk_packages(package.__path__, package.__name__ + ".")]  # type: ignore[attr-defined]


def _loaded_after_import(module: str) -> set[str]:
    code = f"import json, sys, {module}; print(json.dumps(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    return set(json.loads(out))


def _roots(modules: set[str]) -> set[str]:
    return {m.split(".")[0] for m in modules}


@pytest.mark.parametrize("module", ["claims_db", *_modules(claims_db)])
def test_claims_db_imports_nothing_of_workbench_textual_or_httpx(module: str) -> None:
    loaded = _roots(_loaded_after_import(module))
    # sqlite-utils brings click with it; that is allowed.
    assert not loaded & {"workbench", "textual", "httpx", "rapidfuzz", "tokenizers"}


@pytest.mark.parametrize("module", [m for m in _modules(workbench) if not m.startswith("workbench.tui")])
def test_only_the_tui_imports_textual(module: str) -> None:
    assert "textual" not in _roots(_loaded_after_import(module))


@pytest.mark.parametrize("module", ["workbench.extract", *_modules(workbench.extract)])
def test_extract_stands_alone(module: str) -> None:
    loaded = _loaded_after_import(module)
    assert not _roots(loaded) & {"claims_db", "sqlite_utils", "httpx", "textual", "rapidfuzz", "click", "numpy"}
    assert not {m for m in loaded if m.startswith("workbench.") and not m.startswith("workbench.extract")}


def test_the_semantic_model_loads_only_when_a_match_needs_it() -> None:
    # (numpy may come earlier: sqlite-utils imports it when it is installed.)
    loaded = _roots(_loaded_after_import("workbench.matching"))
    assert not loaded & {"tokenizers", "safetensors", "wordllama"}


def test_cli_help_does_not_import_textual_httpx_or_the_store() -> None:
    code = (
        "import json, sys\nfrom click.testing import CliRunner\nfrom workbench.cli import cli\n"
        "r = CliRunner().invoke(cli, ['--help'])\nassert r.exit_code == 0, r.output\n"
        "print(json.dumps(sorted(sys.modules)))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    loaded = _roots(set(json.loads(out)))
    assert not loaded & {"textual", "httpx", "rapidfuzz", "sqlite_utils", "claims_db", "numpy", "tokenizers"}
