"""One reading of a question: the only code that turns question text into meaning.

``read_query`` takes a Swedish question and the documents' vocabulary and returns a
``Query``: the years and periods it names, the amounts, percentages and counts, the
documents it means ("den gamla planen", "T1", "regionplanen 2020–2022"), boards (also
by abbreviation: RS, HSN, KTN), organisations (the documents' own or another), the words
that name what is asked about, words it excludes ("alltså inte RJH totalt"), the
operation and the kind of answer wanted, and the question's parts ("…, och vilket mål
gäller?"). Every later stage reads the Query, never the question text, so a question is
understood one way everywhere, and an answer can be checked against everything the
question said (``assistant.accept``).
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation

from assistant.vocabulary import BOARD_HEADS, DocumentInfo, Vocabulary
from index.analysis import STOPWORDS, stems

MAX_CHARS = 2000  # questions are read up to here: the patterns below are linear, but answers need not be longer

# --- Numbers ---------------------------------------------------------------------------------

_NUMBER = r"(?:\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d+)(?:,\d+)?"
UNITS = {
    "miljarder": ("mkr", Decimal(1000)), "miljard": ("mkr", Decimal(1000)), "mdkr": ("mkr", Decimal(1000)),
    "mdr": ("mkr", Decimal(1000)), "miljoner": ("mkr", Decimal(1)), "miljon": ("mkr", Decimal(1)),
    "mnkr": ("mkr", Decimal(1)), "mkr": ("mkr", Decimal(1)), "tkr": ("kr", Decimal(1000)),
    "tusen": ("kr", Decimal(1000)), "kronor": ("kr", Decimal(1)), "kr": ("kr", Decimal(1)),
}  # fmt: skip
_UNIT = "|".join(sorted(UNITS, key=len, reverse=True))
_SIGN = r"(?P<sign>minus\s+|-\s*|−\s*|plus\s+|\+\s*)?"
AMOUNT = re.compile(rf"{_SIGN}(?<!\d)(?<!\d,)(?P<number>{_NUMBER})\s*(?P<unit>{_UNIT})(?![\wåäö])", re.IGNORECASE)
PERCENT = re.compile(rf"{_SIGN}(?<!\d)(?<!\d,)(?P<number>{_NUMBER})\s*(?:%|procent\b)", re.IGNORECASE)
ORE = re.compile(rf"(?<!\d)(?<!\d,)(?P<number>{_NUMBER})\s*(?:skatte)?öre(?:n|t)?\b", re.IGNORECASE)
YEAR_RANGE = re.compile(r"(?<!\d)(?<!\d,)((?:19|20)\d\d)\s*[–—-]\s*((?:19|20)\d\d)(?!\d|,\d)")
YEAR = re.compile(r"(?<!\d)(?<!\d,)((?:19|20)\d\d)(?!\d|,\d)")
NUMBER_WORDS = {
    "en": 1, "ett": 1, "två": 2, "tre": 3, "fyra": 4, "fem": 5, "sex": 6, "sju": 7, "åtta": 8, "nio": 9,
    "tio": 10, "elva": 11, "tolv": 12, "femton": 15, "tjugo": 20, "trettio": 30, "hundra": 100,
}  # fmt: skip
COUNT = re.compile(rf"(?<![\d.,])\b(?P<count>\d{{1,6}}|{'|'.join(NUMBER_WORDS)})\s+(?P<noun>[a-zåäöé][\wåäöé-]*)", re.IGNORECASE)
BARE_NUMBER = re.compile(rf"(?<![\w,.])(?P<number>{_NUMBER})(?!\w|[,.]\d)")
PER_MONTH = re.compile(r"\s*(?:i|per|om|/)\s*(?:månad|mån\b)", re.IGNORECASE)
SALARY = re.compile(r"(?P<kind>månadslön|årslön|lön)\w*\s*(?:på|om|är|av)?\s*", re.IGNORECASE)

# --- Column kinds: which figure of a year a question asks for ---------------------------------

KIND_CUES = (
    (
        "Utfall",
        re.compile(r"\butfall\w*|\blandade?\b|\blandat\b|\bblev\b|\buppgick\b|\bgjordes\b|\bhade\b.*\bsjälv|\bfaktisk", re.I),
    ),
    ("Prognos", re.compile(r"\bprognos\w*|\bprognostiser\w*|\bberäknas\b|\bväntas\b", re.I)),
    ("Budget", re.compile(r"\bbudget(?:en|erad\w*|erat|erades)?\b(?!\s*(?:20\d\d\s*[–-]|och\b))", re.I)),
    ("Plan", re.compile(r"\bi plan\b|\bplan för\b|\bplanerad\w*|\bplan (?=(?:19|20)\d\d)", re.I)),
    ("Mål", re.compile(r"\bmål(?:et|en|värde\w*|nivå\w*)?\b|\bmålsatt\w*", re.I)),
    ("Tak", re.compile(r"\btak(?:et)?\b", re.I)),
)

# --- Operations: what is to be done with the figures -----------------------------------------


class Op:
    """Operation names (strings, so they print and serialise plainly)."""

    LOOKUP = "lookup"
    CHANGE = "change"
    SHARE = "share"
    SUM = "sum"
    WHAT_IF = "what_if"
    PER_CAPITA = "per_capita"
    TAX = "tax"
    DEVIATION = "deviation"
    RESTORATION = "restoration"
    FEES = "fees"
    PERSONNEL = "personnel"
    PER_YEAR = "per_year"
    COMPARE = "compare"
    OWNER = "owner"
    STATUS = "status"
    LIST = "list"
    EXPLAIN = "explain"


COMPARATIVES = "dyrare|billigare|större|mindre|högre|lägre|mer|fler|färre"
OPERATION_CUES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (Op.RESTORATION, re.compile(r"återställ\w*|ackumulera\w* (?:negativ\w* )?(?:resultat|underskott)", re.I)),
    (Op.FEES, re.compile(r"\b\w*besök(?:et|en)?\b|\bavgift\w*.*\b(?:betala|besök)|\bbetala[rt]?\b.*\b(?:besök|avgift)", re.I)),
    (Op.PERSONNEL, re.compile(r"årslön|månadslön|\blön(?:en)? på\b|po-pålägg|personalkostnad(?:en)? för en", re.I)),
    (Op.TAX, re.compile(r"skatteöre|\böre\b|skattehöjning|skattesänkning|höj\w* skatten|sänk\w* skatten", re.I)),
    (
        Op.PER_CAPITA,
        re.compile(r"\bper (?:invånare|person|länsinvånare|capita)\b|\bslå\w* ut\b.*\binvånare|\binvånare\b.*\bslå\w* ut", re.I),
    ),
    (
        Op.WHAT_IF,
        re.compile(
            r"\bom\b[^?]*\b(?:blir|hade|skulle|landar|landat|landade|ökar|minskar|stiger|sjunker|faller)\b[^?]*(?:%|procent|\d)"
            r"|\b(?:vad|hur)\b[^?]*\b(?:hade|skulle|blir)\b[^?]*\bom\b",
            re.I,
        ),
    ),
    # "Hur många miljoner dyrare blir X än Y?": a difference between two figures, not either of them
    (Op.COMPARE, re.compile(rf"\bhur (?:mycket|många \w+)\s+(?:\w+\s+)?(?:{COMPARATIVES})\b.*\b(?:än|jämfört med)\b", re.I)),
    (Op.SHARE, re.compile(r"\bandel\w*|\bhur stor del\b|\bprocent av\b|\bmotsvara\w*\b|\butgörs? av\b", re.I)),
    (
        Op.DEVIATION,
        re.compile(
            r"avvik\w*|\b(?:över|under)\s+budget|överskrid\w*"
            r"|(?:bättre|sämre|dyrare|billigare|högre|lägre|mer|mindre) än (?:budget|budgeterat)",
            re.I,
        ),
    ),
    (Op.PER_YEAR, re.compile(r"\bper år\b|\bårligen\b|\bom året\b|\bvarje år\b", re.I)),
    (
        Op.CHANGE,
        re.compile(
            r"\b(?:ök|minsk|förändr|skillnad|steg|stig|sjönk|sjunk|höj|sänk)\w*|\bjämfört med\b|\bfrån\b.{0,40}\btill\b", re.I
        ),
    ),
    (
        Op.SUM,
        re.compile(
            r"\bsammanlag(?:t|d|da)\b|\bsammantaget\b|\blägger ihop\b|\btillsammans\b|\bsumman av\b|\bsamlade?\b"
            r"|\bi sin helhet\b",
            re.I,
        ),
    ),
    (Op.LIST, re.compile(r"\bvilka uppdrag\b|\blista\w*\b|\balla uppdrag\b", re.I)),
    (Op.STATUS, re.compile(r"\bstatus\w*|\bhur går det\b|\bhur långt har\b", re.I)),
    (
        Op.OWNER,
        re.compile(
            r"^(?:och\s+)?vem\b|\bvem (?:ska|har|äger|ansvarar|fick|beslutar)|\bvilka (?:äger|ska|har)\b"
            r"|\bvilke[nt] (?:nämnd|styrelse|organ)\b"
            r"|\bansvar(?:et|ig|iga|ar|ade)?\b|\bäger\b|\bägare\b|\bvilka (?:nämnder|är det som)\b",
            re.I,
        ),
    ),
    (
        Op.EXPLAIN,
        re.compile(
            r"\bvarför\b|\bhur (?:fungerar|hanteras|gick|går|ska|kan)\b|\bvad (?:innebär|betyder|handlar|säger)\b|\bför något\b",
            re.I,
        ),
    ),
)
# Cues that a figure is asked for. "Vad är/vilket X" alone may ask for a figure or a text ("Vilket övergripande mål …");
# such questions are typed "text" and may still be answered by a table row that names all they ask (assistant.engine).
FIGURE_CUES = re.compile(
    r"\bhur (?:mycket|stor|stort|stora|många|hög|högt|höga|låg|lågt|dyr|dyrt)\b|\bbelopp\w*|"
    r"\bvilke[nt] \w*(?:belopp|tak|ram|ramen|summa|kostnad|avgift|taxa|nivå|andel|procent|ålder|folkmängd|utveckling)\b|"
    r"\bvad (?:kostar|kostade)\b|\bi (?:mkr|kronor|procent|miljoner)\b|\bhur mycket\b|\bmål(?:et|värdet|nivån)? för\b"
    r"|\bvilke[nt] mål(?:et|värde)?\b",
    re.I,
)
# A place in the documents: "under vilket målområde står …", "i vilket avsnitt …".
SECTION_CUES = re.compile(
    r"\b(?:under|i)\s+vilke[nt]\s+(?:målområde|avsnitt|kapitel|rubrik)\b|\bvar\s+i\s+(?:dokumentet|rapporten|planen)\b", re.I
)
TIME_CUES = re.compile(
    r"^(?:och\s+)?när\b|\bnär (?:ska|kommer|blir|hålls|infördes|beslutades|gäller)\b|\bsenast när\b|\bvilket (?:datum|år)\b", re.I
)
AGE_CUES = re.compile(r"\bålder\b|\bhur gammal\b|\bår gammal\b", re.I)
COUNT_CUES = re.compile(r"\bhur många\b(?! procent| kronor| miljoner)|\bantal(?:et)?\b", re.I)
PERCENT_CUES = re.compile(r"\bprocent\w*|\bandel\w*|%|\butveckling\w*", re.I)
WHO_CUES = re.compile(
    r"^(?:och\s+)?vem\b|\bvilka (?:är|äger)\b|\bvilke[nt] (?:nämnd|styrelse|organ|avdelning)\b|\bskrivit under\b", re.I
)

# --- Documents, organisations, boards ------------------------------------------------------

OLDER = re.compile(r"\b(?:gamla|förra|föregående|tidigare|äldre)\b", re.I)
NEWER = re.compile(r"\b(?:nya|nuvarande|senaste|gällande|aktuella|nyare|kommande)\b", re.I)
TERTIAL = re.compile(
    r"\b(?:T|tertial(?:rapport(?:en)?)?\s*)(?P<n>[123])\b|\b(?P<ord>första|andra|tredje) tertial(?:et|en)?\b", re.I
)
OTHER_REGION = re.compile(r"\bRegion(?:en)? ([A-ZÅÄÖ][a-zåäö]+(?: [A-ZÅÄÖ][a-zåäö]+)?)")
MUNICIPALITY = re.compile(r"\b([A-ZÅÄÖ][a-zåäö]+?)s? kommun\b|\bkommunen ([A-ZÅÄÖ][a-zåäö]+)")
NATIONAL = re.compile(r"\b(?:sverige|sveriges|riket|rikets|landets|norge|norges|finland|danmark|EU)\b", re.I)
OWN_WORDS = re.compile(r"\b(?:regionen|regionens|vår region|vi|oss|vår|våra|vårt|länet|länets)\b", re.I)
# Contrastive negation: "– alltså inte RJH totalt", "och inte på noll", "utom Vårdval". A plain "ej" inside a
# name ("ackumulerade ej återställda …") is not one.
NEGATION = re.compile(
    r"(?:\b(?:alltså|men|och|dvs\.?)\s+|[,–—(]\s*)(?:inte|ej|icke)\s+(?P<words>[^,.;?!–—)]+)|\butom\s+(?P<only>[^,.;?!–—)]+)",
    re.I,
)

# Words that frame a question rather than name what it is about; they need no evidence.
FRAME_WORDS = frozenset(
    stems(
        """hur vad vilken vilket vilka vem vems när var varför stor stort stora störst mycket många hög högt höga låg lågt
        låga lång långt belopp summa totalt sammanlagt samlad samlade samlat egentligen också även just nu sen sedan
        ungefär cirka ca gäller gällde gälla blir blev bli är varit fick får få ska skulle finns fanns ligger låg legat
        landade landat landar uppgick uppgår hade har ha kan kunde säger sägs anger angav står stod räknar räknade
        enligt jämfört tack båda siffrorna siffran siffror vill veta undrar fråga alltså dvs typ väl eller
        ens kvar nog då sådant sånt något någon några man vi oss vår våra vårt regionen regionens själv själva
        dokumenten dokumentet texten finns per år åren gamla förra föregående tidigare nya nuvarande senaste gällande
        aktuella tack snälla sätter satt sätt anger angett räknar räknat hänvisar hänvisat listar redovisar redovisat
        visar beskriver nämns nämner tas står stod gick går gå gjorde gör göra gjort görs kommer kom tog tar
        fått fåt samt hette heter kallas kallades hos bland kring pga p.g.a bla t.ex tex exempelvis"""
    )
) | frozenset({"1", "2", "3"})
# Stems of words that name an operation or a quantity rather than what it is about ("andel", "per invånare",
# "i mkr"): a calculation accounts for them, and they weigh little when matching evidence.
OPERATION_STEMS = frozenset(
    """ök ökad ökning ökat minsk minskad minskning minskat förändr förändring skillnad steg stig sjönk sjunk höj sänk
    andel andelen del procent utgör utgörs motsvar motsvarar kom komm sammanlagt sammantaget lägg ihop tillsammans summ
    samlad samlade per invån invånar öre skatteöre skattehöjning skattesänkning avvik avvikelse överskrid överskrider
    över under högr lägr mer mindre större störr dyr billig landat land blivit bli fördel jämnt årlig år
    budgeter budget plan planen mkr kron miljon""".split()
)
OPERATION_WEIGHT = 0.3
# Words naming which figure of a measure ("målet", "utfallet", "budgeten"), not the measure.
KIND_WORD_STEMS = frozenset({"mål", "målet", "budget", "utfall", "prognos", "plan", "tak", "målvärd"})
# Months and qualifiers say when or how a measure is counted ("januari–april", "inklusive"); the period is the
# report's, the qualifier the row's. They weigh like operation words.
QUALIFIER_STEMS = frozenset(
    "januari jan februari feb mars april apr maj juni juli augusti aug september sept okt oktober november nov december dec "
    "inklusiv exklusiv helår utgång".split()
)
# Words that name a document rather than its content.
DOCUMENT_WORDS = frozenset(stems("dokument rapport rapporten planen plan bilaga bilagan versionen planperioden perioden"))
CONNECTIVES = re.compile(
    r"(?:,|\s[–—-])\s*(?:och|samt|men)\s+(?=(?:(?:senast|sedan|då|även|också)\s+)?(?:vad|vilke[nt]|vilka|hur|när|vem|varför|finns"
    r"|fanns|stämmer|har|är|hade)\b)"
    r"|\s+(?:och|samt)\s+(?=(?:vad|vem|när|varför|var)\s+(?:ska|är|var|har|finns|gör|gjorde|beslutade|säger|sa|blev|blir|hade|gäller|gällde|kostar|kostade)\b"
    r"|hur\s+(?:stor|stort|stora|mycket|många|ser|såg|gick|går)\b"
    r"|vilk(?:a|en|et)\s+[a-zåäö]+\s+(?:var|är|har|hade|ska|fick|deltog|gäller|gällde)\b)"
    # a yes/no question after the first: the verb before its subject ("…, och trodde man att det gick …?")
    r"|,\s*(?:och|men)\s+(?=[a-zåäö]{3,}\s+(?:man|det|den|de|vi|nämnden|regionen|styrelsen)\s)"
    r"|;\s*|\?\s+(?=\S)"
    # a sentence's end, but not an abbreviation's period ("inkl. Vårdval") nor a caption's ("Tabell 8. Budgetramar")
    r"|(?-i:(?<=[a-zåäö0-9)])(?<!\binkl)(?<!\bexkl)(?<!\bca)(?<!\bdvs)(?<!\benl)(?<!\bresp)(?<!\bjfr)(?<!\bbl\.a)(?<!\bt\.ex)"
    r"(?<!\b[Tt]abell \d)(?<!\b[Tt]abell \d\d)\.\s+(?=[A-ZÅÄÖ]))"
    r"|\s[–—]\s(?=(?:vad|vilke[nt]|vilka|hur|när|vem|varför)\b)",
    re.I,
)
_WORD = re.compile(r"[^\W\d_]+(?:[-:][^\W\d_]+)*", re.UNICODE)
# A part asks something when it has a question word, asks for something, or ends in "?"; other parts set the scene.
ASKING = re.compile(
    r"\?\s*$|(?:^|[:–—(,]\s*)(?:och\s+|men\s+)?(?:vad|vilke[nt]|vilka|hur|när|vem|vems|varför|var|ange|beskriv|förklara|lista|"
    r"visa|räkna|finns|fanns|stämmer|har|är|hade|kan|ska|får|gäller|blir)\b",
    re.I,
)


@dataclass(frozen=True)
class Mention:
    """A stretch of the question, by character offsets into ``Query.text``."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class YearMention(Mention):
    """A year the question asks about, with the column kind named for it ("budget 2020" → Budget)."""

    year: int = 0
    kind: str | None = None


