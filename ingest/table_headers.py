"""Table headers: the column titles above a table's rows, as kinds and years or as text.

Headers come as one line ("Prognos 2026 Budget 2026 Avvikelse"), as kinds over years
("Utfall Budget Prognos …" / "2024 2025 2025 …"), one cell per line ("Prognos" / "2025" /
"Plan" / "2026" …), or as text titles stacked in columns under a unit ("i tkr Ack utfall" /
"Ack" / "budget" …). Titles printed before or after the kinds and years are kept aside:
``ingest.tables`` adds them as columns only when the rows need them.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ingest.models import Line
from ingest.numbers import split_at_most
from ingest.table_lines import (
    CAPTION,
    UNIT_START,
    HeaderLine,
    Item,
    Kind,
    header_cells,
    header_line,
    is_fragment,
    parse_line,
    phrases,
    starts_continuation,
    text_if_years,
)

MAX_HEADER_LINES = 16  # a header printed one cell per line: 8 columns × (kind, year)
MAX_LOOKBACK = 8  # lines above a header that may hold its stub and leading column titles
MAX_TITLE_LINES = 6  # lines of column titles between the kinds and years and the first row
MAX_TITLE_WORDS = 16  # a line of column titles under a caption, at most


@dataclass(frozen=True)
class Column:
    """A column as its header names it: label ("Plan 2027"), and the year and kind when printed."""

    label: str
    year: int | None = None
    kind: str | None = None


@dataclass
class Header:
    """A table's header and the text around it that may hold more column titles."""

    columns: list[Column]
    before: list[str]  # column titles printed before the kinds and years, in order
    after: list[str]  # column titles printed after them
    stub: str  # text before the first column title on the header line ("Miljoner kronor")
    start: int  # index of the header's first line (stub lines above included)
    end: int  # index of its last line
    text: str  # all of its text, for the unit


def header_at(lines: list[Line], index: int) -> Header | None:
    """The header that starts at ``lines[index]``, if one does."""
    if header_line(lines[index].text) is not None:
        return _item_header(lines, index)
    if UNIT_START.match(lines[index].text):
        return _text_header(lines, index)
    if index > 0 and CAPTION.match(lines[index - 1].text):
        return _title_header(lines, index)
    return None


def _title_header(lines: list[Line], index: int) -> Header | None:
    """Column titles on the line under a caption: "Tid Avgift exkl. moms (kr) Avgift inkl. moms (kr)".

    The line splits at its capitalised words; with one title more than the next row has
    figures, the first is the stub ("Tid"). Any other count reads as no header.
    """
    text = lines[index].text
    following = parse_line(lines[index + 1].text) if index + 1 < len(lines) else None
    if parse_line(text).kind is not Kind.LABEL or following is None or following.kind is not Kind.ROW:
        return None
    titles: list[str] = []
    for word in text.split():
        if word[:1].isupper() or not titles:
            titles.append(word)
        else:
            titles[-1] = f"{titles[-1]} {word}"
    count = len(split_at_most(following.tokens, len(titles)) or ())
    if count < 2 or len(titles) not in (count, count + 1) or len(text.split()) > MAX_TITLE_WORDS:
        return None
    stub = titles[0] if len(titles) == count + 1 else ""
    columns = [_titled_column(title) for title in titles[len(titles) - count :]]
    return Header(columns, [], [], stub, index, index, text)


def _item_header(lines: list[Line], index: int) -> Header | None:
    """A header of kinds and years, on one line, two lines, or one cell per line."""
    items, end = _header_items(lines, index)
    if len(items) < 2:
        return None  # one year alone is a date in a list, not a table header
    first, last = header_line(lines[index].text), header_line(lines[end].text)
    assert first is not None and last is not None
    titled = bool(items[0].title)  # the line above the first year is its title, not the stub
    above = _lines_above(lines, index - titled)
    before = header_cells([_without_unit(line) for line in above if _without_unit(line).text])
    columns, after = _columns(items), [last.trailing] if last.trailing else []
    if after and columns[-1].kind and columns[-1].year is None:
        columns[-1], after = Column(f"{columns[-1].label} {after[0]}", None, columns[-1].kind), []  # "Utfall t o m juni"
    columns = _shared_year(columns)
    text = " ".join(line.text for line in [*above, *lines[index - titled : end + 1]])
    return Header(columns, before, after, first.stub, index - titled - len(above), end, text)


