"""Client addresses are never kept: what must tell clients apart gets a keyed hash instead.

allauth counts its rate limits (logins, sign-ups, password resets) per client address, in the
shared cache. Through AccountAdapter.get_client_ip it sees this hash, which is keyed with
SECRET_KEY (so it cannot be reversed by hashing all 2^32 addresses) and changes every day (so
it cannot follow anyone across days). IPv6 clients are grouped by network, as allauth does,
so rotating addresses within one allocation does not escape the limits.
"""

import hashlib
import hmac
import ipaddress
from datetime import datetime

from django.conf import settings
from django.utils import timezone

IPV6_NETWORK_PREFIX = 64


def client_address_hash(address: str, *, now: datetime | None = None) -> str:
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        network = address
    else:
        if isinstance(parsed, ipaddress.IPv6Address):
            prefix = f"{parsed}/{IPV6_NETWORK_PREFIX}"
            network = str(ipaddress.IPv6Network(prefix, strict=False).network_address)
        else:
            network = str(parsed)
    day = (now or timezone.now()).date().isoformat()
    digest = hmac.new(
        settings.SECRET_KEY.encode(), f"{day}|{network}".encode(), hashlib.sha256
    ).hexdigest()
    return f"client-{digest[:32]}"
