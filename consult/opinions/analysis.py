"""Opinion groups, in the manner of Pol.is, as plain numpy: no database, no Django.

`analyse(votes)` takes the vote matrix and returns an `Analysis`: each participant's group,
what each group stands for, common ground, divisive statements and every statement's scores.
`Analysis.summary()` is what the site stores and shows (it names no participant).

1. The matrix: one row per participant, one column per statement, +1 agree, -1 disagree,
   0 pass. A participant is placed once they have voted on min(7, statements), as Pol.is
   does; with fewer votes their place would be mostly filling.
2. PCA. A cell nobody filled takes the statement's mean vote, so after centring it is 0
   and a participant is only compared on what they answered. The two main axes of that
   matrix are the leading eigenvectors of its covariance (statements x statements, summed
   over blocks of participants), found by subspace iteration run to convergence, so they
   do not depend on a random probe's rows following the statements' order. A participant
   who voted on few statements is scaled back out by sqrt(statements / their votes). Each
   axis points where the longer tail of participants lies: the same map, never its mirror.
3. k-means for k = 2..5 on that map. The points are sorted by their coordinates first, so
   the seeding sees them in the same order whatever order the participants came in; each
   k starts from a PCA-Part split (Su and Dy) and from the best of RESTARTS k-means++
   seeds, and keeps the lowest within-group sum of squares. A larger k replaces a smaller
   one only if its mean silhouette is higher by K_MARGIN.
4. Per group and statement: agree, disagree and pass counts, read as smoothed rates
   ((count + 1) / (votes + 2)), so a few unanimous votes do not outrank many votes
   nearly as one-sided.
   "Common ground": every group agrees (its agree rate, passes counting as not agreeing,
   reaches AGREE_SHARE), ranked by the chance that all agree (Pol.is's group-informed
   consensus). "Divisive": among those who took a side, one group agrees and another
   disagrees, ranked by the gap between them. A group needs MIN_GROUP_VOTES votes on a
   statement before the statement can rank on its account.
"""

from dataclasses import dataclass

import numpy as np

SEED = 20260
K_RANGE = range(2, 6)
# A larger k must beat the k kept so far by this much mean silhouette. The silhouette is
# measured on a sample of SILHOUETTE_SAMPLE participants, and the sample alone moves it:
# on overlapping clouds of 8,000 participants (two, three and four planted groups), the
# difference between two neighbouring k's silhouettes had a standard deviation of 0.005 to
# 0.008 over 30 samples, and ranged over up to 0.03. 0.02 is about three of those standard
# deviations, so a k is not chosen on the luck of a sample, and it stays below the gains a
# real extra group brought there (0.03 to 0.06 over the next smaller k). Issue 19's
# comparison with real deliberations found the same value fitted one of them.
K_MARGIN = 0.02
# k-means++ seeds per k, beside the PCA-Part one; with the points in a canonical order the
# result no longer depends on the input's order, and more starts find the best grouping
# more often (issue 19: 4 left 8 of 17 real deliberations short of their best).
RESTARTS = 32
# Above this many participants the restarts run on a sample of them, and only the REFINED
# best are carried on to everyone: k-means on 50,000 points 132 times took 15 s.
KMEANS_SAMPLE = 5000
REFINED = 4
ITERATIONS = 100
# The main axes: a block of this many vectors iterated until the two leading ones move by
# less than this (relative to the leading eigenvalue), or for at most this many products.
AXES_BLOCK = 12
AXES_TOLERANCE = 1e-12
AXES_ITERATIONS = 1000
# Pol.is places a participant once they have voted on 7 statements, or on all of them when
# there are fewer.
MIN_PARTICIPANT_VOTES = 7
MIN_PARTICIPANTS = 6
MIN_COMMENTS = 2
# A group agrees with a statement when its smoothed agree rate reaches this, and disagrees
# when its smoothed disagree rate among those who took a side does.
AGREE_SHARE = 0.6
# Votes a group needs on a statement before the statement can rank on its account.
MIN_GROUP_VOTES = 5
# The silhouette is quadratic in participants: above this many it is measured on a fixed
# sample (drawn from the canonically ordered points), which estimates it closely enough.
SILHOUETTE_SAMPLE = 2000
REPRESENTATIVE_PER_GROUP = 3
# When no statement reaches common ground, this many of the best supported are kept.
BELOW_BAR = 5
# Rows of the matrix made dense at a time: bounded memory at any number of participants.
CHUNK = 4096

