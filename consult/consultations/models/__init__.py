from consult.consultations.models.ai_system import (
    AISystem,
    DataCategory,
    DecisionMode,
    LifecyclePhase,
    PublicationCategory,
    Right,
)
from consult.consultations.models.pages import (
    ConsultationDocument,
    ConsultationIndexPage,
    ConsultationPage,
    ModerationMode,
)

__all__ = [
    "AISystem",
    "ConsultationDocument",
    "ConsultationIndexPage",
    "ConsultationPage",
    "DataCategory",
    "DecisionMode",
    "LifecyclePhase",
    "ModerationMode",
    "PublicationCategory",
    "Right",
]
