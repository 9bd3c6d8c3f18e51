"""Demo AI system cards, in English and French. Fictional bodies and suppliers."""

FACE_RECOGNITION = {
    "slug": "metro-face-recognition",
    "common": {
        "lifecycle_phase": "proposed",
        "decision_mode": "human_in_the_loop",
        "data_categories": ["personal", "biometric"],
        "affected_groups": ["affected", "community", "civil_society"],
        "rights_at_risk": ["privacy", "assembly", "movement", "non_discrimination", "expression"],
        "is_remote_biometric_identification": True,
        "is_automated_content_moderation": False,
        "impact": {
            "decision_area": "enforcement",
            "reversibility": "difficult",
            "duration": "lasting",
            "scale": "population",
            "vulnerable_groups": "some",
            "automation": "review",
            "personal_data": "sensitive",
            "explainability": "opaque",
            "novelty": "new_here",
            "rights": "directly",
            "bias_testing": "internal",
            "human_override": "always",
            "consultation": "yes",
            "audit": "planned",
            "monitoring": "no",
            "recourse": "no",
        },
        "register": {
            "contact_email": "algorithms@metro-transport.example.org",
            "website": "https://metro-transport.example.org/face-recognition-trial",
            "publication_category": "high_risk",
        },
        "links": {
            "en": [("Data protection impact assessment (draft)", "https://example.org/dpia-metro")],
            "fr": [
                (
                    "Analyse d'impact relative à la protection des données (projet)",
                    "https://example.org/dpia-metro",
                )
            ],
        },
    },
    "en": {
        "name": "Metro station face recognition",
        "deploying_body": "Metropolitan Transport Authority",
        "supplier": "VisionGate Systems (fictional)",
        "purpose": (
            "Compare the faces of people passing through twelve metro stations with a watch list "
            "of people sought by a court warrant, and alert station security when it finds a match."
        ),
        "scope": "Twelve central metro stations, all opening hours, for an 18-month trial.",
        "not_for": (
            "Tracking people who are not on the watch list, fare enforcement, immigration checks "
            "or identifying people at demonstrations."
        ),
        "model_type": "Deep neural network for face matching, supplied as a closed product.",
        "human_oversight": (
            "Every alert is checked by a trained officer, who compares the live image with the "
            "watch-list photo before anyone is approached."
        ),
        "redress": (
            "People stopped after an alert can complain to the Authority's independent "
            "ombudsperson, who can order the match log to be reviewed."
        ),
        "data_sources": "Live camera feeds; the court-ordered watch list.",
        "people_affected": "Everyone who travels through the twelve stations: about 900,000 trips a day.",
        "risks_and_mitigations": (
            "False matches fall more often on some groups of people; the supplier's tests have not "
            "been published. Proposed mitigation: a human check of every alert and deletion of "
            "non-matching images within 72 hours."
        ),
        "responsible_team": "Station Security Directorate",
        "senior_responsible_owner": "Director of Station Security",
        "legal_basis": "The Metropolitan Transport Security Act, section 12, which lets the Authority help execute court warrants on its network. Whether it allows biometric identification is one of the questions of this consultation.",
        "benefits": "Officers would find people sought by a court warrant faster than by watching screens, in stations where they are hard to spot in crowds.",
        "previous_process": "Officers receive printed photos of wanted people and look out for them on patrol and on the station's camera screens.",
        "alternatives_considered": "More officers on patrol, and checks only on request of the police at named stations. Both find fewer people; neither scans everyone who passes, which is why they remain on the table.",
        "process_integration": "The system sends an alert to the station's security room; an officer decides whether to approach the person, following the warrant.",
        "outputs": "An alert with the live image, the watch-list photo and a match score.",
        "required_training": "Two days on the system's error rates, on comparing faces and on the rights of people stopped, before an officer may act on alerts.",
        "maintenance": "The supplier updates the model twice a year; each update is tested on our own images before use and the false-alert rate is reported monthly.",
        "plain_language_explainer": (
            "Cameras in twelve stations would scan the face of everyone who walks past and compare "
            "it with photos of wanted people. If the computer thinks it has found someone, a "
            "security officer checks before acting. Everyone passing through is scanned, not only "
            "suspects, which is why we are asking you first."
        ),
    },
    "fr": {
        "name": "Reconnaissance faciale dans les stations de métro",
        "deploying_body": "Autorité métropolitaine des transports",
        "supplier": "VisionGate Systems (fictif)",
        "purpose": (
            "Comparer le visage des personnes qui passent dans douze stations de métro avec une "
            "liste de personnes recherchées sur mandat judiciaire, et alerter la sûreté de la "
            "station en cas de correspondance."
        ),
        "scope": "Douze stations centrales, à toute heure d'ouverture, pour un essai de 18 mois.",
        "not_for": (
            "Suivre des personnes absentes de la liste, contrôler les titres de transport, "
            "vérifier le droit au séjour ou identifier des manifestants."
        ),
        "model_type": "Réseau de neurones de comparaison faciale, fourni comme produit fermé.",
        "human_oversight": (
            "Chaque alerte est vérifiée par un agent formé, qui compare l'image en direct avec la "
            "photo de la liste avant toute interpellation."
        ),
        "redress": (
            "Toute personne interpellée après une alerte peut saisir le médiateur indépendant de "
            "l'Autorité, qui peut faire réexaminer le journal des correspondances."
        ),
        "data_sources": "Flux des caméras en direct ; la liste judiciaire des personnes recherchées.",
        "people_affected": (
            "Toutes les personnes qui passent par les douze stations : environ 900 000 trajets par jour."
        ),
        "risks_and_mitigations": (
            "Les fausses correspondances touchent plus souvent certains groupes ; les tests du "
            "fournisseur n'ont pas été publiés. Mesures proposées : vérification humaine de chaque "
            "alerte et suppression des images sans correspondance sous 72 heures."
        ),
        "responsible_team": "Direction de la sûreté des stations",
        "senior_responsible_owner": "Directeur ou directrice de la sûreté des stations",
        "legal_basis": "La loi sur la sûreté des transports métropolitains, article 12, qui permet à l'Autorité de concourir à l'exécution des mandats judiciaires sur son réseau. Qu'elle autorise l'identification biométrique est l'une des questions de cette consultation.",
        "benefits": "Les agents retrouveraient plus vite les personnes recherchées sur mandat judiciaire qu'en surveillant les écrans, dans des stations où la foule les cache.",
        "previous_process": "Les agents reçoivent les photos imprimées des personnes recherchées et les cherchent en patrouille et sur les écrans des caméras.",
        "alternatives_considered": "Davantage d'agents en patrouille, et des contrôles à la seule demande de la police dans des stations désignées. Les deux retrouvent moins de personnes ; aucune n'analyse tous les passants, c'est pourquoi elles restent envisagées.",
        "process_integration": "Le système envoie une alerte au poste de sûreté de la station ; un agent décide d'aborder ou non la personne, selon le mandat.",
        "outputs": "Une alerte avec l'image en direct, la photo de la liste et un score de ressemblance.",
        "required_training": "Deux jours sur les taux d'erreur du système, la comparaison de visages et les droits des personnes interpellées, avant de pouvoir agir sur une alerte.",
        "maintenance": "Le fournisseur met à jour le modèle deux fois par an ; chaque mise à jour est testée sur nos propres images et le taux de fausses alertes est publié chaque mois.",
        "plain_language_explainer": (
            "Des caméras dans douze stations analyseraient le visage de chaque passant pour le "
            "comparer aux photos de personnes recherchées. Si l'ordinateur pense avoir trouvé "
            "quelqu'un, un agent vérifie avant d'agir. Tout le monde est analysé, pas seulement les "
            "suspects : c'est pourquoi nous vous consultons d'abord."
        ),
    },
    # A second published revision, so the public history shows what changed.
    "update": {
        "en": {"scope": "Twelve central metro stations, 6am to midnight, for a 12-month trial."},
        "fr": {"scope": "Douze stations centrales, de 6 h à minuit, pour un essai de 12 mois."},
    },
}

