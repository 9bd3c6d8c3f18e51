import re

import pytest
from django.core import mail

pytestmark = pytest.mark.django_db


def page(response, email: str) -> str:
    """The page as a visitor sees it, less what differs on every response anyway."""
    html = response.content.decode().replace(email, "EMAIL")
    html = re.sub(r'nonce="[^"]*"', "", html)
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)


def reset(client, email: str):
    return client.post("/accounts/password/reset/", {"email": email}, follow=True)


def test_reset_for_unknown_address_answers_like_a_known_one(client, alice):
    known = reset(client, "alice@example.org")
    unknown = reset(client, "nobody@example.org")

    assert known.status_code == unknown.status_code == 200
    assert known.redirect_chain == unknown.redirect_chain
    assert known.redirect_chain[-1][0].endswith("/accounts/password/reset/done/")
    assert page(known, "alice@example.org") == page(unknown, "nobody@example.org")
    # Only the mailbox owner learns whether an account exists.
    assert [m.to for m in mail.outbox] == [["alice@example.org"], ["nobody@example.org"]]
    assert "/accounts/password/reset/key/" in mail.outbox[0].body
    assert "/accounts/password/reset/key/" not in mail.outbox[1].body