@dataclass(frozen=True)
class AmountMention(Mention):
    """A sum of money: value in ``unit`` (mkr or kr) as the documents count it."""

    value: Decimal = Decimal(0)
    unit: str = "mkr"


@dataclass(frozen=True)
class PercentMention(Mention):
    value: Decimal = Decimal(0)


@dataclass(frozen=True)
class CountMention(Mention):
    """A counted thing: "tre vårdbesök", "10 öre". An article's count ("en receptförnyelse") is not ``required``."""

    count: int = 0
    noun: str = ""
    required: bool = True


@dataclass(frozen=True)
class DocumentMention(Mention):
    """Documents the question means: one, or several of a kind (both regional plans)."""

    doc_ids: frozenset[str] = frozenset()
    negated: bool = False


@dataclass(frozen=True)
class BoardMention(Mention):
    """A board by its canonical name; ``known`` is False for a board the documents never name."""

    name: str = ""
    known: bool = True


@dataclass(frozen=True)
class OrganisationMention(Mention):
    """An organisation other than a board: ``own`` for the documents' own region, ``known`` if they name it."""

    name: str = ""
    own: bool = False
    known: bool = True


@dataclass(frozen=True)
class Word(Mention):
    """A content word: its stem and how specific it is in the documents (idf)."""

    stem: str = ""
    weight: float = 1.0
    known: bool = True  # the documents use the word; an unknown one may be a typo ("statsbidag") and is matched loosely
    correction: str | None = None  # the document word a misspelt one stands for