FORUM_MODERATION = {
    "slug": "forum-comment-classifier",
    "common": {
        "lifecycle_phase": "pilot",
        "decision_mode": "human_in_the_loop",
        "data_categories": ["personal"],
        "affected_groups": ["affected", "community", "civil_society"],
        "rights_at_risk": ["expression", "non_discrimination", "due_process"],
        "is_remote_biometric_identification": False,
        "is_automated_content_moderation": True,
        "impact": {
            "decision_area": "information",
            "reversibility": "reversible",
            "duration": "brief",
            "scale": "thousands",
            "vulnerable_groups": "some",
            "automation": "review",
            "personal_data": "personal",
            "explainability": "partial",
            "novelty": "new_here",
            "rights": "directly",
            "bias_testing": "published",
            "human_override": "always",
            "consultation": "yes",
            "audit": "planned",
            "monitoring": "yes",
            "recourse": "yes",
        },
        "register": {
            "contact_email": "forum-moderation@city-council.example.org",
            "publication_category": "impactful",
            "start_date": "2026-03-01",
            "source_code_url": "https://code.city-council.example.org/forum-classifier",
        },
        "links": {
            "en": [("Equality impact assessment", "https://example.org/eqia-forum")],
            "fr": [("Étude d'impact sur l'égalité", "https://example.org/eqia-forum")],
        },
    },
    "en": {
        "name": "Public forum comment classifier",
        "deploying_body": "City Council Digital Services",
        "supplier": "Built in-house on an open-weights language model",
        "purpose": (
            "Hold comments on the city's public forum that look like spam, harassment or threats "
            "until a moderator has looked at them."
        ),
        "scope": "All comments posted on the city's public forum.",
        "not_for": (
            "Deleting comments on its own, ranking comments, or profiling the people who write them."
        ),
        "model_type": "Fine-tuned open-weights language model used as a text classifier.",
        "human_oversight": (
            "The model can only hold a comment; a moderator decides whether it is published, and "
            "held comments are reviewed within 24 hours."
        ),
        "redress": (
            "Authors are told when a comment is held and why, and can appeal to a second moderator."
        ),
        "data_sources": "Comment text; three years of past moderation decisions for training.",
        "people_affected": "About 40,000 residents who post on the forum each year.",
        "risks_and_mitigations": (
            "Dialects and reclaimed words can be mistaken for abuse. The training data were "
            "reviewed by community groups and error rates by language are published monthly."
        ),
        "responsible_team": "Digital Services, online participation team",
        "senior_responsible_owner": "Head of Digital Services",
        "legal_basis": "The city's public forum rules, adopted by the council, which let the city hold comments that may break them until a moderator decides.",
        "benefits": "Threats and harassment no longer appear on the forum while they wait for a moderator, and moderators spend their time on the comments that need them.",
        "previous_process": "Every comment appeared at once; moderators removed those reported by readers, often hours later.",
        "alternatives_considered": "Checking every comment by hand before it appears, which would delay all of them by a day; and word lists, which held too many harmless comments.",
        "process_integration": "The classifier reads each new comment; those it flags are held in the moderators' queue, where a person publishes or hides them.",
        "outputs": "A hold on the comment and the rule it may break.",
        "required_training": "Moderators learn the forum rules, the classifier's known errors and how to handle appeals.",
        "maintenance": "Error rates by language are measured every month and the model is retrained each year on reviewed decisions.",
        "plain_language_explainer": (
            "A computer program reads every comment before it appears on the city forum. If it "
            "thinks a comment may break the rules, it holds it back until a person checks it. It "
            "never deletes anything by itself, and you can always appeal."
        ),
    },
    "fr": {
        "name": "Classifieur de commentaires du forum public",
        "deploying_body": "Services numériques du conseil municipal",
        "supplier": "Développé en interne sur un modèle de langage à poids ouverts",
        "purpose": (
            "Retenir les commentaires du forum public de la ville qui ressemblent à du spam, du "
            "harcèlement ou des menaces, jusqu'à ce qu'un modérateur les examine."
        ),
        "scope": "Tous les commentaires publiés sur le forum public de la ville.",
        "not_for": (
            "Supprimer seul des commentaires, les classer, ou profiler les personnes qui les écrivent."
        ),
        "model_type": "Modèle de langage à poids ouverts affiné, utilisé comme classifieur de texte.",
        "human_oversight": (
            "Le modèle peut seulement retenir un commentaire ; un modérateur décide de sa "
            "publication, et les commentaires retenus sont examinés sous 24 heures."
        ),
        "redress": (
            "Les auteurs sont informés quand un commentaire est retenu et pourquoi, et peuvent "
            "faire appel auprès d'un second modérateur."
        ),
        "data_sources": (
            "Texte des commentaires ; trois ans de décisions de modération pour l'entraînement."
        ),
        "people_affected": "Environ 40 000 habitants qui publient sur le forum chaque année.",
        "risks_and_mitigations": (
            "Les parlers régionaux et les mots réappropriés peuvent être pris pour des insultes. "
            "Les données d'entraînement ont été relues par des associations et les taux d'erreur "
            "par langue sont publiés chaque mois."
        ),
        "responsible_team": "Services numériques, équipe de la participation en ligne",
        "senior_responsible_owner": "Responsable des services numériques",
        "legal_basis": "Le règlement du forum public, adopté par le conseil municipal, qui permet de retenir un commentaire susceptible de l'enfreindre jusqu'à la décision d'un modérateur.",
        "benefits": "Les menaces et le harcèlement ne s'affichent plus en attendant un modérateur, et les modérateurs consacrent leur temps aux commentaires qui en ont besoin.",
        "previous_process": "Chaque commentaire paraissait aussitôt ; les modérateurs retiraient ceux que signalaient les lecteurs, souvent des heures plus tard.",
        "alternatives_considered": "Vérifier chaque commentaire à la main avant parution, ce qui les retarderait tous d'un jour ; et des listes de mots, qui retenaient trop de commentaires inoffensifs.",
        "process_integration": "Le classifieur lit chaque nouveau commentaire ; ceux qu'il signale attendent dans la file des modérateurs, où une personne les publie ou les masque.",
        "outputs": "La retenue du commentaire et la règle qu'il pourrait enfreindre.",
        "required_training": "Les modérateurs apprennent le règlement du forum, les erreurs connues du classifieur et le traitement des appels.",
        "maintenance": "Les taux d'erreur par langue sont mesurés chaque mois et le modèle est réentraîné chaque année sur des décisions relues.",
        "plain_language_explainer": (
            "Un programme lit chaque commentaire avant sa parution sur le forum de la ville. S'il "
            "pense qu'un commentaire enfreint les règles, il le retient jusqu'à ce qu'une personne "
            "le vérifie. Il ne supprime jamais rien seul, et vous pouvez toujours faire appel."
        ),
    },
}

