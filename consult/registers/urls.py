"""Stable addresses of the register's records (docs/registers.md); one per standard and card."""

from django.urls import path
from django.views.decorators.http import require_GET

from consult.registers import feeds, views
from consult.registers.standards import STANDARDS

app_name = "registers"
urlpatterns = [
    path("ai-systems.json", views.register_json, name="json"),
    path("ai-systems.csv", views.register_csv, name="csv"),
    path("ai-systems.schema.json", views.register_schema, name="schema"),
    path("ai-systems/feed.atom", require_GET(feeds.RegisterChangesFeed()), name="feed"),
    *(
        path(
            f"ai-systems/<slug:slug>/{standard.slug}.json",
            views.system_record,
            {"standard": standard.slug},
            name=standard.slug,
        )
        for standard in STANDARDS
    ),
]
