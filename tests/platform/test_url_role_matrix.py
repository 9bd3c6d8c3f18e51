"""Every door of the site, as every role, GET and POST: the URL x role matrix.

The routes are walked from the URLconf (Wagtail's admin and the API's routes included); each
has its expectations written below, per role, and a route without them fails
`test_every_route_has_its_expectations`. The objects are real (matrix_world.py): a
consultation only the Editors group may read, with a comment; a held and a hidden comment;
and one of each public thing. Each request runs in a savepoint rolled back after it, so a
POST that deletes or signs out changes nothing for the next one. Besides the status, no
answer may carry words a role may not read (matrix_world.MARKERS), and no answer is a 5xx.

Columns of every expectation, in order: anonymous, participant, unverified, suspended,
moderator, editor, administrator (one word: the same for all). Words: the status code, or
for a redirect `login` (allauth's sign-in), `mfa` (turn a second factor on), `admin`
(Wagtail's "no permission", back to its dashboard) or `302` (anywhere else).

The product's rules these write down:
- What names a consultation someone may not read (the restricted one: its page, comments,
  forms, follows, summary, themes, transparency, API) is a 404 for them, whoever they are,
  except that its page asks the signed-out to sign in (Wagtail's rule: they may be in the
  group); only the Editors group and administrators read it, and get what a public one
  gives.
- A held comment exists only for its author and the moderators (consult.discussion.queries:
  `_held_for`): 404 for everyone else. A hidden one is a tombstone everyone sees: its
  permalink leads there, but nobody reports or reacts to it (reactions are asked as JSON,
  whose status says whether they were taken; the HTML answer always redirects back).
- Writes need a verified address and no suspension; staff tools need the group and MFA.
"""

import pytest
from matrix_support import Asker, Case, walked_routes
from matrix_support import leaks as leaked_markers
from matrix_world import ROLES, build

from tests.built_once import rolled_back_at_end

pytestmark = pytest.mark.django_db

R = "restricted"
COMMENT = {"body": "One more thought.", "display_mode": "named"}
SERVE = "^((?:[\\w\\-]+/)*)$"  # Wagtail's pages

