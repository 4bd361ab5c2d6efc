"""Tokenizer and recursive-descent (precedence-climbing) parser for XLSForm XPath 1.0.

Produces a small tuple AST that :mod:`forms.xpath` compiles to closures. ``${name}``
references are kept as their own node (``("ref", name)``) so the runtime can resolve them
against the form definition instead of the paths pyxform would write into the XForm.

AST nodes::

    ("num", float) ("str", text) ("ref", name) ("var", name)
    ("or"|"and", left, right)  ("cmp", op, left, right)  ("arith", op, left, right)
    ("neg", operand)  ("union", left, right)  ("call", name, [args])
    ("filter", primary, [predicates])
    ("path", start, [steps])   start: "root" | "ctx" | an AST node (a filter expression)
    step: (axis, test, [predicates])   axis: child | parent | self | attribute | descendant
"""

from __future__ import annotations

import re
from typing import Any

from forms.errors import ExpressionSyntaxError

Ast = tuple[Any, ...]

_TOKEN_RE = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<ref>\$\{\s*(?P<refname>[^}\s]*)\s*\})
  | (?P<num>\d+(?:\.\d*)?|\.\d+)
  | (?P<str>"[^"]*"|'[^']*')
  | (?P<op>//|::|\.\.|!=|<=|>=|[/\[\]()@,|.+\-*=<>])
  | (?P<var>\$[^\W\d][\w.\-]*(?::[^\W\d][\w.\-]*)?)
  | (?P<name>[^\W\d][\w.\-]*(?::(?:[^\W\d][\w.\-]*|\*))?)
    """,
    re.VERBOSE | re.UNICODE,
)

_OPERATOR_NAMES = {"and", "or", "div", "mod"}
_NODE_TYPES = {"node", "text", "comment", "processing-instruction"}
_AXES = {
    "child": "child",
    "parent": "parent",
    "self": "self",
    "attribute": "attribute",
    "descendant": "descendant",
    "descendant-or-self": "descendant-or-self",
    "ancestor": "ancestor",
    "ancestor-or-self": "ancestor-or-self",
}


class _Token:
    __slots__ = ("kind", "pos", "text")

    def __init__(self, kind: str, text: str, pos: int) -> None:
        self.kind = kind
        self.text = text
        self.pos = pos

    def __repr__(self) -> str:
        return f"{self.kind}:{self.text}"


def _syntax_error(expr: str, pos: int, what_zh: str, what_en: str) -> ExpressionSyntaxError:
    return ExpressionSyntaxError(
        f"表达式语法错误（位置 {pos + 1}）：{what_zh}：{expr!r}",
        f"expression syntax error at character {pos + 1}: {what_en}: {expr!r}",
    )


def _operand_ended(prev: _Token | None) -> bool:
    """XPath 1.0 lexical rule: after an operand, '*' multiplies and a name is an operator."""
    if prev is None:
        return False
    if prev.kind == "op":
        return prev.text in {")", "]", ".", ".."}
    return prev.kind in {"num", "str", "ref", "var", "name"}


def tokenize(expr: str) -> list[_Token]:
    """Split an expression into tokens, applying XPath's operator disambiguation."""
    tokens: list[_Token] = []
    pos = 0
    prev: _Token | None = None
    while pos < len(expr):
        match = _TOKEN_RE.match(expr, pos)
        if match is None:
            raise _syntax_error(expr, pos, f"无法识别的字符 {expr[pos]!r}", f"unexpected character {expr[pos]!r}")
        kind = match.lastgroup or ""
        text = match.group(kind)
        if kind == "refname":
            kind = "ref"
        if kind == "ref":
            text = match.group("refname")
            if not text:
                raise _syntax_error(expr, pos, "空的 ${} 引用", "empty ${} reference")
        if kind != "space":
            token = _classify(kind, text, pos, prev)
            tokens.append(token)
            prev = token
        pos = match.end()
    tokens.append(_Token("eof", "", len(expr)))
    return tokens


def _classify(kind: str, text: str, pos: int, prev: _Token | None) -> _Token:
    if kind == "name" and text in _OPERATOR_NAMES and _operand_ended(prev):
        return _Token("opname", text, pos)
    if kind == "op" and text == "*" and _operand_ended(prev):
        return _Token("op", "mul", pos)
    return _Token(kind, text, pos)


class Parser:
    """Parse one expression into an AST; raises ExpressionSyntaxError on bad input."""

    def __init__(self, expr: str) -> None:
        self.expr = expr
        self.tokens = tokenize(expr)
        self.index = 0

    # -- token helpers -------------------------------------------------------------------
    @property
    def token(self) -> _Token:
        return self.tokens[self.index]

    def peek(self, offset: int = 1) -> _Token:
        return self.tokens[min(self.index + offset, len(self.tokens) - 1)]

    def advance(self) -> _Token:
        token = self.tokens[self.index]
        self.index += 1
        return token

    def at(self, kind: str, text: str | None = None) -> bool:
        token = self.token
        return token.kind == kind and (text is None or token.text == text)

    def expect(self, kind: str, text: str) -> _Token:
        if not self.at(kind, text):
            found = self.token.text or "结尾/end"
            raise _syntax_error(
                self.expr, self.token.pos, f"应为 {text!r}，却是 {found!r}", f"expected {text!r}, found {found!r}"
            )
        return self.advance()

    # -- grammar -------------------------------------------------------------------------
    def parse(self) -> Ast:
        if self.at("eof"):
            raise _syntax_error(self.expr, 0, "表达式为空", "empty expression")
        ast = self.parse_or()
        if not self.at("eof"):
            raise _syntax_error(
                self.expr, self.token.pos, f"多余的内容 {self.token.text!r}", f"unexpected {self.token.text!r}"
            )
        return ast

    def parse_or(self) -> Ast:
        left = self.parse_and()
        while self.at("opname", "or"):
            self.advance()
            left = ("or", left, self.parse_and())
        return left

    def parse_and(self) -> Ast:
        left = self.parse_equality()
        while self.at("opname", "and"):
            self.advance()
            left = ("and", left, self.parse_equality())
        return left

    def parse_equality(self) -> Ast:
        left = self.parse_relational()
        while self.token.kind == "op" and self.token.text in ("=", "!="):
            op = self.advance().text
            left = ("cmp", op, left, self.parse_relational())
        return left

    def parse_relational(self) -> Ast:
        left = self.parse_additive()
        while self.token.kind == "op" and self.token.text in ("<", "<=", ">", ">="):
            op = self.advance().text
            left = ("cmp", op, left, self.parse_additive())
        return left

    def parse_additive(self) -> Ast:
        left = self.parse_multiplicative()
        while self.token.kind == "op" and self.token.text in ("+", "-"):
            op = self.advance().text
            left = ("arith", op, left, self.parse_multiplicative())
        return left

    def parse_multiplicative(self) -> Ast:
        left = self.parse_unary()
        while self.at("op", "mul") or self.at("opname", "div") or self.at("opname", "mod"):
            op = self.advance().text
            left = ("arith", "*" if op == "mul" else op, left, self.parse_unary())
        return left

    def parse_unary(self) -> Ast:
        if self.at("op", "-"):
            self.advance()
            return ("neg", self.parse_unary())
        return self.parse_union()

    def parse_union(self) -> Ast:
        left = self.parse_path()
        while self.at("op", "|"):
            self.advance()
            left = ("union", left, self.parse_path())
        return left

    def parse_path(self) -> Ast:
        token = self.token
        if token.kind == "op" and token.text in ("/", "//"):
            return self.parse_absolute_path()
        if self._starts_primary():
            primary = self.parse_filter()
            if self.token.kind == "op" and self.token.text in ("/", "//"):
                return ("path", primary, self.parse_relative_steps())
            return primary
        return ("path", "ctx", self.parse_relative_steps(first=True))

    def _starts_primary(self) -> bool:
        token = self.token
        if token.kind in ("num", "str", "ref", "var"):
            return True
        if token.kind == "op" and token.text == "(":
            return True
        if token.kind == "name" and self.peek().kind == "op" and self.peek().text == "(":
            return token.text not in _NODE_TYPES
        return False

    def parse_absolute_path(self) -> Ast:
        if self.at("op", "/"):
            nxt = self.peek()
            self.advance()
            if not _starts_step(nxt):
                return ("path", "root", [])
            return ("path", "root", self.parse_relative_steps(first=True))
        return ("path", "root", self.parse_relative_steps())

    def parse_relative_steps(self, first: bool = False) -> list[Ast]:
        steps: list[Ast] = []
        if first:
            steps.append(self.parse_step())
        while self.token.kind == "op" and self.token.text in ("/", "//"):
            if self.advance().text == "//":
                steps.append(("descendant-or-self", "node()", []))
            steps.append(self.parse_step())
        return steps

    def parse_step(self) -> Ast:
        token = self.token
        if token.kind == "op" and token.text == ".":
            self.advance()
            return ("self", "node()", [])
        if token.kind == "op" and token.text == "..":
            self.advance()
            return ("parent", "node()", [])
        axis = "child"
        if token.kind == "op" and token.text == "@":
            self.advance()
            axis = "attribute"
        elif token.kind == "name" and self.peek().kind == "op" and self.peek().text == "::":
            if token.text not in _AXES:
                raise _syntax_error(self.expr, token.pos, f"不支持的轴 {token.text}", f"unsupported axis {token.text}")
            axis = _AXES[token.text]
            self.advance()
            self.advance()
        test = self.parse_node_test()
        return (axis, test, self.parse_predicates())

    def parse_node_test(self) -> str:
        token = self.token
        if token.kind == "op" and token.text == "*":
            self.advance()
            return "*"
        if token.kind == "name" or token.kind == "opname":
            self.advance()
            if token.text in _NODE_TYPES and self.at("op", "("):
                self.advance()
                self.expect("op", ")")
                return token.text + "()"
            return token.text
        found = token.text or "结尾/end"
        raise _syntax_error(self.expr, token.pos, f"此处应为字段或路径，却是 {found!r}", f"expected a path step, found {found!r}")

    def parse_predicates(self) -> list[Ast]:
        predicates = []
        while self.at("op", "["):
            self.advance()
            predicates.append(self.parse_or())
            self.expect("op", "]")
        return predicates

    def parse_filter(self) -> Ast:
        primary = self.parse_primary()
        predicates = self.parse_predicates()
        return ("filter", primary, predicates) if predicates else primary

    def parse_primary(self) -> Ast:
        token = self.advance()
        if token.kind == "num":
            return ("num", float(token.text))
        if token.kind == "str":
            return ("str", token.text[1:-1])
        if token.kind == "ref":
            return ("ref", token.text)
        if token.kind == "var":
            return ("var", token.text[1:])
        if token.kind == "op" and token.text == "(":
            inner = self.parse_or()
            self.expect("op", ")")
            return inner
        return ("call", token.text, self.parse_arguments())

    def parse_arguments(self) -> list[Ast]:
        self.expect("op", "(")
        args: list[Ast] = []
        if self.at("op", ")"):
            self.advance()
            return args
        args.append(self.parse_or())
        while self.at("op", ","):
            self.advance()
            args.append(self.parse_or())
        self.expect("op", ")")
        return args


def _starts_step(token: _Token) -> bool:
    if token.kind in ("name", "opname"):
        return True
    return token.kind == "op" and token.text in (".", "..", "@", "*")


def parse(expr: str) -> Ast:
    """Parse ``expr`` into an AST (raises ExpressionSyntaxError)."""
    return Parser(expr).parse()
