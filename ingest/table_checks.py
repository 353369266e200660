"""Identity checks on parsed tables: do the printed figures add up the way the statements say?

Checked, per column, where the rows exist:

- resultaträkning: verksamhetens nettokostnader = verksamhetens intäkter + riktade
  statsbidrag + verksamhetens kostnader + avskrivningar; verksamhetens resultat =
  nettokostnader + skatteintäkter + generella statsbidrag + statsbidrag läkemedel;
  årets resultat = verksamhetens resultat + finansiella intäkter + finansiella kostnader;
- återställningsplan: UB = IB + årets resultat, and next column's IB = this column's UB;
- summor: a "Summa"/"Totalt" row = the rows above it since the previous sum (or those
  sums themselves, as in "SUMMA TILLGÅNGAR"), "Varav" rows left out; it is checked only
  where it is a sum, i.e. where it adds up in at least half of the columns;
- varav: a row followed by two or more "Varav" rows = their sum, where that holds in at
  least half of the columns (a "varav" list may be incomplete on purpose);
- a total printed first ("Total driftbudget …" above the boards) = the rows under it;
- radsamband: a column that is a signed sum of two or three others in every full row
  ("Budget netto" = skatter + intäkter + kostnader, "Avvikelse" = prognos − budget) is
  checked in every row that prints it; it is found from the full rows (at least two that
  are not all zero or all equal), never assumed;
- förändring: a row of yearly change in per cent ("Årlig procentuell förändring …",
  "Nettokostnadsutveckling 2,3% …") against the row it names, in this table or the one printed just before it
  with the same columns: the change in % from the column of the year before (or the column
  to the left); counted where it holds in at least half of the columns.

Tolerance: the documents print rounded figures, so a difference of 0,1 is accepted, or
one unit of the last printed digit when the figures are printed more coarsely (whole
millions in a balance budget: 441 + 1 018 printed as 1 460). A failure is reported, in
Swedish, naming row, column, expected and found; nothing here raises.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from ingest.numbers import decimals_of, format_number

TOLERANCE = Decimal("0.1")

# target row → terms; "?" marks a term that may be missing (then 0). The first rule whose
# required rows all exist is used: older plans have no "Verksamhetens resultat" row.
STATEMENT_RULES: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "verksamhetens nettokostnader",
        ("verksamhetens intäkter", "riktade statsbidrag?", "verksamhetens kostnader", "avskrivningar"),
    ),
    (
        "verksamhetens resultat",
        ("verksamhetens nettokostnader", "skatteintäkter", "generella statsbidrag", "statsbidrag läkemedel?"),
    ),
    ("årets resultat", ("verksamhetens resultat", "finansiella intäkter", "finansiella kostnader")),
    (
        "årets resultat",
        (
            "verksamhetens nettokostnader",
            "skatteintäkter",
            "generella statsbidrag",
            "statsbidrag läkemedel?",
            "finansiella intäkter",
            "finansiella kostnader",
        ),
    ),
)
_TOTAL = re.compile(r"^(summa|delsumma|totalt|total)\b")
# A row of change over time: "Årlig procentuell förändring riket", "Nettokostnadsutveckling".
CHANGE_WORDS = ("förändring", "utveckling", "ökning")
# Words of a change row's label that name no row: "Årlig procentuell förändring …".
_CHANGE_FILLER = frozenset({"årlig", "årliga", "procentuell", "procentuella", "procent", "andel"})
MIN_SHARED_PREFIX = 5  # a change row names its row when two words share this many first letters
MAX_IDENTITY_TERMS = 3  # radsamband: a column as a signed sum of at most this many others
MIN_IDENTITY_ROWS = 2  # full rows, not all zero or all equal, that must show a radsamband


@dataclass(frozen=True)
class Figure:
    """A parsed figure and its printed text (the text gives its precision)."""

    value: Decimal
    raw: str


Grid = Mapping[tuple[str, str], Figure]


@dataclass(frozen=True)
class Earlier:
    """The rows of the table printed just before, with the same columns: a change row may name one of them."""

    rows: tuple[str, ...] = ()
    grid: Grid = field(default_factory=dict)


@dataclass(frozen=True)
class ColumnIdentity:
    """A column that is a signed sum of others in every full row: ``target`` = Σ sign × column."""

    target: int
    terms: tuple[tuple[int, int], ...]  # (column index, +1 or -1)


def check_table(rows: Sequence[str], columns: Sequence[str], grid: Grid, earlier: Earlier | None = None) -> list[str]:
    """Every identity failure in a table, as Swedish sentences; empty when all hold.

    Args:
        rows: row labels in document order.
        columns: column labels in document order.
        grid: the figures by (row label, column label); missing cells are absent.
        earlier: the table printed just before with the same columns, for change rows.
    """
    return [outcome for outcome in _outcomes(rows, columns, grid, earlier) if outcome is not None]


def agreement(rows: Sequence[str], columns: Sequence[str], grid: Grid, earlier: Earlier | None = None) -> tuple[int, int]:
    """How many identity comparisons hold and how many fail: a measure of how well a layout fits."""
    outcomes = _outcomes(rows, columns, grid, earlier, describe=False)
    failed = sum(1 for outcome in outcomes if outcome is not None)
    return len(outcomes) - failed, failed


def _outcomes(
    rows: Sequence[str], columns: Sequence[str], grid: Grid, earlier: Earlier | None, describe: bool = True
) -> list[str | None]:
    """One entry per comparison made: ``None`` where it holds, the Swedish failure (or "" if not ``describe``) where not."""
    checks = _Checks(list(rows), list(columns), grid, earlier or Earlier(), describe)
    return [
        *checks.statement(),
        *checks.restoration(),
        *checks.sums(),
        *checks.leading_totals(),
        *checks.varav(),
        *checks.row_sums(),
        *checks.changes(),
    ]


@functools.lru_cache(maxsize=4096)
def row_key(label: str) -> str:
    """A row label folded for matching: "Generella statsbidrag *" → "generella statsbidrag"."""
    return re.sub(r"[\s*:]+$", "", " ".join(label.split())).lower()


@functools.lru_cache(maxsize=4096)
def is_total(label: str) -> bool:
    """A row that sums others by its name: "Summa …", "Delsumma", "Totalt", "SUMMA TILLGÅNGAR"."""
    return bool(_TOTAL.match(row_key(label)))


@functools.lru_cache(maxsize=4096)
def is_varav(label: str) -> bool:
    """A row that itemises the row above it ("Varav medicinteknisk utrustning")."""
    return row_key(label).startswith("varav")


@functools.lru_cache(maxsize=4096)
def is_change(label: str) -> bool:
    """A row of change over time: "Årlig procentuell förändring riket", "Nettokostnadsutveckling"."""
    key = row_key(label)
    return any(word in key for word in CHANGE_WORDS)


def column_identities(columns: Sequence[str], rows: Sequence[str], grid: Grid) -> tuple[ColumnIdentity, ...]:
    """The radsamband the table's full rows show: each column that is a signed sum of others in all of them.

    Only rows with a figure in every column count; a relation must hold in each of them and
    be shown by at least ``MIN_IDENTITY_ROWS`` rows whose figures are not all zero or all
    equal. A column that two different relations explain is left unexplained. The result
    column is the rightmost of those taking part, so "A = B + C" is not also "B = A − C".
    """
    full = tuple(
        tuple((grid[(row, column)].value, decimals_of(grid[(row, column)].raw)) for column in columns)
        for row in rows
        if all((row, column) in grid for column in columns)
    )
    return _identities(len(columns), full) if len(full) >= MIN_IDENTITY_ROWS and len(columns) >= 3 else ()


@functools.lru_cache(maxsize=512)
def _identities(count: int, full: tuple[tuple[tuple[Decimal, int], ...], ...]) -> tuple[ColumnIdentity, ...]:
    found: dict[int, list[ColumnIdentity]] = {}
    for target in range(count):
        others = [column for column in range(count) if column < target]
        for size in range(2, min(MAX_IDENTITY_TERMS, len(others)) + 1):
            for chosen in itertools.combinations(others, size):
                for signs in itertools.product((1, -1), repeat=size):
                    identity = ColumnIdentity(target, tuple(zip(chosen, signs, strict=True)))
                    if _shown(identity, full):
                        found.setdefault(target, []).append(identity)
    return tuple(identities[0] for identities in found.values() if len(identities) == 1)


def _shown(identity: ColumnIdentity, full: tuple[tuple[tuple[Decimal, int], ...], ...]) -> bool:
    evidence = 0
    for row in full:
        involved = [row[identity.target], *(row[column] for column, _ in identity.terms)]
        expected = sum((sign * row[column][0] for column, sign in identity.terms), Decimal(0))
        coarsest = min(places for _, places in involved)
        if abs(expected - row[identity.target][0]) > max(TOLERANCE, Decimal(1).scaleb(-coarsest)):
            return False
        values = {value for value, _ in involved}
        evidence += len(values) > 1
    return evidence >= MIN_IDENTITY_ROWS


@dataclass
class _Checks:
    rows: list[str]
    columns: list[str]
    grid: Grid
    earlier: Earlier
    describe: bool = True  # False while layouts are scored: a failure is counted, not worded

    def statement(self) -> Iterator[str | None]:
        """The resultaträkning's identities, by the first rule whose rows the table has."""
        by_key = {row_key(row): row for row in reversed(self.rows)}  # first occurrence wins
        done: set[str] = set()
        for target, terms in STATEMENT_RULES:
            required = [term for term in terms if not term.endswith("?")]
            if target in done or target not in by_key or any(term not in by_key for term in required):
                continue
            done.add(target)
            present = [by_key[term.rstrip("?")] for term in terms if term.rstrip("?") in by_key]
            for column in self.columns:
                if all((by_key[term], column) in self.grid for term in required):
                    yield from self._compare("Resultaträkning", by_key[target], column, present, " + ".join(present))

    def restoration(self) -> Iterator[str | None]:
        """UB = IB + årets resultat, and each IB = the UB before it, where IB, UB and a result row exist."""
        ib, ub, result = (self._first_starting(prefix) for prefix in ("ib ", "ub ", "årets resultat"))
        if ib is None or ub is None or result is None:
            return
        for column in self.columns:
            yield from self._compare("Återställningsplan", ub, column, [ib, result], f"{ib} + {result}")
        for before, after in zip(self.columns, self.columns[1:], strict=False):
            yield from self._compare_cells("Återställningsplan", (ib, after), [(ub, before)], f"UB i kolumnen '{before}'")

    def sums(self) -> Iterator[str | None]:
        """Each "Summa"/"Totalt" row against the rows since the last sum, else all rows kept so far.

        A checked sum stands for the rows it sums from then on, so "SUMMA TILLGÅNGAR" is
        checked against the two "Summa …" rows above it; such a grand total closes its part.
        """
        running: list[str] = []
        for row in self.rows:
            if not is_total(row):
                running.append(row)
                continue
            last = max((i for i, name in enumerate(running) if is_total(name)), default=-1)
            since = [name for name in running[last + 1 :] if not is_varav(name)]
            varav = [name for name in running[last + 1 :] if is_varav(name)]
            whole = [name for name in running if not is_varav(name)]
            for terms, kept in ((since, [*running[: last + 1], row]), (whole, []), (varav, [*running, row])):
                problems = self._if_sum("Summering", row, terms)
                if problems is not None:
                    yield from problems
                    running = kept  # a grand total (of all rows kept) closes its part of the table
                    break
            else:
                running.append(row)

    def varav(self) -> Iterator[str | None]:
        """A row against the "Varav" rows under it, where they add up to it in most columns."""
        for index, row in enumerate(self.rows):
            if is_varav(row):
                continue
            parts = []
            for name in self.rows[index + 1 :]:
                if not is_varav(name):
                    break
                parts.append(name)
            if len(parts) >= 2:
                yield from self._if_sum("Varav-rader", row, parts) or ()

    def leading_totals(self) -> Iterator[str | None]:
        """A total printed above the rows it sums ("Total driftbudget …" over the boards), where it is their sum."""
        for index, row in enumerate(self.rows):
            if not is_total(row):
                return
            terms = []
            for name in self.rows[index + 1 :]:
                if is_total(name):
                    break
                if not is_varav(name):
                    terms.append(name)
            yield from self._if_sum("Summering", row, terms) or ()

    def row_sums(self) -> Iterator[str | None]:
        """Each radsamband of the table in every row that prints its result column and one of its terms."""
        for identity in column_identities(self.columns, self.rows, self.grid):
            target = self.columns[identity.target]
            how = " ".join(
                f"{'+' if sign > 0 else '−'} {self.columns[column]}"
                if position
                else f"{'' if sign > 0 else '−'}{self.columns[column]}"
                for position, (column, sign) in enumerate(identity.terms)
            )
            for row in self.rows:
                found = self.grid.get((row, target))
                figures = [
                    (self.grid[(row, self.columns[column])], sign)
                    for column, sign in identity.terms
                    if (row, self.columns[column]) in self.grid
                ]
                if found is None or not figures:
                    continue
                expected = sum((sign * figure.value for figure, sign in figures), Decimal(0))
                yield self._verdict("Radsamband", (row, target), expected, found, [figure for figure, _ in figures], how)

    def changes(self) -> Iterator[str | None]:
        """Each change row against the row it names, where the change holds in at least half of its columns."""
        for index, row in enumerate(self.rows):
            if not is_change(row) or not self._in_percent(row):
                continue
            reference = self._changed_row(row, index)
            if reference is None:
                continue
            name, grid = reference
            outcomes = [outcome for column in self.columns for outcome in self._change(row, column, name, grid)]
            failed = sum(1 for outcome in outcomes if outcome is not None)
            if outcomes and failed * 2 <= len(outcomes):
                yield from outcomes

    def _in_percent(self, row: str) -> bool:
        """A change in per cent: its label says so, or its figures carry "%" ("Förändring likvida medel" is in mkr)."""
        return "procent" in row_key(row) or any(
            figure.raw.endswith("%") for (name, _), figure in self.grid.items() if name == row
        )

    def _changed_row(self, row: str, index: int) -> tuple[str, Grid] | None:
        """The row a change row is about: the nearest above sharing a word with it, here or in the earlier table."""
        words = _naming_words(row)
        candidates = [(name, self.grid) for name in reversed(self.rows[:index])]
        candidates += [(name, self.earlier.grid) for name in reversed(self.earlier.rows)]
        for name, grid in candidates:
            if not is_change(name) and _shares_word(words, _naming_words(name)):
                return name, grid
        return None

    def _change(self, row: str, column: str, name: str, grid: Grid) -> Iterator[str | None]:
        found = self.grid.get((row, column))
        previous = self._previous_column(column)
        if found is None or previous is None:
            return
        now, before = grid.get((name, column)), grid.get((name, previous))
        if now is None or before is None or before.value == 0:
            return
        expected = (now.value / before.value - 1) * 100
        places = decimals_of(found.raw)
        if abs(expected - found.value) <= Decimal(6).scaleb(-places - 1):
            yield None
            return
        if not self.describe:
            yield ""
            return
        yield (
            f"Förändring: raden '{row}', kolumnen '{column}': väntat {format_number(expected, places)} "
            f"(förändringen av '{name}' från '{previous}'), tabellen anger {found.raw}."
        )

    def _previous_column(self, column: str) -> str | None:
        """The column of the year before (nearest to the left), else the column just left of this one."""
        position = self.columns.index(column)
        year = _year(column)
        if year is not None:
            return next((name for name in reversed(self.columns[:position]) if _year(name) == year - 1), None)
        return self.columns[position - 1] if position else None

    def _first_starting(self, prefix: str) -> str | None:
        return next((row for row in self.rows if row_key(row).startswith(prefix) or row_key(row) == prefix.strip()), None)

    def _if_sum(self, check: str, row: str, terms: list[str]) -> list[str | None] | None:
        """The comparisons if ``row`` is the sum of ``terms`` in at least half of its columns, else ``None``."""
        if not terms:
            return None
        how = "summan av " + ", ".join(f"'{term}'" for term in terms)
        outcomes = [outcome for column in self.columns for outcome in self._compare(check, row, column, terms, how)]
        failed = sum(1 for outcome in outcomes if outcome is not None)
        return None if not outcomes or failed * 2 > len(outcomes) else outcomes

    def _compare(self, check: str, row: str, column: str, terms: list[str], how: str) -> Iterator[str | None]:
        yield from self._compare_cells(check, (row, column), [(term, column) for term in terms], how)

    def _compare_cells(self, check: str, target: tuple[str, str], terms: list[tuple[str, str]], how: str) -> Iterator[str | None]:
        """Nothing if the cells are missing, else ``None`` (it holds) or the failure."""
        found = self.grid.get(target)
        figures = [self.grid[term] for term in terms if term in self.grid]
        if found is None or not figures:
            return
        expected = sum((figure.value for figure in figures), Decimal(0))
        yield self._verdict(check, target, expected, found, figures, how)

    def _verdict(
        self, check: str, target: tuple[str, str], expected: Decimal, found: Figure, figures: list[Figure], how: str
    ) -> str | None:
        if adds_up(expected, found, figures):
            return None
        if not self.describe:
            return ""
        decimals = max(decimals_of(figure.raw) for figure in [found, *figures])
        return (
            f"{check}: raden '{target[0]}', kolumnen '{target[1]}': väntat {format_number(expected, decimals)} "
            f"({how}), tabellen anger {found.raw}."
        )