# fmt: off
PUBLIC = [
    #    route                                                                  GET: anonymous participant unverified suspended moderator editor administrator; then POST
    Case("healthz",                                                             "200", "200"),
    Case("readyz",                                                              "200", "200"),
    # The test client comes from 127.0.0.1, which METRICS_ALLOWED_NETWORKS lets in by default.
    Case("metrics",                                                             "200", "405"),
    Case("documents/^(\\d+)/(.*)$",                                             "200", "200", path="/documents/{document}/{document_file}"),
    Case("documents/authenticate_with_password/<int:restriction_id>/",          "404", "404"),
    # Wagtail's password form, for a password restriction on that page only: the restricted
    # consultation has a group restriction, so the form would only name it.
    Case("_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/",
                                                                                "404", "404", data={"password": "guess"}),
    # Signing in is allauth's alone (its rate limits, verified address, second factor).
    Case("_util/login/",                                                        "login", "login"),
    # Wagtail's pages: the restricted ones are a 404 to whoever signed in and may not read
    # them; the signed-out are asked to sign in, as they may be in the group.
    Case(SERVE, "200", "200", variant="home", path="{url_home}"),
    Case(SERVE, "200", "200", variant="public", path="{url_public}"),
    Case(SERVE, "200", "200", variant="summary", path="{url_summary}"),
    Case(SERVE, "login 404 404 404 404 200 200", "login 404 404 404 404 200 200", variant=R, path="{url_restricted}"),
    Case(SERVE, "login 404 404 404 404 200 200", "login 404 404 404 404 200 200", variant="restricted summary", path="{url_restricted_summary}"),
    Case(SERVE, "404", "404", variant="missing", path="/no-such-page/"),
    # The open data: public consultations only, for everyone alike.
    Case("api/v1/",                                                             "404", "404"),
    Case("api/v1/openapi.json",                                                 "200", "200"),
    Case("api/v1/licence",                                                      "200", "405"),
    Case("api/v1/ai-systems",                                                   "200", "405"),
    Case("api/v1/consultations",                                                "200", "405"),
    Case("api/v1/consultations/<consultation_id>",                              "200", "405"),
    Case("api/v1/consultations/<consultation_id>",                              "404", "405", variant=R, values={"consultation_id": R}),
    Case("api/v1/consultations/<consultation_id>/comments",                     "200", "405"),
    Case("api/v1/consultations/<consultation_id>/comments",                     "404", "405", variant=R, values={"consultation_id": R}),
    Case("api/v1/consultations/<consultation_id>/positions",                    "200", "405"),
    Case("api/v1/consultations/<consultation_id>/positions",                    "404", "405", variant=R, values={"consultation_id": R}),
    Case("api/v1/consultations/<consultation_id>/responses",                    "200", "405"),
    Case("api/v1/consultations/<consultation_id>/responses",                    "404", "405", variant=R, values={"consultation_id": R}),
    Case("api/v1/consultations/<consultation_id>/summary",                      "200", "405", values={"consultation_id": "closed"}),
    Case("api/v1/consultations/<consultation_id>/summary",                      "404", "405", variant=R, values={"consultation_id": "restricted_closed"}),
    # Accounts: one's own things only (alice's data export is hers alone).
    Case("accounts/profile/",                                                   "login 200 200 200 200 200 200", "login 200 200 200 200 200 200"),
    Case("accounts/privacy/",                                                   "login 200 200 200 200 200 200", "login 405 405 405 405 405 405"),
    Case("accounts/privacy/consent/",                                           "login 405 405 405 405 405 405", "login 302 302 302 302 302 302"),
    Case("accounts/privacy/consent/withdraw/",                                  "login 405 405 405 405 405 405", "login 302 302 302 302 302 302"),
    Case("accounts/privacy/export/",                                            "login 405 405 405 405 405 405", "login 302 302 302 302 302 302"),
    Case("accounts/privacy/export/<int:export_id>/",                            "login 200 404 404 404 404 404", "login 405 405 405 405 405 405", values={"export_id": "data_export"}),
    Case("accounts/privacy/delete/",                                            "login 200 200 200 200 200 200", "login 200 200 200 200 200 200"),
    Case("accounts/privacy/delete/cancel/",                                     "login 405 405 405 405 405 405", "login 302 302 302 302 302 302"),
    Case("accounts/notifications/",                                             "login 200 200 200 200 200 200", "405"),
    # allauth's: a signed-in person is sent on from the sign-in and sign-up forms;
    # an unverified one may not reauthenticate or add a second factor yet.
    Case("accounts/login/",                                                     "200 302 302 302 302 302 302", "200 302 302 302 302 302 302"),
    Case("accounts/logout/",                                                    "302 200 200 200 200 200 200", "302"),
    Case("accounts/inactive/",                                                  "200", "405"),
    Case("accounts/signup/",                                                    "200 302 302 302 302 302 302", "200 302 302 302 302 302 302"),
    Case("accounts/reauthenticate/",                                            "login 302 403 302 302 302 302", "login 302 403 302 302 302 302"),
    Case("accounts/reauthenticate/code/",                                       "login 200 403 200 200 200 200", "login 200 403 200 200 200 200"),
    Case("accounts/reauthenticate/code/confirm/",                               "login 302 302 302 302 302 302", "login 302 302 302 302 302 302"),
    Case("accounts/email/",                                                     "login 200 200 200 200 200 200", "login 302 302 302 302 302 302"),
    Case("accounts/confirm-email/",                                             "200", "405"),
    # Sending the link again needs the signup under way in this session: nobody here has one.
    Case("accounts/confirm-email/resend/",                                      "405", "login"),
    Case("accounts/^confirm-email/(?P<key>[-:\\w]+)/$",                         "200", "404", path="/accounts/confirm-email/not-a-key/"),
    Case("accounts/password/change/",                                           "login 302 302 302 302 302 302", "login 302 302 302 302 302 302"),
    Case("accounts/password/set/",                                              "login 200 200 200 200 200 200", "login 200 200 200 200 200 200"),
    Case("accounts/password/reset/",                                            "200", "200"),
    Case("accounts/password/reset/done/",                                       "200", "405"),
    Case("accounts/^password/reset/key/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$", "200", "200", path="/accounts/password/reset/key/1-not-a-key/"),
    Case("accounts/password/reset/key/done/",                                   "200", "405"),
    Case("accounts/login/code/confirm/",                                        "login 302 302 302 302 302 302", "login 302 302 302 302 302 302"),
    Case("accounts/2fa/",                                                       "login 200 200 200 200 200 200", "login 405 405 405 405 405 405"),
    Case("accounts/2fa/authenticate/",                                          "login 302 302 302 302 302 302", "login 302 302 302 302 302 302"),
    Case("accounts/2fa/reauthenticate/",                                        "login 302 403 302 200 200 200", "login 302 403 302 200 200 200"),
    Case("accounts/2fa/totp/activate/",                                         "login 302 mfa 302 302 302 302", "login 302 mfa 302 302 302 302"),
    Case("accounts/2fa/totp/deactivate/",                                       "login 404 404 404 302 302 302", "login 404 404 404 302 302 302"),
    Case("accounts/2fa/recovery-codes/",                                        "login 404 404 404 404 404 404", "login 405 405 405 405 405 405"),
    Case("accounts/2fa/recovery-codes/generate/",                               "login 302 403 302 302 302 302", "login 302 403 302 302 302 302"),
    Case("accounts/2fa/recovery-codes/download/",                               "login 404 404 404 404 404 404", "login 404 404 404 404 404 404"),
    Case("accounts/2fa/webauthn/",                                              "login 200 200 200 200 200 200", "login 405 405 405 405 405 405"),
    Case("accounts/2fa/webauthn/add/",                                          "login 302 mfa 302 302 302 302", "login 302 mfa 302 302 302 302"),
    Case("accounts/2fa/webauthn/reauthenticate/",                               "login 302 403 302 302 302 302", "login 302 403 302 302 302 302"),
    Case("accounts/2fa/webauthn/keys/<int:pk>/remove/",                         "login 302 403 302 302 302 302", "login 302 403 302 302 302 302", values={"pk": "missing"}),
    Case("accounts/2fa/webauthn/keys/<int:pk>/edit/",                           "login 302 403 302 302 302 302", "login 302 403 302 302 302 302", values={"pk": "missing"}),
    # The AI systems' register.
    Case("ai-systems/",                                                         "200", "200"),
    Case("ai-systems/<slug:slug>/",                                             "200", "200", values={"slug": "system_slug"}),
    Case("ai-systems/<slug:slug>/fria/",                                        "200", "405", values={"slug": "system_slug"}),
    Case("ai-systems/<slug:slug>/fria/history/",                                "200", "405", values={"slug": "system_slug"}),
    Case("ai-systems/<slug:slug>/eu-registration.json",                         "200", "405", values={"slug": "system_slug"}),
    # The register's records and exports: published cards only, read-only.
    Case("ai-systems.json",                                                     "200", "405"),
    Case("ai-systems.csv",                                                      "200", "405"),
    Case("ai-systems.schema.json",                                              "200", "405"),
    Case("ai-systems/feed.atom",                                                "200", "405"),
    Case("ai-systems/<slug:slug>/algoritmeregister.json",                       "200", "405", values={"slug": "system_slug"}),
    Case("ai-systems/<slug:slug>/atrs.json",                                    "200", "405", values={"slug": "system_slug"}),
    # A consultation's doors, public then restricted. Writing needs a verified address
    # and no suspension (403); themes are for staff with MFA.
    Case("consultations/<int:page_id>/comments/",                               "login 200 200 200 200 200 200", "login 302 403 403 302 302 302", values={"page_id": "public"}, data=COMMENT),
    Case("consultations/<int:page_id>/comments/",                               "404 404 404 404 404 200 200", "404 404 404 404 404 302 302", variant=R, data=COMMENT),
    Case("consultations/<int:page_id>/position/",                               "login 200 200 200 200 200 200", "login 302 403 403 302 302 302", values={"page_id": "public"}, data={"stance": "support"}),
    Case("consultations/<int:page_id>/position/",                               "404 404 404 404 404 200 200", "404 404 404 404 404 302 302", variant=R, data={"stance": "support"}),
    Case("consultations/<int:page_id>/position/withdraw/",                      "405", "login 302 302 302 302 302 302", values={"page_id": "public"}),
    Case("consultations/<int:page_id>/position/withdraw/",                      "405", "404 404 404 404 404 302 302", variant=R),
    Case("consultations/<int:page_id>/response/",                               "200", "302", values={"page_id": "public"}, data={"action": "save"}),
    Case("consultations/<int:page_id>/response/",                               "404 404 404 404 404 200 200", "404 404 404 404 404 302 302", variant=R, data={"action": "save"}),
    Case("consultations/<int:page_id>/follow/",                                 "200", "200 302 302 302 302 302 302", values={"page_id": "public"}, data={"email": "new@example.org"}),
    Case("consultations/<int:page_id>/follow/",                                 "404 404 404 404 404 200 200", "404 404 404 404 404 302 302", variant=R, data={"email": "new@example.org"}),
    Case("consultations/<int:page_id>/follow/email/",                           "405", "200 302 302 302 302 302 302", values={"page_id": "public"}, data={"email": "new@example.org"}),
    Case("consultations/<int:page_id>/follow/email/",                           "405", "404 404 404 404 404 302 302", variant=R, data={"email": "new@example.org"}),
    Case("consultations/<int:page_id>/unfollow/",                               "405", "302", values={"page_id": "public"}),
    Case("consultations/<int:page_id>/unfollow/",                               "405", "404 404 404 404 404 302 302", variant=R),
    Case("consultations/<int:page_id>/themes/",                                 "403 403 403 403 200 200 200", "403 403 403 403 302 302 302", values={"page_id": "public"}, data={"create_theme": "1", "name": "Audits"}),
    Case("consultations/<int:page_id>/themes/",                                 "404 404 404 404 404 200 200", "404 404 404 404 404 302 302", variant=R, data={"create_theme": "1", "name": "Audits"}),
    # Machine theme suggestions: staff who may edit the consultation's pages (not moderators).
    Case("consultations/<int:page_id>/themes/suggestions/",                     "403 403 403 403 403 200 200", "403 403 403 403 403 302 302", values={"page_id": "public"}, data={"action": "suggest"}),
    Case("consultations/<int:page_id>/themes/suggestions/",                     "404 404 404 404 404 200 200", "404 404 404 404 404 302 302", variant=R, data={"action": "suggest"}),
    Case("consultations/<int:page_id>/opinion-groups/",                         "200", "405", values={"page_id": "public"}),
    Case("consultations/<int:page_id>/opinion-groups/",                         "404 404 404 404 404 200 200", "405", variant=R),
    # A comment's doors. Someone else's (carol's): refused with a reason.
    Case("comments/<int:pk>/",                                                  "302", "405", values={"pk": "comment"}),
    Case("comments/<int:pk>/edit/",                                             "login 403 403 403 403 403 403", "login 403 403 403 403 403 403", values={"pk": "comment"}, data={"body": "Edited."}),
    Case("comments/<int:pk>/delete/",                                           "405", "login 302 302 302 302 302 302", values={"pk": "comment"}),
    Case("comments/<int:pk>/reactions/",                                        "405", "403 200 403 403 200 200 200", values={"pk": "comment"}, data={"value": "agree"}, json=True),
    Case("comments/<int:pk>/report/",                                           "login 200 200 200 200 200 200", "login 302 403 403 302 302 302", values={"pk": "comment"}, data={"rule_code": "spam"}),
    # Alice's own: she edits and deletes it, nobody reacts to their own.
    Case("comments/<int:pk>/",                                                  "302", "405", variant="own", values={"pk": "own"}),
    Case("comments/<int:pk>/edit/",                                             "login 200 403 403 403 403 403", "login 302 403 403 403 403 403", variant="own", values={"pk": "own"}, data={"body": "Edited."}),
    Case("comments/<int:pk>/delete/",                                           "405", "login 302 302 302 302 302 302", variant="own", values={"pk": "own"}),
    Case("comments/<int:pk>/reactions/",                                        "405", "403 403 403 403 200 200 200", variant="own", values={"pk": "own"}, data={"value": "agree"}, json=True),
    Case("comments/<int:pk>/report/",                                           "login 200 200 200 200 200 200", "login 403 403 403 302 302 302", variant="own", values={"pk": "own"}, data={"rule_code": "spam"}),
    # Held (carol's): it exists for its author and the moderators only.
    Case("comments/<int:pk>/",                                                  "404 404 404 404 302 404 302", "405", variant="held", values={"pk": "held"}),
    Case("comments/<int:pk>/edit/",                                             "404 404 404 404 403 404 403", "404 404 404 404 403 404 403", variant="held", values={"pk": "held"}, data={"body": "Edited."}),
    Case("comments/<int:pk>/delete/",                                           "405", "404 404 404 404 302 404 302", variant="held", values={"pk": "held"}),
    Case("comments/<int:pk>/reactions/",                                        "405", "404 404 404 404 403 404 403", variant="held", values={"pk": "held"}, data={"value": "agree"}, json=True),
    Case("comments/<int:pk>/report/",                                           "404", "404", variant="held", values={"pk": "held"}, data={"rule_code": "spam"}),
    # Hidden (alice's): its tombstone is public; nobody reacts to it or reports it.
    Case("comments/<int:pk>/",                                                  "302", "405", variant="hidden", values={"pk": "hidden"}),
    Case("comments/<int:pk>/edit/",                                             "login 403 403 403 403 403 403", "login 403 403 403 403 403 403", variant="hidden", values={"pk": "hidden"}, data={"body": "Edited."}),
    Case("comments/<int:pk>/delete/",                                           "405", "login 302 302 302 302 302 302", variant="hidden", values={"pk": "hidden"}),
    Case("comments/<int:pk>/reactions/",                                        "405", "403", variant="hidden", values={"pk": "hidden"}, data={"value": "agree"}, json=True),
    Case("comments/<int:pk>/report/",                                           "404", "404", variant="hidden", values={"pk": "hidden"}, data={"rule_code": "spam"}),
    # On the restricted consultation (carol's): a 404 to whoever may not read it.
    Case("comments/<int:pk>/",                                                  "404 404 404 404 404 302 302", "405", variant=R, values={"pk": "restricted_comment"}),
    Case("comments/<int:pk>/edit/",                                             "404 404 404 404 404 403 403", "404 404 404 404 404 403 403", variant=R, values={"pk": "restricted_comment"}, data={"body": "Edited."}),
    Case("comments/<int:pk>/delete/",                                           "405", "404 404 404 404 404 302 302", variant=R, values={"pk": "restricted_comment"}),
    Case("comments/<int:pk>/reactions/",                                        "405", "404 404 404 404 404 200 200", variant=R, values={"pk": "restricted_comment"}, data={"value": "agree"}, json=True),
    Case("comments/<int:pk>/report/",                                           "404 404 404 404 404 200 200", "404 404 404 404 404 302 302", variant=R, values={"pk": "restricted_comment"}, data={"rule_code": "spam"}),
    # Outcomes: follows by email (the public consultation's tokens) and the feeds.
    Case("follows/confirm/<str:token>/",                                        "200", "302", values={"token": "confirm_token"}),
    Case("follows/unsubscribe/<str:token>/",                                    "200", "200", values={"token": "unsubscribe_token"}),
    Case("feeds/consultations/",                                                "200", "200"),
    Case("feeds/outcomes/",                                                     "200", "200"),
    Case("outcomes/",                                                           "200", "405"),
    # The transparency record: it never names a consultation the public cannot read.
    Case("transparency/",                                                       "200", "405"),
    Case("transparency/",                                                       "404", "405", variant=R, query="consultation={restricted_slug}"),
    Case("transparency.json",                                                   "200", "405"),
    Case("transparency.json",                                                   "404", "405", variant=R, query="consultation={restricted_slug}"),
    Case("transparency.csv",                                                    "200", "405"),
    Case("transparency.csv",                                                    "404", "405", variant=R, query="consultation={restricted_slug}"),
    Case("transparency/decisions.json",                                         "200", "405"),
    Case("transparency/decisions.json",                                         "404", "405", variant=R, query="consultation={restricted_slug}"),
    Case("transparency/decisions/<int:decision_id>/",                           "200", "405"),
    Case("transparency/campaigns/<int:campaign_id>/",                           "200", "405"),
    Case("transparency/<slug:slug>/",                                           "200", "405", values={"slug": "public_slug"}),
    Case("transparency/<slug:slug>/",                                           "404", "405", variant=R, values={"slug": "restricted_slug"}),
    # Moderation: moderators (and administrators) with MFA; mona did not take the decision
    # appealed, so she may review it. The appeal page is alice's alone.
    Case("moderation/",                                                         "login 403 403 403 200 403 200", "405"),
    Case("moderation/act/",                                                     "405", "login 403 403 403 400 403 400"),
    Case("moderation/appeals/",                                                 "login 403 403 403 200 403 200", "405"),
    Case("moderation/appeals/<int:pk>/decide/",                                 "405", "login 403 403 403 400 403 400", values={"pk": "appeal"}),
    # One click on a queue item: without a rule it is refused with the queue shown again.
    Case("moderation/<int:pk>/decide/",                                         "405", "login 403 403 403 400 403 400", values={"pk": "comment"}),
    Case("decisions/<int:decision_id>/appeal/",                                 "login 200 404 404 404 404 404", "login 200 404 404 404 404 404", data={"statement": "Look again."}),
    # "This misrepresents my view": the cited comment's author (alice) alone, once.
    Case("themes/<int:theme_id>/comments/<int:comment_id>/contest/",           "login 200 404 404 404 404 404", "login 302 404 404 404 404 404", values={"theme_id": "cited_theme", "comment_id": "cited_comment"}, data={"statement": "Not my view."}),
]

