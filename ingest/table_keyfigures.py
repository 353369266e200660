"""Key-figure tables: one row per nyckeltal, its figures, and a column of free text.

A follow-up report prints its nyckeltal as "Kortsiktiga nyckeltal Utfall Mål Kommentar": a
stub naming the table, the figure columns, and a comment column last. Flattened to text, a
row is its label (often broken over several lines), the figures (on the label's last line,
or on lines of their own: "45,12" / "% 45 %"), and then the comment, which may hold figures
of its own ("… med 8,6% jämfört med samma"). The header is printed again on every page.

Rules that read it (blank lines in the text separate the cells of such a table):

- a block of lines that ends in figures, or is followed by a block of figures only, is a row:
  its lines are the label; text after the figures, and every block after them that leads to
  no figures, is comment and is left out;
- a comment never counts as a label: a block that starts in lower case continues the text
  before it (a label still waiting for its figures, else a comment), and a "label" that reads
  as a sentence (a full stop inside, a figure with decimals, a word like "med" before the
  figures) is no label;
- a row with as many figures as the table has figure columns is placed in order; with fewer,
  the text does not show which column is empty, and the row is left out with a note; figures
  on lines with unread text between them are left out too (a lone "-" is dropped by cleaning);
- the report's målområde ("Ledningsprocesser - Ledning, styrning och …" above a "Kommentar"
  box) names the table: "Ledningsprocesser – Kortsiktiga nyckeltal", section path
  ("Ledningsprocesser", "Kortsiktiga nyckeltal");
- in a report of one year (its period names one year), the cells carry that year.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from ingest.models import Cell, DocumentMeta, Line, Table
from ingest.numbers import UNITS, is_number_token, parse_number, split_at_most
from ingest.sections import OPEN_ENDINGS
from ingest.table_lines import CAPTION, YEAR, header_line, is_prose, join_text, slug, unique

# Figure columns as key-figure headers print them, and the kind each stands for.
FIGURE_COLUMNS = {"Utfall": "Utfall", "Mål": "Mål", "Målvärde": "Mål", "Målnivå": "Mål", "Prognos": "Prognos", "Budget": "Budget"}
# A last column of free text.
TEXT_COLUMNS = frozenset({"Kommentar", "Kommentarer", "Analys", "Åtgärder"})
AREA_HEADING = re.compile(r"^(?P<area>[^\W\d_][\w\- ]{1,40}?) [-–] (?P<goal>[A-ZÅÄÖ].*)$")
MAX_AREA_DISTANCE = 60  # lines between a målområde heading and its key-figure table
MAX_LABEL_WORDS = 30
MAX_FIGURE_GAP = 2  # source lines between two lines of one row's figures (one blank line)


@dataclass(frozen=True)
class KeyHeader:
    """A key-figure header line: the table's name (stub) and its figure columns."""

    stub: str
    columns: tuple[str, ...]


@dataclass
class _Row:
    label: str
    figures: list[tuple[str, Line]]
    note: str | None = None


@dataclass
class _Found:
    """A key-figure table being read: where its header is, its rows and notes, its last line."""

    header: KeyHeader
    start: int
    end: int
    area: str | None
    rows: list[_Row] = field(default_factory=list)


def key_header(text: str) -> KeyHeader | None:
    """Read "Kortsiktiga nyckeltal Utfall Mål Kommentar" as a stub, figure columns and a text column."""
    words = text.split()
    if len(words) < 3 or len(words) > 10 or words[-1] not in TEXT_COLUMNS:
        return None
    end = len(words) - 1
    start = end
    while start > 0 and words[start - 1] in FIGURE_COLUMNS:
        start -= 1
    if start == end or start == 0 or not words[0][:1].isupper():
        return None
    return KeyHeader(" ".join(words[:start]), tuple(words[start:end]))


def key_figure_tables(lines: Sequence[Line], meta: DocumentMeta, width: int) -> tuple[list[Table], set[int]]:
    """The key-figure tables of a document, and the indices of the lines they take."""
    lines = list(lines)
    found: list[_Found] = []
    index = 0
    while index < len(lines):
        header = key_header(lines[index].text)
        if header is None:
            index += 1
            continue
        previous_end = found[-1].end if found else -1
        table = _Found(header, index, index, _area_above(lines, index, previous_end))
        table.end = _table_end(lines, index, header, width)
        table.rows = _rows(lines, table)
        found.append(table)
        index = table.end + 1
    tables = _tables(found, lines, meta)
    taken = {position for table in found for position in range(table.start, table.end + 1)}
    return tables, taken


