"""The promises the platform makes about data, in one place, with their real values.

The open-data licence (issue 6) and the export metadata carry NO_AI_TRAINING_STATEMENT; the
My data page and templates/accounts/privacy/includes/retention.html show retention_facts().
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext_lazy as _

NO_AI_TRAINING_STATEMENT = _(
    "Contributions made on this platform must never be used to train, fine-tune or evaluate "
    "artificial intelligence systems, whatever their authors chose about research use."
)
AUTOMATED_ANALYSIS_EXPLANATION = _(
    "The platform groups participants by how they react to comments, to show where people "
    "agree and where they differ (opinion groups and common ground). If you leave your "
    "contributions out, they are not part of that analysis; they stay on the page as they are."
)
RESEARCH_CONSENT_EXPLANATION = _(
    "Researchers and journalists may study what people said in consultations through our open "
    "data. If you agree, your comments, positions and answers are included there, without your "
    "name, email address or pseudonym. If you do not, they are left out. You can change your "
    "mind at any time; the change applies to the open data at once."
)


@dataclass(frozen=True)
class RetentionFacts:
    deletion_grace_days: int
    export_days: int
    after_outcome_days: int
    audit_identity_days: int


def retention_facts() -> RetentionFacts:
    return RetentionFacts(
        deletion_grace_days=settings.CONSULT_ACCOUNT_DELETION_GRACE_DAYS,
        export_days=settings.CONSULT_DATA_EXPORT_DAYS,
        after_outcome_days=settings.CONSULT_RETENTION_AFTER_OUTCOME_DAYS,
        audit_identity_days=settings.CONSULT_AUDIT_IDENTITY_DAYS,
    )
