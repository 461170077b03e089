"""Taking a person's identity out of a text, for the CV-thèque's anonymous profiles.

Members read anonymous profiles through highlighted extracts and the profile page, and search them
by any word: whatever is left here can be read and searched. So the text loses, before it is
indexed or shown: the person's names (every part, in any case, with or without accents, glued to
punctuation), e-mail addresses (also written "prenom (at) mail (dot) fr"), profile links and web
addresses, phone numbers in every French format, social-security numbers (NIR), birth dates and
places, street lines, post boxes, postal codes with their commune, and the home commune's name.
Professional content stays: diplomas and their years, employers, dates of employment, ages.

Pure functions on strings; nothing here reads the database.
"""

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

BLANK = "…"


@dataclass(frozen=True)
class Identity:
    """What identifies one person, as the site knows it."""

    names: tuple[str, ...]  # first and last names as the account holds them
    emails: tuple[str, ...] = ()
    communes: tuple[str, ...] = ()  # the home commune's name
    postal_codes: tuple[str, ...] = ()  # the home commune's postal codes


# --- folding: lower case, no accents, offsets back to the original text --------------------------

_LIGATURES = {"œ": "oe", "æ": "ae", "ß": "ss"}
_LIGATURE = re.compile("[" + "".join(_LIGATURES) + "".join(_LIGATURES).upper() + "]")
_QUOTES = {"’": "'", "ʼ": "'", "‘": "'"}


def _fold_char(ch: str) -> str:
    """One character for one, but for the ligatures œ, æ, ß (so that "Œuvray" and "Oeuvray" are one)."""
    lower = ch.lower()
    if lower in _LIGATURES:
        return _LIGATURES[lower]
    if ch in _QUOTES:
        return _QUOTES[ch]
    bare = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
    return bare.lower() if len(bare) == 1 else lower if len(lower) == 1 else ch


class _FoldTable(dict):
    """For str.translate: each character's folded form, computed once."""

    def __missing__(self, code: int) -> str:
        self[code] = _fold_char(chr(code))
        return self[code]


_FOLD_TABLE = _FoldTable()


def fold(text: str) -> str:
    """Lower case, accents and ligatures folded: "ZÉPHIRIN", "Zéphirin" and "zephirin" are one."""
    return text.translate(_FOLD_TABLE)


def _fold_with_offsets(text: str) -> tuple[str, list[int] | None]:
    """The folded text, and for each of its characters the offset of the original one (None: the same)."""
    folded = text.translate(_FOLD_TABLE)
    if len(folded) == len(text):
        return folded, None
    offsets: list[int] = []
    previous = 0
    for match in _LIGATURE.finditer(text):  # the only letters that fold into two
        offsets.extend(range(previous, match.start()))
        offsets.extend((match.start(), match.start()))
        previous = match.end()
    offsets.extend(range(previous, len(text) + 1))
    return folded, offsets


def _blank_spans(text: str, spans: Iterable[tuple[int, int]]) -> str:
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    out, cursor = [], 0
    for start, end in merged:
        out.append(text[cursor:start])
        out.append(BLANK)
        cursor = end
    out.append(text[cursor:])
    return "".join(out)


def _sub(pattern: re.Pattern, text: str) -> str:
    return pattern.sub(BLANK, text)


def _lines_with(hint: str, flags: int = 0) -> re.Pattern:
    """The lines where a cheap hint shows: the costly patterns run on those lines only."""
    return re.compile(rf"^[^\n]*?(?:{hint})[^\n]*", re.MULTILINE | flags)


def _in_lines(lines: re.Pattern, replace, text: str) -> str:
    return lines.sub(lambda line: replace(line.group()), text)


# --- e-mails and links ---------------------------------------------------------------------------

