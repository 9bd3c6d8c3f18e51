"""The site the URL x role matrix (test_url_role_matrix.py) asks every door of: one of each
kind of object, with real ids, built once per module.

Who is who:
    alice   participant: verified address; wrote `own`, and `hidden` (hidden by max), and
            appealed that decision
    una     unverified: never confirmed her address
    sam     suspended: verified, suspended by max for a week
    mona    moderator: Moderators group, authenticator app
    erin    editor: Editors group, authenticator app; asked for the `spreadsheet`
    root    administrator: superuser, authenticator app
    carol   another participant, who wrote `comment`, `held` and the restricted comments
    max     the moderator who took the decisions, so mona may review the appeal

What is where (words that must not reach the wrong reader are in MARKERS):
    public      an open consultation with a questionnaire: comments `comment` (carol),
                `own` (alice), `held` (carol, waiting for review), `hidden` (alice),
                `campaign` (carol's two comments marked as one campaign)
    closed      a closed public consultation with its published summary
    restricted  an open consultation only the Editors group may read ("Zeppelin"), with
                `restricted_comment` (carol) and a draft in the editors' review workflow
    restricted_closed  a closed restricted consultation with its published summary ("Quasar")
"""

import io
from dataclasses import dataclass, field
from datetime import timedelta

from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.utils import timezone
from PIL import Image as PillowImage
from wagtail.contrib.redirects.models import Redirect
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    Locale,
    PageViewRestriction,
    Site,
    Workflow,
)

from accounts.models import User
from accounts.privacy.models import DataExport
from accounts.services import profile_create
from cms.demo.moderation import load_house_rules
from consult.discussion.models import CommentState
from consult.exports.models import SpreadsheetExport
from consult.moderation.models import HouseRule, PrescreenSettings, RuleCode
from consult.moderation.services.appeals import appeal_file
from consult.moderation.services.campaigns import campaign_mark
from consult.moderation.services.comments import comment_hide
from consult.moderation.services.suspensions import participant_suspend
from consult.outcomes import services as outcomes
from consult.outcomes.models import (
    CommentTheme,
    Decision,
    Follow,
    SummaryPage,
    Theme,
    ThemeResponse,
)
from tests import factories
from tests.accountability.conftest import group, make_assessment
from tests.exports.conftest import add_comment
from tests.questionnaires.conftest import QUESTIONS

ROLES = (
    "anonymous",
    "participant",
    "unverified",
    "suspended",
    "moderator",
    "editor",
    "administrator",
)

# Words only some readers may meet, in any answer (body or redirect), and who may.
MARKERS = {
    "zeppelin": {"editor", "administrator"},  # the restricted consultation, its comment
    "quasar": {"editor", "administrator"},  # the restricted closed one, its summary
    "marmalade": {"moderator", "editor", "administrator"},  # the held comment
    # The hidden comment: its author (alice) reads it on her appeal.
    "quokka": {"participant", "moderator", "editor", "administrator"},
}


@dataclass
class World:
    users: dict[str, User]
    # Everything a URL may name, by the names the matrix uses.
    ids: dict[str, object] = field(default_factory=dict)


def _person(email: str, *, verified: bool = True, groups=(), mfa: bool = False, **extra) -> User:
    user = User.objects.create_user(email=email, password=None, **extra)
    EmailAddress.objects.create(user=user, email=email, primary=True, verified=verified)
    profile_create(user=user, display_name=email.split("@")[0].title(), stakeholder_group="other")
    for name in groups:
        user.groups.add(Group.objects.get(name=name))
    if mfa:
        TOTP.activate(user, generate_totp_secret())
    return user


def _restrict_to_editors(page) -> PageViewRestriction:
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(Group.objects.get(name="Editors"))
    return restriction


def _with_summary(consultation, comment, text: str) -> SummaryPage:
    theme = Theme.objects.create(consultation=consultation, name=f"Theme of {consultation.title}")
    CommentTheme.objects.create(theme=theme, comment=comment)
    summary = SummaryPage(
        title="What we heard",
        slug="summary",
        what_we_heard=f"<p>{text}</p>",
        decision=Decision.PROCEED_WITH_CHANGES,
        live=False,
    )
    summary.theme_responses.add(ThemeResponse(theme=theme, response="<p>We agree.</p>"))
    consultation.add_child(instance=summary)
    summary.save_revision().publish()
    return summary


def _png() -> bytes:
    buffer = io.BytesIO()
    PillowImage.new("RGB", (4, 4), "white").save(buffer, "PNG")
    return buffer.getvalue()


