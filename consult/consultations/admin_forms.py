"""The consultation's form in the Wagtail admin, with the checks that need its contributions."""

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

from consult.consultations.contributions import latest_contribution_at


class ConsultationPageForm(WagtailAdminPageForm):
    def clean(self):
        cleaned = super().clean()
        closes_at = cleaned.get("closes_at")
        if self.instance.pk and closes_at and "closes_at" in self.changed_data:
            self._refuse_closing_before_latest_contribution(closes_at)
        return cleaned

    def _refuse_closing_before_latest_contribution(self, closes_at) -> None:
        # Imported here: the queries module imports the page models, which name this form.
        from consult.consultations.queries import canonical_consultation

        latest = latest_contribution_at(canonical_consultation(self.instance))
        if latest is not None and closes_at < latest:
            when = date_format(timezone.localtime(latest), "DATETIME_FORMAT")
            self.add_error(
                "closes_at",
                _(
                    "Participants contributed until %(latest)s, so the consultation cannot "
                    "have closed before then. Choose %(latest)s or later; to stop "
                    "contributions now, use “Close now”."
                )
                % {"latest": when},
            )
