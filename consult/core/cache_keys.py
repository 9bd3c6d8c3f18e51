"""Keys for Django's caches built from what a request or a view names."""

import hashlib


def hashed_key(prefix: str, *parts) -> str:
    """`prefix` and a digest of `parts` (of their repr, so that no two different sets of
    parts give one key): bounded in length and safe in every backend, whatever a path, a
    query string or a view holds."""
    return f"{prefix}:{hashlib.sha256(repr(parts).encode()).hexdigest()}"
