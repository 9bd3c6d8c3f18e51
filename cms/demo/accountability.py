"""The demo's fundamental rights impact assessment of the metro face recognition system, in
English and French, citing what people said in the demo discussion, with a complete EU
database registration (Annex VIII, section C).

Published twice, as a deployer would: a first version before hearing anyone, then one that
adds what the consultation raised, so its public history has something to show. Loaded once:
a system that already has an assessment is left alone.
"""

from consult.accountability.models import TEXT_ELEMENTS, FundamentalRightsAssessment
from consult.consultations.models import AISystem, ConsultationPage
from consult.discussion.models import Comment, Position
from consult.outcomes.models import Theme
from consult.outcomes.services import comments_tag, theme_create

SYSTEM_SLUG = "metro-face-recognition"
CONSULTATION_SLUG = "metro-face-recognition"

# Cited comments by the start of their text (cms/demo/discussion.py), positions by author.
COMMENTS = {
    "surveillance": "Live facial recognition in public transport",
    "error_rates": "On the error rates",
    "commuter": "Je prends la ligne 4",
    "notice": "Le collectif a organisé",
    "spent_record": "I have a record from fifteen years",
    "redress": "Exactement. Il faut une voie de recours",
    "necessity": "Suggestion for the impact assessment",
    "audit_logs": "Speaking as a supplier",
}
POSITIONS = {
    "priya": "priya@demo.consult",
    "amina": "amina@demo.consult",
    "elena": "elena@demo.consult",
    "tom": "tom@demo.consult",
}
# Themes staff tagged the comments with: (name, comment keys).
THEMES = [
    ("Accuracy in real stations", ["surveillance", "error_rates"]),
    ("Redress for people wrongly matched", ["spent_record", "redress"]),
]

TEXT_FIELDS = (*TEXT_ELEMENTS, "findings_summary", "dpia_summary")
REGISTRATION = {
    "deployer_name": "Metropolitan Transport Authority",
    "deployer_address": "1 Station Square, 75010 Paris, France",
    "deployer_email": "ai-register@mta.example",
    "deployer_phone": "+33 1 00 00 00 00",
    "submitter_name": "Camille Martin, data protection officer",
    "submitter_address": "1 Station Square, 75010 Paris, France",
    "submitter_email": "dpo@mta.example",
    "submitter_phone": "",
    "provider_registration_url": "https://ai-act-database.example.eu/provider/entry/HR-2026-0042",
    "dpia_applicable": True,
}

