"""Follow-up questions → self-contained questions, by rules over the previous turn.

A chat question often leans on the one before it:

    "Hur mycket kompenseras kollektivtrafiknämnden för Norrtåg i budgeten för 2026?"
    "Och hur mycket var det i förra regionplanen, den som gällde 2020–2022?"
    → "Hur mycket kompenseras kollektivtrafiknämnden för Norrtåg i förra regionplanen, den som gällde 2020–2022?"
    "Vilken nämnd fick pengarna då?"
    → "Vilken nämnd fick pengarna (Norrtåg) i förra regionplanen, den som gällde 2020–2022?"

A question is taken apart into its *context* (a document phrase such as "enligt
tertialrapport 1" and year expressions), its *frame* (question words, measures and
generic verbs: "hur stor andel", "målet", "kompenseras") and its *subject* (the rest:
"riktade hälsosamtalen"). Each rule below recombines the new question's parts with
the previous question's. There is no model: the same conversation always resolves
the same way, and a question with its own subject and no anaphor is left as asked.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from assistant.params import NUMBER_WORDS, extract_parameters
from index.analysis import STOPWORDS, stems

if TYPE_CHECKING:
    from assistant.session import Turn

YEAR = r"(?<!\d)(?:19|20)\d\d(?:\s*[–—-]\s*(?:19|20)\d\d)?(?!\d)"
_YEAR = re.compile(YEAR)
_DOC_NOUN = (
    r"(?:regionplan|budget|tertialrapport|delårsrapport|årsredovisning|verksamhetsplan|plan|rapport|summering"
    r"|tjänsteskrivelse|planeringsförutsättningar)(?:en|et|erna|arna|na|n)?"
)
# A document named as the question's source: "enligt tertialrapport 1", "i budgeten för 2026",
# "i förra regionplanen, den som gällde 2020–2022". Only with a preposition: a bare "budgeten" is a subject.
DOCUMENT = re.compile(
    r"\b(?:enligt|i|inför|från|under)\s+(?:(?:den|det)\s+)?"
    r"(?:(?:förra|föregående|senaste|nya|nuvarande|gällande|aktuella|första|andra)\s+)?"
    rf"{_DOC_NOUN}\b(?:\s+(?:och|med)\s+budget(?:en)?\b)?(?:\s+T?\d\b(?![\d,]))?"
    rf"(?:,?\s+(?:(?:den|det)\s+)?(?:som\s+gällde|som\s+gäller|för\s+år(?:en)?|för|år(?:en)?)?\s*{YEAR})?",
    re.IGNORECASE,
)
YEAR_PHRASE = re.compile(
    rf"(?:\b(?:i|för|under|inför|till|från|efter|mellan|vid\s+utgången\s+av)\s+)?(?:\bår(?:en)?\s+)?{YEAR}", re.IGNORECASE
)
CONNECTOR = re.compile(r"^(?:och|men|än|samt|okej|ok)\b[\s,]*", re.IGNORECASE)
INTERROGATIVE = re.compile(
    r"^(?:hur|vad|vilken|vilket|vilka|vem|vems|när|var|varför|finns|fanns|är|har|hade|kan|ska|blir|blev|gäller|stämmer)\b",
    re.IGNORECASE,
)
# Frames that ask nothing of their own, only "the same, about X": the previous frame is kept.
VAGUE_FRAME = re.compile(
    r"^(?:hur\s+(?:är|blir|var|ser)\s+det\s+(?:ut\s+)?(?:med|för)|hur\s+ligger\s+vi\s+till\s+med"
    r"|vad\s+gäller\s+för|vad\s+sägs\s+om|när\s+det\s+gäller|gäller\s+det\s+också)\s+",
    re.IGNORECASE,
)
ASSIGNMENT_ANAPHOR = re.compile(r"\b(?:det|detta|samma|det\s+här)\s+uppdrag(?:et)?\b", re.IGNORECASE)
INSTEAD = re.compile(r"\bi\s+stället\b|\bistället\b", re.IGNORECASE)
WHAT_IF = re.compile(r"^(?:och\s+)?(?:vad|hur)\s+(?:blir|går|ser)\s+det\b.*\bom\b", re.IGNORECASE)
TEMPORAL = re.compile(r"\b(?:det|samma|detta)\s+år(?:et)?\b|\bden\s+gången\b|\bdå(?=\s*[?.!]?\s*$)", re.IGNORECASE)
STRONG_REFERENCE = re.compile(r"\b(?:pengarna|beloppet|summan|siffran|siffrorna|kostnaden|den\s+nämnden)\b", re.IGNORECASE)
WEAK_REFERENCE = re.compile(r"\b(?:det|den|detta|dessa|denna|dem)\b", re.IGNORECASE)
ASKED = re.compile(r"\b(?:vilken|vilket|vilka|hur\s+många|antal(?:et)?)\s+([^\W\d_]+)", re.IGNORECASE)
DETERMINERS = frozenset({"de", "den", "det", "dess", "en", "ett", "dessa"})
LEADING_PREPOSITION = re.compile(r"^(?:för|om|med|gällande|angående|kring|när\s+det\s+gäller)\s+", re.IGNORECASE)
WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*|\d+(?:[,.]\d+)?")
NUMBER = re.compile(r"(?<![\d,])(?P<sign>minus\s+|-\s*|−\s*)?(?P<number>\d{1,3}(?:[ \u00a0]\d{3})+|\d+)(?:,\d+)?(?![\d,])")
COUNT_WORD = rf"\b(?:\d+|{'|'.join(NUMBER_WORDS)})\b"
COUNT = re.compile(rf"(?P<count>{COUNT_WORD})\s+(?P<noun>[^\W\d_][\w-]*)", re.IGNORECASE)
PERCENT = re.compile(r"(?:minus\s+|-|−)?\d+(?:,\d+)?\s*(?:%|procent)", re.IGNORECASE)
# A question of at most this many words is elliptic even without "och": "Hårdvaran?", "Samma för 2028?".
SHORT_WORDS = 3
# An elliptic subject ("säkerheten hos mjukvaran i IT-miljön") is a noun phrase of at most this many words.
MAX_SUBJECT_WORDS = 6
CONDITIONAL = re.compile(r"^(?:om|ifall|när|eftersom|att)\b", re.IGNORECASE)
# Replacing only the word the new subject resembles needs this long a shared ending ("mjuk|varan", "hård|varan").
MIN_SHARED_ENDING = 4

# Words that ask (question words, measures, generic verbs) rather than name what is asked about.
FRAME_WORDS = frozenset(
    """hur vad vilken vilket vilka vem vems när var varför stor stort stora störst mycket många hög högt höga låg lågt
    låga andel andelen procent mål målet målen målvärde målvärdet målnivå målnivån utfall utfallet nivå nivån status
    statusen läge läget belopp summa total totala totalt samlad samlade samlat sammanlagt sammanlagda genomförts
    genomförda genomförd genomfört genomförs ligger ligga gäller gällde gälla blir blev bli är varit fick får få ska
    skulle kompenseras kompenserades kompenserats avsätts avsattes avsatts fördelas fördelades tilldelas tilldelades
    finns fanns uppgår uppgick uppnåtts uppnått nått nås ha har hade äger ägde ansvarar ansvar ansvarig ansvariga ser
    ut tittar titta går gick gått uppdrag uppdraget nämnd nämnden nämnder styrelse styrelsen kostar kostade planeras
    planerat beräknas beräknat budgeteras budgeterat enligt jämfört ungefär cirka egentligen också även just nu sen
    sedan vi man år såg se sett beror berodde innebär innebar betyder handlar""".split()
)
ANAPHOR_WORDS = frozenset(
    "det den detta dessa denna de dem pengarna beloppet summan siffran siffrorna stället istället året åren gången "
    "samma förra föregående".split()
)
DOCUMENT_WORDS = frozenset(
    "regionplan regionplanen budget budgeten tertialrapport tertialrapporten rapport rapporten plan planen "
    "summering summeringen årsredovisning årsredovisningen delårsrapport delårsrapporten".split()
)
_NOT_SUBJECT = FRAME_WORDS | ANAPHOR_WORDS | DOCUMENT_WORDS
_NOT_SUBJECT_STEMS = frozenset(stems(" ".join(FRAME_WORDS | DOCUMENT_WORDS)))


@dataclass(frozen=True)
class Question:
    """A question taken apart: its body without a leading "och", its context phrases, its subject."""

    text: str  # whitespace-normalised, as asked
    body: str  # without a leading connector ("Och", "Men")
    connected: bool  # began with a connector: "Och hårdvaran?"
    document: str | None  # the document phrase, years included: "i förra regionplanen, den som gällde 2020–2022"
    years: tuple[str, ...]  # year expressions outside the document phrase, as written: ("2024",)
    subject: str | None  # the words naming what is asked about, or None when it names nothing itself

    @property
    def elliptic(self) -> bool:
        """Begins with a connector, or is a few words only."""
        return self.connected or len(WORD.findall(self.body)) <= SHORT_WORDS

    @property
    def has_context(self) -> bool:
        return self.document is not None or bool(self.years)


def parse_question(question: str) -> Question:
    """Take ``question`` apart into body, document phrase, years outside it and subject."""
    text = " ".join(question.split())
    body = CONNECTOR.sub("", text)
    document = DOCUMENT.search(body)
    outside = _mask(body, DOCUMENT)
    return Question(
        text=text,
        body=body,
        connected=body != text,
        document=document.group(0) if document else None,
        years=tuple(match.group(0) for match in _YEAR.finditer(outside)),
        subject=subject_of(body, _asked_class(body)),
    )


def subject_of(question: str, asked: str | None = None) -> str | None:
    """The words naming what ``question`` is about, from its first to its last subject word, or None.

    Only the last sentence counts ("Är vi ensamma? Hur stort var …"), context phrases and
    frame words are skipped, and words of the class the question asks for ("vilken nämnd")
    are left out: "Hur mycket kompenseras kollektivtrafiknämnden för Norrtåg i budgeten för 2026?"
    → "kollektivtrafiknämnden för Norrtåg".
    """
    sentence = _last_sentence(question)
    words = _subject_words(sentence, asked)
    return sentence[words[0].start() : words[-1].end()] if words else None


def rewrite(question: str, previous: Turn, assignment: str | None = None) -> str | None:
    """``question`` made self-contained with the previous turn, or None when it stands on its own.

    Args:
        question: The question as asked.
        previous: The last turn; its resolved question is the one rewritten.
        assignment: The text of the uppdrag the conversation last talked about, for "det uppdraget".

    Returns:
        The rewritten question, or None when no rule applies.
    """
    parsed = parse_question(question)
    if not parsed.body.strip(" ?.!"):
        return None
    for rule in RULES:
        rewritten = rule(parsed, previous, assignment)
        if rewritten is not None:
            return _tidy(rewritten)
    return None


def _assignment_reference(question: Question, previous: Turn, assignment: str | None) -> str | None:
    """Uppdrag reference: "Vem äger det uppdraget?" → the uppdrag's own text in place of "det uppdraget"."""
    if assignment is None or not ASSIGNMENT_ANAPHOR.search(question.body):
        return None
    return ASSIGNMENT_ANAPHOR.sub(lambda _: f"uppdraget ”{assignment}”", question.body, count=1)


