"""Translate the small SQL expressions of the semantic layer (measure `expr`, metric filters, derived
metric `expr`) into DAX.

Supported: column names, numbers, 'strings', comparisons (= <> != < > <= >=), + - * / (division becomes
DIVIDE), AND / OR / NOT, IS [NOT] NULL, [NOT] IN (...), CASE WHEN ... THEN ... [ELSE ...] END, COALESCE, NULLIF,
parentheses. Anything else raises Untranslatable with the reason. Identifiers are resolved by the caller
(a column reference, or a measure reference for derived metrics).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass


class Untranslatable(Exception):
    """The expression uses SQL that has no DAX rendering here; the message says why."""


_TOKEN = re.compile(
    r"\s*(?:(?P<num>\d+(?:\.\d+)?)|(?P<str>'(?:[^']|'')*')|(?P<ref>\x00\d+\x00)"
    r"|(?P<name>[A-Za-z_][A-Za-z0-9_]*)|(?P<op><>|!=|<=|>=|[=<>+\-*/(),]))"
)
_FUNCTIONS = {"coalesce": "COALESCE"}
_KEYWORDS = {"and", "or", "not", "is", "null", "in", "case", "when", "then", "else", "end", "true", "false"}


@dataclass(frozen=True)
class Token:
    kind: str
    text: str


def tokenize(sql: str) -> list[Token]:
    tokens: list[Token] = []
    pos = 0
    sql = sql.strip()
    while pos < len(sql):
        match = _TOKEN.match(sql, pos)
        if match is None or match.end() == pos:
            raise Untranslatable(f"unsupported SQL near {sql[pos:pos + 20]!r}")
        kind = match.lastgroup or ""
        text = match.group(kind)
        if kind == "name" and text.lower() in _KEYWORDS:
            kind, text = "kw", text.lower()
        tokens.append(Token(kind, text))
        pos = match.end()
        while pos < len(sql) and sql[pos].isspace():
            pos += 1
    return tokens


class _Parser:
    """Recursive descent over the token list; every method returns DAX text."""

    def __init__(self, tokens: list[Token], resolve: Callable[[str], str]) -> None:
        self.tokens = tokens
        self.pos = 0
        self.resolve = resolve

    def peek(self, offset: int = 0) -> Token | None:
        index = self.pos + offset
        return self.tokens[index] if index < len(self.tokens) else None

    def accept(self, kind: str, text: str | None = None) -> Token | None:
        token = self.peek()
        if token is not None and token.kind == kind and (text is None or token.text == text):
            self.pos += 1
            return token
        return None

    def expect(self, kind: str, text: str | None = None) -> Token:
        token = self.accept(kind, text)
        if token is None:
            found = self.peek()
            raise Untranslatable(f"expected {text or kind}, found {found.text if found else 'end of expression'}")
        return token

    def parse(self) -> str:
        result = self.disjunction()
        left_over = self.peek()
        if left_over is not None:
            raise Untranslatable(f"unsupported SQL at {left_over.text!r}")
        return result

    def disjunction(self) -> str:
        parts = [self.conjunction()]
        while self.accept("kw", "or"):
            parts.append(self.conjunction())
        return parts[0] if len(parts) == 1 else "(" + " || ".join(parts) + ")"

    def conjunction(self) -> str:
        parts = [self.negation()]
        while self.accept("kw", "and"):
            parts.append(self.negation())
        return parts[0] if len(parts) == 1 else "(" + " && ".join(parts) + ")"

    def negation(self) -> str:
        if self.accept("kw", "not"):
            return f"NOT ({self.negation()})"
        return self.comparison()

    def comparison(self) -> str:
        left = self.additive()
        if self.accept("kw", "is"):
            negate = self.accept("kw", "not") is not None
            self.expect("kw", "null")
            return f"NOT ISBLANK({left})" if negate else f"ISBLANK({left})"
        negate = False
        first, second = self.peek(), self.peek(1)
        if first is not None and second is not None and first.text == "not" and second.text == "in":
            self.pos += 1
            negate = True
        if self.accept("kw", "in"):
            self.expect("op", "(")
            values = [self.additive()]
            while self.accept("op", ","):
                values.append(self.additive())
            self.expect("op", ")")
            test = f"{left} IN {{{', '.join(values)}}}"
            return f"NOT ({test})" if negate else test
        token = self.peek()
        if token is not None and token.kind == "op" and token.text in {"=", "<>", "!=", "<", ">", "<=", ">="}:
            self.pos += 1
            operator = "<>" if token.text == "!=" else token.text
            return f"{left} {operator} {self.additive()}"
        return left

    def additive(self) -> str:
        result = self.multiplicative()
        while (token := self.peek()) is not None and token.kind == "op" and token.text in {"+", "-"}:
            self.pos += 1
            result = f"{result} {token.text} {self.multiplicative()}"
        return result

    def multiplicative(self) -> str:
        result = self.unary()
        while (token := self.peek()) is not None and token.kind == "op" and token.text in {"*", "/"}:
            self.pos += 1
            right = self.unary()
            result = f"DIVIDE({result}, {right})" if token.text == "/" else f"{result} * {right}"
        return result

    def unary(self) -> str:
        if self.accept("op", "-"):
            return f"-{self.unary()}"
        return self.primary()

    def primary(self) -> str:
        token = self.peek()
        if token is None:
            raise Untranslatable("expression ends too early")
        self.pos += 1
        if token.kind == "num":
            return token.text
        if token.kind == "str":
            return '"' + token.text[1:-1].replace("''", "'").replace('"', '""') + '"'
        if token.kind == "ref":
            return self.resolve(token.text)
        if token.kind == "kw" and token.text in {"true", "false"}:
            return "TRUE()" if token.text == "true" else "FALSE()"
        if token.kind == "kw" and token.text == "null":
            return "BLANK()"
        if token.kind == "kw" and token.text == "case":
            return self.case()
        if token.kind == "op" and token.text == "(":
            inner = self.disjunction()
            self.expect("op", ")")
            return f"({inner})"
        if token.kind == "name":
            if self.accept("op", "("):
                function = _FUNCTIONS.get(token.text.lower())
                if token.text.lower() == "nullif":
                    value = self.disjunction()
                    self.expect("op", ",")
                    other = self.disjunction()
                    self.expect("op", ")")
                    return f"IF({value} = {other}, BLANK(), {value})"
                if function is None:
                    raise Untranslatable(f"SQL function {token.text}() has no DAX translation here")
                args = [self.disjunction()]
                while self.accept("op", ","):
                    args.append(self.disjunction())
                self.expect("op", ")")
                return f"{function}({', '.join(args)})"
            return self.resolve(token.text)
        raise Untranslatable(f"unsupported SQL token {token.text!r}")

    def case(self) -> str:
        branches: list[tuple[str, str]] = []
        while self.accept("kw", "when"):
            condition = self.disjunction()
            self.expect("kw", "then")
            branches.append((condition, self.disjunction()))
        if not branches:
            raise Untranslatable("CASE without WHEN (simple CASE is not supported)")
        otherwise = self.disjunction() if self.accept("kw", "else") else "BLANK()"
        self.expect("kw", "end")
        if len(branches) == 1:
            return f"IF({branches[0][0]}, {branches[0][1]}, {otherwise})"
        pairs = ", ".join(f"{condition}, {value}" for condition, value in branches)
        return f"SWITCH(TRUE(), {pairs}, {otherwise})"


def translate(sql: str, resolve: Callable[[str], str]) -> str:
    """DAX for a SQL expression; `resolve` maps each identifier (or placeholder) to its DAX reference."""
    return _Parser(tokenize(sql), resolve).parse()


def identifiers(sql: str) -> list[str]:
    """The identifiers a SQL expression uses (function names excluded), in order."""
    tokens = tokenize(sql)
    names = []
    for index, token in enumerate(tokens):
        following = tokens[index + 1] if index + 1 < len(tokens) else None
        if token.kind == "name" and not (following is not None and following.text == "("):
            names.append(token.text)
    return names
