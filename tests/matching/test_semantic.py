from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlite_utils import Database

from workbench.matching import Matcher, semantic
from workbench.matching import matcher as matcher_module


@pytest.fixture
def fresh_model(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Forget the loaded model for one test (and load it anew after)."""
    monkeypatch.setattr(semantic, "_loaded", [])
    yield


def test_the_model_ships_with_the_installed_package() -> None:
    model = semantic.embedder()
    assert model is not None, "wordllama is a dependency: its model files must be installed"
    vectors = model.embed(["Since 2001, 80,000 people have lost their lives in Pakistan", ""])
    assert vectors.shape == (2, 256)
    assert abs(float((vectors[0] ** 2).sum()) - 1.0) < 1e-5  # unit length
    assert not vectors[1].any()  # no token, no direction


def test_similar_claims_are_closer_than_unrelated_ones() -> None:
    model = semantic.embedder()
    assert model is not None
    claim = "80,000 Pakistanis died in the war on terror"
    same, related, unrelated, empty = model.similarities(
        claim, [claim, "Pakistan lost 80,000 lives to terrorism since 2001", "Cooking pasta at home is easy", ""]
    )
    assert same == pytest.approx(1.0, abs=1e-5)
    assert related > 0.5 > unrelated + 0.3
    assert empty == 0.0


def test_odd_text_is_embedded_without_error() -> None:
    model = semantic.embedder()
    assert model is not None
    texts = ["\x1b[31mred\x1b[0m \x00 \u202e", "🦁🔥" * 50, "x" * 100_000, "   "]
    vectors = model.embed(texts)
    assert vectors.shape == (4, 256)
    assert all(abs(float((v**2).sum()) - 1.0) < 1e-5 or not v.any() for v in vectors)


def test_matches_say_how_close_in_meaning_they_are(seeded: Database) -> None:
    found = Matcher(seeded).match("70,000 Pakistanis lost their lives in the war against terror", limit=3)
    top = found[0]
    assert top.record.key == "ik-2016-newsone-70000"
    assert top.components["semantic"] > 0.9
    said = [r for r in top.reasons if r.startswith("similar in meaning: ")]
    assert said and float(said[0].split()[3]) == pytest.approx(top.components["semantic"], abs=0.01)


def test_without_the_model_matching_ranks_on_words(
    seeded: Database, monkeypatch: pytest.MonkeyPatch, fresh_model: None, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(semantic, "model_files", lambda: None)
    assert semantic.embedder() is None
    assert "matching ranks on words alone" in caplog.text  # said once, not silently worse
    found = Matcher(seeded).match("Pakistan economic losses war on terror billion", limit=3)
    assert found[0].record.key == "pes-2015-economic-losses"
    assert all("semantic" not in m.components for m in found)


def test_a_damaged_model_file_is_not_a_crash(
    tmp_path: Path, seeded: Database, monkeypatch: pytest.MonkeyPatch, fresh_model: None
) -> None:
    model, tokenizer = tmp_path / "model.safetensors", tmp_path / "tokenizer.json"
    model.write_bytes(b"\x00" * 64)
    tokenizer.write_text("{not json", encoding="utf-8")
    monkeypatch.setattr(semantic, "model_files", lambda: (model, tokenizer))
    assert semantic.embedder() is None
    assert Matcher(seeded).match("80,000 people died in Pakistan")


def test_model_files_is_none_without_the_package(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(semantic.importlib.util, "find_spec", lambda name: None)
    assert semantic.model_files() is None


def test_only_the_best_candidates_are_compared_in_meaning(seeded: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    model = semantic.embedder()
    assert model is not None
    seen: list[int] = []

    def counting(query: str, texts: list[str]) -> list[float]:
        seen.append(len(texts))
        return [0.5] * len(texts)

    monkeypatch.setattr(model, "similarities", counting)
    Matcher(seeded).match("people killed in Pakistan", limit=2)
    assert seen and seen[0] <= matcher_module.depth(2)