def _shared_year(columns: list[Column]) -> list[Column]:
    """A kind printed without a year takes the year every other column names: "Planerat 2019 Utfall t o m juni"."""
    years = {column.year for column in columns if column.year is not None}
    if len(years) != 1:
        return columns
    year = years.pop()
    return [replace(column, year=year) if column.kind and column.year is None else column for column in columns]


def _header_items(lines: list[Line], index: int) -> tuple[list[Item], int]:
    """The kinds and years of the header lines from ``index`` on, and the index of the last such line."""
    items: list[Item] = []
    end = stop = index
    between = ""  # a fragment skipped between two header lines
    while stop < len(lines) and stop - index < MAX_HEADER_LINES:
        parsed = header_line(lines[stop].text)
        if parsed is not None and (stop == index or not parsed.stub):
            found = [replace(item, line=stop) for item in _titled(lines, stop, parsed)]
            items.extend(_period(items, found, between))
            end, stop, between = stop, stop + 1, ""
        elif stop > index and is_fragment(lines[stop].text) and stop + 1 < len(lines) and _plain_header(lines[stop + 1].text):
            between = lines[stop].text
            stop += 1  # "Prognos" / "november" / "Budget Plan Plan", or a title above a lone year
        else:
            break
    return items, end


def _period(items: list[Item], found: list[Item], between: str) -> list[Item]:
    """A lone year under a lone kind with a period printed between keeps it: "Utfall" / "jan-april" / "2026"."""
    lone_kind = len(items) == 1 and items[0].kind is not None and items[0].year is None
    if not between or not lone_kind or len(found) != 1 or found[0].year is None or found[0].title:
        return found
    return [replace(found[0], title=f"{items[0].text} {between} {found[0].year}")]


def _titled(lines: list[Line], index: int, parsed: HeaderLine) -> tuple[Item, ...]:
    """The items of a header line; a lone year takes the title printed just above it, in its cell."""
    above = lines[index - 1] if index > 0 else None
    if len(parsed.items) != 1 or parsed.items[0].year is None or parsed.stub or above is None:
        return parsed.items
    same_cell = lines[index].source_line - above.source_line == 1
    if not same_cell or not is_fragment(above.text) or header_line(above.text) is not None or UNIT_START.match(above.text):
        return parsed.items
    return (replace(parsed.items[0], title=f"{above.text} {parsed.items[0].year}"),)


def _without_unit(line: Line) -> Line:
    """A header line without the unit it opens with: "I miljoner kronor Period jan-apr" → "Period jan-apr"."""
    match = UNIT_START.match(line.text)
    return _with_text(line, match.group(2)) if match else line


def _plain_header(text: str) -> bool:
    parsed = header_line(text)
    return parsed is not None and not parsed.stub


def _with_text(line: Line, text: str) -> Line:
    return Line(text, line.page, line.source_line)


def _lines_above(lines: list[Line], index: int) -> list[Line]:
    """Short lines above a header: its stub ("Återställande balanskrav, mkr") and leading column titles."""
    above: list[Line] = []
    for back in range(index - 1, max(-1, index - 1 - MAX_LOOKBACK), -1):
        text = lines[back].text
        if not is_fragment(text) or header_line(text) is not None:
            break
        above.insert(0, lines[back])
        if UNIT_START.match(text):
            break
    return above