@dataclass(frozen=True)
class Part:
    """One question of a question with several ("…, och vilket mål gäller?")."""

    text: str
    start: int
    end: int
    operations: frozenset[str]
    answer: str  # amount, percent, count, age, time, who, text
    words: tuple[Word, ...]
    years: tuple[YearMention, ...]
    kinds: frozenset[str]
    asking: bool = True  # False for a part that only sets the scene ("Jag har precis börjat som controller")
    # Years to read cells for when the part names none: "…för 2026, och vad säger SKR?" asks SKR's 2026 figure.
    selection_years: tuple[int, ...] = ()

    @property
    def cell_years(self) -> tuple[int, ...]:
        return tuple(dict.fromkeys(y.year for y in self.years)) or self.selection_years


@dataclass(frozen=True)
class Query:
    """Everything a question says, read once. See the module docstring."""

    text: str
    years: tuple[YearMention, ...] = ()
    periods: tuple[tuple[int, int], ...] = ()  # year ranges that are not a document's period ("2027–2029")
    amounts: tuple[AmountMention, ...] = ()
    percents: tuple[PercentMention, ...] = ()
    counts: tuple[CountMention, ...] = ()
    numbers: tuple[Mention, ...] = ()  # other numbers ("6,0", "30 dagar") an answer must account for
    documents: tuple[DocumentMention, ...] = ()
    boards: tuple[BoardMention, ...] = ()
    organisations: tuple[OrganisationMention, ...] = ()
    words: tuple[Word, ...] = ()
    excluded: tuple[tuple[Word, ...], ...] = ()  # phrases after "alltså inte"/"utom": the answer must not be about them
    operations: frozenset[str] = frozenset()
    answer: str = "text"
    kinds: frozenset[str] = frozenset()
    parts: tuple[Part, ...] = ()
    salary: tuple[Decimal, str] | None = None  # (amount in kr, "month" or "year")
    unknown_names: tuple[str, ...] = ()
    tables: frozenset[int] = frozenset()  # table numbers named: "i tabell 21"
    previous: Query | None = field(default=None, repr=False, compare=False)  # the turn this one completes

    @property
    def search_text(self) -> str:
        """The question for retrieval: misspelt words replaced by the document words they stand for."""
        text = self.text
        for word in sorted({w.start: w for w in self.words if w.correction}.values(), key=lambda w: -w.start):
            text = text[: word.start] + word.correction + text[word.end :]
        return text

    @property
    def asks_figure(self) -> bool:
        return self.answer in ("amount", "percent", "count", "age")

    @property
    def asked_years(self) -> tuple[int, ...]:
        """The years an answer must account for: those named in the parts that ask (not in the scene-setting ones)."""
        return tuple(dict.fromkeys(mention.year for mention in self.years if self._asking(mention.start)))

    @property
    def required_words(self) -> tuple[Word, ...]:
        """The content words of the parts that ask."""
        return tuple(word for word in self.words if self._asking(word.start))

    def _asking(self, position: int) -> bool:
        return any(part.asking and part.start <= position < part.end for part in self.parts) or not self.parts

    @property
    def document_ids(self) -> frozenset[str]:
        """The documents the question names (not negated); empty when it names none."""
        return frozenset(doc for mention in self.documents if not mention.negated for doc in mention.doc_ids)

    @property
    def excluded_documents(self) -> frozenset[str]:
        return frozenset(doc for mention in self.documents if mention.negated for doc in mention.doc_ids)

    @property
    def other_organisations(self) -> tuple[OrganisationMention, ...]:
        return tuple(mention for mention in self.organisations if not mention.own)

    @property
    def stems(self) -> frozenset[str]:
        return frozenset(word.stem for word in self.words)

    def has(self, operation: str) -> bool:
        return operation in self.operations

    def with_parts(self, parts: tuple[Part, ...]) -> Query:
        return replace(self, parts=parts)