AGREE, DISAGREE, PASS = 1, -1, 0


@dataclass(frozen=True)
class Votes:
    """The votes of one consultation as three parallel arrays (one entry per vote)."""

    participant: np.ndarray  # any integer ids
    comment: np.ndarray  # any integer ids
    value: np.ndarray  # AGREE, DISAGREE or PASS


@dataclass(frozen=True)
class Analysis:
    participants: np.ndarray  # every participant id in the votes, ascending
    group: np.ndarray  # each participant's group, 0..k-1, or -1 when not placed
    comments: np.ndarray  # every statement id in the votes, ascending
    k: int
    silhouettes: dict[int, float]  # the mean silhouette of each k tried
    agree: np.ndarray  # groups x statements counts
    disagree: np.ndarray
    passed: np.ndarray
    consensus: np.ndarray  # per statement: the chance every group agrees
    divisiveness: np.ndarray  # per statement: the widest gap between groups, or 0
    representative: list[list[int]]  # per group: statement ids it stands for, best first
    common_ground: list[int]  # statement ids, most widely shared first
    below_bar: list[int]  # when common ground is empty: the best supported statements
    divisive: list[int]  # statement ids, widest gap first

    @property
    def placed(self) -> int:
        return int((self.group >= 0).sum())

    def summary(self) -> dict:
        """The JSON-ready result the site stores: sizes, counts and statement ids only."""
        k = self.k
        return {
            "participants": self.placed,
            "comments": len(self.comments),
            "k": k,
            "silhouette": round(self.silhouettes[k], 4) if k else None,
            "groups": [
                {"size": int((self.group == g).sum()), "representative": self.representative[g]}
                for g in range(k)
            ],
            "comment_stats": [
                {
                    "id": int(comment_id),
                    "consensus": round(float(self.consensus[c]), 6),
                    "divisiveness": round(float(self.divisiveness[c]), 6),
                    "groups": [
                        [int(self.agree[g, c]), int(self.disagree[g, c]), int(self.passed[g, c])]
                        for g in range(k)
                    ],
                }
                for c, comment_id in enumerate(self.comments)
            ]
            if k
            else [],
            "common_ground": self.common_ground,
            "below_bar": self.below_bar,
            "divisive": self.divisive,
        }


def analyse(votes: Votes) -> Analysis:
    """The opinion groups of one set of votes; the same whatever their order, or the order
    of the participants' and statements' ids."""
    participants, rows = np.unique(np.asarray(votes.participant), return_inverse=True)
    comments, columns = np.unique(np.asarray(votes.comment), return_inverse=True)
    values = np.asarray(votes.value, dtype=float)
    counts = np.bincount(rows, minlength=len(participants))
    group = np.full(len(participants), -1)
    placed = counts >= min(MIN_PARTICIPANT_VOTES, len(comments))
    empty = np.zeros((0, len(comments)))
    nothing = Analysis(
        participants=participants,
        group=group,
        comments=comments,
        k=0,
        silhouettes={},
        agree=empty,
        disagree=empty,
        passed=empty,
        consensus=np.zeros(len(comments)),
        divisiveness=np.zeros(len(comments)),
        representative=[],
        common_ground=[],
        below_bar=[],
        divisive=[],
    )
    if len(comments) < MIN_COMMENTS or placed.sum() < MIN_PARTICIPANTS:
        return nothing
    # Renumber the placed participants 0..n-1, in ascending id order.
    kept = placed[rows]
    renumber = np.cumsum(placed) - 1
    matrix = _Matrix(renumber[rows[kept]], columns[kept], values[kept], len(comments))
    points = _project(matrix)
    silhouettes, k, labels = _choose_k(points)
    group[placed] = labels
    return Analysis(
        participants=participants,
        group=group,
        comments=comments,
        k=k,
        silhouettes=silhouettes,
        **_statements(matrix, labels, k, comments),
    )


