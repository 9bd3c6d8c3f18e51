"""Demo home and standard pages, in English and French."""


def heading(text: str) -> dict:
    return {"type": "heading", "value": {"text": text, "level": "h2"}}


def paragraph(*texts: str) -> dict:
    return {"type": "paragraph", "value": "".join(f"<p>{text}</p>" for text in texts)}


def bullets(*items: str) -> dict:
    return {
        "type": "paragraph",
        "value": "<ul>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>",
    }


HOME = {
    "en": {
        "title": "Have your say on AI in public services",
        "intro": (
            "<p>Public bodies must ask before they deploy AI systems that affect people's rights. "
            "Here you can read what each system would do, tell them what it would mean for you, "
            "and see what they decided.</p>"
        ),
    },
    "fr": {
        "title": "Donnez votre avis sur l'IA dans les services publics",
        "intro": (
            "<p>Les organismes publics doivent consulter avant de déployer des systèmes d'IA qui "
            "touchent aux droits des personnes. Ici, vous pouvez lire ce que ferait chaque système, "
            "dire ce qu'il changerait pour vous, et voir ce qui a été décidé.</p>"
        ),
        "how_it_works_heading": "Comment participer",
        "steps": [
            (
                "Lisez la proposition",
                "Chaque consultation explique le système d'IA : qui le "
                "déploierait, ce qu'il décide, quelles données il utilise et qui il touche.",
            ),
            (
                "Donnez votre position",
                "Soutenez, opposez-vous ou dites que vous hésitez, et "
                "répondez aux questions avec vos mots. Vous pouvez utiliser un pseudonyme.",
            ),
            (
                "Échangez avec les autres",
                "Répondez aux autres et indiquez vos accords et "
                "désaccords, pour faire apparaître les points communs.",
            ),
            (
                "Voyez ce qui a changé",
                "À la clôture, l'organisme publie ce qu'il a entendu et "
                "comment vos contributions ont changé sa décision.",
            ),
        ],
    },
}