EVERY_YEAR = re.compile(r"\b(?:varje år|per år|årligen|alla år|samtliga år)\b", re.I)


def scenario_results(query: Query) -> dict[int, Decimal]:
    """Results the question supposes per year, in mkr: "om årets resultat blir 200 miljoner kronor varje år 2027–2030"
    → {2027: 200, …, 2030: 200}; "säg att 2026 slutar på minus 230 miljoner" → {2026: −230}. An amount belongs to the
    year written nearest before it, or after it when none comes before."""
    amounts = [amount for amount in query.amounts if amount.unit == "mkr"]
    if not amounts:
        return {}
    if EVERY_YEAR.search(query.text):
        return {mention.year: amounts[0].value for mention in query.years}
    result: dict[int, Decimal] = {}
    for amount in amounts:
        before = [y.year for y in query.years if y.start < amount.start]
        after = [y.year for y in query.years if y.start > amount.start]
        year = before[-1] if before else (after[0] if after else None)
        if year is not None:
            result[year] = amount.value
    return result


TABLE_NUMBER = re.compile(r"\btabell(?:en)?\s+(\d{1,2})\b", re.I)


def read_query(question: str, vocabulary: Vocabulary) -> Query:
    """The Query of ``question``: see the module docstring."""
    text = normalise(question)
    taken: list[tuple[int, int]] = []  # spans already read as numbers, documents, boards, organisations

    amounts = tuple(_amounts(text))
    percents = tuple(_percents(text))
    taken += [(m.start, m.end) for m in (*amounts, *percents)]
    ore = tuple(_ore(text))
    taken += [(m.start, m.end) for m in ore]
    documents, document_years = _documents(text, vocabulary)
    taken += [(m.start, m.end) for m in documents]
    table_numbers = list(TABLE_NUMBER.finditer(text))
    taken += [m.span() for m in table_numbers]
    years, periods = _years(text, document_years, taken, vocabulary)
    taken += [(m.start, m.end) for m in years] + _caption_spans(text, vocabulary)  # a caption's date asks nothing
    counts = (*ore, *_counts(text, taken))
    taken += [(m.start, m.end) for m in ore] + [(m.start, m.start + len(m.text.split()[0])) for m in counts if m not in ore]
    numbers = tuple(_bare_numbers(text, taken))
    taken += [(m.start, m.end) for m in numbers]
    boards = tuple(b for b in _boards(text, vocabulary) if not _inside(b.start, [(m.start, m.end) for m in documents]))
    taken += [(m.start, m.end) for m in boards]
    organisations = tuple(_organisations(text, vocabulary, taken))
    taken += [(m.start, m.end) for m in organisations if not m.own]
    excluded_spans = [m.span("words") if m.group("words") else m.span("only") for m in NEGATION.finditer(text)]
    words = tuple(w for w in _words(text, taken, vocabulary) if not _inside(w.start, excluded_spans))
    excluded = tuple(phrase for span in excluded_spans if (phrase := _phrase_words(text, span, vocabulary)))
    documents = tuple(replace(m, negated=_inside(m.start, excluded_spans)) for m in documents)
    query = Query(
        text=text,
        years=years,
        periods=periods,
        amounts=amounts,
        percents=percents,
        counts=counts,
        numbers=numbers,
        documents=documents,
        boards=boards,
        organisations=organisations,
        words=words,
        excluded=excluded,
        operations=_operations(text),
        answer=_answer_type(_masked(text, [(m.start, m.end) for m in (*amounts, *percents, *boards)])),
        kinds=_kinds(text),
        tables=frozenset(int(m.group(1)) for m in table_numbers),
        salary=_salary(text, amounts),
        unknown_names=_unknown_names(text, vocabulary),
    )
    return query.with_parts(_parts(query))


def normalise(question: str) -> str:
    """NFKC, one space between words, cut at MAX_CHARS."""
    return " ".join(unicodedata.normalize("NFKC", question[:MAX_CHARS]).split())[:MAX_CHARS]