class _Matrix:
    """The placed participants' votes, centred, made dense CHUNK rows at a time."""

    def __init__(self, rows, columns, values, width: int):
        order = np.argsort(rows, kind="stable")
        self.rows, self.columns, self.values = rows[order], columns[order], values[order]
        self.height = int(rows.max()) + 1
        self.width = width
        self.votes = np.bincount(self.rows, minlength=self.height)
        voters = np.bincount(self.columns, minlength=width)
        sums = np.bincount(self.columns, weights=self.values, minlength=width)
        self.means = np.divide(sums, voters, out=np.zeros(width), where=voters > 0)

    def centred(self):
        """(first row, block): each vote minus its statement's mean vote, 0 where no vote:
        the mean-filled matrix, centred, since the filled cells sit exactly at the mean."""
        centred = self.values - self.means[self.columns]
        for start in range(0, self.height, CHUNK):
            stop = min(start + CHUNK, self.height)
            begin, end = np.searchsorted(self.rows, [start, stop])
            block = np.zeros((stop - start, self.width))
            block[self.rows[begin:end] - start, self.columns[begin:end]] = centred[begin:end]
            yield start, block

    def counts(self, value: int, labels: np.ndarray, k: int) -> np.ndarray:
        """Groups x statements: how many of each group voted `value` on each statement."""
        chosen = self.values == value
        cells = labels[self.rows[chosen]] * self.width + self.columns[chosen]
        return np.bincount(cells, minlength=k * self.width).reshape(k, self.width)


def _project(matrix: _Matrix) -> np.ndarray:
    """Each placed participant's place on the two main axes of disagreement."""
    covariance = np.zeros((matrix.width, matrix.width))
    for _start, block in matrix.centred():
        covariance += block.T @ block
    axes = _main_axes(covariance)
    points = np.empty((matrix.height, 2))
    for start, block in matrix.centred():
        points[start : start + len(block)] = block @ axes
    points *= np.sqrt(matrix.width / matrix.votes)[:, None]
    # An eigenvector's sign is arbitrary: take the one that puts the longer tail of
    # participants on the positive side, so the same votes always give the same map.
    skew = (points**3).sum(axis=0)
    return points * np.where(skew < 0, -1.0, 1.0)


def _main_axes(covariance: np.ndarray) -> np.ndarray:
    """The two leading eigenvectors of `covariance` (statements x 2), by subspace iteration
    with Rayleigh-Ritz until they no longer move: a full eigendecomposition costs the cube
    of the statements (seconds at 1,000 on a busy machine), this a few products each time.
    Its random start follows the statements' order, but only until convergence: the axes
    found are those of the covariance, to within AXES_TOLERANCE."""
    width = len(covariance)
    probe = np.random.default_rng(SEED).standard_normal((width, min(width, AXES_BLOCK)))
    basis, _r = np.linalg.qr(covariance @ probe)
    for _ in range(AXES_ITERATIONS):
        product = covariance @ basis
        values, vectors = np.linalg.eigh(basis.T @ product)
        values, vectors = values[::-1], vectors[:, ::-1]
        ritz = basis @ vectors
        residual = np.linalg.norm(product @ vectors[:, :2] - ritz[:, :2] * values[:2], axis=0)
        if (residual <= AXES_TOLERANCE * max(values[0], 1e-300)).all():
            break
        basis, _r = np.linalg.qr(product @ vectors)
    return ritz[:, :2]


def _choose_k(points: np.ndarray) -> tuple[dict[int, float], int, np.ndarray]:
    """Each k's silhouette, the k chosen and its labels (0 the largest group)."""
    # A canonical order: by coordinates, which do not depend on the order of the input.
    order = np.lexsort((points[:, 1], points[:, 0]))
    ordered = points[order]
    sample = np.arange(len(ordered))
    if len(ordered) > SILHOUETTE_SAMPLE:
        sample = np.sort(
            np.random.default_rng(SEED).choice(len(ordered), SILHOUETTE_SAMPLE, replace=False)
        )
    distances = np.sqrt(((ordered[sample, None, :] - ordered[None, sample, :]) ** 2).sum(-1))
    silhouettes, chosen = {}, None
    # More groups than distinct points would split people who voted alike.
    distinct = len(np.unique(ordered, axis=0))
    for k in K_RANGE:
        if k >= len(ordered) or (k > K_RANGE[0] and k > distinct):
            break
        labels, centres = kmeans(ordered, k, seed=SEED + k)
        silhouettes[k] = silhouette(distances, labels[sample])
        if chosen is None or silhouettes[k] > silhouettes[chosen[0]] + K_MARGIN:
            chosen = (k, labels, centres)
    k, labels, centres = chosen
    labels = _group_order(labels, centres, k)
    result = np.empty_like(labels)
    result[order] = labels
    return silhouettes, k, result


