"""Headings: which lines of a document are section headings, and what each is called.

Text extracted from PDFs has lost its fonts, so a heading is told by its shape and by the
lines around it. A heading is short, capitalised and a noun phrase: it has no finite verb
and does not end on a word that needs a continuation ("att", "på", "ska", "avsätts"). It
stands after a finished sentence or above running text, and may wrap over two or three
lines. Lines of that shape that are not headings are rejected by kind: name lists and
signatures, contact lines, page headers and footers, column headers, legend lines and
lead-in sentences. Swedish writes headings in sentence case, so a line of capitalised
words is a list of names (people, parties) or of column headers.

A table's column header row is no heading, but when it names what the rows are
("Kortsiktiga nyckeltal Utfall Mål Kommentar") the table is a section of its own,
"Kortsiktiga nyckeltal", inside the part it stands in. The rules hold for any Swedish
plan or report; they name kinds of words (function words, table column words, units),
never a document's own headings.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum

from ingest.models import Line

# Headings that open a new top-level part; other headings nest under the last one.
MAJOR_HEADING = re.compile(r"^(Målområde för|Bilaga\s+\d|Del\s+\d|Kapitel\s+\d)")
# A målområde heading: its övergripande mål follows it as text, not as a heading.
GOAL_AREA_HEADING = re.compile(r"^Målområde för\s")
# A report's målområde line: the area, a dash and its goal as a sentence ("Kultur - Tillgängligt … Härjedalen.").
AREA_WITH_GOAL = re.compile(r"^(?P<area>[A-ZÅÄÖ][\w -]{1,40}?)\s+[-–]\s+(?P<goal>[A-ZÅÄÖ][^.!?\d]*?)\.?$")
MIN_GOAL_WORDS = 4
CAPTION = re.compile(r"^Tabell\s+\d+[.:]?\s+\S")
TRAILING_FIGURE = re.compile(r"(?<![\d–-])(\d[\d\s,.]*\s*(%|kr|mkr|tkr|mnkr|st)?|%|kr|mkr|tkr)$")
YEAR_END = re.compile(r"(19|20)\d\d$")
BULLET = re.compile(r"^[•▪●◦·*–−-]\s*")
NUMBER_TOKEN = re.compile(r"^[<>≤≥~+\-−–]?\d[\d,.:/%*]*%?\*?$")
SENTENCE_END = (".", "!", "?", ":")
# Words a line does not end on when its sentence goes on: a line ending on them continues on the next.
OPEN_ENDINGS = frozenset("och eller samt att för som med till av i på om de den det en ett från inom under vid mot per".split())
# For headings also: determiners that need their noun ("i hela", "för samtliga"), and finite and
# modal verbs, which a heading (a noun phrase) never has and a lead-in sentence ends on ("… ska:").
DETERMINERS = frozenset(
    "hela alla samtliga varje denna detta dessa sin sitt sina vår vårt våra någon några ingen inget inga".split()
)
FINITE_VERBS = frozenset(
    "är var har hade ska skall skulle kan kunde får fick bör borde måste vill ville kommer kom blir blev finns fanns".split()
)
HEADING_OPEN_ENDINGS = OPEN_ENDINGS | DETERMINERS | FINITE_VERBS | frozenset("enligt mellan genom hos efter än så både".split())
# A lower-case last word in the s-passive ("avsätts", "fördelas", "används", "krävs"): a verb, so a sentence.
PASSIVE_VERB = re.compile(r"^[a-zåäö]{3,}(?:tts|ts|ds|as|vs)$")
# Words that head the value columns of Swedish tables and document registers ("Status Uppdrag Kommentar",
# "Utfall Mål Kommentar", "Dokument Dnr Fastställd"): a row of them is a column header, no heading.
COLUMN_WORDS = frozenset(
    "status kommentar kommentarer utfall mål målvärde budget prognos avvikelse diff differens period summa totalt "
    "belopp förändring ja nej plan dnr diarienummer dokument dokumenttyp varaktighet fastställd beslutad beslutsorgan "
    "organ".split()
)
UNIT = re.compile(r"(?<!\w)(tkr|mkr|mnkr|mdkr|kr|kronor|procent|%)(?!\w)", re.IGNORECASE)
CURRENCY = re.compile(r"(?<!\w)(tkr|mkr|mnkr|mdkr|kr|kronor)(?!\w)", re.IGNORECASE)
CONTACT = re.compile(
    r"\S+@\S+\.\w+|https?://|www\.|^(Tfn|Tel|Telefon|Mobil|Fax|E-post|Epost|Webb)\b|\b(19|20)\d\d-\d\d-\d\d\b", re.IGNORECASE
)
SIGNATURE_CONTACT = re.compile(r"\S+@\S+\.\w+|^(Tfn|Tel|Telefon|Mobil|E-post)\b", re.IGNORECASE)
PARTY_TAG = re.compile(r"^\([A-ZÅÄÖ]{1,3}\)$")
FOOTNOTE_MARK = re.compile(r"^\d(?=[A-ZÅÄÖ][a-zåäö])")
PARENTHESES = re.compile(r"\([^)]*\)")
MAX_HEADING_CHARS = 75  # a goal line under a målområde (ingest.assignments)
MAX_LINE_CHARS = 85  # a heading on one line; headings are rarely longer
MAX_WRAPPED_CHARS = 100  # a heading wrapped over lines
MAX_HEADING_WORDS = 12
MAX_HEADING_LINES = 3
MIN_WIDTH = 80  # characters on a line of an A4 page, at least


class HeadingKind(Enum):
    """What a heading opens: a top-level part, a section, a captioned table or a table named by its header."""

    PART = "part"
    SECTION = "section"
    CAPTION = "caption"
    TABLE = "table"


@dataclass(frozen=True)
class Heading:
    """A heading found in a document's lines.

    ``start`` and ``end`` index the lines it covers (end exclusive); ``label`` is its name in
    section paths (no trailing colon, wrapped lines joined). ``in_body`` says its lines are also
    text of the section it opens: a table's column header row, a report's målområde line with its
    goal. Frozen: headings are facts read from the text.
    """

    start: int
    end: int
    label: str
    kind: HeadingKind
    in_body: bool = False


def is_numeric_row(text: str) -> bool:
    """A flattened table row: ends in a figure and holds at least two of them."""
    tokens = text.split()
    numbers = sum(1 for token in tokens if NUMBER_TOKEN.match(token))
    return numbers >= 2 and bool(NUMBER_TOKEN.match(tokens[-1]))


def typical_width(lines: Sequence[Line]) -> int:
    """The width of a full line of text (90th percentile of line lengths)."""
    lengths = sorted(len(line.text) for line in lines)
    if len(lengths) < 4:
        return max(lengths, default=80)
    return int(statistics.quantiles(lengths, n=10)[-1])


def text_width(lines: Sequence[Line]) -> int:
    """The width of a full line of body text, leaving out lines that re-joined hyphenation made twice as long.

    A text of a few short lines says little about its width: it is taken to be at least MIN_WIDTH.
    """
    long = [len(line.text) for line in lines if len(line.text) >= 40]
    if len(long) >= 4:
        cap = 1.5 * statistics.median(long)
        lines = [line for line in lines if len(line.text) <= cap]
    return max(MIN_WIDTH, typical_width(lines))


# --- Kinds of lines ------------------------------------------------------------------


def is_contact(text: str) -> bool:
    """A contact, header or footer line: an e-mail address, a web address, a phone label or a date."""
    return bool(CONTACT.search(text))


def is_name_list(text: str) -> bool:
    """Capitalised words only ("Bengt Bergqvist Lars-Erik Olofsson", "Eva Hellstrand (C)"): names or column headers.

    Headings are in sentence case; a line without numbers whose words are all capitalised
    (two or more), or nearly all (three or more), lists names of people, parties or columns.
    """
    tokens = [token for token in text.split() if any(ch.isalpha() for ch in token)]
    if len(tokens) < 2 or any(NUMBER_TOKEN.match(token) for token in text.split()):
        return False
    capitalised = sum(1 for token in tokens if token[0].isupper() or PARTY_TAG.match(token))
    return capitalised == len(tokens) or (capitalised >= 3 and capitalised >= 0.75 * len(tokens))


def is_legend(text: str) -> bool:
    """A legend or definition line: "Grön = målet kommer nås under året"."""
    return " = " in text or bool(re.match(r"^\S+\s*=\s", text))


def is_table_label(text: str) -> bool:
    """A unit without a figure ("I miljoner kronor", "Intäkter och kostnader i tkr"): a table's label, not a heading."""
    return bool(UNIT.search(text)) and not any(ch.isdigit() for ch in text)


