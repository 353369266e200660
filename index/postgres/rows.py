"""Between records and rows: passages, tables with their cells, and registry records as columns."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import fields

from index.analysis import char_ngrams
from ingest.assignments import RECORD_TYPES, Record
from ingest.models import Cell, Passage, Table

PASSAGE_COLUMNS = (
    "doc_id, position, id, doc_title, section_path, page, text, source_first, source_last, year_span, index_text, page_breaks"
)
# tsvector positions stop at 16383 (PostgreSQL's limit); later grams still count once.
MAX_POSITION = 16383
TABLE_COLUMNS = (
    "doc_id, ordinal, table_id, doc_title, caption, section_path, page, source_first, source_last, unit, "
    "row_labels, column_labels, problems"
)
CELL_COLUMNS = "doc_id, table_ordinal, ordinal, table_id, row_label, col_label, raw, value, year, kind, page, source_line"
# Registry columns beyond the provenance every record has; a record's field name maps to its column.
RECORD_FIELD_COLUMNS = {"table": "table_number"}
REGISTRY_COLUMNS = (
    "doc_id",
    "ordinal",
    "record_type",
    "id",
    "doc_title",
    "section_path",
    "page",
    "source_first",
    "source_last",
    "year_span",
    "name",
    "kind",
    "abbreviation",
    "goal",
    "text",
    "goal_area",
    "owners",
    "all_boards",
    "year",
    "status",
    "comment",
    "owner_tags",
    "heading",
    "organ",
    "table_number",
)
# Fields match_follow_ups derives over the whole registry: recomputed on read, never stored.
DERIVED_FIELDS = frozenset({"assignment_id", "score"})


def passage_row(passage: Passage) -> tuple:
    """A passage as the columns of PASSAGE_COLUMNS."""
    first, last = passage.source_lines
    return (
        passage.doc_id,
        passage.order,
        passage.id,
        passage.doc_title,
        list(passage.section_path),
        passage.page,
        passage.text,
        first,
        last,
        list(passage.year_span),
        passage.index_text,
        [number for pair in passage.page_breaks for number in pair],  # flat: offset, page, offset, page, …
    )


def grams_vector(text: str) -> str:
    """The passage's character 3–5-grams as a tsvector literal: each gram verbatim, with its positions.

    The same analysis as the embedded store's n-gram field (``index.analysis.char_ngrams``),
    stored as lexemes so a GIN index finds the passages sharing a query's grams.
    """
    positions: dict[str, list[int]] = {}
    for number, gram in enumerate(char_ngrams(text), start=1):
        positions.setdefault(gram, []).append(min(number, MAX_POSITION))
    return " ".join(f"'{_quoted(gram)}':{','.join(map(str, sorted(set(spots))[:256]))}" for gram, spots in positions.items())


def gram_query(text: str) -> str:
    """A tsquery literal matching any of the text's character grams."""
    return " | ".join(f"'{_quoted(gram)}'" for gram in dict.fromkeys(char_ngrams(text)))


def _quoted(lexeme: str) -> str:
    return lexeme.replace("\\", "\\\\").replace("'", "''")


def passage_from_row(row: tuple) -> Passage:
    doc_id, order, passage_id, title, path, page, text, first, last, years, index_text, breaks = row
    pairs = tuple(zip(breaks[::2], breaks[1::2], strict=True))
    return Passage(doc_id, title, tuple(path), page, text, order, (first, last), tuple(years), index_text, passage_id, pairs)


def table_rows(tables: Iterable[Table]) -> tuple[list[tuple], list[tuple]]:
    """Rows of doc_tables and table_cells; ordinals keep the document's order."""
    table_rows, cell_rows = [], []
    for ordinal, table in enumerate(tables):
        first, last = table.source_lines
        table_rows.append(
            (
                table.doc_id,
                ordinal,
                table.table_id,
                table.doc_title,
                table.caption,
                list(table.section_path),
                table.page,
                first,
                last,
                table.unit,
                list(table.rows),
                list(table.columns),
                list(table.problems),
            )
        )
        for number, cell in enumerate(table.cells):
            cell_rows.append(
                (
                    table.doc_id,
                    ordinal,
                    number,
                    cell.table_id,
                    cell.row_label,
                    cell.col_label,
                    cell.raw,
                    cell.value,
                    cell.year,
                    cell.kind,
                    cell.page,
                    cell.source_line,
                )
            )
    return table_rows, cell_rows


def tables_from_rows(table_rows: Iterable[tuple], cell_rows: Iterable[tuple]) -> list[Table]:
    """Tables from rows ordered by (doc_id, ordinal) and cells ordered by (doc_id, table ordinal, ordinal)."""
    cells: dict[tuple[str, int], list[Cell]] = {}
    for doc_id, table_ordinal, _number, table_id, row_label, col_label, raw, value, year, kind, page, line in cell_rows:
        cell = Cell(table_id, row_label, col_label, raw, value, year, kind, page, line)
        cells.setdefault((doc_id, table_ordinal), []).append(cell)
    tables = []
    for doc_id, ordinal, table_id, title, caption, path, page, first, last, unit, rows, columns, problems in table_rows:
        tables.append(
            Table(
                table_id,
                doc_id,
                title,
                caption,
                tuple(path),
                page,
                (first, last),
                unit,
                tuple(rows),
                tuple(columns),
                tuple(cells.get((doc_id, ordinal), ())),
                tuple(problems),
            )
        )
    return tables


def registry_row(record: Record, ordinal: int) -> tuple:
    """A record as the columns of REGISTRY_COLUMNS; fields a kind lacks are NULL."""
    values = {"doc_id": record.doc_id, "ordinal": ordinal, "record_type": record.record_type}
    for item in fields(record):
        if item.name in DERIVED_FIELDS:
            continue
        value = getattr(record, item.name)
        column = RECORD_FIELD_COLUMNS.get(item.name, item.name)
        if item.name == "source_lines":
            values["source_first"], values["source_last"] = value
        else:
            values[column] = list(value) if isinstance(value, tuple) else value
    unknown = set(values) - set(REGISTRY_COLUMNS)
    if unknown:
        raise ValueError(f"Registerposten {record.record_type} har fält utan kolumn: {', '.join(sorted(unknown))}")
    return tuple(values.get(column) for column in REGISTRY_COLUMNS)


def record_from_row(row: tuple) -> Record:
    """The record a registry row holds, of the class its record_type names."""
    values = dict(zip(REGISTRY_COLUMNS, row, strict=True))
    cls = RECORD_TYPES[values["record_type"]]
    data = {}
    for item in fields(cls):
        if item.name == "source_lines":
            data[item.name] = (values["source_first"], values["source_last"])
        elif item.name not in DERIVED_FIELDS:
            value = values[RECORD_FIELD_COLUMNS.get(item.name, item.name)]
            data[item.name] = tuple(value) if isinstance(value, list) else value
    return cls(**data)