def _area_above(lines: list[Line], index: int, previous_end: int) -> str | None:
    """The målområde a table belongs to: a "<Område> - <mål>" line above a "Kommentar" box, after the last table."""
    for back in range(index - 1, max(previous_end, index - MAX_AREA_DISTANCE - 1), -1):
        match = AREA_HEADING.match(lines[back].text)
        following = [line.text for line in lines[back + 1 : back + 4]]
        if match and any(text in TEXT_COLUMNS for text in following):
            return match.group("area").strip()
    return None


def _table_end(lines: list[Line], index: int, header: KeyHeader, width: int) -> int:
    """The last line of the table whose header is at ``index``; the header repeated on a new page continues it."""
    end = index
    for position in range(index + 1, len(lines)):
        text = lines[position].text
        if key_header(text) == header:
            end = position
            continue
        words = text.split()
        ends = (
            CAPTION.match(text)
            or (is_prose(text, width) and split_figures(text) is None)
            or (len(words) <= 6 and words[-1] in TEXT_COLUMNS)  # another table's header, or a comment box
            or _is_item_header(text)
        )
        if ends:
            break
        end = position
    return end


def _is_item_header(text: str) -> bool:
    parsed = header_line(text)
    return parsed is not None and len(parsed.items) >= 2


def _rows(lines: list[Line], table: _Found) -> list[_Row]:
    """The rows between the table's header and its end, read block by block."""
    count = len(table.header.columns)
    body = [line for line in lines[table.start + 1 : table.end + 1] if key_header(line.text) != table.header]
    blocks = _blocks(body)
    rows: list[_Row] = []
    pending: list[Line] | None = None
    position = 0
    while position < len(blocks):
        block = blocks[position]
        if block[0].text[:1].islower():
            if pending is None:
                position += 1  # the comment before it goes on
                continue
            block, pending = [*pending, *block], None  # the label before it goes on: "Antal besök på" / "länsmuseet"
        hit = _first_figures(block)
        if hit is None:
            pending, position = block, position + 1
            continue
        at, (label_part, tokens, comment) = hit
        label_lines = [line.text for line in block[:at]] + ([label_part] if label_part else [])
        if not label_lines and pending is not None:
            label_lines = [line.text for line in pending]
        figures = [(token, block[at]) for token in tokens]
        doubtful = False
        if not comment:
            figures, doubtful, used = _more_figures(block, at, blocks, position, figures)
            position += used
        label = _label(label_lines)
        if label is not None:
            rows.append(_row(label, figures, doubtful, count))
        pending, position = None, position + 1
    return rows


def _blocks(lines: list[Line]) -> list[list[Line]]:
    """Runs of lines on consecutive source lines: the cells of a table that blank lines separate."""
    blocks: list[list[Line]] = []
    for line in lines:
        if blocks and line.source_line == blocks[-1][-1].source_line + 1:
            blocks[-1].append(line)
        else:
            blocks.append([line])
    return blocks


def _first_figures(block: list[Line]) -> tuple[int, tuple[str, list[str], str]] | None:
    """The first line of a block that holds a row's figures, split into label, figure tokens and comment."""
    for at, line in enumerate(block):
        split = split_figures(line.text)
        if split is not None:
            return at, split
    return None


def split_figures(text: str) -> tuple[str, list[str], str] | None:
    """Split "Skuldsättningstak (RJH totalt) 14 % 16 % Enligt helårsprognos …" into label, figures and comment.

    The figures are the first run of number tokens that ends the line or is followed by a
    capitalised word (the comment). A year inside the label ("2019 års nivå") is no figure;
    a run after a word that needs more words ("med", "till") belongs to a sentence.
    """
    tokens = text.split()
    start = 0
    while start < len(tokens):
        if not _figure_token(tokens[start]) or not any(ch.isdigit() for ch in tokens[start]):
            start += 1
            continue
        end = start
        while end < len(tokens) and _figure_token(tokens[end]):
            end += 1
        run, rest = tokens[start:end], tokens[end:]
        if len(run) == 1 and YEAR.fullmatch(run[0]) and rest:
            start = end  # a year in the label
            continue
        if rest and not rest[0][:1].isupper():
            return None
        label = " ".join(tokens[:start])
        if label and label.split()[-1].lower() in OPEN_ENDINGS:
            return None
        return label, run, " ".join(rest)
    return None