def parse_decimal(text: str) -> Decimal | None:
    """A Swedish-written number ("7 267,6", "1,5") as Decimal, or None."""
    try:
        return Decimal(re.sub(r"[ \u00a0\u202f]", "", text).replace(",", "."))
    except InvalidOperation:
        return None


# --- Readers ----------------------------------------------------------------------------------


def _amounts(text: str):
    for match in AMOUNT.finditer(text):
        value = parse_decimal(match["number"])
        if value is None or YEAR.fullmatch(match["number"]):
            continue
        unit, factor = UNITS[match["unit"].lower()]
        sign = -1 if (match["sign"] or "").strip().lower() in ("minus", "-", "−") else 1
        yield AmountMention(match.group(0).strip(), match.start(), match.end(), sign * value * factor, unit)


def _percents(text: str):
    for match in PERCENT.finditer(text):
        value = parse_decimal(match["number"])
        if value is not None:
            sign = -1 if (match["sign"] or "").strip().lower() in ("minus", "-", "−") else 1
            yield PercentMention(match.group(0).strip(), match.start(), match.end(), sign * value)


def _ore(text: str):
    for match in ORE.finditer(text):
        value = parse_decimal(match["number"])
        if value is not None and value == int(value):
            yield CountMention(match.group(0), match.start(), match.end(), int(value), "öre")


def _counts(text: str, taken: list[tuple[int, int]]):
    for match in COUNT.finditer(text):
        word, noun = match["count"].lower(), match["noun"].lower()
        if _inside(match.start(), taken) or YEAR.fullmatch(word) or noun in UNITS or noun in ("procent", "öre"):
            continue
        count = int(word) if word.isdigit() else NUMBER_WORDS[word]
        article = word in ("en", "ett")  # an article far more often than a count: kept, but no answer must use it
        yield CountMention(match.group(0), match.start(), match.start("noun") + len(noun), count, noun, not article)


def _bare_numbers(text: str, taken: list[tuple[int, int]]):
    for match in BARE_NUMBER.finditer(text):
        if not _inside(match.start(), taken) and not YEAR.fullmatch(match.group(0)):
            yield Mention(match.group(0), match.start(), match.end())


def _documents(text: str, vocabulary: Vocabulary) -> tuple[tuple[DocumentMention, ...], list[tuple[int, int]]]:
    """Documents named by kind ("regionplanen", "T1", "summeringen"), period, age ("den gamla planen").

    Returns the mentions and the spans of the years that were read as part of them.
    """
    mentions: list[DocumentMention] = []
    year_spans: list[tuple[int, int]] = []
    for match in _WORD.finditer(text):
        word = match.group(0)
        found = _kind_documents(word, vocabulary)
        if not found:
            continue
        start, end = match.start(), match.end()
        before = text[max(0, start - 40) : start]
        number = re.match(r"\s*(?:T)?([1-3])\b(?!\s*(?:mkr|%|procent|kr\b|miljon))", text[end : end + 12])
        if number:
            end += number.end()
        after = text[end : end + 40]
        period = re.match(
            r"\s*(?:,?\s*(?:den som gällde|som gällde|för|år|åren)\s*)?((?:19|20)\d\d)(?:\s*[–—-]\s*((?:19|20)\d\d))?", after
        )
        prefix_year = re.search(r"((?:19|20)\d\d)-$", text[max(0, start - 5) : start])
        chosen = found
        if period:
            first, last = int(period.group(1)), int(period.group(2) or period.group(1))
            by_period = [
                d
                for d in found
                if (d.period and (d.period[0], d.period[-1]) == (first, last))
                or (first == last and first in d.period and not period.group(2) and _single_year_fits(d, first))
            ]
            if by_period:
                chosen = by_period
                year_spans.append((end + period.start(1), end + period.end()))
                end = end + period.end()
        elif prefix_year:
            year = int(prefix_year.group(1))
            by_year = [d for d in found if year in d.period]
            if by_year:
                chosen = by_year
                start = start - len(prefix_year.group(0))
                year_spans.append((start, start + 4))
        if number:
            chosen = [d for d in chosen if number.group(1) in d.title.split()] or chosen
        if OLDER.search(before[-20:]) and len(chosen) > 1:
            chosen = [min(chosen, key=lambda d: d.year)]
        elif NEWER.search(before[-20:]) and len(chosen) > 1:
            chosen = [max(chosen, key=lambda d: d.year)]
        mentions.append(DocumentMention(text[start:end], start, end, frozenset(d.doc_id for d in chosen)))
    for match in TERTIAL.finditer(text):
        if any(m.start <= match.start() < m.end for m in mentions):
            continue
        reports = [d for d in vocabulary.documents if d.kind == "tertialrapport"]
        number = match.group("n") or {"första": "1", "andra": "2", "tredje": "3"}[match.group("ord").lower()]
        # "andra tertialet" when only tertialrapport 1 is indexed names a document that is not there: no doc ids
        numbered = [d for d in reports if number in d.title.split()]
        mentions.append(DocumentMention(match.group(0), match.start(), match.end(), frozenset(d.doc_id for d in numbered)))
    mentions += _titles(text, vocabulary, year_spans)
    mentions += _age_alone(text, mentions, vocabulary)
    for first, last, start, end in _period_spans(text):
        if any(m.start <= start < m.end for m in mentions) or _inside(start, year_spans) or last == first:
            continue
        by_period = [d for d in vocabulary.documents if d.period and (d.period[0], d.period[-1]) == (first, last)]
        if not by_period:
            continue
        before_text = text[max(0, start - 60) : start]
        before = set(stems(before_text))
        named = [d for d in by_period if before & (d.title_stems - {str(y) for y in d.period})]
        if not named and not re.search(r"\bperioden\s+$", before_text, re.I):
            continue  # "resultaten 2027–2029" are years; "planeringsförutsättningarna 2027–2029" names a document
        year_spans.append((start, end))
        chosen = named or [d for d in by_period if d.kind == "regionplan"] or by_period
        mentions.append(DocumentMention(text[start:end], start, end, frozenset(d.doc_id for d in chosen)))
    return _merged(mentions), year_spans


# An age standing for a document named before: "… i gamla regionplanen, och hur stor är den för 2026 i nya?"
AGE_ALONE = re.compile(r"\bi (?:den )?(?P<age>nya|gamla|nuvarande|förra|tidigare|senaste)(?=\s*(?:[?.,;]|$))", re.I)


def _age_alone(text: str, mentions: list[DocumentMention], vocabulary: Vocabulary) -> list[DocumentMention]:
    """The newest or oldest document of the kind an earlier mention names, for an age said without its noun."""
    found = []
    for match in AGE_ALONE.finditer(text):
        earlier = [m for m in mentions if m.end <= match.start()]
        kinds = {d.kind for m in earlier for doc_id in m.doc_ids if (d := vocabulary.document(doc_id)) is not None}
        if len(kinds) != 1:
            continue
        kind = next(iter(kinds))
        documents = [d for d in vocabulary.documents if d.kind == kind]
        if len(documents) < 2:
            continue
        older = OLDER.fullmatch(match.group("age")) is not None
        chosen = min(documents, key=lambda d: d.year) if older else max(documents, key=lambda d: d.year)
        found.append(DocumentMention(match.group(0), match.start(), match.end(), frozenset({chosen.doc_id})))
    return found


