"""The demo's moderation: house rules in English and French (one per stable rule code), and
an automated pre-screen with every check on."""

from wagtail.models import Locale

from consult.moderation.models import HouseRule, PrescreenSettings, PrescreenTermList, RuleCode

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
    config.save()
