"""Assistant: questions → retrieval → cited answers, for the CLI and the app."""

from assistant.engine import Assistant
from assistant.errors import IndexNotBuilt, PlanError, SessionError, SettingsError
from assistant.evaluate import EvalReport, evaluate, evaluate_in_sessions, load_questions
from assistant.models import Answer, Citation
from assistant.session import Session, resolve_follow_up
from assistant.settings import Settings

__all__ = [
    "Answer",
    "Assistant",
    "Citation",
    "EvalReport",
    "IndexNotBuilt",
    "PlanError",
    "Session",
    "SessionError",
    "Settings",
    "SettingsError",
    "evaluate",
    "evaluate_in_sessions",
    "load_questions",
    "resolve_follow_up",
]
