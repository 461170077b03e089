"""Extracts of a stored text showing why it matched, the matching words marked.

The same analysis as the index decides what matches, so an extract marks "éducatrice" for a
search on "educateur", and never marks a word the query excluded.
"""

import re
from bisect import bisect_left

from markupsafe import Markup, escape

from portal.search.analysis import fold_accents, is_stop_word, variants
from portal.search.query import ParsedQuery, Prefix, Word

BEFORE = 60
_SPACES = re.compile(r"\s+")


def _matches(text: str, parsed: ParsedQuery) -> list[tuple[int, int, str]]:
    forms = {form for leaf in parsed.highlights if isinstance(leaf, Word) for form in leaf.forms}
    starts = tuple(start for leaf in parsed.highlights if isinstance(leaf, Prefix) for start in leaf.starts)
    if not forms and not starts:
        return []
    # Only words beginning like a searched form can match (stems are prefixes of the folded word, or
    # nearly: look at the first three letters); the analyzer then decides, as it did for the index.
    heads = sorted({f[:3] for f in forms} | {s[:3] for s in starts}, key=len, reverse=True)
    candidate = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, heads)) + r")\w*")
    folded = fold_accents(text)
    found = []
    for match in candidate.finditer(folded):
        word = text[match.start() : match.end()].lower()
        if is_stop_word(word):
            continue
        word_forms = variants(word)
        if forms.intersection(word_forms) or (
            starts and (match.group().startswith(starts) or any(f.startswith(starts) for f in word_forms))
        ):
            found.append((match.start(), match.end(), word_forms[0]))
    return found


def _window(text: str, hit_start: int, width: int) -> tuple[int, int]:
    start = max(0, hit_start - BEFORE)
    if start:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < hit_start else start
    end = min(len(text), start + width)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > hit_start else end
    return start, end


def _clean(text: str) -> Markup:
    return escape(_SPACES.sub(" ", text))


def extracts(text: str, parsed: ParsedQuery, *, count: int = 2, width: int = 200) -> list[Markup]:
    hits = _matches(text, parsed)
    if not hits:
        return []
    hit_starts = [h[0] for h in hits]
    candidates = []
    for first, (hit_start, _, _) in enumerate(hits):
        start, end = _window(text, hit_start, width)
        last = bisect_left(hit_starts, end)
        inside = [h for h in hits[first:last] if h[1] <= end]
        candidates.append((len({h[2] for h in inside}), len(inside), -start, start, end))
    chosen: list[tuple[int, int]] = []
    for *_, start, end in sorted(candidates, reverse=True):
        if all(end <= s or start >= e for s, e in chosen):
            chosen.append((start, end))
        if len(chosen) == count:
            break
    out = []
    for start, end in sorted(chosen):
        parts, cursor = [], start
        for hit_start, hit_end, _ in hits[bisect_left(hit_starts, start) : bisect_left(hit_starts, end)]:
            if hit_end <= end:
                parts.append(_clean(text[cursor:hit_start]))
                parts.append(Markup("<mark>%s</mark>") % text[hit_start:hit_end])
                cursor = hit_end
        parts.append(_clean(text[cursor:end]))
        body = Markup("").join(parts).strip()
        out.append((Markup("… ") if start else Markup("")) + body + (Markup(" …") if end < len(text) else Markup("")))
    return out
