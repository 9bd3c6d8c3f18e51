"""The opinion groups' answers to the discussion's signals (connected in apps.py)."""

from consult.opinions.services import opinion_groups_enqueue, opinion_groups_reaction_recorded


def reaction_recorded(sender, *, consultation_id: int, **kwargs) -> None:
    opinion_groups_reaction_recorded(consultation_id=consultation_id)


def analysis_consent_changed(sender, *, consultation_id: int, **kwargs) -> None:
    opinion_groups_enqueue(consultation_id=consultation_id)
