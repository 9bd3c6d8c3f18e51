"""Reads for opinion groups: the vote matrix the analysis needs, and what the page shows."""

import itertools
from dataclasses import dataclass, field
from datetime import datetime

import numpy as np
from django.utils.translation import gettext_lazy as _

from consult.consultations.models import ConsultationPage
from consult.discussion.models import Comment, CommentState, Reaction, ReactionValue
from consult.opinions.analysis import AGREE, DISAGREE, PASS, Votes
from consult.opinions.models import OpinionGroups

VALUES = {ReactionValue.AGREE: AGREE, ReactionValue.DISAGREE: DISAGREE, ReactionValue.PASS: PASS}
GROUP_NAMES = "ABCDE"
READ_CHUNK = 100_000
ROW = np.dtype([("participant", np.int64), ("comment", np.int64), ("value", "U10")])


def analysed_reactions(consultation: ConsultationPage):
    """Reactions that count: on visible comments whose authors allowed automated analysis
    (issue 7's per-contribution consent), by participants retention has not anonymised."""
    return Reaction.objects.filter(
        consultation=consultation,
        comment__state=CommentState.VISIBLE,
        comment__automated_analysis=True,
        user__isnull=False,
    )


def vote_matrix(consultation: ConsultationPage) -> tuple[Votes, int]:
    """The matrix as parallel arrays, and how many reactions the consultation has in all
    (what the next refresh is measured against). numpy takes the rows a chunk at a time
    and turns the values into numbers for the whole chunk at once: no Python loop and no
    Python object kept per reaction, of which there may be millions."""
    rows = (
        analysed_reactions(consultation)
        .values_list("user_id", "comment_id", "value")
        .iterator(chunk_size=READ_CHUNK)
    )
    participants, comments, values = [np.empty(0, np.int64)], [np.empty(0, np.int64)], []
    while chunk := list(itertools.islice(rows, READ_CHUNK)):
        read = np.fromiter(chunk, dtype=ROW, count=len(chunk))
        participants.append(read["participant"])
        comments.append(read["comment"])
        values.append(np.select([read["value"] == value for value in VALUES], [*VALUES.values()]))
    votes = Votes(
        participant=np.concatenate(participants),
        comment=np.concatenate(comments),
        value=np.concatenate([np.empty(0, np.int8), *values]).astype(np.int8),
    )
    return votes, reaction_total(consultation)


def reaction_total(consultation: ConsultationPage) -> int:
    return Reaction.objects.filter(consultation=consultation).count()


@dataclass
class GroupShare:
    name: str
    agree: int
    disagree: int
    passed: int

    @property
    def votes(self) -> int:
        return self.agree + self.disagree + self.passed

    @property
    def agree_percent(self) -> int:
        return round(100 * self.agree / self.votes) if self.votes else 0

    @property
    def disagree_percent(self) -> int:
        return round(100 * self.disagree / self.votes) if self.votes else 0


@dataclass
class RankedComment:
    comment: Comment
    shares: list[GroupShare]


@dataclass
class Group:
    name: str
    size: int
    percent: int
    representative: list[RankedComment] = field(default_factory=list)


@dataclass
class OpinionGroupsView:
    computed_at: datetime
    participants: int
    comments: int
    groups: list[Group]
    common_ground: list[RankedComment]
    # When no comment is common ground: the best supported, shown as below the bar.
    below_bar: list[RankedComment]
    divisive: list[RankedComment]


def group_name(index: int) -> str:
    return str(_("Group %(letter)s") % {"letter": GROUP_NAMES[index]})


def opinion_groups_view(consultation: ConsultationPage, *, limit: int = 5):
    """The stored result as the page shows it, or None before the first computation.
    Two queries: the result, and the comments it names that are still visible and still
    open to analysis (a comment hidden since is left out at once)."""
    stored = OpinionGroups.objects.filter(consultation=consultation).first()
    if stored is None:
        return None
    result = stored.result
    names = [group_name(index) for index in range(result["k"])]
    # Results stored before below_bar existed have none until their next computation.
    below_bar = result.get("below_bar", [])
    wanted = {
        *result["common_ground"][:limit],
        *below_bar[:limit],
        *result["divisive"][:limit],
        *(cid for group in result["groups"] for cid in group["representative"]),
    }
    comments = Comment.objects.filter(
        pk__in=wanted, state=CommentState.VISIBLE, automated_analysis=True
    ).in_bulk()
    stats = {row["id"]: row["groups"] for row in result["comment_stats"] if row["id"] in wanted}

    def ranked(ids: list[int]) -> list[RankedComment]:
        return [
            RankedComment(
                comment=comments[cid],
                shares=[
                    GroupShare(name, *counts)
                    for name, counts in zip(names, stats[cid], strict=True)
                ],
            )
            for cid in ids
            if cid in comments
        ][:limit]

    total = result["participants"] or 1
    groups = [
        Group(
            name=names[index],
            size=group["size"],
            percent=round(100 * group["size"] / total),
            representative=ranked(group["representative"]),
        )
        for index, group in enumerate(result["groups"])
    ]
    return OpinionGroupsView(
        computed_at=stored.computed_at,
        participants=result["participants"],
        comments=result["comments"],
        groups=groups,
        common_ground=ranked(result["common_ground"]),
        below_bar=ranked(below_bar),
        divisive=ranked(result["divisive"]),
    )
