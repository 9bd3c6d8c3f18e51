"""Staff tag comments with themes (editors and moderators with MFA only); the counts per
theme and stakeholder group; the editors' warning about who is heard; the Atom feeds."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from consult.outcomes.models import CommentTheme, OutcomeSettings, Theme
from tests.outcomes.conftest import add_summary, comment, make_user


def themes_url(consultation) -> str:
    return reverse("outcomes:themes", args=[consultation.pk])


@pytest.mark.parametrize("who", ["anonymous", "participant", "editor_without_mfa"])
def test_only_staff_with_mfa_may_tag(client, who, consultation, mallory):
    if who == "participant":
        client.force_login(mallory)
    if who == "editor_without_mfa":
        mallory.groups.add(Group.objects.get(name="Editors"))
        client.force_login(mallory)

    assert client.get(themes_url(consultation)).status_code in (302, 403)
    response = client.post(themes_url(consultation), {"create_theme": "1", "name": "Costs"})

    assert response.status_code in (302, 403)
    assert not Theme.objects.exists()


def test_an_editor_creates_a_theme_and_tags_comments(client, edith, seeded):
    consultation = seeded.consultation
    client.force_login(edith)

    response = client.post(
        themes_url(consultation), {"create_theme": "1", "name": " Human  review "}
    )
    assert response.status_code == 302
    theme = Theme.objects.get()
    assert theme.name == "Human review"

    picked = [seeded.comments["a1-first"].pk, seeded.comments["i1"].pk]
    response = client.post(
        themes_url(consultation),
        {"tag": "1", "theme": theme.pk, "comments": picked, "action": "tag"},
    )
    assert response.status_code == 302
    assert set(theme.comments.values_list("pk", flat=True)) == set(picked)

    page = client.get(response.url).content.decode()
    assert "2 comments tagged “Human review”." in page
    # The counts per theme and stakeholder group: one affected person, one industry.
    assert '<td class="numeric">1</td>' in page and '<td class="numeric">2</td>' in page

    response = client.post(
        themes_url(consultation),
        {"tag": "1", "theme": theme.pk, "comments": picked[:1], "action": "untag"},
    )
    assert list(theme.comments.values_list("pk", flat=True)) == [picked[1]]


def test_a_duplicate_theme_or_no_ticked_comment_is_explained(client, edith, seeded):
    theme = Theme.objects.create(consultation=seeded.consultation, name="Costs")
    client.force_login(edith)

    response = client.post(themes_url(seeded.consultation), {"create_theme": "1", "name": "Costs"})
    assert response.status_code == 400
    assert "already has a theme with that name" in response.content.decode()
    assert 'value="Costs"' in response.content.decode()

    response = client.post(
        themes_url(seeded.consultation), {"tag": "1", "theme": theme.pk, "action": "tag"}
    )
    assert response.status_code == 400
    assert "Tick at least one comment." in response.content.decode()


def test_comments_of_another_consultation_cannot_be_tagged(
    client, edith, seeded, closed_consultation, alice
):
    theme = Theme.objects.create(consultation=seeded.consultation, name="Costs")
    elsewhere = comment(closed_consultation, alice)
    client.force_login(edith)

    client.post(
        themes_url(seeded.consultation),
        {"tag": "1", "theme": theme.pk, "comments": [elsewhere.pk], "action": "tag"},
    )

    assert not CommentTheme.objects.exists()


def test_the_tagging_page_runs_a_fixed_number_of_queries(
    client, edith, seeded, django_assert_max_num_queries
):
    theme = Theme.objects.create(consultation=seeded.consultation, name="Costs")
    client.force_login(edith)
    client.get(themes_url(seeded.consultation))
    with django_assert_max_num_queries(40) as captured:
        client.get(themes_url(seeded.consultation))
    few = len(captured)  # now: each request empties the connection's query log
    for n in range(8):
        tagged = comment(seeded.consultation, make_user(f"t{n}@example.org"))
        CommentTheme.objects.create(theme=theme, comment=tagged)
    client.get(themes_url(seeded.consultation))
    with django_assert_max_num_queries(few):
        client.get(themes_url(seeded.consultation))


def edit_url(page) -> str:
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def test_editors_are_warned_while_affected_people_are_under_represented(
    client, edith, seeded, home
):
    client.force_login(edith)
    # Four of seven participants are in the affected groups (57%).
    settings = OutcomeSettings.for_site(seeded.consultation.get_site())
    settings.affected_share_minimum = 60
    settings.save()

    page = client.get(edit_url(seeded.consultation)).content.decode()
    assert "Few of the people this AI system affects are taking part" in page
    assert "57%" in page
    assert themes_url(seeded.consultation) in page

    settings.affected_share_minimum = 50
    settings.save()
    page = client.get(edit_url(seeded.consultation)).content.decode()
    assert "Few of the people this AI system affects" not in page


def test_no_warning_once_the_consultation_has_closed(client, edith, closed_consultation):
    client.force_login(edith)

    page = client.get(edit_url(closed_consultation)).content.decode()

    assert "Few of the people this AI system affects" not in page


def test_atom_feeds_list_consultations_and_outcomes(client, closed_consultation, alice):
    theme = Theme.objects.create(consultation=closed_consultation, name="Human review")
    CommentTheme.objects.create(theme=theme, comment=comment(closed_consultation, alice))
    add_summary(closed_consultation, [(theme, "<p>Yes.</p>")])

    consultations = client.get("/feeds/consultations/")
    outcomes = client.get("/feeds/outcomes/")

    assert consultations["Content-Type"].startswith("application/atom+xml")
    assert "<title>Benefits chatbot</title>" in consultations.content.decode()
    feed = outcomes.content.decode()
    assert "<title>What we heard</title>" in feed
    assert f"{closed_consultation.url}summary/" in feed
    assert "Proceed with changes" in feed
    home_page = client.get("/").content.decode()
    assert 'rel="alternate" type="application/atom+xml" href="/feeds/outcomes/"' in home_page


def test_no_warning_before_anyone_takes_part(client, edith, consultation):
    OutcomeSettings.for_site(consultation.get_site()).save()  # the default minimum applies
    client.force_login(edith)

    page = client.get(edit_url(consultation)).content.decode()

    assert "Few of the people this AI system affects" not in page
    assert "0 participants" not in page
