"""Whether a question's words are found in a piece of evidence: a row label, a caption, a sentence.

Swedish builds compounds and inflects freely, and users abbreviate and mistype: a word
counts as found when it is the same stem, an inflection of it ("budgetram" in
"budgetramar"), a part of a compound either way ("befolkningsantaganden" holds
"befolkning"; "soliditetsmål" starts with "soliditet"), a shortening ("exkl." of
"exklusive") or one letter off in a long word ("statsbidag"). One matcher serves every
route, so a word found for a table row is found the same way for a sentence.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property, lru_cache

from assistant.query import Word
from index.analysis import stems, words

# A stem this long may be found inside a longer word, or a word this long inside the question's compound.
MIN_PART = 5
# A stem this long may stand for a longer word it starts with an inflection or derivation ("kost" for "kostnad").
MIN_PREFIX = 4
# One letter may be wrong, missing or extra in a word at least this long.
MIN_TYPO = 6


@dataclass(frozen=True)
class Text:
    """A piece of evidence analysed once: its stems and its words."""

    stems: frozenset[str]
    words: frozenset[str]

    @classmethod
    def of(cls, text: str) -> Text:
        return _analysed(text)

    @cached_property
    def all(self) -> frozenset[str]:
        return self.stems | self.words

    @cached_property
    def by_initial(self) -> dict[str, tuple[str, ...]]:
        """Stems and words by their first letter: every match but a compound part shares it (see _candidates)."""
        grouped: dict[str, list[str]] = {}
        for other in self.all:
            grouped.setdefault(other[:1], []).append(other)
        return {initial: tuple(others) for initial, others in grouped.items()}

    @cached_property
    def joined(self) -> str:
        return "\x00".join(sorted(self.all))


@lru_cache(maxsize=100_000)
def _analysed(text: str) -> Text:
    tokens = [token for token in words(text) if not token[0].isdigit()]
    return Text(frozenset(stems(" ".join(tokens))), frozenset(tokens))


# Swedish words that name the same thing in planning documents; a question may use either (language, not questions).
SYNONYMS = {
    "folkmäng": ("befolkning", "invån"),
    "befolkning": ("folkmäng", "invån"),
    "gratis": ("avgiftsfri", "kostnadsfri"),
    "avgiftsfri": ("gratis", "kostnadsfri"),
    "peng": ("medel", "mkr", "kron", "miljon"),
    "anställd": ("medarbet", "personal"),
    "medarbet": ("anställd", "personal"),
    "dyr": ("ökad", "kostnad"),
    "politik": ("förtroendemann", "förtroendevald"),
    "främst": ("framför",),
    "beräkn": ("bedöm",),
    "bedöm": ("beräkn",),
    "ålder": ("år",),
    "åld": ("år",),
    **{
        month: (month[:3],)
        for month in ("januari", "februari", "april", "augusti", "september", "oktober", "november", "december")
    },
}


def found(stem: str, text: Text, surface: str | None = None, typo: bool = False) -> bool:
    """Whether a question stem is in the text as itself, an inflection or a whole compound (see ``match``)."""
    return match_kind(stem, text, surface, typo) == FULL


@lru_cache(maxsize=1_000_000)
def match_kind(stem: str, text: Text, surface: str | None = None, typo: bool = False) -> str:
    """Whether a question stem (or its word as written, ``surface``) is in the analysed text, or a synonym of it.

    The written word helps with compounds the stemmer cuts differently: "merkostnad" (stem "merkostn") ends in
    "kostnad", the stem of "kostnader". Returns FULL, HEAD (only the compound's head is in the text: the text
    speaks of "kostnader", the question of "läkemedelskostnader" — more general than asked) or NONE.
    """
    best = NONE
    extra = ((surface, typo),) if surface and surface != stem else ()
    for candidate, loose in ((stem, typo), *((other, False) for other in SYNONYMS.get(stem, ())), *extra):
        kind = _found(candidate, text, loose)
        if kind == FULL:
            return FULL
        best = kind or best
    return best


def _candidates(stem: str, text: Text) -> set[str]:
    """The text's stems and words ``_same`` may match: those starting like ``stem`` (equal, inflected, derived, a
    compound's first part, a typo), those ending it (its head) and those holding it — without comparing every word."""
    found = set(text.by_initial.get(stem[:1], ()))
    found |= {stem[i:] for i in range(1, len(stem) - MIN_PART + 1) if stem[i:] in text.all}
    if len(stem) >= MIN_PART and stem in text.joined:
        found |= {other for other in text.all if stem in other}
    return found


def _found(stem: str, text: Text, typo: bool = False) -> str:
    if stem in text.stems:
        return FULL
    best = NONE
    for other in _candidates(stem, text):
        kind = _same(stem, other, typo)
        if kind == FULL:
            return FULL
        if kind == MODIFIER and _rest_found(stem, other, text, at_end=True):
            return FULL
        if kind == HEAD:
            if _rest_found(stem, other, text, at_end=False):
                return FULL
            best = HEAD
    return best


def _rest_found(stem: str, part: str, text: Text, at_end: bool) -> bool:
    """A compound matched by one part counts whole only when its other part is in the text too: "samverkan" of
    "samverkansavtal" needs "avtal" (the head says what it is), "kostnad" of "läkemedelskostnad" needs "läkemedel"."""
    rest = stem[len(part) :] if at_end else stem[: len(stem) - len(part)]
    if at_end:
        rest = rest[1:] if rest.startswith("s") and len(rest) > MIN_HEAD else rest
    else:
        rest = rest[:-1] if rest.endswith("s") and len(rest) > MIN_HEAD else rest
    if len(rest) < MIN_HEAD:
        return True  # "vårdval|s": an inflection, not a second part
    words = (*text.stems, *text.words)
    return any(_same(rest, other) == FULL or other.startswith(rest) or (not at_end and other.endswith(rest)) for other in words)