# The admin, by rule: every route sends anonymous readers, participants (verified or not,
# suspended or not) and moderators to sign in, GET and POST alike: Wagtail asks for its
# access permission, which only editors and administrators hold (moderators work at
# /moderation/). What editors and administrators get is written per route below: `admin`
# is Wagtail's "no permission" (users, groups, sites, locales, workflows, redirects, house
# rules and settings are the administrators'). `-`: not asked. Wagtail answers an empty
# form on those with a 500 (it reads a formset's or StreamField's counts with
# request.POST[...]): a form only the admin's own pages send, nothing about who gets in.
ADMIN = {
    # route                                                                        editor, administrator: GET, then POST
    "admin/login/":                                                                  ("login login", "login login"),
    "admin/":                                                                        ("200 200", "405 405"),
    "admin/test404/":                                                                ("200 200", "405 405"),
    "admin/api/main/^pages/":                                                        ("200 200", "405 405"),
    "admin/api/main/^pages/<int:pk>/":                                               ("200 200", "405 405"),
    "admin/api/main/^pages/find/":                                                   ("404 404", "405 405"),
    "admin/api/main/^pages/<int:pk>/action/<str:action_name>/":                      ("405 405", "201 201"),
    "admin/api/main/^documents/":                                                    ("200 200", "405 405"),
    "admin/api/main/^documents/<int:pk>/":                                           ("200 200", "405 405"),
    "admin/api/main/^documents/find/":                                               ("404 404", "405 405"),
    "admin/api/main/^images/":                                                       ("200 200", "405 405"),
    "admin/api/main/^images/<int:pk>/":                                              ("200 200", "405 405"),
    "admin/api/main/^images/find/":                                                  ("404 404", "405 405"),
    "admin/pages/":                                                                  ("200 200", "405 405"),
    "admin/pages/<int:parent_page_id>/":                                             ("200 200", "405 405"),
    "admin/pages/<int:parent_page_id>/results/":                                     ("200 200", "405 405"),
    "admin/bulk/<str:app_label>/<str:model_name>/<str:action>/":                     ("200 200", "302 302"),
    "admin/pages/add/<slug:content_type_app_name>/<slug:content_type_model_name>/<int:parent_page_id>/": ("200 200", "- -"),
    "admin/pages/add/<slug:content_type_app_name>/<slug:content_type_model_name>/<int:parent_page_id>/preview/": ("200 200", "200 200"),
    "admin/pages/usage/<slug:content_type_app_name>/<slug:content_type_model_name>/": ("200 200", "405 405"),
    "admin/pages/create/<slug:app_label>/<slug:model_name>":                         ("302 302", "200 200"),
    "admin/pages/usage/<slug:content_type_app_name>/<slug:content_type_model_name>/results/": ("200 200", "405 405"),
    "admin/pages/<int:page_id>/usage/":                                              ("200 200", "405 405"),
    "admin/pages/<int:page_id>/edit/":                                               ("200 200", "- -"),
    "admin/pages/<int:page_id>/edit/preview/":                                       ("200 200", "200 200"),
    "admin/pages/<int:page_id>/view_draft/":                                         ("200 200", "200 200"),
    "admin/pages/<int:parent_page_id>/add_subpage/":                                 ("302 302", "302 302"),
    "admin/pages/<int:page_id>/delete/":                                             ("200 200", "302 302"),
    "admin/pages/<int:page_id>/unpublish/":                                          ("200 200", "302 302"),
    "admin/pages/<int:page_id>/convert_alias/":                                      ("404 404", "404 404"),
    "admin/pages/search/":                                                           ("200 200", "405 405"),
    "admin/pages/search/results/":                                                   ("200 200", "405 405"),
    "admin/pages/<int:page_to_move_id>/move/":                                       ("200 200", "200 200"),
    "admin/pages/<int:page_to_move_id>/move/<int:destination_id>/confirm/":          ("200 200", "302 302"),
    "admin/pages/<int:page_to_move_id>/set_position/":                               ("405 405", "200 200"),
    "admin/pages/<int:page_id>/copy/":                                               ("200 200", "- -"),
    "admin/pages/workflow/action/<int:page_id>/<slug:action_name>/<int:task_state_id>/": ("200 200", "302 302"),
    "admin/pages/workflow/collect_action_data/<int:page_id>/<slug:action_name>/<int:task_state_id>/": ("200 200", "200 200"),
    "admin/pages/workflow/confirm_cancellation/<int:page_id>/":                      ("200 200", "200 200"),
    "admin/pages/workflow/preview/<int:page_id>/<int:task_id>/":                     ("200 200", "405 405"),
    "admin/pages/<int:page_id>/privacy/":                                            ("200 200", "200 200"),
    "admin/pages/<int:page_id>/lock/":                                               ("405 405", "302 302"),
    "admin/pages/<int:page_id>/unlock/":                                             ("405 405", "admin 302"),
    "admin/pages/<int:page_id>/revisions/":                                          ("302 302", "302 302"),
    "admin/pages/<int:page_id>/revisions/<int:revision_id>/view/":                   ("200 200", "405 405"),
    "admin/pages/<int:page_id>/revisions/<int:revision_id>/revert/":                 ("200 200", "- -"),
    "admin/pages/<int:page_id>/revisions/<int:revision_id>/unschedule/":             ("200 200", "302 302"),
    "admin/pages/^(?P<pk>\\d+)/revisions/compare/(?P<revision_id_a>live|earliest|\\d+)\\.\\.\\.(?P<revision_id_b>live|latest|\\d+)/$": ("200 200", "405 405"),
    "admin/pages/<int:page_id>/workflow_history/":                                   ("200 200", "405 405"),
    "admin/pages/<int:page_id>/workflow_history/detail/<int:workflow_state_id>/":    ("200 200", "405 405"),
    "admin/pages/<int:page_id>/history/":                                            ("200 200", "405 405"),
    "admin/pages/<int:page_id>/history/results/":                                    ("200 200", "405 405"),
    "admin/choose-page/":                                                            ("200 200", "405 405"),
    "admin/choose-page/<int:parent_page_id>/":                                       ("200 200", "405 405"),
    "admin/choose-page/search/":                                                     ("200 200", "405 405"),
    "admin/choose-page/chosen-multiple/":                                            ("200 200", "405 405"),
    "admin/choose-external-link/":                                                   ("200 200", "- -"),
    "admin/choose-email-link/":                                                      ("200 200", "200 200"),
    "admin/choose-phone-link/":                                                      ("200 200", "200 200"),
    "admin/choose-anchor-link/":                                                     ("200 200", "200 200"),
    "admin/tag-autocomplete/":                                                       ("200 200", "200 200"),
    "admin/tag-autocomplete/<slug:app_name>/<slug:model_name>/":                     ("404 404", "404 404"),
    "admin/collections/":                                                            ("admin 200", "admin 405"),
    "admin/collections/add/":                                                        ("admin 200", "admin 200"),
    "admin/collections/<int:pk>/":                                                   ("admin 404", "admin 404"),
    "admin/collections/<int:pk>/delete/":                                            ("404 404", "404 404"),
    "admin/collections/<int:collection_id>/privacy/":                                ("admin 200", "admin 200"),
    "admin/workflows/list/":                                                         ("admin 200", "admin 405"),
    "admin/workflows/list/results/":                                                 ("admin 200", "admin 405"),
    "admin/workflows/add/":                                                          ("admin 200", "admin 200"),
    "admin/workflows/enable/<int:pk>/":                                              ("405 405", "admin 302"),
    "admin/workflows/disable/<int:pk>/":                                             ("admin 200", "admin 302"),
    "admin/workflows/edit/<int:pk>/":                                                ("admin 200", "admin 200"),
    "admin/workflows/usage/<int:pk>/":                                               ("admin 200", "admin 405"),
    "admin/workflows/usage/<int:pk>/results/":                                       ("admin 200", "admin 405"),
    "admin/workflows/remove/<int:page_pk>/":                                         ("405 405", "admin 302"),
    "admin/workflows/remove/<int:page_pk>/<int:workflow_pk>/":                       ("405 405", "admin 302"),
    "admin/workflows/tasks/add/<str:app_label>/<str:model_name>/":                   ("admin 200", "admin 200"),
    "admin/workflows/tasks/select_type/":                                            ("admin 302", "admin 302"),
    "admin/workflows/tasks/index/":                                                  ("admin 200", "admin 405"),
    "admin/workflows/tasks/index/results/":                                          ("admin 200", "admin 405"),
    "admin/workflows/tasks/edit/<int:pk>/":                                          ("admin 200", "admin 200"),
    "admin/workflows/tasks/disable/<int:pk>/":                                       ("admin 200", "admin 302"),
    "admin/workflows/tasks/enable/<int:pk>/":                                        ("405 405", "admin 302"),
    "admin/workflows/task_chooser/":                                                 ("200 200", "405 405"),
    "admin/workflows/task_chooser/results/":                                         ("200 200", "405 405"),
    "admin/workflows/task_chooser/create/":                                          ("200 200", "400 200"),
    "admin/workflows/task_chooser/<int:task_id>/":                                   ("200 200", "200 200"),
    "admin/reports/locked/":                                                         ("admin 200", "admin 405"),
    "admin/reports/locked/results/":                                                 ("admin 200", "admin 405"),
    "admin/reports/workflow/":                                                       ("200 200", "405 405"),
    "admin/reports/workflow/results/":                                               ("200 200", "405 405"),
    "admin/reports/workflow_tasks/":                                                 ("200 200", "405 405"),
    "admin/reports/workflow_tasks/results/":                                         ("200 200", "405 405"),
    "admin/reports/site-history/":                                                   ("200 200", "405 405"),
    "admin/reports/site-history/results/":                                           ("200 200", "405 405"),
    "admin/reports/aging-pages/":                                                    ("200 200", "405 405"),
    "admin/reports/aging-pages/results/":                                            ("200 200", "405 405"),
    "admin/reports/page-types-usage/":                                               ("200 200", "405 405"),
    "admin/reports/page-types-usage/results/":                                       ("200 200", "405 405"),
    "admin/account/":                                                                ("200 200", "200 200"),
    "admin/logout/":                                                                 ("405 405", "login login"),
    "admin/dismissibles/":                                                           ("200 200", "405 405"),
    "admin/editing-sessions/ping/<str:app_label>/<str:model_name>/<str:object_id>/<int:session_id>/": ("405 405", "200 200"),
    "admin/editing-sessions/release/<int:session_id>/":                              ("405 405", "200 200"),
    "admin/block-preview/":                                                          ("404 404", "405 405"),
    "admin/exports/":                                                                ("200 200", "200 200"),
    "admin/exports/<int:page_id>/contributions.<str:kind>":                          ("200 200", "200 200"),
    "admin/exports/<int:page_id>/about.csv":                                         ("200 200", "200 200"),
    # Open now / Close now: a confirmation, then the service and back to the page.
    "admin/consultations/<int:page_id>/<str:action>-now/":                           ("200 200", "302 302"),
    "admin/themes/":                                                                 ("200 200", "200 200"),
    "admin/exports/<int:page_id>/spreadsheet/":                                      ("200 200", "302 302"),
    "admin/exports/spreadsheets/<int:export_id>/":                                   ("200 404", "405 405"),
    "admin/exports/spreadsheets/<int:export_id>/download":                           ("200 404", "405 405"),
    "admin/forms/":                                                                  ("200 200", "405 405"),
    "admin/forms/results/":                                                          ("200 200", "405 405"),
    "admin/forms/submissions/<int:page_id>/":                                        ("404 404", "404 404"),
    "admin/forms/submissions/<int:page_id>/results/":                                ("404 404", "404 404"),
    "admin/forms/submissions/<int:page_id>/delete/":                                 ("admin admin", "admin admin"),
    "admin/redirects/":                                                              ("admin 200", "admin 405"),
    "admin/redirects/results/":                                                      ("admin 200", "admin 405"),
    "admin/redirects/add/":                                                          ("admin 200", "admin 200"),
    "admin/redirects/<int:redirect_id>/":                                            ("admin 200", "admin 200"),
    "admin/redirects/<int:redirect_id>/delete/":                                     ("admin 200", "admin 302"),
    "admin/redirects/import/":                                                       ("admin 200", "admin 200"),
    "admin/redirects/import/process/":                                               ("admin 405", "admin -"),
    "admin/settings/<slug:app_name>/<slug:model_name>/":                             ("302 302", "302 302"),
    "admin/settings/<slug:app_name>/<slug:model_name>/<int:pk>/":                    ("admin 200", "admin 200"),
    "admin/settings/<slug:app_name>/<slug:model_name>/<int:pk>/preview/":            ("admin 404", "admin 404"),
    # Editors translate pages and AI system cards (simple translation's submit permission).
    "admin/translation/submit/page/<int:page_id>/":                                  ("200 200", "200 200"),
    "admin/translation/submit/snippet/<slug:app_label>/<slug:model_name>/<str:pk>/": ("404 404", "404 404"),
    "admin/embeds/chooser/":                                                         ("200 200", "200 200"),
    "admin/embeds/chooser/upload/":                                                  ("200 200", "200 200"),
    "admin/snippets/":                                                               ("admin admin", "admin admin"),
    "admin/documents/":                                                              ("200 200", "405 405"),
    "admin/documents/results/":                                                      ("200 200", "405 405"),
    "admin/documents/add/":                                                          ("200 200", "200 200"),
    "admin/documents/edit/<int:document_id>/":                                       ("200 200", "200 200"),
    "admin/documents/delete/<int:document_id>/":                                     ("200 200", "302 302"),
    "admin/documents/multiple/add/":                                                 ("200 200", "400 400"),
    "admin/documents/multiple/<int:doc_id>/":                                        ("405 405", "200 200"),
    "admin/documents/multiple/create_from_uploaded_document/<int:uploaded_file_id>/": ("405 405", "404 404"),
    "admin/documents/multiple/<int:doc_id>/delete/":                                 ("405 405", "200 200"),
    "admin/documents/multiple/delete_upload/<int:uploaded_file_id>/":                ("405 405", "404 404"),
    "admin/documents/usage/<int:document_id>/":                                      ("200 200", "405 405"),
    "admin/images/":                                                                 ("200 200", "405 405"),
    "admin/images/results/":                                                         ("200 200", "405 405"),
    "admin/images/<int:image_id>/":                                                  ("200 200", "200 200"),
    "admin/images/<int:image_id>/delete/":                                           ("200 200", "302 302"),
    "admin/images/<int:image_id>/generate_url/":                                     ("404 404", "405 405"),
    "admin/images/<int:image_id>/generate_url/output/":                              ("404 404", "405 405"),
    "admin/images/<int:image_id>/preview/<str:filter_spec>/":                        ("200 200", "200 200"),
    "admin/images/add/":                                                             ("200 200", "200 200"),
    "admin/images/usage/<int:image_id>/":                                            ("200 200", "405 405"),
    "admin/images/multiple/add/":                                                    ("200 200", "400 400"),
    "admin/images/multiple/<int:image_id>/":                                         ("405 405", "200 200"),
    "admin/images/multiple/create_from_uploaded_image/<int:uploaded_file_id>/":      ("405 405", "404 404"),
    "admin/images/multiple/<int:image_id>/delete/":                                  ("405 405", "200 200"),
    "admin/images/multiple/delete_upload/<int:uploaded_file_id>/":                   ("405 405", "404 404"),
    "admin/snippets/consultations/aisystem/":                                        ("200 200", "405 405"),
    "admin/snippets/consultations/aisystem/results/":                                ("200 200", "405 405"),
    "admin/snippets/consultations/aisystem/add/":                                    ("200 200", "- -"),
    "admin/snippets/consultations/aisystem/edit/<int:pk>/":                          ("200 200", "- -"),
    "admin/snippets/consultations/aisystem/delete/<int:pk>/":                        ("admin 200", "admin admin"),
    "admin/snippets/consultations/aisystem/usage/<int:pk>/":                         ("200 200", "405 405"),
    "admin/snippets/consultations/aisystem/history/<int:pk>/":                       ("200 200", "405 405"),
    "admin/snippets/consultations/aisystem/history-results/<int:pk>/":               ("200 200", "405 405"),
    "admin/snippets/consultations/aisystem/copy/<int:pk>/":                          ("200 200", "- -"),
    "admin/snippets/consultations/aisystem/history/<int:pk>/revisions/<int:revision_id>/revert/": ("404 404", "404 404"),
    "admin/snippets/consultations/aisystem/history/(?P<pk>.+)/revisions/compare/(?P<revision_id_a>live|earliest|\\d+)\\.\\.\\.(?P<revision_id_b>live|latest|\\d+)/$": ("200 200", "405 405"),
    "admin/snippets/consultations/aisystem/history/<int:pk>/revisions/<int:revision_id>/unschedule/": ("404 404", "404 404"),
    "admin/snippets/consultations/aisystem/unpublish/<int:pk>/":                     ("200 200", "302 302"),
    "admin/snippets/consultations/aisystem/lock/<int:pk>/":                          ("405 405", "302 302"),
    "admin/snippets/consultations/aisystem/unlock/<int:pk>/":                        ("405 405", "302 302"),
    "admin/snippets/choose/consultations/aisystem/":                                 ("200 200", "405 405"),
    "admin/snippets/choose/consultations/aisystem/results/":                         ("200 200", "405 405"),
    "admin/snippets/choose/consultations/aisystem/chosen/<str:pk>/":                 ("200 200", "405 405"),
    "admin/snippets/choose/consultations/aisystem/chosen-multiple/":                 ("200 200", "405 405"),
    "admin/snippets/choose/consultations/aisystem/create/":                          ("200 200", "- -"),
    # Rights impact assessments: the editors write them, as they do the cards.
    "admin/snippets/accountability/fundamentalrightsassessment/":                      ("200 200", "405 405"),
    "admin/snippets/accountability/fundamentalrightsassessment/results/":              ("200 200", "405 405"),
    "admin/snippets/accountability/fundamentalrightsassessment/add/":                  ("200 200", "- -"),
    "admin/snippets/accountability/fundamentalrightsassessment/edit/<int:pk>/":        ("200 200", "- -"),
    "admin/snippets/accountability/fundamentalrightsassessment/delete/<int:pk>/":      ("admin 200", "admin 302"),
    "admin/snippets/accountability/fundamentalrightsassessment/usage/<int:pk>/":       ("200 200", "405 405"),
    "admin/snippets/accountability/fundamentalrightsassessment/history/<int:pk>/":     ("200 200", "405 405"),
    "admin/snippets/accountability/fundamentalrightsassessment/history-results/<int:pk>/": ("200 200", "405 405"),
    "admin/snippets/accountability/fundamentalrightsassessment/copy/<int:pk>/":        ("200 200", "- -"),
    "admin/snippets/accountability/fundamentalrightsassessment/history/<int:pk>/revisions/<int:revision_id>/revert/": ("404 404", "404 404"),
    "admin/snippets/accountability/fundamentalrightsassessment/history/(?P<pk>.+)/revisions/compare/(?P<revision_id_a>live|earliest|\\d+)\\.\\.\\.(?P<revision_id_b>live|latest|\\d+)/$": ("200 200", "405 405"),
    "admin/snippets/accountability/fundamentalrightsassessment/history/<int:pk>/revisions/<int:revision_id>/unschedule/": ("404 404", "404 404"),
    "admin/snippets/accountability/fundamentalrightsassessment/unpublish/<int:pk>/":   ("200 200", "302 302"),
    "admin/snippets/choose/accountability/fundamentalrightsassessment/":               ("200 200", "405 405"),
    "admin/snippets/choose/accountability/fundamentalrightsassessment/results/":       ("200 200", "405 405"),
    "admin/snippets/choose/accountability/fundamentalrightsassessment/chosen/<str:pk>/": ("200 200", "405 405"),
    "admin/snippets/choose/accountability/fundamentalrightsassessment/chosen-multiple/": ("200 200", "405 405"),
    "admin/snippets/choose/accountability/fundamentalrightsassessment/create/":        ("200 200", "- -"),
    "admin/snippets/moderation/houserule/":                                          ("admin 200", "admin 405"),
    "admin/snippets/moderation/houserule/results/":                                  ("admin 200", "admin 405"),
    "admin/snippets/moderation/houserule/add/":                                      ("admin 200", "admin 200"),
    "admin/snippets/moderation/houserule/edit/<int:pk>/":                            ("admin 200", "admin 200"),
    "admin/snippets/moderation/houserule/delete/<int:pk>/":                          ("admin 200", "admin 302"),
    "admin/snippets/moderation/houserule/usage/<int:pk>/":                           ("admin 200", "admin 405"),
    "admin/snippets/moderation/houserule/history/<int:pk>/":                         ("admin 200", "admin 405"),
    "admin/snippets/moderation/houserule/history-results/<int:pk>/":                 ("admin 200", "admin 405"),
    "admin/snippets/moderation/houserule/copy/<int:pk>/":                            ("admin 200", "admin 200"),
    "admin/snippets/choose/moderation/houserule/":                                   ("200 200", "405 405"),
    "admin/snippets/choose/moderation/houserule/results/":                           ("200 200", "405 405"),
    "admin/snippets/choose/moderation/houserule/chosen/<str:pk>/":                   ("200 200", "405 405"),
    "admin/snippets/choose/moderation/houserule/chosen-multiple/":                   ("200 200", "405 405"),
    "admin/snippets/choose/moderation/houserule/create/":                            ("admin 200", "admin -"),
    "admin/sites/":                                                                  ("admin 200", "admin 405"),
    "admin/sites/results/":                                                          ("admin 200", "admin 405"),
    "admin/sites/new/":                                                              ("admin 200", "admin 200"),
    "admin/sites/edit/<int:pk>/":                                                    ("admin 200", "admin 200"),
    "admin/sites/delete/<int:pk>/":                                                  ("admin 200", "admin 302"),
    "admin/sites/history/<int:pk>/":                                                 ("admin 200", "admin 405"),
    "admin/sites/history-results/<int:pk>/":                                         ("admin 200", "admin 405"),
    "admin/sites/usage/<int:pk>/":                                                   ("admin 200", "admin 405"),
    "admin/sites/copy/<int:pk>/":                                                    ("admin 200", "admin 200"),
    "admin/users/":                                                                  ("admin 200", "admin 405"),
    "admin/users/results/":                                                          ("admin 200", "admin 405"),
    "admin/users/new/":                                                              ("admin 200", "admin 200"),
    "admin/users/edit/<int:pk>/":                                                    ("admin 200", "admin 200"),
    "admin/users/delete/<int:pk>/":                                                  ("admin 200", "admin 302"),
    "admin/users/history/<int:pk>/":                                                 ("admin 200", "admin 405"),
    "admin/users/history-results/<int:pk>/":                                         ("admin 200", "admin 405"),
    "admin/users/usage/<int:pk>/":                                                   ("admin 200", "admin 405"),
    "admin/users/copy/<int:pk>/":                                                    ("admin 200", "admin 200"),
    "admin/groups/":                                                                 ("admin 200", "admin 405"),
    "admin/groups/results/":                                                         ("admin 200", "admin 405"),
    "admin/groups/new/":                                                             ("admin 200", "admin 200"),
    "admin/groups/edit/<int:pk>/":                                                   ("admin 200", "admin 200"),
    "admin/groups/delete/<int:pk>/":                                                 ("admin 200", "admin 302"),
    "admin/groups/history/<int:pk>/":                                                ("admin 200", "admin 405"),
    "admin/groups/history-results/<int:pk>/":                                        ("admin 200", "admin 405"),
    "admin/groups/usage/<int:pk>/":                                                  ("admin 200", "admin 405"),
    "admin/documents/chooser/":                                                      ("200 200", "405 405"),
    "admin/documents/chooser/results/":                                              ("200 200", "405 405"),
    "admin/documents/chooser/chosen/<str:pk>/":                                      ("200 200", "405 405"),
    "admin/documents/chooser/chosen-multiple/":                                      ("200 200", "405 405"),
    "admin/documents/chooser/create/":                                               ("200 200", "200 200"),
    "admin/images/chooser/":                                                         ("200 200", "405 405"),
    "admin/images/chooser/results/":                                                 ("200 200", "405 405"),
    "admin/images/chooser/chosen/<str:pk>/":                                         ("200 200", "405 405"),
    "admin/images/chooser/chosen-multiple/":                                         ("200 200", "405 405"),
    "admin/images/chooser/create/":                                                  ("200 200", "200 200"),
    "admin/images/chooser/<int:image_id>/select_format/":                            ("200 200", "200 200"),
    "admin/locales/":                                                                ("admin 200", "admin 405"),
    "admin/locales/results/":                                                        ("admin 200", "admin 405"),
    "admin/locales/new/":                                                            ("admin admin", "admin admin"),
    "admin/locales/edit/<int:pk>/":                                                  ("admin 200", "admin 200"),
    "admin/locales/delete/<int:pk>/":                                                ("admin 200", "admin 200"),
    "admin/locales/history/<int:pk>/":                                               ("admin 200", "admin 405"),
    "admin/locales/history-results/<int:pk>/":                                       ("admin 200", "admin 405"),
    "admin/locales/usage/<int:pk>/":                                                 ("admin 200", "admin 405"),
}

