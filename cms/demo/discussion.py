"""A demo discussion on the metro face-recognition consultation: comments in English and
French, a few replies, positions and reactions from the demo participants.

Written through the discussion services, so it is rendered and counted as real posts are;
then spread over the past days so the page reads like a living discussion. Loaded once:
a consultation that already has comments is left alone.
"""

from datetime import timedelta

from django.utils import timezone

from accounts.models import User
from consult.consultations.models import ConsultationPage
from consult.discussion import services
from consult.discussion.models import Comment, DisplayMode

CONSULTATION_SLUG = "metro-face-recognition"

# (key, author email, display mode, hours ago, parent key or None, body)
COMMENTS = [
    (
        "amina",
        "amina@demo.consult",
        DisplayMode.PSEUDONYM,
        200,
        None,
        "Je prends la ligne 4 tous les jours pour aller travailler. Je ne veux pas que mon "
        "visage soit comparé à une liste chaque matin sans que je l'aie choisi. Qui décide "
        "qui figure sur cette liste, et comment en sort-on ?",
    ),
    (
        "priya",
        "priya@demo.consult",
        DisplayMode.NAMED,
        180,
        None,
        "Live facial recognition in public transport is **mass biometric surveillance**. "
        "The proposal says non-matching images are deleted within 72 hours, but:\n\n"
        "- who audits the deletion?\n"
        "- what is the false-match rate for darker-skinned women?\n"
        "- can people avoid the stations without losing access to work?\n\n"
        "See the [EDPB guidelines on facial recognition](https://www.edpb.europa.eu/).",
    ),
    (
        "elena",
        "elena@demo.consult",
        DisplayMode.NAMED,
        170,
        "priya",
        "On the error rates: published vendor figures are usually measured on passport-style "
        "photos. Station cameras see people at angles, in motion and in poor light. I would ask "
        "the authority to publish an independent field evaluation *before* any trial.",
    ),
    (
        "tom",
        "tom@demo.consult",
        DisplayMode.NAMED,
        160,
        "elena",
        "Fair point. For what it is worth, field accuracy can be measured during a shadow "
        "trial where matches trigger no action at all. That would give real numbers without "
        "anyone being stopped.",
    ),
    (
        "priya-2",
        "priya@demo.consult",
        DisplayMode.NAMED,
        150,
        "tom",
        "A shadow trial still scans everyone. The intrusion is the scanning, not only the stop.",
    ),
    (
        "lucas",
        "lucas@demo.consult",
        DisplayMode.NAMED,
        140,
        None,
        "Le collectif a organisé une réunion publique à la gare du Nord : sur 60 personnes, "
        "presque toutes demandaient une chose simple, un avis clair et visible à l'entrée des "
        "stations concernées. Ce n'est pas prévu dans le projet.",
    ),
    (
        "claire",
        "claire@demo.consult",
        DisplayMode.NAMED,
        120,
        "lucas",
        "Merci pour ce retour. L'information des personnes est une obligation légale ; nous "
        "relaierons cette demande à l'autorité de transport.",
    ),
    (
        "sam",
        "sam@demo.consult",
        DisplayMode.PSEUDONYM,
        100,
        None,
        "I have a record from fifteen years ago that was spent long ago. If old warrants or "
        "data end up on the watch list by mistake, how would I even know? The redress route "
        "should not require me to prove a negative.",
    ),
    (
        "amina-2",
        "amina@demo.consult",
        DisplayMode.PSEUDONYM,
        90,
        "sam",
        "Exactement. Il faut une voie de recours simple, en plusieurs langues, et un délai de "
        "réponse garanti.",
    ),
    (
        "elena-2",
        "elena@demo.consult",
        DisplayMode.NAMED,
        60,
        None,
        "Suggestion for the impact assessment: state the *necessity* test explicitly. How many "
        "warrants were executed last year thanks to station CCTV alone? Without a baseline, the "
        "benefit of the trial cannot be weighed against its intrusion.",
    ),
    (
        "tom-2",
        "tom@demo.consult",
        DisplayMode.NAMED,
        30,
        None,
        "Speaking as a supplier in this sector: the contract should require the vendor to "
        "give auditors access to the matching logs, not only to summary statistics.",
    ),
]

# (email, stance, reason)
POSITIONS = [
    ("amina@demo.consult", "oppose", "Je ne veux pas être scannée chaque jour."),
    ("lucas@demo.consult", "oppose", ""),
    ("priya@demo.consult", "oppose", "Mass biometric surveillance is disproportionate."),
    ("elena@demo.consult", "unsure", "Not without an independent field evaluation."),
    ("tom@demo.consult", "support", "With strict audit access for the authority."),
    ("claire@demo.consult", "unsure", ""),
    ("sam@demo.consult", "oppose", ""),
]

# (email, comment key, value)
REACTIONS = [
    ("priya@demo.consult", "amina", "agree"),
    ("lucas@demo.consult", "amina", "agree"),
    ("sam@demo.consult", "amina", "agree"),
    ("tom@demo.consult", "amina", "pass"),
    ("amina@demo.consult", "priya", "agree"),
    ("elena@demo.consult", "priya", "agree"),
    ("tom@demo.consult", "priya", "disagree"),
    ("claire@demo.consult", "priya", "pass"),
    ("priya@demo.consult", "elena", "agree"),
    ("tom@demo.consult", "elena", "agree"),
    ("priya@demo.consult", "tom", "disagree"),
    ("amina@demo.consult", "lucas", "agree"),
    ("sam@demo.consult", "lucas", "agree"),
    ("claire@demo.consult", "lucas", "agree"),
    ("amina@demo.consult", "sam", "agree"),
    ("priya@demo.consult", "sam", "agree"),
    ("priya@demo.consult", "elena-2", "agree"),
    ("claire@demo.consult", "elena-2", "agree"),
    ("amina@demo.consult", "tom-2", "agree"),
    ("elena@demo.consult", "tom-2", "agree"),
]


def load_discussion() -> None:
    consultation = ConsultationPage.objects.filter(
        slug=CONSULTATION_SLUG, locale__language_code="en"
    ).first()
    if consultation is None or Comment.objects.filter(consultation=consultation).exists():
        return
    users = {user.email: user for user in User.objects.filter(email__endswith="@demo.consult")}
    now = timezone.now()
    comments: dict[str, Comment] = {}
    for key, email, mode, hours_ago, parent_key, body in COMMENTS:
        comment = services.comment_create(
            consultation=consultation,
            author=users[email],
            body=body,
            display_mode=mode,
            parent=comments.get(parent_key) if parent_key else None,
        )
        # Demo only: backdate, past the edit window, as if posted over the last days.
        Comment.objects.filter(pk=comment.pk).update(created_at=now - timedelta(hours=hours_ago))
        comments[key] = comment
    for email, stance, reason in POSITIONS:
        services.position_set(
            consultation=consultation, user=users[email], stance=stance, reason=reason
        )
    for email, key, value in REACTIONS:
        services.reaction_set(comment=comments[key], user=users[email], value=value)
