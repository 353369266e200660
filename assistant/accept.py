"""Whether a candidate explains the question: every year, amount, percentage, document, board,
organisation and enough of the words the question names must be accounted for.

Precision first: a figure that leaves part of the question unexplained is not given. The
gaps are returned in Swedish, so an abstention can say what the documents do not cover.
"""

from __future__ import annotations

from assistant.candidates import Candidate
from assistant.query import OPERATION_STEMS, YEAR_RANGE, Part, Query, Word, is_verb, kind_of_word, names_no_measure

# Share of a part's (weighted) words the evidence of a figure must hold; calibrated on the dev sets (closing note).
MIN_FIGURE_COVERAGE = 0.5
# A word this specific (idf) is what the question is about: the evidence must name it, whatever else it names.
MIN_KEY_WEIGHT = 3.0


def names_key(query: Query, index: int, candidate: Candidate) -> bool:
    """Whether the candidate's evidence names the part's most specific word (the one that tells the measure asked
    from its neighbours: "hårdvaran", not "mjukvaran"). Among candidates that explain a part, these come first."""
    key = key_word(query, index)
    return key is None or key.stem in candidate.usage.words


def specific_words(query: Query, index: int) -> list[Word]:
    """The part's words as specific as a key word that name what is asked (not an operation or a verb)."""
    part = query.parts[index]
    return [w for w in part.words if w.weight >= MIN_KEY_WEIGHT and w.stem not in OPERATION_STEMS and not is_verb(w)]


def specific_weight(query: Query, index: int, candidate: Candidate) -> float:
    """The weight of the part's specific words the candidate's evidence names: of two figures that both explain the
    part, the one naming "hårdvaran" as well as "IT-miljön" is the one asked for."""
    return sum(w.weight for w in specific_words(query, index) if w.stem in candidate.usage.words)


def most_specific_word(query: Query, index: int, min_weight: float | None = None) -> Word | None:
    """The part's rarest word naming what is asked (not an operation or a verb), known to the documents or not,
    when it is specific enough to tell measures apart ("ambulans", "specialistutbilda")."""
    part = query.parts[index]
    own = [w for w in part.words if part.start <= w.start < part.end]  # not the words it borrows from other parts
    words = [w for w in own if w.stem not in OPERATION_STEMS and not is_verb(w)]
    key = max(words, key=lambda w: w.weight, default=None)
    return key if key is not None and key.weight >= (MIN_KEY_WEIGHT if min_weight is None else min_weight) else None


def key_word(query: Query, index: int) -> Word | None:
    """The part's most specific known noun, when it is specific enough to tell measures apart (else None)."""
    words = [w for w in query.parts[index].words if w.known and w.stem not in OPERATION_STEMS and not is_verb(w)]
    key = max(words, key=lambda w: w.weight, default=None)
    return key if key is not None and key.weight >= MIN_KEY_WEIGHT else None


def part_scope(query: Query, index: int) -> tuple[Part, list[int]]:
    """The part and the spans (part indexes) whose numbers, boards and years it must account for.

    A part that asks accounts for what it names and for what the scene-setting parts name
    ("Säg att 2026 slutar på minus 230 miljoner. … hur mycket återstår?").
    """
    part = query.parts[index]
    scope = [index] + [i for i, other in enumerate(query.parts) if not other.asking and i != index]
    return part, scope


def _within(query: Query, scope: list[int], start: int) -> bool:
    return any(query.parts[i].start <= start < query.parts[i].end for i in scope)


def gaps(query: Query, index: int, candidate: Candidate, min_coverage: float = MIN_FIGURE_COVERAGE) -> list[str]:
    """What of part ``index`` the candidate leaves unexplained, in Swedish; empty when it explains it."""
    part, scope = part_scope(query, index)
    usage = candidate.usage
    found: list[str] = []
    for mention in part.years:
        if mention.year not in usage.years:
            found.append(f"år {mention.year}")
    for position, amount in enumerate(query.amounts):
        if _within(query, scope, amount.start) and position not in usage.amounts:
            found.append(amount.text)
    for position, percent in enumerate(query.percents):
        if _within(query, scope, percent.start) and position not in usage.percents:
            found.append(percent.text)
    for position, count in enumerate(query.counts):
        if count.required and _within(query, scope, count.start) and position not in usage.counts:
            found.append(count.text)
    documents = part_documents(query, index)
    if documents and not usage.documents & documents:
        found.append("det dokument frågan anger")
    found += unindexed_documents(query, scope)
    if usage.documents & query.excluded_documents:
        found.append("ett annat dokument än det frågan utesluter")
    for board in query.boards:
        if _within(query, scope, board.start) and board.name not in usage.boards:
            found.append(board.name)
    for organisation in query.other_organisations:
        if _within(query, scope, organisation.start) and organisation.name not in usage.organisations:
            found.append(organisation.text)
    if usage.excluded:
        found.append("det frågan utesluter")
    words = [word for word in part.words if part.asking]
    matched = usage.words | {w.stem for w in words if kind_of_word(w) in usage.kinds}  # "utfallet": an Utfall cell
    # a verb naming which figure ("budgeterades", "beräknas") or none ("såg … ut") is not required; "kostar" is
    required = [word for word in words if not names_no_measure(word)]
    if max(_covered(words, matched), _covered(required, matched) if required else 0.0) < min_coverage:
        missing = [word.text for word in words if word.stem not in matched]
        found.append("det frågan gäller (" + ", ".join(dict.fromkeys(missing)) + ")")
    return found


def unindexed_documents(query: Query, scope: list[int]) -> list[str]:
    """The documents the parts in ``scope`` name that are not indexed ("andra tertialet" with only T1), in Swedish."""
    return [
        f"{m.text.rstrip('…')} (finns inte bland dokumenten)"
        for m in query.documents
        if not m.doc_ids and not m.negated and _within(query, scope, m.start)
    ]


def _covered(words: list[Word], found: frozenset[str]) -> float:
    """The weighted share of ``words`` whose stems were found (1.0 when there are none)."""
    total = sum(word.weight for word in words)
    return sum(word.weight for word in words if word.stem in found) / total if total else 1.0


def part_documents(query: Query, index: int) -> frozenset[str]:
    """The documents part ``index`` names, or, when it names none, those the question names elsewhere."""
    part = query.parts[index]
    own = frozenset(doc for m in query.documents if not m.negated and part.start <= m.start < part.end for doc in m.doc_ids)
    if own:
        return own
    # "… enligt regionplanen 2020–2022, och vilken nettobudget har nämnden 2026?": a plan named for other years
    # than the part asks is not the part's document
    years = {y.year for y in part.years}
    return frozenset(
        doc
        for m in query.documents
        if not m.negated and not (years and (period := _period_of(m.text)) and not years & period)
        for doc in m.doc_ids
    )


def _period_of(text: str) -> set[int]:
    """The years a document mention's own period spans ("regionplanen 2020–2022"), or none."""
    match = YEAR_RANGE.search(text)
    return set(range(int(match.group(1)), int(match.group(2)) + 1)) if match else set()