TEXT = {
    "en": {
        "deployer_processes": (
            "Cameras already installed in twelve metro stations send images to face-matching "
            "software. When a face matches a person on the court-warrant watch list, an alert "
            "goes to the station's security officer, who compares the images and decides "
            "whether to approach the person. No one is stopped on the alert alone."
        ),
        "period_of_use": "A twelve-month trial, from the decision after this consultation.",
        "frequency_of_use": "Continuously while the stations are open, 6am to midnight.",
        "human_oversight_measures": (
            "Every alert is checked by a trained officer, who may dismiss it. Officers can "
            "switch matching off in a station. An independent auditor reviews the matching "
            "logs every month."
        ),
        "risk_response_measures": (
            "A wrong stop is recorded, the person is told why they were approached and how to "
            "complain, and the watch list entry is checked within 48 hours. Matching stops if "
            "the false-match rate passes the threshold set before the trial."
        ),
        "internal_governance": (
            "The authority's board answers for the system; its data protection officer and an "
            "ethics committee with two outside members review each monthly audit."
        ),
        "complaint_mechanisms": (
            "A complaint form in every station and online, in several languages, answered "
            "within 30 days; then the ombudsman and the data protection authority."
        ),
        "findings_summary": (
            "Live face matching in twelve stations interferes with the privacy of every "
            "passenger and risks wrongful stops, more often for some groups. The trial goes on "
            "only with a prior field evaluation, a notice at each entrance, human review of "
            "every alert, monthly independent audits and a redress route for people wrongly "
            "matched."
        ),
        "dpia_summary": (
            "The DPIA finds high risk from the biometric processing of all passengers; "
            "non-matching images are deleted at once, matches after 72 hours, and the data "
            "protection authority was consulted before the trial."
        ),
    },
    "fr": {
        "deployer_processes": (
            "Les caméras déjà installées dans douze stations de métro envoient leurs images à "
            "un logiciel de comparaison faciale. Quand un visage correspond à une personne de la "
            "liste des mandats judiciaires, une alerte part vers l'agent de sécurité de la "
            "station, qui compare les images et décide d'aborder ou non la personne. Personne "
            "n'est arrêté sur la seule foi de l'alerte."
        ),
        "period_of_use": "Un essai de douze mois, à partir de la décision qui suivra la consultation.",
        "frequency_of_use": "En continu pendant l'ouverture des stations, de 6 h à minuit.",
        "human_oversight_measures": (
            "Chaque alerte est vérifiée par un agent formé, qui peut l'écarter. Les agents "
            "peuvent couper la comparaison dans une station. Un auditeur indépendant examine "
            "chaque mois les journaux de comparaison."
        ),
        "risk_response_measures": (
            "Un contrôle à tort est consigné, la personne apprend pourquoi elle a été abordée et "
            "comment se plaindre, et l'inscription sur la liste est vérifiée sous 48 heures. La "
            "comparaison s'arrête si le taux de fausses correspondances dépasse le seuil fixé "
            "avant l'essai."
        ),
        "internal_governance": (
            "Le conseil de l'autorité répond du système ; son délégué à la protection des "
            "données et un comité d'éthique comptant deux membres extérieurs examinent chaque "
            "audit mensuel."
        ),
        "complaint_mechanisms": (
            "Un formulaire de plainte dans chaque station et en ligne, en plusieurs langues, "
            "avec réponse sous 30 jours ; ensuite le médiateur et l'autorité de protection des "
            "données."
        ),
        "findings_summary": (
            "La comparaison faciale en direct dans douze stations porte atteinte à la vie "
            "privée de chaque voyageur et expose à des contrôles à tort, plus fréquents pour "
            "certains groupes. L'essai ne se poursuit qu'avec une évaluation préalable sur le "
            "terrain, un avis à chaque entrée, une vérification humaine de chaque alerte, des "
            "audits indépendants mensuels et une voie de recours pour les personnes reconnues "
            "à tort."
        ),
        "dpia_summary": (
            "L'AIPD conclut à un risque élevé du fait du traitement biométrique de tous les "
            "voyageurs ; les images sans correspondance sont effacées aussitôt, les "
            "correspondances après 72 heures, et l'autorité de protection des données a été "
            "consultée avant l'essai."
        ),
    },
}

# The listed items: (c) groups as (citations, texts), (d) risks as (right, citations, texts);
# citations are (comment keys, position keys, theme names).
GROUPS = [
    (
        (["commuter", "surveillance"], ["amina", "priya"], []),
        {
            "en": (
                "Daily passengers",
                "Everyone passing through the stations is scanned, including people with no other way to reach work.",
            ),
            "fr": (
                "Les voyageurs quotidiens",
                "Toute personne qui traverse les stations est scannée, y compris celles qui n'ont pas d'autre moyen d'aller travailler.",
            ),
        },
    ),
    (
        (["error_rates"], ["elena"], ["Accuracy in real stations"]),
        {
            "en": (
                "People with darker skin, and women",
                "Face matching makes more errors for them in poor light and at angles.",
            ),
            "fr": (
                "Les personnes à la peau foncée, et les femmes",
                "La comparaison faciale se trompe plus souvent pour elles, en faible lumière et de biais.",
            ),
        },
    ),
    (
        (["spent_record", "redress"], [], ["Redress for people wrongly matched"]),
        {
            "en": (
                "People with old or spent records",
                "They may be on the watch list by mistake and not know it.",
            ),
            "fr": (
                "Les personnes ayant un casier ancien ou effacé",
                "Elles peuvent figurer sur la liste par erreur sans le savoir.",
            ),
        },
    ),
]
RISKS = [
    (
        "privacy",
        (["surveillance", "notice"], ["priya"], []),
        {
            "en": (
                "Scanning of everyone's face",
                "Every passenger's biometric data is processed, whether or not they are sought.",
            ),
            "fr": (
                "Le visage de chacun est scanné",
                "Les données biométriques de chaque voyageur sont traitées, qu'il soit recherché ou non.",
            ),
        },
    ),
    (
        "non_discrimination",
        (["error_rates", "necessity"], ["elena"], ["Accuracy in real stations"]),
        {
            "en": (
                "Wrongful stops",
                "A false match can lead an officer to stop the wrong person, more often for some groups.",
            ),
            "fr": (
                "Des contrôles à tort",
                "Une fausse correspondance peut conduire un agent à arrêter la mauvaise personne, plus souvent pour certains groupes.",
            ),
        },
    ),
    (
        "due_process",
        (
            ["spent_record", "redress", "audit_logs"],
            ["tom"],
            ["Redress for people wrongly matched"],
        ),
        {
            "en": (
                "No way to contest a wrong listing",
                "Someone wrongly on the list may be approached again and again.",
            ),
            "fr": (
                "Aucun moyen de contester une inscription erronée",
                "Une personne inscrite à tort peut être abordée encore et encore.",
            ),
        },
    ),
]


