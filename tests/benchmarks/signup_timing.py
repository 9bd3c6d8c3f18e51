"""The signup timing benchmark: does signing up tell who is registered by how long it takes?

With ACCOUNT_PREVENT_ENUMERATION a registered address gets the same answer as a new one;
this measures whether it also comes as fast. 30 signups with new addresses and 30 with
registered ones (each address tried once, as someone probing a list would), interleaved
and in alternating order so a noisy neighbour slows both alike, against run.py's server.
`ratio` is the slower path's median over the faster one's; the target is at most 1.2.

Run by run.py; tune with BENCH_SIGNUP_TRIES (30).
"""

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

import load

ROOT = Path(__file__).resolve().parents[2]
TRIES = int(os.environ.get("BENCH_SIGNUP_TRIES", "30"))
WARM_UP = 3
TARGET_RATIO = 1.2
PASSWORD = "correct horse battery staple"
# Each run its own addresses, so a run on the database an earlier one left (BENCH_REUSE=1)
# still signs up new ones, and none was mailed a moment ago (allauth then skips the mail).
RUN = time.time_ns()

# Registered participants, as signup leaves them; no password, so no hashing here.
REGISTERED = """
import sys
import django
django.setup()
from allauth.account.models import EmailAddress
from accounts.models import User
from accounts.services import profile_create

for email in sys.argv[1:]:
    user = User.objects.create_user(email=email, password=None)
    EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
    profile_create(user=user, display_name="Registered", stakeholder_group="affected")
"""


def addresses(kind: str, count: int) -> list[str]:
    return [f"signup-{kind}-{RUN}-{n}@example.org" for n in range(count)]


def register(env: dict[str, str], emails: list[str]) -> None:
    subprocess.run(
        [sys.executable, "-c", REGISTERED, *emails], cwd=ROOT, env=env, check=True, timeout=300
    )


def signup_request(port: int, fixture: dict, email: str) -> bytes:
    body = urlencode(
        {
            "csrfmiddlewaretoken": fixture["csrf"],
            "email": email,
            "password1": PASSWORD,
            "password2": PASSWORD,
            "display_name": "Dana Okafor",
            "stakeholder_group": "community",
            "preferred_language": "en",
        }
    ).encode()
    return load.request(
        "POST",
        "/accounts/signup/",
        port=port,
        cookies={fixture["csrf_cookie_name"]: fixture["csrf"]},
        headers={"Content-Type": "application/x-www-form-urlencoded"},
        body=body,
    )


def timed_signup(port: int, fixture: dict, email: str) -> float:
    raw = signup_request(port, fixture, email)
    started = time.perf_counter()
    reply = load.fetch_one(port, raw)
    elapsed = time.perf_counter() - started
    location = reply.headers.get("location", [""])[0]
    if reply.status != 302 or not location.endswith("/accounts/confirm-email/"):
        raise SystemExit(f"signup_timing: {email} answered {reply.status} {location!r}")
    return elapsed


def measure(port: int, fixture: dict, env: dict[str, str]) -> dict:
    print(f"\nSignup timing: {TRIES} new and {TRIES} registered addresses, interleaved", flush=True)
    new = addresses("new", WARM_UP + TRIES)
    registered = addresses("registered", WARM_UP + TRIES)
    register(env, registered)
    times: dict[str, list[float]] = {"new": [], "registered": []}
    for n, pair in enumerate(zip(new, registered, strict=True)):
        tries = list(zip(("new", "registered"), pair, strict=True))
        for kind, email in tries if n % 2 else reversed(tries):
            elapsed = timed_signup(port, fixture, email)
            if n >= WARM_UP:
                times[kind].append(elapsed)
    medians = {kind: statistics.median(values) * 1000 for kind, values in times.items()}
    ratio = max(medians.values()) / min(medians.values())
    result = {
        "ratio": round(ratio, 3),
        "new_median_ms": round(medians["new"], 1),
        "registered_median_ms": round(medians["registered"], 1),
        "tries": TRIES,
        "target": f"<={TARGET_RATIO}",
    }
    print(table_row(result), flush=True)
    return result


def table_row(result: dict) -> str:
    verdict = "met" if result["ratio"] <= TARGET_RATIO else "MISSED"
    return (
        f"{'signup_timing':<28} ratio {result['ratio']:.3f} (target <={TARGET_RATIO}, {verdict}): "
        f"medians {result['new_median_ms']} ms new, {result['registered_median_ms']} ms "
        f"registered, {result['tries']} each"
    )