def _new_figure(question: Question, previous: Turn, assignment: str | None) -> str | None:
    """New figure: "Vad blir det om resultatet i stället blir 150?" → the previous question with the figure replaced.

    Counted items replace the previous count of the same item ("fem vårdbesök" for "tre vårdbesök").
    """
    asks_again = INSTEAD.search(question.text) or (previous.calculation is not None and WHAT_IF.search(question.text))
    if not asks_again:
        return None
    counted = _replace_counts(previous.resolved, question.text)
    if counted != previous.resolved:
        return counted
    numbers = list(NUMBER.finditer(_mask(question.text, YEAR_PHRASE)))
    return _replace_figure(previous.resolved, question.text, numbers[0]) if numbers else None


def _subject_swap(question: Question, previous: Turn, assignment: str | None) -> str | None:
    """New subject: "Och hårdvaran?", "Hur är det med X?" → the previous question about the new subject."""
    vague = VAGUE_FRAME.match(question.body)
    if question.subject is None or not (vague or (question.elliptic and not INTERROGATIVE.match(question.body))):
        return None
    subject = _bare_subject(question.body[vague.end() :] if vague else question.body)
    if not _is_bare_subject(subject) or (vague and not question.connected and len(subject.split()) > SHORT_WORDS):
        return None
    swapped = swap_subject(previous.resolved, subject)
    return swap_context(swapped, question) if question.has_context else swapped


