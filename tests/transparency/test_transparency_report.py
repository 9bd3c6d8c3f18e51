"""The transparency report: its numbers equal what the append-only audit log records, in
HTML (charts and tables), JSON and CSV, site-wide and per consultation, in a fixed number of
queries."""

import csv
import io
import statistics
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from consult.consultations.models import ModerationMode
from consult.moderation.models import Action, AuditEntry, RuleCode
from consult.moderation.services.appeals import appeal_decide, appeal_file
from consult.moderation.services.campaigns import campaign_mark, comment_hold_automated
from consult.moderation.services.comments import comment_approve, comment_hide
from consult.moderation.services.decisions import Screening
from consult.moderation.services.flags import flag_create
from consult.moderation.services.suspensions import participant_suspend

pytestmark = pytest.mark.django_db

MAX_QUERIES = 14


@pytest.fixture
def seeded(clock, make_consultation, alice, bob, mona, max_, post_comment):
    """Two consultations' worth of decisions, all taken through the services, an hour or
    more apart on the test's clock."""
    premoderated = make_consultation("Benefit fraud scoring", moderation_mode=ModerationMode.PRE)
    open_one = make_consultation("Face recognition at stations")
    held = [post_comment(premoderated, alice, f"Held comment {n}.") for n in range(4)]
    clock.tick(hours=1)
    comment_approve(comment=held[0], moderator=mona)
    clock.tick(hours=1)
    comment_approve(comment=held[1], moderator=mona, public_note="Fine.")
    clock.tick(hours=3)
    comment_hide(comment=held[2], moderator=mona, rule_code=RuleCode.SPAM)
    # held[3] is still waiting.

    screened = post_comment(open_one, bob, "Some words a term list matches.")
    comment_hold_automated(
        comment=screened,
        screening=Screening(check="terms", version=2, rule_code=RuleCode.HATE_SPEECH),
    )
    clock.tick(hours=3)
    comment_approve(comment=screened, moderator=max_)

    flagged = post_comment(open_one, alice, "You are all idiots.")
    flag_create(comment=flagged, flagger=bob, rule_code=RuleCode.HARASSMENT)
    hidden = comment_hide(comment=flagged, moderator=mona, rule_code=RuleCode.HARASSMENT)
    appeal = appeal_file(decision=hidden, appellant=alice, statement="It was a joke.")
    clock.tick(minutes=30)
    appeal_decide(appeal=appeal, reviewer=max_, outcome="upheld", reasons="Not a joke.")

    mistaken = post_comment(open_one, bob, "On topic after all.")
    wrong = comment_hide(comment=mistaken, moderator=mona, rule_code=RuleCode.OFF_TOPIC)
    appeal = appeal_file(decision=wrong, appellant=bob, statement="It is on topic.")
    appeal_decide(appeal=appeal, reviewer=max_, outcome="reversed", reasons="Agreed.")

    campaign = [post_comment(open_one, user, "Stop the cameras!") for user in (alice, bob)]
    campaign_mark(comments=campaign, moderator=mona, rule_code=RuleCode.SPAM)
    participant_suspend(
        user=alice,
        consultation=open_one,
        moderator=max_,
        rule_code=RuleCode.HARASSMENT,
        until=clock.now + timedelta(days=3),
    )
    return premoderated, open_one


def from_the_audit_log(consultation=None) -> dict:
    """The report's numbers, recomputed in Python from the audit log alone."""
    entries = list(AuditEntry.objects.order_by("pk"))
    if consultation is not None:
        entries = [entry for entry in entries if entry.consultation_id == consultation.pk]
    decisions = [entry for entry in entries if entry.decision_id and entry.action in Action]
    decided_once = {entry.decision_id: entry for entry in decisions}.values()
    by_action = dict.fromkeys(Action.values, 0)
    by_rule: dict[str, int] = {}
    for entry in decided_once:
        by_action[entry.action] += 1
        key = entry.rule_code or "none"
        by_rule[key] = by_rule.get(key, 0) + 1
    holds = [entry for entry in decided_once if entry.action == Action.HOLD]
    outcomes, waits = {}, []
    for hold in holds:
        after = next(
            (
                entry
                for entry in decided_once
                if entry.pk > hold.pk
                and entry.target_kind == "comment"
                and entry.target_id == hold.target_id
                and entry.action in (Action.APPROVE, Action.HIDE)
            ),
            None,
        )
        outcomes[hold.pk] = after.action if after else None
        if after:
            waits.append((after.at - hold.at).total_seconds())
    automated = [hold for hold in holds if hold.automated]
    decided_appeals = [entry for entry in entries if entry.action == "appeal_decide"]
    return {
        "decisions": len(decided_once),
        "by_action": by_action,
        "by_rule": by_rule,
        "by_decider": {
            "automated": sum(entry.automated for entry in decided_once),
            "premoderation": sum(e.actor_label == "premoderation" for e in decided_once),
            "human": sum(entry.actor_label == "moderator" for entry in decided_once),
        },
        "holds": {
            "total": len(holds),
            "approved": list(outcomes.values()).count(Action.APPROVE),
            "hidden": list(outcomes.values()).count(Action.HIDE),
            "pending": list(outcomes.values()).count(None),
            "automated": len(automated),
            "automated_approved": sum(outcomes[h.pk] == Action.APPROVE for h in automated),
            "median_seconds_to_decision": round(statistics.median(waits)) if waits else None,
        },
        "appeals": {
            "filed": sum(entry.action == "appeal_file" for entry in entries),
            "upheld": sum(entry.after["appeal"] == "upheld" for entry in decided_appeals),
            "reversed": sum(entry.after["appeal"] == "reversed" for entry in decided_appeals),
        },
    }


