"""Hostile dataset contents give one `Error:` line naming file, line (or item) and field, never a
traceback, and never a half-written dataset or invalid JSON out. Each input is generated here."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import claims_db
from tests.adversarial.helpers import run_cli

DEEP = 100_000


def write(path: Path, text: str | bytes) -> Path:
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8")
    else:
        path.write_bytes(text)
    return path


def strict_json(text: str) -> object:
    """Parse as the JSON standard has it: NaN and Infinity are not JSON."""

    def refuse(name: str) -> object:
        raise AssertionError(f"{name} in the output: not valid JSON")

    return json.loads(text, parse_constant=refuse)


def nothing_stored(db: Path) -> bool:
    return "no datasets yet" in run_cli(db, "datasets").out


# -- nesting -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "where"),
    [
        ("deep.json", "[" * DEEP + "]" * DEEP, ""),
        ("deep.jsonl", '{"text": "ok"}\n{"text": ' + "[" * DEEP + "]" * DEEP + "}\n", ":2:"),
        ("deep.jsonld", '{"@graph": ' + "[" * DEEP + "]" * DEEP + "}", ""),
    ],
    ids=["json", "jsonl", "jsonld"],
)
def test_json_nested_100k_deep_is_one_line(tmp_path: Path, name: str, content: str, where: str) -> None:
    path = write(tmp_path / name, content)
    line = run_cli(tmp_path / "w.db", "import", str(path)).one_line_error()
    assert f"{path}{where}" in line and "nested too deeply" in line
    assert nothing_stored(tmp_path / "w.db")


def test_a_row_nested_deeper_than_the_cap_is_refused_naming_line_and_field(tmp_path: Path) -> None:
    deep = "[" * 500 + "]" * 500  # the parser takes it; the store and the walkers must not get it
    path = write(tmp_path / "rows.jsonl", '{"text": "a"}\n{"text": "b", "meta": ' + deep + "}\n")
    line = run_cli(tmp_path / "w.db", "import", str(path)).one_line_error()
    assert f"{path}:2: field 'meta': nested deeper than 64 levels" in line


def test_jsonld_nested_900_deep_on_the_way_to_a_claimreview(tmp_path: Path) -> None:
    review = '{"@type": "ClaimReview", "claimReviewed": "Crime rose", "url": "https://x.org/1"}'
    path = write(tmp_path / "deep.jsonld", '{"@graph": ' + "[" * 900 + review + "]" * 900 + "}")
    line = run_cli(tmp_path / "w.db", "import", str(path)).one_line_error()
    assert "nested deeper than 64 levels" in line


def test_search_from_a_deep_jsonl_is_one_line(tmp_path: Path) -> None:
    path = write(tmp_path / "claims.jsonl", '{"id": 1, "text": ' + "[" * DEEP + "]" * DEEP + "}\n")
    line = run_cli(tmp_path / "w.db", "search", "--from", str(path)).one_line_error()
    assert f"{path}:1:" in line and "nested too deeply" in line


# -- numbers -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "where"),
    [
        ("big.jsonl", '{"text": "a"}\n{"text": "b", "value": ' + "9" * 5000 + "}\n", ":2:"),
        ("big.json", '[{"text": "a"},\n {"text": "b",\n  "value": ' + "9" * 5000 + "}]", ":3:"),
    ],
    ids=["jsonl", "json"],
)
def test_an_integer_over_4300_digits_is_one_line(tmp_path: Path, name: str, content: str, where: str) -> None:
    path = write(tmp_path / name, content)
    line = run_cli(tmp_path / "w.db", "import", str(path)).one_line_error()
    assert f"{path}{where}" in line and "more than 4,300 digits" in line


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity", "1e400"])
def test_nan_and_infinity_in_json_are_refused(tmp_path: Path, constant: str) -> None:
    path = write(tmp_path / "nan.jsonl", '{"text": "a"}\n{"text": "b", "score": ' + constant + "}\n")
    line = run_cli(tmp_path / "w.db", "import", str(path)).one_line_error()
    assert f"{path}:2: field 'score'" in line and "not a JSON number" in line
    assert nothing_stored(tmp_path / "w.db")


def test_nan_inside_a_json_array_names_the_item(tmp_path: Path) -> None:
    path = write(tmp_path / "nan.json", '[{"text": "a"}, {"text": "b", "stats": {"mean": NaN}}]')
    line = run_cli(tmp_path / "w.db", "import", str(path)).one_line_error()
    assert "item 2, field 'stats.mean'" in line and "NaN" in line


def test_non_finite_and_huge_numbers_in_a_csv_never_make_invalid_json(tmp_path: Path) -> None:
    rows = [
        "id,text,value",
        "1,Debt hit inf,inf",
        "2,Debt was nan,nan",
        "3,Debt huge,1e999",
        "4,Debt long," + "9" * 5000,
    ]
    path = write(tmp_path / "stats.csv", "\n".join(rows) + "\n")
    db = tmp_path / "w.db"
    assert run_cli(db, "import", str(path)).code == 0
    store = claims_db.connect(db)
    try:
        values = [(r["value"], json.loads(r["extra"])) for r in store.query("SELECT value, extra FROM records")]
    finally:
        store.close()
    assert len(values) == 4
    assert all(value is None and "value_raw" in extra for value, extra in values)
    out = run_cli(db, "search", "Debt", "--json", "--limit", "10")
    assert out.code == 0, out.err
    assert len(strict_json(out.out)) == 4  # type: ignore[arg-type]


@pytest.mark.parametrize(("digits", "stored"), [(30, float("9" * 30)), (400, None)], ids=["past-64-bits", "past-float"])
def test_a_huge_json_integer_value_never_overflows_the_store(tmp_path: Path, digits: int, stored: float | None) -> None:
    path = write(tmp_path / "big.jsonl", '{"id": "a", "text": "Debt", "value": ' + "9" * digits + "}\n")
    db = tmp_path / "w.db"
    result = run_cli(db, "import", str(path))
    assert result.code == 0, result.err
    found = strict_json(run_cli(db, "search", "Debt", "--json").out)
    assert isinstance(found, list)
    assert found[0]["value"] == stored


# -- text --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "field"),
    [
        ("sur.jsonl", '{"text": "ok"}\n{"text": "bad \\ud800 here"}\n', "text"),
        ("sur2.jsonl", '{"text": "ok"}\n{"text": "b", "meta": {"k": ["\\udc00"]}}\n', "meta"),
        ("sur3.jsonl", '{"text": "ok"}\n{"text": "b", "\\ud800": 1}\n', "\\ud800"),
    ],
    ids=["text", "nested", "key"],
)
def test_a_lone_surrogate_is_one_line_naming_line_and_field(
    tmp_path: Path, name: str, content: str, field: str
) -> None:
    path = write(tmp_path / name, content)
    line = run_cli(tmp_path / "w.db", "import", str(path)).one_line_error()
    assert f"{path}:2:" in line and "lone surrogate" in line and field in line
    assert nothing_stored(tmp_path / "w.db")


def test_a_lone_surrogate_in_a_json_array_and_a_pair_that_is_fine(tmp_path: Path) -> None:
    good = write(tmp_path / "good.json", '[{"id": "1", "text": "an emoji \\ud83d\\ude00 is a pair"}]')
    assert run_cli(tmp_path / "w.db", "import", str(good)).code == 0
    bad = write(tmp_path / "bad.json", '[{"id": "1", "text": "ok"}, {"id": "2", "text": "x\\ud83d"}]')
    line = run_cli(tmp_path / "w.db", "import", str(bad)).one_line_error()
    assert "item 2" in line and "field 'text'" in line and "lone surrogate" in line


def test_a_lone_surrogate_in_claimreview_jsonld(tmp_path: Path) -> None:
    review = {"@type": "ClaimReview", "claimReviewed": "Crime rose \\ud800", "url": "https://x.org/1"}
    path = write(tmp_path / "cr.jsonld", json.dumps(review).replace("\\\\ud800", "\\ud800"))
    line = run_cli(tmp_path / "w.db", "import", str(path)).one_line_error()
    assert "item 1, field 'text'" in line and "lone surrogate" in line


@pytest.mark.parametrize("body", [b"id,text\n1,odd", b"id,text\n1,ok\n"])
def test_odd_length_or_broken_utf16_is_one_line(tmp_path: Path, body: bytes) -> None:
    data = "\ufeff".encode("utf-16-le") + body.decode().encode("utf-16-le")
    data = data + b"x" if len(data) % 2 == 0 else data  # an odd number of bytes
    path = write(tmp_path / "u16.csv", data)
    line = run_cli(tmp_path / "w.db", "import", str(path)).one_line_error()
    assert "not valid UTF-16" in line and "odd number of bytes" in line


def test_a_lone_surrogate_encoded_in_utf16_is_one_line(tmp_path: Path) -> None:
    data = "\ufeffid,text\n1,".encode("utf-16-le") + b"\x00\xd8" + "x\n".encode("utf-16-le")
    path = write(tmp_path / "u16.csv", data)
    line = run_cli(tmp_path / "w.db", "import", str(path)).one_line_error()
    assert "not valid UTF-16" in line


def test_an_article_in_odd_length_utf16_is_one_line(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", "\ufeffThe minister said so.".encode("utf-16-le") + b"x")
    line = run_cli(tmp_path / "w.db", "extract", str(path)).one_line_error()
    assert "UTF-16" in line


# -- giant lines and fields ------------------------------------------------------------------------


def test_a_100_mb_line_of_commas_is_refused_without_reading_it_whole(tmp_path: Path) -> None:
    path = tmp_path / "commas.csv"
    with path.open("wb") as handle:
        handle.write(b"id,text\n")
        block = b"," * (1 << 20)
        for _ in range(100):
            handle.write(block)
        handle.write(b"\n")
    # 600 MB of address space: the line as a list of 100 million cells would need far more.
    line = run_cli(tmp_path / "w.db", "import", str(path), memory_mb=600).one_line_error()
    assert f"{path}:2: a line longer than 16,777,216 characters" in line


def test_a_giant_jsonl_line_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    path.write_text('{"text": "' + "a" * (17 * 1024 * 1024) + '"}\n', encoding="utf-8")
    line = run_cli(tmp_path / "w.db", "import", str(path)).one_line_error()
    assert f"{path}:1: a line longer than" in line


def test_a_giant_quoted_field_spanning_lines_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    line_of_text = "word " * 200_000 + "\n"  # 1 MB a line, inside one quoted field
    path.write_text('id,text\n1,"' + line_of_text * 17 + '"\n', encoding="utf-8")
    line = run_cli(tmp_path / "w.db", "import", str(path)).one_line_error()
    assert "a field longer than 16,777,216 characters" in line and f"{path}:2:" in line


def test_a_json_document_too_large_for_memory_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "big.json"
    with path.open("w", encoding="utf-8") as handle:  # 80 MB of small objects: over 1 GB once parsed
        handle.write("[" + ",".join(['{"t": "a", "u": 1}'] * 4_500_000) + "]")
    line = run_cli(tmp_path / "w.db", "import", str(path), memory_mb=600).one_line_error()
    assert "too large to read whole" in line and "JSONL" in line
