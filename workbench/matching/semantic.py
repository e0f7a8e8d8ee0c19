"""Meaning-level similarity: a static sentence embedding (WordLlama's shipped 256-d model).

A text's vector is the mean of its tokens' vectors, normalized; two texts' similarity is the cosine of
their vectors. No neural network runs: it is one table look-up per token, under 1 ms for the 15 or so
candidates the matcher re-ranks. The model (a 32,000 x 256 table and its tokenizer, MIT)
comes inside the ``wordllama`` wheel from PyPI; nothing is downloaded at run time. It is read here with
``tokenizers`` and ``safetensors`` directly rather than through ``wordllama``'s own loader, which in
0.4.0 looks for the shipped tokenizer in the wrong folder (and then tries the network) and sets up the
root logger when imported. See docs/decisions.md.
"""

from __future__ import annotations

import importlib.util
import logging
import os
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np

log = logging.getLogger(__name__)
MODEL = "weights/l2_supercat_256.safetensors"
TOKENIZER = "tokenizers/l2_supercat_tokenizer_config.json"
TENSOR = "embedding.weight"
MAX_CHARS = 2000  # a record's first 2,000 characters say what it is about; longer ones only cost time


class Embedder:
    """Texts -> unit vectors (numpy float32, one row per text)."""

    def __init__(self, table: np.ndarray, tokenizer: Any) -> None:
        self.table = table
        self.tokenizer = tokenizer
        self.dimensions = int(table.shape[1])

    @classmethod
    def from_files(cls, model: Path, tokenizer: Path) -> Embedder:
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        table = load_file(str(model))[TENSOR].astype("float32")  # 32 MB; 3x faster to average than float16
        reader = Tokenizer.from_file(str(tokenizer))
        reader.no_padding()
        reader.no_truncation()
        return cls(table, reader)

    def embed(self, texts: list[str]) -> np.ndarray:
        import numpy as np

        out = np.zeros((len(texts), self.dimensions), dtype=np.float32)
        if not texts:
            return out
        # encode_batch_fast: no character offsets, which a mean of token vectors has no use for.
        encodings = self.tokenizer.encode_batch_fast([t[:MAX_CHARS] for t in texts], add_special_tokens=False)
        for row, encoding in enumerate(encodings):
            ids = encoding.ids
            if ids:
                out[row] = self.table[ids].mean(axis=0)
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        np.divide(out, norms, out=out, where=norms > 0)
        return out

    def similarities(self, query: str, texts: list[str]) -> list[float]:
        """The cosine of ``query`` with each of ``texts`` (0.0 where either has no known token)."""
        vectors = self.embed([query, *texts])
        return [float(x) for x in vectors[1:] @ vectors[0]]


def model_files() -> tuple[Path, Path] | None:
    """Where the installed ``wordllama`` package keeps the model, without importing it; None if absent."""
    spec = importlib.util.find_spec("wordllama")
    if spec is None or not spec.submodule_search_locations:
        return None
    root = Path(next(iter(spec.submodule_search_locations)))
    model, tokenizer = root / MODEL, root / TOKENIZER
    return (model, tokenizer) if model.is_file() and tokenizer.is_file() else None


_lock = threading.Lock()
_loaded: list[Embedder | None] = []


def embedder() -> Embedder | None:
    """The shared embedder, loaded once (about 0.1 s); None when the model is not installed."""
    with _lock:
        if not _loaded:
            # Parallel tokenizing gains nothing on a couple of dozen short texts, and a process that
            # forks after using it gets a warning on stderr from the tokenizers library.
            os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
            files = model_files()
            try:
                if files is None:
                    raise FileNotFoundError("the wordllama package and its model files are not installed")
                _loaded.append(Embedder.from_files(*files))
            except Exception as error:  # a broken install: the matcher ranks on words alone rather than failing
                _loaded.append(None)
                log.warning("semantic model unavailable (%s): matching ranks on words alone", error)
        return _loaded[0]