def assert_matches(report: dict, expected: dict) -> None:
    assert report["decisions"] == expected["decisions"]
    assert report["by_action"] == expected["by_action"]
    assert {rule: n for rule, n in report["by_rule"].items() if n} == expected["by_rule"]
    assert report["by_decider"] == expected["by_decider"]
    for key, value in expected["holds"].items():
        assert report["holds"][key] == value, key
    for key, value in expected["appeals"].items():
        assert report["appeals"][key] == value, key


def test_the_report_matches_the_audit_log_exactly(client, seeded):
    premoderated, open_one = seeded
    expected = from_the_audit_log()
    report = client.get(reverse("transparency_report_json")).json()

    assert_matches(report, expected)
    # The seed, spelled out: the figures mean what they say.
    assert report["decisions"] == 15
    assert report["by_decider"] == {"automated": 1, "premoderation": 4, "human": 10}
    assert report["holds"]["total"] == 5
    assert (report["holds"]["approved"], report["holds"]["hidden"]) == (3, 1)
    assert report["holds"]["held_then_approved_rate"] == 0.75
    assert report["holds"]["automated_held_then_approved_rate"] == 1.0
    # Waits of 1, 2, 3 and 5 hours: the median is two and a half.
    assert report["holds"]["median_seconds_to_decision"] == 9000
    assert report["appeals"] == {"filed": 2, "pending": 0, "upheld": 1, "reversed": 1}
    assert report["campaigns"] == {"campaigns": 1, "comments": 2}

    for consultation in (premoderated, open_one):
        scoped = client.get(
            reverse("transparency_report_json"), {"consultation": consultation.slug}
        ).json()
        assert scoped["consultation"] == consultation.slug
        assert_matches(scoped, from_the_audit_log(consultation))


def test_the_csv_carries_the_same_numbers(client, seeded):
    report = client.get(reverse("transparency_report_json")).json()
    response = client.get(reverse("transparency_report_csv"))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["section", "key", "value"]
    values = {(section, key): value for section, key, value in rows[1:]}
    assert values[("decisions", "total")] == str(report["decisions"])
    for section in ("by_action", "by_rule", "by_decider", "holds", "appeals"):
        for key, value in report[section].items():
            assert values[(section, key)] == ("" if value is None else str(value))


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_html_report_shows_charts_and_tables_with_the_numbers(client, seeded, language):
    premoderated, _open_one = seeded
    prefix = "" if language == "en" else "/fr"
    response = client.get(f"{prefix}/transparency/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<svg") == 3 and html.count('class="chart__table"') == 3
    assert "<h1>" in html and html.count("<h1") == 1
    # The median of two and a half hours, and the held-then-approved share.
    expected = (
        ("2 hours 30 minutes", "75%") if language == "en" else ("2 heures 30 minutes", "75\u00a0%")
    )
    for text in expected:
        assert text in html
    assert 'width="300.0"' in html  # the longest bar fills the chart, with a decimal point
    # No participant's or moderator's name anywhere on the page.
    for name in ("Alice", "Bob", "Mona", "Max"):
        assert name not in html

    scoped = client.get(f"{prefix}/transparency/{premoderated.slug}/")
    assert scoped.status_code == 200
    assert scoped.context["report"].total == 7
    assert client.get("/transparency/no-such-consultation/").status_code == 404


def test_the_report_runs_a_fixed_number_of_queries(client, seeded, bob, mona, post_comment):
    _premoderated, open_one = seeded
    paths = ("/transparency/", "/transparency.json", "/transparency.csv")

    def counts() -> list[int]:
        found = []
        for path in paths:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(path).status_code == 200
            found.append(len(queries))
        return found

    counts()  # warm the site's caches, as production has them
    before = counts()
    for n in range(30):
        comment = post_comment(open_one, bob, f"More {n}.")
        comment_hide(comment=comment, moderator=mona, rule_code=RuleCode.SPAM)
    assert counts() == before
    assert max(before) <= MAX_QUERIES


@pytest.mark.parametrize(
    "path",
    ["/transparency/", "/transparency.json", "/transparency.csv", "/transparency/decisions.json"],
)
@pytest.mark.parametrize(
    ("scope", "status"),
    # A NUL byte reached PostgreSQL, which refuses it in any query (a 500); config.nul_guard
    # now refuses it before any view.
    [("\x00", 400), ("face\x00recognition", 400), ("no such one", 404), ("x" * 10_000, 404)],
)
def test_a_scope_that_names_no_consultation_is_not_found(client, seeded, path, scope, status):
    assert client.get(path, {"consultation": scope}).status_code == status
