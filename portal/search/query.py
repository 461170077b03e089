"""The query language members type, read into a small tree.

Words are all required; "quoted words" form a phrase; OU/OR, ET/AND, SAUF/NOT (or a leading -)
combine them, with parentheses; a trailing * asks for a prefix. A query that does not parse
(an unclosed quote or parenthesis, a dangling operator) is never an error: its words are searched
as plain words and the result says so.
"""

import re
from dataclasses import dataclass, field

from portal.search.analysis import fold_accents, is_stop_word, variants

MIN_PREFIX = 2
_TOKEN = re.compile(r'"[^"]*"|"|\(|\)|[^\s()"]+')
_OR, _AND, _NOT = {"ou", "or", "|", "||"}, {"et", "and", "&", "&&"}, {"sauf", "not"}


@dataclass(frozen=True)
class Word:
    forms: tuple[str, ...]


@dataclass(frozen=True)
class Prefix:
    starts: tuple[str, ...]


@dataclass(frozen=True)
class Phrase:
    words: tuple[Word, ...]


@dataclass(frozen=True)
class AllOf:
    children: tuple


@dataclass(frozen=True)
class AnyOf:
    children: tuple


@dataclass(frozen=True)
class Not:
    child: object


@dataclass
class ParsedQuery:
    """tree is None when nothing searchable was typed: every document matches."""

    text: str
    tree: object | None
    relaxed: bool = False
    highlights: list = field(default_factory=list)


class _Malformed(Exception):
    pass


def _word_nodes(raw: str) -> list:
    """A typed token may hold several words ("aide-soignante", "l'aide"): all are required."""
    if raw.endswith("*"):
        stem = fold_accents(raw.rstrip("*"))
        if re.fullmatch(r"\w+", stem) and len(stem) >= MIN_PREFIX:
            return [Prefix(tuple(sorted({stem, *variants(stem)})))]
        raw = raw.rstrip("*")
    return [Word(variants(w)) for w in re.findall(r"\w+", raw.lower()) if not is_stop_word(w)]


def _simplify(nodes: list, kind):
    nodes = [n for n in nodes if n is not None]
    if not nodes:
        return None
    return nodes[0] if len(nodes) == 1 else kind(tuple(nodes))


class _Parser:
    def __init__(self, tokens: list[str]):
        self.tokens, self.i = tokens, 0

    def peek(self):
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def take(self):
        token = self.peek()
        self.i += 1
        return token

    def parse(self):
        node = self.any_of()
        if self.peek() is not None:
            raise _Malformed
        return node

    def any_of(self):
        nodes = [self.all_of()]
        while self.peek() is not None and self.peek().lower() in _OR:
            self.take()
            nodes.append(self.all_of())
        if len(nodes) > 1 and any(n is None for n in nodes):
            raise _Malformed
        return _simplify(nodes, AnyOf)

    def all_of(self):
        nodes = []
        while (token := self.peek()) is not None and token != ")" and token.lower() not in _OR:
            if token.lower() in _AND:
                self.take()
                if not nodes or self.peek() is None or self.peek() == ")" or self.peek().lower() in _OR | _AND:
                    raise _Malformed
                continue
            nodes.append(self.unary())
        if any(n is None for n in nodes):
            nodes = [n for n in nodes if n is not None]
        if not nodes:
            if self.peek() is not None and self.peek().lower() in _OR:
                raise _Malformed
            return None
        return _simplify(nodes, AllOf)

    def unary(self):
        token = self.peek()
        if token.lower() in _NOT:
            self.take()
            if self.peek() is None or self.peek() == ")" or self.peek().lower() in _OR | _AND | _NOT:
                raise _Malformed
            child = self.unary()
            return Not(child) if child is not None else None
        if token.startswith("-") and len(token) > 1:
            self.take()
            child = _simplify(_word_nodes(token[1:]), AllOf)
            return Not(child) if child is not None else None
        return self.atom()

    def atom(self):
        token = self.take()
        if token == "(":
            node = self.any_of()
            if self.take() != ")":
                raise _Malformed
            return node
        if token == ")" or token == '"':
            raise _Malformed
        if token.startswith('"'):
            inner = [Word(variants(w)) for w in re.findall(r"\w+", token.strip('"').lower()) if not is_stop_word(w)]
            if len(inner) > 1:
                return Phrase(tuple(inner))
            return inner[0] if inner else None
        return _simplify(_word_nodes(token), AllOf)


def _leaves(node, out: list, negated=False) -> list:
    """What highlighting should mark: the positive words and prefixes."""
    if isinstance(node, Word | Prefix) and not negated:
        out.append(node)
    elif isinstance(node, Phrase) and not negated:
        out.extend(node.words)
    elif isinstance(node, AllOf | AnyOf):
        for child in node.children:
            _leaves(child, out, negated)
    elif isinstance(node, Not):
        _leaves(node.child, out, not negated)
    return out


def _only_negative(node) -> bool:
    return isinstance(node, Not) or (isinstance(node, AllOf) and all(isinstance(c, Not) for c in node.children))


def parse_query(text: str) -> ParsedQuery:
    text = (text or "").strip()[:500]
    tokens = _TOKEN.findall(text)
    relaxed = False
    try:
        tree = _Parser(tokens).parse()
    except _Malformed:
        relaxed = True
        plain = [t for t in re.findall(r"[^\s()\"]+", text) if t.lower() not in _OR | _AND | _NOT]
        tree = _simplify([n for t in plain for n in _word_nodes(t.lstrip("-"))], AllOf)
    if tree is not None and _only_negative(tree) and not isinstance(tree, AllOf):
        tree = AllOf((tree,))
    return ParsedQuery(text=text, tree=tree, relaxed=relaxed, highlights=_leaves(tree, []) if tree else [])
