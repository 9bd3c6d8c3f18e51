"""Page-wide touches to the Wagtail admin."""

from django.contrib import messages
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.admin import messages as admin_messages
from wagtail.models import Page

from cms.publish_refusals import publish_as_draft_if_refused


@hooks.register("after_copy_page")
def name_the_copy(request, page, new_page):
    """Wagtail's confirmation names the page that was copied; the editor needs the copy, with
    its new title, to know which page the Edit button opens."""
    queued = list(messages.get_messages(request))  # taken off the queue, then put back
    original = page.specific_deferred.get_admin_display_title()
    for message in queued:
        if message.level == messages.SUCCESS and original in str(message.message):
            continue
        messages.add_message(request, message.level, message.message, message.extra_tags)
    edit = admin_messages.button(reverse("wagtailadmin_pages:edit", args=[new_page.pk]), _("Edit"))
    admin_messages.success(
        request,
        _("“%(original)s” copied as “%(title)s”.")
        % {"original": original, "title": new_page.get_admin_display_title()},
        buttons=[edit],
    )


@hooks.register("before_create_page")
def keep_a_refused_new_page_as_draft(request, parent_page, page_class):
    def make_instance():
        return page_class(locale=parent_page.locale, owner=request.user)

    publish_as_draft_if_refused(request, make_instance=make_instance, parent_page=parent_page)


@hooks.register("before_edit_page")
def keep_a_refused_edit_as_draft(request, page):
    if not page.permissions_for_user(request.user).can_publish():
        return

    def make_instance():
        return Page.objects.get(pk=page.pk).specific.get_latest_revision_as_object()

    publish_as_draft_if_refused(request, make_instance=make_instance, parent_page=page.get_parent())