STANDARD_PAGES = [
    {
        "slug": "about",
        "show_in_menus": True,
        "show_in_footer": False,
        "en": {
            "title": "About Consult",
            "intro": "Consult is where public bodies ask people before deploying AI systems.",
            "body": [
                heading("Why it exists"),
                paragraph(
                    "The Freedom Online Coalition asks states to assess the human-rights impact of "
                    "AI systems before they deploy them, to open those assessments to the people "
                    "most affected, and to explain what they decided. Consult makes that practical."
                ),
                heading("Who runs a consultation"),
                paragraph(
                    "Each consultation is opened by the public body that proposes the system. It "
                    "describes the system, publishes its impact assessment, asks its questions, and "
                    "commits to publishing what it heard."
                ),
            ],
        },
        "fr": {
            "title": "À propos de Consult",
            "intro": (
                "Consult est l'endroit où les organismes publics consultent avant de déployer des "
                "systèmes d'IA."
            ),
            "body": [
                heading("Pourquoi ce site existe"),
                paragraph(
                    "La Coalition pour la liberté en ligne demande aux États d'évaluer l'impact des "
                    "systèmes d'IA sur les droits humains avant de les déployer, d'ouvrir ces "
                    "évaluations aux personnes les plus touchées, et d'expliquer leurs décisions. "
                    "Consult rend cela concret."
                ),
                heading("Qui organise une consultation"),
                paragraph(
                    "Chaque consultation est ouverte par l'organisme public qui propose le système. "
                    "Il décrit le système, publie son étude d'impact, pose ses questions et "
                    "s'engage à publier ce qu'il a entendu."
                ),
            ],
        },
    },
    {
        "slug": "house-rules",
        "show_in_menus": False,
        "show_in_footer": True,
        "en": {
            "title": "House rules",
            "intro": "Disagree as strongly as you like; these rules keep the discussion usable.",
            "body": [
                bullets(
                    "<b>Spam</b>: no advertising or repeated identical messages.",
                    "<b>Harassment</b>: no attacks on other participants.",
                    "<b>Hate speech</b>: no attacks on people for who they are.",
                    "<b>Personal data of others</b>: do not publish other people's private details.",
                    "<b>Off-topic</b>: stay on the consultation's subject.",
                    "<b>Impersonation</b>: do not pretend to be someone else.",
                    "<b>Illegal content</b>: nothing that breaks the law.",
                ),
                paragraph(
                    "Automated checks may only hold a comment for a person to review, never remove "
                    "it. Every decision names the rule it applies, and you can appeal to a "
                    "different moderator."
                ),
            ],
        },
        "fr": {
            "title": "Règles de participation",
            "intro": (
                "Exprimez vos désaccords aussi fermement que vous le souhaitez ; ces règles gardent "
                "la discussion utile."
            ),
            "body": [
                bullets(
                    "<b>Spam</b> : ni publicité ni messages identiques répétés.",
                    "<b>Harcèlement</b> : aucune attaque contre d'autres participants.",
                    "<b>Discours de haine</b> : aucune attaque contre des personnes pour ce "
                    "qu'elles sont.",
                    "<b>Données personnelles d'autrui</b> : ne publiez pas les informations "
                    "privées d'autres personnes.",
                    "<b>Hors sujet</b> : restez sur le sujet de la consultation.",
                    "<b>Usurpation d'identité</b> : ne vous faites pas passer pour quelqu'un d'autre.",
                    "<b>Contenus illicites</b> : rien qui enfreigne la loi.",
                ),
                paragraph(
                    "Les contrôles automatisés peuvent seulement retenir un commentaire pour qu'une "
                    "personne l'examine, jamais le supprimer. Chaque décision cite la règle "
                    "appliquée, et vous pouvez faire appel auprès d'un autre modérateur."
                ),
            ],
        },
    },
    {
        "slug": "privacy",
        "show_in_menus": False,
        "show_in_footer": True,
        "en": {
            "title": "Privacy",
            "intro": "We collect as little as we can, and you stay in control of what you write.",
            "body": [
                bullets(
                    "You can take part under a pseudonym; the public never sees who is behind it.",
                    "No third-party scripts, fonts, trackers or avatar services.",
                    "Your contributions go into the open research data only if you agree.",
                    "You can download everything we hold about you, or delete your account.",
                ),
            ],
        },
        "fr": {
            "title": "Confidentialité",
            "intro": (
                "Nous collectons le moins possible, et vous gardez la main sur ce que vous écrivez."
            ),
            "body": [
                bullets(
                    "Vous pouvez participer sous pseudonyme ; le public ne voit jamais qui se cache "
                    "derrière.",
                    "Aucun script, police, traceur ou service d'avatar tiers.",
                    "Vos contributions n'entrent dans les données ouvertes de recherche qu'avec "
                    "votre accord.",
                    "Vous pouvez télécharger tout ce que nous détenons sur vous, ou supprimer votre "
                    "compte.",
                ),
            ],
        },
    },
    {
        "slug": "accessibility",
        "show_in_menus": False,
        "show_in_footer": True,
        "en": {
            "title": "Accessibility statement",
            "intro": "Consult aims to meet WCAG 2.2 level AA.",
            "body": [
                paragraph(
                    "Every page works without JavaScript, with a keyboard and with a screen reader, "
                    "in English and French. Each release is checked with automated tests (axe-core) "
                    "and by hand.",
                    "If something gets in your way, write to us and we will reply within five "
                    "working days.",
                ),
            ],
        },
        "fr": {
            "title": "Déclaration d'accessibilité",
            "intro": "Consult vise la conformité au niveau AA des WCAG 2.2.",
            "body": [
                paragraph(
                    "Chaque page fonctionne sans JavaScript, au clavier et avec un lecteur d'écran, "
                    "en français et en anglais. Chaque version est vérifiée par des tests "
                    "automatisés (axe-core) et à la main.",
                    "Si quelque chose vous bloque, écrivez-nous : nous répondrons sous cinq jours "
                    "ouvrés.",
                ),
            ],
        },
    },
    {
        # The page shows the no-AI-training statement from accounts.privacy.policy too.
        "slug": "terms",
        "show_in_menus": False,
        "show_in_footer": True,
        "en": {
            "title": "Terms of use",
            "intro": "What you agree to when you take part, and what we promise in return.",
            "body": [
                bullets(
                    "Follow the house rules; moderators hold or hide what breaks them, and say "
                    "which rule and why.",
                    "What you write stays yours. You let us show it on this site as you chose "
                    "(under your name or pseudonym), and in the open research data only if you "
                    "agreed, for that contribution.",
                    "You can take back research use or automated analysis of your contributions, "
                    "or delete your account, at any time on your My data page.",
                ),
            ],
        },
        "fr": {
            "title": "Conditions d'utilisation",
            "intro": "Ce que vous acceptez en participant, et ce que nous promettons en retour.",
            "body": [
                bullets(
                    "Respectez les règles de la maison ; les modérateurs retiennent ou masquent ce "
                    "qui les enfreint, en disant quelle règle et pourquoi.",
                    "Ce que vous écrivez reste à vous. Vous nous autorisez à l'afficher sur ce site "
                    "comme vous l'avez choisi (sous votre nom ou votre pseudonyme), et dans les "
                    "données ouvertes de recherche seulement si vous l'avez accepté, pour cette "
                    "contribution.",
                    "Vous pouvez retirer à tout moment l'usage pour la recherche ou l'analyse "
                    "automatisée de vos contributions, ou supprimer votre compte, depuis votre page "
                    "Mes données.",
                ),
            ],
        },
    },
]
