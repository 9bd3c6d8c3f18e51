"""Tallies stay exact when many requests race. PostgreSQL only: SQLite serialises every
write transaction and ignores select_for_update, so the race cannot happen there."""

import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
from allauth.account.models import EmailAddress
from django.db import connection, connections, transaction
from django.test import Client

from accounts.models import User
from accounts.services import profile_create
from consult.discussion import services
from consult.discussion.models import Position, Reaction

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: SQLite serialises writers and ignores select_for_update",
    ),
]

PARTICIPANTS = 50
DUPLICATES = 20


def people(count: int) -> list[User]:
    users = []
    for n in range(count):
        user = User.objects.create_user(email=f"racer{n}@example.org", password="x")
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        profile_create(user=user, display_name=f"Racer {n}", stakeholder_group="affected")
        users.append(user)
    return users


def race(calls) -> list[BaseException]:
    """Run every call in its own thread (so its own database connection), released at once."""
    barrier = threading.Barrier(len(calls))
    errors: list[BaseException] = []

    def run(call):
        try:
            barrier.wait()
            call()
        except Exception as error:  # noqa: BLE001 - the test reports them
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def test_parallel_positions_count_exactly(consultation):
    racers = people(PARTICIPANTS)
    repeater = racers[0]
    stances = ["support", "oppose", "unsure"]

    calls = [
        (
            lambda user=user: services.position_set(
                consultation=consultation, user=user, stance="oppose"
            )
        )
        for user in racers
    ] + [
        (
            lambda n=n: services.position_set(
                consultation=consultation, user=repeater, stance=stances[n % 3]
            )
        )
        for n in range(DUPLICATES)
    ]
    errors = race(calls)

    assert errors == []
    assert Position.objects.filter(consultation=consultation).count() == PARTICIPANTS
    assert Position.objects.filter(consultation=consultation, user=repeater).count() == 1


def test_parallel_reactions_keep_counters_equal_to_rows(consultation, alice, post_comment):
    comment = post_comment(consultation, alice, "React to me, all at once")
    racers = people(PARTICIPANTS)
    repeater = racers[0]
    values = ["agree", "disagree", "pass"]

    calls = [
        (lambda user=user: services.reaction_set(comment=comment, user=user, value="agree"))
        for user in racers
    ] + [
        (lambda n=n: services.reaction_set(comment=comment, user=repeater, value=values[n % 3]))
        for n in range(DUPLICATES)
    ]
    errors = race(calls)

    assert errors == []
    rows = Reaction.objects.filter(comment=comment)
    assert rows.count() == PARTICIPANTS
    assert rows.filter(user=repeater).count() == 1
    comment.refresh_from_db()
    by_value = Counter(rows.values_list("value", flat=True))
    assert (comment.agree_count, comment.disagree_count, comment.pass_count) == (
        by_value["agree"],
        by_value["disagree"],
        by_value["pass"],
    )
    assert sum(by_value.values()) == PARTICIPANTS


def test_parallel_withdrawals_and_reactions_keep_counters_equal_to_rows(
    consultation, alice, post_comment
):
    comment = post_comment(consultation, alice, "Make up your minds, all at once")
    racers = people(PARTICIPANTS // 2)
    for user in racers:
        services.reaction_set(comment=comment, user=user, value="agree")

    # Half withdraw, half change their minds, and one participant flips back and forth.
    calls = [
        (lambda user=user: services.reaction_withdraw(comment=comment, user=user))
        for user in racers[: len(racers) // 2]
    ] + [
        (lambda user=user: services.reaction_set(comment=comment, user=user, value="disagree"))
        for user in racers[len(racers) // 2 :]
    ]
    flipper = racers[-1]
    calls += [
        (lambda n=n: services.reaction_withdraw(comment=comment, user=flipper))
        if n % 2
        else (lambda: services.reaction_set(comment=comment, user=flipper, value="pass"))
        for n in range(DUPLICATES)
    ]
    errors = race(calls)

    assert errors == []
    rows = Reaction.objects.filter(comment=comment)
    by_value = Counter(rows.values_list("value", flat=True))
    comment.refresh_from_db()
    assert (comment.agree_count, comment.disagree_count, comment.pass_count) == (
        by_value["agree"],
        by_value["disagree"],
        by_value["pass"],
    )
    assert by_value["agree"] == 0
    assert rows.filter(user=flipper).count() <= 1


# The issue asks for 50 rounds; a write lost five times over comes about once in 1,000
# requests, so 50 rounds of 20 caught the old 500 in only 3 runs of 4: 150 catch it nearly
# always, for 20 seconds more.
ROUNDS = 150


def test_one_person_clicking_every_reaction_at_once_gets_no_server_error(
    consultation, alice, post_comment
):
    """20 requests from one person on one comment, all at once, ROUNDS times over: agree,
    disagree, pass and withdraw mixed. Writes find the reaction changed under them, some
    five times over (about 1 in 1,000 requests); none may fail, and the counters equal the
    rows after every round."""
    comment = post_comment(consultation, alice, "Click on me, all at once")
    (racer,) = people(1)
    values = ["agree", "disagree", "pass", "withdraw"]
    clients = []
    for _n in range(DUPLICATES):
        client = Client(raise_request_exception=False)
        client.force_login(racer)
        clients.append(client)
    url = f"/comments/{comment.pk}/reactions/"
    statuses: Counter = Counter()
    started = time.monotonic()

    with ThreadPoolExecutor(max_workers=DUPLICATES) as pool:
        for round_number in range(ROUNDS):
            barrier = threading.Barrier(DUPLICATES)

            def click(n, barrier=barrier, round_number=round_number):
                value = values[(n + round_number) % len(values)]
                try:
                    barrier.wait(timeout=30)
                    response = clients[n].post(
                        url, {"value": value}, HTTP_ACCEPT="application/json"
                    )
                    return response.status_code
                finally:
                    # Back to the pool, as the end of a real request gives it.
                    connections.close_all()

            statuses.update(pool.map(click, range(DUPLICATES)))
            rows = Counter(Reaction.objects.filter(comment=comment).values_list("value", flat=True))
            comment.refresh_from_db()
            assert (comment.agree_count, comment.disagree_count, comment.pass_count) == (
                rows["agree"],
                rows["disagree"],
                rows["pass"],
            ), round_number
            assert sum(rows.values()) <= 1

    print(f"{ROUNDS} rounds of {DUPLICATES}: {time.monotonic() - started:.1f} s, {statuses}")
    assert statuses == {200: ROUNDS * DUPLICATES}


def test_a_reaction_waits_for_the_disk_like_every_write(consultation, alice, bob, post_comment):
    # An acknowledged reaction must survive a crash of the database server (make topology
    # kills PostgreSQL under load and counts acknowledged writes lost): its commit is not
    # made asynchronous to answer sooner.
    comment = post_comment(consultation, alice, "React, then crash.")

    with transaction.atomic():
        services.reaction_set(comment=comment, user=bob, value="agree")
        with connection.cursor() as cursor:
            cursor.execute("SHOW synchronous_commit")
            setting = cursor.fetchone()[0]

    assert setting == "on"
    assert Reaction.objects.get(comment=comment, user=bob).value == "agree"
