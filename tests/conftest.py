from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlite_utils import Database

import claims_db
from tests.http_server import server  # noqa: F401  (a fixture: a real HTTP server on 127.0.0.1)

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SEED_ARTICLE = SEEDS / "articles" / "article-pakistan-pm-le-figaro.txt"


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WORKBENCH_CHECKER", "tester")
    monkeypatch.delenv("WORKBENCH_DB", raising=False)
    monkeypatch.delenv("FACTCHECK_API_KEY", raising=False)


@pytest.fixture
def db() -> Iterator[Database]:
    store = claims_db.connect(":memory:")
    yield store
    store.close()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "workbench.db"


@pytest.fixture
def seeded(db_path: Path) -> Iterator[Database]:
    from workbench.app import load_seeds

    store = claims_db.connect(db_path)
    load_seeds(store)
    yield store
    store.close()
