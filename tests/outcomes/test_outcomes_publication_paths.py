"""Every way a summary can go live asks the same rule (each theme answered and linked to a
visible comment): the editor's Publish and schedule buttons, publishing an earlier revision,
workflow approval, bulk publishing, code, copying a consultation with its pages kept live, and
the scheduler, which has nobody to show the problems to: it leaves the summary unpublished,
cancels the schedule and tells the editor."""

import logging
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import GroupApprovalTask, Revision, Workflow, WorkflowPage, WorkflowTask
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text
from wagtail.test.utils.timestamps import submittable_timestamp

from consult.consultations.models import ConsultationPage
from consult.consultations.status import ConsultationStatus
from consult.discussion.models import Comment, CommentState
from consult.notifications.models import Notification
from consult.outcomes.models import CommentTheme, SummaryPage
from consult.outcomes.services import SummaryIncomplete
from tests.outcomes.conftest import add_summary, add_url, comment, make_user, summary_form

UNLINKED = "is not linked to any visible contribution"


@pytest.fixture
def said(closed_consultation, theme, alice) -> Comment:
    """The comment the theme answers: while it is visible, the summary can be published."""
    said = comment(closed_consultation, alice, body="A person should check every refusal.")
    CommentTheme.objects.create(theme=theme, comment=said)
    return said


def hide(said: Comment) -> None:
    Comment.objects.filter(pk=said.pk).update(state=CommentState.HIDDEN)


def edit_url(page) -> str:
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def tomorrow() -> str:
    return submittable_timestamp(timezone.now() + timedelta(days=1))


def schedule(client, consultation, theme) -> SummaryPage:
    """The editor writes a complete summary and schedules it for tomorrow."""
    response = client.post(add_url(consultation), {**summary_form(theme), "go_live_at": tomorrow()})
    assert response.status_code == 302
    summary = SummaryPage.objects.get()
    assert not summary.live and summary.scheduled_revision is not None
    return summary


def fall_due(revision: Revision, ago: timedelta) -> None:
    """As if the clock had passed the revision's publication time `ago`."""
    past = timezone.now() - ago
    revision.content["go_live_at"] = past.isoformat()
    revision.approved_go_live_at = past
    revision.save(update_fields=["content", "approved_go_live_at"])


def test_scheduling_is_refused_in_the_editor_while_the_summary_is_incomplete(
    client, edith, closed_consultation, theme
):
    client.force_login(edith)

    response = client.post(
        add_url(closed_consultation),
        {**summary_form(theme), "go_live_at": tomorrow()},
        follow=True,
    )

    assert response.status_code == 200
    assert UNLINKED in response.content.decode()  # kept as a draft, and told why
    assert not Revision.objects.filter(approved_go_live_at__isnull=False).exists()


