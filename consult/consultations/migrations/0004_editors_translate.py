"""Editors translate consultations, summaries, standard pages and AI system cards.

Wagtail's simple translation shows its "Translate" action only to holders of
`simple_translation.submit_translation`; what may be translated then follows the page and
snippet permissions Editors already have. Created here for the same reason as 0002: Django
only creates permissions after all migrations have run.
"""

from django.db import migrations


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")

    editors = Group.objects.filter(name="Editors").first()
    if editors is None:
        return
    content_type, _ = ContentType.objects.get_or_create(
        app_label="simple_translation", model="simpletranslation"
    )
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename="submit_translation",
        defaults={"name": "Can submit translations"},
    )
    editors.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("consultations", "0003_date_defaults"),
        ("simple_translation", "0001_initial"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
