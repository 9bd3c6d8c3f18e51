"""Opinion groups, in the manner of Pol.is, as plain numpy: no database, no Django.

1. The vote matrix: one row per participant, one column per comment, +1 agree, -1 disagree,
   0 pass. A cell nobody filled takes the comment's mean vote, so a participant is only
   compared on what they actually answered.
2. PCA (a randomised SVD of the centred matrix) keeps the two directions along which participants
   differ most. A participant who voted on few comments sits near the centre only because of
   the filling, so their position is scaled back out by sqrt(comments / their votes).
3. k-means (k-means++ seeding, a fixed seed, several starts) for k = 2..5; the k whose
   groups are best separated (highest mean silhouette) wins.
4. Per group and comment: agree, disagree and pass counts. "Common ground": every group
   agrees (its agree share reaches a threshold, on enough votes). "Divisive": at least one
   group agrees and at least one disagrees, by the same measure.
"""

from dataclasses import dataclass

import numpy as np

SEED = 20260
K_RANGE = range(2, 6)
STARTS = 4
ITERATIONS = 50
POWER_ITERATIONS = 4
# A participant is placed only once they have reacted to this many comments (or to all, if
# fewer), as Pol.is does; with fewer votes their place would be mostly filling.
MIN_PARTICIPANT_VOTES = 5
MIN_PARTICIPANTS = 6
MIN_COMMENTS = 2
# A group "agrees" with a comment when this share of its votes on it are agree, over at
# least MIN_GROUP_VOTES votes (pass counts as a vote: it was read and not endorsed).
AGREE_SHARE = 0.6
MIN_GROUP_VOTES = 3
# The silhouette is quadratic in participants: above this many it is measured on a fixed
# sample, which estimates it closely enough to choose k.
SILHOUETTE_SAMPLE = 2000
REPRESENTATIVE_PER_GROUP = 3

AGREE, DISAGREE, PASS = 1, -1, 0


@dataclass(frozen=True)
class Votes:
    """The reactions of one consultation as three parallel arrays (one entry per reaction)."""

    participant: np.ndarray  # any integer ids
    comment: np.ndarray  # any integer ids
    value: np.ndarray  # AGREE, DISAGREE or PASS


def _dense(votes: Votes):
    """(matrix with NaN where no vote, participant ids, comment ids)."""
    participants, rows = np.unique(votes.participant, return_inverse=True)
    comments, columns = np.unique(votes.comment, return_inverse=True)
    matrix = np.full((len(participants), len(comments)), np.nan)
    matrix[rows, columns] = votes.value
    return matrix, participants, comments


def project(matrix: np.ndarray) -> np.ndarray:
    """Each participant's place on the two main axes of disagreement."""
    seen = ~np.isnan(matrix)
    counts = seen.sum(axis=0)
    means = np.divide(np.nansum(matrix, axis=0), counts, out=np.zeros(matrix.shape[1]),
                      where=counts > 0)  # fmt: skip
    filled = np.where(seen, matrix, means)
    centred = filled - filled.mean(axis=0)
    points = _top_components(centred, 2)
    scale = np.sqrt(matrix.shape[1] / np.maximum(seen.sum(axis=1), 1))
    return points * scale[:, None]


def _top_components(matrix: np.ndarray, rank: int, *, seed: int = SEED) -> np.ndarray:
    """The rows of `matrix` projected on its `rank` principal axes (scaled by their singular
    values), by a randomised SVD with power iterations (Halko, Martinsson and Tropp): a few
    products with the matrix instead of a full SVD, which takes tens of seconds at
    2,000 x 1,000 on a small machine for the two axes we keep."""
    rows, columns = matrix.shape
    width = min(rank + 8, rows, columns)
    probe = np.random.default_rng(seed).standard_normal((columns, width))
    basis, _r = np.linalg.qr(matrix @ probe)
    for _ in range(POWER_ITERATIONS):
        basis, _r = np.linalg.qr(matrix.T @ basis)
        basis, _r = np.linalg.qr(matrix @ basis)
    u, s, _vt = np.linalg.svd(basis.T @ matrix, full_matrices=False)
    points = (basis @ u[:, :rank]) * s[:rank]
    if points.shape[1] < rank:
        points = np.pad(points, ((0, 0), (0, rank - points.shape[1])))
    return points


def _kmeans_once(points: np.ndarray, k: int, rng: np.random.Generator):
    n = len(points)
    centres = [points[rng.integers(n)]]
    for _ in range(1, k):
        distance = np.min(((points[:, None, :] - np.array(centres)[None]) ** 2).sum(-1), axis=1)
        total = distance.sum()
        if total == 0:
            centres.append(points[rng.integers(n)])
        else:
            centres.append(points[rng.choice(n, p=distance / total)])
    centres = np.array(centres)
    labels = np.zeros(n, dtype=int)
    for iteration in range(ITERATIONS):
        distances = ((points[:, None, :] - centres[None]) ** 2).sum(-1)
        new_labels = distances.argmin(axis=1)
        if iteration and np.array_equal(new_labels, labels):
            break
        labels = new_labels
        for group in range(k):
            members = points[labels == group]
            if len(members):
                centres[group] = members.mean(axis=0)
    inertia = float(((points - centres[labels]) ** 2).sum())
    return labels, inertia


def kmeans(points: np.ndarray, k: int, *, seed: int = SEED) -> np.ndarray:
    """Labels 0..k-1 from the best of STARTS k-means++ runs (the same for the same input)."""
    rng = np.random.default_rng(seed)
    best = min((_kmeans_once(points, k, rng) for _ in range(STARTS)), key=lambda run: run[1])
    return best[0]


