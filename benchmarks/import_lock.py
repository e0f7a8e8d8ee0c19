"""Verdict writes while a big import runs: how long does another process wait for the write lock?

A writer process appends a verdict (``claims_db.add_verdict``) every 50 ms and times each call,
first with nothing else running (the baseline), then while another process imports 1,000,000
generated CSV rows into the same store. Reported: p50 / p95 / max latency of both, and the import's
own time with the writer running. The target: p95 and max during the import within ~2 s.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

import claims_db

ROWS = 1_000_000
BASELINE_SECONDS = 5.0
PAUSE = 0.05  # between two verdicts


def writer(db_path: Path, stop_file: Path, seconds: float) -> None:
    """Append verdicts until ``stop_file`` exists (or ``seconds`` pass); print the latencies."""
    db = claims_db.connect(db_path)
    claim_id = db.execute("SELECT MIN(id) FROM claims").fetchone()[0]
    latencies: list[float] = []
    ended = time.monotonic() + seconds
    labels = ("true", "false")
    while not stop_file.exists() and time.monotonic() < ended:
        started = time.perf_counter()
        claims_db.add_verdict(db, claim_id, labels[len(latencies) % 2], checker="bench")
        latencies.append(time.perf_counter() - started)
        time.sleep(PAUSE)
    print(json.dumps(latencies))


def importer(db_path: Path, source: Path) -> None:
    from workbench.references import import_dataset

    db = claims_db.connect(db_path)
    started = time.perf_counter()
    result = import_dataset(db, str(source), name="generated")
    print(json.dumps({"seconds": time.perf_counter() - started, "added": result.stats.added}))


def _fresh_store(db_path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(str(db_path) + suffix).unlink(missing_ok=True)
    db = claims_db.connect(db_path)
    text = "The minister said 65,000 people were killed in Pakistan between 2001 and 2018."
    article = claims_db.add_article(db, text, title="bench")
    claims_db.add_claims(db, article.article.id, [{"start": 0, "end": len(text), "text": text}])
    db.close()


def _spawn(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "benchmarks.import_lock", *args], stdout=subprocess.PIPE, text=True)


def _summary(latencies: list[float]) -> dict[str, float]:
    ordered = sorted(latencies)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {"p50": statistics.median(ordered), "p95": p95, "max": ordered[-1]}


def benchmark(workdir: Path, rows: int = ROWS) -> dict[str, dict[str, float]]:
    from benchmarks.generate import write_csv

    source = workdir / f"generated-{rows}.csv"
    if not source.exists():
        write_csv(source, rows)
    db_path = workdir / "lock.db"
    stop_file = workdir / "lock.stop"
    stop_file.unlink(missing_ok=True)
    _fresh_store(db_path)
    baseline_proc = _spawn("writer", str(db_path), str(stop_file), str(BASELINE_SECONDS))
    baseline = json.loads(baseline_proc.communicate()[0])
    _fresh_store(db_path)
    writing = _spawn("writer", str(db_path), str(stop_file), "3600")
    time.sleep(0.5)  # the writer is connected and writing
    importing = _spawn("importer", str(db_path), str(source))
    imported = json.loads(importing.communicate()[0].strip().splitlines()[-1])
    stop_file.touch()
    during = json.loads(writing.communicate()[0])
    stop_file.unlink(missing_ok=True)
    base, busy = _summary(baseline), _summary(during)
    return {
        f"verdict writes during a {rows // 1000:,}k-row import": {
            "baseline verdicts": len(baseline),
            "baseline p50 ms": base["p50"] * 1000,
            "baseline p95 ms": base["p95"] * 1000,
            "baseline max ms": base["max"] * 1000,
            "verdicts during the import": len(during),
            "during p50 ms": busy["p50"] * 1000,
            "during p95 ms (target <= 2000)": busy["p95"] * 1000,
            "during max ms (target <= 2000)": busy["max"] * 1000,
            "import s (writer running)": imported["seconds"],
        }
    }


if __name__ == "__main__":
    if sys.argv[1] == "writer":
        writer(Path(sys.argv[2]), Path(sys.argv[3]), float(sys.argv[4]))
    else:
        importer(Path(sys.argv[2]), Path(sys.argv[3]))
