import uuid

import pytest

from consult.core.ratelimit import Rate, RateLimited, rate_limit_consume


def test_rates_parse():
    assert Rate.parse("10/5m") == Rate(limit=10, period=300)
    assert Rate.parse("120/m") == Rate(limit=120, period=60)
    assert Rate.parse("3/h") == Rate(limit=3, period=3600)


@pytest.mark.django_db
def test_the_limit_refuses_the_next_write_and_says_when_to_retry(settings):
    settings.CONSULT_RATE_LIMITS = {"comment": "3/h"}
    key = uuid.uuid4().hex  # the cache outlives tests: a fresh key isolates this one
    for _ in range(3):
        rate_limit_consume(action="comment", key=key)
    with pytest.raises(RateLimited) as refused:
        rate_limit_consume(action="comment", key=key)
    assert 0 < refused.value.retry_after <= 3600
    # Another participant, or another action, is counted apart.
    rate_limit_consume(action="comment", key=uuid.uuid4().hex)
    rate_limit_consume(action="reaction", key=key)
