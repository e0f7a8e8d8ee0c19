"""Import speed and memory: 300,000 and 1,000,000 generated CSV rows, against a floor measured in the same run.

The floor: stdlib csv + sqlite3 executemany into the same records table, then FTS5 'rebuild', in one
transaction. Each side runs in its own process so that peak RSS (ru_maxrss) is its own; each runs
``REPEATS`` times, alternating, and the best time of each counts (the machine is shared and noisy).
CPU seconds are reported too: on a loaded machine they are the steadier comparison.
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

SIZES = (300_000, 1_000_000)
REPEATS = 2


def floor(source: Path, db_path: Path) -> None:
    db = claims_db.connect(db_path)
    db.execute("INSERT INTO datasets (name, format) VALUES ('floor', 'csv')")
    db.conn.commit()
    started, cpu = time.perf_counter(), time.process_time()
    with source.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        next(reader)
        db.conn.execute("BEGIN")
        db.conn.executemany(
            "INSERT INTO records (dataset_id, key, text, title, rating, value) VALUES (1, ?, ?, ?, ?, ?)", reader
        )
        db.conn.execute("INSERT INTO records_fts(records_fts) VALUES ('rebuild')")
        db.conn.execute("COMMIT")
    _report(time.perf_counter() - started, time.process_time() - cpu)


def ours(source: Path, db_path: Path) -> None:
    db = claims_db.connect(db_path)
    started, cpu = time.perf_counter(), time.process_time()
    result = import_dataset(db, str(source), name="generated")
    assert result.stats.added > 0
    _report(time.perf_counter() - started, time.process_time() - cpu)


def _report(seconds: float, cpu: float) -> None:
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "cpu_seconds": cpu, "peak_rss_mb": rss_mb}))


def _run(side: str, source: Path, db_path: Path) -> dict[str, float]:
    for suffix in ("", "-wal", "-shm"):
        Path(str(db_path) + suffix).unlink(missing_ok=True)
    out = subprocess.run(
        [sys.executable, "-m", "benchmarks.import_speed", side, str(source), str(db_path)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return json.loads(out.stdout.strip().splitlines()[-1])


def benchmark(workdir: Path, sizes: tuple[int, ...] = SIZES) -> dict[str, dict[str, float]]:
    from benchmarks.generate import write_csv

    results: dict[str, dict[str, float]] = {}
    for rows in sizes:
        source = workdir / f"generated-{rows}.csv"
        if not source.exists():
            write_csv(source, rows)
        runs: dict[str, list[dict[str, float]]] = {"floor": [], "ours": []}
        for repeat in range(REPEATS):
            for side in ("floor", "ours") if repeat % 2 == 0 else ("ours", "floor"):
                runs[side].append(_run(side, source, workdir / f"{side}.db"))
        floor_s = min(r["seconds"] for r in runs["floor"])
        ours_s = min(r["seconds"] for r in runs["ours"])
        floor_cpu = min(r["cpu_seconds"] for r in runs["floor"])
        ours_cpu = min(r["cpu_seconds"] for r in runs["ours"])
        results[f"import {rows // 1000:,}k-row CSV"] = {
            "rows": rows,
            "MB": source.stat().st_size / 1e6,
            "floor s": floor_s,
            "workbench s": ours_s,
            "ratio (target <= 1.3)": ours_s / floor_s,
            "floor CPU s": floor_cpu,
            "workbench CPU s": ours_cpu,
            "CPU ratio": ours_cpu / floor_cpu,
            "floor peak RSS MB": max(r["peak_rss_mb"] for r in runs["floor"]),
            "workbench peak RSS MB (target < 300)": max(r["peak_rss_mb"] for r in runs["ours"]),
        }
    return results


if __name__ == "__main__":
    {"floor": floor, "ours": ours}[sys.argv[1]](Path(sys.argv[2]), Path(sys.argv[3]))