def _context_swap(question: Question, previous: Turn, assignment: str | None) -> str | None:
    """New period or document: "Och 2024?", "Och hur mycket var det i förra regionplanen, …?" → the previous question."""
    refers = question.elliptic or WEAK_REFERENCE.search(question.body)
    if question.subject is not None or not question.has_context or not refers:
        return None
    return swap_context(previous.resolved, question)


def _added_context(question: Question, previous: Turn, assignment: str | None) -> str | None:
    """Own question after "och": "Och vem äger uppdraget om X?" → with the previous document and years it lacks."""
    if not question.connected or question.subject is None:
        return None
    added = _with_context_of(question.body, question, previous.resolved)
    return added if added != question.body else None


def _anaphor(question: Question, previous: Turn, assignment: str | None) -> str | None:
    """Anaphor: "Vilken nämnd fick pengarna då?" → the previous subject after "pengarna", its period for "då"."""
    temporal = TEMPORAL.search(question.body)
    strong = STRONG_REFERENCE.search(question.body) or ASSIGNMENT_ANAPHOR.search(question.body)
    weak = WEAK_REFERENCE.search(question.body) if question.subject is None else None
    if not (temporal or strong or weak):
        return None
    text = question.body
    referent = subject_of(previous.resolved, _asked_class(question.body))
    reference = strong or weak  # a weak one only counts when the question names no subject of its own
    if reference and referent:
        text = f"{text[: reference.end()]} ({referent}){text[reference.end() :]}"
    if temporal and not question.has_context:
        text = _resolve_period(text, previous)
    elif text != question.body and not question.has_context:
        text = _with_context_of(text, question, previous.resolved)
    return text if text != question.body else None


