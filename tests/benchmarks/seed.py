"""Build the benchmark's database: migrations, the demo site, and on its open consultation
2,000 comments (400 threads of five) with 20,000 reactions and 100 positions, on its second
open consultation ten times as many (20,000 comments, 200,000 reactions), then its planner
statistics, as a production database has them.

Run by run.py in the benchmark's environment (a fresh database, bench_settings). Writes the
file named by its argument: the page's path, and the cookies and comments the load
generator uses.
"""

import itertools
import json
import random
import string
import sys

import django

django.setup()

from allauth.account.models import EmailAddress  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils.crypto import get_random_string  # noqa: E402

from accounts.models import Profile, StakeholderGroup, User  # noqa: E402
from consult.consultations.models import ConsultationPage  # noqa: E402
from consult.discussion import services  # noqa: E402
from consult.discussion.models import Comment, Position, Reaction, Stance  # noqa: E402
from consult.opinions.services import opinion_groups_compute  # noqa: E402

PARTICIPANTS = 100
THREADS = 400  # five comments each: 2,000 in all
LARGE_THREADS = 4000  # 20,000 comments, 200,000 reactions
REACTIONS_PER_COMMENT = 10  # 20,000 in all
BATCH = 2000
# The most connections the load generator opens (each reacts as its own participant).
CONNECTIONS = 8


def participants() -> list[User]:
    users = User.objects.bulk_create(
        User(email=f"bench{n}@example.org", password="!") for n in range(PARTICIPANTS)
    )
    groups = itertools.cycle(StakeholderGroup.values)
    Profile.objects.bulk_create(
        Profile(
            user=user,
            display_name=f"Bench Person {n}",
            pseudonym=f"Participant {70000 + n}",
            stakeholder_group=next(groups),
        )
        for n, user in enumerate(users)
    )
    EmailAddress.objects.bulk_create(
        EmailAddress(user=user, email=user.email, verified=True, primary=True) for user in users
    )
    return users


def comments(page: ConsultationPage, users: list[User], threads: int) -> list[Comment]:
    """`threads` threads, each a root, two replies, a reply to the first, and one more
    level."""
    authors = itertools.cycle(users)
    made = itertools.count()

    def comment(parent: Comment | None = None) -> Comment:
        n = next(made)
        author = next(authors)
        return Comment(
            consultation=page,
            parent=parent,
            thread_id=(parent.thread_id or parent.pk) if parent else None,
            depth=parent.depth + 1 if parent else 0,
            author=author,
            author_display_mode="pseudonym" if n % 3 else "named",
            author_stakeholder_group=author.profile.stakeholder_group,
            body_source=f"Comment {n}: what this would change for us, in a few plain sentences.",
            body_html=(
                f"<p>Comment {n}: what this would <em>change</em> for us, "
                "in a few plain sentences.</p>"
            ),
        )

    roots = Comment.objects.bulk_create([comment() for _ in range(threads)], batch_size=BATCH)
    first = Comment.objects.bulk_create([comment(root) for root in roots], batch_size=BATCH)
    second = Comment.objects.bulk_create([comment(root) for root in roots], batch_size=BATCH)
    deeper = Comment.objects.bulk_create([comment(reply) for reply in first], batch_size=BATCH)
    deepest = Comment.objects.bulk_create([comment(reply) for reply in deeper], batch_size=BATCH)
    return [*roots, *first, *second, *deeper, *deepest]


def reactions(all_comments: list[Comment], users: list[User]) -> None:
    """Ten reactions per comment, never by its author (a step of 7 through 100 participants
    only comes back to the author after 57 steps)."""
    index = {user.pk: n for n, user in enumerate(users)}
    values = random.Random(4).choices(
        ["agree", "agree", "disagree", "pass"], k=len(all_comments) * 10
    )
    rows = (
        Reaction(
            comment=comment,
            consultation_id=comment.consultation_id,
            user=users[(index[comment.author_id] + 1 + 7 * step) % PARTICIPANTS],
            value=values[n * REACTIONS_PER_COMMENT + step],
        )
        for n, comment in enumerate(all_comments)
        for step in range(REACTIONS_PER_COMMENT)
    )
    Reaction.objects.bulk_create(rows, batch_size=BATCH)


def session_cookie(user: User) -> str:
    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def main() -> None:
    call_command("migrate", verbosity=0, interactive=False)
    call_command("createcachetable", verbosity=0)
    call_command("load_demo_content", verbosity=0)
    page = (
        ConsultationPage.objects.live()
        .filter(locale__language_code="en")
        .with_status("open")
        .order_by("pk")
        .first()
    )
    large = (
        ConsultationPage.objects.live()
        .filter(locale__language_code="en")
        .with_status("open")
        .exclude(pk=page.pk)
        .order_by("pk")
        .first()
    )
    users = participants()
    users = list(User.objects.filter(pk__in=[u.pk for u in users]).select_related("profile"))
    all_comments = comments(page, users, THREADS)
    reactions(all_comments, users)
    services.comment_counters_rebuild(consultation=page)
    # As a worker computed them once this many reactions came in: the benchmark's reactions
    # then count toward the next computation, as on any consultation this busy. (Its server
    # runs no worker, so without this every reaction found a computation due and queued.)
    opinion_groups_compute(consultation=page)
    reactions(comments(large, users, LARGE_THREADS), users)
    services.comment_counters_rebuild(consultation=large)
    stances = itertools.cycle(Stance.values)
    Position.objects.bulk_create(
        Position(
            consultation=page,
            user=user,
            stance=next(stances),
            author_stakeholder_group=user.profile.stakeholder_group,
        )
        for user in users
    )
    # Each connection of the reaction benchmark is its own participant reacting to a
    # comment on the first page (the newest threads) that someone else wrote.
    on_first_page = sorted(all_comments, key=lambda c: c.pk, reverse=True)[:80]
    reactors = []
    for n, user in enumerate(users[:CONNECTIONS]):
        target = next(c for c in on_first_page[n * 10 :] if c.author_id != user.pk)
        reactors.append({"cookie": session_cookie(user), "comment": target.pk})
    csrf = get_random_string(32, string.ascii_letters + string.digits)
    fixture = {
        "page": page.url,
        "large_page": large.url,
        "large_comments": Comment.objects.filter(consultation=large).count(),
        "large_reactions": Reaction.objects.filter(consultation=large).count(),
        "comments": Comment.objects.filter(consultation=page).count(),
        "reactions": Reaction.objects.filter(consultation=page).count(),
        "viewer": session_cookie(users[-1]),
        "reactors": reactors,
        "csrf": csrf,
        "session_cookie_name": settings.SESSION_COOKIE_NAME,
        "csrf_cookie_name": settings.CSRF_COOKIE_NAME,
    }
    with open(sys.argv[1], "w") as out:
        json.dump(fixture, out)
    # Autovacuum analyses a table after a bulk load like this one, but only a minute or so
    # later, and not at all where it is turned off: without statistics PostgreSQL plans the
    # live tallies' query (consult.realtime.events) as a nested loop over every reaction,
    # half a second of the database's time twice a second.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


if __name__ == "__main__":
    main()