def test_a_scheduled_summary_that_falls_due_incomplete_stays_unpublished_and_its_editor_is_told(
    client,
    edith,
    closed_consultation,
    consultation,
    theme,
    said,
    caplog,
    django_capture_on_commit_callbacks,
):
    client.force_login(edith)
    summary = schedule(client, closed_consultation, theme)
    fall_due(summary.scheduled_revision, ago=timedelta(hours=2))
    # Due after the summary in the same run: the refusal must not stop the scheduler.
    consultation.title = "Renamed consultation"
    other = consultation.save_revision(approved_go_live_at=timezone.now() - timedelta(hours=1))
    hide(said)  # moderated after the summary was scheduled

    with (
        caplog.at_level(logging.WARNING, logger="consult.outcomes"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        call_command("publish_scheduled")

    summary = SummaryPage.objects.get()
    assert not summary.live and summary.scheduled_revision is None
    closed_consultation.refresh_from_db()
    assert closed_consultation.outcome_published_at is None
    assert ConsultationPage.objects.get(pk=consultation.pk).live_revision_id == other.pk
    assert f"summary pk={summary.pk}" in caplog.text and UNLINKED in caplog.text
    notice = Notification.objects.get(user=edith)
    assert notice.kind == "summary_publish_refused"
    assert notice.url == edit_url(summary) and UNLINKED in notice.body
    assert [message.to for message in mail.outbox] == [[edith.email]]
    assert "was not published at its scheduled time" in mail.outbox[0].subject
    history = client.get(reverse("wagtailadmin_pages:history", args=[summary.pk]))
    assert "Not published at its scheduled time" in history.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        call_command("publish_scheduled")  # the schedule is gone: nothing more happens

    assert Notification.objects.filter(user=edith).count() == 1
    assert not SummaryPage.objects.get().live


def test_a_scheduled_summary_that_falls_due_complete_goes_live(
    client, edith, closed_consultation, theme, said
):
    client.force_login(edith)
    summary = schedule(client, closed_consultation, theme)
    closed_consultation.refresh_from_db()
    # Scheduled is not published: the outcome waits for the summary.
    assert closed_consultation.outcome_published_at is None
    fall_due(summary.scheduled_revision, ago=timedelta(minutes=1))

    call_command("publish_scheduled")

    assert SummaryPage.objects.get().live
    closed_consultation.refresh_from_db()
    assert closed_consultation.status == ConsultationStatus.OUTCOME_PUBLISHED
    assert not Notification.objects.filter(user=edith).exists()


def test_publishing_an_earlier_incomplete_revision_is_refused(
    client, edith, closed_consultation, theme, said
):
    summary = add_summary(closed_consultation, [(theme, "")], publish=False)
    earlier = summary.get_latest_revision()
    row = summary.theme_responses.get()
    row.response = "<p>Every refusal will be reviewed.</p>"
    row.save()
    live = summary.save_revision()
    live.publish()
    client.force_login(edith)
    revert_url = reverse("wagtailadmin_pages:revisions_revert", args=[summary.pk, earlier.pk])
    assert client.get(revert_url).status_code == 200
    data = summary_form(theme, response="")
    data.update(
        nested_form_data(
            {
                "theme_responses": inline_formset(
                    [{"id": row.pk, "theme": theme.pk, "heading": "", "response": rich_text("")}],
                    initial=1,
                )
            }
        )
    )

    response = client.post(revert_url, data, follow=True)

    assert response.status_code == 200
    assert "The theme “Human review” has no response yet" in response.content.decode()
    assert SummaryPage.objects.get().live_revision_id == live.pk
    # Nor can code publish it.
    with pytest.raises(SummaryIncomplete):
        Revision.objects.get(pk=earlier.pk).publish()
    assert SummaryPage.objects.get().live_revision_id == live.pk


def test_code_can_neither_publish_nor_schedule_an_incomplete_summary(closed_consultation, theme):
    summary = add_summary(closed_consultation, [(theme, "<p>Yes.</p>")], publish=False)
    summary.go_live_at = timezone.now() + timedelta(days=1)

    with pytest.raises(SummaryIncomplete) as refused:
        summary.save_revision().publish()

    assert UNLINKED in " ".join(refused.value.messages)
    assert not Revision.objects.filter(approved_go_live_at__isnull=False).exists()
    with pytest.raises(SummaryIncomplete):
        add_summary(closed_consultation, [(theme, "<p>Yes.</p>")])


@pytest.fixture
def editors_approve(closed_consultation) -> Workflow:
    """A one-step workflow on the consultation and its summary: an editor approves."""
    workflow = Workflow.objects.create(name="Editors approve")
    task = GroupApprovalTask.objects.create(name="Editor review")
    task.groups.set([Group.objects.get(name="Editors")])
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.create(workflow=workflow, page=closed_consultation)
    return workflow


def submitted(closed_consultation, theme, edith) -> SummaryPage:
    summary = add_summary(closed_consultation, [(theme, "<p>Yes.</p>")], publish=False)
    summary.get_workflow().start(summary, edith)
    return SummaryPage.objects.get(pk=summary.pk)


def approve(client, summary):
    return client.post(
        reverse(
            "wagtailadmin_pages:workflow_action",
            args=[summary.pk, "approve", summary.current_workflow_task_state.pk],
        ),
        {"comment": ""},
        headers={"x-requested-with": "XMLHttpRequest"},
    )


def test_approving_an_incomplete_summary_is_refused_and_says_why(
    client, edith, closed_consultation, theme, editors_approve
):
    summary = submitted(closed_consultation, theme, edith)
    client.force_login(edith)

    response = approve(client, summary)

    assert response.status_code == 200
    assert response.json()["step"] == "success"
    assert response.json()["redirect"] == edit_url(summary)
    assert UNLINKED in client.get(edit_url(summary)).content.decode()
    summary = SummaryPage.objects.get()
    assert not summary.live
    # The approval was undone with the publication: the task still waits for a decision.
    assert summary.current_workflow_task_state.status == "in_progress"


def test_approving_from_the_editor_is_refused_too(
    client, edith, closed_consultation, theme, editors_approve
):
    summary = submitted(closed_consultation, theme, edith)
    row = summary.theme_responses.get()
    client.force_login(edith)
    data = summary_form(theme)
    del data["action-publish"]
    data.update(
        nested_form_data(
            {
                "theme_responses": inline_formset(
                    [
                        {
                            "id": row.pk,
                            "theme": theme.pk,
                            "heading": "",
                            "response": rich_text("Yes"),
                        }
                    ],
                    initial=1,
                ),
                "action-workflow-action": "true",
                "workflow-action-name": "approve",
                "workflow-action-extra-data": "{}",
            }
        )
    )

    response = client.post(edit_url(summary), data)

    assert response.status_code == 302 and response.url == edit_url(summary)
    assert UNLINKED in client.get(edit_url(summary)).content.decode()
    summary = SummaryPage.objects.get()
    assert not summary.live
    assert summary.current_workflow_task_state.status == "in_progress"


def test_approving_a_complete_summary_publishes_it(
    client, edith, closed_consultation, theme, said, editors_approve
):
    summary = submitted(closed_consultation, theme, edith)
    client.force_login(edith)

    approve(client, summary)

    assert SummaryPage.objects.get().live
    closed_consultation.refresh_from_db()
    assert closed_consultation.status == ConsultationStatus.OUTCOME_PUBLISHED


def test_bulk_publishing_an_incomplete_summary_is_refused_and_says_why(
    client, edith, closed_consultation, theme
):
    summary = add_summary(closed_consultation, [(theme, "<p>Yes.</p>")], publish=False)
    client.force_login(edith)
    url = reverse("wagtail_bulk_action", args=("wagtailcore", "page", "publish"))

    response = client.post(f"{url}?id={summary.pk}")

    assert response.status_code == 302 and response.url == edit_url(summary)
    assert UNLINKED in client.get(response.url).content.decode()
    assert not SummaryPage.objects.get().live


def test_a_consultation_copied_with_its_summary_kept_live_gets_a_draft_summary(
    client, edith, closed_consultation, index_page, theme, said
):
    add_summary(closed_consultation, [(theme, "<p>Yes.</p>")])
    client.force_login(edith)

    response = client.post(
        reverse("wagtailadmin_pages:copy", args=[closed_consultation.pk]),
        {
            "new_title": "Benefits chatbot, second round",
            "new_slug": "benefits-chatbot-2",
            "new_parent_page": index_page.pk,
            "copy_subpages": "on",
            "publish_copies": "on",
        },
        follow=True,
    )

    assert response.status_code == 200
    # The confirmation names the copy, not only the page copied.
    assert "copied as “Benefits chatbot, second round”" in response.content.decode()
    copy = ConsultationPage.objects.get(slug="benefits-chatbot-2")
    assert copy.live
    # Its summary answers the themes of the first round: not this consultation's outcome.
    copied = SummaryPage.objects.child_of(copy).get()
    assert not copied.live
    assert SummaryPage.objects.child_of(closed_consultation).get().live


def test_the_editor_is_told_in_their_language(closed_consultation, theme, said):
    camille = make_user("camille@example.org", group="public_body", language="fr")
    camille.groups.add(Group.objects.get(name="Editors"))
    summary = add_summary(closed_consultation, [(theme, "<p>Oui.</p>")], publish=False)
    summary.go_live_at = timezone.now() + timedelta(days=1)
    revision = summary.save_revision(user=camille)
    revision.publish(user=camille)
    fall_due(revision, ago=timedelta(minutes=1))
    hide(said)

    call_command("publish_scheduled")

    notice = Notification.objects.get(user=camille)
    assert notice.subject == "«\u00a0What we heard\u00a0» n'a pas été publié à l'heure prévue"
    assert "n'est lié à aucune contribution visible" in notice.body