# Where the rule above does not hold, all seven roles: public assets, Wagtail's password
# reset (off: allauth's is the one), the catch-all and Wagtail's error test (a 404: no
# door answers 500).
ADMIN_EXCEPTIONS = {
    "admin/sprite/": ("200", "200"),
    "admin/jsi18n/": ("200", "405"),
    "admin/password_reset/": ("404", "404"),
    "admin/password_reset/done/": ("404", "404"),
    "admin/password_reset/confirm/<uidb64>/<token>/": ("404", "404"),
    "admin/password_reset/complete/": ("404", "404"),
    "admin/failwhale/": ("404", "404"),
    "admin/^.*/$": ("302 302 302 302 302 404 404", "302 302 302 302 302 404 404"),
}
# fmt: on

# URL arguments -> the world's id they take unless a case says otherwise (names not in the
# world's ids are used as they are: "consultations", "csv"...).
DEFAULTS = {
    "page_id": "restricted",
    "parent_page_id": "restricted",
    "page_pk": "restricted",
    "object_id": "restricted",
    "page_to_move_id": "restricted",
    "destination_id": "index",
    "revision_id": "draft",
    "task_state_id": "task_state",
    "task_id": "task",
    "workflow_state_id": "workflow_state",
    "workflow_pk": "workflow",
    "action_name": "approve",
    "content_type_app_name": "consultations",
    "content_type_model_name": "consultationpage",
    "app_label": "consultations",
    "model_name": "aisystem",
    "app_name": "moderation",
    "action": "delete",
    "collection_id": "collection",
    "redirect_id": "redirect",
    "document_id": "document",
    "doc_id": "document",
    "image_id": "image",
    "filter_spec": "original",
    "uploaded_file_id": "missing",
    "session_id": "missing",
    "restriction_id": "missing",
    "page_view_restriction_id": "restriction",
    "export_id": "spreadsheet",
    "kind": "csv",
    "decision_id": "decision",
    "campaign_id": "campaign",
    "consultation_id": "public",
    "uidb64": "MQ",
    "token": "x-y",
}
# Admin `pk`s by the route's start, the longest first.
ADMIN_PKS = {
    "admin/collections/": "collection",
    "admin/workflows/tasks/": "task",
    "admin/workflows/": "workflow",
    "admin/snippets/consultations/aisystem/": "system",
    "admin/snippets/choose/consultations/aisystem/": "system",
    "admin/snippets/accountability/fundamentalrightsassessment/": "assessment",
    "admin/snippets/choose/accountability/fundamentalrightsassessment/": "assessment",
    "admin/snippets/moderation/houserule/": "house_rule",
    "admin/snippets/choose/moderation/houserule/": "house_rule",
    "admin/sites/": "site",
    "admin/users/": "carol",
    "admin/groups/": "editors_group",
    "admin/locales/": "locale",
    "admin/documents/chooser/": "document",
    "admin/images/chooser/": "image",
    "admin/settings/": "prescreen",
}

