"""Participant-facing moderation pages (engineer A2 replaces this placeholder)."""

from django.http import Http404


def appeal(request, decision_id: int):
    raise Http404
