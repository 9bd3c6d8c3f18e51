"""The themes in the Wagtail admin's menu: each consultation with a link to its themes."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from wagtail.coreutils import get_supported_content_language_variant

from consult.consultations.access import readable_consultations
from consult.outcomes import permissions


def themes_index(request: HttpRequest) -> HttpResponse:
    if not permissions.can_tag_themes(request.user):
        raise PermissionDenied
    # Themes belong to the default-language page, which every translation shares.
    default = get_supported_content_language_variant(settings.LANGUAGE_CODE)
    consultations = (
        readable_consultations(request, drafts=True)
        .filter(alias_of__isnull=True, locale__language_code=default)
        .annotate(theme_count=Count("themes"))
        .order_by("-opens_at", "-pk")
    )
    return render(request, "outcomes/admin/themes_index.html", {"consultations": consultations})
