"""The demo's moderation: house rules in English and French (one per stable rule code), an
automated pre-screen with every check on, and a few past decisions on the metro
consultation, so the transparency report shows what a week of moderation looks like."""

from datetime import timedelta

from django.utils import timezone
from wagtail.models import Locale

from accounts.models import User
from cms.demo.discussion import CONSULTATION_SLUG
from consult.consultations.models import ConsultationPage
from consult.discussion import services as discussion
from consult.discussion.models import Comment, DisplayMode
from consult.moderation.models import (
    Action,
    Appeal,
    AppealOutcome,
    HouseRule,
    ModerationDecision,
    PrescreenSettings,
    PrescreenTermList,
    RuleCode,
)
from consult.moderation.services.appeals import appeal_decide, appeal_file
from consult.moderation.services.comments import comment_approve, comment_hide
from consult.moderation.services.screening import prescreen_settings_save

RULES = [
    (
        RuleCode.SPAM,
        (
            "No spam",
            "Advertising, repeated copies of the same message and links that have nothing to "
            "do with the consultation drown out what people came to say.",
        ),
        (
            "Pas de spam",
            "La publicité, les copies répétées d'un même message et les liens sans rapport avec "
            "la consultation couvrent la voix de celles et ceux venus s'exprimer.",
        ),
    ),
    (
        RuleCode.HARASSMENT,
        (
            "No harassment",
            "Criticise ideas, not people. Insults, threats and repeatedly targeting one person "
            "drive participants away.",
        ),
        (
            "Pas de harcèlement",
            "Critiquez les idées, pas les personnes. Les insultes, les menaces et "
            "l'acharnement contre une personne font fuir les participants.",
        ),
    ),
    (
        RuleCode.HATE_SPEECH,
        (
            "No hate speech",
            "Nothing that attacks people for who they are: their origin, religion, gender, "
            "sexual orientation, disability or any other protected characteristic.",
        ),
        (
            "Pas de discours de haine",
            "Rien qui attaque des personnes pour ce qu'elles sont : origine, religion, genre, "
            "orientation sexuelle, handicap ou toute autre caractéristique protégée.",
        ),
    ),
    (
        RuleCode.PERSONAL_DATA,
        (
            "No personal data of others",
            "Do not publish someone else's address, phone number, health details or other "
            "information about them without their consent.",
        ),
        (
            "Pas de données personnelles d'autrui",
            "Ne publiez pas l'adresse, le téléphone, la santé ou d'autres informations sur une "
            "autre personne sans son consentement.",
        ),
    ),
    (
        RuleCode.OFF_TOPIC,
        (
            "Stay on topic",
            "Comments should be about the AI system and the questions of this consultation, "
            "so the people deciding can find what you said about it.",
        ),
        (
            "Restez dans le sujet",
            "Les commentaires portent sur le système d'IA et les questions de cette "
            "consultation, pour que les décideurs trouvent ce que vous en dites.",
        ),
    ),
    (
        RuleCode.IMPERSONATION,
        (
            "No impersonation",
            "Do not pretend to be another person or to speak for an organisation you do not "
            "represent.",
        ),
        (
            "Pas d'usurpation d'identité",
            "Ne vous faites pas passer pour une autre personne ni pour le porte-parole d'une "
            "organisation que vous ne représentez pas.",
        ),
    ),
    (
        RuleCode.ILLEGAL,
        (
            "No illegal content",
            "Nothing that breaks the law, such as incitement to violence or content that "
            "infringes someone's rights.",
        ),
        (
            "Pas de contenu illégal",
            "Rien qui enfreigne la loi, comme l'incitation à la violence ou un contenu portant "
            "atteinte aux droits d'autrui.",
        ),
    ),
]


def load_house_rules() -> None:
    """Create each rule in English with its French translation, unless it exists."""
    english = Locale.objects.get(language_code="en")
    french = Locale.objects.get(language_code="fr")
    for order, (code, (title, explanation), (titre, explication)) in enumerate(RULES):
        rule = HouseRule.objects.filter(code=code, locale=english).first()
        if rule is None:
            rule = HouseRule.objects.create(
                code=code, locale=english, title=title, explanation=explanation, sort_order=order
            )
        if not HouseRule.objects.filter(code=code, locale=french).exists():
            HouseRule.objects.create(
                code=code,
                locale=french,
                title=titre,
                explanation=explication,
                sort_order=order,
                translation_key=rule.translation_key,
            )


TERMS = {
    "en": "vermin\nsubhuman\nkill yourself",
    "fr": "vermine\nsous-homme\ncrève",
}


