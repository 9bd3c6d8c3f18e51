"""The demo's closed consultation (the benefits chatbot) with what people said, the themes
staff found in it, and its published summary in English and French.

The consultation is closed, so the discussion services would refuse these contributions:
they are written directly, as the demo's history. Loaded once: a consultation that already
has a summary is left alone.
"""

from datetime import timedelta

from wagtail.models import Locale

from accounts.models import User
from consult.consultations.models import ConsultationPage
from consult.core.sanitize import render_comment_markdown
from consult.discussion.models import Comment, DisplayMode, Position
from consult.outcomes.models import (
    CommentTheme,
    Decision,
    SummaryPage,
    Theme,
    ThemeResponse,
)
from consult.questionnaires.models import Response, ResponseState

CONSULTATION_SLUG = "benefits-eligibility-chatbot"

# (key, author, days after opening, body)
COMMENTS = [
    (
        "amina",
        "amina@demo.consult",
        3,
        "Quand ma demande est refusée, je ne veux pas discuter avec un robot. Il faut pouvoir "
        "joindre une personne, au téléphone ou au guichet.",
    ),
    (
        "sam",
        "sam@demo.consult",
        5,
        "The assistant should say plainly when it is not sure, and hand me over to a caseworker "
        "instead of guessing.",
    ),
    (
        "lucas",
        "lucas@demo.consult",
        9,
        "Beaucoup de personnes âgées du quartier n'ont pas de smartphone. Gardez les guichets "
        "ouverts, avec des agents formés.",
    ),
    (
        "priya",
        "priya@demo.consult",
        12,
        "Conversations about money and health are sensitive. They must not be reused to train "
        "the model or to flag people for fraud checks.",
    ),
    (
        "tom",
        "tom@demo.consult",
        20,
        "Keep a log of what the assistant answered, so a caseworker can check it when someone "
        "says they were misled; delete it after a short, published period.",
    ),
    (
        "elena",
        "elena@demo.consult",
        31,
        "Test the answers against the eligibility rules in every language before launch, and "
        "publish the error rate each quarter.",
    ),
    (
        "claire",
        "claire@demo.consult",
        40,
        "It must work with screen readers and in plain language, or the people who most need "
        "help will be left out.",
    ),
]

POSITIONS = [
    ("amina@demo.consult", "oppose"),
    ("lucas@demo.consult", "unsure"),
    ("sam@demo.consult", "support"),
    ("priya@demo.consult", "oppose"),
    ("tom@demo.consult", "support"),
    ("elena@demo.consult", "unsure"),
    ("claire@demo.consult", "support"),
]
# Answers to the one question (single choice): 0 yes, 1 only with a person, 2 no.
ANSWERS = {
    "amina@demo.consult": 2,
    "lucas@demo.consult": 1,
    "sam@demo.consult": 1,
    "tom@demo.consult": 0,
    "claire@demo.consult": 1,
}

# (English name, comment keys, response in English, French heading, response in French)
THEMES = [
    (
        "A person to talk to",
        ["amina", "sam", "lucas"],
        "<p>The assistant will offer a caseworker, by phone or at a counter, in every "
        "conversation and whenever it is unsure. Counters stay open.</p>",
        "Une personne à qui parler",
        "<p>L'assistant proposera un agent, par téléphone ou au guichet, dans chaque "
        "conversation et dès qu'il n'est pas sûr. Les guichets restent ouverts.</p>",
    ),
    (
        "Privacy of conversations",
        ["priya", "tom"],
        "<p>Conversations will never train the model nor feed fraud checks. Logs are kept "
        "30 days for complaints, then deleted.</p>",
        "Confidentialité des conversations",
        "<p>Les conversations ne serviront jamais à entraîner le modèle ni aux contrôles de "
        "fraude. Les journaux sont gardés 30 jours pour les réclamations, puis supprimés.</p>",
    ),
    (
        "Accuracy and accessibility",
        ["elena", "claire"],
        "<p>Answers will be tested against the rules in English and French before launch, the "
        "error rate published each quarter, and the service audited for accessibility.</p>",
        "Exactitude et accessibilité",
        "<p>Les réponses seront testées au regard des règles en français et en anglais avant le "
        "lancement, le taux d'erreur publié chaque trimestre et le service audité pour son "
        "accessibilité.</p>",
    ),
]

