"""Reads of the fundamental rights impact assessment for the public: the live version in the
reader's language, and what each listed item cites, resolved to what the public may see.

A citation never shows more than the discussion shows: a visible comment's words and link; a
held, hidden or removed comment only its state (a hidden one's permalink is the public
tombstone, so it keeps its link); nothing at all of a consultation the public cannot read. A
page costs the same queries whatever the number of items and citations.
"""

from dataclasses import dataclass, field, replace

from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale

from accounts.models import StakeholderGroup
from consult.accountability.models import FundamentalRightsAssessment
from consult.consultations.access import readable_consultations
from consult.consultations.models import AISystem, ConsultationPage
from consult.consultations.models.ai_system import Right
from consult.consultations.queries import in_locale_with_fallback
from consult.discussion.models import Comment, CommentState, Position, Stance
from consult.outcomes.models import CommentTheme, Theme
from consult.outcomes.queries import published_summary_of

EXCERPT_WORDS = 30
# What a cited comment shows instead of its words when the public may not read them.
UNREAD_STATES = {
    CommentState.HIDDEN: _("A contribution hidden by moderation."),
    CommentState.HELD: _("A contribution waiting for moderation."),
    CommentState.REMOVED_BY_AUTHOR: _("A contribution removed by its author."),
}
GONE = _("A contribution that no longer exists.")


def assessment_for_register(
    *, system: AISystem, locale: Locale | str
) -> FundamentalRightsAssessment | None:
    """The live assessment of `system` (any language version of it) in `locale`, else in the
    default language."""
    live = FundamentalRightsAssessment.objects.filter(
        live=True, ai_system__translation_key=system.translation_key
    )
    found = in_locale_with_fallback(live, locale=locale).select_related(
        "locale", "ai_system", "consultation"
    )
    code = locale.language_code if isinstance(locale, Locale) else locale
    # Two unrelated assessments (not translations of each other) can both match: the one
    # written in the reader's language first.
    return min(found, key=lambda a: (a.locale.language_code != code, a.pk), default=None)


@dataclass(frozen=True)
class CitedComment:
    number: int
    url: str | None = None
    excerpt: str | None = None
    # Set when the public may not read the words: why not.
    withheld: str | None = None
    group: str = ""
    language: str = ""


@dataclass(frozen=True)
class CitedPosition:
    number: int
    stance: str
    excerpt: str
    group: str
    url: str


@dataclass(frozen=True)
class CitedTheme:
    number: int
    name: str
    # The theme's answer in the published summary, if one answers it.
    url: str | None
    comments: list[CitedComment] = field(default_factory=list)


@dataclass(frozen=True)
class Item:
    name: str
    description: str
    right: str = ""
    comments: list[CitedComment] = field(default_factory=list)
    positions: list[CitedPosition] = field(default_factory=list)
    themes: list[CitedTheme] = field(default_factory=list)

    @property
    def cites(self) -> bool:
        return bool(self.comments or self.positions or self.themes)


@dataclass(frozen=True)
class AssessmentView:
    assessment: FundamentalRightsAssessment
    consultation: ConsultationPage | None
    groups: list[Item]
    risks: list[Item]


def _excerpt(html: str) -> str:
    return Truncator(strip_tags(html)).words(EXCERPT_WORDS)


def _group(code: str) -> str:
    return str(dict(StakeholderGroup.choices).get(code, ""))


def _comment(comment: Comment) -> CitedComment:
    url = reverse("discussion_comment", args=[comment.pk])
    if comment.state == CommentState.VISIBLE:
        return CitedComment(
            comment.pk,
            url,
            _excerpt(comment.body_html),
            group=_group(comment.author_stakeholder_group),
        )
    # A hidden comment's permalink is its public tombstone; held or removed ones have none.
    return CitedComment(
        comment.pk,
        url if comment.state == CommentState.HIDDEN else None,
        withheld=str(UNREAD_STATES[comment.state]),
    )


class _Resolver:
    """Every cited comment, position and theme of one assessment, each kind in one query."""

    def __init__(self, consultation: ConsultationPage, cited: dict[str, set[int]], request):
        comments = Comment.objects.filter(consultation=consultation, pk__in=cited["comments"])
        self.comments = {c.pk: _comment(c) for c in comments}
        consultation_url = consultation.get_url(request)
        self.positions = {
            p.pk: CitedPosition(
                p.pk,
                str(Stance(p.stance).label),
                Truncator(p.reason).words(EXCERPT_WORDS),
                _group(p.author_stakeholder_group),
                f"{consultation_url}#position",
            )
            for p in Position.objects.filter(consultation=consultation, pk__in=cited["positions"])
        }
        themes = list(Theme.objects.filter(consultation=consultation, pk__in=cited["themes"]))
        self.themes = self._themes(consultation, themes, request)

    def _themes(self, consultation, themes: list[Theme], request) -> dict[int, CitedTheme]:
        if not themes:
            return {}
        tagged: dict[int, list[CitedComment]] = {theme.pk: [] for theme in themes}
        taggings = (
            CommentTheme.objects.filter(theme__in=themes, comment__state=CommentState.VISIBLE)
            .select_related("comment")
            .order_by("comment__created_at", "comment_id")
        )
        for tagging in taggings:
            tagged[tagging.theme_id].append(_comment(tagging.comment))
        anchors: dict[int, str] = {}
        summary = published_summary_of(consultation)
        if summary is not None:
            summary_url = summary.get_url(request)
            order = summary.theme_responses.order_by("sort_order").values_list(
                "theme_id", flat=True
            )
            # The summary page numbers its themes in this order (#theme-1, #theme-2...).
            for position, theme_id in enumerate(order, start=1):
                anchors.setdefault(theme_id, f"{summary_url}#theme-{position}")
        return {
            theme.pk: CitedTheme(theme.pk, theme.name, anchors.get(theme.pk), tagged[theme.pk])
            for theme in themes
        }

    def item(self, value) -> Item:
        return replace(
            _uncited(value),
            comments=[
                self.comments.get(n, CitedComment(n, withheld=str(GONE))) for n in value["comments"]
            ],
            positions=[self.positions[n] for n in value["positions"] if n in self.positions],
            themes=[self.themes[n] for n in value["themes"] if n in self.themes],
        )


def _uncited(value) -> Item:
    right = dict(Right.choices).get(value.get("right") or "", "")
    return Item(value["name"], value["description"], str(right))


def public_consultation(assessment: FundamentalRightsAssessment) -> ConsultationPage | None:
    """The consultation the assessment cites, if the public may read it."""
    if assessment.consultation_id is None:
        return None
    return readable_consultations().filter(pk=assessment.consultation_id).first()


def consultation_in(consultation: ConsultationPage, locale: Locale) -> ConsultationPage:
    """The public version of `consultation` in `locale`, else `consultation` itself."""
    translated = readable_consultations().filter(
        translation_key=consultation.translation_key, locale=locale
    )
    return translated.first() or consultation


def assessment_view(
    assessment: FundamentalRightsAssessment, request: HttpRequest
) -> AssessmentView:
    """The assessment with its citations resolved, for the public page."""
    consultation = public_consultation(assessment)
    if consultation is None:
        # Nothing of a consultation the public cannot read, not even that it was cited.
        convert = _uncited
    else:
        cited = assessment.cited_ids()
        convert = _Resolver(consultation, cited, request).item if any(cited.values()) else _uncited
    return AssessmentView(
        assessment=assessment,
        consultation=consultation,
        groups=[convert(child.value) for child in assessment.affected_groups],
        risks=[convert(child.value) for child in assessment.risks],
    )
