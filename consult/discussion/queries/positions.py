"""Positions on a consultation: the tallies by stakeholder group, the latest reasons given,
and the reader's own."""

from dataclasses import dataclass, field

from django.db.models import Count, OuterRef, Subquery
from django.utils.translation import gettext_lazy as _

from accounts.models import StakeholderGroup
from consult.consultations.models import ConsultationPage
from consult.consultations.queries import canonical_consultation
from consult.core.viewer import Viewer
from consult.discussion import permissions
from consult.discussion.models import (
    DisplayMode,
    Participation,
    Position,
    Stance,
)
from consult.discussion.queries.labels import person_label


@dataclass
class TallyRow:
    label: str
    support: int = 0
    oppose: int = 0
    unsure: int = 0

    @property
    def total(self) -> int:
        return self.support + self.oppose + self.unsure


@dataclass
class Tallies:
    rows: list[TallyRow]
    total: TallyRow


@dataclass
class PositionPanel:
    """The position tallies, the latest reasons given, and the viewer's own position and
    whether they may set one."""

    tallies: Tallies
    own_position: Position | None
    refusal: str | None
    reasons: list["PositionReason"] = field(default_factory=list)

    @property
    def shown_key(self) -> str:
        """Names everything of the tallies and reasons the panel shows (its HTML is kept by
        it); the reprs hold every field."""
        return repr((self.tallies, self.reasons))


@dataclass(frozen=True)
class PositionReason:
    """A reason someone gave for their position, under the name or pseudonym they appear
    under in the consultation (a pseudonym until they choose otherwise)."""

    stance: str
    reason: str
    author_label: str
    author_detail: str
    # Who is behind a pseudonym: only ever set for editors and moderators.
    identity: str | None


# The page shows the latest few; the tallies count everyone.
REASONS_SHOWN = 10


def position_reasons(consultation: ConsultationPage, *, reveal: bool) -> list[PositionReason]:
    """The latest reasons given with positions, in one query."""
    mode = Participation.objects.filter(consultation=consultation, user=OuterRef("user"))
    rows = (
        Position.objects.filter(consultation=consultation)
        .exclude(reason="")
        .select_related("user__profile")
        .annotate(display_mode=Subquery(mode.values("display_mode")[:1]))
        .order_by("-updated_at", "-pk")[:REASONS_SHOWN]
    )
    reasons = []
    for row in rows:
        label, detail, identity = person_label(
            getattr(row.user, "profile", None) if row.user_id else None,
            display_mode=row.display_mode or DisplayMode.PSEUDONYM,
            group=row.author_stakeholder_group,
            organisation=row.author_organisation,
            reveal=reveal,
        )
        reasons.append(
            PositionReason(
                stance=str(Stance(row.stance).label),
                reason=row.reason,
                author_label=label,
                author_detail=detail,
                identity=identity,
            )
        )
    return reasons


def position_tallies(consultation: ConsultationPage) -> Tallies:
    """Positions by stakeholder group, in one aggregate query."""
    rows: dict[str, TallyRow] = {}
    total = TallyRow(label=str(_("All participants")))
    counts = (
        Position.objects.filter(consultation=consultation)
        .values_list("author_stakeholder_group", "stance")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for group, stance, n in counts:
        row = rows.setdefault(group, TallyRow(label=str(StakeholderGroup(group).label)))
        if stance in Stance.values:
            setattr(row, stance, getattr(row, stance) + n)
            setattr(total, stance, getattr(total, stance) + n)
    ordered = [rows[group] for group in StakeholderGroup.values if group in rows]
    return Tallies(rows=ordered, total=total)


def own_position(user, consultation: ConsultationPage) -> Position | None:
    if not user.is_authenticated:
        return None
    return Position.objects.filter(consultation=consultation, user=user).first()


def position_panel(*, page: ConsultationPage, viewer: Viewer) -> PositionPanel:
    consultation = canonical_consultation(page)
    refusal = permissions.participation_refusal(viewer, consultation)
    return PositionPanel(
        tallies=position_tallies(consultation),
        own_position=own_position(viewer.user, consultation),
        refusal=str(permissions.REFUSALS[refusal]) if refusal else None,
        reasons=position_reasons(consultation, reveal=permissions.can_see_identities(viewer)),
    )
