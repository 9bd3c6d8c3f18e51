"""Who may write, by role and consultation status, through the HTTP client."""

from datetime import timedelta

import pytest
from django.utils import timezone

from consult.consultations.models import ConsultationPage
from consult.discussion import permissions
from consult.discussion.models import Comment, Position, Reaction

pytestmark = pytest.mark.django_db

STATUSES = {
    "upcoming": {"opens_in": timedelta(days=2)},
    "open": {"opens_in": timedelta(days=-1)},
    "closed": {"opens_in": timedelta(days=-40)},
    "outcome_published": {"opens_in": timedelta(days=-60)},
}
ROLES = ["anonymous", "unverified", "participant", "author", "staff"]
# May this role write (comment, position, react to someone else's comment) at this status?
EXPECTED = {
    (role, status): role in {"participant", "author", "staff"} and status == "open"
    for role in ROLES
    for status in STATUSES
}


@pytest.fixture
def consultation_in(make_consultation):
    def make(status: str) -> ConsultationPage:
        page = make_consultation(f"Consultation {status}", **STATUSES[status])
        if status == "outcome_published":
            ConsultationPage.objects.filter(pk=page.pk).update(
                outcome_published_at=timezone.now() - timedelta(days=1)
            )
            page.refresh_from_db()
        return page

    return make


@pytest.mark.parametrize("status", list(STATUSES))
@pytest.mark.parametrize("role", ROLES)
def test_roles_by_status(client, alice, bob, una, mona, consultation_in, role, status):
    page = consultation_in(status)
    # The comment to react to exists whatever the status (written before the dates moved).
    comment = Comment.objects.create(
        consultation=page,
        author=alice,
        author_display_mode="named",
        author_stakeholder_group="affected",
        body_source="x",
        body_html="<p>x</p>",
    )
    user = {
        "anonymous": None,
        "unverified": una,
        "participant": bob,
        "author": alice,
        "staff": mona,
    }[role]
    if user:
        client.force_login(user)
    # Alice reacts to a reply of bob's, not her own comment.
    target = comment
    if role == "author":
        target = Comment.objects.create(
            consultation=page,
            author=bob,
            parent=comment,
            thread=comment,
            depth=1,
            author_display_mode="named",
            author_stakeholder_group="academic",
            body_source="y",
            body_html="<p>y</p>",
        )
    before = Comment.objects.count()

    client.post(f"/consultations/{page.pk}/comments/", {"body": "hello", "display_mode": "named"})
    client.post(f"/consultations/{page.pk}/position/", {"stance": "support"})
    client.post(f"/comments/{target.pk}/reactions/", {"value": "agree"})

    allowed = EXPECTED[(role, status)]
    assert (Comment.objects.count() == before + 1) is allowed
    assert Position.objects.exists() is allowed
    assert Reaction.objects.exists() is allowed
    viewer = user or type("Anonymous", (), {"is_authenticated": False, "pk": None})()
    assert permissions.can_participate(viewer, page) is allowed


def test_the_page_says_why_nobody_can_post(client, bob, make_consultation):
    upcoming = make_consultation("Soon", opens_in=timedelta(days=3))
    closed = make_consultation("Past", opens_in=timedelta(days=-40))
    client.force_login(bob)

    assert "has not opened yet" in client.get(upcoming.url).content.decode()
    assert "is closed" in client.get(closed.url).content.decode()


def test_unverified_users_are_told_to_confirm_their_email(client, una, consultation):
    client.force_login(una)

    html = client.get(consultation.url).content.decode()

    assert "Confirm your email address to take part." in html
    assert "data-discussion-comment-form" not in html


def test_only_editors_and_moderators_see_identities(alice, mona, bob):
    bob.groups.add(*mona.groups.all())
    staff = type(alice)(email="s@example.org", is_staff=True)

    assert permissions.can_see_identities(mona)
    assert permissions.can_see_identities(staff)
    assert not permissions.can_see_identities(alice)
