from django import forms


class ScopeForm(forms.Form):
    """The report's and the log's one filter: a consultation, by the slug of its page."""

    # Page slugs may be Unicode (Wagtail's default); anything else names no consultation.
    consultation = forms.SlugField(required=False, allow_unicode=True)
