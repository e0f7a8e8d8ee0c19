"""The TUI import dialog: a device is refused at once (it used to read /dev/zero for ever and stick
at "cancelling…"), a cancel stops the read of a local file, deep JSON is an error in the dialog."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.adversarial.helpers import GUARD_S
from tests.tui.test_triage import SIZE, screen_text, settle
from workbench.references.fetch import open_source
from workbench.tui.app import WorkbenchApp

SCRIPT = textwrap.dedent(
    """
    import asyncio, sys
    from textual.widgets import Static
    from workbench.tui.app import WorkbenchApp

    async def main(db: str, source: str) -> None:
        app = WorkbenchApp(db, checker="tester")
        async with app.run_test(size=(120, 36)) as pilot:
            await pilot.pause(0.5)
            await pilot.press("i")
            await pilot.pause()
            app.screen.query_one("#source").value = source
            app.screen.query_one("#start").press()
            status = ""
            for _ in range(200):
                await pilot.pause(0.05)
                status = str(app.screen.query_one("#work-status", Static).render())
                if "Error" in status:
                    break
            await pilot.press("escape")
            await pilot.pause(0.2)
            print(status)

    asyncio.run(main(sys.argv[1], sys.argv[2]))
    """
)


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_importing_a_device_in_the_tui_is_an_error_and_the_process_ends(
    seeded_path: str, tmp_path: Path, device: str
) -> None:
    script = tmp_path / "drive.py"
    script.write_text(SCRIPT, encoding="utf-8")
    # In a child process with a hard limit: before the fix the worker read the device for ever.
    result = subprocess.run(
        [sys.executable, str(script), seeded_path, device], capture_output=True, text=True, timeout=GUARD_S
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert f"Error: {device}: is a device, not a regular file" in " ".join(result.stdout.split())


def test_a_cancel_stops_the_read_of_a_local_file(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    path.write_bytes(b"id,text\n" + b"1,some words here\n" * 300_000)  # 5 MB: several progress calls
    seen: list[int] = []

    class Cancelled(Exception):
        pass

    def progress(done: int, total: int | None) -> None:
        seen.append(done)
        raise Cancelled()  # what the dialog's progress does once cancel is pressed

    with pytest.raises(Cancelled):
        open_source(str(path), progress=progress)
    assert seen == [1 << 20]  # stopped after the first megabyte, not read to the end


async def test_deep_json_is_an_error_in_the_dialog_not_a_crash(seeded_path: str, tmp_path: Path) -> None:
    source = tmp_path / "deep.json"
    source.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    app = WorkbenchApp(seeded_path, checker="tester")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("i")
        await pilot.pause()
        app.screen.query_one("#source").value = str(source)  # type: ignore[attr-defined]
        app.screen.query_one("#start").press()  # type: ignore[attr-defined]
        await settle(pilot)
        shown = " ".join(screen_text(app.screen.query_one("#work-status")).split())
        assert "nested too deeply" in shown
        assert app.is_running