_AT = r"(?:[ \t]*@[ \t]*|[ \t]*[(\[{<][ \t]*(?:at|arobase|@)[ \t]*[)\]}>][ \t]*|[ \t]+(?:at|arobase)[ \t]+)"
_DOT = r"(?:\.|[ \t]*[(\[{<][ \t]*(?:dot|point)[ \t]*[)\]}>][ \t]*|[ \t]+(?:dot|point)[ \t]+)"
EMAIL = re.compile(rf"(?<![\w.+'-])[\w.+'-]*\w{_AT}[\w-]+(?:{_DOT}[\w-]+)*{_DOT}[a-z]{{2,10}}(?![\w-])", re.IGNORECASE)
_TLDS = "com|fr|net|org|io|me|eu|info|biz|app|dev|site|online|pro|page|bzh"
LINK = re.compile(
    r"(?:\b(?:https?|ftp)://|\bwww\.)\S+"  # with a scheme or www.
    rf"|(?<![\w@.-])(?:[a-z0-9-]+\.)+(?:{_TLDS})(?![\w-])(?:/\S*)?"  # a bare domain, with or without path
    r"|(?<![\w/])/?in/[\w.%-]{2,}/?"  # "LinkedIn : /in/prenom-nom"
    r"|(?<![\w@])@[a-z0-9_.]{3,}",  # a handle: @prenom.nom
    re.IGNORECASE,
)


_EMAIL_LINES = _lines_with(r"@|\b(?:at|arobase)\b", re.IGNORECASE)
_LINK_LINES = _lines_with(rf"://|www\.|/in/|@|\.(?:{_TLDS})\b", re.IGNORECASE)


# --- numbers: social security, phones ------------------------------------------------------------

_S = r"[ .\-\u00a0]?"
NIR = re.compile(
    rf"(?<![\w])[12]{_S}\d{{2}}{_S}\d{{2}}{_S}(?:\d{{2}}|2[ABab]){_S}\d{{3}}{_S}\d{{3}}"
    rf"(?:{_S}\d{{2}})?(?![\w])"
)

_COUNTRY = r"(?:33|262|269|508|590|594|596|681|687|689)"  # France, with the overseas départements and territories
_INTL = (
    rf"(?:(?:\+|00)[ \u00a0]?{_COUNTRY}|\([ \u00a0]?(?:\+|00)?[ \u00a0]?{_COUNTRY}[ \u00a0]?\))[ \u00a0.\-]?"
    r"(?:\([ \u00a0]?0[ \u00a0]?\)[ \u00a0.\-]?)?"
)
# Digits in pairs, one separator all along (so that "01.02.2015 - 12.2018" stays a date): 06 11 22 33 44,
# 06.11.22.33.44, 0611223344, +33 6 11 22 33 44, +33 (0)6 11 22 33 44, (+33) 7 98 76 54 32, 0033 6...
PHONE = re.compile(
    rf"(?<![\d+])(?:{_INTL}|0)[1-9](?P<gap>[ \u00a0\u202f\t]{{0,2}}|[ ]?[.\-·][ ]?)\d{{2}}"
    rf"(?:(?P=gap)\d{{2}}){{3}}(?!\d)"
)
# Other groupings of the same ten digits: 061 122 3344, +33 611 22 33 44 (but no year: "06 2015 2019").
_LOOSE_PHONE = re.compile(rf"(?<![\d+])(?:{_INTL}|0)[1-9]\d{{0,2}}(?:[ \u00a0]\d{{2,4}}){{2,4}}(?!\d)")
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


_NUMBER_LINES = _lines_with(r"\d(?:[ \t\u00a0\u202f.\-·()+]{0,3}[\dABab]){8}")  # 2A, 2B: Corsica


def _loose_phone(match: re.Match) -> str:
    if _YEAR.search(match.group()):
        return match.group()
    digits = re.sub(r"\D", "", match.group())
    country = re.match(r"[+(]*[ \u00a0]*(?:00)?" + _COUNTRY, match.group())
    if country:
        rest = digits[len(re.sub(r"\D", "", country.group())) :]
    else:
        rest = digits[1:]
    rest = rest[1:] if len(rest) == 10 and rest[0] == "0" else rest  # +33 (0)6...
    return BLANK if len(rest) == 9 and rest[0] != "0" else match.group()


