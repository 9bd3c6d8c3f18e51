"""Reads of the privacy features, shared by the My data page and the open-data API."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Max, Min, QuerySet
from django.utils import timezone

from accounts.models import Profile, User
from accounts.privacy.models import (
    AccountDeletion,
    ConsentRecord,
    DataExport,
    ExportState,
    IdentityAccess,
)
from accounts.privacy.registry import exported_relations, relation_name


def research_consenting_user_ids() -> QuerySet:
    """Ids of the users whose contributions may appear in the open research data, as a
    subquery: `Comment.objects.filter(author__in=research_consenting_user_ids())`."""
    return Profile.objects.filter(research_consent=True).values("user_id")


def has_research_consent(user: User) -> bool:
    return Profile.objects.filter(user=user, research_consent=True).exists()


@dataclass(frozen=True)
class HeldKind:
    relation: str
    label: str
    count: int
    first: datetime | None
    last: datetime | None


def _date_field(model) -> str | None:
    """The column that says when a row was made, by the names our models use."""
    names = {field.name for field in model._meta.concrete_fields}
    for candidate in ("created_at", "created", "requested_at", "at", "date_joined"):
        if candidate in names:
            return candidate
    return None


def held_data_summary(user: User) -> list[HeldKind]:
    """For each kind of record we hold about the user: how many, first and last dates."""
    kinds = []
    for field, _omitted in exported_relations():
        rows = field.model._default_manager.filter(**{field.name: user})
        date_field = _date_field(field.model)
        if date_field:
            facts = rows.aggregate(n=Count("pk"), first=Min(date_field), last=Max(date_field))
        else:
            facts = {"n": rows.count(), "first": None, "last": None}
        if facts["n"]:
            kinds.append(
                HeldKind(
                    relation=relation_name(field),
                    label=str(field.model._meta.verbose_name_plural).capitalize(),
                    count=facts["n"],
                    first=facts["first"],
                    last=facts["last"],
                )
            )
    return kinds


def consent_history(user: User) -> QuerySet[ConsentRecord]:
    return ConsentRecord.objects.filter(user=user)


def identity_accesses(user: User) -> QuerySet[IdentityAccess]:
    return IdentityAccess.objects.filter(subject=user).select_related("consultation")


def current_exports(user: User) -> QuerySet[DataExport]:
    return DataExport.objects.filter(user=user).exclude(state=ExportState.EXPIRED)[:3]


def downloadable_export(user: User, export_id: int) -> DataExport | None:
    """The export if it is this user's, ready and not expired; None otherwise."""
    return DataExport.objects.filter(
        pk=export_id, user=user, state=ExportState.READY, expires_at__gt=timezone.now()
    ).first()


def scheduled_deletion(user: User) -> AccountDeletion | None:
    return AccountDeletion.objects.filter(user=user).first()
