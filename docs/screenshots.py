"""Make the SVG screenshots of docs/user-guide.md: python docs/screenshots.py (run from the repo root)."""

from __future__ import annotations

import asyncio
import tempfile
from pathlib import Path

import claims_db
from workbench.app import load_seeds
from workbench.tui.app import WorkbenchApp

OUT = Path(__file__).resolve().parent / "images"


async def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "workbench.db"
        db = claims_db.connect(path)
        load_seeds(db)
        db.close()
        app = WorkbenchApp(str(path), checker="ana")
        async with app.run_test(size=(140, 40)) as pilot:
            await pilot.pause(1.0)
            app.save_screenshot(str(OUT / "triage.svg"))
            await pilot.press("tab")  # to the matches; the top one is highlighted
            await pilot.pause(0.5)
            app.save_screenshot(str(OUT / "why-it-matched.svg"))
            await pilot.press("c")
            await pilot.pause(0.5)
            await pilot.press("n")
            await pilot.pause(0.3)
            await pilot.press(*"Costs of War: about 65,000 killed 2001-2018; 80,000 is not supported.")
            await pilot.pause(0.3)
            app.save_screenshot(str(OUT / "note.svg"))
            await pilot.press("ctrl+s")
            await pilot.pause(0.5)
            await pilot.press("question_mark")
            await pilot.pause(0.3)
            app.save_screenshot(str(OUT / "help.svg"))


if __name__ == "__main__":
    asyncio.run(main())
