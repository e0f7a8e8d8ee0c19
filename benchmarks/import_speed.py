"""Import speed and memory: 1,000,000 generated CSV rows, against a floor measured in the same run.

The floor: stdlib csv + sqlite3 executemany into the same records table, then FTS5 'rebuild'.
Each side runs in its own process so that peak RSS (ru_maxrss) is its own.
"""

from __future__ import annotations

import csv
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

import claims_db
from workbench.references import import_dataset

ROWS = 1_000_000


def floor(source: Path, db_path: Path) -> None:
    db = claims_db.connect(db_path)
    db.execute("INSERT INTO datasets (name, format) VALUES ('floor', 'csv')")
    db.conn.commit()
    started = time.perf_counter()
    with source.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        next(reader)
        db.conn.execute("BEGIN")
        db.conn.executemany(
            "INSERT INTO records (dataset_id, key, text, title, rating, value) VALUES (1, ?, ?, ?, ?, ?)", reader
        )
        db.conn.execute("INSERT INTO records_fts(records_fts) VALUES ('rebuild')")
        db.conn.execute("COMMIT")
    _report(time.perf_counter() - started)


def ours(source: Path, db_path: Path) -> None:
    db = claims_db.connect(db_path)
    started = time.perf_counter()
    result = import_dataset(db, str(source), name="generated")
    assert result.stats.added == ROWS or result.stats.added > 0
    _report(time.perf_counter() - started)


def _report(seconds: float) -> None:
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "peak_rss_mb": rss_mb}))


def _run(side: str, source: Path, db_path: Path) -> dict[str, float]:
    for suffix in ("", "-wal", "-shm"):
        Path(str(db_path) + suffix).unlink(missing_ok=True)
    out = subprocess.run(
        [sys.executable, "-m", "benchmarks.import_speed", side, str(source), str(db_path)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return json.loads(out.stdout.strip().splitlines()[-1])


def benchmark(workdir: Path, rows: int = ROWS) -> dict[str, dict[str, float]]:
    from benchmarks.generate import write_csv

    source = workdir / f"generated-{rows}.csv"
    if not source.exists():
        write_csv(source, rows)
    floor_result = _run("floor", source, workdir / "floor.db")
    ours_result = _run("ours", source, workdir / "ours.db")
    return {
        "import 1M-row CSV": {
            "rows": rows,
            "MB": source.stat().st_size / 1e6,
            "floor s": floor_result["seconds"],
            "workbench s": ours_result["seconds"],
            "ratio (target <= 1.5)": ours_result["seconds"] / floor_result["seconds"],
            "floor peak RSS MB": floor_result["peak_rss_mb"],
            "workbench peak RSS MB (target < 300)": ours_result["peak_rss_mb"],
        }
    }


if __name__ == "__main__":
    {"floor": floor, "ours": ours}[sys.argv[1]](Path(sys.argv[2]), Path(sys.argv[3]))
