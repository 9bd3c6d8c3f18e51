from consult.consultations.models.ai_system import (
    AISystem,
    DataCategory,
    DecisionMode,
    LifecyclePhase,
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
    "Right",
]