BENEFITS_CHATBOT = {
    "slug": "benefits-eligibility-assistant",
    "common": {
        "lifecycle_phase": "pilot",
        "decision_mode": "decision_support",
        "data_categories": ["personal", "special_category"],
        "affected_groups": ["affected", "community"],
        "rights_at_risk": ["privacy", "non_discrimination", "due_process"],
        "is_remote_biometric_identification": False,
        "is_automated_content_moderation": False,
        "impact": {
            "decision_area": "benefits",
            "reversibility": "effort",
            "duration": "months",
            "scale": "many",
            "vulnerable_groups": "mainly",
            "automation": "support",
            "personal_data": "sensitive",
            "explainability": "partial",
            "novelty": "novel",
            "rights": "indirectly",
            "bias_testing": "internal",
            "human_override": "on_request",
            "consultation": "yes",
            "audit": "no",
            "monitoring": "yes",
            "recourse": "yes",
        },
        "register": {
            "contact_email": "assistant@social-affairs.example.org",
            "website": "https://social-affairs.example.org/eligibility-assistant",
            "publication_category": "impactful",
            "start_date": "2026-05-01",
        },
        "links": {"en": [], "fr": []},
    },
    "en": {
        "name": "Benefits eligibility assistant",
        "deploying_body": "Department of Social Affairs",
        "supplier": "Civic Chat Ltd (fictional)",
        "purpose": (
            "Answer questions about which benefits a person may be entitled to, and help them "
            "start an application."
        ),
        "scope": "The Department's website and its phone line's text-message service.",
        "not_for": "Deciding entitlement, refusing applications or detecting fraud.",
        "model_type": "Large language model with answers drawn from the published benefit rules.",
        "human_oversight": (
            "Caseworkers take every decision on entitlement; the assistant's conversations can be "
            "handed to a caseworker at any time."
        ),
        "redress": "Anyone given wrong information can ask for a caseworker review.",
        "data_sources": "Published benefit rules; what the person types into the chat.",
        "people_affected": "People asking about benefits: about 300,000 conversations a year.",
        "risks_and_mitigations": (
            "Wrong answers could put people off claiming what they are owed. Answers cite the rule "
            "they come from, and a caseworker can be reached in one step."
        ),
        "responsible_team": "Citizen Information Service",
        "senior_responsible_owner": "Director of Citizen Information",
        "legal_basis": "The Social Security Code's duty to inform people of their rights; the assistant decides nothing, so no decision-making power is used.",
        "benefits": "People get an answer at any hour and start the right application, and phone advisers have more time for complex cases.",
        "previous_process": "People read the benefit pages or waited on the phone line, on average 20 minutes, to ask an adviser.",
        "alternatives_considered": "A question-and-answer page and a longer opening of the phone line. The page was kept; more phone hours cost more than the budget allows.",
        "process_integration": "The assistant answers before any application; the application itself is examined by a caseworker as before.",
        "outputs": "Answers citing the benefit rule they come from, and a link to the application.",
        "required_training": "Caseworkers who take over conversations learn what the assistant can and cannot say, and how to report a wrong answer.",
        "maintenance": "The benefit rules it draws on are updated the day they change; a sample of conversations is checked by advisers every week.",
        "plain_language_explainer": (
            "A chat assistant on the Department's website answers questions about benefits and "
            "helps you start an application. It cannot decide whether you get a benefit: a "
            "caseworker always does."
        ),
    },
    "fr": {
        "name": "Assistant d'éligibilité aux prestations",
        "deploying_body": "Ministère des affaires sociales",
        "supplier": "Civic Chat SARL (fictif)",
        "purpose": (
            "Répondre aux questions sur les prestations auxquelles une personne peut avoir droit, "
            "et l'aider à commencer une demande."
        ),
        "scope": "Le site du ministère et le service de SMS de sa ligne téléphonique.",
        "not_for": "Décider des droits, refuser des demandes ou détecter la fraude.",
        "model_type": (
            "Grand modèle de langage dont les réponses s'appuient sur les règles publiées."
        ),
        "human_oversight": (
            "Les agents prennent toutes les décisions sur les droits ; une conversation peut être "
            "transmise à un agent à tout moment."
        ),
        "redress": "Toute personne mal informée peut demander un réexamen par un agent.",
        "data_sources": "Règles publiées des prestations ; ce que la personne écrit dans le chat.",
        "people_affected": (
            "Les personnes qui s'informent sur les prestations : environ 300 000 conversations par an."
        ),
        "risks_and_mitigations": (
            "Une mauvaise réponse pourrait dissuader des personnes de demander ce qui leur est dû. "
            "Les réponses citent la règle dont elles viennent, et un agent est joignable en une étape."
        ),
        "responsible_team": "Service d'information des usagers",
        "senior_responsible_owner": "Directeur ou directrice de l'information des usagers",
        "legal_basis": "L'obligation d'informer les personnes de leurs droits du code de la sécurité sociale ; l'assistant ne décide de rien.",
        "benefits": "Les personnes obtiennent une réponse à toute heure et commencent la bonne demande, et les conseillers téléphoniques gagnent du temps pour les cas complexes.",
        "previous_process": "Les personnes lisaient les pages des prestations ou attendaient au téléphone, 20 minutes en moyenne, pour parler à un conseiller.",
        "alternatives_considered": "Une page de questions-réponses et des horaires téléphoniques élargis. La page a été gardée ; élargir les horaires coûte plus que le budget ne le permet.",
        "process_integration": "L'assistant répond avant toute demande ; la demande elle-même est examinée par un agent comme avant.",
        "outputs": "Des réponses citant la règle dont elles viennent, et un lien vers la demande.",
        "required_training": "Les agents qui reprennent une conversation apprennent ce que l'assistant peut dire ou non, et comment signaler une erreur.",
        "maintenance": "Les règles des prestations sont mises à jour le jour où elles changent ; un échantillon de conversations est relu par des conseillers chaque semaine.",
        "plain_language_explainer": (
            "Un assistant de discussion sur le site du ministère répond aux questions sur les "
            "prestations et vous aide à commencer une demande. Il ne peut pas décider si vous "
            "recevez une prestation : c'est toujours un agent qui décide."
        ),
    },
}

SYSTEMS = [FACE_RECOGNITION, FORUM_MODERATION, BENEFITS_CHATBOT]