def build() -> World:
    Locale.objects.get_or_create(language_code="fr")
    load_house_rules()
    users = {
        "participant": _person("alice@example.org"),
        "unverified": _person("una@example.org", verified=False),
        "suspended": _person("sam@example.org"),
        "moderator": _person("mona@example.org", groups=["Moderators"], mfa=True),
        "editor": _person("erin@example.org", groups=["Editors"], mfa=True),
        "administrator": _person("root@example.org", mfa=True, is_superuser=True, is_staff=True),
        "carol": _person("carol@example.org"),
        "max": _person("max@example.org", groups=["Moderators"], mfa=True),
    }
    alice, carol, max_ = users["participant"], users["carol"], users["max"]

    system = factories.make_ai_system("Station face matching")
    index = factories.make_index_page(factories.home_page())
    public = factories.make_consultation(
        index, "Face recognition at stations", system=system, questions=QUESTIONS
    )
    closed = factories.make_consultation(
        index, "Benefits chatbot", system=system, opens_in=timedelta(days=-40)
    )
    restricted = factories.make_consultation(
        index, "Zeppelin pilot", system=system, questions=QUESTIONS
    )
    restricted_closed = factories.make_consultation(
        index, "Quasar lab", system=system, opens_in=timedelta(days=-40)
    )

    comment = add_comment(public, carol, "Who audits the matching at night?")
    own = add_comment(public, alice, "I use this station every day.")
    held = add_comment(
        public, carol, "The marmalade link waits for review.", state=CommentState.HELD
    )
    hidden = add_comment(public, alice, "The quokka remark broke a rule.")
    hiding = comment_hide(comment=hidden, moderator=max_, rule_code=RuleCode.SPAM)
    appeal = appeal_file(decision=hiding, appellant=alice, statement="Look again.")
    campaign = campaign_mark(
        comments=[
            add_comment(public, carol, "Stop it now."),
            add_comment(public, carol, "Stop it."),
        ],
        moderator=max_,
        rule_code=RuleCode.SPAM,
    )
    participant_suspend(
        user=users["suspended"],
        consultation=public,
        moderator=max_,
        rule_code=RuleCode.SPAM,
        until=timezone.now() + timedelta(days=7),
    )
    restricted_comment = add_comment(restricted, carol, "The zeppelin hangar needs a fire plan.")
    summary = _with_summary(closed, add_comment(closed, carol, "Keep a human."), "Keep a human.")
    # Alice's comment, cited by the summary's theme: she alone may contest the citation.
    cited = CommentTheme.objects.create(
        theme=Theme.objects.get(consultation=closed),
        comment=add_comment(closed, alice, "A person should read every refusal."),
    )
    restricted_summary = _with_summary(
        restricted_closed,
        add_comment(restricted_closed, carol, "The quasar lab logs too much."),
        "The quasar lab will log less.",
    )
    restriction = _restrict_to_editors(restricted)
    # The system's rights impact assessment cites a visible, a held and a hidden comment.
    assessment = make_assessment(
        system, public, groups=[group("Passengers", comments=[comment.pk, held.pk, hidden.pk])]
    )
    _restrict_to_editors(restricted_closed)
    # A draft in review: the workflow's ids, and words only the editors have seen.
    restricted.summary = "Zeppelin draft: nobody outside the editors has read this."
    draft = restricted.save_revision(user=users["editor"])
    workflow = Workflow.objects.get(active=True, workflow_pages__page__depth=1)
    workflow_state = workflow.start(restricted, users["editor"])
    task = GroupApprovalTask.objects.get(workflow_tasks__workflow=workflow)

    follow = Follow.objects.create(consultation=public, email="fan@example.org")
    storages["private"].save("alice-data.zip", ContentFile(b"PK alice"))
    data_export = DataExport.objects.create(
        user=alice,
        state="ready",
        file_name="alice-data.zip",
        ready_at=timezone.now(),
        expires_at=timezone.now() + timedelta(days=7),
    )
    storages["private"].save("public.xlsx", ContentFile(b"PK sheet"))
    spreadsheet = SpreadsheetExport.objects.create(
        consultation=public,
        requested_by=users["editor"],
        state="ready",
        file_name="public.xlsx",
        ready_at=timezone.now(),
        expires_at=timezone.now() + timedelta(days=7),
    )
    document = Document.objects.create(
        title="Impact assessment", file=ContentFile(b"%PDF-1.4 impact", name="impact.pdf")
    )
    image = Image.objects.create(title="Station", file=ContentFile(_png(), name="station.png"))
    redirect = Redirect.objects.create(old_path="/old-consultations", redirect_link="/")

    world = World(users=users)
    world.ids = {
        # Pages, with their paths for Wagtail's own serving.
        "home": factories.home_page().pk,
        "index": index.pk,
        "public": public.pk,
        "closed": closed.pk,
        "restricted": restricted.pk,
        "restricted_closed": restricted_closed.pk,
        "public_slug": public.slug,
        "restricted_slug": restricted.slug,
        "url_home": factories.home_page().url,
        "url_public": public.url,
        "url_restricted": restricted.url,
        "url_summary": summary.url,
        "url_restricted_summary": restricted_summary.url,
        "restriction": restriction.pk,
        "draft": draft.pk,
        "workflow": workflow.pk,
        "workflow_state": workflow_state.pk,
        "task": task.pk,
        "task_state": workflow_state.current_task_state.pk,
        # The discussion and its moderation.
        "comment": comment.pk,
        "own": own.pk,
        "held": held.pk,
        "hidden": hidden.pk,
        "restricted_comment": restricted_comment.pk,
        "decision": hiding.pk,
        "cited_theme": cited.theme_id,
        "cited_comment": cited.comment_id,
        "appeal": appeal.pk,
        "campaign": campaign.pk,
        "house_rule": HouseRule.objects.order_by("pk").first().pk,
        "prescreen": PrescreenSettings.load().pk,
        # Follows, exports, files.
        "confirm_token": outcomes.follow_token(follow, salt=outcomes.CONFIRM_SALT),
        "unsubscribe_token": outcomes.follow_token(follow, salt=outcomes.UNSUBSCRIBE_SALT),
        "data_export": data_export.pk,
        "spreadsheet": spreadsheet.pk,
        "document": document.pk,
        "document_file": "impact.pdf",
        "image": image.pk,
        "redirect": redirect.pk,
        # The rest of the admin's objects.
        "system": system.pk,
        "system_slug": system.slug,
        "assessment": assessment.pk,
        "site": Site.objects.get(is_default_site=True).pk,
        "collection": Collection.get_first_root_node().pk,
        "editors_group": Group.objects.get(name="Editors").pk,
        "carol": carol.pk,
        "locale": Locale.objects.get(language_code="en").pk,
        # What no row has: WebAuthn keys, uploads in progress, editing sessions.
        "missing": 999999,
    }
    return world
