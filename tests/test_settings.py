import os

import pytest
from django.conf import settings
from django.db import connection


def test_ci_runs_on_postgresql_and_redis():
    """CONSULT_REQUIRE_SERVICES is set by .ci/run: the suite must then really use them."""
    if not os.environ.get("CONSULT_REQUIRE_SERVICES"):
        pytest.skip("runs only where the services are required")
    assert connection.vendor == "postgresql"
    assert settings.CHANNEL_LAYERS["default"]["BACKEND"].startswith("channels_redis.")
    assert settings.CACHES["default"]["BACKEND"] == "consult.core.failsoft_cache.FailSoftRedisCache"
