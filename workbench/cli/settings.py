"""Settings kept in the database, the verdict scale, and the store's health check (doctor)."""

from __future__ import annotations

import sys

import click

from workbench.cli.common import State, echo_json, pass_state, safe, say

SETTINGS = {
    "publisher_name": "ClaimReview author: the organisation publishing the fact-checks",
    "publisher_url": "the publisher's home page",
    "review_url_pattern": "each review's URL, with {claim_id}, e.g. https://example.org/checks/{claim_id}",
    "checker": "the checker's name stored with verdicts (default: $WORKBENCH_CHECKER or the login name)",
}


@click.command()
@click.argument("key", required=False, type=click.Choice(sorted(SETTINGS)))
@click.argument("value", required=False)
@click.option("--unset", is_flag=True, help="Remove the setting.")
@pass_state
def config(state: State, key: str | None, value: str | None, unset: bool) -> None:
    """Show or change the settings kept in the database (publisher, review URL pattern, checker)."""
    import claims_db

    db = state.reader() if key is None or (value is None and not unset) else state.db()
    if key is None:
        current = claims_db.all_settings(db)
        for name, meaning in SETTINGS.items():
            say(f"{name:<20} {safe(current.get(name, '(not set)'))}    # {meaning}")
        return
    if unset:
        claims_db.set_setting(db, key, None)
        say(f"{key} unset")
    elif value is None:
        say(safe(claims_db.get_setting(db, key, "(not set)")))
    else:
        if key == "review_url_pattern":
            from workbench.reports.claimreview import check_publisher

            check_publisher("-", None, value)
        if key == "publisher_url":
            from workbench.reports.claimreview import check_publisher_url

            check_publisher_url(value)
        claims_db.set_setting(db, key, value)
        say(f"{key} = {safe(value)}")


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print the scale as JSON.")
@pass_state
def labels(state: State, as_json: bool) -> None:
    """List the verdict scale: label, key in the TUI, ClaimReview rating."""
    import claims_db

    scale = claims_db.verdict_labels(state.reader())
    if as_json:
        echo_json(
            [
                {"label": s.label, "display_name": s.display_name, "key": s.key, "rating_value": s.rating_value}
                for s in scale
            ]
        )
        return
    for s in scale:
        rating = "-" if s.rating_value is None else str(s.rating_value)
        say(f"{s.key or ' '}  {s.label:<14} {s.display_name:<14} ClaimReview rating {rating}")


@click.command()
@click.option("--repair", is_flag=True, help="Rebuild the search index of the records if it is damaged or missing.")
@pass_state
def doctor(state: State, repair: bool) -> None:
    """Check the database: SQLite's integrity check, references between tables, the search index.

    Exit code 0 when all is well (or was repaired), 1 when a problem remains. Only the search index is
    ever repaired (rebuilt from the records); verdicts and claims are never touched.

    Example: workbench doctor --repair
    """
    import claims_db

    health = claims_db.check_store(state.db(), repair=repair)
    for line in health.repaired:
        say(f"repaired: {line}")
    for line in health.problems:
        say(f"problem: {safe(line)}", err=True)
    if not health.ok:
        sys.exit(1)
    say(f"{state.db_path}: ok")
