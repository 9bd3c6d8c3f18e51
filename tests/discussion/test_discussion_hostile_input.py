"""Hostile input comes back sanitized or refused with a clear message, never a 500."""

import pytest

from consult.core.sanitize import render_comment_markdown
from consult.discussion.models import Comment

pytestmark = pytest.mark.django_db


def post(client, consultation, body: str, **extra):
    return client.post(
        f"/consultations/{consultation.pk}/comments/",
        {"body": body, "display_mode": "named"},
        **extra,
    )


@pytest.mark.parametrize(
    ("body", "forbidden"),
    [
        ("<script>alert(1)</script>", "<script"),
        ("[click](javascript:alert(1))", "javascript:"),
        ("[click](JaVaScRiPt:alert(1))", "avascript:"),
        ("[data](data:text/html;base64,PHNjcmlwdD4=)", "data:text"),
        ('<img src=x onerror="alert(1)">', "<img"),
        (
            '<a href="https://example.org" onclick="steal()">x</a>',
            '<a href="https://example.org" onclick',
        ),
        ("<svg><script>alert(1)</script></svg>", "<svg"),
        ("<style>body{display:none}</style>", "<style"),
        ("<math><mi>x</mi></math>", "<math"),
        ("<iframe src=https://evil.example></iframe>", "<iframe"),
    ],
)
def test_hostile_markup_is_neutralised(client, alice, consultation, page_html, body, forbidden):
    client.force_login(alice)

    response = post(client, consultation, body)

    assert response.status_code == 302
    stored = Comment.objects.get().body_html
    assert forbidden not in stored
    comments = page_html(consultation).split('id="comment-list"')[1].split("</section>")[0]
    assert forbidden not in comments


def test_links_get_rel_nofollow_ugc_noopener():
    html = render_comment_markdown('[a](https://example.org "t") and https://example.com')

    assert html.count('rel="nofollow ugc noopener"') == 2
    assert 'href="https://example.com"' in html


def test_only_the_allow_list_survives():
    html = render_comment_markdown("# Title\n\n*em* **strong** `code`\n\n> quote\n\n1. one\n2. two")

    assert "<h1" not in html
    assert "Title" in html
    for tag in ("<em>", "<strong>", "<code>", "<blockquote>", "<ol>", "<li>"):
        assert tag in html


@pytest.mark.parametrize(
    "body",
    [
        "[" * 5000,
        "[a" * 2500,
        "1. " * 1666,
        "> " * 2500,
        "*_" * 2500,
        "`" * 5000,
        "[" * 2500 + "]" * 2500,
    ],
)
def test_malformed_markdown_is_stored_quickly(client, alice, consultation, body):
    client.force_login(alice)

    response = post(client, consultation, body)

    assert response.status_code == 302
    assert Comment.objects.get().body_source == body.strip()


FAR_TOO_LONG = "Your comment is 1048576 characters long; the limit is 5000."


def test_a_one_megabyte_body_is_refused_clearly_without_sending_it_back(
    client, alice, consultation
):
    client.force_login(alice)
    body = "x" * (1024 * 1024)

    response = post(client, consultation, body)

    assert response.status_code == 400
    html = response.content.decode()
    assert FAR_TOO_LONG in html
    # Its start comes back to edit, never the megabyte.
    assert "x" * 10_000 in html
    assert "x" * 10_001 not in html
    assert len(response.content) < 100_000
    assert not Comment.objects.exists()


def test_a_body_a_little_too_long_comes_back_whole(client, alice, consultation):
    client.force_login(alice)
    body = "z" * 5_100

    response = post(client, consultation, body)

    assert response.status_code == 400
    html = response.content.decode()
    assert "at most 5000 characters" in html
    assert body in html  # what was typed is still in the form


def test_a_one_megabyte_body_with_javascript_gets_a_json_error(client, alice, consultation):
    client.force_login(alice)

    response = post(client, consultation, "y" * (1024 * 1024), HTTP_ACCEPT="application/json")

    assert response.status_code == 400
    assert FAR_TOO_LONG in response.json()["html"]
    assert len(response.content) < 100_000


def test_invalid_utf8_in_form_data_is_never_a_500(client, alice, consultation):
    client.force_login(alice)

    response = client.post(
        f"/consultations/{consultation.pk}/comments/",
        data=b"body=caf%E9+%FF%FE&display_mode=named",
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code in {302, 400}
    if response.status_code == 302:
        assert "caf" in Comment.objects.get().body_source


def test_null_characters_are_refused(client, alice, consultation):
    client.force_login(alice)

    response = post(client, consultation, "before\x00after")

    assert response.status_code == 400
    assert not Comment.objects.exists()