RULES: tuple[Callable[[Question, Turn, str | None], str | None], ...] = (
    _assignment_reference,
    _new_figure,
    _subject_swap,
    _context_swap,
    _added_context,
    _anaphor,
)


def swap_context(previous: str, question: Question) -> str:
    """``previous`` with its document phrase and years replaced by ``question``'s.

    A new document carrying years also removes the previous question's other years; new
    years alone replace the previous ones (the last, when there are more old than new).
    Whatever the previous question lacks is added before its question mark.
    """
    text = previous
    if question.document is not None:
        if _YEAR.search(question.document):
            text = _drop_years_outside_documents(text)
        text = _replace_document(text, question.document)
    if question.years:
        text = _replace_years(text, question.years)
    return text


def swap_subject(previous: str, subject: str) -> str:
    """``previous`` about ``subject`` instead: the one word it resembles, else the whole subject span.

    "… säkerheten hos mjukvaran i IT-miljön …" + "hårdvaran" → "… säkerheten hos hårdvaran i IT-miljön …";
    "Hur stor andel av de riktade hälsosamtalen har genomförts …" + "hårdvaran" → "Hur stor andel av hårdvaran …".
    """
    head, sentence = _split_last_sentence(previous)
    words = _subject_words(sentence, None)
    if not words:
        return _append(previous, f"– {subject}")
    alike = _most_alike(words, subject)
    if alike is not None:
        return head + sentence[: alike.start()] + subject + sentence[alike.end() :]
    start = _before_determiners(sentence, words[0].start())
    return head + sentence[:start] + subject + sentence[words[-1].end() :]


def _subject_words(sentence: str, asked: str | None) -> list[re.Match[str]]:
    masked = _mask(_mask(sentence, DOCUMENT), YEAR_PHRASE)
    return [match for match in WORD.finditer(masked) if _is_subject_word(match.group(0), asked)]