# The admin's routes that are regular expressions, by the path asked.
ADMIN_PATHS = {
    "admin/api/main/^pages/": "/admin/api/main/pages/",
    "admin/api/main/^pages/<int:pk>/": "/admin/api/main/pages/{restricted}/",
    "admin/api/main/^pages/find/": "/admin/api/main/pages/find/",
    "admin/api/main/^pages/<int:pk>/action/<str:action_name>/": (
        "/admin/api/main/pages/{restricted}/action/copy/"
    ),
    "admin/api/main/^documents/": "/admin/api/main/documents/",
    "admin/api/main/^documents/<int:pk>/": "/admin/api/main/documents/{document}/",
    "admin/api/main/^documents/find/": "/admin/api/main/documents/find/",
    "admin/api/main/^images/": "/admin/api/main/images/",
    "admin/api/main/^images/<int:pk>/": "/admin/api/main/images/{image}/",
    "admin/api/main/^images/find/": "/admin/api/main/images/find/",
    (
        "admin/pages/^(?P<pk>\\d+)/revisions/compare/(?P<revision_id_a>live|earliest|\\d+)"
        "\\.\\.\\.(?P<revision_id_b>live|latest|\\d+)/$"
    ): "/admin/pages/{restricted}/revisions/compare/earliest...latest/",
    (
        "admin/snippets/consultations/aisystem/history/(?P<pk>.+)/revisions/compare/"
        "(?P<revision_id_a>live|earliest|\\d+)\\.\\.\\.(?P<revision_id_b>live|latest|\\d+)/$"
    ): "/admin/snippets/consultations/aisystem/history/{system}/revisions/compare/earliest...latest/",
    (
        "admin/snippets/accountability/fundamentalrightsassessment/history/(?P<pk>.+)/revisions/"
        "compare/(?P<revision_id_a>live|earliest|\\d+)\\.\\.\\.(?P<revision_id_b>live|latest|\\d+)/$"
    ): "/admin/snippets/accountability/fundamentalrightsassessment/history/{assessment}/revisions/compare/earliest...latest/",
    "admin/^.*/$": "/admin/no-such-tool/",
}
# Per-route arguments of admin routes, where the defaults name the wrong thing.
ADMIN_VALUES = {
    "admin/consultations/<int:page_id>/<str:action>-now/": {"action": "close"},
    "admin/pages/add/<slug:content_type_app_name>/<slug:content_type_model_name>/<int:parent_page_id>/": {
        "parent_page_id": "index"
    },
    "admin/pages/add/<slug:content_type_app_name>/<slug:content_type_model_name>/<int:parent_page_id>/preview/": {
        "parent_page_id": "index"
    },
    "admin/pages/create/<slug:app_label>/<slug:model_name>": {
        "app_label": "consultations",
        "model_name": "consultationpage",
    },
    "admin/bulk/<str:app_label>/<str:model_name>/<str:action>/": {
        "app_label": "wagtailcore",
        "model_name": "page",
    },
    "admin/workflows/tasks/add/<str:app_label>/<str:model_name>/": {
        "app_label": "wagtailcore",
        "model_name": "groupapprovaltask",
    },
    "admin/editing-sessions/ping/<str:app_label>/<str:model_name>/<str:object_id>/<int:session_id>/": {
        "app_label": "wagtailcore",
        "model_name": "page",
    },
    "admin/tag-autocomplete/<slug:app_name>/<slug:model_name>/": {
        "app_name": "wagtaildocs",
        "model_name": "document",
    },
    "admin/settings/<slug:app_name>/<slug:model_name>/": {"model_name": "prescreensettings"},
    "admin/settings/<slug:app_name>/<slug:model_name>/<int:pk>/": {
        "model_name": "prescreensettings"
    },
    "admin/settings/<slug:app_name>/<slug:model_name>/<int:pk>/preview/": {
        "model_name": "prescreensettings"
    },
    "admin/choose-page/<int:parent_page_id>/": {"parent_page_id": "index"},
}
ADMIN_QUERIES = {
    "admin/bulk/<str:app_label>/<str:model_name>/<str:action>/": "id={restricted}",
    "admin/pages/search/": "q=zeppelin",
    "admin/pages/search/results/": "q=zeppelin",
    "admin/choose-page/search/": "q=zeppelin",
}


