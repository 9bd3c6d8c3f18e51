"""Moderators keep only what moderation needs: nothing in Wagtail.

Wagtail's first migrations give its default "Moderators" group the admin, add, change, publish
and lock permissions on every page, its documents and images, and make it the approver of the
default workflow. Our moderators work at /moderation/ (consult.moderation.permissions asks for
the group and a second factor, no model permission), so with those grants a moderator could
open restricted drafts, revisions, privacy settings and the page search in the admin. This
takes them away on existing sites and new ones alike (it runs after Wagtail's grants). The
default workflow's approval passes to the Editors, who publish pages: without the admin a
moderator could no longer approve, and pages submitted for review would wait for nobody.
"""

from django.db import migrations

MODERATORS = "Moderators"
EDITORS = "Editors"
# What Wagtail's migrations grant its default groups, as (app label, codename).
WAGTAIL_GRANTS = {
    ("wagtailadmin", "access_admin"),
    *(("wagtaildocs", f"{action}_document") for action in ("add", "change", "delete", "choose")),
    *(("wagtailimages", f"{action}_image") for action in ("add", "change", "delete", "choose")),
}


def moderators_least_privilege(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    Workflow = apps.get_model("wagtailcore", "Workflow")

    moderators = Group.objects.filter(name=MODERATORS).first()
    if moderators is None:
        return
    GroupPagePermission.objects.filter(group=moderators).delete()
    GroupCollectionPermission.objects.filter(group=moderators).delete()
    for permission in moderators.permissions.select_related("content_type"):
        if (permission.content_type.app_label, permission.codename) in WAGTAIL_GRANTS:
            moderators.permissions.remove(permission)

    editors = Group.objects.filter(name=EDITORS).first()
    for task in GroupApprovalTask.objects.filter(groups=moderators):
        task.groups.remove(moderators)
        if editors is not None and not task.groups.exists():
            task.groups.add(editors)
            # Wagtail named the default one after its group; a name someone chose stays.
            if task.name == f"{MODERATORS} approval":
                task.name = f"{EDITORS} approval"
                task.save(update_fields=["name"])
                Workflow.objects.filter(name=f"{MODERATORS} approval").update(
                    name=f"{EDITORS} approval"
                )


class Migration(migrations.Migration):
    dependencies = [
        ("moderation", "0004_prescreen_starts_off"),
        ("consultations", "0002_editors_permissions"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailimages", "0027_image_description"),
    ]

    # Going back leaves the privileges taken away: nothing needs them.
    operations = [migrations.RunPython(moderators_least_privilege, migrations.RunPython.noop)]
