"""Demo people: one participant per stakeholder group, an editor and a moderator, and the two
moderators who took the demo's past decisions."""

from accounts.models import StakeholderGroup

DEMO_PASSWORD = "consult-demo-2026"  # noqa: S105 - printed by `make run` on purpose

PARTICIPANTS = [
    ("amina@demo.consult", "Amina Diallo", StakeholderGroup.AFFECTED_PERSON, "", "fr"),
    (
        "lucas@demo.consult",
        "Lucas Martin",
        StakeholderGroup.COMMUNITY_GROUP,
        "Collectif Gare du Nord",
        "fr",
    ),
    (
        "priya@demo.consult",
        "Priya Natarajan",
        StakeholderGroup.CIVIL_SOCIETY,
        "Digital Rights Watch",
        "en",
    ),
    (
        "elena@demo.consult",
        "Dr Elena Rossi",
        StakeholderGroup.ACADEMIC,
        "Institute for Algorithmic Accountability",
        "en",
    ),
    ("tom@demo.consult", "Tom Becker", StakeholderGroup.INDUSTRY, "Transit Analytics Ltd", "en"),
    (
        "claire@demo.consult",
        "Claire Dubois",
        StakeholderGroup.PUBLIC_BODY,
        "Commission nationale de l'informatique",
        "fr",
    ),
    ("sam@demo.consult", "Sam Okafor", StakeholderGroup.OTHER, "", "en"),
]
EDITOR = (
    "editor@demo.consult",
    "Eddie Editor",
    StakeholderGroup.PUBLIC_BODY,
    "City Transport Authority",
    "en",
)
MODERATOR = ("moderator@demo.consult", "Mona Moderator", StakeholderGroup.OTHER, "", "en")
# Only moderators with a second factor may decide, and an appeal goes to a moderator who did
# not take the decision: these two took the demo's past decisions (cms/demo/moderation.py).
DECIDERS = [
    ("noor@demo.consult", "Noor Haddad", StakeholderGroup.OTHER, "", "en"),
    ("rui@demo.consult", "Rui Santos", StakeholderGroup.OTHER, "", "fr"),
]

# MODERATOR and the first of DECIDERS sign in with this authenticator secret, so a newcomer
# can play a whole appeal: one moderator decides, the participant appeals, the other reviews.
# Public, like DEMO_PASSWORD, so development only: production gets a random one, printed
# nowhere. The other decider's secret is kept nowhere.
DEMO_TOTP_SECRET = "CONSULTDEMOMODERATORSECRET234567"  # noqa: S105
PLAYABLE_MODERATORS = [MODERATOR[0], DECIDERS[0][0]]
