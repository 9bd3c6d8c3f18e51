"""The Wagtail admin's forms of moderation's settings: their save goes through the service."""

from wagtail.admin.forms import WagtailAdminModelForm

from consult.moderation.services.screening import prescreen_settings_save


class PrescreenSettingsForm(WagtailAdminModelForm):
    def save(self, commit=True):
        if not commit:
            return super().save(commit=False)
        return prescreen_settings_save(
            settings=self.instance, save=lambda: super(PrescreenSettingsForm, self).save()
        )
