"""`workbench claim ...`, `claims --status/--assignee/--repeated`, `add --claimant`, through the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import claims_db
from tests.conftest import SEED_ARTICLE
from workbench.cli import cli

SECOND_REPORT = Path(__file__).resolve().parent.parent / "data" / "article-imran-khan-le-figaro-the-news.txt"


def run(db_path: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["--db", str(db_path), *args])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def store(db_path: Path) -> Path:
    assert run(db_path, "add", str(SEED_ARTICLE), "--no-match")[0] == 0
    return db_path


def _claims(db_path: Path, *args: str) -> list[dict]:  # type: ignore[type-arg]
    code, out, err = run(db_path, "claims", "--json", "--sort", "id", *args)
    assert code == 0, err
    return json.loads(out)


def _seed_claim(db_path: Path) -> int:
    return next(c["id"] for c in _claims(db_path) if "80,000" in c["text"])


def test_dismiss_by_reason_name_restore_and_status_filters(store: Path) -> None:
    first = _claims(store)[0]["id"]
    code, out, _ = run(store, "claim", "dismiss", str(first), "--reason", "not-a-claim", "--checker", "amina")
    assert (code, out) == (0, f"claim {first}: dismissed (not a claim)\n")
    assert first not in [c["id"] for c in _claims(store)]
    (dismissed,) = _claims(store, "--status", "dismissed")
    assert (dismissed["id"], dismissed["status"], dismissed["dismissed"]) == (first, "dismissed", "not a claim")
    code, out, _ = run(store, "claims", "--status", "dismissed")
    assert "dismissed: not a claim" in out
    code, out, _ = run(store, "articles")
    assert "(1 dismissed)" in out
    assert run(store, "claim", "restore", str(first))[1] == f"claim {first}: restored\n"
    assert first in [c["id"] for c in _claims(store)]
    code, out, _ = run(store, "claim", "dismiss", str(first), "--reason", "a photo caption")
    assert "(a photo caption)" in out


def test_add_by_hand_gets_quantities_type_and_wording(store: Path) -> None:
    code, out, err = run(
        store, "claim", "add", "1", "Pakistan lost 80,000 people since 2001", "--claimant", "Imran Khan"
    )
    assert code == 0, err
    assert "your wording (not found in the article)" in out
    added = _claims(store)[-1]
    assert added["origin"] == "checker" and added["start"] is None and added["claimant"] == "Imran Khan"
    assert added["claim_type"] == "statistic" and added["quantities"][0]["value"] == 80000
    assert added["time_scope"]["start"] == "2001" and added["normalized"]
    code, out, _ = run(store, "claim", "add", "1", "so we will be partners in peace with the United States")
    assert code == 0 and "found in the article" in out
    placed = _claims(store)[-1]
    assert placed["start"] is not None and placed["claimant"] == "Imran Khan"  # the sentence's speaker


def test_edit_split_merge_undo_and_history(store: Path) -> None:
    seed = _seed_claim(store)
    code, out, _ = run(
        store, "claim", "edit", str(seed), "--text", "80,000 killed in Pakistan since 2001", "--type", "statistic"
    )
    assert code == 0 and out == f"claim {seed}: edited (wording, claim_type)\n"
    code, out, _ = run(
        store, "claim", "split", str(seed),
        "Since 2001, 80,000 people have lost their lives (in the war on terror) in Pakistan",
        "we will be partners in peace with the United States, not in war",
    )  # fmt: skip
    assert code == 0 and out.startswith(f"claim {seed}: split into claims ")
    parts = [c["id"] for c in _claims(store) if c["split_from"] == seed]
    assert len(parts) == 2
    first_part = next(c for c in _claims(store) if c["id"] == parts[0])
    assert first_part["quantities"][0]["value"] == 80000 and first_part["claim_type"] == "statistic"

    code, out, _ = run(store, "claim", "merge", str(parts[0]), str(parts[1]))
    assert out == f"claim {parts[0]}: claims {parts[1]} merged into it (now its appearances)\n"
    assert [c["status"] for c in _claims(store, "--status", "merged")] == ["merged"]
    assert run(store, "claim", "undo", str(parts[0]))[1].startswith(f"claim {parts[0]}: undid merged")
    assert run(store, "claim", "undo", str(seed))[1].startswith(f"claim {seed}: undid split")
    assert seed in [c["id"] for c in _claims(store)]

    code, out, _ = run(store, "claim", "history", str(seed))
    lines = out.splitlines()
    assert "extracted by the extractor" in lines[0] and "edited" in lines[1] and "split into claims" in lines[2]
    assert "undo of the split" in lines[3]
    events = json.loads(run(store, "claim", "history", str(seed), "--json")[1])
    assert [e["action"] for e in events] == ["extracted", "edited", "split", "undo"]
    assert events[0]["data"]["claimant"] == "Imran Khan"


def test_assign_unassign_and_the_assignee_filter(store: Path) -> None:
    seed = _seed_claim(store)
    assert run(store, "claim", "assign", str(seed), "amina")[1] == f"claim {seed}: assigned to amina\n"
    assert [c["id"] for c in _claims(store, "--assignee", "Amina")] == [seed]
    assert seed not in [c["id"] for c in _claims(store, "--assignee", "nobody")]
    assert _claims(store, "--assignee", "Amina")[0]["assignee"] == "amina"
    assert "@amina" in run(store, "claims")[1]
    assert run(store, "claim", "unassign", str(seed))[1] == f"claim {seed}: assigned to nobody\n"
    assert seed in [c["id"] for c in _claims(store, "--assignee", "nobody")]


def test_errors_are_one_line_and_usage_errors_exit_2(store: Path) -> None:
    code, out, err = run(store, "claim", "dismiss", "999", "--reason", "duplicate")
    assert (code, out, err) == (1, "", "Error: no claim with id 999\n")
    code, _, err = run(store, "claim", "add", "999", "Some text here")
    assert (code, err) == (1, "Error: no article with id 999\n")
    code, _, err = run(store, "claim", "link", "1", "2")
    assert code == 1 and err.count("\n") == 1 and "no verdict to carry over" in err
    assert run(store, "claim", "split", "1", "only one part")[0] == 2
    assert run(store, "claim", "edit", "1")[0] == 2
    assert run(store, "claim", "assign", "1")[0] == 2
    assert run(store, "claim", "dismiss", "1")[0] == 2  # --reason is required


def test_repeated_claim_surfaces_the_first_verdict_and_link_carries_it(store: Path) -> None:
    seed = _seed_claim(store)
    assert run(store, "verdict", str(seed), "misleading", "--checker", "amina")[0] == 0
    code, out, err = run(store, "add", str(SECOND_REPORT), "--no-match")
    assert code == 0, err
    assert "1 checked before" in out
    (repeat,) = _claims(store, "--repeated")
    assert "80,000 lives" in repeat["text"]
    (before,) = repeat["checked_before"]
    assert (before["claim_id"], before["label"], before["checker"]) == (seed, "misleading", "amina")
    code, out, _ = run(store, "claims", "--repeated")
    assert f"checked before: misleading, {before['date']}, by amina" in out

    code, out, _ = run(store, "claim", "link", str(repeat["id"]), str(seed + 1), "--reject")
    assert out == f"claim {repeat['id']}: no suggestion that it repeats claim {seed + 1}\n"
    code, out, _ = run(store, "claim", "link", str(repeat["id"]), str(seed), "--checker", "bo")
    assert out.startswith(f"claim {repeat['id']}: linked to claim {seed}, verdict misleading carried over")
    assert _claims(store, "--repeated") == []
    linked = next(c for c in _claims(store) if c["id"] == repeat["id"])
    assert (linked["label"], linked["status"]) == ("misleading", "reviewed")
    db = claims_db.connect(store, readonly=True)
    assert claims_db.current_verdict(db, repeat["id"]).carried_from is not None  # type: ignore[union-attr]


def test_add_claimant_fills_claims_with_no_speaker(db_path: Path) -> None:
    code, _, err = run(db_path, "add", str(SECOND_REPORT), "--no-match", "--claimant", "Imran Khan")
    assert code == 0, err
    assert {c["claimant"] for c in _claims(db_path)} == {"Imran Khan"}


def test_a_rejected_suggestion_leaves_the_repeated_list(store: Path) -> None:
    seed = _seed_claim(store)
    run(store, "verdict", str(seed), "misleading")
    run(store, "add", str(SECOND_REPORT), "--no-match")
    (repeat,) = _claims(store, "--repeated")
    code, out, _ = run(store, "claim", "link", str(repeat["id"]), str(seed), "--reject")
    assert code == 0
    assert out == f"claim {repeat['id']}: not a repeat of claim {seed} (suggestion dropped)\n"
    assert _claims(store, "--repeated") == []
    assert next(c for c in _claims(store) if c["id"] == repeat["id"])["checked_before"] == []
    assert "does not repeat claim" in run(store, "claim", "history", str(repeat["id"]))[1]
