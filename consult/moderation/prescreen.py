"""The automated pre-screen: checks that may hold a new comment for a person to review.

It never hides or removes anything (the database refuses an automated decision other than a
hold). Editors configure it in the Wagtail admin (PrescreenSettings); each hold names the
check that fired and the settings' version. The checks, in the order they are asked:

- campaign: near-identical text (a dozen words or more) from several accounts in one
  consultation. Each comment's word shingles get a MinHash signature, split into bands; a
  band's hash is stored in an indexed table, so the comments a new one is compared with
  are found by an index look-up of its bands, never by reading the consultation's
  comments. The matches and the new comment are grouped as one Campaign, and the ones
  still shown are held once.
- terms: a word or phrase of a language's term list.
- new_account_links: a link from an account younger than the configured number of days.
- burst: more than N comments in M minutes by one account.
"""

import hashlib
import re
import struct
import unicodedata
from datetime import timedelta
from functools import lru_cache

from django.utils import timezone

from consult.discussion.models import Comment, CommentState
from consult.moderation.models import (
    Campaign,
    CommentBand,
    CommentFingerprint,
    PrescreenSettings,
    RuleCode,
)
from consult.moderation.services.campaigns import campaign_attach, comment_hold_automated
from consult.moderation.services.decisions import Screening

SHINGLE_WORDS = 3
# Short messages ("I agree", "+1") from many people are agreement, not a campaign.
CAMPAIGN_MIN_WORDS = 12
PERMUTATIONS = 64
BANDS = 16  # of 4 rows: comments about half alike or more share a band, most likely
ROWS = PERMUTATIONS // BANDS
_PRIME = (1 << 61) - 1
# Fixed coefficients, so signatures stored yesterday compare with today's.
_COEFFICIENTS = [
    (
        int.from_bytes(hashlib.blake2b(f"a{i}".encode(), digest_size=8).digest()) % _PRIME or 1,
        int.from_bytes(hashlib.blake2b(f"b{i}".encode(), digest_size=8).digest()) % _PRIME,
    )
    for i in range(PERMUTATIONS)
]
_WORD = re.compile(r"\w+", re.UNICODE)
_LINK = re.compile(r"https?://|www\.|\]\(", re.IGNORECASE)


def _words(text: str) -> list[str]:
    folded = unicodedata.normalize("NFKD", text.casefold())
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return _WORD.findall(folded)


def shingles(text: str) -> set[str]:
    words = _words(text)
    if len(words) < SHINGLE_WORDS:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + SHINGLE_WORDS]) for i in range(len(words) - SHINGLE_WORDS + 1)}


def signature(text: str) -> list[int]:
    """The MinHash signature of the text's word shingles."""
    hashes = [
        int.from_bytes(hashlib.blake2b(s.encode(), digest_size=8).digest()) for s in shingles(text)
    ] or [0]
    return [min((a * h + b) % _PRIME for h in hashes) for a, b in _COEFFICIENTS]


def similarity(one: list[int], other: list[int]) -> float:
    """The estimated Jaccard similarity of two texts' shingles."""
    return sum(x == y for x, y in zip(one, other, strict=True)) / PERMUTATIONS


def band_keys(sig: list[int]) -> list[int]:
    keys = []
    for band in range(BANDS):
        rows = sig[band * ROWS : (band + 1) * ROWS]
        digest = hashlib.blake2b(struct.pack(f">H{ROWS}Q", band, *rows), digest_size=8)
        keys.append(int.from_bytes(digest.digest(), signed=True))
    return keys


def _pack(sig: list[int]) -> bytes:
    return struct.pack(f">{PERMUTATIONS}Q", *sig)


def _unpack(data) -> list[int]:
    return list(struct.unpack(f">{PERMUTATIONS}Q", bytes(data)))


# --- Settings -------------------------------------------------------------------------------


def current_settings() -> PrescreenSettings:
    return PrescreenSettings.load()


@lru_cache(maxsize=32)
def _term_pattern(terms: tuple[str, ...]) -> re.Pattern:
    escaped = sorted((re.escape(" ".join(_words(term))) for term in terms), key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(escaped) + r")\b")


def _matching_list(config: PrescreenSettings, text: str):
    """The first term list with a term in `text` (compared without case or accents)."""
    folded = " ".join(_words(text))
    for term_list in config.term_lists.all():
        terms = tuple(line.strip() for line in term_list.terms.splitlines() if _words(line))
        if terms and _term_pattern(terms).search(folded):
            return term_list
    return None


# --- Screening ------------------------------------------------------------------------------


def screen(comment: Comment):
    """Why the pre-screen holds `comment` (a Screening), or None. Records the
    comment's fingerprint whatever the outcome, and groups a campaign it completes."""
    config = current_settings()
    sig = signature(comment.body_source)
    keys = band_keys(sig)
    CommentFingerprint.objects.create(comment=comment, signature=_pack(sig))
    CommentBand.objects.bulk_create(
        CommentBand(consultation_id=comment.consultation_id, key=key, comment=comment)
        for key in keys
    )
    if not config.enabled:
        return None

    def hold(check: str, rule_code: str) -> Screening:
        return Screening(check=check, version=config.version, rule_code=rule_code)

    long_enough = len(_words(comment.body_source)) >= CAMPAIGN_MIN_WORDS
    if config.campaign_accounts and long_enough and _campaign(comment, sig, keys, config):
        return hold("campaign", RuleCode.SPAM)
    if term_list := _matching_list(config, comment.body_source):
        return hold(f"terms:{term_list.language}", term_list.rule_code)
    if config.link_account_age_days and _LINK.search(comment.body_source):
        joined = comment.author.date_joined
        if joined > timezone.now() - timedelta(days=config.link_account_age_days):
            return hold("new_account_links", RuleCode.SPAM)
    if config.burst_posts:
        since = timezone.now() - timedelta(minutes=config.burst_minutes)
        recent = Comment.objects.filter(author=comment.author, created_at__gte=since).count()
        if recent > config.burst_posts:
            return hold("burst", RuleCode.SPAM)
    return None


def _campaign(comment: Comment, sig: list[int], keys: list[int], config) -> bool:
    """Group `comment` with its near-identical matches when they come from enough accounts;
    the matches not grouped before and still shown are held as the campaign's."""
    candidates = (
        CommentBand.objects.filter(consultation_id=comment.consultation_id, key__in=keys)
        .exclude(comment=comment)
        .values("comment_id")
        .distinct()
    )
    rows = CommentFingerprint.objects.filter(comment_id__in=candidates).values_list(
        "comment_id", "signature", "comment__author_id", "comment__campaign_id"
    )
    threshold = config.campaign_similarity / 100
    matches = [
        (pk, author_id, campaign_id)
        for pk, packed, author_id, campaign_id in rows
        if similarity(sig, _unpack(packed)) >= threshold
    ]
    authors = {author_id for _pk, author_id, _c in matches} | {comment.author_id}
    if len(authors - {None}) < config.campaign_accounts:
        return False
    existing = sorted({campaign_id for _pk, _a, campaign_id in matches if campaign_id})
    newly = [pk for pk, _a, campaign_id in matches if campaign_id is None]
    grouped = list(Comment.objects.filter(pk__in=newly))
    campaign_attach(
        comments=[comment, *grouped],
        campaign=Campaign.objects.get(pk=existing[0]) if existing else None,
        automated=True,
    )
    screening = Screening(check="campaign", version=config.version, rule_code=RuleCode.SPAM)
    for other in grouped:
        if other.state == CommentState.VISIBLE:
            comment_hold_automated(comment=other, screening=screening)
    return True