def load_prescreen() -> None:
    """Turn the pre-screen's checks on, once: an editor's later changes are kept."""
    config = PrescreenSettings.load()
    if config.term_lists.exists() or config.campaign_accounts:
        return
    config.link_account_age_days = 3
    config.burst_posts = 5
    config.burst_minutes = 10
    config.campaign_accounts = 3
    for language, terms in TERMS.items():
        config.term_lists.add(
            PrescreenTermList(language=language, rule_code=RuleCode.HATE_SPEECH, terms=terms)
        )
    prescreen_settings_save(settings=config)


NOOR = "noor@demo.consult"
RUI = "rui@demo.consult"

# The pre-screen's term list holds a word the author quotes to criticise it; a moderator
# finds no breach and shows it.
QUOTED = (
    "sam@demo.consult",
    "Someone at the station shouted that fare dodgers are vermin. Scanning every face feeds "
    "exactly that mood, and the people who end up on the watch list will pay for it.",
)
QUOTED_NOTE = "The word is quoted to criticise it: no breach of the rule."
# An advert, hidden under the spam rule.
ADVERT = (
    "tom@demo.consult",
    "Transit Analytics counts crowds for twelve networks. Ask us for a free demo of our "
    "dashboard: first three months at half price!",
)
ADVERT_NOTE = "Advertising for a product. The author's comments on the proposal stay."
# Hidden as off topic; its author appeals and another moderator reverses the decision.
APPEALED = (
    "lucas@demo.consult",
    "Les loyers autour de la gare du Nord ont doublé en cinq ans. Les gens qui passeront "
    "devant ces caméras sont ceux qu'on pousse déjà hors du quartier.",
)
APPEALED_NOTE = "Le commentaire parle des loyers, pas du système d'IA consulté."
APPEAL_STATEMENT = (
    "Je parle des personnes que ces caméras vont scanner chaque jour : qui elles sont fait "
    "partie du sujet."
)
APPEAL_REASONS = (
    "Le commentaire décrit les personnes que le système scannerait à la gare du Nord : il est "
    "dans le sujet. Il est de nouveau affiché."
)


def load_decisions() -> None:
    """Take the demo's past decisions through the moderation services, as the demo's deciders
    (users.DECIDERS), then backdate them over the past days like the discussion. Loaded
    once: a consultation that already has decisions is left alone."""
    consultation = ConsultationPage.objects.filter(
        slug=CONSULTATION_SLUG, locale__language_code="en"
    ).first()
    if (
        consultation is None
        or ModerationDecision.objects.filter(consultation=consultation).exists()
    ):
        return
    people = {user.email: user for user in User.objects.filter(email__endswith="@demo.consult")}
    now = timezone.now()

    def ago(hours: int):
        return now - timedelta(hours=hours)

    def post(author_and_body: tuple[str, str], hours_ago: int) -> Comment:
        email, body = author_and_body
        comment = discussion.comment_create(
            consultation=consultation,
            author=people[email],
            body=body,
            display_mode=DisplayMode.NAMED,
        )
        Comment.objects.filter(pk=comment.pk).update(created_at=ago(hours_ago))
        return comment

    def backdate(decision: ModerationDecision, hours_ago: int) -> None:
        ModerationDecision.objects.filter(pk=decision.pk).update(created_at=ago(hours_ago))

    appealed = post(APPEALED, 110)
    hidden = comment_hide(
        comment=appealed,
        moderator=people[NOOR],
        rule_code=RuleCode.OFF_TOPIC,
        public_note=APPEALED_NOTE,
    )
    appeal = appeal_file(decision=hidden, appellant=people[APPEALED[0]], statement=APPEAL_STATEMENT)
    appeal_decide(
        appeal=appeal, reviewer=people[RUI], outcome=AppealOutcome.REVERSED, reasons=APPEAL_REASONS
    )
    backdate(hidden, 104)
    backdate(ModerationDecision.objects.get(comment=appealed, action=Action.RESTORE), 80)
    Appeal.objects.filter(pk=appeal.pk).update(created_at=ago(96), decided_at=ago(80))

    quoted = post(QUOTED, 75)
    # Held unless an editor has changed the demo's term list since.
    hold = ModerationDecision.objects.filter(comment=quoted, action=Action.HOLD).first()
    if hold is not None:
        backdate(hold, 75)
        backdate(
            comment_approve(comment=quoted, moderator=people[NOOR], public_note=QUOTED_NOTE),
            71,
        )

    advert = post(ADVERT, 20)
    backdate(
        comment_hide(
            comment=advert,
            moderator=people[NOOR],
            rule_code=RuleCode.SPAM,
            public_note=ADVERT_NOTE,
        ),
        18,
    )
