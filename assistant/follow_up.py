"""Follow-up questions complete the previous turn's Query: they keep what it asked and change what they say.

Both questions are read by ``assistant.query`` (one reading, the same for every stage);
the follow-up's mentions — years, documents, boards, amounts, content words, pronouns —
say what changes, and the previous question's mentions say where. The result is the
previous question rewritten at those spans, shown to the user as "Tolkad som: …":

    "Och 2028?"                                     another year
    "Och patientnämnden?" / "Och hårdvaran?"         another board or subject, the rest kept
    "Och hur mycket var det i förra regionplanen?"   the same question of another document
    "Vem äger det uppdraget?" / "Vilken nämnd fick pengarna då?"  a new question about the previous subject
    "Hur stor andel är det i procent?"               the previous figure as a share (of what it was "av")
    "Vad blir det om det i stället blir 200 miljoner?"  the previous scenario with a new figure

Each rule names its class of follow-up; a question that names its own subject and
leans on nothing is left as asked. There is no model: a conversation resolves the
same way every time.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from assistant.matching import Text, found
from assistant.query import NEWER, OLDER, OPERATION_STEMS, Mention, Op, Query, Word, is_verb
from assistant.vocabulary import Vocabulary
from index.analysis import stems

if TYPE_CHECKING:
    pass

CONNECTOR = re.compile(r"^(?:och|men|än|samt|okej|ok)\b[\s,]*", re.IGNORECASE)
PRONOUN = re.compile(r"\b(?:det|den|detta|dessa|denna|dem|de|samma|det\s+här|den\s+här)\b", re.IGNORECASE)
# Words that point back at what the previous answer was about: "pengarna", "beloppet", "det uppdraget".
REFERENCE = re.compile(
    r"\b(?:de\s+|dessa\s+|det\s+|detta\s+|samma\s+)?(?:pengarna|beloppet|summan|siffran|siffrorna|kostnaden|medlen|uppdraget|det\s+uppdraget)\b"
    r"|\bdet\b|\bden\b|\bdetta\b|\bdessa\b",
    re.IGNORECASE,
)
STRONG_REFERENCE = re.compile(r"\b(?:pengarna|beloppet|summan|siffran|siffrorna|kostnaden|medlen|uppdraget)\b", re.IGNORECASE)
NAMED_AFTER = re.compile(r"\s+(?:om|för|kring|gällande|inom|till)\s+\w", re.IGNORECASE)
POINTING_PRONOUN = re.compile(r"\b(?:den|denna|dessa|detta)\b|\b(?:av|i|för|från|till|om|på)\s+det\b", re.I)
DETERMINED = re.compile(r"\s+\w+[ae]\s+\w+", re.I)  # "den gamla planen", "det nya året": a determiner
THEN = re.compile(r"\s*\b(?:då|den gången|det året)\b(?=\s*[?.!]?\s*$)", re.IGNORECASE)
INSTEAD = re.compile(r"\bi\s+stället\b|\bistället\b", re.IGNORECASE)
VAGUE = re.compile(
    r"^(?:och\s+)?(?:hur\s+(?:är|blir|var|ser)\s+det\s+(?:ut\s+)?(?:med|för)|hur\s+ligger\s+vi\s+till\s+med|vad\s+gäller\s+för"
    r"|vad\s+sägs\s+om|när\s+det\s+gäller|gäller\s+det\s+också)\s+",
    re.IGNORECASE,
)
ASKED_CLASS = re.compile(r"\bvilke[nt]\s+(nämnd|styrelse|organ|avdelning|målområde|avsnitt|kapitel)", re.IGNORECASE)
FIGURE_FRAME = re.compile(
    r"^(?:hur\s+(?:mycket|stor|stort|stora|många|hög|högt)|vilket\s+belopp|vad)\b(?:\s+(?P<verb>var|är|blev|blir))?", re.I
)
# "… av totalen", "… av hela budgeten": the whole a share follow-up names.
WHOLE = re.compile(r"\bav\s+(?:\w+\s+){0,2}?\w+(?=\s+(?:är|var|blir|utgör|motsvarar)\b|\s*[?.!]?\s*$)", re.I)
# A follow-up with at most this many content words of its own leans on the previous question.
MAX_ELLIPTIC_WORDS = 3
INTERROGATIVE = re.compile(r"^(?:vad|vilke[nt]|vilka|hur|vem|vems|när|varför|var|finns|fanns|stämmer|har|är)\b", re.I)
# Words a follow-up points back or frames with, not a subject: "hur såg det ut", "samma sak", "pengarna".
POINTING_STEMS = frozenset(
    stems("såg ser se sett ut sa säger sade sak saken fråga frågan pengarna beloppet summan siffran siffrorna medlen")
)


def content(query: Query, start: int = 0) -> list[Word]:
    """The words that name what a question is about: not operation words ("andel", "procent"), nor the verbs
    and nouns a follow-up points back with ("såg det ut", "samma sak", "pengarna")."""
    return [w for w in query.words if w.stem not in OPERATION_STEMS and w.stem not in POINTING_STEMS and w.start >= start]


def own_subject(question: Query, previous: Query) -> list[Word]:
    """The follow-up's words for a subject of its own: content the previous question did not name, that is
    neither a verb nor the kind of thing asked for ("vilken nämnd")."""
    known = Text.of(previous.text)
    asked = ASKED_CLASS.search(question.text)
    return [
        w
        for w in content(question)
        if not found(w.stem, known, w.text.lower()) and not is_verb(w) and not (asked and asked.start() <= w.start < asked.end())
    ]


def _restates(own: Word, earlier: Word) -> bool:
    """The follow-up's word names the earlier one, or a more or less specific form of it ("budgetram", "nettobudgetram")."""
    return found(own.stem, Text.of(earlier.text), own.text.lower()) or found(
        earlier.stem, Text.of(own.text), earlier.text.lower()
    )


