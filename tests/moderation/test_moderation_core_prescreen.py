"""The automated pre-screen: it holds (never hides), names its check and version, and finds
campaigns of near-identical text without flagging honest, distinct comments."""

import random
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import User
from consult.discussion.campaigns import campaign_sizes
from consult.discussion.models import Comment, CommentState
from consult.moderation import prescreen
from consult.moderation.models import (
    Action,
    Campaign,
    ModerationDecision,
    PrescreenSettings,
    PrescreenTermList,
    RuleCode,
    Trigger,
)
from consult.moderation.services.comments import comment_approve
from consult.moderation.services.screening import prescreen_settings_save
from tests.discussion.conftest import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def checks_on(db) -> PrescreenSettings:
    """Every check on (they start off), as an editor would set them."""
    settings = PrescreenSettings.load()
    settings.link_account_age_days = 3
    settings.burst_posts = 5
    settings.burst_minutes = 10
    settings.campaign_accounts = 3
    settings.save()
    return settings


CAMPAIGN_TEXT = (
    "I am writing to say that facial recognition in our metro stations is a gross violation "
    "of our civil liberties. Nobody consented to being scanned on the way to work, and the "
    "watch list could grow to include anyone. Scrap this trial now and spend the money on "
    "more staff in the stations instead."
)
GREETINGS = ["", "Hello.", "Dear Authority,", "To whom it may concern:", "Hi all,"]
SIGN_OFFS = ["", "Thank you.", "Regards.", "Please listen.", "Signed, a commuter."]

OPENINGS = [
    "I take the line 4 train every morning from the northern suburbs.",
    "As a night-shift nurse I often travel when the stations are nearly empty.",
    "My teenage children use the metro to get to school on their own.",
    "I run a small bakery opposite Central station and see the crowds daily.",
    "I am a wheelchair user and rely on the station lifts and staff.",
    "I have worked in railway signalling for twenty years.",
    "I moved here from abroad three years ago and still feel like a newcomer.",
    "I teach data ethics at the technical college.",
    "Our residents' association met last week to discuss this proposal.",
    "I am a retired police officer.",
    "I commute by bike most days but use the metro when it rains.",
    "I volunteer at the food bank near Eastgate station.",
    "As a lawyer I have represented people wrongly stopped by security staff.",
    "I am partially sighted and depend on announcements in the stations.",
    "I organise the weekend football league and we travel to away games by metro.",
    "My grandmother lives alone and takes the metro to her clinic appointments.",
    "I am a student at the university and live in the halls by the river.",
    "I drive a taxi and often pick up passengers outside the stations at night.",
    "I manage a cleaning team that works in four of the stations.",
    "I am a software engineer who has built image classifiers.",
]
POINTS = [
    "Who checks the watch list, and how often is it reviewed?",
    "The pilot should publish its false match rate every month, broken down by age and skin tone.",
    "A match alone should never be a reason to stop someone without a human check.",
    "I would like to know how long the video is kept when there is no match.",
    "Twelve stations is a lot for a trial; start with two and measure.",
    "Signs at every entrance must say clearly that cameras compare faces.",
    "There should be a simple way to complain that does not need a lawyer.",
    "Security staff already know the regular troublemakers without any software.",
    "Fare evasion must stay explicitly out of scope, in writing.",
    "What happens to the data if the supplier goes bankrupt or is sold?",
    "Pickpocketing at rush hour is a real problem on the central platforms.",
    "The lighting in the older stations is poor, which will surely affect accuracy.",
    "An independent auditor, not the supplier, should test the system.",
    "Children should never be on any watch list used by this system.",
    "The budget would pay for a lot of extra station staff.",
    "Protesters must not be identified when they travel to demonstrations.",
    "I support the trial if it genuinely helps find missing people.",
    "A sunset clause should end the trial automatically unless renewed by vote.",
    "Please explain how someone gets removed from the watch list.",
    "Would the cameras work through face masks worn for health reasons?",
    "The consultation documents are long; a one-page summary would help.",
    "People with facial differences may be mismatched more often.",
    "It is unclear who is accountable when the system gets it wrong.",
    "The evaluation criteria should be published before the trial starts.",
    "Could the system be switched off during large public events?",
    "Tourists will not know what they are agreeing to by entering.",
    "Station staff should receive training on bias and de-escalation.",
    "The trial should report how many alerts led to an arrest.",
    "Warrants expire; the list must be updated daily, not weekly.",
    "My trust in the transport authority is high, but this feels rushed.",
    "I would rather see better CCTV response times than face matching.",
    "Other cities abandoned similar trials; what did we learn from them?",
    "The appeal route for a wrongful stop should take days, not months.",
    "The system must not be connected to any other police database.",
    "Cleaners and night staff will be scanned dozens of times a day.",
    "Is the supplier's model trained on images collected with consent?",
    "Data should stay on servers in this country under our law.",
    "I worry that the scope will quietly widen after the trial.",
    "A citizens' panel could oversee the trial alongside the regulator.",
    "Please publish the contract with the supplier, redacted if necessary.",
]
CLOSINGS = [
    "Thanks for asking us.",
    "I will follow the outcome closely.",
    "Happy to talk more at the public meeting.",
    "Looking forward to the summary of responses.",
    "Please take these points seriously.",
    "",
]


