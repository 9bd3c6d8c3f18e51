"""Benchmark of the machine theme suggestions (consult.outcomes.suggestions.suggest_themes):
the seconds for 5,000 comments in English and French, embedding included (a fresh process,
so the model's load counts too), as a consultation's first "Suggest themes" would cost with
no stored vector. The target is under 300 s on this machine.

Run by run.py among the OFFLINE benchmarks; prints one JSON line:
{"theme_suggestions": {"value": seconds, "unit": "s", "seconds": ..., ...}}, with
tests/benchmarks/theme_eval.py's `evaluate(suggest)` (agreement with the coded set: f1 and
its interval, ari, small_theme_recall) merged into the same entry.

The 5,000 comments are composed from short stems about twelve concerns (the kind a
consultation on an AI deployment hears), each in both languages, with 3% off-topic; they
measure time, not quality, which the coded set measures. `theme_suggestions.py seconds`
runs the timing alone, `theme_suggestions.py quality` the evaluation alone.
"""

import json
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from consult.outcomes.suggestions import suggest_themes

COMMENTS = 5000
SEED = 18

CONCERNS = {
    "human review": (
        "A person must review every refusal before it is sent",
        "Nobody should lose benefits because of a score without a human check",
        "Un agent doit relire chaque refus avant l’envoi",
        "Personne ne devrait perdre ses droits à cause d’un score sans contrôle humain",
    ),
    "face recognition": (
        "Facial recognition cameras in stations would track everyone",
        "I refuse to be filmed and identified every morning on my way to work",
        "Les caméras de reconnaissance faciale dans les gares surveilleraient tout le monde",
        "Je refuse d’être filmé et identifié chaque matin en allant au travail",
    ),
    "data retention": (
        "Personal data should be deleted after one year at most",
        "How long will my records be kept and who can read them",
        "Les données personnelles doivent être effacées au bout d’un an",
        "Combien de temps mes dossiers seront-ils conservés et qui pourra les lire",
    ),
    "bias": (
        "The model will discriminate against people from poor neighbourhoods",
        "Training data reflects past discrimination against minorities",
        "Le modèle va discriminer les habitants des quartiers pauvres",
        "Les données d’entraînement reproduisent les discriminations passées",
    ),
    "appeals": (
        "There must be a simple way to appeal a decision made by the system",
        "I need to know who to contact when the algorithm gets it wrong",
        "Il faut une voie de recours simple contre une décision du système",
        "Je dois savoir qui contacter quand l’algorithme se trompe",
    ),
    "transparency": (
        "Publish the source code and the criteria the scoring uses",
        "People deserve an explanation of why they were flagged",
        "Publiez le code source et les critères utilisés pour le score",
        "Les gens ont droit à une explication sur leur signalement",
    ),
    "cost": (
        "This system is a waste of public money that should fund caseworkers",
        "The contract with the supplier costs far more than hiring staff",
        "Ce système gaspille l’argent public qui devrait payer des agents",
        "Le contrat avec le fournisseur coûte bien plus que d’embaucher du personnel",
    ),
    "accessibility": (
        "Older people without internet cannot use the online form",
        "The chatbot does not work for blind users with screen readers",
        "Les personnes âgées sans internet ne peuvent pas utiliser le formulaire",
        "Le robot conversationnel ne fonctionne pas avec les lecteurs d’écran",
    ),
    "security": (
        "A data breach would expose the health records of millions",
        "Who protects the database against hackers",
        "Une fuite de données exposerait les dossiers médicaux de millions de personnes",
        "Qui protège la base de données contre les pirates",
    ),
    "children": (
        "Children should never be profiled by this kind of system",
        "Schools must not share pupils' data with the scoring tool",
        "Les enfants ne doivent jamais être profilés par ce type de système",
        "Les écoles ne doivent pas transmettre les données des élèves",
    ),
    "oversight": (
        "An independent regulator should audit the system every year",
        "Parliament must be able to stop the deployment",
        "Une autorité indépendante devrait auditer le système chaque année",
        "Le parlement doit pouvoir arrêter le déploiement",
    ),
    "support": (
        "Faster decisions would help families waiting for months",
        "I welcome the pilot if it reduces the backlog",
        "Des décisions plus rapides aideraient les familles qui attendent depuis des mois",
        "Je soutiens l’expérimentation si elle réduit les délais",
    ),
}
OFF_TOPIC = (
    "My neighbour's dog barks all night",
    "The bakery on the corner closed last week",
    "Le marché du samedi a de très bonnes fraises",
    "Il a plu toute la journée hier",
)
OPENERS = {
    "en": (
        "",
        "Honestly, ",
        "As a parent, ",
        "Speaking for my association, ",
        "Frankly, ",
        "As a nurse, ",
        "After reading the proposal, ",
        "Like many of my neighbours, ",
    ),
    "fr": (
        "",
        "Franchement, ",
        "En tant que parent, ",
        "Au nom de notre association, ",
        "Pour être clair, ",
        "En tant qu’infirmière, ",
        "Après avoir lu le projet, ",
        "Comme beaucoup de mes voisins, ",
    ),
}
CLAUSES = {
    "en": (
        "",
        " since last spring",
        " for my family",
        " in our town",
        " given what happened before",
        " as things stand",
        " for everyone in the queue",
        " before it goes any further",
        " at the job centre",
        " when the letters arrive",
        " for people like my mother",
    ),
    "fr": (
        "",
        " depuis le printemps dernier",
        " pour ma famille",
        " dans notre ville",
        " vu ce qui s’est passé avant",
        " en l’état",
        " pour tous ceux qui attendent",
        " avant d’aller plus loin",
        " à l’agence",
        " quand les courriers arrivent",
        " pour des gens comme ma mère",
    ),
}
ENDINGS = {
    "en": ("", ".", " in my opinion.", ", and I am not alone.", ". Please listen.", "!"),
    "fr": ("", ".", " à mon avis.", ", et je ne suis pas le seul.", ". Écoutez-nous.", " !"),
}


