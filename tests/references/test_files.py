"""Importing files: formats, mapping, idempotence, and bad input that leaves the store untouched."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlite_utils import Database

import claims_db
from tests.conftest import SEEDS
from workbench.cli import cli
from workbench.errors import InputError
from workbench.references import import_dataset


def write(tmp_path: Path, name: str, content: str | bytes) -> str:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return str(path)


def snapshot(db: Database) -> tuple[int, int, list[str]]:
    return (
        db.execute("SELECT COUNT(*) FROM records").fetchone()[0],
        db.execute("SELECT COUNT(*) FROM records_fts").fetchone()[0],
        [d.name for d in claims_db.list_datasets(db)],
    )


def test_seed_csv_maps_columns_and_parses_values(db: Database) -> None:
    result = import_dataset(db, str(SEEDS / "references" / "war-on-terror-statistics.csv"), name="stats")
    assert result.format == "csv" and result.stats.added == 9
    record = claims_db.get_record(db, 1)
    assert record.key == "cow-2016-pakistan-deaths"
    assert record.value == 62000 and record.unit == "deaths" and record.period == "2001 to mid-2016"
    assert record.extra["author"] == "Neta C. Crawford"
    assert result.dataset is not None and result.dataset.mapping["text"] == "text"
    assert result.dataset.sha256 and len(result.dataset.sha256) == 64


def test_seed_claimreview_keeps_claimant_in_extra(db: Database) -> None:
    result = import_dataset(db, str(SEEDS / "references" / "imran-khan-earlier-statements.json"), name="said")
    assert result.format == "claimreview" and result.stats.added == 3
    records = claims_db.get_records(db, [1, 2, 3])
    assert {r.extra["claimant"] for r in records.values()} == {"Imran Khan"}
    assert records[3].value == 80000


def test_reimport_reports_added_updated_unchanged_and_duplicates(db: Database, tmp_path: Path) -> None:
    path = write(tmp_path, "d.csv", "id,claim,rating\n1,Crime fell 5%,False\n2,Taxes rose,True\n")
    first = import_dataset(db, path, name="d")
    assert (first.stats.added, first.stats.updated) == (2, 0)
    write(
        tmp_path,
        "d.csv",
        "id,claim,rating\n1,Crime fell 5%,False\n2,Taxes rose a lot,True\n3,New,True\n3,Newer,False\n",
    )
    second = import_dataset(db, path, name="d")
    stats = second.stats
    assert (stats.added, stats.updated, stats.unchanged, stats.duplicates) == (1, 1, 1, 1)
    assert any("repeat an earlier key" in w for w in second.warnings)
    third = import_dataset(db, path, name="d")
    assert third.unchanged_source and third.stats.unchanged == 3


def test_rows_without_a_key_get_a_stable_hash(db: Database, tmp_path: Path) -> None:
    path = write(tmp_path, "nokey.csv", "statement,verdict\nThe sky is green,False\nWater is wet,True\n")
    import_dataset(db, path, name="nokey")
    keys = sorted(r[0] for r in db.execute("SELECT key FROM records"))
    import_dataset(db, path, name="nokey", replace=True)
    assert sorted(r[0] for r in db.execute("SELECT key FROM records")) == keys
    assert all(k.startswith("h:") for k in keys)


def test_tsv_bom_and_semicolon_csv(db: Database, tmp_path: Path) -> None:
    tsv = write(tmp_path, "a.tsv", "\ufeffid\ttext\n1\tTabs work\n")
    assert import_dataset(db, tsv, name="tsv").stats.added == 1
    semi = write(tmp_path, "b.csv", "id;text;value\n1;Semicolons work;80,000\n")
    import_dataset(db, semi, name="semi")
    assert claims_db.get_dataset(db, "semi").row_count == 1
    assert db.execute("SELECT value FROM records WHERE text = 'Semicolons work'").fetchone()[0] == 80000


def test_latin1_falls_back_with_a_warning(db: Database, tmp_path: Path) -> None:
    path = write(tmp_path, "l.csv", "id,text\n1,Caf\xe9 prices rose 3%\n".encode("latin-1"))
    result = import_dataset(db, path, name="latin")
    assert any("latin-1" in w for w in result.warnings)
    assert db.execute("SELECT text FROM records").fetchone()[0] == "Café prices rose 3%"


def test_json_array_object_wrapper_and_jsonl(db: Database, tmp_path: Path) -> None:
    array = write(tmp_path, "a.json", json.dumps([{"id": "a", "claim": "One", "extra_field": {"x": 1}}]))
    wrapped = write(tmp_path, "b.json", json.dumps({"data": [{"id": "b", "claim": "Two"}], "meta": {}}))
    lines = write(tmp_path, "c.jsonl", '{"id": "c", "text": "Three"}\n\n{"id": "d", "text": "Four"}\n')
    assert import_dataset(db, array, name="a").format == "json"
    assert import_dataset(db, wrapped, name="b").stats.added == 1
    assert import_dataset(db, lines, name="c").stats.added == 2
    record = claims_db.get_record(db, 1)
    assert record.extra == {"extra_field": {"x": 1}}


def test_claimreview_in_html_graph_and_list(db: Database, tmp_path: Path) -> None:
    review = {"@type": "ClaimReview", "claimReviewed": "The moon is cheese", "url": "https://ex.org/r/1",
              "reviewRating": {"@type": "Rating", "alternateName": "False", "ratingValue": 1},
              "author": {"@type": "Organization", "name": "Ex Checks"}, "datePublished": "2024-01-02",
              "itemReviewed": {"@type": "Claim", "author": {"@type": "Person", "name": "A. Person"},
                               "appearance": [{"url": "https://news.example/a"}]}}  # fmt: skip
    page = f'<html><head><script type="application/ld+json">{json.dumps({"@graph": [review]})}</script></head></html>'
    html = write(tmp_path, "page.html", page)
    result = import_dataset(db, html, name="html")
    assert result.format == "claimreview" and result.stats.added == 1
    record = claims_db.get_record(db, 1)
    assert (record.text, record.rating, record.publisher, record.key) == (
        "The moon is cheese", "False", "Ex Checks", "https://ex.org/r/1")  # fmt: skip
    assert record.extra["claimant"] == "A. Person" and record.extra["appearance_url"] == "https://news.example/a"


def test_factcheck_api_file(db: Database, tmp_path: Path) -> None:
    response = {"claims": [{"text": "5G spreads viruses", "claimant": "Social media", "claimDate": "2020-03-01",
                            "claimReview": [{"publisher": {"name": "Check A", "site": "a.org"},
                                             "url": "https://a.org/5g", "title": "No", "textualRating": "False",
                                             "reviewDate": "2020-03-05", "languageCode": "en"}]}]}  # fmt: skip
    path = write(tmp_path, "api.json", json.dumps(response))
    result = import_dataset(db, path, name="api")
    assert result.format == "factcheck-api"
    record = claims_db.get_record(db, 1)
    assert (record.rating, record.publisher, record.url) == ("False", "Check A", "https://a.org/5g")
    assert record.extra["claimant"] == "Social media"


def test_explicit_mapping_and_fts(db: Database, tmp_path: Path) -> None:
    path = write(tmp_path, "m.csv", "ref,body,how_much\nr1,Exports reached 12 billion,12bn\n")
    import_dataset(db, path, name="m", mapping={"key": "ref", "text": "body", "value": "how_much"})
    record = claims_db.get_record(db, 1)
    assert (record.key, record.value) == ("r1", 12e9)
    assert db.execute("SELECT rowid FROM records_fts WHERE records_fts MATCH '\"exports\"'").fetchall() == [(1,)]


BAD_INPUTS = [
    ("quotes.csv", 'id,text\n1,"never closed\n2,fine\n', r"quotes\.csv:2: unbalanced quotes"),
    ("ragged.csv", "id,text\n1,ok\n2,too,many,fields\n", r"ragged\.csv:3: expected 2 fields .* found 4"),
    ("bad.json", '[{"id": 1, "text": "a"},\n {"id": 2 "text": "b"}]', r"bad\.json:2: invalid JSON at column 11"),
    ("bad.jsonl", '{"id": 1, "text": "a"}\n{"id": 2, "text": }\n', r"bad\.jsonl:2: invalid JSON"),
    ("cr.json", '[{"@type": "ClaimReview", "url": "https://x/1"}]', r"cr\.json: field 'claimReviewed'.*item 1"),
    ("empty.csv", "", r"empty\.csv: empty file"),
    ("blank.csv", "   \n\n", r"blank\.csv: empty file"),
    ("binary.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", r"binary\.csv: binary file"),
    ("notext.csv", "a,b\n1,2\n", r"no text column found: name one with --text \(columns: a, b\)"),
    ("emptytext.csv", "id,text\n1,\n", r"emptytext\.csv:2: field 'text': empty text"),
]


@pytest.mark.parametrize(("name", "content", "message"), BAD_INPUTS)
def test_bad_input_is_one_clear_error_and_changes_nothing(
    db: Database, tmp_path: Path, name: str, content: str | bytes, message: str
) -> None:
    import_dataset(db, str(SEEDS / "references" / "war-on-terror-statistics.csv"), name=name.split(".")[0])
    before = snapshot(db)
    with pytest.raises(InputError, match=message):
        import_dataset(db, write(tmp_path, name, content), name=name.split(".")[0])
    assert snapshot(db) == before
    db.execute("INSERT INTO records_fts(records_fts) VALUES ('integrity-check')")


def test_a_mapping_that_names_a_missing_column(db: Database, tmp_path: Path) -> None:
    path = write(tmp_path, "m.csv", "id,text\n1,a\n")
    with pytest.raises(InputError, match=r"field 'value': mapping names column 'amount', which is not in the file"):
        import_dataset(db, path, name="m", mapping={"value": "amount"})
    assert snapshot(db) == (0, 0, [])


def test_an_error_late_in_a_big_file_rolls_back_everything(db: Database, tmp_path: Path) -> None:
    rows = "".join(f"{i},Record number {i}\n" for i in range(20000))
    path = write(tmp_path, "big.csv", "id,text\n" + rows + "20000,ok\n20001,bad,row\n")
    with pytest.raises(InputError, match=r"big\.csv:20003"):
        import_dataset(db, path, name="big")
    assert snapshot(db) == (0, 0, [])


def test_cli_import_errors_are_one_line(tmp_path: Path) -> None:
    path = write(tmp_path, "ragged.csv", "id,text\n1,ok\n2,too,many\n")
    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "w.db"), "import", path])
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [f"Error: {path}:3: expected 2 fields (as in the header), found 3"]


def test_cli_import_datasets_and_remove(tmp_path: Path) -> None:
    db_path = str(tmp_path / "w.db")
    runner = CliRunner()
    csv_path = str(SEEDS / "references" / "war-on-terror-statistics.csv")
    result = runner.invoke(cli, ["--db", db_path, "import", csv_path, "--json"])
    assert result.exit_code == 0 and json.loads(result.stdout)["added"] == 9
    result = runner.invoke(cli, ["--db", db_path, "datasets", "--json"])
    assert json.loads(result.stdout)[0]["name"] == "war-on-terror-statistics"
    result = runner.invoke(cli, ["--db", db_path, "datasets", "remove", "war-on-terror-statistics"])
    assert result.exit_code == 0 and "9 records" in result.stdout
    result = runner.invoke(cli, ["--db", db_path, "datasets", "remove", "nope"])
    assert result.exit_code == 1 and "no dataset named 'nope'" in result.stderr


def test_cli_import_from_stdin(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli,
        ["--db", str(tmp_path / "w.db"), "import", "-", "--name", "piped", "--format", "csv"],
        input="id,text\n1,From a pipe\n",
    )
    assert result.exit_code == 0, result.stderr
    assert "1 added" in result.stdout


def test_ctrl_c_in_the_middle_of_an_import_keeps_the_previous_state(db: Database, tmp_path: Path) -> None:
    path = write(tmp_path, "big.csv", "id,text\n" + "".join(f"{i},Record {i}\n" for i in range(30000)))
    import_dataset(db, path, name="big")
    before = snapshot(db)
    write(tmp_path, "big.csv", "id,text\n" + "".join(f"{i},Changed record {i}\n" for i in range(40000)))

    def interrupt(event: object) -> None:
        if getattr(event, "stage", "") == "rows" and getattr(event, "done", 0) >= 10000:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        import_dataset(db, path, name="big", progress=interrupt)
    assert snapshot(db) == before
    assert db.execute("SELECT text FROM records WHERE key = '5'").fetchone()[0] == "Record 5"
    assert not db.conn.in_transaction


def test_cli_import_with_match_links_existing_claims(tmp_path: Path) -> None:
    db_path = str(tmp_path / "w.db")
    runner = CliRunner()
    article = tmp_path / "a.txt"
    article.write_text("The minister said 65,000 people were killed in Pakistan between 2001 and 2018.\n")
    assert runner.invoke(cli, ["--db", db_path, "add", str(article)]).exit_code == 0
    db = claims_db.connect(db_path)
    assert db.execute("SELECT COUNT(*) FROM matches").fetchone()[0] == 0  # nothing to match yet
    csv_path = str(SEEDS / "references" / "war-on-terror-statistics.csv")
    result = runner.invoke(cli, ["--db", db_path, "import", csv_path, "--match"])
    assert result.exit_code == 0 and "1 claims matched again" in result.stdout
    assert db.execute("SELECT COUNT(*) FROM matches").fetchone()[0] > 0
