"""Load the demo content that `make run` shows: idempotent, so it can run on every start.

Whatever already exists (found by email, slug and translation) is left as it is, so an
editor's changes to the demo survive the next `make run`.
"""

import logging
import uuid
from datetime import timedelta

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from wagtail.models import Locale, Page, Site

from accounts.models import User
from accounts.permissions import has_mfa
from accounts.services import profile_create
from cms.demo import accountability as demo_accountability
from cms.demo import consultations as demo_consultations
from cms.demo import discussion as demo_discussion
from cms.demo import moderation as demo_moderation
from cms.demo import outcomes as demo_outcomes
from cms.demo import pages as demo_pages
from cms.demo import systems as demo_systems
from cms.demo import users as demo_users
from cms.models import HomePage, StandardPage
from consult.consultations.models import AISystem, ConsultationIndexPage, ConsultationPage

LANGUAGES = ("en", "fr")
INDEX_TITLES = {"en": "Consultations", "fr": "Consultations"}
INDEX_INTROS = {
    "en": "Open, upcoming and closed consultations on AI systems, and their outcomes.",
    "fr": "Consultations ouvertes, à venir et closes sur des systèmes d'IA, et leurs conclusions.",
}


def _with_shared_ids(slug: str, questions: list[dict]) -> list[dict]:
    """Give the nth question the same block id in every language, as Wagtail's own
    copy for translation does: answers are stored against these ids."""
    return [
        {**question, "id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"consult-demo/{slug}/{index}"))}
        for index, question in enumerate(questions)
    ]


class Command(BaseCommand):
    help = "Create the demo users, AI system cards and consultations (English and French)."

    @transaction.atomic
    def handle(self, *args, **options):
        # Wagtail logs every page it creates; the logins below are what `make run` should show.
        logging.getLogger("wagtail").setLevel(logging.WARNING)
        locales = {code: Locale.objects.get_or_create(language_code=code)[0] for code in LANGUAGES}
        self._users()
        homes = self._homes(locales)
        indexes = self._consultation_indexes(homes, locales)
        systems = {spec["slug"]: self._system(spec, locales) for spec in demo_systems.SYSTEMS}
        for spec in demo_consultations.CONSULTATIONS:
            self._consultation(spec, indexes, locales, systems[spec["system"]["slug"]])
        for spec in demo_pages.STANDARD_PAGES:
            self._standard_page(spec, homes, locales)
        demo_moderation.load_house_rules()
        demo_moderation.load_prescreen()
        demo_discussion.load_discussion()
        demo_moderation.load_decisions()
        demo_outcomes.load_outcome()
        demo_accountability.load_assessments()
        self._print_logins()

    # --- people ---------------------------------------------------------------------
    def _users(self):
        for email, name, group, organisation, language in demo_users.PARTICIPANTS:
            self._user(email, name, group, organisation, language)
        editor = self._user(*demo_users.EDITOR)
        moderator = self._user(*demo_users.MODERATOR)
        editor.groups.add(Group.objects.get(name="Editors"))
        moderator.groups.add(Group.objects.get(name="Moderators"))
        for spec in demo_users.DECIDERS:
            decider = self._user(*spec)
            decider.groups.add(Group.objects.get(name="Moderators"))
            if not has_mfa(decider):
                TOTP.activate(decider, generate_totp_secret())
        if not settings.PRODUCTION:
            for email in demo_users.PLAYABLE_MODERATORS:
                self._demo_authenticator(User.objects.get(email=email))

    def _demo_authenticator(self, user: User) -> None:
        """The published demo secret, whatever the authenticator was before (a new secret
        in the code must reach databases loaded before it)."""
        Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).delete()
        TOTP.activate(user, demo_users.DEMO_TOTP_SECRET)

    def _user(self, email, name, group, organisation, language) -> User:
        user = User.objects.filter(email=email).first()
        if user:
            return user
        # Joined months ago, like the demo's discussion: the automated pre-screen holds
        # links from brand-new accounts, and the demo's people are regulars.
        user = User.objects.create_user(
            email=email,
            password=demo_users.DEMO_PASSWORD,
            date_joined=timezone.now() - timedelta(days=120),
        )
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        profile_create(
            user=user,
            display_name=name,
            stakeholder_group=group,
            organisation=organisation,
            preferred_language=language,
        )
        return user

    # --- pages ----------------------------------------------------------------------
    def _homes(self, locales) -> dict[str, HomePage]:
        english = Site.objects.get(is_default_site=True).root_page.specific
        homes = {"en": english}
        if not english.intro:  # fresh from the migration: give it the demo's words
            english.title = demo_pages.HOME["en"]["title"]
            english.intro = demo_pages.HOME["en"]["intro"]
            english.save_revision().publish()
        french = english.get_translations().filter(locale=locales["fr"]).first()
        if french is None:
            french_spec = demo_pages.HOME["fr"]
            french = HomePage(
                title=french_spec["title"],
                # Siblings under the tree root need distinct slugs; Wagtail's own
                # copy_for_translation names it the same way.
                slug=f"{english.slug}-fr",
                intro=french_spec["intro"],
                how_it_works_heading=french_spec["how_it_works_heading"],
                how_it_works=[
                    {"type": "step", "value": {"title": title, "text": text}}
                    for title, text in french_spec["steps"]
                ],
                locale=locales["fr"],
                translation_key=english.translation_key,
            )
            Page.get_first_root_node().add_child(instance=french)
            french.save_revision().publish()
        homes["fr"] = french.specific
        return homes

    def _translated_pages(self, parents, locales, *, slug, model, fields) -> dict[str, Page]:
        """One page per language under `parents[language]`, made as `model(**fields(language))`
        unless it exists: the English one found by slug, the others as its translations."""
        pages: dict[str, Page] = {}
        for language in LANGUAGES:
            english = pages.get("en")
            if english is None:
                existing = parents[language].get_children().filter(slug=slug).first()
            else:
                existing = Page.objects.filter(
                    translation_key=english.translation_key, locale=locales[language]
                ).first()
            if existing:
                pages[language] = existing.specific
                continue
            extra = {"translation_key": english.translation_key} if english else {}
            page = model(slug=slug, locale=locales[language], **fields(language), **extra)
            parents[language].add_child(instance=page)
            page.save_revision().publish()
            pages[language] = page
        return pages

    def _consultation_indexes(self, homes, locales) -> dict[str, Page]:
        return self._translated_pages(
            homes,
            locales,
            slug="consultations",
            model=ConsultationIndexPage,
            fields=lambda language: {
                "title": INDEX_TITLES[language],
                "intro": INDEX_INTROS[language],
            },
        )

    def _consultation(self, spec, indexes, locales, systems):
        now = timezone.now().replace(minute=0, second=0, microsecond=0)
        self._translated_pages(
            indexes,
            locales,
            slug=spec["slug"],
            model=ConsultationPage,
            fields=lambda language: {
                "title": spec[language]["title"],
                "summary": spec[language]["summary"],
                "body": spec[language]["body"],
                "questions": _with_shared_ids(spec["slug"], spec[language]["questions"]),
                "opens_at": now + spec["opens"],
                "closes_at": now + spec["closes"],
                "moderation_mode": spec["moderation_mode"],
                "ai_system": systems[language],
            },
        )

    def _standard_page(self, spec, homes, locales):
        self._translated_pages(
            homes,
            locales,
            slug=spec["slug"],
            model=StandardPage,
            fields=lambda language: {
                "title": spec[language]["title"],
                "intro": spec[language]["intro"],
                "body": spec[language]["body"],
                "show_in_menus": spec["show_in_menus"],
                "show_in_footer": spec["show_in_footer"],
            },
        )

    # --- AI system cards --------------------------------------------------------------
    def _system(self, spec, locales) -> dict[str, AISystem]:
        cards = {}
        for language in LANGUAGES:
            existing = AISystem.objects.filter(slug=spec["slug"], locale=locales[language]).first()
            if existing:
                cards[language] = existing
                continue
            common = spec["common"]
            extra = {"translation_key": cards["en"].translation_key} if cards else {}
            card = AISystem(
                slug=spec["slug"],
                locale=locales[language],
                live=False,
                lifecycle_phase=common["lifecycle_phase"],
                decision_mode=common["decision_mode"],
                data_categories=common["data_categories"],
                affected_groups=common["affected_groups"],
                rights_at_risk=common["rights_at_risk"],
                is_remote_biometric_identification=common["is_remote_biometric_identification"],
                is_automated_content_moderation=common["is_automated_content_moderation"],
                impact_assessment_links=[
                    {"type": "link", "value": {"title": title, "url": url}}
                    for title, url in common["links"][language]
                ],
                **{f"impact_{key}": value for key, value in common["impact"].items()},
                **common["register"],
                **spec[language],
                **extra,
            )
            card.full_clean()
            card.save()
            card.save_revision().publish()
            if update := spec.get("update", {}).get(language):
                for field, value in update.items():
                    setattr(card, field, value)
                card.save_revision().publish()
            cards[language] = card
        return cards

    def _print_logins(self):
        write = self.stdout.write
        write(self.style.SUCCESS("Demo content is loaded. Sign in with any of these:"))
        write(f"  password for every demo account: {demo_users.DEMO_PASSWORD}")
        for email, name, group, _organisation, _language in demo_users.PARTICIPANTS:
            write(f"  {email:<26} {name} ({group.label})")
        write(f"  {demo_users.EDITOR[0]:<26} editor: Wagtail admin at /admin/")
        if settings.PRODUCTION:
            write(f"  {demo_users.MODERATOR[0]:<26} moderator")
        else:
            first, second = demo_users.PLAYABLE_MODERATORS
            write(f"  {first:<26} moderator")
            write(f"  {second:<26} a second moderator, who reviews the first one's decisions")
            write(
                "  Both moderators sign in with a code from an authenticator app (TOTP) holding "
                f"this demo-only secret: {demo_users.DEMO_TOTP_SECRET}"
            )
        write("  Editors are asked to set up two-factor authentication first.")