def _is_subject_word(word: str, asked: str | None) -> bool:
    lower = word.lower()
    if lower in STOPWORDS or lower in _NOT_SUBJECT or lower[0].isdigit() or len(lower) < 2:
        return False
    word_stems = stems(lower)
    if word_stems and word_stems[0] in _NOT_SUBJECT_STEMS:
        return False
    return not (asked and len(asked) >= 4 and asked in lower)


def _asked_class(question: str) -> str | None:
    """The stem of the noun a question asks for: "Vilken nämnd …" → "nämnd"."""
    match = ASKED.search(question)
    found = stems(match.group(1)) if match else []
    return found[0] if found else None


def _most_alike(words: list[re.Match[str]], subject: str) -> re.Match[str] | None:
    """The subject word sharing the longest ending with the new subject's last word (a compound's head)."""
    new_head = subject.split()[-1].lower()
    scored = [(_shared_ending(match.group(0).lower(), new_head), match) for match in words]
    alike = [(shared, match) for shared, match in scored if MIN_SHARED_ENDING <= shared < min(len(match.group(0)), len(new_head))]
    return max(alike, key=lambda item: item[0])[1] if alike else None


def _shared_ending(first: str, second: str) -> int:
    length = 0
    while length < min(len(first), len(second)) and first[-1 - length] == second[-1 - length]:
        length += 1
    return length


def _before_determiners(sentence: str, start: int) -> int:
    """``start`` moved left over determiners ("de riktade …" → before "de")."""
    before = sentence[:start].rstrip()
    last = before.rsplit(" ", 1)[-1]
    return len(before) - len(last) if last.lower() in DETERMINERS else start


def _is_bare_subject(subject: str) -> bool:
    """A noun phrase only: not a clause ("om det i stället är …"), no pronoun, a few words."""
    return (
        bool(subject)
        and len(subject.split()) <= MAX_SUBJECT_WORDS
        and not CONDITIONAL.match(subject)
        and not INSTEAD.search(subject)
        and not WEAK_REFERENCE.search(subject)
    )


def _bare_subject(text: str) -> str:
    """The subject phrase of an elliptic question: context, prepositions, "då" and punctuation removed."""
    text = _mask(_mask(text, DOCUMENT), YEAR_PHRASE)
    text = re.sub(r"\b(?:då|också|även)\b", " ", text, flags=re.IGNORECASE)
    text = " ".join(text.split()).strip(" ?.!,")
    return LEADING_PREPOSITION.sub("", text)


def _replace_figure(previous: str, question: str, new: re.Match[str]) -> str | None:
    """``previous`` with the amount or percentage the new figure replaces."""
    wants_percent = bool(PERCENT.search(question))
    amounts = [amount.text for amount in extract_parameters(previous).amounts]
    percents = [match.group(0) for match in PERCENT.finditer(previous)]
    old = (percents if wants_percent or not amounts else amounts) or []
    if not old:
        return None
    target = _figure_for_year(previous, question, old)
    own_unit = [a.text for a in extract_parameters(question).amounts] or [m.group(0) for m in PERCENT.finditer(question)]
    replacement = own_unit[0] if own_unit else NUMBER.sub(lambda _: new.group(0).strip(), target, count=1)
    return previous.replace(target, replacement, 1)


def _replace_counts(previous: str, question: str) -> str:
    """``previous`` with each item the question counts recounted: "tre vårdbesök" → "fem vårdbesök"."""
    counted = extract_parameters(question).counts  # items only: no units, years or percentages
    for match in COUNT.finditer(question):
        if match.group("noun").lower() not in counted:
            continue
        noun = re.escape(match.group("noun"))
        previous = re.sub(rf"{COUNT_WORD}(?=\s+{noun}\b)", match.group("count"), previous, count=1, flags=re.IGNORECASE)
    return previous


def _figure_for_year(previous: str, question: str, figures: list[str]) -> str:
    """The figure written after the year the question names, else the first."""
    for year in _YEAR.findall(question):
        position = previous.find(year)
        after = [(previous.find(figure, position), figure) for figure in figures if previous.find(figure, position) >= 0]
        if position >= 0 and after:
            return min(after)[1]
    return figures[0]


