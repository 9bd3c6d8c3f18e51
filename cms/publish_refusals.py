"""A refused publish keeps the editor's work: when the Publish button meets a check that only
publishing asks (a summary's theme responses, a required field a draft may leave empty), the
changes are saved as a draft and the editor is told, point by point, why the page is not live.
Wagtail would otherwise say "could not be saved due to validation errors" while its autosave
has already said "Saved", and keep nothing of the submission.

Wagtail has no per-model page views, so this runs in the before_create_page and
before_edit_page hooks: it asks the page's own form twice (to publish, then as a draft) and,
when only publishing is refused, turns the request into Save draft."""

from django.contrib import messages
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

PUBLISH = "action-publish"


def _problems(form) -> list[str]:
    problems = []
    for name, errors in form.errors.items():
        field = form.fields.get(name)
        for error in errors:
            problems.append(f"{field.label}: {error}" if field is not None else str(error))
    for formset in getattr(form, "formsets", {}).values():
        problems.extend(str(error) for error in formset.non_form_errors())
        for row in formset.errors:
            problems.extend(str(error) for errors in row.values() for error in errors)
    return problems


def publish_as_draft_if_refused(request, *, make_instance, parent_page) -> None:
    """If `request` publishes a page that its form refuses to publish but accepts as a draft,
    drop the publish action (Wagtail's view then saves a draft) and say why it is not live.
    `make_instance` gives a fresh page each time: validating a form writes to its instance."""
    if request.method != "POST" or PUBLISH not in request.POST:
        return
    form_class = make_instance().get_edit_handler().get_form_class()

    def form(data):
        return form_class(
            data,
            request.FILES,
            instance=make_instance(),
            parent_page=parent_page,
            for_user=request.user,
        )

    to_publish = form(request.POST)
    if to_publish.is_valid():
        return
    draft_data = request.POST.copy()
    del draft_data[PUBLISH]
    as_draft = form(draft_data)
    as_draft.defer_required_fields()
    if not as_draft.is_valid():
        return  # Wagtail says truly that nothing was saved, and marks the fields.
    request.POST = draft_data
    messages.warning(
        request,
        format_html(
            "{} <ul>{}</ul>",
            _("Your changes are saved as a draft, but the page is not published. To publish:"),
            format_html_join("", "<li>{}</li>", ((problem,) for problem in _problems(to_publish))),
        ),
    )
