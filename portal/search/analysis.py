"""French analysis shared by indexing, querying and highlighting.

Each word is lower-cased, stop words dropped, then indexed under both "stem, then fold accents" and
"fold accents, then stem": the French stemmer reads accents, so "infirmières" and "infirmieres" stem
apart; keeping both forms at the same position lets either spelling find the other.
"""

import re
import unicodedata
from functools import lru_cache

from whoosh.analysis import Token, Tokenizer
from whoosh.lang import stemmer_for_language, stopwords_for_language

WORD = re.compile(r"\w+", re.UNICODE)
STOP_WORDS = frozenset(stopwords_for_language("fr")) | {"a", "à", "etc"}
_stem = stemmer_for_language("fr")


def _fold_char(ch: str) -> str:
    bare = "".join(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c))
    return bare if len(bare) == 1 else ch


# Latin letters with accents, one for one: folding a whole text runs at C speed and keeps offsets.
_FOLD = {code: _fold_char(chr(code)) for code in range(0xC0, 0x250) if _fold_char(chr(code)) != chr(code)}


def fold_accents(text: str) -> str:
    """Lower case without accents, one character for one: offsets stay valid for highlighting."""
    lowered = text.lower()
    if len(lowered) != len(text):  # a rare letter whose lower case is longer: keep offsets anyway
        lowered = "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text)
    return lowered.translate(_FOLD)


@lru_cache(maxsize=300_000)
def variants(word: str) -> tuple[str, ...]:
    """The index terms of one lower-case word: one or two forms."""
    word = word.replace("œ", "oe").replace("æ", "ae")
    first = fold_accents(_stem(word))
    second = _stem(fold_accents(word))
    return (first,) if first == second else (first, second)


@lru_cache(maxsize=100_000)
def is_stop_word(word: str) -> bool:
    return len(word) < 2 or word in STOP_WORDS or fold_accents(word) in STOP_WORDS


def words(text: str) -> list[str]:
    """The meaningful lower-case words of a text, in order."""
    return [w for w in WORD.findall(text.lower()) if not is_stop_word(w)]


@lru_cache(maxsize=300_000)
def index_forms(word: str) -> tuple[str, ...]:
    """The index terms of a lower-case word, none for a stop word."""
    return () if is_stop_word(word) else variants(word)


class FrenchTokenizer(Tokenizer):
    """Words, lower-cased, stop words dropped, each yielding its one or two forms at the same position.

    One pass instead of a chain of filters: indexing spends most of its analysis time here.
    """

    def __call__(
        self,
        value,
        positions=False,
        chars=False,
        keeporiginal=False,
        removestops=True,
        start_pos=0,
        start_char=0,
        tokenize=True,
        mode="",
        **kwargs,
    ):
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        position = start_pos
        for match in WORD.finditer(value):
            forms = index_forms(match.group().lower())
            if not forms:
                continue
            for form in forms:
                token.text, token.stopped, token.boost = form, False, 1.0
                if keeporiginal:
                    token.original = match.group()
                if positions:
                    token.pos = position
                if chars:
                    token.startchar, token.endchar = start_char + match.start(), start_char + match.end()
                yield token
            position += 1


def french_analyzer():
    return FrenchTokenizer()