def honest_texts(count: int, seed: int = 2026) -> list[str]:
    """Varied, realistic comments: an opening, three distinct points, a closing; no two
    alike (deterministic, so a failure can be reproduced)."""
    rng = random.Random(seed)
    texts: set[str] = set()
    ordered = []
    while len(ordered) < count:
        points = rng.sample(POINTS, 3)
        text = " ".join(
            part for part in [rng.choice(OPENINGS), *points, rng.choice(CLOSINGS)] if part
        )
        if text not in texts:
            texts.add(text)
            ordered.append(text)
    return ordered


def campaign_text(rng: random.Random) -> str:
    return " ".join(
        part for part in [rng.choice(GREETINGS), CAMPAIGN_TEXT, rng.choice(SIGN_OFFS)] if part
    )


def people(prefix: str, count: int, *, age_days: int = 400) -> list[User]:
    users = [
        make_user(f"{prefix}{n}@example.org", display_name=f"{prefix} {n}") for n in range(count)
    ]
    User.objects.filter(pk__in=[u.pk for u in users]).update(
        date_joined=timezone.now() - timedelta(days=age_days)
    )
    return list(User.objects.filter(pk__in=[u.pk for u in users]).order_by("pk"))


def test_a_campaign_of_200_from_40_accounts_is_held_and_grouped_honest_comments_are_not(
    consultation, post_comment
):
    rng = random.Random(4)
    campaigners = people("campaigner", 40)
    citizens = people("citizen", 100)
    posts = [("campaign", campaigners[n % 40], campaign_text(rng)) for n in range(200)]
    posts += [("honest", citizens[n % 100], text) for n, text in enumerate(honest_texts(200))]
    rng.shuffle(posts)

    posted = {"campaign": [], "honest": []}
    for kind, author, text in posts:
        posted[kind].append(post_comment(consultation, author, text).pk)

    campaign_rows = Comment.objects.filter(pk__in=posted["campaign"])
    honest_rows = Comment.objects.filter(pk__in=posted["honest"])
    assert campaign_rows.count() == 200 and honest_rows.count() == 200
    assert set(campaign_rows.values_list("state", flat=True)) == {CommentState.HELD}
    (campaign_id,) = set(campaign_rows.values_list("campaign_id", flat=True))
    assert Campaign.objects.get().pk == campaign_id and Campaign.objects.get().automated
    # False positives on honest comments: none held, none grouped.
    assert set(honest_rows.values_list("state", flat=True)) == {CommentState.VISIBLE}
    assert set(honest_rows.values_list("campaign_id", flat=True)) == {None}
    holds = ModerationDecision.objects.filter(action=Action.HOLD)
    assert holds.count() == 200
    assert set(holds.values_list("automated", "screen_check", "trigger", "rule_code")) == {
        (True, "campaign", Trigger.PRESCREEN, RuleCode.SPAM)
    }
    assert not ModerationDecision.objects.exclude(action=Action.HOLD).exists()


def test_comparing_a_new_comment_costs_the_same_whatever_the_consultation_size(
    consultation, post_comment
):
    citizens = people("citizen", 60)
    # Two who have not posted yet, so both measured posts take the same path.
    first_timers = people("newcomer", 2)
    texts = honest_texts(202, seed=7)

    def queries_for_post(author, text) -> int:
        with CaptureQueriesContext(connection) as captured:
            post_comment(consultation, author, text)
        return len(captured)

    for n, text in enumerate(texts[:10]):
        post_comment(consultation, citizens[n % 60], text)
    small = queries_for_post(first_timers[0], texts[10])
    for n, text in enumerate(texts[11:201]):
        post_comment(consultation, citizens[n % 60], text)
    large = queries_for_post(first_timers[1], texts[201])
    assert small == large


