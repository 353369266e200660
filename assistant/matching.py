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
from functools import lru_cache

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
    "ålder": ("år",),
    "åld": ("år",),
    **{month: (month[:3],) for month in ("januari", "februari", "april", "augusti", "september", "oktober", "november", "december")},
}


@lru_cache(maxsize=1_000_000)
def found(stem: str, text: Text, surface: str | None = None, typo: bool = False) -> bool:
    """Whether a question stem (or its word as written, ``surface``) is in the analysed text, or a synonym of it.

    The written word helps with compounds the stemmer cuts differently: "merkostnad" (stem "merkostn") ends in
    "kostnad", the stem of "kostnader".
    """
    if _found(stem, text, typo) or any(_found(other, text) for other in SYNONYMS.get(stem, ())):
        return True
    return surface is not None and surface != stem and _found(surface, text, typo)


def _found(stem: str, text: Text, typo: bool = False) -> bool:
    if stem in text.stems:
        return True
    for other in (*text.stems, *text.words):
        kind = _same(stem, other, typo)
        if kind == FULL:
            return True
        if kind == MODIFIER and _head_found(stem, other, text):
            return True
    return False


def _head_found(stem: str, modifier: str, text: Text) -> bool:
    """A compound matched by its first part ("samverkan" of "samverkansavtal") counts only when its head ("avtal")
    is in the text too: the head says what the compound is."""
    head = stem[len(modifier) :]
    head = head[1:] if head.startswith("s") and len(head) > MIN_HEAD else head
    if len(head) < MIN_HEAD:
        return True  # "vårdval|s": an inflection, not a head
    return any(_same(head, other) == FULL or other.startswith(head) for other in (*text.stems, *text.words))


FULL, MODIFIER, NONE = "full", "modifier", ""
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
    if stem == other:
        return FULL
    short, long = sorted((stem, other), key=len)
    if len(short) >= MIN_PREFIX and long.startswith(short) and _ending(long[len(short) :]):
        return FULL
    shared = _shared_prefix(stem, other)
    if MIN_DERIVED <= len(short) <= MAX_DERIVED and DERIVED_SHARE * len(short) <= shared < len(short):
        return FULL  # one word family: "kompenseras" and "kompensation", "organiseras" and "organisatoriskt"
    if len(stem) >= MIN_PART and stem in other:
        return FULL  # "budgetram" in "budgetramar", "leverantörstro" in "leverantörstrohet"
    if len(other) >= MIN_PART and stem.endswith(other):
        return FULL  # the head of the question's compound: "helårsprognos" is a "prognos"
    if len(other) >= MIN_PART and stem.startswith(other):
        return MODIFIER  # "befolkningsantag" starts with "befolkning": needs "antag" too
    if typo and len(stem) >= MIN_TYPO and abs(len(stem) - len(other)) <= 1 and _one_edit(stem, other):
        return FULL  # only for a word the documents never use: "investeringsram" is no typo of "investeringsråd"
    return NONE


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
    return any(head == other or (other.startswith(head) or head.startswith(other)) and abs(len(head) - len(other)) <= 3
               and min(len(head), len(other)) >= MIN_PART for other in (*text.stems, *text.words))


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
    hits = frozenset(word.stem for word in words_list if found(word.stem, text, word.text.lower(), not word.known))
    return sum(word.weight for word in words_list if word.stem in hits) / total, hits
