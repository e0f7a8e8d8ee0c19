from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

import claims_db
from workbench.app import load_seeds


@pytest.fixture
def seeded_path(tmp_path: Path) -> Iterator[str]:
    path = tmp_path / "workbench.db"
    db = claims_db.connect(path)
    load_seeds(db)
    db.close()
    yield str(path)
