"""Reads of "you said, we did": what became of each contribution of a participant (My data),
the citation an author may contest, and the contests staff and the public see per theme.
Each is a fixed number of queries whatever the number of comments, themes and contests."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import F
from django.urls import reverse
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from accounts.privacy.sections import Section
from consult.discussion.models import Comment, CommentState
from consult.moderation.models import Action, ModerationDecision
from consult.moderation.reasons import rule_texts, rule_title
from consult.outcomes.models import CitationContest, Theme, ThemeResponse, theme_anchor

# What the My data page shows of each contribution, newest first.
FATES_SHOWN = 200


class FateKind:
    CITED = "cited"
    NOT_CITED = "not_cited"
    AWAITING_OUTCOME = "awaiting_outcome"
    HIDDEN = "hidden"
    HELD = "held"
    REMOVED = "removed"


FATE_LABELS = {
    FateKind.CITED: _("Cited in the published outcome"),
    FateKind.NOT_CITED: _("Not cited in the published outcome"),
    FateKind.AWAITING_OUTCOME: _("No outcome published yet"),
    FateKind.HIDDEN: _("Hidden by moderation"),
    FateKind.HELD: _("Waiting for review"),
    FateKind.REMOVED: _("Removed by you"),
}


@dataclass
class Citation:
    """One theme of a live summary citing one comment."""

    theme_id: int
    comment_id: int
    title: str
    response: str
    summary_url: str
    contested_at: datetime | None = None

    @property
    def contested(self) -> bool:
        return self.contested_at is not None

    @property
    def url(self) -> str:
        return f"{self.summary_url}#{theme_anchor(self.theme_id)}"

    @property
    def contest_url(self) -> str:
        return reverse("outcomes:contest", args=[self.theme_id, self.comment_id])


@dataclass
class Fate:
    comment_id: int
    excerpt: str
    consultation_title: str
    created_at: datetime
    kind: str
    citations: list[Citation] = field(default_factory=list)
    rule_title: str = ""

    @property
    def label(self) -> str:
        return str(FATE_LABELS[self.kind])


def _excerpt(comment: Comment) -> str:
    return Truncator(strip_tags(comment.body_html)).words(20)


def _citations(
    comment_ids: list[int], *, request=None, theme_id: int | None = None
) -> list[Citation]:
    """The themes of live summaries that cite these comments, each theme once per comment,
    worded by the summary in the active language where there is one: two queries (and the
    site's root paths, which Wagtail keeps on `request`)."""
    rows = ThemeResponse.objects.filter(
        page__live=True,
        theme__taggings__comment_id__in=comment_ids,
        theme__taggings__comment__state=CommentState.VISIBLE,
    )
    if theme_id is not None:
        rows = rows.filter(theme_id=theme_id)
    rows = rows.annotate(
        comment_id=F("theme__taggings__comment_id"), language=F("page__locale__language_code")
    ).select_related("page", "theme")
    language = get_language()
    chosen: dict[tuple[int, int], ThemeResponse] = {}
    for row in rows.order_by("page_id", "sort_order"):
        key = (row.theme_id, row.comment_id)
        if key not in chosen or row.language == language:
            chosen[key] = row
    contested = {
        (theme_id, comment_id): at
        for theme_id, comment_id, at in CitationContest.objects.filter(
            comment_id__in=comment_ids
        ).values_list("theme_id", "comment_id", "created_at")
    }
    return [
        Citation(
            theme_id=theme_id,
            comment_id=comment_id,
            title=row.title,
            response=row.response,
            summary_url=row.page.get_url(request) or "",
            contested_at=contested.get((theme_id, comment_id)),
        )
        for (theme_id, comment_id), row in chosen.items()
    ]


def contribution_fates(user, *, request=None, shown: int = FATES_SHOWN) -> list[Fate]:
    """What became of the participant's comments and replies, newest first: cited in a
    published outcome (which themes), not cited, awaiting an outcome, hidden (by which house
    rule), held, or removed by them. At most five queries."""
    comments = list(
        Comment.objects.filter(author=user)
        .select_related("consultation")
        .only(
            "pk",
            "body_html",
            "state",
            "created_at",
            "consultation__title",
            "consultation__outcome_published_at",
        )
        .order_by("-created_at", "-pk")[:shown]
    )
    if not comments:
        return []
    cited = defaultdict(list)
    for citation in _citations([c.pk for c in comments], request=request):
        cited[citation.comment_id].append(citation)
    rules = _hiding_rules([c.pk for c in comments if c.state == CommentState.HIDDEN])
    fates = []
    for comment in comments:
        fate = Fate(
            comment_id=comment.pk,
            excerpt=_excerpt(comment) if comment.state != CommentState.REMOVED_BY_AUTHOR else "",
            consultation_title=comment.consultation.title,
            created_at=comment.created_at,
            kind=_kind(comment, cited[comment.pk]),
            citations=sorted(cited[comment.pk], key=lambda c: c.title),
            rule_title=rules.get(comment.pk, ""),
        )
        fates.append(fate)
    return fates


def fates_section(request) -> Section:
    """The My data page's "What became of your contributions"."""
    return Section(
        template="outcomes/includes/contribution_fates.html",
        context={"fates": contribution_fates(request.user, request=request), "shown": FATES_SHOWN},
    )


def _kind(comment: Comment, citations: list[Citation]) -> str:
    match comment.state:
        case CommentState.HIDDEN:
            return FateKind.HIDDEN
        case CommentState.HELD:
            return FateKind.HELD
        case CommentState.REMOVED_BY_AUTHOR:
            return FateKind.REMOVED
    if citations:
        return FateKind.CITED
    if comment.consultation.outcome_published_at:
        return FateKind.NOT_CITED
    return FateKind.AWAITING_OUTCOME


def _hiding_rules(hidden_ids: list[int]) -> dict[int, str]:
    """The house rule each hidden comment was hidden under (its latest hiding), in the
    reader's language: two queries, none without hidden comments."""
    if not hidden_ids:
        return {}
    texts = rule_texts()
    decisions = (
        ModerationDecision.objects.filter(comment_id__in=hidden_ids, action=Action.HIDE)
        .order_by("created_at", "pk")
        .values_list("comment_id", "rule_code")
    )
    return {comment_id: rule_title(code, texts) for comment_id, code in decisions}


def citation_for(request, *, theme_id: int, comment_id: int) -> tuple[Theme, Comment, Citation]:
    """The citation the signed-in reader may contest: their own visible comment, cited by a
    theme of a live summary. Raises Theme.DoesNotExist for anything else, so nobody learns
    whose it is."""
    comment = Comment.objects.filter(
        pk=comment_id, author_id=request.user.pk, state=CommentState.VISIBLE
    ).first()
    citations = _citations([comment_id], request=request, theme_id=theme_id) if comment else []
    if not citations:
        raise Theme.DoesNotExist
    theme = Theme.objects.get(pk=theme_id)
    return theme, comment, citations[0]


def contests_by_theme(themes: list[Theme]) -> list[tuple[Theme, list[CitationContest]]]:
    """For staff: each theme that has contests, with them, oldest first: one query."""
    contests = defaultdict(list)
    for contest in CitationContest.objects.filter(theme__in=themes).select_related("comment"):
        contests[contest.theme_id].append(contest)
    return [(theme, contests[theme.pk]) for theme in themes if contests[theme.pk]]