def _with_context_of(text: str, question: Question, previous: str) -> str:
    """``text`` with the previous question's document phrase and years that ``question`` lacks."""
    document = DOCUMENT.search(previous)
    if document and question.document is None:
        text = _append(text, document.group(0))
    years = _YEAR.findall(_mask(previous, DOCUMENT))
    if years and not question.years and not (question.document and _YEAR.search(question.document)):
        text = _append(text, _period(years[-1]))
    return text


def _resolve_period(text: str, previous: Turn) -> str:
    """The temporal anaphor ("då", "det året") replaced by the previous question's period and document."""
    document = DOCUMENT.search(previous.resolved)
    years = _YEAR.findall(_mask(previous.resolved, DOCUMENT)) or ([_years_text(previous.years)] if previous.years else [])
    if document and _YEAR.search(document.group(0)):
        return TEMPORAL.sub(lambda _: document.group(0), text, count=1)
    if not years:
        return text
    text = TEMPORAL.sub(lambda _: _period(years[-1]), text, count=1)
    return _append(text, document.group(0)) if document else text


def _drop_years_outside_documents(text: str) -> str:
    documents = [match.span() for match in DOCUMENT.finditer(text)]
    kept = [match for match in YEAR_PHRASE.finditer(text) if not any(start <= match.start() < end for start, end in documents)]
    for match in reversed(kept):
        text = text[: match.start()] + text[match.end() :]
    return text


def _replace_document(text: str, document: str) -> str:
    matches = list(DOCUMENT.finditer(text))
    if not matches:
        return _append(text, document)
    for match in reversed(matches[1:]):
        text = text[: match.start()] + text[match.end() :]
    return text[: matches[0].start()] + document + text[matches[0].end() :]


def _replace_years(text: str, years: tuple[str, ...]) -> str:
    """Old year expressions replaced by new ones: pairwise when as many, else the last old one by the first new."""
    documents = [match.span() for match in DOCUMENT.finditer(text)]
    old = list(_YEAR.finditer(text))
    outside = [match for match in old if not any(start <= match.start() < end for start, end in documents)]
    candidates = outside or old
    if not candidates:
        return _append(text, _period(years[0]))
    pairs = list(zip(candidates, years, strict=True)) if len(candidates) == len(years) else [(candidates[-1], years[0])]
    for match, year in reversed(pairs):
        text = text[: match.start()] + year + text[match.end() :]
    return text


def _period(years: str) -> str:
    return f"åren {years}" if _YEAR.fullmatch(years) and not years.isdigit() else f"år {years}"


def _years_text(years: tuple[int, ...]) -> str:
    """(2026,) → "2026"; (2026, 2027, 2028) → "2026–2028"; (2024, 2026) → "2024 och 2026"."""
    if len(years) > 1 and list(years) == list(range(years[0], years[-1] + 1)):
        return f"{years[0]}–{years[-1]}"
    names = [str(year) for year in years]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " och " + names[-1]


def _append(text: str, phrase: str) -> str:
    """``phrase`` added before the question's final punctuation."""
    stripped = text.rstrip()
    end = stripped[-1] if stripped and stripped[-1] in "?.!" else "?"
    return f"{stripped.rstrip('?.!').rstrip()} {phrase}{end}"


def _mask(text: str, pattern: re.Pattern[str]) -> str:
    """``text`` with ``pattern``'s matches blanked out, positions kept."""
    return pattern.sub(lambda match: " " * len(match.group(0)), text)


def _last_sentence(text: str) -> str:
    return _split_last_sentence(text)[1]


def _split_last_sentence(text: str) -> tuple[str, str]:
    """(everything before the last sentence, the last sentence)."""
    parts = re.split(r"(?<=[?.!])\s+(?=\S)", text.strip())
    return (" ".join(parts[:-1]) + " " if len(parts) > 1 else "", parts[-1])


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def _tidy(text: str) -> str:
    """Single spaces, no space before punctuation, no doubled commas, a capital first letter."""
    text = " ".join(text.split())
    text = re.sub(r"\s+([?.!,])", r"\1", text)
    text = re.sub(r",\s*([?.!,])", r"\1", text)
    text = re.sub(r"\(\s+", "(", text)
    return _capitalised(text)
