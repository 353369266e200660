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
  least half of the columns (a "varav" list may be incomplete on purpose).

Tolerance: the documents print rounded figures, so a difference of 0,1 is accepted, or
one unit of the last printed digit when the figures are printed more coarsely (whole
millions in a balance budget: 441 + 1 018 printed as 1 460). A failure is reported, in
Swedish, naming row, column, expected and found; nothing here raises.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
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


@dataclass(frozen=True)
class Figure:
    """A parsed figure and its printed text (the text gives its precision)."""

    value: Decimal
    raw: str


Grid = Mapping[tuple[str, str], Figure]


def check_table(rows: Sequence[str], columns: Sequence[str], grid: Grid) -> list[str]:
    """Every identity failure in a table, as Swedish sentences; empty when all hold.

    Args:
        rows: row labels in document order.
        columns: column labels in document order.
        grid: the figures by (row label, column label); missing cells are absent.
    """
    return [outcome for outcome in _outcomes(rows, columns, grid) if outcome is not None]


def agreement(rows: Sequence[str], columns: Sequence[str], grid: Grid) -> tuple[int, int]:
    """How many identity comparisons hold and how many fail: a measure of how well a layout fits."""
    outcomes = _outcomes(rows, columns, grid)
    failed = sum(1 for outcome in outcomes if outcome is not None)
    return len(outcomes) - failed, failed


def _outcomes(rows: Sequence[str], columns: Sequence[str], grid: Grid) -> list[str | None]:
    """One entry per comparison made: ``None`` where it holds, the Swedish failure where not."""
    checks = _Checks(list(rows), list(columns), grid)
    return [*checks.statement(), *checks.restoration(), *checks.sums(), *checks.varav()]


def row_key(label: str) -> str:
    """A row label folded for matching: "Generella statsbidrag *" → "generella statsbidrag"."""
    return re.sub(r"[\s*:]+$", "", " ".join(label.split())).lower()


def is_total(label: str) -> bool:
    """A row that sums others by its name: "Summa …", "Delsumma", "Totalt", "SUMMA TILLGÅNGAR"."""
    return bool(_TOTAL.match(row_key(label)))


def is_varav(label: str) -> bool:
    """A row that itemises the row above it ("Varav medicinteknisk utrustning")."""
    return row_key(label).startswith("varav")


@dataclass
class _Checks:
    rows: list[str]
    columns: list[str]
    grid: Grid

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
        if abs(expected - found.value) <= _tolerance([found, *figures]):
            yield None
            return
        decimals = max(decimals_of(figure.raw) for figure in [found, *figures])
        yield (
            f"{check}: raden '{target[0]}', kolumnen '{target[1]}': väntat {format_number(expected, decimals)} "
            f"({how}), tabellen anger {found.raw}."
        )


def _tolerance(figures: list[Figure]) -> Decimal:
    coarsest = min(decimals_of(figure.raw) for figure in figures)
    return max(TOLERANCE, Decimal(1).scaleb(-coarsest))