SUMMARY = {
    "en": {
        "title": "What we heard and what we decided",
        "what_we_heard": (
            "<p>Seven people and organisations took part over eighty days. Most would use the "
            "assistant only if they could easily reach a person; several feared that their "
            "conversations would be reused, and others asked for proof that its answers are "
            "right.</p>"
        ),
        "decision_explanation": (
            "<p>We will go ahead with a pilot, with the changes below, and report on it before "
            "any wider use.</p>"
        ),
        "system_card_changes": (
            "<ul><li>Human oversight: a caseworker is offered in every conversation.</li>"
            "<li>Data: conversation logs are deleted after 30 days and never used for "
            "training or fraud checks.</li><li>Lifecycle: pilot, with a quarterly error "
            "rate.</li></ul>"
        ),
    },
    "fr": {
        "title": "Ce que nous avons entendu et ce que nous avons décidé",
        "what_we_heard": (
            "<p>Sept personnes et organisations ont participé pendant quatre-vingts jours. La "
            "plupart n'utiliseraient l'assistant que s'ils pouvaient joindre facilement une "
            "personne ; plusieurs craignaient que leurs conversations soient réutilisées, "
            "d'autres demandaient la preuve que ses réponses sont justes.</p>"
        ),
        "decision_explanation": (
            "<p>Nous lançons un pilote, avec les changements ci-dessous, et en rendrons compte "
            "avant tout usage plus large.</p>"
        ),
        "system_card_changes": (
            "<ul><li>Contrôle humain : un agent est proposé dans chaque conversation.</li>"
            "<li>Données : les journaux de conversation sont supprimés après 30 jours et ne "
            "servent jamais à l'entraînement ni aux contrôles de fraude.</li><li>Cycle de "
            "vie : pilote, avec un taux d'erreur trimestriel.</li></ul>"
        ),
    },
}


def load_outcome() -> None:
    english = ConsultationPage.objects.filter(
        slug=CONSULTATION_SLUG, locale__language_code="en"
    ).first()
    if english is None or SummaryPage.objects.child_of(english).exists():
        return
    users = {user.email: user for user in User.objects.filter(email__endswith="@demo.consult")}
    comments = _discussion(english, users)
    themes = []
    for name, keys, _response, _heading, _french in THEMES:
        theme, _created = Theme.objects.get_or_create(consultation=english, name=name)
        CommentTheme.objects.bulk_create(
            [CommentTheme(theme=theme, comment=comments[key]) for key in keys],
            ignore_conflicts=True,
        )
        themes.append(theme)
    _summary(
        english, "en", [(theme, spec[2], "") for theme, spec in zip(themes, THEMES, strict=True)]
    )
    french = english.get_translations().filter(locale=Locale.objects.get(language_code="fr"))
    if french_page := french.first():
        _summary(
            french_page.specific,
            "fr",
            [(theme, spec[4], spec[3]) for theme, spec in zip(themes, THEMES, strict=True)],
        )


def _discussion(consultation: ConsultationPage, users: dict[str, User]) -> dict[str, Comment]:
    existing = {c.author_id: c for c in Comment.objects.filter(consultation=consultation)}
    comments = {}
    for key, email, day, body in COMMENTS:
        author = users[email]
        comment = existing.get(author.pk)
        if comment is None:
            comment = Comment.objects.create(
                consultation=consultation,
                author=author,
                author_display_mode=DisplayMode.PSEUDONYM,
                author_stakeholder_group=author.profile.stakeholder_group,
                author_organisation=author.profile.organisation,
                body_source=body,
                body_html=render_comment_markdown(body),
            )
            Comment.objects.filter(pk=comment.pk).update(
                created_at=consultation.opens_at + timedelta(days=day, hours=10)
            )
        comments[key] = comment
    for email, stance in POSITIONS:
        Position.objects.get_or_create(
            consultation=consultation,
            user=users[email],
            defaults={
                "stance": stance,
                "author_stakeholder_group": users[email].profile.stakeholder_group,
            },
        )
    question = consultation.questions[0].id if consultation.questions else None
    for email, choice in ANSWERS.items() if question else ():
        Response.objects.get_or_create(
            consultation=consultation,
            user=users[email],
            defaults={
                "answers": {question: choice},
                "state": ResponseState.SUBMITTED,
                "submitted_at": consultation.opens_at + timedelta(days=15),
                "stakeholder_group": users[email].profile.stakeholder_group,
            },
        )
    return comments


def _summary(consultation: ConsultationPage, language: str, answers) -> None:
    if SummaryPage.objects.child_of(consultation).exists():
        return
    text = SUMMARY[language]
    english = SummaryPage.objects.child_of(
        consultation.get_translations(inclusive=True).filter(locale__language_code="en").first()
    ).first()
    extra = {"translation_key": english.translation_key} if english and language != "en" else {}
    summary = SummaryPage(
        title=text["title"],
        what_we_heard=text["what_we_heard"],
        decision=Decision.PROCEED_WITH_CHANGES,
        decision_explanation=text["decision_explanation"],
        system_card_changes=text["system_card_changes"],
        locale=consultation.locale,
        **extra,
    )
    for theme, response, heading in answers:
        summary.theme_responses.add(ThemeResponse(theme=theme, response=response, heading=heading))
    consultation.add_child(instance=summary)
    summary.save_revision().publish()