@functools.lru_cache(maxsize=4096)
def _naming_words(label: str) -> tuple[str, ...]:
    """The words of a label that can name a row: "Nettokostnadsutveckling" → ["nettokostnads"]."""
    words = []
    for word in re.findall(r"[^\W\d_]+", label.lower()):
        for change in CHANGE_WORDS:
            word = word.replace(change, "")
        if len(word) >= MIN_SHARED_PREFIX and word not in _CHANGE_FILLER:
            words.append(word)
    return tuple(words)


def _shares_word(first: tuple[str, ...], second: tuple[str, ...]) -> bool:
    """Two labels name the same thing when a word of each starts alike: "riket" / "rikets", "nettokostnads" / "nettokostnader"."""
    return any(a[:MIN_SHARED_PREFIX] == b[:MIN_SHARED_PREFIX] for a in first for b in second)


@functools.lru_cache(maxsize=1024)
def _year(column: str) -> int | None:
    match = re.search(r"\b(19|20)\d\d\b", column)
    return int(match.group(0)) if match and not re.search(r"\d[-–]\d", column) else None


def adds_up(expected: Decimal, found: Figure, terms: Sequence[Figure]) -> bool:
    """Whether a printed figure equals what its terms give, within the rounding the figures are printed with."""
    return abs(expected - found.value) <= _tolerance([found, *terms])


def _tolerance(figures: list[Figure]) -> Decimal:
    coarsest = min(decimals_of(figure.raw) for figure in figures)
    return max(TOLERANCE, Decimal(1).scaleb(-coarsest))