def silhouette(points: np.ndarray, labels: np.ndarray, *, seed: int = SEED) -> float:
    """Mean silhouette: how much closer each participant is to their own group than to the
    nearest other one, from -1 (misplaced) to 1 (well apart)."""
    if len(points) > SILHOUETTE_SAMPLE:
        chosen = np.random.default_rng(seed).choice(len(points), SILHOUETTE_SAMPLE, replace=False)
        points, labels = points[chosen], labels[chosen]
    groups = np.unique(labels)
    if len(groups) < 2:
        return -1.0
    distances = np.sqrt(((points[:, None, :] - points[None]) ** 2).sum(-1))
    mean_to = np.empty((len(points), len(groups)))
    sizes = np.array([(labels == group).sum() for group in groups])
    for column, group in enumerate(groups):
        mean_to[:, column] = distances[:, labels == group].sum(axis=1)
    own = np.searchsorted(groups, labels)
    own_size = sizes[own]
    # The mean distance to the other members of one's own group (not counting oneself).
    a = mean_to[np.arange(len(points)), own] / np.maximum(own_size - 1, 1)
    mean_to = mean_to / sizes
    mean_to[np.arange(len(points)), own] = np.inf
    b = mean_to.min(axis=1)
    scores = np.where(own_size > 1, (b - a) / np.maximum(np.maximum(a, b), 1e-12), 0.0)
    return float(scores.mean())


def _group_order(labels: np.ndarray, k: int) -> np.ndarray:
    """Relabel so group 0 is the largest (ties by first member): stable names A, B, C."""
    sizes = np.bincount(labels, minlength=k)
    first = np.array([np.argmax(labels == group) for group in range(k)])
    order = sorted(range(k), key=lambda group: (-sizes[group], first[group]))
    mapping = np.empty(k, dtype=int)
    mapping[order] = np.arange(k)
    return mapping[labels]


def analyse(votes: Votes) -> dict:
    """The opinion groups of a consultation, as a JSON-ready dict (no participant ids)."""
    matrix, _participants, comments = _dense(votes)
    if len(comments) >= MIN_COMMENTS:
        enough = (~np.isnan(matrix)).sum(axis=1) >= min(MIN_PARTICIPANT_VOTES, len(comments))
        matrix = matrix[enough]
    result = {
        "participants": int(matrix.shape[0]) if len(comments) >= MIN_COMMENTS else 0,
        "comments": len(comments),
        "k": 0,
        "silhouette": None,
        "groups": [],
        "comment_stats": [],
        "common_ground": [],
        "divisive": [],
    }
    if len(comments) < MIN_COMMENTS or matrix.shape[0] < MIN_PARTICIPANTS:
        return result
    points = project(matrix)
    candidates = []
    for k in K_RANGE:
        if k >= len(points):
            break
        labels = kmeans(points, k)
        candidates.append((silhouette(points, labels), k, labels))
    score, k, labels = max(candidates, key=lambda candidate: (candidate[0], -candidate[1]))
    labels = _group_order(labels, k)
    result.update(k=k, silhouette=round(score, 4))
    return {**result, **_comment_tallies(matrix, labels, k, comments)}


def _comment_tallies(matrix, labels, k, comments) -> dict:
    one_hot = np.eye(k)[labels]  # participants x groups
    agree = one_hot.T @ (matrix == AGREE)  # groups x comments
    disagree = one_hot.T @ (matrix == DISAGREE)
    passed = one_hot.T @ (matrix == PASS)
    votes = agree + disagree + passed
    enough = votes >= MIN_GROUP_VOTES
    agree_share = np.divide(agree, votes, out=np.zeros_like(agree), where=votes > 0)
    disagree_share = np.divide(disagree, votes, out=np.zeros_like(agree), where=votes > 0)
    agrees = enough & (agree_share >= AGREE_SHARE)
    disagrees = enough & (disagree_share >= AGREE_SHARE)
    # Pol.is's group-aware consensus: the chance that every group agrees, each estimated
    # with a +1/+2 prior so a comment few people saw cannot top the list.
    consensus = np.prod((agree + 1) / (votes + 2), axis=0)
    spread = agree_share.max(axis=0) - agree_share.min(axis=0)
    common = np.flatnonzero(agrees.all(axis=0))
    divisive = np.flatnonzero(agrees.any(axis=0) & disagrees.any(axis=0))
    # A group's representative comments: those it agrees with much more than the others do.
    rest_agree = agree.sum(axis=0) - agree
    rest_votes = votes.sum(axis=0) - votes
    lift = ((agree + 1) / (votes + 2)) / ((rest_agree + 1) / (rest_votes + 2))
    groups = []
    for group in range(k):
        candidates = np.flatnonzero(agrees[group])
        best = candidates[np.argsort(-lift[group, candidates], kind="stable")]
        groups.append(
            {
                "size": int((labels == group).sum()),
                "representative": [int(comments[c]) for c in best[:REPRESENTATIVE_PER_GROUP]],
            }
        )
    stats = [
        {
            "id": int(comment_id),
            "consensus": round(float(consensus[c]), 6),
            "groups": [
                [int(agree[g, c]), int(disagree[g, c]), int(passed[g, c])] for g in range(k)
            ],
        }
        for c, comment_id in enumerate(comments)
    ]
    return {
        "groups": groups,
        "comment_stats": stats,
        "common_ground": [
            int(comments[c]) for c in common[np.argsort(-consensus[common], kind="stable")]
        ],
        "divisive": [
            int(comments[c]) for c in divisive[np.argsort(-spread[divisive], kind="stable")]
        ],
    }