def test_approved_campaign_comments_stay_visible_and_are_counted_as_one_group(
    consultation, post_comment, mona
):
    authors = people("campaigner", 4)
    first = [post_comment(consultation, author, CAMPAIGN_TEXT) for author in authors[:3]]
    for comment in first:
        comment.refresh_from_db()
        assert comment.state == CommentState.HELD
        comment_approve(comment=comment, moderator=mona)
    late = post_comment(consultation, authors[3], CAMPAIGN_TEXT + " Me too.")
    assert late.state == CommentState.HELD
    states = dict(Comment.objects.values_list("pk", "state"))
    assert [states[c.pk] for c in first] == [CommentState.VISIBLE] * 3
    (campaign,) = Campaign.objects.all()
    assert campaign_sizes([campaign.pk]) == {campaign.pk: 3}


@pytest.fixture
def config(checks_on) -> PrescreenSettings:
    settings = checks_on
    PrescreenTermList.objects.create(
        prescreen=settings, language="en", rule_code=RuleCode.HATE_SPEECH, terms="vermin\nsub human"
    )
    PrescreenTermList.objects.create(
        prescreen=settings, language="fr", rule_code=RuleCode.HATE_SPEECH, terms="vermine"
    )
    settings.save()
    return settings


@pytest.mark.parametrize(
    ("text", "check"),
    [
        ("They are VERMIN, all of them.", "terms:en"),
        ("Ces gens sont de la vermine.", "terms:fr"),
        ("Some call them sub-human.", "terms:en"),
    ],
)
def test_a_term_holds_under_its_rule_naming_the_list_and_version(
    config, consultation, post_comment, text, check
):
    author = people("writer", 1)[0]
    comment = post_comment(consultation, author, text)
    assert comment.state == CommentState.HELD
    decision = ModerationDecision.objects.get(comment=comment)
    assert (decision.screen_check, decision.screen_version) == (check, config.version)
    assert decision.rule_code == RuleCode.HATE_SPEECH and decision.automated


def test_terms_match_whole_words_only(config, consultation, post_comment):
    author = people("writer", 1)[0]
    assert post_comment(consultation, author, "Verminous is not a word I use.").state == "visible"


def test_links_from_new_accounts_are_held_and_from_older_ones_are_not(
    config, consultation, post_comment
):
    newcomer = people("new", 1, age_days=1)[0]
    regular = people("old", 1, age_days=30)[0]
    text = "See the report at https://example.org/report for the numbers."
    held = post_comment(consultation, newcomer, text)
    assert held.state == CommentState.HELD
    assert ModerationDecision.objects.get(comment=held).screen_check == "new_account_links"
    assert post_comment(consultation, regular, text).state == CommentState.VISIBLE


def test_a_burst_of_posts_is_held_after_the_limit(config, consultation, post_comment):
    author = people("busy", 1)[0]
    states = [
        post_comment(consultation, author, f"Point {n}: {OPENINGS[n]} {POINTS[n]}").state
        for n in range(7)
    ]
    assert states == ["visible"] * 5 + ["held"] * 2
    assert ModerationDecision.objects.filter(screen_check="burst").count() == 2


def test_saving_the_settings_bumps_the_version_and_turning_off_holds_nothing(
    config, consultation, post_comment
):
    version = config.version
    config.enabled = False
    prescreen_settings_save(settings=config)
    assert PrescreenSettings.load().version == version + 1
    author = people("writer", 1)[0]
    assert post_comment(consultation, author, "They are vermin.").state == CommentState.VISIBLE


def test_signatures_estimate_similarity():
    honest = honest_texts(2, seed=1)
    same = prescreen.similarity(
        prescreen.signature(CAMPAIGN_TEXT), prescreen.signature("Hello. " + CAMPAIGN_TEXT)
    )
    different = prescreen.similarity(prescreen.signature(honest[0]), prescreen.signature(honest[1]))
    assert same > 0.8 and different < 0.3


def test_every_check_starts_off(consultation, post_comment):
    PrescreenSettings.objects.all().delete()
    newcomers = people("new", 4, age_days=0)
    for author in newcomers:
        for n in range(7):
            body = f"{CAMPAIGN_TEXT} See https://example.org/{n}"
            assert post_comment(consultation, author, body).state == CommentState.VISIBLE
    assert not ModerationDecision.objects.exists()


def test_short_identical_messages_are_agreement_not_a_campaign(consultation, post_comment):
    for author in people("agreeing", 5):
        assert post_comment(consultation, author, "I agree with this.").state == "visible"
    assert not Campaign.objects.exists()