def _merged(mentions: list[DocumentMention]) -> tuple[DocumentMention, ...]:
    """Overlapping mentions ("första tertialet" and "tertialet 2026") as one, naming the documents both name."""
    merged: list[DocumentMention] = []
    for mention in sorted(mentions, key=lambda m: (m.start, -m.end)):
        last = merged[-1] if merged else None
        if last is not None and mention.start < last.end:
            both = (last.doc_ids & mention.doc_ids) or last.doc_ids
            start, end = last.start, max(last.end, mention.end)
            merged[-1] = DocumentMention(last.text if end == last.end else f"{last.text}…", start, end, both)
        else:
            merged.append(mention)
    return tuple(merged)


def _titles(text: str, vocabulary: Vocabulary, year_spans: list[tuple[int, int]]) -> list[DocumentMention]:
    """Documents named by their title ("Regionplan och budget 2026–2028"), with or without its period."""
    folded = _fold(text)
    found = []
    for document in vocabulary.documents:
        title = _fold(document.title.split(":")[-1])
        start = folded.find(title)
        if start >= 0 and len(title) >= 12:
            end = start + len(title)
            found.append(DocumentMention(text[start:end], start, end, frozenset({document.doc_id})))
            year_spans.append((start, end))
    return found


def _fold(text: str) -> str:
    """Lower case with every dash as "-", same length as ``text`` (offsets carry over)."""
    return text.lower().replace("–", "-").replace("—", "-")


def _single_year_fits(document: DocumentInfo, year: int) -> bool:
    """ "tertialrapport 1 2026": a single year after a kind word names a one-year document of that year."""
    return document.one_year == year


def _kind_documents(word: str, vocabulary: Vocabulary) -> list[DocumentInfo]:
    """Documents whose kind a question word names: "regionplanen", "planen", "tertialrapporten", "summeringen"."""
    last = word.split("-")[-1]
    word_stems = stems(last)
    if not word_stems or last.lower() == "plan":  # "i plan för 2021" names a column, "planen" a document
        return []
    stem = word_stems[0]
    if stem in DOCUMENT_WORDS - {"plan"} or len(stem) < 4:
        return []
    return [document for document in vocabulary.documents if any(_names_kind(stem, kind) for kind in document.kind_words)]


def _names_kind(stem: str, kind: str) -> bool:
    """A question word names a kind of document: "regionplanens" (regionplan), "planen" (…plan), "tertialet" (tertial)."""
    if stem == kind or (stem.startswith(kind) and len(kind) >= 6 and _document_suffix(stem[len(kind) :])):
        return True
    return stem == "plan" and kind.endswith("plan")


def _document_suffix(rest: str) -> bool:
    """What may follow a kind in one word: an inflection ("-ens") or a word for a document ("summerings|rapport")."""
    rest = rest[1:] if rest.startswith("s") and len(rest) > 3 else rest
    return len(rest) <= 3 or rest.startswith(("rapport", "dokument", "text", "bilag"))


def _period_spans(text: str):
    for match in YEAR_RANGE.finditer(text):
        yield int(match.group(1)), int(match.group(2)), match.start(), match.end()


def _years(text: str, document_years: list[tuple[int, int]], taken: list[tuple[int, int]], vocabulary: Vocabulary):
    """Years asked about (with the column kind named before them) and periods that are not documents."""
    years: list[YearMention] = []
    periods: list[tuple[int, int]] = []
    for match in YEAR_RANGE.finditer(text):
        if _inside(match.start(), document_years) or _inside(match.start(), taken):
            continue
        first, last = int(match.group(1)), int(match.group(2))
        if 0 < last - first <= 12:
            periods.append((first, last))
            for year in range(first, last + 1):
                years.append(YearMention(match.group(0), match.start(), match.end(), year, None))
    in_ranges = [(m.start, m.end) for m in years]
    for match in YEAR.finditer(text):
        if _inside(match.start(), document_years) or _inside(match.start(), taken) or _inside(match.start(), in_ranges):
            continue
        if re.match(r"-\w", text[match.end() : match.end() + 2]):
            continue  # "2020-planen" names a document; read there
        years.append(
            YearMention(match.group(0), match.start(), match.end(), int(match.group(0)), _kind_before(text, match.start()))
        )
    captions = _caption_spans(text, vocabulary)
    outside = [m for m in years if not _inside(m.start, captions)]
    if captions and outside and len(outside) < len(years):
        # "… från 2022 till 2027 i Sociala avgifter 2022–2027": the caption's years name the table
        years = outside
        periods = [p for p in periods if any(m.year == p[0] for m in outside) and any(m.year == p[1] for m in outside)]
    return tuple(sorted(years, key=lambda m: (m.start, m.year))), tuple(periods)


def _caption_spans(text: str, vocabulary: Vocabulary) -> list[tuple[int, int]]:
    """Where the question quotes a table caption that holds a year ("Befolkningssiffror för åren 2019–2022")."""
    folded = _fold(text)
    spans = []
    for caption in vocabulary.year_captions:
        start = folded.find(_fold(caption))
        if start >= 0:
            spans.append((start, start + len(caption)))
    return spans


def _kind_before(text: str, start: int) -> str | None:
    """The column kind a year's own words name: "budget 2020", "i plan för 2021", "prognos 2025"."""
    before = text[max(0, start - 25) : start].lower()
    for kind, pattern in (
        ("Budget", r"budget(?:en)?\s+(?:för\s+)?(?:år\s+)?$"),
        ("Plan", r"\bplan\s+(?:för\s+)?(?:år\s+)?$"),
        ("Prognos", r"prognos(?:en)?\s+(?:för\s+)?(?:år\s+)?$"),
        ("Utfall", r"utfall(?:et)?\s+(?:för\s+)?(?:år\s+)?$"),
        ("Tak", r"\btak(?:et)?\s+(?:för\s+)?(?:år\s+)?$"),
    ):
        if re.search(pattern, before):
            return kind
    return None


def _boards(text: str, vocabulary: Vocabulary):
    """Boards by name ("kollektivtrafiknämndens"), by abbreviation ("HSN:s", "RS") or unknown ("tandvårdsnämnden")."""
    for match in _WORD.finditer(text):
        word = match.group(0)
        bare = word.split(":")[0]
        by_abbreviation = [b for b in vocabulary.boards if bare.isupper() and len(bare) >= 2 and bare in b.abbreviations]
        if by_abbreviation:
            board = by_abbreviation[0]
            yield BoardMention(word, match.start(), match.end(), board.name, True)
            continue
        word_stem = stems(word.lower().split("-")[-1])
        if not word_stem:
            continue
        stem = word_stem[0]
        named = [
            b
            for b in vocabulary.boards
            if stem == b.head or (len(stem) >= 6 and stem.startswith(b.head) and len(stem) - len(b.head) <= 3)
        ]
        named = named or [
            b for b in vocabulary.boards if len(b.head) >= 8 and b.head.startswith(stem) and len(b.head) - len(stem) <= 2
        ]
        if named:
            start = _board_start(text, match.start(), named[0].name)
            yield BoardMention(text[start : match.end()], start, match.end(), named[0].name, True)
        elif _is_board_word(stem):
            yield BoardMention(word, match.start(), match.end(), word, False)