def _unsaid(previous: Query, question: Query) -> Query:
    """The previous question's years and documents that the follow-up does not replace with its own."""
    return replace(
        previous,
        years=() if question.years else previous.years,
        documents=() if question.documents else previous.documents,
    )


def _pronoun(text: str, own: list[Word]) -> bool:
    """Whether the question has a pronoun that stands for something said before: "hade den", "av den", "i det";
    not the empty "det" of "hur går det", the determiner of "den gamla planen", nor a pronoun after the question's
    own subject ("Vilken sorts styrdokument är styrmodellen, och när beslutades den?")."""
    return any(
        not DETERMINED.match(text, match.end()) and not any(w.start < match.start() for w in own)
        for match in POINTING_PRONOUN.finditer(text)
    )


def _stands_alone(question: Query) -> bool:
    """A question of its own form ("Vilket lånetak gäller för 2027?"): it starts with a question word and
    names something, and does not open with "och" or "hur är det med"."""
    if CONNECTOR.match(question.text) or VAGUE.match(question.text):
        return False
    return bool(INTERROGATIVE.match(question.text)) and bool(content(question) or question.boards)


def complete(question: Query, previous: Query, assignment: str | None = None, vocabulary: Vocabulary | None = None) -> str | None:
    """``question`` made self-contained with the previous turn's Query, or None when it stands on its own.

    With the ``vocabulary``, a board the previous question named is left out when the follow-up moves to a document
    that never names it ("… kollektivtrafiknämnden …" → "Och i förra regionplanen?", when there was no such board).
    """
    for rule in RULES:
        if _stands_alone(question) and own_subject(question, previous) and rule.__name__ in ELLIPTIC_RULES:
            continue  # "Vilket lånetak gäller för 2027?" after another question asks about lånetak, nothing else
        rewritten = rule(question, previous, assignment)
        if rewritten is not None:
            return tidy(_without_absent_boards(rewritten, question, previous, vocabulary))
    return None


def _without_absent_boards(text: str, question: Query, previous: Query, vocabulary: Vocabulary | None) -> str:
    documents = question.document_ids
    if vocabulary is None or not documents:
        return text
    for board in previous.boards:
        if board.text in text and not vocabulary.board_in(board.name, documents):
            text = text.replace(board.text, "", 1)
    return text