# --- birth -------------------------------------------------------------------------------------

_MONTHS = (
    r"janvier|f[ée]vrier|mars|avril|mai|juin|juillet|ao[uû]t|septembre|octobre|novembre|d[ée]cembre"
    r"|janv|f[ée]vr?|avr|juil|sept?|oct|nov|d[ée]c"
)
_DATE_GAP = r"(?:[ \u00a0]*[/.\-][ \u00a0]*|[ \u00a0]+)"
_DATE = (
    rf"(?:\d{{1,2}}(?:er)?{_DATE_GAP}\d{{1,2}}{_DATE_GAP}\d{{2,4}}"
    rf"|(?:\d{{1,2}}(?:er)?[ \u00a0]+)?(?i:{_MONTHS})\.?[ \u00a0]+\d{{4}}"
    rf"|\d{{4}})(?!\d)"
)
_BORN = (
    r"(?i:n[ée]e?s?(?:[ ]?\(e\))?[ \u00a0]+(?:le|en)"
    r"|date[ \u00a0]+(?:et[ \u00a0]+lieu[ \u00a0]+)?de[ \u00a0]+naissance|naissance|ddn|d\.d\.n\.)"
)
BIRTH = re.compile(
    rf"\b{_BORN}[ \u00a0]*[:\-]?[ \u00a0]*(?i:le[ \u00a0]+)?{_DATE}"
    r"(?:[ \u00a0,]*(?:à|a|À)[ \u00a0]+(?:(?![ ][-–][ ])[^\n,;|•()–—\t])+(?:[ \u00a0]*\([^)\n]{1,30}\))?)?"
)
AGE_WITH_DATE = re.compile(rf"(?<=ans)[ \u00a0]*\([ \u00a0]*{_DATE}[ \u00a0]*\)")
MAIDEN_NAME = re.compile(
    r"(?i:\b(?:épouse|epouse|ép\.|ep\.|née|nee|nom de naissance|nom d'usage|nom de jeune fille)"
    r")[ \u00a0]*:?[ \u00a0]*[A-ZÀ-Ý][\w'’-]+(?:[ \u00a0]+[A-ZÀ-Ý][\w'’-]+)?"
)


# --- addresses -----------------------------------------------------------------------------------

