"""Editors write, publish and translate the rights impact assessments of their systems, as
they do the cards; deleting one is left to administrators (its history is public).
Permissions are created here because Django only creates them after all migrations have run.
"""

from django.db import migrations

PERMISSIONS = {
    "add": "Can add fundamental rights impact assessment",
    "change": "Can change fundamental rights impact assessment",
    "publish": "Can publish fundamental rights impact assessment",
}
MODEL = "fundamentalrightsassessment"


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    editors = Group.objects.filter(name="Editors").first()
    if editors is None:
        return
    content_type, _ = ContentType.objects.get_or_create(app_label="accountability", model=MODEL)
    for action, name in PERMISSIONS.items():
        permission, _ = Permission.objects.get_or_create(
            content_type=content_type, codename=f"{action}_{MODEL}", defaults={"name": name}
        )
        editors.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("accountability", "0001_assessment"),
        ("consultations", "0002_editors_permissions"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