def _elliptic(question: Query) -> bool:
    """ "Och X?", "Hur är det med X?", or a few words only: it leans on the previous question."""
    if CONNECTOR.match(question.text) or VAGUE.match(question.text):
        return True
    return len(content(question)) <= 1 and not INTERROGATIVE.match(question.text)


def _new_figure(question: Query, previous: Query, assignment: str | None) -> str | None:
    """A new scenario figure: "Vad blir det om resultatet i stället blir 150?" → the previous question with it."""
    if not INSTEAD.search(question.text) and not (Op.WHAT_IF in question.operations and PRONOUN.search(question.text)):
        return None
    replacements = _figure_replacements(question, previous)
    return _replaced(previous.text, replacements) if replacements else None


def _figure_replacements(question: Query, previous: Query) -> list[tuple[Mention, str]]:
    pairs: list[tuple[Mention, str]] = []
    for new, old in (
        (question.amounts, previous.amounts),
        (question.percents, previous.percents),
        (question.counts, previous.counts),
    ):
        for position, mention in enumerate(new):
            same = (
                [m for m in old if getattr(m, "noun", None) == getattr(mention, "noun", None)]
                if new is question.counts
                else list(old)
            )
            if same:
                pairs.append((same[min(position, len(same) - 1)], mention.text))
    if not pairs and question.numbers and (previous.amounts or previous.percents):
        old = (previous.amounts or previous.percents)[0]
        unit = re.split(r"\d(?:[\d\s,.]*\d)?", old.text)[-1].strip()  # "minus 40 000 kronor" → "kronor"
        pairs.append((old, f"{question.numbers[0].text} {unit}".strip()))
    return pairs


def _assignment_reference(question: Query, previous: Query, assignment: str | None) -> str | None:
    """ "Vem äger det uppdraget?" → the uppdrag's own words in place of "det uppdraget"."""
    match = re.search(r"\b(?:det|detta|samma|det\s+här)\s+uppdrag(?:et)?\b", question.text, re.IGNORECASE)
    if assignment is None or match is None:
        return None
    return question.text[: match.start()] + f"uppdraget ”{assignment}”" + question.text[match.end() :]


def _context_swap(question: Query, previous: Query, assignment: str | None) -> str | None:
    """Another year or document, nothing else: "Och 2024?", "Och hur mycket var det i förra regionplanen?"."""
    if not (question.years or question.documents) or question.boards or ASKED_CLASS.search(question.text):
        return None
    known = {w.stem for w in previous.words}
    if any(w.stem not in known for w in content(question)) or (content(question) and not _leans(question)):
        return None  # the follow-up's own words, not repeated from before, make a question of its own
    return _with_context(previous.text, previous, question)


def _leans(question: Query) -> bool:
    return bool(CONNECTOR.match(question.text) or REFERENCE.search(question.text))


def _subject_swap(question: Query, previous: Query, assignment: str | None) -> str | None:
    """Another board or subject, the rest kept: "Och patientnämnden?", "Och för regionstyrelsens politiker?",
    "Och hur ligger vi till med säkerheten hos mjukvaran?", "Och hårdvaran?", "Och på Birka?"."""
    own = content(question)
    if (
        not _elliptic(question)
        or len(own) > MAX_ELLIPTIC_WORDS + 3
        or not (own or question.boards)
        or ASKED_CLASS.search(question.text)
    ):
        return None
    if FIGURE_FRAME.match(CONNECTOR.sub("", question.text)) and not VAGUE.match(question.text) and len(own) > 1:
        return None  # "Och hur stor var X 2024?" asks its own question
    new_span = _span(question, own, question.boards)
    if new_span is None:
        return None
    new_text = _strip_context(question, *new_span)
    text = _swap(previous, question, new_text, own)
    if text is None:
        return None
    if question.years or question.documents:
        return _with_context(text, read_like(previous, text), question)
    return text