def kmeans(points: np.ndarray, k: int, *, seed: int = SEED) -> tuple[np.ndarray, np.ndarray]:
    """(labels, centres) of the lowest within-group sum of squares found from a PCA-Part
    seed and the REFINED best of RESTARTS k-means++ runs, these on a sample of at most
    KMEANS_SAMPLE points. The same for points in the same order."""
    rng = np.random.default_rng(seed)
    sample = points
    if len(points) > KMEANS_SAMPLE:
        sample = points[np.sort(rng.choice(len(points), KMEANS_SAMPLE, replace=False))]
    runs = [_lloyd(sample, _plusplus(sample, k, rng)) for _ in range(RESTARTS)]
    runs.sort(key=lambda run: run[2])
    best = None
    for start in [_pca_part(points, k)] + [
        centres for _labels, centres, _inertia in runs[:REFINED]
    ]:
        labels, centres, inertia = _lloyd(points, start)
        # Equal objectives (within rounding) keep the first found: the order of the seeds
        # is fixed, so this too is independent of the input's order.
        if best is None or inertia < best[2] * (1 - 1e-9):
            best = (labels, centres, inertia)
    return best[0], best[1]


def _pca_part(points: np.ndarray, k: int) -> np.ndarray:
    """Su and Dy's deterministic seeding: split the group with the largest sum of squares in
    two along its main axis, through its mean, until there are k; their means."""
    groups = [points]
    while len(groups) < k:
        worst = max(range(len(groups)), key=lambda g: ((groups[g] - groups[g].mean(0)) ** 2).sum())
        members = groups.pop(worst)
        centred = members - members.mean(axis=0)
        _u, _s, vt = np.linalg.svd(centred, full_matrices=False)
        side = centred @ vt[0] > 0
        if side.all() or not side.any():  # identical points: nothing to split
            side = np.arange(len(members)) < len(members) // 2
        groups += [members[side], members[~side]]
    return np.array([group.mean(axis=0) for group in groups])


def _plusplus(points: np.ndarray, k: int, rng: np.random.Generator) -> np.ndarray:
    n = len(points)
    centres = [points[rng.integers(n)]]
    nearest = ((points - centres[0]) ** 2).sum(axis=1)
    for _ in range(1, k):
        total = nearest.sum()
        chosen = rng.integers(n) if total == 0 else rng.choice(n, p=nearest / total)
        centres.append(points[chosen])
        nearest = np.minimum(nearest, ((points - points[chosen]) ** 2).sum(axis=1))
    return np.array(centres)


def _lloyd(points: np.ndarray, centres: np.ndarray):
    centres = centres.copy()
    k = len(centres)
    labels = None
    for _ in range(ITERATIONS):
        # The nearest centre by |c|^2 - 2 p.c: |p|^2 is the same for every centre.
        new_labels = ((centres**2).sum(axis=1) - 2 * points @ centres.T).argmin(axis=1)
        if labels is not None and np.array_equal(new_labels, labels):
            break
        labels = new_labels
        sizes = np.bincount(labels, minlength=k)
        for group in np.flatnonzero(sizes == 0):
            # An emptied group restarts at the point farthest from its centre.
            far = ((points - centres[labels]) ** 2).sum(axis=1).argmax()
            labels[far] = group
            sizes = np.bincount(labels, minlength=k)
        # A group can still be empty (every point it could take was another's only one, as
        # when there are fewer distinct points than groups): it keeps its centre, not 0 / 0.
        filled = sizes > 0
        for axis in range(points.shape[1]):
            sums = np.bincount(labels, weights=points[:, axis], minlength=k)
            centres[filled, axis] = sums[filled] / sizes[filled]
    inertia = float(((points - centres[labels]) ** 2).sum())
    return labels, centres, inertia