def ends_mid_sentence(text: str) -> bool:
    """Whether a line stops where its sentence goes on: on a function word, a verb or an s-passive."""
    words = text.rstrip(" :").split()
    if not words:
        return False
    last = words[-1]
    return last.lower() in HEADING_OPEN_ENDINGS or bool(PASSIVE_VERB.match(last))


def has_finite_verb(text: str) -> bool:
    """Whether a line has a finite or modal verb outside parentheses: a clause, not a noun phrase."""
    words = PARENTHESES.sub(" ", text).lower().replace(",", " ").split()
    return len(words) > 1 and any(word.strip(":.;!?") in FINITE_VERBS for word in words)


def column_header(text: str) -> str | None:
    """The name a column header row gives its rows; "" for a header naming none; None for other lines.

    A header row has two or more value columns ("Utfall", "Mål", "Kommentar", "Status") or is
    one such word alone. The other cell, if exactly one and not a unit, names the rows:
    "Kortsiktiga nyckeltal Utfall Mål Kommentar" → "Kortsiktiga nyckeltal",
    "Status Uppdrag Kommentar" → "Uppdrag", "Ja eller Nej" → "".
    """
    cells = _cells(text)
    columns = [cell for cell in cells if _is_column_cell(cell)]
    if len(cells) == 1 and len(cells[0]) == 1 and columns:
        return ""
    if len(columns) < 2 or has_trailing_figure(text):
        return None
    names = [" ".join(cell) for cell in cells if cell not in columns]
    if len(names) != 1 or UNIT.search(names[0]) or any(ch.isdigit() for ch in names[0]) or names[0].isupper():
        return ""
    return names[0]