def _swap(previous: Query, question: Query, new_text: str, own: list[Word]) -> str | None:
    """Where in the previous question the new subject goes."""
    if question.boards and previous.boards:
        old = previous.boards[0]
        end = old.end
        shared = {w.stem for w in own}
        for word in previous.words:  # "regionfullmäktiges politiker" → "regionstyrelsens politiker"
            if word.start >= end and word.stem in shared and word.start - end <= 2:
                end = word.end
        return previous.text[: old.start] + new_text + previous.text[end:]
    alike = _alike(previous, own)
    if alike is not None:
        return previous.text[: alike.start] + own[-1].text + previous.text[alike.end :]
    capitalised = new_text[:1].isupper() and len(own) == 1
    own_organisation = [m for m in previous.organisations if m.own]
    if capitalised and own_organisation:  # "Och på Birka?" → Birka in place of "regionen"
        old = own_organisation[0]
        return previous.text[: old.start] + new_text + previous.text[old.end :]
    subject = [w for w in content(previous) if _in_asking_part(previous, w) and not _is_measure_frame(w)]
    while subject and _verb(subject[-1]):
        subject.pop()  # "… hälsosamtalen har genomförts": the subject ends before its verb
    if not subject:
        return None
    start = _before_determiners(previous.text, subject[0].start)
    return previous.text[:start] + new_text + previous.text[subject[-1].end :]


def _verb(word: Word) -> bool:
    return is_verb(word)


def _is_measure_frame(word: Word) -> bool:
    return word.stem in ("mål", "målet", "utfall")


def _in_asking_part(query: Query, word: Word) -> bool:
    return any(part.asking and part.start <= word.start < part.end for part in query.parts[:1]) or not query.parts


def _alike(previous: Query, own: list[Word]) -> Word | None:
    """The previous word the new one resembles at the end ("mjuk|varan" and "hård|varan"): only it is replaced."""
    if len(own) != 1:
        return None
    new = own[0].text.lower()
    scored = [(_shared_ending(w.text.lower(), new), w) for w in previous.words]
    alike = [(shared, w) for shared, w in scored if 4 <= shared < min(len(w.text), len(new))]
    return max(alike, key=lambda item: item[0])[1] if alike else None


def _shared_ending(first: str, second: str) -> int:
    length = 0
    while length < min(len(first), len(second)) and first[-1 - length] == second[-1 - length]:
        length += 1
    return length


def _percent_of_previous(question: Query, previous: Query, assignment: str | None) -> str | None:
    """ "Hur stor andel är det i procent?" → the previous question asked as a share ("Hur stor andel av X var Y?")."""
    if Op.SHARE not in question.operations or not PRONOUN.search(question.text):
        return None
    whole = WHOLE.search(question.text)
    if any(not (whole and whole.start() <= w.start < whole.end()) for w in content(question)):
        return None  # words of its own beyond "av totalen": a question of its own
    frame = FIGURE_FRAME.match(previous.text)
    if frame is None:
        return None
    verb = f" {frame.group('verb')}" if frame.group("verb") else ""
    return f"Hur stor andel{' ' + whole.group(0).strip() if whole else ''}{verb}{previous.text[frame.end() :]}"


def _referent(question: Query, previous: Query, assignment: str | None) -> str | None:
    """A new question about the previous subject: "Vilken nämnd fick pengarna då?", "Under vilket målområde står de?"
    → the pronoun followed by what the previous question was about, and its document and years."""
    reference = REFERENCE.search(question.text)
    if reference is None or (len(content(question)) > MAX_ELLIPTIC_WORDS and not THEN.search(question.text)):
        return None
    strong = STRONG_REFERENCE.search(question.text)
    own = own_subject(question, previous)
    pointing = (strong and not NAMED_AFTER.match(question.text, strong.end())) or _pronoun(question.text, own)
    if own and not pointing:
        return None  # "Hur går det med uppdraget om kompetensförsörjning?": "det" and "uppdraget" point at nothing
    asked = ASKED_CLASS.search(question.text)
    restated = content(question)  # "i budgetram 2020" restates "nettobudgetram": the follow-up's word stands
    subject = [
        w
        for w in content(previous)
        if _in_asking_part(previous, w) and not _verb(w) and not any(_restates(own, w) for own in restated)
    ]
    boards = [] if asked and asked.group(1).lower() in ("nämnd", "styrelse", "organ") else list(previous.boards)
    words = sorted(subject + [b for b in boards], key=lambda m: m.start)
    if not words:
        return None
    referent = " ".join(m.text for m in words)
    text = THEN.sub("", question.text)
    reference = REFERENCE.search(text)
    if reference is None:
        return None
    text = f"{text[: reference.end()]} ({referent}){text[reference.end() :]}"
    return _with_context(text, read_like(previous, text), _unsaid(previous, question), only_missing=True)


