"""Editors (the public bodies' staff) publish their own consultations and AI system cards.

Wagtail's default "Editors" group may only submit pages for moderation; here it may also
publish pages, and add, change, publish and lock AI system cards. Deleting a card is left to
administrators: a retired system stays on the register with its history.
Permissions are created here because Django only creates them after all migrations have run.
"""

from django.db import migrations

CARD_PERMISSIONS = {
    "add": "Can add AI system",
    "change": "Can change AI system",
    "publish": "Can publish AI system",
    "lock": "Can lock AI system",
    "unlock": "Can unlock AI system",
}


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")

    editors = Group.objects.filter(name="Editors").first()
    if editors is None:
        return
    content_type, _ = ContentType.objects.get_or_create(app_label="consultations", model="aisystem")
    for action, name in CARD_PERMISSIONS.items():
        permission, _ = Permission.objects.get_or_create(
            content_type=content_type, codename=f"{action}_aisystem", defaults={"name": name}
        )
        editors.permissions.add(permission)

    publish = Permission.objects.filter(
        content_type__app_label="wagtailcore", codename="publish_page"
    ).first()
    root = Page.objects.filter(depth=1).first()
    if publish and root:
        GroupPagePermission.objects.get_or_create(group=editors, page=root, permission=publish)


class Migration(migrations.Migration):
    dependencies = [
        ("consultations", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
