"""Moderators hold no Wagtail permission: their tools are at /moderation/, not in the admin.

Wagtail's migrations grant its default "Moderators" group the admin and add, change, publish
and lock on every page; consult.moderation's migration 0005 takes them back, on new sites
(these tests run on a freshly migrated database) and on existing ones.
"""

import importlib

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    PageViewRestriction,
    Workflow,
)

from tests.discussion.conftest import make_user

pytestmark = pytest.mark.django_db

least_privilege = importlib.import_module(
    "consult.moderation.migrations.0005_moderators_least_privilege"
)


@pytest.fixture
def restricted_draft(make_consultation):
    """A consultation only the Editors group may read, with a draft newer than what is live."""
    page = make_consultation("Zeppelin pilot for editors only")
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(Group.objects.get(name="Editors"))
    page.summary = "Zeppelin draft wording nobody outside the editors should read."
    revision = page.save_revision()
    return page, revision


def admin_doors(page, revision) -> list[str]:
    return [
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
        reverse("wagtailadmin_pages:history", args=[page.pk]),
        reverse("wagtailadmin_pages:revisions_view", args=[page.pk, revision.pk]),
        reverse("wagtailadmin_pages:set_privacy", args=[page.pk]),
        reverse("wagtailadmin_pages:search") + "?q=zeppelin",
        reverse("wagtailadmin_explore", args=[page.get_parent().pk]),
    ]


def test_a_moderator_with_mfa_is_refused_the_admin_but_reaches_the_queue(
    client, mona, restricted_draft
):
    client.force_login(mona)
    for url in admin_doors(*restricted_draft):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("account_login")), url
        assert "zeppelin" not in response.content.decode().lower(), url
    assert client.get(reverse("moderation:queue")).status_code == 200


def test_an_editor_still_edits_the_restricted_draft(client, restricted_draft):
    """The other side of the line: the same doors stay open to the Editors group."""
    erin = make_user("erin@example.org", display_name="Erin Editor")
    erin.groups.add(Group.objects.get(name="Editors"))
    TOTP.activate(erin, generate_totp_secret())
    client.force_login(erin)
    for url in admin_doors(*restricted_draft):
        assert client.get(url).status_code == 200, url


def moderators_wagtail_grants() -> dict:
    moderators = Group.objects.get(name="Moderators")
    return {
        "pages": list(GroupPagePermission.objects.filter(group=moderators)),
        "collections": list(GroupCollectionPermission.objects.filter(group=moderators)),
        "permissions": list(moderators.permissions.all()),
        "approvals": list(GroupApprovalTask.objects.filter(groups=moderators)),
    }


def test_new_sites_give_moderators_nothing_in_wagtail():
    assert moderators_wagtail_grants() == {
        "pages": [],
        "collections": [],
        "permissions": [],
        "approvals": [],
    }
    # Pages submitted for review still reach someone: the group that publishes.
    task = GroupApprovalTask.objects.get(name="Editors approval")
    assert list(task.groups.values_list("name", flat=True)) == ["Editors"]
    assert Workflow.objects.filter(name="Editors approval", active=True).exists()


def test_the_migration_takes_back_what_wagtail_gave_an_existing_site():
    """An existing site, as Wagtail's migrations left it: the migration corrects it."""
    moderators = Group.objects.get(name="Moderators")
    root = Page.get_first_root_node()
    for codename in ("add_page", "change_page", "publish_page", "lock_page"):
        GroupPagePermission.objects.get_or_create(
            group=moderators, page=root, permission=Permission.objects.get(codename=codename)
        )
    wagtail_grants = Permission.objects.filter(
        codename__in=["access_admin", "add_document", "change_image", "choose_image"]
    )
    moderators.permissions.add(*wagtail_grants)
    GroupCollectionPermission.objects.get_or_create(
        group=moderators,
        collection=Collection.get_first_root_node(),
        permission=Permission.objects.get(codename="add_document"),
    )
    task = GroupApprovalTask.objects.filter(name__endswith=" approval").get()
    task.name = "Moderators approval"
    task.save()
    task.groups.set([moderators])
    Workflow.objects.filter(name__endswith=" approval").update(name="Moderators approval")
    # A task someone named and shared between the groups keeps its name and its editors.
    shared = GroupApprovalTask.objects.create(name="Legal review")
    shared.groups.set([moderators, Group.objects.get(name="Editors")])

    least_privilege.moderators_least_privilege(apps, None)

    assert moderators_wagtail_grants() == {
        "pages": [],
        "collections": [],
        "permissions": [],
        "approvals": [],
    }
    task.refresh_from_db()
    assert task.name == "Editors approval"
    assert list(task.groups.values_list("name", flat=True)) == ["Editors"]
    assert Workflow.objects.filter(name="Editors approval").exists()
    shared.refresh_from_db()
    assert shared.name == "Legal review"
    assert list(shared.groups.values_list("name", flat=True)) == ["Editors"]
