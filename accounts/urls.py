from django.urls import path, re_path

from accounts import views
from accounts.privacy import views as privacy

urlpatterns = [
    path("profile/", views.profile, name="account_profile"),
    path(
        "confirm-email/resend/",
        views.verification_resend,
        name="account_email_verification_resend",
    ),
    # allauth's path, answered first by ours (accounts/views.py says why).
    re_path(
        r"^confirm-email/(?P<key>[-:\w]+)/$", views.confirm_email, name="account_confirm_email"
    ),
    path("privacy/", privacy.my_data, name="account_privacy"),
    path("privacy/consent/", privacy.consent, name="account_privacy_consent"),
    path(
        "privacy/consent/withdraw/",
        privacy.consent_withdraw,
        name="account_privacy_consent_withdraw",
    ),
    path("privacy/export/", privacy.export_request, name="account_privacy_export"),
    path(
        "privacy/export/<int:export_id>/",
        privacy.export_download,
        name="account_privacy_export_download",
    ),
    path("privacy/delete/", privacy.delete_account, name="account_privacy_delete"),
    path("privacy/delete/cancel/", privacy.delete_cancel, name="account_privacy_delete_cancel"),
]