def _text_header(lines: list[Line], index: int) -> Header | None:
    """A header of column titles only, opened by a unit ("i tkr Ack utfall" / "Ack" / "budget" …)."""
    match = UNIT_START.match(lines[index].text)
    assert match is not None
    pieces = [_with_text(lines[index], match.group(2))] if match.group(2) else []
    end = index
    while end + 1 < len(lines) and end - index < MAX_HEADER_LINES and is_fragment(lines[end + 1].text):
        if header_line(lines[end + 1].text) is not None:
            return None  # kinds and years follow: the header there reads this line as its stub
        end += 1
        pieces.append(lines[end])
    cells = header_cells(pieces)
    if len(cells) < 2 or end + 1 >= len(lines) or parse_line(lines[end + 1].text).kind not in (Kind.ROW, Kind.FIGURES):
        return None
    text = " ".join(line.text for line in lines[index : end + 1])
    return Header([Column(cell) for cell in cells], [], [], match.group(1), index, end, text)


def _columns(items: list[Item]) -> list[Column]:
    """Pair kinds with years: all kinds then all years (two header lines), or kind–year pairs in order."""
    kinds = [i for i, item in enumerate(items) if item.kind]
    years = [i for i, item in enumerate(items) if item.year]
    spans = [item for item in items if not item.kind and not item.year]
    if kinds and len(kinds) == len(years) and kinds[-1] < years[0] and not spans:
        return [column_of(items[k], items[y]) for k, y in zip(kinds, years, strict=True)]
    # "2024" / "Prognos" / "2025" / "Prognos": each kind printed on the line under its year.
    year_first = bool(items[0].year and items[-1].kind and items[-1].line > items[0].line)
    columns: list[Column] = []
    index = 0
    while index < len(items):
        item, following = items[index], items[index + 1] if index + 1 < len(items) else Item()
        if (item.year and following.kind) if year_first else (item.kind and following.year):
            columns.append(column_of(following, item) if year_first else column_of(item, following))
            index += 2
        else:
            columns.append(column_of(item, item) if (item.kind or item.year) else Column(item.text))
            index += 1
    return columns


def column_of(kind: Item, year: Item) -> Column:
    """A column from a kind item and a year item (the same item when only one is printed)."""
    if year.title:
        return Column(year.title, year.year, kind.kind)
    printed = kind.text or kind.kind or ""  # "Planerat 2019" is a plan, labelled as printed
    label = f"{printed} {year.year}" if kind.kind and year.year else str(year.year) if year.year else printed
    return Column(label, year.year, kind.kind)


def titles_after(lines: list[Line], end: int) -> list[str]:
    """Column titles printed below the kinds and years, before the first row that has a label of its own."""
    pieces: list[Line] = []
    for line in lines[end + 1 : end + 1 + MAX_TITLE_LINES]:
        parsed = text_if_years(parse_line(line.text), line.text)
        if parsed.kind is Kind.ROW and starts_continuation(parsed.label):
            label = phrases(pieces)[-1][1] if pieces else line  # the row's label starts above it
            return header_cells(pieces[: pieces.index(label)] if label in pieces else [])
        if parsed.kind is Kind.ROW:
            return header_cells(pieces)
        if parsed.kind is not Kind.LABEL or not is_fragment(line.text):
            return []
        pieces.append(line)
    return []


def column_choices(base: list[Column], before: list[str], after: list[str]) -> list[list[Column]]:
    """The column layouts to try: the kinds and years, then with the titles after them, then before (nearest first)."""
    choices = [base + [_titled_column(text) for text in after[:count]] for count in range(len(after) + 1)]
    full_after = choices[-1]
    choices += [[_titled_column(text) for text in before[-count:]] + full_after for count in range(1, len(before) + 1)]
    return [choice for choice in choices if choice]


def _titled_column(title: str) -> Column:
    """A column from a title; "Budget 2026" mended from "Budge" / "t 2026" is still a kind and a year."""
    parsed = header_line(title)
    if parsed is not None and not parsed.stub and not parsed.trailing and len(parsed.items) == 2:
        kind, year = parsed.items
        if kind.kind and year.year:
            return column_of(kind, year)
    return Column(title)