def _cells(text: str) -> list[list[str]]:
    """The words of a header row grouped into cells: each capitalised word opens one."""
    cells: list[list[str]] = []
    for token in text.split():
        if token[:1].isupper() or not cells:
            cells.append([token])
        else:
            cells[-1].append(token)
    return cells


def _is_column_cell(cell: list[str]) -> bool:
    """A value column's cell: a column word and a few more ("Prognos 2026", "Ja eller", "Beslutad av")."""
    return cell[0][:1].isupper() and cell[0].strip(":").lower() in COLUMN_WORDS and len(cell) <= 4


def heading_text(text: str) -> str:
    """A heading line as a label: without a footnote mark ("1Öppenvård") and a trailing colon."""
    return FOOTNOTE_MARK.sub("", text).strip().rstrip(" :").strip()


def has_heading_shape(text: str) -> bool:
    """Whether a (possibly wrapped) line is shaped like a heading, whatever stands around it."""
    text = FOOTNOTE_MARK.sub("", text)
    words = text.split()
    if not words or len(text) > MAX_WRAPPED_CHARS or len(words) > MAX_HEADING_WORDS:
        return False
    if not (text[0].isupper() and text[0].isalpha()) or BULLET.match(text) or not any(ch.islower() for ch in text):
        return False
    if text.endswith((",", ";", "-", "–", ".", "!", "?")) or ends_mid_sentence(text) or has_finite_verb(text):
        return False
    # Words and at most a few figures ("Cancervård 4,3 mkr"); dashes count as neither.
    alphabetic = sum(1 for word in words if any(ch.isalpha() for ch in word))
    figures = sum(1 for word in words if any(ch.isdigit() for ch in word) and not any(ch.isalpha() for ch in word))
    if alphabetic == 0 or figures > max(1, alphabetic // 2) or is_numeric_row(text):
        return False
    return not (is_contact(text) or is_name_list(text) or is_legend(text) or is_table_label(text))


def has_trailing_figure(text: str) -> bool:
    """Ends in a figure or an amount that is not a year: a table row, or a heading naming a sum."""
    return bool(TRAILING_FIGURE.search(text)) and not YEAR_END.search(text)


# --- Finding the headings ------------------------------------------------------------


def find_headings(lines: Sequence[Line]) -> list[Heading]:
    """Every heading of a document's cleaned lines, in reading order.

    Inside a table (after its caption or header row, until prose resumes) short cell lines
    look like headings, so there a heading must stand above running text, a list, a new
    table or a sub-heading over text.
    """
    return _Reader(lines, text_width(lines)).headings()


class _Reader:
    """One pass over a document's lines, keeping what the last lines said (in a table, after a målområde)."""

    def __init__(self, lines: Sequence[Line], width: int) -> None:
        self.lines = [line.text for line in lines]
        self.width = width

    def headings(self) -> list[Heading]:
        found: list[Heading] = []
        table: str | None = None  # the table being read: its name, "" if it has none; None outside tables
        goal_due = False  # a målområde heading was just read: its övergripande mål follows, as text
        previous: str | None = None
        index = 0
        while index < len(self.lines):
            text = self.lines[index]
            is_goal = goal_due and not (_opens_part(text) or text.endswith(":"))
            heading = None if is_goal else self._heading_at(index, previous, table)
            goal_due = False
            if heading is None:
                table = self._table_after(text, table)
                previous, index = text, index + 1
                continue
            found.append(heading)
            goal_due = heading.kind is HeadingKind.PART and bool(GOAL_AREA_HEADING.match(heading.label))
            table = {HeadingKind.TABLE: heading.label, HeadingKind.CAPTION: ""}.get(heading.kind)
            previous, index = self.lines[heading.end - 1], heading.end
        return found

    def _heading_at(self, index: int, previous: str | None, table: str | None) -> Heading | None:
        """The heading starting at line ``index``, or None."""
        text = self.lines[index]
        if CAPTION.match(text):
            return Heading(index, index + 1, text.strip().rstrip(" :"), HeadingKind.CAPTION)
        name = column_header(text)
        if name is not None:  # a repeated header row (at a page break) continues its table
            return Heading(index, index + 1, name, HeadingKind.TABLE, in_body=True) if name and name != table else None
        end, joined = self._wrapped(index)
        if MAJOR_HEADING.match(joined) and not joined.endswith("."):
            return Heading(index, end, heading_text(joined), HeadingKind.PART)
        area = AREA_WITH_GOAL.match(joined)
        if area and len(area["goal"].split()) >= MIN_GOAL_WORDS and not has_finite_verb(joined) and self._above_prose(end):
            return Heading(index, end, area["area"], HeadingKind.PART, in_body=True)
        if self._is_heading(joined, end - index, end, previous, table):
            return Heading(index, end, heading_text(joined), HeadingKind.SECTION)
        return None

    def _is_heading(self, text: str, count: int, end: int, previous: str | None, table: str | None) -> bool:
        """Whether ``text`` (``count`` lines, up to ``end``) is a heading, by its shape and the lines around it."""
        too_long = count == 1 and (len(text) > MAX_LINE_CHARS or len(text) >= 0.8 * self.width)
        if too_long or not has_heading_shape(text):
            return False
        following = self._following(end)
        if following is not None and (following[:1].islower() or _signs_off(following)):
            return False  # the start of a sentence or a cell; or a header, footer or signature block
        if has_trailing_figure(text):  # "Cancervård 4,3 mkr" above its text, not "Vårdbesök 300 kr" above a row
            if following is None:
                return False
            return self._is_running_text(following) or (table is None and self._is_sentence(following))
        if table is None:
            after_text = previous is None or previous.endswith(SENTENCE_END) or bool(BULLET.match(previous))
            above_label = following is not None and _is_capitals_label(following)  # "DEL 1, FÄRDIGSTÄLLDA INVESTERINGAR"
            return after_text or above_label or self._above_prose(end) or self._above_table(end) or self._above_heading(end)
        return self._is_heading_in_table(text, end, following or "")

    def _is_heading_in_table(self, text: str, end: int, following: str) -> bool:
        """A heading after a table stands above text, a list, a new table or a sub-heading over text.

        A cell does not: it ends in a value ("… Hjälpmedelscentralen Varierar") or holds figures.
        """
        if self._above_prose(end, share=0.6) or (text.endswith(":") and BULLET.match(following)) or self._above_table(end):
            return True
        words = text.split()
        ends_in_value = len(words) > 1 and words[-1][:1].isupper()
        return not (ends_in_value or any(ch.isdigit() for ch in text)) and self._above_heading(end)

    def _table_after(self, text: str, table: str | None) -> str | None:
        """The table state after a body line: a header row opens a table (a lone label does not), prose closes it."""
        if column_header(text) is not None and len(text.split()) > 1:
            return table or ""
        if table is not None and text.endswith(SENTENCE_END):
            lead_in = text.endswith(":") and len(text.split()) >= 5 and text[0].isupper() and has_finite_verb(text)
            if len(text) >= 0.8 * self.width or lead_in:  # a line of prose, or a sentence leading into a list
                return None
        return table

    def _wrapped(self, index: int) -> tuple[int, str]:
        """The lines from ``index`` that form one heading if it wraps, and their joined text."""
        text, end = self.lines[index], index + 1
        while end < len(self.lines) and end - index < MAX_HEADING_LINES and self._continues(text, self.lines[end]):
            text, end = f"{text} {self.lines[end]}", end + 1
            if text.endswith(SENTENCE_END):
                break
        return end, text

    def _continues(self, text: str, following: str) -> bool:
        """Whether ``following`` carries on a heading line: after a function word, in lower case, or a name's end."""
        if text.endswith((*SENTENCE_END, ",", ";")) or len(text) + len(following) > MAX_WRAPPED_CHARS:
            return False
        if BULLET.match(following) or _opens_part(following) or is_numeric_row(following):
            return False
        if len(following) >= 0.8 * self.width or len(following.split()) > 8 or column_header(following) is not None:
            return False
        words = text.split()
        if words[-1].lower() in HEADING_OPEN_ENDINGS:
            return True
        if following[:1].islower():
            return len(text) < 0.8 * self.width
        # A name broken over two lines ("… i Region Jämtland" / "Härjedalen:"), ending the heading or an appendix title.
        tail = following.rstrip(".:").split()
        name_goes_on = len(words) > 1 and words[-1][:1].isupper() and words[-1].isalpha()
        ends = following.endswith((".", ":")) or bool(MAJOR_HEADING.match(text))
        return name_goes_on and ends and len(tail) <= 2 and all(word[:1].isupper() and word.isalpha() for word in tail)

    def _following_index(self, end: int) -> int | None:
        """The next line from ``end`` that is not a lone column label ("Kommentar" above a box of text)."""
        for index in range(end, min(end + 3, len(self.lines))):
            text = self.lines[index]
            if column_header(text) != "" or len(text.split()) > 1:
                return index
        return None

    def _following(self, end: int) -> str | None:
        index = self._following_index(end)
        return None if index is None else self.lines[index]

    def _above_prose(self, end: int, share: float = 0.0) -> bool:
        """Whether running text or a whole sentence (at least ``share`` of the width) follows: a heading's body."""
        following = self._following(end)
        if following is None:
            return False
        if self._is_running_text(following):
            return True
        return self._is_sentence(following) and following.endswith(SENTENCE_END) and len(following) >= share * self.width

    def _above_table(self, end: int) -> bool:
        """Whether a table starts below: a caption, a column header row, or an amount label ("I miljoner kronor")."""
        start = self._following_index(end)
        if start is None:
            return False
        following = self.lines[start]
        if CAPTION.match(following) or column_header(following) is not None:
            return True
        _, wrapped = self._wrapped(start)
        return bool(CURRENCY.search(wrapped)) and is_table_label(wrapped)

    def _above_heading(self, end: int) -> bool:
        """Whether a heading that stands above prose follows directly (a heading and its sub-heading)."""
        if end >= len(self.lines):
            return False
        after, text = self._wrapped(end)
        return has_heading_shape(text) and not has_trailing_figure(text) and self._above_prose(after)

    def _is_running_text(self, text: str) -> bool:
        """A full-width line of words: the body of a paragraph."""
        return len(text) >= 0.8 * self.width and not is_numeric_row(text) and text[0].isalpha()

    def _is_sentence(self, text: str) -> bool:
        """A line of prose: running text, or a capitalised line of four or more words that is no table row or title."""
        if self._is_running_text(text):
            return True
        if len(text.split()) < 4 or not text[0].isupper():
            return False
        return not (has_trailing_figure(text) or is_numeric_row(text) or _opens_part(text))


def _is_capitals_label(text: str) -> bool:
    """A label in capitals over a table's part ("DEL 1, FÄRDIGSTÄLLDA INVESTERINGAR", "TILLGÅNGAR"), no figures at its end."""
    letters = [ch for ch in text if ch.isalpha()]
    return len(letters) >= 4 and all(ch.isupper() for ch in letters) and not has_trailing_figure(text)


def _opens_part(text: str) -> bool:
    """A table caption or a part heading: never the continuation of another line."""
    return bool(CAPTION.match(text) or MAJOR_HEADING.match(text))


def _signs_off(text: str) -> bool:
    """A line of names or contact details: what follows a signature, a letterhead or a footer, not a heading."""
    return (is_name_list(text) and column_header(text) is None) or bool(SIGNATURE_CONTACT.search(text))
