"""Pure helpers for the Streamlit app: data preparation and Markdown, callable without a browser.

Nothing here imports streamlit; ``app.py`` and ``views/`` only draw what these functions return.
"""

from .assignments import ASSIGNMENT_COLUMNS, assignment_filters, assignment_table, to_csv
from .calculators import (
    PERSONNEL_ROWS,
    RESTORATION_ROWS,
    personnel_table,
    planned_results,
    restoration_comparison,
    restoration_table,
    restored_text,
    scenario_results,
)
from .chat import answer_markdown, calculation_steps, document_choices, download_name, selected_documents, source_cells
from .documents import documents_frame, index_status

__all__ = [
    "ASSIGNMENT_COLUMNS",
    "PERSONNEL_ROWS",
    "RESTORATION_ROWS",
    "answer_markdown",
    "assignment_filters",
    "assignment_table",
    "calculation_steps",
    "document_choices",
    "documents_frame",
    "download_name",
    "index_status",
    "personnel_table",
    "planned_results",
    "restoration_comparison",
    "restoration_table",
    "restored_text",
    "scenario_results",
    "selected_documents",
    "source_cells",
    "to_csv",
]