def comments(count: int = COMMENTS) -> tuple[list[str], list[str], list[str]]:
    """Texts, their languages and their concerns, drawn from a fixed seed."""
    draw = random.Random(SEED)
    texts, languages, concerns = [], [], []
    names = list(CONCERNS)
    for _ in range(count):
        off = draw.random() < 0.03
        concern = "off-topic" if off else draw.choice(names)
        stems = OFF_TOPIC if off else CONCERNS[concern]
        language = draw.choice(("en", "fr"))
        pool = stems[:2] if language == "en" else stems[2:]
        sentences = draw.sample(pool, k=draw.choice((1, 2)))
        first = sentences[0]
        sentences[0] = draw.choice(OPENERS[language]) + first[0].lower() + first[1:]
        sentences[-1] += draw.choice(CLAUSES[language])
        text = ". ".join(sentences) + draw.choice(ENDINGS[language])
        texts.append(text)
        languages.append(language)
        concerns.append(concern)
    return texts, languages, concerns


def seconds() -> dict:
    texts, languages, _concerns = comments()
    started, cpu = time.perf_counter(), time.process_time()
    result = suggest_themes(texts, languages=languages)
    elapsed = round(time.perf_counter() - started, 1)
    return {
        "value": elapsed,
        "unit": "s",
        "seconds": elapsed,
        # The processor time of all the process's threads: what the machine's load does not
        # inflate (the engine uses every core, so an idle machine's seconds are about this
        # divided by the cores).
        "cpu_seconds": round(time.process_time() - cpu, 1),
        "comments": len(texts),
        "distinct_texts": len(set(texts)),
        "themes": len(result.themes),
        "not_grouped": len(result.outliers),
    }


def quality() -> dict:
    """Agreement with the coded set (tests/benchmarks/data/PROVENANCE.md says who coded it);
    its size is `coded_comments`, beside the `comments` of the timing."""
    from theme_eval import evaluate

    result = evaluate(suggest_themes)
    result["coded_comments"] = result.pop("comments")
    return result


def main(which: list[str]) -> None:
    measured: dict = {}
    if not which or "seconds" in which:
        measured.update(seconds())
    if not which or "quality" in which:
        measured.update(quality())
    print(json.dumps({"theme_suggestions": measured}), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
