"""Replace Wagtail's "Welcome" page with our HomePage as the default site's root.

As in Wagtail's project template (home/migrations/0002_create_homepage.py), written for
the current Page schema, so the page is created in the default locale with its own
translation key.
"""

import uuid

STEPS = [
    (
        "Read the proposal",
        "Each consultation explains the AI system: who would deploy it, what it decides, "
        "what data it uses and who it affects.",
    ),
    (
        "Say where you stand",
        "Support it, oppose it or say you are unsure, and answer the questions in your own "
        "words. You can use a pseudonym.",
    ),
    (
        "Discuss with others",
        "Reply to other people and mark where you agree or disagree, so common ground shows.",
    ),
    (
        "See what changed",
        "When the consultation closes, the public body publishes what it heard and how your "
        "input changed its decision.",
    ),
]

from django.conf import settings
from django.db import migrations


def create_homepage(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Locale = apps.get_model("wagtailcore.Locale")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    HomePage = apps.get_model("cms.HomePage")
    SiteSettings = apps.get_model("cms.SiteSettings")

    if HomePage.objects.exists():
        return
    # Deleting Wagtail's welcome page also deletes the default site that points at it.
    page_type = ContentType.objects.get(app_label="wagtailcore", model="page")
    Page.objects.filter(content_type=page_type, slug="home", depth=2).delete()

    home_type, _ = ContentType.objects.get_or_create(app_label="cms", model="homepage")
    locale, _ = Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    home = HomePage.objects.create(
        title="Have your say on AI in public services",
        draft_title="Have your say on AI in public services",
        slug="home",
        content_type=home_type,
        path="00010001",
        depth=2,
        numchild=0,
        url_path="/home/",
        locale=locale,
        translation_key=uuid.uuid4(),
        live=True,
        intro=(
            "<p>Public bodies consult here before they deploy an AI system. Read what "
            "they plan, and tell them what it would mean for you.</p>"
        ),
        how_it_works=[
            {"type": "step", "value": {"title": title, "text": text}, "id": str(uuid.uuid4())}
            for title, text in STEPS
        ],
    )
    site = Site.objects.create(
        hostname="localhost", port=80, site_name="Consult", root_page=home, is_default_site=True
    )
    SiteSettings.objects.create(site=site)


def remove_homepage(apps, schema_editor):
    # The site and its settings go with the page (CASCADE).
    apps.get_model("cms.HomePage").objects.filter(slug="home", depth=2).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(create_homepage, remove_homepage),
    ]
