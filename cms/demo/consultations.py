"""Demo consultations, in English and French, with dates relative to the day they are loaded."""

from datetime import timedelta

from cms.demo.systems import BENEFITS_CHATBOT, FACE_RECOGNITION, FORUM_MODERATION


def _paragraph(text: str) -> dict:
    return {"type": "paragraph", "value": f"<p>{text}</p>"}


def _heading(text: str) -> dict:
    return {"type": "heading", "value": text}


def _choice(kind: str, prompt: str, choices: list[str], *, required=False, help_text="") -> dict:
    value = {"prompt": prompt, "help_text": help_text, "required": required, "choices": choices}
    return {"type": kind, "value": value}


def _long_text(prompt: str, *, required=False, help_text="") -> dict:
    return {
        "type": "long_text",
        "value": {"prompt": prompt, "help_text": help_text, "required": required},
    }


def _scale(prompt: str, low: str, high: str) -> dict:
    value = {
        "prompt": prompt,
        "help_text": "",
        "required": True,
        "low_label": low,
        "high_label": high,
    }
    return {"type": "scale", "value": value}


METRO = {
    "slug": "metro-face-recognition",
    "system": FACE_RECOGNITION,
    "opens": timedelta(days=-10),
    "closes": timedelta(days=120),
    "moderation_mode": "post",
    "en": {
        "title": "Face recognition at metro stations",
        "summary": (
            "The Metropolitan Transport Authority proposes to trial live face recognition in twelve "
            "metro stations to find people sought by a court warrant. Before deciding, it wants to "
            "hear from travellers, residents and the groups most likely to be affected."
        ),
        "body": [
            _heading("What is proposed"),
            _paragraph(
                "Cameras already in the stations would be connected to face-matching software. "
                "Everyone passing through would be scanned; images that match nobody on the watch "
                "list would be deleted within 72 hours."
            ),
            _heading("Why we are asking"),
            _paragraph(
                "Live face recognition in public spaces affects privacy, freedom of movement and "
                "freedom of assembly, and errors fall unevenly. The Authority will publish what it "
                "heard and what it decided, and will not start a trial before it has."
            ),
        ],
        "questions": [
            _scale(
                "How acceptable is live face recognition in metro stations to you?",
                "Not acceptable at all",
                "Fully acceptable",
            ),
            _choice(
                "multiple_choice",
                "Which safeguards would matter most to you?",
                [
                    "Published accuracy tests by an independent lab",
                    "No use at demonstrations or public gatherings",
                    "Deletion of non-matching images at once",
                    "A right to know if I was scanned",
                ],
            ),
            _long_text(
                "How would this system affect you or the people you represent?",
                help_text="Tell us in your own words; you may take part under a pseudonym.",
            ),
        ],
    },
    "fr": {
        "title": "Reconnaissance faciale dans les stations de métro",
        "summary": (
            "L'Autorité métropolitaine des transports propose d'expérimenter la reconnaissance "
            "faciale en direct dans douze stations pour retrouver des personnes recherchées sur "
            "mandat judiciaire. Avant de décider, elle veut entendre les voyageurs, les habitants "
            "et les groupes les plus susceptibles d'être touchés."
        ),
        "body": [
            _heading("Ce qui est proposé"),
            _paragraph(
                "Les caméras déjà présentes seraient reliées à un logiciel de comparaison faciale. "
                "Toute personne qui passe serait analysée ; les images sans correspondance seraient "
                "supprimées sous 72 heures."
            ),
            _heading("Pourquoi nous vous consultons"),
            _paragraph(
                "La reconnaissance faciale en direct dans l'espace public touche à la vie privée, à "
                "la liberté de circulation et de réunion, et ses erreurs ne frappent pas tout le "
                "monde de la même façon. L'Autorité publiera ce qu'elle a entendu et ce qu'elle a "
                "décidé, et ne lancera aucun essai avant."
            ),
        ],
        "questions": [
            _scale(
                "Dans quelle mesure la reconnaissance faciale en station vous paraît-elle acceptable ?",
                "Pas du tout acceptable",
                "Tout à fait acceptable",
            ),
            _choice(
                "multiple_choice",
                "Quelles garanties comptent le plus pour vous ?",
                [
                    "Des tests de fiabilité publiés par un laboratoire indépendant",
                    "Aucun usage lors de manifestations ou rassemblements",
                    "La suppression immédiate des images sans correspondance",
                    "Le droit de savoir si j'ai été analysé",
                ],
            ),
            _long_text(
                "Comment ce système vous toucherait-il, vous ou les personnes que vous représentez ?",
                help_text="Répondez avec vos mots ; vous pouvez participer sous pseudonyme.",
            ),
        ],
    },
}