def admin_case(route: str, get: str, post: str, *, staff: bool = True) -> Case:
    """An admin route. By the rule, `get` and `post` are the editor's and the
    administrator's words, and the five others are sent to sign in; otherwise (`staff`
    False) they are all seven roles' words."""
    if staff:
        get, post = (f"{'login ' * 5}{words}" for words in (get, post))
    return Case(
        route,
        get,
        post,
        values=ADMIN_VALUES.get(route, {}),
        path=ADMIN_PATHS.get(route, ""),
        query=ADMIN_QUERIES.get(route, ""),
    )


def cases() -> list[Case]:
    admin = [admin_case(route, *staff) for route, staff in ADMIN.items()]
    exceptions = [
        admin_case(route, *words, staff=False) for route, words in ADMIN_EXCEPTIONS.items()
    ]
    return PUBLIC + admin + exceptions


def default_value(route: str, name: str) -> str:
    if name == "pk":
        starts = [start for start in ADMIN_PKS if route.startswith(start)]
        return ADMIN_PKS[max(starts, key=len)] if starts else "missing"
    if name == "export_id" and route.startswith("accounts/"):
        return "data_export"
    return DEFAULTS.get(name, name)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """Built once for the module (tests/built_once.py)."""
    files = tmp_path_factory.mktemp("matrix")
    storages = {
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": files / "media"},
        },
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": files / "private"},
        },
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    generous = dict.fromkeys(
        ("comment", "comment_edit", "position", "reaction", "response", "flag", "follow",
         "follow_email", "follow_email_address", "api"),
        "100000/m",
    )  # fmt: skip
    with rolled_back_at_end(
        django_db_blocker,
        STORAGES=storages,
        MEDIA_ROOT=files / "media",
        CONSULT_RATE_LIMITS=generous,
        ACCOUNT_RATE_LIMITS=False,
    ):
        yield build()


