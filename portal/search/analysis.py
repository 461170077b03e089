"""French analysis shared by indexing, querying and highlighting.

Each word is lower-cased, stop words dropped, then indexed under both "stem, then fold accents" and
"fold accents, then stem": the French stemmer reads accents, so "infirmières" and "infirmieres" stem
apart; keeping both forms at the same position lets either spelling find the other.
"""

import re
import unicodedata
from functools import lru_cache

from whoosh.analysis import Filter, LowercaseFilter, RegexTokenizer, StopFilter
from whoosh.lang import stemmer_for_language, stopwords_for_language

WORD = re.compile(r"\w+", re.UNICODE)
STOP_WORDS = frozenset(stopwords_for_language("fr")) | {"a", "à", "etc"}
_stem = stemmer_for_language("fr")


def fold_accents(text: str) -> str:
    """Lower case without accents, one character for one: offsets stay valid for highlighting."""
    out = []
    for ch in text.lower():
        bare = "".join(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c))
        out.append(bare if len(bare) == 1 else ch)
    return "".join(out)


@lru_cache(maxsize=300_000)
def variants(word: str) -> tuple[str, ...]:
    """The index terms of one lower-case word: one or two forms."""
    word = word.replace("œ", "oe").replace("æ", "ae")
    first = fold_accents(_stem(word))
    second = _stem(fold_accents(word))
    return (first,) if first == second else (first, second)


def is_stop_word(word: str) -> bool:
    return len(word) < 2 or word in STOP_WORDS or fold_accents(word) in STOP_WORDS


def words(text: str) -> list[str]:
    """The meaningful lower-case words of a text, in order."""
    return [w for w in WORD.findall(text.lower()) if not is_stop_word(w)]


class _VariantFilter(Filter):
    def __call__(self, tokens):
        for token in tokens:
            for form in variants(token.text):
                token.text = form
                yield token


def french_analyzer():
    return (RegexTokenizer(WORD) | LowercaseFilter() | StopFilter(stoplist=STOP_WORDS, minsize=2)
            | _VariantFilter())