def _board_start(text: str, start: int, name: str) -> int:
    """Where a multi-word board name starts in the question ("hälso- och sjukvårdsnämnden")."""
    words_before = len(name.split()) - 1
    if not words_before:
        return start
    head = text[:start]
    pattern = rf"(?:[\wåäö-]+\s+){{{words_before}}}$"
    found = re.search(pattern, head)
    return found.start() if found and found.group(0).split()[0].lower()[:4] == name.split()[0].lower()[:4] else start


def _is_board_word(stem: str) -> bool:
    """A compound naming a board ("tandvårdsnämnd"), not the plain noun ("nämnd", "nämnderna")."""
    return any(stem.endswith(head) and len(stem) > len(head) + 2 for head in BOARD_HEADS)


def _organisations(text: str, vocabulary: Vocabulary, taken: list[tuple[int, int]]):
    """The own region (by name, "RJH", "regionen", "vår region") and other organisations."""
    own = set(vocabulary.own_names)
    for name in vocabulary.own_names:
        for match in re.finditer(rf"\b{re.escape(name)}s?\b", text):
            yield OrganisationMention(match.group(0), match.start(), match.end(), name, True, True)
    for match in OWN_WORDS.finditer(text):
        yield OrganisationMention(match.group(0), match.start(), match.end(), vocabulary.own_names[0] if own else "", True, True)
    for match in OTHER_REGION.finditer(text):
        name = match.group(1)
        if vocabulary.own_region and (name == vocabulary.own_region or vocabulary.own_region.startswith(name)):
            continue
        known = all(vocabulary.knows(stem) for stem in stems(name))
        yield OrganisationMention(match.group(0), match.start(), match.end(), f"Region {name}", False, known)
    for match in MUNICIPALITY.finditer(text):
        name = match.group(1) or match.group(2)
        known = all(vocabulary.knows(stem) for stem in stems(name))
        yield OrganisationMention(match.group(0), match.start(), match.end(), f"{name} kommun", False, known)
    for match in NATIONAL.finditer(text):
        if not _inside(match.start(), taken):
            yield OrganisationMention(match.group(0), match.start(), match.end(), match.group(0).lower(), False, True)


# Swedish abbreviations a question may use for a word the documents write out.
ABBREVIATIONS = {"exkl": "exklusive", "inkl": "inklusive", "resp": "respektive", "enl": "enligt", "ca": "cirka",
                 "milj": "miljoner", "kommunikationsavd": "kommunikationsavdelningen", "avd": "avdelning"}  # fmt: skip


def _words(text: str, taken: list[tuple[int, int]], vocabulary: Vocabulary) -> list[Word]:
    """Content words outside the spans read as something else, with their specificity."""
    found: list[Word] = []
    own = {stem for name in vocabulary.own_names for stem in stems(name)}
    for match in _WORD.finditer(text):
        if _inside(match.start(), taken):
            continue
        token = match.group(0).split(":")[0]
        lowered = ABBREVIATIONS.get(token.lower(), token.lower())
        if lowered in STOPWORDS or len(lowered) < 2:
            continue
        corrected = vocabulary.correction(lowered) if not any(vocabulary.knows(s) for s in stems(lowered)) else None
        lowered = corrected or lowered
        for stem in stems(lowered):
            if stem in FRAME_WORDS or stem in DOCUMENT_WORDS or stem in own:
                continue
            weight = vocabulary.idf(stem) * (DOCUMENT_COMPOUND_WEIGHT if _names_document_part(stem) else 1.0)
            weight *= OPERATION_WEIGHT if stem in OPERATION_STEMS or stem in QUALIFIER_STEMS else 1.0
            found.append(Word(token, match.start(), match.end(), stem, weight, vocabulary.knows(stem), corrected))
    return found


# "avgiftsbilagan", "summeringsrapporten": a word for a part of a document says where, not what; it weighs little.
DOCUMENT_COMPOUND_WEIGHT = 0.3


def _names_document_part(stem: str) -> bool:
    return stem.endswith(("bilag", "bilagan", "rapport", "dokument", "kapitl", "avsnit")) and len(stem) > 8


def _phrase_words(text: str, span: tuple[int, int], vocabulary: Vocabulary) -> tuple[Word, ...]:
    """Every word of a negated phrase, names and frame words too: "inte RJH totalt" excludes rows naming both."""
    start, end = span
    found = []
    for match in _WORD.finditer(text[start:end]):
        token = match.group(0).split(":")[0]
        if token.lower() in STOPWORDS:
            continue
        for stem in stems(token.lower()):
            found.append(Word(token, start + match.start(), start + match.end(), stem, vocabulary.idf(stem)))
    return tuple(found)


# A salary in kronor: without one, "PO-pålägget 2026" asks for the rate, not for a personnel cost.
SALARY_AMOUNT = re.compile(r"\d[\d \u00a0]*(?:,\d+)?\s*(?:kr\b|kronor|tkr|tusen)", re.IGNORECASE)


def _operations(text: str) -> frozenset[str]:
    found = {operation for operation, pattern in OPERATION_CUES if pattern.search(text)}
    if Op.PERSONNEL in found and not SALARY_AMOUNT.search(text):
        found.discard(Op.PERSONNEL)
    return frozenset(found or {Op.LOOKUP})


# A yes/no question: a finite verb before its subject ("Trodde man …", "och får nämnden …"), no question word.
YES_NO = re.compile(
    r"^(?:och\s+|men\s+)?(?!(?:vad|vem|vems|hur|när|var|varför|vilken|vilket|vilka)\b)[a-zåäö]{3,}\s+"
    r"(?:man|det|den|de|vi|nämnden|regionen|styrelsen|en|ett)\s",
    re.I,
)


def _answer_type(text: str) -> str:
    """What kind of answer the question wants: a figure (amount, percent, count, age), a time, a who, a place in the
    documents (section), or text."""
    if SECTION_CUES.search(text):
        return "section"
    if YES_NO.match(text.strip()) and not FIGURE_CUES.search(text):
        return "text"  # "…, och trodde man att det gick att återställa inom tre år?" is answered in words
    if TIME_CUES.search(text):
        return "time"
    if AGE_CUES.search(text):
        return "age"
    if WHO_CUES.search(text) and not FIGURE_CUES.search(text):
        return "who"
    if FIGURE_CUES.search(text) or any(p.search(text) for _, p in OPERATION_CUES[:9]):
        if COUNT_CUES.search(text):
            return "count"
        if PERCENT_CUES.search(text) and not re.search(r"\bhur mycket\b|\bmkr\b|\bkronor\b|\bbelopp", text, re.I):
            return "percent"
        return "amount"
    return "text"