TEMPORAL = re.compile(r"\b(?:det|samma|detta)\s+år(?:et)?\b|\bden\s+gången\b|\bdå(?=\s*[?.!]?\s*$)", re.IGNORECASE)


def _temporal(question: Query, previous: Query, assignment: str | None) -> str | None:
    """ "det året", "samma år", "då": the previous question's year (and document), the new question kept."""
    match = TEMPORAL.search(question.text)
    if match is None or question.years or question.documents or STRONG_REFERENCE.search(question.text):
        return None  # "Vilken nämnd fick pengarna då?" refers to the previous subject too: see _referent
    if not previous.years and not previous.documents:
        return None
    if not own_subject(question, previous) and PRONOUN.search(question.text[: match.start()] + question.text[match.end() :]):
        return None  # "Varför är det så högt då?": "det" is the previous subject, see _referent
    text = question.text[: match.start()] + question.text[match.end() :]
    return _with_context(text, read_like(previous, text), _unsaid(previous, question), only_missing=True)


ELLIPTIC_RULES = frozenset({"_context_swap", "_subject_swap"})
RULES: tuple[Callable[[Query, Query, str | None], str | None], ...] = (
    _assignment_reference,
    _new_figure,
    _percent_of_previous,
    _context_swap,
    _subject_swap,
    _temporal,
    _referent,
)


# --- Text at the Query's spans ----------------------------------------------------------------


def read_like(previous: Query, text: str) -> Query:
    """A rough re-reading of rewritten text for the spans that moved: only years and documents are looked up again."""
    from assistant.query import DocumentMention, YearMention  # local: the dataclasses, not the reader

    years = tuple(
        YearMention(m.text, text.find(m.text), text.find(m.text) + len(m.text), m.year, m.kind)
        for m in previous.years
        if m.text in text
    )
    documents = tuple(
        DocumentMention(m.text, text.find(m.text), text.find(m.text) + len(m.text), m.doc_ids, m.negated)
        for m in previous.documents
        if m.text in text
    )
    return Query(text=text, years=years, documents=documents)


def _with_context(text: str, old: Query, new: Query, only_missing: bool = False) -> str:
    """``text`` with ``old``'s years and document replaced by ``new``'s (or, ``only_missing``, added where absent)."""
    replacements: list[tuple[Mention, str]] = []
    additions: list[str] = []
    new_documents = [m for m in new.documents if not m.negated]
    if new_documents:
        document = " ".join(_document_text(new, m) for m in new_documents)
        if old.documents and not only_missing:
            replacements.append((old.documents[0], document))
            replacements += [(m, "") for m in old.documents[1:]]
        elif not old.documents:
            additions.append(_document_phrase(new, new_documents[0]))
        if not only_missing and not new.years:
            replacements += [(_with_preposition(text, m), "") for m in old.years if not _inside_any(m, old.documents)]
    if new.years:
        period = _years_phrase(new)
        kept = [m for m in old.years if not _inside_any(m, old.documents)]
        old_spans = list({(m.start, m.end): m for m in kept}.values())
        new_spans = list({(m.start, m.end): m for m in new.years}.values())
        if kept and not only_missing and len(new_spans) == len(old_spans) > 1:
            # "från 2026 till 2027" → "Och från 2027 till 2028?": each year in its place
            replacements += [(old_span, new_span.text) for old_span, new_span in zip(old_spans, new_spans, strict=True)]
        elif old.years and not only_missing:
            if kept:
                replacements.append((kept[-1], period.split(" ", 1)[-1] if kept[-1].text[:1].isdigit() else period))
                replacements += [(m, "") for m in kept[:-1] if m.text != kept[-1].text]
            else:
                additions.append(period)
        elif not old.years:
            additions.append(period)
    text = _replaced(text, replacements)
    for phrase in additions:
        text = _append(text, phrase)
    return text


