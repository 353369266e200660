"""Swedish text analysis for lexical search: tokens, stop words, Snowball stems, character n-grams."""

from __future__ import annotations

import re
import threading
import unicodedata
from functools import lru_cache

import Stemmer
from bm25s.stopwords import STOPWORDS_SWEDISH

# Words are letter runs; numbers keep a decimal comma ("18,4") so a figure is one token.
TOKEN = re.compile(r"\d+(?:[,.]\d+)?|[^\W\d_]+")
STOPWORDS = frozenset(STOPWORDS_SWEDISH)
NGRAM_SIZES = (3, 4, 5)

_stemmer_local = threading.local()


def _stemmer() -> Stemmer.Stemmer:
    # PyStemmer objects are not thread-safe; one per thread.
    stemmer = getattr(_stemmer_local, "stemmer", None)
    if stemmer is None:
        stemmer = _stemmer_local.stemmer = Stemmer.Stemmer("swedish")
    return stemmer


def words(text: str) -> list[str]:
    """Lower-cased word and number tokens without stop words or single letters."""
    text = unicodedata.normalize("NFKC", text).lower()
    return [token for token in TOKEN.findall(text) if token not in STOPWORDS and (len(token) > 1 or token.isdigit())]


def stems(text: str) -> list[str]:
    """Snowball Swedish stems of ``words(text)``; numbers pass through unchanged."""
    return [_stem(token) for token in words(text)]


@lru_cache(maxsize=200_000)
def _stem(token: str) -> str:
    return token if token[0].isdigit() else _stemmer().stemWord(token)


def char_ngrams(text: str) -> list[str]:
    """Character 3–5-grams of each word, with boundary marks, for compounds.

    "sjukvårdsnämnden" shares "nämn" and "vård" grams with "nämnd" and
    "hälso- och sjukvård", which whole-word stems cannot match.
    """
    grams: list[str] = []
    for token in words(text):
        if token[0].isdigit():
            grams.append(token)
            continue
        marked = f"#{token}#"
        for size in NGRAM_SIZES:
            grams.extend(marked[i : i + size] for i in range(len(marked) - size + 1))
    return grams


def same_word(stem: str, word: str, min_length: int = 5, max_suffix: int = 3) -> bool:
    """Equal stems, or one an inflection of the other: the shorter (at least ``min_length``
    letters) starts the longer, which is at most ``max_suffix`` letters longer.

    Snowball leaves some forms unstemmed ("högkostnadsskyddet" vs "högkostnadsskyd").
    """
    short, long = sorted((stem, word), key=len)
    return short == long or (len(short) >= min_length and long.startswith(short) and len(long) - len(short) <= max_suffix)
