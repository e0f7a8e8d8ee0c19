"""`make bench`: every benchmark, printed as a table and written to benchmarks/results/*.json.

Usage: python -m benchmarks [NAME ...]
(names: extraction, import, import-lock, import-stability, matching-quality, matching-speed, repeats, tui)
Large generated data goes to $WORKBENCH_BENCH_DIR (default: the system temp folder), not the repo.
"""

from __future__ import annotations

import json
import os
import platform
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path

Results = dict[str, dict[str, float]]


def _extraction(workdir: Path) -> Results:
    from benchmarks import extraction

    return {
        **extraction.checkworthiness_quality(),
        **extraction.numeric_quality(),
        **extraction.attribution_quality(),
        **extraction.extraction_speed(),
    }


def _import(workdir: Path) -> Results:
    from benchmarks import import_speed

    return import_speed.benchmark(workdir)


def _import_lock(workdir: Path) -> Results:
    from benchmarks import import_lock

    return import_lock.benchmark(workdir)


def _matching_quality(workdir: Path) -> Results:
    from benchmarks import matching_quality

    return {f"claim retrieval {k}": v for k, v in matching_quality.main().items()}


def _matching_speed(workdir: Path) -> Results:
    from benchmarks import matching_speed

    return matching_speed.benchmark(workdir)


def _repeats(workdir: Path) -> Results:
    from benchmarks import repeats_speed

    return repeats_speed.benchmark(workdir)


def _import_stability(workdir: Path) -> Results:
    from benchmarks import import_stability

    return import_stability.main()


def _tui(workdir: Path) -> Results:
    from benchmarks import tui_scale

    return tui_scale.benchmark(workdir)


BENCHMARKS: dict[str, Callable[[Path], Results]] = {
    "extraction": _extraction,
    "import": _import,
    "import-lock": _import_lock,
    "matching-quality": _matching_quality,
    "matching-speed": _matching_speed,
    "repeats": _repeats,
    "import-stability": _import_stability,
    "tui": _tui,
}


def _format(value: object) -> str:
    if isinstance(value, float):
        return f"{value:,.3f}" if abs(value) < 100 else f"{value:,.0f}"
    return f"{value:,}" if isinstance(value, int) else str(value)


def main(names: list[str]) -> int:
    unknown = [n for n in names if n not in BENCHMARKS]
    if unknown:
        print(f"unknown benchmark(s): {', '.join(unknown)} (one of {', '.join(BENCHMARKS)})", file=sys.stderr)
        return 2
    workdir = Path(os.environ.get("WORKBENCH_BENCH_DIR", Path(tempfile.gettempdir()) / "workbench-bench"))
    workdir.mkdir(parents=True, exist_ok=True)
    results: Results = {}
    for name in names or list(BENCHMARKS):
        started = time.perf_counter()
        print(f"== {name} …", file=sys.stderr, flush=True)
        results.update(BENCHMARKS[name](workdir))
        print(f"   {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
    width = max(len(metric) for rows in results.values() for metric in rows)
    for group, rows in results.items():
        print(f"\n{group}")
        for metric, value in rows.items():
            print(f"  {metric:<{width}}  {_format(value):>14}")
    out = Path(__file__).resolve().parent / "results"
    out.mkdir(exist_ok=True)
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    payload = {"when": stamp, "machine": platform.platform(), "python": platform.python_version(), "results": results}
    for path in (out / f"{stamp}.json", out / "latest.json"):
        path.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    print(f"\nwritten to {out / 'latest.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
