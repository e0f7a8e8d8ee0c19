"""Fixtures shared with the TUI tests."""

from tests.tui.conftest import seeded_path  # noqa: F401  (a fixture: a store with the seeds loaded)
