"""House rules and the pre-screen's settings are edited in the Wagtail admin."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from wagtail.models import Locale

from cms.demo.moderation import load_house_rules, load_prescreen
from consult.moderation.models import HouseRule, PrescreenSettings, RuleCode

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, django_user_model):
    root = django_user_model.objects.create_superuser(email="root@example.org", password="x")
    TOTP.activate(root, generate_totp_secret())
    client.force_login(root)
    return client


def test_the_demo_has_every_rule_in_english_and_french_once(french):
    load_house_rules()
    load_house_rules()
    for language in ("en", "fr"):
        codes = HouseRule.objects.filter(locale__language_code=language).values_list(
            "code", flat=True
        )
        assert sorted(codes) == sorted(RuleCode.values)
    english = HouseRule.objects.get(code="spam", locale=Locale.get_default())
    assert english.get_translation(french).title == "Pas de spam"


def test_house_rules_are_a_snippet_in_the_admin(admin_client, french):
    load_house_rules()
    response = admin_client.get("/admin/snippets/moderation/houserule/")
    assert response.status_code == 200
    assert "No harassment" in response.content.decode()


def test_saving_the_prescreen_settings_in_the_admin_bumps_the_version(admin_client):
    before = PrescreenSettings.load().version
    url = f"/admin/settings/moderation/prescreensettings/{PrescreenSettings.load().pk}/"
    response = admin_client.get(url)
    assert response.status_code == 200
    data = {
        "enabled": "on",
        "link_account_age_days": "5",
        "burst_posts": "5",
        "burst_minutes": "10",
        "campaign_accounts": "3",
        "campaign_similarity": "70",
        "term_lists-TOTAL_FORMS": "1",
        "term_lists-INITIAL_FORMS": "0",
        "term_lists-MIN_NUM_FORMS": "0",
        "term_lists-MAX_NUM_FORMS": "1000",
        "term_lists-0-language": "fr",
        "term_lists-0-rule_code": "hate_speech",
        "term_lists-0-terms": "vermine",
        "term_lists-0-ORDER": "1",
        "term_lists-0-id": "",
        "term_lists-0-DELETE": "",
    }
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    saved = PrescreenSettings.load()
    assert saved.version == before + 1 and saved.link_account_age_days == 5
    assert saved.term_lists.get().terms == "vermine"


def test_the_demo_turns_every_check_on_once(french):
    load_prescreen()
    config = PrescreenSettings.load()
    assert (config.link_account_age_days, config.burst_posts, config.campaign_accounts) == (3, 5, 3)
    assert sorted(config.term_lists.values_list("language", flat=True)) == ["en", "fr"]
    config.burst_posts = 9
    config.save()
    load_prescreen()
    assert PrescreenSettings.load().burst_posts == 9