_STREET_WORDS = (
    r"rue|avenue|boulevard|chemin|impasse|all[ée]e|place|route|lieu[- ]?dit|r[ée]sidence|quai|cours|square"
    r"|hameau|voie|sentier|passage|cit[ée]|lotissement|faubourg|rond[- ]point|esplanade|promenade|villa|domaine"
    r"|clos|ruelle|venelle|mont[ée]e|parvis|chauss[ée]e|traverse|carrefour|sq|rte|av|bd|bld|blvd|imp|fbg"
    r"|(?:r|ch|pl|lot|all|res|rés|av|bd|imp|rte|sq)(?=\.)"
)
_SEGMENT_END = r"(?:(?![ \u00a0][-–—][ \u00a0]|[ \u00a0]?\d{5}(?!\d))[^\n,;|•()–—\t])*"
STREET = re.compile(
    r"(?<![\w/.,])\d{1,4}(?:[ \u00a0]?(?i:bis|ter|quater|[a-d])(?!\w))?[ \u00a0]*,?[ \u00a0]*"
    rf"(?i:{_STREET_WORDS})\.?(?!\w)" + _SEGMENT_END
)
# Without a number: a lieu-dit, and (in an address block) a residence or hamlet opening the line.
LIEU_DIT = re.compile(r"(?i:\blieu[- ]?dit)\b[ \u00a0]*:?" + _SEGMENT_END)
RESIDENCE = re.compile(
    r"(?:^|(?<=[\n,]))[ \t]*(?:R[ée]sidence|R[ÉE]SIDENCE|Hameau|HAMEAU|Lotissement|LOTISSEMENT)\b" + _SEGMENT_END,
    re.MULTILINE,
)
FLAT = re.compile(
    r"(?<!\w)(?i:appt?|appartement|apt|b[âa]t(?:iment)?|esc(?:alier)?)\.?[ \u00a0]*(?:n[°o][ \u00a0]*)?"
    r"[A-Z0-9]{1,4}(?!\w)"
)
POST_BOX = re.compile(
    r"(?<!\w)(?:B\.?P\.?|C\.?S\.?|TSA)[ \u00a0]*\d{1,6}(?!\d)|(?i:\bcedex)(?:[ \u00a0]*\d{1,2}(?!\d))?"
)
_NOT_A_PLACE = (
    r"(?![ \u00a0]*(?i:€|euros?\b|eur\b|k€|heures?\b|h\b|habitants\b|lits\b|résidents\b|salariés\b"
    r"|ans\b))"
)
_COMMUNE_WORD = r"(?:[A-ZÀ-Ý][\w'’]*|(?:de|du|des|la|le|les|sur|sous|en|lès|lez|aux|au)\b|[dl](?=['’]))"
POSTAL_COMMUNE = re.compile(
    r"(?<![\w.,/-])(?:F-?)?(?:\d{2}[ \u00a0]?\d{3})(?![\w])"
    + _NOT_A_PLACE
    + rf"(?:[ \u00a0]*[A-ZÀ-Ý][\w'’]*(?:(?:[ \u00a0]|-|['’])+{_COMMUNE_WORD})*)?"
)
POSTAL_IN_BRACKETS = re.compile(r"\([ \u00a0]*\d{2}[ \u00a0]?\d{3}[ \u00a0]*\)")
_ADDRESS_HINT = re.compile(
    STREET.pattern
    + "|"
    + FLAT.pattern
    + "|"
    + POST_BOX.pattern
    + r"|(?<![\w.,/-])\d{5}(?![\w])"
    + _NOT_A_PLACE
    + r"[ \u00a0]*[A-ZÀ-Ý]"
)


def _residences(text: str) -> str:
    """A residence or hamlet line is an address when it sits by another address line."""
    if not RESIDENCE.search(text):
        return text
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if RESIDENCE.search(line) and any(_ADDRESS_HINT.search(near) for near in lines[max(0, i - 1) : i + 2]):
            lines[i] = _sub(RESIDENCE, line)
    return "\n".join(lines)


# --- names ---------------------------------------------------------------------------------------

PARTICLES = frozenset(
    "d de du des l le la les van von der den da di do dos das del della el al ben bin ibn "
    "mac mc st ste saint sainte".split()
)
_NAME_SPLIT = re.compile(r"[\s\-'.]+")
_LETTER_BEFORE = r"(?<![^\W\d_])"
_LETTER_AFTER = r"(?![^\W\d_])"
_JOIN = r"[\s\-'’.]*"
_WORDS_OF_LINE = re.compile(r"[^\W\d_][\w'’.-]*")


def _name_patterns(identity: Identity) -> tuple[str, ...]:
    """Regular expressions over the folded text, longest first."""
    patterns: set[str] = set()
    full_names = [fold(n).strip() for n in identity.names if n and n.strip()]
    for email in identity.emails:
        local = fold(email.split("@")[0])
        if len(local) >= 3 and not local.isdigit():
            full_names.append(local)  # a pseudonym reused as a login or handle
    all_parts = []
    for name in full_names:
        parts = [p for p in _NAME_SPLIT.split(name) if p]
        all_parts.extend(parts)
        if len(parts) > 1:  # the name as written, particles and all: "de la Fontaine", "Le Goff"
            patterns.add(_JOIN.join(map(re.escape, parts)))
            patterns.add(re.escape("".join(parts)))  # glued: "LEGOFF", "mariezephirin"
        for part in parts:
            if len(part) >= 2 and part not in PARTICLES:
                patterns.add(re.escape(part))
    real = [p for p in all_parts if p not in PARTICLES and len(p) >= 2]
    for a in real:  # first and last name glued, in either order: "mariezephirin", "zephirinmarie"
        for b in real:
            if a != b:
                patterns.add(re.escape(a + b))
    return tuple(sorted(patterns, key=len, reverse=True))