FULL, MODIFIER, HEAD, NONE = "full", "modifier", "head", ""
# A compound found by its head alone counts this much of its weight: the text is about something more general.
HEAD_CREDIT = 0.5
# What may follow a stem in an inflected or derived form of the same word ("kost|nad", "budgetram|ar",
# "leverantörstro|het"); anything else after it makes a compound ("investering|sram"), matched as MODIFIER.
ENDINGS = frozenset(
    "s e a n t en et er ar or na ens ets ers ade ad at ande ende arna erna orna aren erns nad nader ning ningen ningar "
    "else het heten ighet lig ligt liga ig igt iga isk iskt iska tion are aren ares ering eringen".split()
)
MIN_DERIVED = 8
MAX_DERIVED = 11  # longer words are compounds, whose shared start is a shared first part, not one word family
DERIVED_SHARE = 0.75


def _ending(rest: str) -> bool:
    return rest in ENDINGS


def _shared_prefix(first: str, second: str) -> int:
    length = 0
    while length < min(len(first), len(second)) and first[length] == second[length]:
        length += 1
    return length


MIN_HEAD = 3


@lru_cache(maxsize=500_000)
def _same(stem: str, other: str, typo: bool = False) -> str:
    """How a question stem matches a text word: FULL, as a compound's first part (MODIFIER), or not at all."""
    if same_word(stem, other):
        return FULL
    if len(stem) >= MIN_PART and stem in other and not other.startswith(stem) and other.find(stem) < MIN_HEAD:
        return NONE  # "vision" in "revision": a few letters before it make another word, not a compound
    if len(stem) >= MIN_PART and stem in other:
        return FULL  # "budgetram" in "budgetramar", "kostnad" in "personalkostnader"
    if len(other) >= MIN_PART and stem.endswith(other):
        return HEAD  # the head of the question's compound: "helårsprognos" is a "prognos", but a more general one
    if len(other) >= MIN_PART and stem.startswith(other):
        return MODIFIER  # "befolkningsantag" starts with "befolkning": needs "antag" too
    if typo and len(stem) >= MIN_TYPO and abs(len(stem) - len(other)) <= 1 and _one_edit(stem, other):
        return FULL  # only for a word the documents never use: "investeringsram" is no typo of "investeringsråd"
    return NONE


@lru_cache(maxsize=500_000)
def same_word(stem: str, other: str) -> bool:
    """Whether two stems are one word, inflected or derived, not a compound holding the other ("tillgång" is not
    "anläggningstillgång": that is a more specific thing)."""
    if stem == other:
        return True
    short, long = sorted((stem, other), key=len)
    if long == short + "s" and len(short) >= 2:
        return True  # a genitive: "SCBs", "RUNs"
    if len(short) >= MIN_PREFIX and long.startswith(short) and _ending(long[len(short) :]):
        return True
    shared = _shared_prefix(stem, other)
    # one word family: "kompenseras" and "kompensation", "organiseras" and "organisatoriskt"
    return MIN_DERIVED <= len(short) <= MAX_DERIVED and DERIVED_SHARE * len(short) <= shared < len(short)


def _one_edit(first: str, second: str) -> bool:
    """At most one letter substituted, inserted or deleted (first letters equal)."""
    if first[0] != second[0]:
        return False
    if len(first) == len(second):
        return sum(a != b for a, b in zip(first, second, strict=True)) <= 1
    short, long = sorted((first, second), key=len)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def names(name: str, text: Text) -> bool:
    """Whether a text names a board or organisation: the stem of the name's last word, as that word or an inflection
    of it ("Regionstyrelse" for "Regionstyrelsen"), never as a part of another compound ("nämnd" is no board)."""
    head = max(Text.of(name).stems, key=len, default="")
    if not head:
        return False
    return any(
        head == other
        or (
            (other.startswith(head) or head.startswith(other))
            and abs(len(head) - len(other)) <= 3
            and min(len(head), len(other)) >= MIN_PART
        )
        for other in (*text.stems, *text.words)
    )


KEY = 4  # letters of a stem's start and end that index it (see keys)


def keys(stem: str) -> frozenset[str]:
    """Index keys of a stem: its first and last KEY letters. Any stem ``found`` matches by prefix, inflection or
    compound part shares one of them (a typo within the first letters aside)."""
    return frozenset({stem[:KEY], stem[-KEY:]}) if len(stem) >= KEY else frozenset({stem})


def question_keys(stem: str, surface: str | None = None) -> frozenset[str]:
    """The keys a question word may reach evidence by: its own, its synonyms' and its written form's."""
    found_keys = set(keys(stem))
    for other in SYNONYMS.get(stem, ()):
        found_keys |= keys(other)
    if surface:
        found_keys |= keys(surface)
    return frozenset(found_keys)


def coverage(question_words: Iterable[Word], text: Text) -> tuple[float, frozenset[str]]:
    """The weighted share of the question's words found in ``text``, and the stems found."""
    words_list = list(question_words)
    total = sum(word.weight for word in words_list)
    if not total:
        return 0.0, frozenset()
    kinds = {word.stem: match_kind(word.stem, text, word.text.lower(), not word.known) for word in words_list}
    hits = frozenset(stem for stem, kind in kinds.items() if kind == FULL)
    score = sum(
        word.weight * (1.0 if kinds[word.stem] == FULL else HEAD_CREDIT if kinds[word.stem] == HEAD else 0.0)
        for word in words_list
    )
    return score / total, hits
