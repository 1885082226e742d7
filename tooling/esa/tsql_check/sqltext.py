"""A small T-SQL tokenizer for the rule checks: comments and string literals never match a rule.

It is not a parser (SQLFluff and sqlglot are, see grammar.py); it knows just enough to tell a
keyword from a string, a bracketed identifier or a comment, and how deep in parentheses it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# kinds
WORD = "word"  # keywords and bare identifiers
QIDENT = "qident"  # [bracketed] or "quoted" identifier
STRING = "string"  # 'literal' or N'literal'
NUMBER = "number"
OP = "op"  # operators and punctuation, one token per operator
LPAREN = "("
RPAREN = ")"

_WORD_RE = re.compile(r"[A-Za-z_@#][A-Za-z0-9_@#$]*")
_NUMBER_RE = re.compile(r"(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
_TWO_CHAR_OPS = ("||", "::", "<=", ">=", "<>", "!=", "!<", "!>", "+=", "-=", "*=", "/=")


@dataclass(frozen=True)
class Token:
    kind: str
    text: str
    line: int
    depth: int  # parenthesis depth before this token (a "(" has the depth outside it)

    @property
    def lower(self) -> str:
        return self.text.lower()

    @property
    def name(self) -> str:
        """An identifier's name without its quoting, lower-cased."""
        if self.kind == QIDENT:
            return self.text[1:-1].replace("]]", "]").replace('""', '"').lower()
        return self.text.lower()

    def is_word(self, *words: str) -> bool:
        return self.kind == WORD and self.text.lower() in words


def tokenize(sql: str) -> list[Token]:
    """Split SQL into tokens, dropping whitespace and comments."""
    tokens: list[Token] = []
    i, n, line, depth = 0, len(sql), 1, 0
    while i < n:
        c = sql[i]
        if c == "\n":
            line += 1
            i += 1
        elif c.isspace():
            i += 1
        elif sql.startswith("--", i):
            j = sql.find("\n", i)
            i = n if j < 0 else j
        elif sql.startswith("/*", i):
            # T-SQL block comments nest.
            level, j = 1, i + 2
            while j < n and level:
                if sql.startswith("/*", j):
                    level, j = level + 1, j + 2
                elif sql.startswith("*/", j):
                    level, j = level - 1, j + 2
                else:
                    j += 1
            line += sql.count("\n", i, j)
            i = j
        elif c == "'" or (c in "nN" and sql.startswith("'", i + 1)):
            start = i
            j = i + (2 if c != "'" else 1)
            while j < n:
                if sql[j] == "'":
                    if sql.startswith("''", j):
                        j += 2
                        continue
                    j += 1
                    break
                j += 1
            tokens.append(Token(STRING, sql[start:j], line, depth))
            line += sql.count("\n", start, j)
            i = j
        elif c == "[" or c == '"':
            close = "]" if c == "[" else '"'
            j = i + 1
            while j < n:
                if sql[j] == close:
                    if sql.startswith(close * 2, j):
                        j += 2
                        continue
                    j += 1
                    break
                j += 1
            tokens.append(Token(QIDENT, sql[i:j], line, depth))
            line += sql.count("\n", i, j)
            i = j
        elif c == "(":
            tokens.append(Token(LPAREN, c, line, depth))
            depth += 1
            i += 1
        elif c == ")":
            depth = max(depth - 1, 0)
            tokens.append(Token(RPAREN, c, line, depth))
            i += 1
        elif (m := _WORD_RE.match(sql, i)) is not None:
            tokens.append(Token(WORD, m.group(), line, depth))
            i = m.end()
        elif c.isdigit() or (c == "." and i + 1 < n and sql[i + 1].isdigit()):
            m2 = _NUMBER_RE.match(sql, i)
            end = m2.end() if m2 else i + 1
            tokens.append(Token(NUMBER, sql[i:end], line, depth))
            i = end
        else:
            two = sql[i : i + 2]
            if two in _TWO_CHAR_OPS:
                tokens.append(Token(OP, two, line, depth))
                i += 2
            else:
                tokens.append(Token(OP, c, line, depth))
                i += 1
    return tokens


def matching_paren(tokens: list[Token], open_index: int) -> int:
    """Index of the ")" closing the "(" at open_index (or the last token if unbalanced)."""
    depth = tokens[open_index].depth
    for j in range(open_index + 1, len(tokens)):
        if tokens[j].kind == RPAREN and tokens[j].depth == depth:
            return j
    return len(tokens) - 1


def is_identifier(token: Token) -> bool:
    return token.kind in (WORD, QIDENT)


def dotted_name(tokens: list[Token], start: int) -> tuple[list[Token], int]:
    """The parts of a dotted object name starting at `start` (a.b.c, [a].[b]..c) and the next index."""
    parts: list[Token] = []
    i = start
    while i < len(tokens) and is_identifier(tokens[i]):
        parts.append(tokens[i])
        i += 1
        dots = 0
        while i < len(tokens) and tokens[i].kind == OP and tokens[i].text == ".":
            dots += 1
            i += 1
        if dots == 0:
            break
        # `db..table` skips the schema: count the empty part too
        for _ in range(dots - 1):
            parts.append(Token(QIDENT, "[]", tokens[i - 1].line, tokens[i - 1].depth))
    return parts, i
