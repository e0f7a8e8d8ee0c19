"""The workbench's Textual app: `workbench` (no command) or `workbench tui` opens it on --db."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from textual.app import App, SystemCommand
from textual.screen import Screen

from workbench.tui.screens.desk_actions import DESK_BINDINGS
from workbench.tui.screens.triage import TriageScreen
from workbench.tui.store import Store


class WorkbenchApp(App[None]):
    CSS_PATH = "styles/app.tcss"
    TITLE = "Fact-checking workbench"

    def __init__(self, db_path: str, *, checker: str | None = None) -> None:
        super().__init__()
        self.store = Store(db_path)
        from workbench.app import checker_name

        self.checker = checker or checker_name(self.store.db)

    def on_mount(self) -> None:
        self.push_screen(TriageScreen(self.store, self.checker))

    def on_unmount(self) -> None:
        self.store.close()

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        if not isinstance(screen, TriageScreen):
            return
        for label in screen.labels.values():
            yield SystemCommand(
                f"Verdict: {label.display_name}",
                f"Set the verdict (key {label.key})",
                lambda key=label.key: screen.action_verdict(str(key)),
            )
        commands = [
            ("Note", "Write a note for the claim (n)", screen.action_note),
            (
                "Confirm evidence",
                "Confirm the highlighted match as evidence (c)",
                lambda: screen.action_evidence("confirmed"),
            ),
            ("Reject evidence", "Reject the highlighted match (x)", lambda: screen.action_evidence("rejected")),
            ("Undo verdict", "Undo the claim's last verdict (u)", screen.action_undo),
            ("Filter claims", "Filter by article, status, label, type, text (/)", lambda: screen.action_filter()),
            ("Change sort", "Cycle the sort order (o)", screen.action_sort),
            ("Search references", "Free-text search of the datasets (s)", screen.action_search),
            ("Add article", "Add an article from a path, URL or pasted text (a)", screen.action_add_article),
            ("Import dataset", "Import a reference dataset (i)", screen.action_import_dataset),
            ("Write report", "Write a report (r)", screen.action_report),
            ("Keys", "Show the keys (?)", screen.action_help),
        ]
        for title, help_text, callback in commands:
            yield SystemCommand(title, help_text, callback)
        for binding in DESK_BINDINGS:
            key = {"plus": "+"}.get(binding.key, binding.key)
            title = {"Claim": "Add claim"}.get(binding.description, binding.description)
            yield SystemCommand(title, f"{binding.tooltip} ({key})", getattr(screen, f"action_{binding.action}"))


def run(db_path: str) -> None:
    WorkbenchApp(db_path).run()
