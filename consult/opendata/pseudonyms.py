"""Per-consultation participant pseudonyms for data that leaves the site.

A keyed hash of the consultation and the account: stable, so a researcher can follow one
participant's contributions within a consultation, but different in every consultation (no
linking across them), different between the open data and the analysts' exports, and
impossible to reverse without settings.CONSULT_PSEUDONYM_KEY. Never the profile's pseudonym,
which the public sees beside comments and would tie the data back to a person's page.
"""

import hashlib
import hmac
from functools import lru_cache

from django.conf import settings

OPEN_DATA = "open-data"
EXPORT = "export"


@lru_cache(maxsize=65536)
def _digest(key: str, purpose: str, consultation_id: int, user_id: int) -> str:
    message = f"{purpose}|{consultation_id}|{user_id}".encode()
    return hmac.new(key.encode(), message, hashlib.sha256).hexdigest()[:16]


def participant_pseudonym(*, purpose: str, consultation_id: int, user_id: int | None) -> str:
    """e.g. "p-3f9a0c1d2e4b5a6f"; empty for a contribution whose author left (anonymised)."""
    if user_id is None:
        return ""
    return "p-" + _digest(settings.CONSULT_PSEUDONYM_KEY, purpose, consultation_id, user_id)
