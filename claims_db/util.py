"""Small helpers shared by the store modules."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime, timezone
from typing import Any


def now() -> str:
    """The current UTC time, ISO 8601 with milliseconds."""
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def dumps(value: Any) -> str:
    """Compact, stable JSON (sorted keys, no ASCII escaping) for storage and hashing."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