def _masked(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with the spans blanked out (same length), so cues inside them are not read."""
    for start, end in spans:
        text = text[:start] + " " * (end - start) + text[end:]
    return text


def _kinds(text: str) -> frozenset[str]:
    return frozenset(kind for kind, pattern in KIND_CUES if pattern.search(text))


def _salary(text: str, amounts: tuple[AmountMention, ...]) -> tuple[Decimal, str] | None:
    match = SALARY.search(text)
    if not match:
        return None
    after = [a for a in amounts if a.start >= match.end() and a.unit == "kr"]
    before = [a for a in amounts if a.unit == "kr"]
    chosen = (after or before or [None])[0]
    if chosen is None:
        return None
    kind = match["kind"].lower()
    if kind == "lön":  # "en lön på 35 000 kronor i månaden", "… per månad", "… om året"
        after_amount = text[chosen.end : chosen.end + 20]
        kind = "månadslön" if PER_MONTH.match(after_amount) else "årslön"
    return chosen.value, "month" if kind.startswith("månad") else "year"


def _unknown_names(text: str, vocabulary: Vocabulary) -> tuple[str, ...]:
    """Capitalised names (not a sentence's first word) that no document mentions: another town, a person."""
    names = re.findall(r"(?<![.!?]\s)(?<=[\s,(])([A-ZÅÄÖ][a-zåäöéü]{2,})\b", text)
    return tuple(dict.fromkeys(name for name in names if stems(name) and not any(vocabulary.knows(s) for s in stems(name))))


def _parts(query: Query) -> tuple[Part, ...]:
    """The question's parts: clauses that each ask something ("…, och vilket mål gäller?")."""
    cuts = [0] + [match.end() for match in CONNECTIVES.finditer(query.text)] + [len(query.text)]
    spans = [(start, end) for start, end in itertools.pairwise(cuts) if query.text[start:end].strip(" ,.?–-")]
    # An operation cued in one asking part is that part's; a part without its own takes the question's others
    asked = [(start, end) for start, end in spans if ASKING.search(query.text[start:end].strip())]
    owned = frozenset().union(*(_operations(query.text[start:end]) for start, end in asked)) - {Op.LOOKUP}
    parts = []
    for start, end in spans:
        piece = query.text[start:end]
        words = tuple(w for w in query.words if start <= w.start < end)
        years = tuple(y for y in query.years if start <= y.start < end)
        operations = _operations(piece)
        if not (operations - {Op.LOOKUP}) and Op.LOOKUP not in query.operations:
            operations = (query.operations - owned) or operations
        asking = bool(ASKING.search(piece.strip())) or len(spans) == 1
        masked = _masked(query.text, [(m.start, m.end) for m in (*query.amounts, *query.percents, *query.boards)])
        answer = _answer_type(masked[start:end])
        parts.append(Part(piece.strip(), start, end, operations, answer, words, years, _kinds(piece), asking))
    return _completed(parts) or (
        Part(query.text, 0, len(query.text), query.operations, query.answer, query.words, query.years, query.kinds),
    )


# A part naming fewer content words than this leans on the others: "…, och vad är målet?", "hur stort och vad är skälet?"
MIN_OWN_WORDS = 2


COMPARISON = re.compile(r"^(?:och\s+)?(?:stämmer|överensstämmer|skiljer|är det samma|är den samma|motsvarar)\b", re.I)


def _completed(parts: list[Part]) -> tuple[Part, ...]:
    """Elliptic parts completed from the rest: the scene-setting parts' words, else the previous part's; and years.

    A comparison ("Regionplanen satte en investeringsram för 2026. Stämmer den med T1:s helårsbudget?") asks for
    both figures: the scene-setting part it compares with becomes a part that asks for its figure.
    """
    if any(part.asking and COMPARISON.match(part.text) for part in parts):
        parts = [replace(p, asking=True, answer="amount") if not p.asking and p.words else p for p in parts]
    context = [word for part in parts if not part.asking for word in part.words]
    completed = []
    for position, part in enumerate(parts):
        own = [w for w in part.words if w.stem not in OPERATION_STEMS and not is_kind_word(w) and not is_verb(w)]
        if part.asking and len(own) < MIN_OWN_WORDS:
            # The scene-setting parts name the subject; a part with hardly a subject of its own ("…, och vad är
            # målet?", "… och vad var skälet?") asks about the previous part's.
            borrowed = context or [w for other in reversed(parts[:position]) if other.asking for w in other.words][:6]
            borrowed = [w for w in borrowed if not is_kind_word(w)]  # "…, och hur såg utfallet ut?" asks its own kind
            part = replace(part, words=part.words + tuple(w for w in borrowed if w not in part.words))
        if part.asking and not part.years:
            others = [y.year for other in parts if other is not part and other.asking for y in other.years]
            part = replace(part, selection_years=tuple(dict.fromkeys(others)))
        completed.append(part)
    return tuple(completed)


VERB_ENDING = re.compile(r"(?:as|es|ades|ade|ats|ts|te|de|it|ar|er)$")
NOUN_ENDING = (
    "ingar", "tioner", "arer", "orer", "ader", "pengar", "nader", "ningar", "heter", "område", "läge", "skede", "stycke",
    "kter", "fter", "nder",  # plural nouns: "intäkter", "avgifter", "nämnder"
)  # fmt: skip


def is_verb(word: Word) -> bool:
    """A finite or passive verb ("kompenseras", "flyttades", "genomförts", "köpte"): part of what is asked, not of
    what it is asked about. A noun can end so too ("pengar", "regioner"): common noun endings are kept."""
    text = word.text.lower()
    if text in COMMON_VERBS:
        return True
    return bool(VERB_ENDING.search(text)) and not text.endswith(NOUN_ENDING) and len(text) > 4


# Short and irregular verbs the endings do not tell: "hur såg utfallet ut?", "vad blev resultatet?".
COMMON_VERBS = frozenset(
    "är var vara blir blev bli har hade ha får fick går gick gör gjorde ser såg ligger låg står stod kommer kom tar tog "
    "ger gav".split()
)


def names_no_measure(word: Word) -> bool:
    """A verb that says which figure of a measure is asked ("budgeterades", "beräknas", "planeras") or nothing of
    it ("såg … ut", "blev"): a figure need not name it. "kostar", "avsattes" name what is measured and count."""
    text = word.text.lower()
    return text in COMMON_VERBS or (is_verb(word) and any(pattern.search(text) for _, pattern in KIND_CUES))


def kind_of_word(word: Word) -> str | None:
    """The column kind a word names ("målet" → "Mål", "utfallet" → "Utfall"), in any definite form, or None."""
    for kind in KIND_WORD_STEMS:
        if word.stem == kind or word.stem in (kind + "et", kind + "en", kind + "n"):
            return {"målet": "mål", "målvärd": "mål", "tak": "mål"}.get(kind, kind).capitalize()
    return None


def is_kind_word(word: Word) -> bool:
    """A word naming which figure of a measure ("målet", "utfallet", "budgeten"), not the measure."""
    return kind_of_word(word) is not None


def _inside(position: int, spans: list[tuple[int, int]]) -> bool:
    return any(start <= position < end for start, end in spans)
