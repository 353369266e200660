"""Assistant: questions → retrieval → cited answers, for the CLI and the app."""

from assistant.engine import Assistant
from assistant.errors import IndexNotBuilt, PlanError, SettingsError
from assistant.evaluate import EvalReport, evaluate, load_questions
from assistant.models import Answer, Citation
from assistant.settings import Settings

__all__ = [
    "Answer",
    "Assistant",
    "Citation",
    "EvalReport",
    "IndexNotBuilt",
    "PlanError",
    "Settings",
    "SettingsError",
    "evaluate",
    "load_questions",
]