def _comment_ids(consultation: ConsultationPage) -> dict[str, int]:
    comments = Comment.objects.filter(consultation=consultation)
    return {
        key: comments.filter(body_source__startswith=start).values_list("pk", flat=True).first()
        for key, start in COMMENTS.items()
    }


def _themes(consultation: ConsultationPage, comment_ids: dict[str, int]) -> dict[str, int]:
    ids = {}
    for name, keys in THEMES:
        theme = Theme.objects.filter(consultation=consultation, name=name).first()
        theme = theme or theme_create(consultation=consultation, name=name)
        comments_tag(theme=theme, comment_ids=[comment_ids[key] for key in keys], tagged=True)
        ids[name] = theme.pk
    return ids


NO_CITATIONS = {"comments": [], "positions": [], "themes": []}


def _block(kind: str, index: int, value: dict) -> dict:
    # Fixed ids: the item is the same one in every version and language, as Wagtail's
    # revisions and translation copies keep it.
    return {"type": kind, "id": f"00000000-0000-4000-8000-{kind[:1]}{index:011d}", "value": value}


def _streams(language: str, cite) -> tuple[list, list]:
    """The groups and risks in `language`; `cite(refs)` gives an item's citations."""
    groups = [
        _block(
            "group",
            index,
            {"name": texts[language][0], "description": texts[language][1], **cite(refs)},
        )
        for index, (refs, texts) in enumerate(GROUPS)
    ]
    risks = [
        _block(
            "risk",
            index,
            {
                "name": texts[language][0],
                "right": right,
                "description": texts[language][1],
                **cite(refs),
            },
        )
        for index, (right, refs, texts) in enumerate(RISKS)
    ]
    return groups, risks


def load_assessments() -> None:
    systems = {
        s.locale.language_code: s
        for s in AISystem.objects.filter(slug=SYSTEM_SLUG).select_related("locale")
    }
    consultation = ConsultationPage.objects.filter(
        slug=CONSULTATION_SLUG, locale__language_code="en"
    ).first()
    if "en" not in systems or consultation is None:
        return
    if FundamentalRightsAssessment.objects.filter(ai_system=systems["en"]).exists():
        return
    comments = _comment_ids(consultation)
    positions = dict(
        Position.objects.filter(
            consultation=consultation, user__email__in=POSITIONS.values()
        ).values_list("user__email", "pk")
    )
    positions = {key: positions[email] for key, email in POSITIONS.items() if email in positions}
    themes = _themes(consultation, comments)

    def cite(refs) -> dict:
        comment_keys, position_keys, theme_names = refs
        return {
            "comments": [comments[key] for key in comment_keys if comments.get(key)],
            "positions": [positions[key] for key in position_keys if key in positions],
            "themes": [themes[name] for name in theme_names],
        }

    translation_key = None
    for language, system in sorted(systems.items()):
        text = TEXT[language]
        groups, risks = _streams(language, lambda refs: NO_CITATIONS)
        assessment = FundamentalRightsAssessment(
            ai_system=system,
            consultation=consultation,
            locale=system.locale,
            live=False,
            affected_groups=groups,
            risks=risks,
            **{key: text[key] for key in TEXT_FIELDS},
            **REGISTRATION,
        )
        if translation_key:
            assessment.translation_key = translation_key
        assessment.full_clean()
        assessment.save()
        translation_key = assessment.translation_key
        # First published before anyone was heard; then with what the consultation raised.
        assessment.save_revision().publish()
        assessment.affected_groups, assessment.risks = _streams(language, cite)
        assessment.full_clean()
        assessment.save_revision().publish()
