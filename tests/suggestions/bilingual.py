"""A small bilingual set with three obvious topics and one comment about nothing here."""

REVIEW = [
    ("en", "A human caseworker must review every benefit refusal before the letter is sent."),
    (
        "en",
        "No one should lose their benefits because of the algorithm without a person checking the decision.",
    ),
    (
        "en",
        "Refusals decided by the system need review by a human officer, not just an automatic letter.",
    ),
    ("fr", "Un agent humain doit vérifier chaque refus de prestation avant l’envoi du courrier."),
    (
        "fr",
        "Personne ne devrait perdre ses allocations à cause de l’algorithme sans qu’un agent vérifie la décision.",
    ),
    ("fr", "Les refus décidés par le système doivent être revus par un agent humain."),
]
CAMERAS = [
    ("en", "Facial recognition cameras in the train station would track everyone who walks past."),
    ("en", "I do not want face recognition cameras filming me at the station every morning."),
    ("en", "Biometric cameras scanning faces in public places are mass surveillance."),
    ("fr", "Les caméras de reconnaissance faciale dans la gare surveilleraient tous les passants."),
    (
        "fr",
        "Je refuse d’être filmé par des caméras de reconnaissance faciale à la gare chaque matin.",
    ),
    (
        "fr",
        "Des caméras biométriques qui scannent les visages dans l’espace public, c’est de la surveillance de masse.",
    ),
]
RETENTION = [
    ("en", "How long will my personal data be kept? It should be deleted after one year."),
    ("en", "The data retention period is too long: delete personal records after twelve months."),
    (
        "en",
        "Personal data should not be stored forever; set a short retention period and delete it.",
    ),
    (
        "fr",
        "Combien de temps mes données personnelles seront-elles conservées ? Il faut les effacer après un an.",
    ),
    (
        "fr",
        "La durée de conservation des données est trop longue : supprimez les dossiers personnels après douze mois.",
    ),
    (
        "fr",
        "Les données personnelles ne doivent pas être gardées indéfiniment ; fixez une durée de conservation courte.",
    ),
]
OFF_TOPIC = ("en", "My grandmother bakes the best apple pie in the whole county every autumn.")

TOPICS = {"review": REVIEW, "cameras": CAMERAS, "retention": RETENTION}
