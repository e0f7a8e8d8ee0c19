"""Make the SVG screenshots of docs/user-guide.md: python docs/screenshots.py (run from the repo root)."""

from __future__ import annotations

import asyncio
import tempfile
from pathlib import Path

import claims_db
from claims_db.util import now
from workbench.app import add_article, load_seeds
from workbench.articles import ArticleText
from workbench.tui.app import WorkbenchApp
from workbench.tui.widgets.claims_table import ClaimsTable

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


SECOND = (
    "Prime Minister Imran Khan told CNN that Pakistan had lost 80,000 people in the war on terror since 2001.\n"
    "He said the country had suffered greatly."
)


async def desk() -> None:
    """Correcting the claim list: the dismiss dialog, adding a claim, a repeated claim."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "workbench.db"
        db = claims_db.connect(path)
        load_seeds(db)
        earlier = claims_db.list_claims(db, claims_db.ClaimFilter(text="80,000 people have lost"))[0].claim.id
        claims_db.add_verdict(db, earlier, "false", checker="amina", note="65,000 by 2018 (Costs of War).")
        claims_db.assign_claim(db, earlier, "amina", checker="amina")
        added = add_article(db, ArticleText(text=SECOND, title="Second report"))
        new = claims_db.list_claims(db, claims_db.ClaimFilter(article_id=added.article.id, text="80,000"))[0]
        # Found when the article is added (workbench.matching.repeats); set here so the picture never depends on it.
        db.execute(
            "INSERT INTO claim_repeats (claim_id, earlier_id, score, state, created_at) VALUES (?, ?, 0.9, 'suggested', ?)"
            " ON CONFLICT (claim_id, earlier_id) DO NOTHING",
            [new.claim.id, earlier, now()],
        )
        db.conn.commit()
        db.close()
        app = WorkbenchApp(str(path), checker="ana")
        async with app.run_test(size=(140, 40)) as pilot:
            await pilot.pause(1.0)
            table = app.screen.query_one(ClaimsTable)
            table.move_cursor(row=table.claim_ids.index(new.claim.id))
            await pilot.pause(0.5)
            app.save_screenshot(str(OUT / "desk-repeated-claim.svg"))
            await pilot.press("down", "down", "d", "down")
            await pilot.pause(0.3)
            app.save_screenshot(str(OUT / "desk-dismiss.svg"))
            await pilot.press("escape", "plus")
            await pilot.pause(0.5)
            app.save_screenshot(str(OUT / "desk-add-claim.svg"))


if __name__ == "__main__":
    asyncio.run(main())
    asyncio.run(desk())