def asker(client, world, role: str) -> Asker:
    user = world.users.get(role)
    if user is None:
        return Asker(client, None)
    client.force_login(user)
    return Asker(client, client.session.session_key)


def test_every_route_has_its_expectations():
    """A new route fails here until its expectations are written above."""
    walked = set(walked_routes())
    written = {case.route for case in cases()}
    assert sorted(walked - written) == [], "routes without expectations"
    assert sorted(written - walked) == [], "expectations of routes that are gone"


@pytest.mark.parametrize("role", ROLES)
def test_every_door_answers_each_role_as_written(role, world, client):
    doors = asker(client, world, role)
    wrong = []
    for case in cases():
        url = case.url(world.ids, default_value)
        for method in ("get", "post"):
            expected = case.expected(method, role)
            if expected == "-":
                continue
            got, text = doors.ask(method, url, case.data, json=case.json)
            if got != expected:
                wrong.append(f"{method.upper()} {url} ({case.key}): {got}, not {expected}")
            if got.startswith("5"):
                wrong.append(f"{method.upper()} {url} ({case.key}): {text[:300]}")
            if found := leaked_markers(text, role, url):
                wrong.append(f"{method.upper()} {url} ({case.key}): shows {', '.join(found)}")
    assert not wrong, f"{len(wrong)} cells wrong for {role}:\n" + "\n".join(wrong)
