"""Expression semantics against XPath 1.0 (and XForms for dates and repeats)."""

from __future__ import annotations

import math
from datetime import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from forms.errors import EvaluationError, ExpressionSyntaxError
from forms.tree import Node, document, items_instance
from forms.xpath import Context, compile_expression, to_number, to_string


class Env:
    """A tiny environment: fields a, e, d and a repeat 'r' of items with 'x'."""

    def __init__(self) -> None:
        root = Node("data")
        for name, value in (("a", "2"), ("e", ""), ("d", "2024-05-01"), ("s", "abc")):
            root.append(Node(name, value=value))
        for value in ("1", "5", "9"):
            item = root.append(Node("r"))
            item.append(Node("x", value=value))
        self.document = document(root)
        self.lists = {"yn": items_instance([{"name": "y", "label": "Yes"}, {"name": "n", "label": "No"}])}

    def resolve_field(self, name: str, context: Node) -> list[Node]:
        root = self.document.children[0]
        if name == "x":
            nodes = [r.children[0] for r in root.children if r.name == "r"]
            inside = [n for n in nodes if n is context or n in list(context.ancestors()) or n.parent is context.parent]
            return inside or nodes
        return [c for c in root.children if c.name == name]

    def instance(self, instance_id: str) -> Node | None:
        return self.lists.get(instance_id)

    def choice_label(self, value: str, field_ref: str, context: Node) -> str:
        return {"y": "Yes", "n": "No"}.get(value, "")

    def now(self) -> datetime:
        return datetime(2024, 5, 20, 9, 30)


def ev(text: str, node: Node | None = None):
    env = Env()
    return compile_expression(text).evaluate(Context(env, node or env.document.children[0]))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("'' > 3", False),  # '' -> NaN: false, not an error
        ("'' < 3", False),
        ("${e} > 3", False),
        ("${e} = ''", True),
        ("${a} = 2", True),  # node-set vs number: the string converts to a number
        ("${a} = '2'", True),
        ("${a} = '2.0'", False),  # node-set vs string: string comparison
        ("'2' = 2", True),
        ("'2.0' = 2", True),
        ("' 2 ' = 2", True),
        ("'abc' = 0", False),
        ("${a} > '10'", False),  # relational: both to numbers (2 > 10)
        ("true() = 'x'", True),  # boolean wins
        ("${e} != ''", False),
        ("/data/r/x = 5", True),  # existential
        ("/data/r/x != 5", True),  # also existential
        ("/data/r/x > 8", True),
        ("/data/r/x > 9", False),
        ("/data/r/x = /data/a", False),
        ("count(/data/nothing) = 0", True),
        ("/data/nothing = ''", False),  # empty node-set equals nothing
    ],
)
def test_comparisons_follow_xpath_1(text: str, expected: bool) -> None:
    assert ev(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 + 2 * 3", 7.0),
        ("10 div 4", 2.5),
        ("7 mod 3", 1.0),
        ("-7 mod 3", -1.0),
        ("${a} * 3", 6.0),
        ("-${a}", -2.0),
        ("sum(/data/r/x)", 15.0),
        ("count(/data/r)", 3.0),
        ("max(/data/r/x)", 9.0),
        ("min(3, ${a}, 7)", 2.0),
        ("int(-3.7)", -3.0),
        ("round(2.5)", 3.0),
        ("round(3.14159, 2)", 3.14),
        ("number('12')", 12.0),
        ("string-length('就业帮扶')", 4.0),
        ("count-selected('a b c')", 3.0),
        ("today() - ${d}", 19.0),  # dates subtract as days
        ("decimal-date-time('1970-01-02')", 1.0),
        ("position(/data/r[2])", 2.0),
    ],
)
def test_numbers(text: str, expected: float) -> None:
    assert ev(text) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("concat('a', ${a}, 3.5)", "a23.5"),
        ("string(1 div 0)", "Infinity"),
        ("string(0 div 0)", "NaN"),
        ("string(${e} + 1)", "NaN"),
        ("string(5)", "5"),
        ("substr('hello', 1, 3)", "el"),
        ("substring('12345', 2, 3)", "234"),
        ("normalize-space('  a   b ')", "a b"),
        ("coalesce(${e}, 'x')", "x"),
        ("if(${a} > 1, 'big', 'small')", "big"),
        ("today()", "2024-05-20"),
        ("date(today() + 1)", "2024-05-21"),
        ("date('2024-05-01')", "2024-05-01"),
        ("format-date(${d}, '%Y年%n月%e日')", "2024年5月1日"),
        ("format-date('2024-03-09', '%d/%m/%y')", "09/03/24"),
        ("jr:choice-name('y', '${yn}')", "Yes"),
        ("instance('yn')/root/item[name='n']/label", "No"),
        ("selected-at('a b c', 1)", "b"),
        ("translate('abc', 'ab', 'AB')", "ABc"),
        ("join(',', /data/r/x)", "1,5,9"),
    ],
)
def test_strings(text: str, expected: str) -> None:
    assert to_string(ev(text)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("selected('a b c', 'b')", True),
        ("selected('a b c', 'd')", False),
        ("regex('13800138000', '^1[3-9][0-9]{9}$')", True),
        ("regex('2380013800', '^1[3-9][0-9]{9}$')", False),
        ("contains(${s}, 'b')", True),
        ("starts-with(${s}, 'ab')", True),
        ("not(false()) and true()", True),
        ("false() or ${e}", True),  # a non-empty node-set is true (XPath 1.0)
        ("boolean('')", False),
        ("boolean(0 div 0)", False),
        ("${d} < today()", True),  # dates compare as days
        ("${d} > '2024-04-30'", True),
        ("${d} = '2024-05-01'", True),
        ("'2024-05-01' = 19844", True),  # a date string against a number: days
        ("count(instance('yn')/root/item[name != 'y']) = 1", True),
    ],
)
def test_booleans(text: str, expected: bool) -> None:
    assert ev(text) is expected


