"""The workbench's Textual app: `workbench` (no command) or `workbench tui` opens it on --db."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from textual.app import App, SystemCommand
from textual.message import Message
from textual.screen import Screen

from workbench.tui.screens.desk_actions import DESK_BINDINGS
from workbench.tui.screens.modals import QuitScreen
from workbench.tui.screens.triage import TriageScreen
from workbench.tui.store import ATTEMPT_TIMEOUT_S, RETRY_PAUSE_S, PendingWrite, Store


class WriteUpdate(Message):
    """A queued write started waiting, was retried, landed or failed (posted from the drain thread)."""

    def __init__(self, write: PendingWrite) -> None:
        super().__init__()
        self.write = write


class WorkbenchApp(App[None]):
    CSS_PATH = "styles/app.tcss"
    TITLE = "Fact-checking workbench"

    def __init__(
        self,
        db_path: str,
        *,
        checker: str | None = None,
        attempt_timeout: float = ATTEMPT_TIMEOUT_S,
        retry_pause: float = RETRY_PAUSE_S,
        readonly: bool | None = None,
    ) -> None:
        super().__init__()
        self.store = Store(db_path, attempt_timeout=attempt_timeout, retry_pause=retry_pause, readonly=readonly)
        self.store.listener = lambda write: self.post_message(WriteUpdate(write))
        self.quit_when_saved = False
        from workbench.app import checker_name

        self.checker = checker or checker_name(self.store.db)

    def on_mount(self) -> None:
        self.push_screen(TriageScreen(self.store, self.checker))

    def on_unmount(self) -> None:
        self.store.close()

    # ---- the write queue -----------------------------------------------------------------------------

    def queue_write(
        self,
        what: str,
        fn: Callable[..., Any],
        *args: Any,
        claim_id: int | None = None,
        kind: str = "write",
        on_done: Callable[[Any], None] | None = None,
    ) -> PendingWrite:
        """Queue a write (in key-press order); ``on_done(result)`` runs on the UI thread once it landed."""
        write, start = self.store.submit(what, fn, *args, claim_id=claim_id, kind=kind, on_done=on_done)
        if start:
            self.run_worker(self.store.drain, thread=True, group="writes", exit_on_error=False)
        self._writes_changed()
        return write

    def on_write_update(self, message: WriteUpdate) -> None:
        write = message.write
        if write.done and write.error is not None:
            self.notify(f"NOT SAVED: {write.what}: {write.error}", severity="error", timeout=15, markup=False)
            for screen in self.screen_stack:
                if isinstance(screen, TriageScreen):
                    screen.reload()  # what the store really holds (a decision shown at once is undone)
        elif write.done and write.on_done is not None:
            write.on_done(write.result)
        self._writes_changed()

    def _writes_changed(self) -> None:
        for screen in self.screen_stack:
            if isinstance(screen, TriageScreen):
                screen.show_writes()
        if self.quit_when_saved and not self.store.pending():
            self.exit()

    async def action_quit(self) -> None:
        """Quit; with writes still waiting for the database, ask first."""
        pending = self.store.pending()
        if not pending:
            self.exit()
            return
        if isinstance(self.screen, QuitScreen):
            return

        def answer(choice: str | None) -> None:
            if choice == "quit":
                self.exit()
            elif choice == "when-saved":
                self.quit_when_saved = True
                self._writes_changed()

        self.push_screen(QuitScreen(pending), answer)

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