FORUM = {
    "slug": "forum-automated-moderation",
    "system": FORUM_MODERATION,
    "opens": timedelta(days=-3),
    "closes": timedelta(days=150),
    "moderation_mode": "pre",
    "en": {
        "title": "Automated moderation of the city's public forum",
        "summary": (
            "City Council Digital Services wants to use an AI classifier to hold possibly abusive "
            "comments on the public forum until a moderator checks them. Tell us whether this "
            "protects the debate or risks silencing people."
        ),
        "body": [
            _heading("What would change"),
            _paragraph(
                "Today every comment appears at once and moderators act on reports. With the "
                "classifier, comments it flags would wait for a moderator, usually for a few hours."
            ),
        ],
        "questions": [
            _choice(
                "single_choice",
                "Should the city use the classifier on its forum?",
                ["Yes", "Yes, with changes", "No", "I am not sure"],
                required=True,
            ),
            _long_text("What should the city change before using it, if anything?"),
        ],
    },
    "fr": {
        "title": "Modération automatisée du forum public de la ville",
        "summary": (
            "Les services numériques de la ville veulent utiliser un classifieur d'IA pour retenir "
            "les commentaires possiblement abusifs jusqu'à leur vérification par un modérateur. "
            "Dites-nous si cela protège le débat ou risque de faire taire des personnes."
        ),
        "body": [
            _heading("Ce qui changerait"),
            _paragraph(
                "Aujourd'hui, chaque commentaire paraît aussitôt et les modérateurs agissent sur "
                "signalement. Avec le classifieur, les commentaires qu'il repère attendraient un "
                "modérateur, en général quelques heures."
            ),
        ],
        "questions": [
            _choice(
                "single_choice",
                "La ville doit-elle utiliser le classifieur sur son forum ?",
                ["Oui", "Oui, avec des changements", "Non", "Je ne sais pas"],
                required=True,
            ),
            _long_text("Que devrait changer la ville avant de l'utiliser, le cas échéant ?"),
        ],
    },
}

BENEFITS = {
    "slug": "benefits-eligibility-chatbot",
    "system": BENEFITS_CHATBOT,
    "opens": timedelta(days=-100),
    "closes": timedelta(days=-20),
    "moderation_mode": "post",
    "en": {
        "title": "A chatbot to check benefits eligibility",
        "summary": (
            "The Department of Social Affairs consulted on a chat assistant that helps people find "
            "out which benefits they may claim. The consultation has closed; its outcome will be "
            "published here."
        ),
        "body": [
            _paragraph(
                "The assistant would answer questions and help start applications. Caseworkers would "
                "keep every decision on entitlement."
            ),
        ],
        "questions": [
            _choice(
                "single_choice",
                "Would you use a chat assistant to ask about benefits?",
                ["Yes", "Only if I could reach a person easily", "No"],
            ),
        ],
    },
    "fr": {
        "title": "Un assistant conversationnel pour vérifier ses droits aux prestations",
        "summary": (
            "Le ministère des affaires sociales a consulté sur un assistant qui aide chacun à savoir "
            "à quelles prestations il peut prétendre. La consultation est close ; ses conclusions "
            "seront publiées ici."
        ),
        "body": [
            _paragraph(
                "L'assistant répondrait aux questions et aiderait à commencer une demande. Les agents "
                "garderaient toutes les décisions sur les droits."
            ),
        ],
        "questions": [
            _choice(
                "single_choice",
                "Utiliseriez-vous un assistant pour vous renseigner sur les prestations ?",
                ["Oui", "Seulement si je peux joindre facilement une personne", "Non"],
            ),
        ],
    },
}

CONSULTATIONS = [METRO, FORUM, BENEFITS]