def _figure_token(token: str) -> bool:
    return is_number_token(token) or token in UNITS


def _more_figures(
    block: list[Line], at: int, blocks: list[list[Line]], position: int, figures: list[tuple[str, Line]]
) -> tuple[list[tuple[str, Line]], bool, int]:
    """Figures continued on the next lines ("45,12" / "% 45 %"); whether unread lines stand between; blocks used."""
    following = [(line, 0) for line in block[at + 1 :]]
    if position + 1 < len(blocks):
        following += [(line, 1) for line in blocks[position + 1]]
    used, doubtful = 0, False
    last = block[at]
    for line, step in following:
        tokens = line.text.split()
        if not tokens or not all(_figure_token(token) for token in tokens):
            break
        doubtful = doubtful or line.source_line - last.source_line > MAX_FIGURE_GAP
        figures += [(token, line) for token in tokens]
        used, last = max(used, step), line
    return figures, doubtful, used


def _label(texts: list[str]) -> str | None:
    """A key figure's label from its lines, or ``None`` if they read as a sentence, not a name."""
    label = ""
    for text in texts:
        label = join_text(label, text)
    words = label.split()
    if not words or len(words) > MAX_LABEL_WORDS or not (words[0][:1].isupper() or words[0][:1] == "("):
        return None
    if re.search(r"[.!?] [A-ZÅÄÖ]", label):
        return None
    if any(parse_number(word) is not None and ("," in word or "%" in word) for word in words):
        return None
    return label


def _row(label: str, figures: list[tuple[str, Line]], doubtful: bool, count: int) -> _Row:
    raws = [raw for raw, _ in figures]
    split = split_at_most(raws, count)
    shown = ", ".join(split) if split else " ".join(raws)
    if doubtful:
        note = (
            f"Tolkning: nyckeltalet '{label}' har tal på rader med oläst text emellan (t.ex. ett ensamt minustecken); "
            f"talen ({shown}) är inte med."
        )
        return _Row(label, [], note)
    if split is None:
        return _Row(
            label, [], f"Tolkning: nyckeltalet '{label}' har fler tal ({shown}) än tabellens {count} kolumner; raden är inte med."
        )
    if len(split) < count:
        note = (
            f"Placering: nyckeltalet '{label}' har {len(split)} tal men tabellen {count} kolumner, och texten visar inte "
            f"vilken kolumn som är tom; talen ({shown}) är inte med."
        )
        return _Row(label, [], note)
    placed, position = [], 0
    for figure in split:
        placed.append((figure, figures[position][1]))
        position += len(figure.split())
    return _Row(label, placed)


def _tables(found: list[_Found], lines: list[Line], meta: DocumentMeta) -> list[Table]:
    """The Tables of the key-figure tables found; tables with no row placed are left out."""
    tables: list[Table] = []
    taken: set[str] = set()
    year = meta.years[0] if len(meta.years) == 1 else None
    for item in found:
        if not any(row.figures for row in item.rows):
            continue
        stub = item.header.stub
        caption = f"{item.area} – {stub}" if item.area else stub
        table_id = unique(f"{meta.doc_id}#{slug(caption)}", taken, "-")
        taken.add(table_id)
        labels: list[str] = []
        for row in item.rows:
            labels.append(unique(row.label, set(labels), " "))
        columns = list(item.header.columns)
        cells = tuple(
            Cell(
                table_id,
                label,
                columns[column],
                raw,
                parse_number(raw),
                year,
                FIGURE_COLUMNS[columns[column]],
                line.page,
                line.source_line,
            )
            for row, label in zip(item.rows, labels, strict=True)
            for column, (raw, line) in enumerate(row.figures)
        )
        units = {_unit(cell.raw) for cell in cells}
        first, last = lines[item.start], lines[item.end]
        tables.append(
            Table(
                table_id=table_id,
                doc_id=meta.doc_id,
                doc_title=meta.title,
                caption=caption,
                section_path=(item.area, stub) if item.area else (stub,),
                page=first.page,
                source_lines=(first.source_line, last.source_line),
                unit=units.pop() if len(units) == 1 else None,
                rows=tuple(labels),
                columns=tuple(columns),
                cells=cells,
                problems=tuple(row.note for row in item.rows if row.note),
            )
        )
    return tables


def _unit(raw: str) -> str | None:
    return "%" if raw.endswith("%") else None