def test_current_and_relative_refs_in_repeat() -> None:
    env = Env()
    second = [r for r in env.document.children[0].children if r.name == "r"][1]
    x = second.children[0]
    assert to_string(compile_expression("../x").evaluate(Context(env, x))) == "5"
    assert to_string(compile_expression("current()/../x * 2").evaluate(Context(env, x))) == "10"
    # an absolute path into the repeat is contextualised to this instance
    assert compile_expression("/data/r/x").evaluate(Context(env, x)) == [x]
    assert compile_expression("position(..)").evaluate(Context(env, x)) == 2.0


def test_unknown_function_is_an_evaluation_error() -> None:
    with pytest.raises(EvaluationError, match="frobnicate"):
        ev("frobnicate(1)")


@pytest.mark.parametrize("text", ["1 +", "(1", "${}", "'open", "a[", "1 2", "", "f(1,)"])
def test_syntax_errors(text: str) -> None:
    with pytest.raises(ExpressionSyntaxError) as caught:
        compile_expression(text)
    assert "表达式" in str(caught.value) and "expression" in str(caught.value)


def test_dependencies_are_collected() -> None:
    expression = compile_expression("${a} + count(/data/r/x) + instance('yn')/root/item[name=${b}]/label")
    assert expression.field_refs == {"a", "b"}
    assert [p.steps for p in expression.paths] == [("data", "r", "x")]


@given(st.integers(min_value=-10**9, max_value=10**9))
def test_integer_strings_round_trip(number: int) -> None:
    assert to_number(str(number)) == number
    assert to_string(float(number)) == str(number)


@given(st.text(alphabet="abc xyz-.", max_size=8))
def test_non_numeric_strings_are_nan(text: str) -> None:
    value = to_number(text)
    if not any(ch.isdigit() for ch in text):
        assert math.isnan(value)