def silhouette(distances: np.ndarray, labels: np.ndarray) -> float:
    """Mean silhouette, from the distances between the sampled points: how much closer each
    is to their own group than to the nearest other one, from -1 (misplaced) to 1."""
    groups = np.unique(labels)
    if len(groups) < 2:
        return -1.0
    one_hot = (labels[:, None] == groups[None, :]).astype(float)
    sizes = one_hot.sum(axis=0)
    mean_to = distances @ one_hot
    own = np.searchsorted(groups, labels)
    own_size = sizes[own]
    everyone = np.arange(len(labels))
    # The mean distance to the other members of one's own group (not counting oneself).
    a = mean_to[everyone, own] / np.maximum(own_size - 1, 1)
    mean_to = mean_to / sizes
    mean_to[everyone, own] = np.inf
    b = mean_to.min(axis=1)
    scores = np.where(own_size > 1, (b - a) / np.maximum(np.maximum(a, b), 1e-12), 0.0)
    return float(scores.mean())


def _group_order(labels: np.ndarray, centres: np.ndarray, k: int) -> np.ndarray:
    """Relabel so group 0 is the largest (ties by the centres' coordinates): stable names
    A, B, C."""
    sizes = np.bincount(labels, minlength=k)
    order = sorted(range(k), key=lambda g: (-sizes[g], *centres[g]))
    mapping = np.empty(k, dtype=int)
    mapping[order] = np.arange(k)
    return mapping[labels]


def _statements(matrix: _Matrix, labels: np.ndarray, k: int, comments: np.ndarray) -> dict:
    agree = matrix.counts(AGREE, labels, k)  # groups x statements
    disagree = matrix.counts(DISAGREE, labels, k)
    passed = matrix.counts(PASS, labels, k)
    votes = agree + disagree + passed
    sided = agree + disagree
    # Smoothed rates: passes count as not agreeing (read and not endorsed), but not as
    # disagreeing: a group's side is measured among those who took one.
    agree_rate = (agree + 1) / (votes + 2)
    side_rate = (agree + 1) / (sided + 2)
    heard = votes >= MIN_GROUP_VOTES
    took_sides = sided >= MIN_GROUP_VOTES
    agrees = heard & (agree_rate >= AGREE_SHARE)
    # Pol.is's group-informed consensus: the chance that every group agrees.
    consensus = np.prod(agree_rate, axis=0)
    # The widest gap between two groups' sides, among groups that took one.
    high = np.where(took_sides, side_rate, -np.inf).max(axis=0)
    low = np.where(took_sides, side_rate, np.inf).min(axis=0)
    divides = (high >= AGREE_SHARE) & (1 - low >= AGREE_SHARE)
    divisiveness = np.where(divides, high - low, 0.0)
    everyone_heard = heard.all(axis=0)
    common = np.flatnonzero(agrees.all(axis=0))
    below = np.flatnonzero(everyone_heard & ~agrees.all(axis=0))
    # A group's representative statements: those it agrees with much more than the others.
    rest_agree = agree.sum(axis=0) - agree
    rest_votes = votes.sum(axis=0) - votes
    lift = agree_rate / ((rest_agree + 1) / (rest_votes + 2))

    def ranked(ids: np.ndarray, score: np.ndarray) -> list[int]:
        # Best first; ties by statement id.
        return [int(comments[c]) for c in ids[np.argsort(-score[ids], kind="stable")]]

    return {
        "agree": agree,
        "disagree": disagree,
        "passed": passed,
        "consensus": consensus,
        "divisiveness": divisiveness,
        "representative": [
            ranked(np.flatnonzero(agrees[g]), lift[g])[:REPRESENTATIVE_PER_GROUP] for g in range(k)
        ],
        "common_ground": ranked(common, consensus),
        "below_bar": [] if len(common) else ranked(below, consensus)[:BELOW_BAR],
        "divisive": ranked(np.flatnonzero(divides), divisiveness),
    }