def _commune_patterns(identity: Identity) -> tuple[str, ...]:
    names = [fold(c).strip() for c in identity.communes if c and c.strip()]
    return tuple(_JOIN.join(map(re.escape, (p for p in _NAME_SPLIT.split(name) if p))) for name in names)


@lru_cache(maxsize=1024)
def _any_of(patterns: tuple[str, ...]) -> re.Pattern:
    return re.compile(_LETTER_BEFORE + "(?:" + "|".join(patterns) + ")" + _LETTER_AFTER)


def _names_and_communes(text: str, identity: Identity) -> str:
    """Names and the home commune, found in the folded text; a short line holding a name goes whole."""
    for code in identity.postal_codes:
        if code:
            text = re.sub(rf"(?<![\w]){re.escape(code[:2])}[ \u00a0]?{re.escape(code[2:])}(?![\w])", BLANK, text)
    names, communes = _name_patterns(identity), _commune_patterns(identity)
    if not names and not communes:
        return text
    folded, offsets = _fold_with_offsets(text)

    def spans(patterns: tuple[str, ...]) -> list[tuple[int, int]]:
        if not patterns:
            return []
        found = [m.span() for m in _any_of(patterns).finditer(folded) if m.end() > m.start()]
        return found if offsets is None else [(offsets[start], offsets[end]) for start, end in found]

    name_spans, commune_spans = spans(names), spans(communes)
    # The name line: the parts of the name the site does not know (a middle or maiden name) go with it.
    line_spans = []
    for start, _ in name_spans:
        line_start = text.rfind("\n", 0, start) + 1
        line_end = text.find("\n", start)
        line_end = len(text) if line_end < 0 else line_end
        if len(_WORDS_OF_LINE.findall(text[line_start:line_end])) <= 4:
            line_spans.append((line_start, line_end))
    spans_found = name_spans + commune_spans + line_spans
    return _blank_spans(text, spans_found) if spans_found else text


_BRACKETED = re.compile(rf"[(\[][ \u00a0]*{BLANK}[ \u00a0]*[)\]]")
_RUNS = re.compile(rf"{BLANK}(?:[ \t\n\u00a0,;:|/·•\-–—]*{BLANK})+")


def redact(text: str, identity: Identity) -> str:
    """The text without anything that identifies or lets one contact the person."""
    if not text:
        return text
    text = unicodedata.normalize("NFC", text)
    # Before links: an e-mail's domain looks like a link.
    text = _in_lines(_EMAIL_LINES, lambda line: _sub(EMAIL, line), text)
    text = _in_lines(_LINK_LINES, lambda line: _sub(LINK, line), text)
    # A NIR before phones: it holds runs of digits that look like one.
    text = _in_lines(_NUMBER_LINES, lambda line: _LOOSE_PHONE.sub(_loose_phone, _sub(PHONE, _sub(NIR, line))), text)
    text = _sub(BIRTH, text)
    text = _sub(AGE_WITH_DATE, text)
    text = _sub(MAIDEN_NAME, text)
    text = _residences(text)
    text = _sub(STREET, text)
    text = _sub(LIEU_DIT, text)
    text = _sub(FLAT, text)
    text = _sub(POST_BOX, text)
    text = _sub(POSTAL_COMMUNE, text)
    text = _sub(POSTAL_IN_BRACKETS, text)
    text = _names_and_communes(text, identity)
    return _RUNS.sub(BLANK, _BRACKETED.sub(BLANK, text))