YEAR_PREPOSITION = re.compile(r"(?:\b(?:i|för|under|inför|år|budget(?:en)?|plan(?:en)?)\s+)+$", re.IGNORECASE)


def _with_preposition(text: str, mention: Mention) -> Mention:
    """A year's mention widened to the words that introduce it ("i budgeten för 2026"), for removing it whole."""
    before = YEAR_PREPOSITION.search(text[: mention.start])
    if before is None:
        return mention
    return Mention(text[before.start() : mention.end], before.start(), mention.end)


def _document_text(query: Query, mention) -> str:
    """A document mention with the word before it that chose between versions ("gamla planen", "nya planen")."""
    before = re.search(r"\b(\w+)\s+$", query.text[max(0, mention.start - 16) : mention.start])
    if before and (OLDER.fullmatch(before.group(1)) or NEWER.fullmatch(before.group(1))):
        return f"{before.group(1)} {mention.text}"
    return mention.text


def _document_phrase(query: Query, mention) -> str:
    before = query.text[max(0, mention.start - 12) : mention.start].lower()
    preposition = re.search(r"\b(enligt|i|från|under)\s+(?:den\s+|det\s+)?(?:\w+\s+)?$", before)
    lead = query.text[mention.start - len(preposition.group(0)) if preposition else mention.start : mention.start]
    return (lead + mention.text).strip() if preposition else f"enligt {_document_text(query, mention)}"


def _years_phrase(query: Query) -> str:
    years = sorted({m.year for m in query.years})
    if len(years) > 1 and years == list(range(years[0], years[-1] + 1)):
        return f"åren {years[0]}–{years[-1]}"
    return "år " + " och ".join(str(y) for y in years)


def _inside_any(mention: Mention, spans) -> bool:
    return any(span.start <= mention.start < span.end for span in spans)


def _span(query: Query, words: list[Word], boards) -> tuple[int, int] | None:
    mentions = sorted([*words, *boards], key=lambda m: m.start)
    return (mentions[0].start, mentions[-1].end) if mentions else None


def _strip_context(query: Query, start: int, end: int) -> str:
    """The new subject's text without a leading preposition or "då"."""
    text = query.text[start:end]
    before = query.text[max(0, start - 12) : start]
    keep = re.search(r"\b(?:hos|med|för|på|av|i)\s+$", before)
    text = (before[keep.start() :] if keep and re.match(r"\s*(?:hos|av)\b", before[keep.start() :]) else "") + text
    return THEN.sub("", text).strip()


def _before_determiners(text: str, start: int) -> int:
    before = text[:start].rstrip()
    last = before.rsplit(" ", 1)[-1]
    return len(before) - len(last) if last.lower() in ("de", "den", "det", "dess", "en", "ett", "dessa") else start


def _replaced(text: str, replacements: list[tuple[Mention, str]]) -> str:
    """``text`` with each mention's span replaced, right to left so earlier offsets hold."""
    for mention, new in sorted(replacements, key=lambda pair: -pair[0].start):
        if 0 <= mention.start <= mention.end <= len(text) and text[mention.start : mention.end] == mention.text:
            text = text[: mention.start] + new + text[mention.end :]
    return text


def _append(text: str, phrase: str) -> str:
    """``phrase`` added before the question's final punctuation."""
    stripped = text.rstrip()
    end = stripped[-1] if stripped and stripped[-1] in "?.!" else "?"
    return f"{stripped.rstrip('?.!').rstrip()} {phrase}{end}"


def tidy(text: str) -> str:
    """One space between words, none before punctuation, no empty parentheses, a capital first letter."""
    text = CONNECTOR.sub("", " ".join(text.split()))
    text = re.sub(r"\s+([?.!,)])", r"\1", text)
    text = re.sub(r",\s*([?.!,])", r"\1", text)
    text = re.sub(r"\(\s+", "(", text).replace("()", "")
    text = " ".join(text.split())
    return text[:1].upper() + text[1:]
