"""The XPath 1.0 core library plus the XForms / ODK functions XLSForms use.

Each function receives the context and its compiled (unevaluated) arguments, so ``if`` and
``coalesce`` evaluate only what they need. An unknown function compiles to a closure that
raises :class:`EvaluationError` when called: the form still loads, and ``forms check``
reports it.
"""

from __future__ import annotations

import math
import random
import re
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta
from types import MappingProxyType

from forms.errors import EvaluationError
from forms.tree import Node
from forms.xpath import (
    Compiled,
    Context,
    Value,
    date_to_days,
    days_to_date,
    to_boolean,
    to_number,
    to_string,
)

Function = Callable[[Context, list[Compiled]], Value]


def _arity(name: str, args: list[Compiled], low: int, high: int | None = None) -> None:
    high = low if high is None else high
    if not low <= len(args) <= (high if high >= 0 else 1 << 30):
        raise EvaluationError(
            f"函数 {name}() 的参数个数不对（{len(args)} 个）",
            f"function {name}() got {len(args)} argument(s)",
        )


def _nodes(name: str, value: Value) -> list[Node]:
    if not isinstance(value, list):
        raise EvaluationError(f"函数 {name}() 需要节点集参数", f"function {name}() needs a node-set")
    return value


def _strings(ctx: Context, args: list[Compiled]) -> list[str]:
    return [to_string(arg(ctx)) for arg in args]


def _numbers_of(values: list[Value]) -> list[float]:
    numbers: list[float] = []
    for value in values:
        if isinstance(value, list):
            numbers.extend(to_number(node.string_value()) for node in value)
        else:
            numbers.append(to_number(value))
    return numbers


# -- node-set and context ----------------------------------------------------------------


def fn_count(ctx: Context, args: list[Compiled]) -> Value:
    _arity("count", args, 1)
    return float(len(_nodes("count", args[0](ctx))))


def fn_sum(ctx: Context, args: list[Compiled]) -> Value:
    _arity("sum", args, 1)
    return float(sum(to_number(n.string_value()) for n in _nodes("sum", args[0](ctx))))


def _extreme(name: str, pick: Callable[[list[float]], float]) -> Function:
    def fn(ctx: Context, args: list[Compiled]) -> Value:
        _arity(name, args, 1, -1)
        numbers = _numbers_of([arg(ctx) for arg in args])
        if not numbers or any(math.isnan(n) for n in numbers):
            return math.nan
        return pick(numbers)

    return fn


def fn_position(ctx: Context, args: list[Compiled]) -> Value:
    if args:
        nodes = _nodes("position", args[0](ctx))
        node = nodes[0] if nodes else None
        if node is None or node.parent is None:
            return math.nan
        siblings = [n for n in node.parent.children if n.name == node.name]
        return float(siblings.index(node) + 1)
    if ctx.size == 1 and ctx.node.parent is not None and ctx.node is ctx.current:
        siblings = [n for n in ctx.node.parent.children if n.name == ctx.node.name]
        return float(siblings.index(ctx.node) + 1)
    return float(ctx.position)


def fn_last(ctx: Context, args: list[Compiled]) -> Value:
    _arity("last", args, 0)
    return float(ctx.size)


def fn_current(ctx: Context, args: list[Compiled]) -> Value:
    _arity("current", args, 0)
    return [ctx.current]


def fn_instance(ctx: Context, args: list[Compiled]) -> Value:
    _arity("instance", args, 1)
    instance_id = to_string(args[0](ctx))
    doc = ctx.env.instance(instance_id)
    if doc is None:
        raise EvaluationError(f"找不到实例 instance('{instance_id}')", f"no instance '{instance_id}'")
    return [doc]


def fn_indexed_repeat(ctx: Context, args: list[Compiled]) -> Value:
    _arity("indexed-repeat", args, 3, 7)
    nodes = _nodes("indexed-repeat", args[0](ctx))
    repeats = _nodes("indexed-repeat", args[1](ctx))
    index = int(to_number(args[2](ctx)))
    if not 1 <= index <= len(repeats):
        return []
    chosen = repeats[index - 1]
    return [n for n in nodes if any(a is chosen for a in n.ancestors())]


# -- strings ------------------------------------------------------------------------------


def fn_string(ctx: Context, args: list[Compiled]) -> Value:
    _arity("string", args, 0, 1)
    return to_string(args[0](ctx)) if args else ctx.node.string_value()


def fn_concat(ctx: Context, args: list[Compiled]) -> Value:
    parts = []
    for arg in args:
        value = arg(ctx)
        if isinstance(value, list):
            parts.extend(n.string_value() for n in value)
        else:
            parts.append(to_string(value))
    return "".join(parts)


def fn_join(ctx: Context, args: list[Compiled]) -> Value:
    _arity("join", args, 1, -1)
    separator = to_string(args[0](ctx))
    parts: list[str] = []
    for arg in args[1:]:
        value = arg(ctx)
        parts.extend(n.string_value() for n in value) if isinstance(value, list) else parts.append(
            to_string(value)
        )
    return separator.join(parts)


def fn_string_length(ctx: Context, args: list[Compiled]) -> Value:
    _arity("string-length", args, 0, 1)
    return float(len(to_string(args[0](ctx)) if args else ctx.node.string_value()))


def fn_normalize_space(ctx: Context, args: list[Compiled]) -> Value:
    _arity("normalize-space", args, 0, 1)
    text = to_string(args[0](ctx)) if args else ctx.node.string_value()
    return " ".join(text.split())


def fn_contains(ctx: Context, args: list[Compiled]) -> Value:
    _arity("contains", args, 2)
    haystack, needle = _strings(ctx, args)
    return needle in haystack


def fn_starts_with(ctx: Context, args: list[Compiled]) -> Value:
    _arity("starts-with", args, 2)
    text, prefix = _strings(ctx, args)
    return text.startswith(prefix)


def fn_ends_with(ctx: Context, args: list[Compiled]) -> Value:
    _arity("ends-with", args, 2)
    text, suffix = _strings(ctx, args)
    return text.endswith(suffix)


def fn_substr(ctx: Context, args: list[Compiled]) -> Value:
    _arity("substr", args, 2, 3)
    text = to_string(args[0](ctx))
    start = _int_index(to_number(args[1](ctx)), len(text))
    end = _int_index(to_number(args[2](ctx)), len(text)) if len(args) == 3 else len(text)
    return text[start:end]


def _int_index(number: float, length: int) -> int:
    if math.isnan(number):
        return 0
    if math.isinf(number):
        return length if number > 0 else 0
    index = int(number)
    return max(0, index if index >= 0 else length + index)


def fn_substring(ctx: Context, args: list[Compiled]) -> Value:
    _arity("substring", args, 2, 3)
    text = to_string(args[0](ctx))
    first = _xpath_round(to_number(args[1](ctx)))
    last = first + _xpath_round(to_number(args[2](ctx))) if len(args) == 3 else math.inf
    return "".join(ch for i, ch in enumerate(text, start=1) if first <= i < last)


def fn_substring_before(ctx: Context, args: list[Compiled]) -> Value:
    _arity("substring-before", args, 2)
    text, sep = _strings(ctx, args)
    return text.split(sep, 1)[0] if sep in text else ""


def fn_substring_after(ctx: Context, args: list[Compiled]) -> Value:
    _arity("substring-after", args, 2)
    text, sep = _strings(ctx, args)
    return text.split(sep, 1)[1] if sep in text else ""


def fn_translate(ctx: Context, args: list[Compiled]) -> Value:
    _arity("translate", args, 3)
    text, source, target = _strings(ctx, args)
    table: dict[int, int | None] = {}
    for i, ch in enumerate(source):
        table.setdefault(ord(ch), ord(target[i]) if i < len(target) else None)
    return text.translate(table)


def fn_regex(ctx: Context, args: list[Compiled]) -> Value:
    _arity("regex", args, 2)
    text, pattern = _strings(ctx, args)
    try:
        return re.search(pattern, text) is not None
    except re.error as exc:
        raise EvaluationError(f"正则表达式无效：{exc}", f"invalid regular expression: {exc}") from exc


def fn_coalesce(ctx: Context, args: list[Compiled]) -> Value:
    _arity("coalesce", args, 2, -1)
    for arg in args:
        text = to_string(arg(ctx))
        if text:
            return text
    return ""


def fn_uuid(ctx: Context, args: list[Compiled]) -> Value:
    return str(uuid.uuid4())


# -- selects ------------------------------------------------------------------------------


def fn_selected(ctx: Context, args: list[Compiled]) -> Value:
    _arity("selected", args, 2)
    answer, choice = _strings(ctx, args)
    return choice.strip() in answer.split()


def fn_count_selected(ctx: Context, args: list[Compiled]) -> Value:
    _arity("count-selected", args, 1)
    return float(len(to_string(args[0](ctx)).split()))


def fn_selected_at(ctx: Context, args: list[Compiled]) -> Value:
    _arity("selected-at", args, 2)
    items = to_string(args[0](ctx)).split()
    index = to_number(args[1](ctx))
    if math.isnan(index) or not 0 <= int(index) < len(items):
        return ""
    return items[int(index)]


def fn_choice_name(ctx: Context, args: list[Compiled]) -> Value:
    _arity("jr:choice-name", args, 2)
    value, ref = _strings(ctx, args)
    return ctx.env.choice_label(value, ref, ctx.current)


# -- numbers and booleans ---------------------------------------------------------------


def _xpath_round(number: float) -> float:
    if math.isnan(number) or math.isinf(number):
        return number
    return float(math.floor(number + 0.5))


def fn_round(ctx: Context, args: list[Compiled]) -> Value:
    _arity("round", args, 1, 2)
    number = to_number(args[0](ctx))
    if len(args) == 1:
        return _xpath_round(number)
    digits = to_number(args[1](ctx))
    if math.isnan(number) or math.isnan(digits):
        return math.nan
    scale = 10.0 ** int(digits)
    return _xpath_round(number * scale) / scale


def fn_int(ctx: Context, args: list[Compiled]) -> Value:
    _arity("int", args, 1)
    number = to_number(args[0](ctx))
    return number if math.isnan(number) or math.isinf(number) else float(math.trunc(number))


def _unary_math(name: str, op: Callable[[float], float]) -> Function:
    def fn(ctx: Context, args: list[Compiled]) -> Value:
        _arity(name, args, 1)
        number = to_number(args[0](ctx))
        try:
            return float(op(number))
        except (ValueError, OverflowError):
            return math.nan

    return fn


def fn_pow(ctx: Context, args: list[Compiled]) -> Value:
    _arity("pow", args, 2)
    try:
        return math.pow(to_number(args[0](ctx)), to_number(args[1](ctx)))
    except (ValueError, OverflowError):
        return math.nan


def fn_number(ctx: Context, args: list[Compiled]) -> Value:
    _arity("number", args, 0, 1)
    return to_number(args[0](ctx) if args else ctx.node.string_value())


def fn_boolean(ctx: Context, args: list[Compiled]) -> Value:
    _arity("boolean", args, 1)
    return to_boolean(args[0](ctx))


def fn_boolean_from_string(ctx: Context, args: list[Compiled]) -> Value:
    _arity("boolean-from-string", args, 1)
    return to_string(args[0](ctx)).strip() in ("true", "1")


def fn_not(ctx: Context, args: list[Compiled]) -> Value:
    _arity("not", args, 1)
    return not to_boolean(args[0](ctx))


def fn_true(ctx: Context, args: list[Compiled]) -> Value:
    _arity("true", args, 0)
    return True


def fn_false(ctx: Context, args: list[Compiled]) -> Value:
    _arity("false", args, 0)
    return False


def fn_if(ctx: Context, args: list[Compiled]) -> Value:
    _arity("if", args, 3)
    return args[1](ctx) if to_boolean(args[0](ctx)) else args[2](ctx)


def fn_once(ctx: Context, args: list[Compiled]) -> Value:
    _arity("once", args, 1)
    current = ctx.current.value
    return current if current else args[0](ctx)


def fn_random(ctx: Context, args: list[Compiled]) -> Value:
    return random.random()


def fn_checklist(ctx: Context, args: list[Compiled]) -> Value:
    _arity("checklist", args, 2, -1)
    low, high = to_number(args[0](ctx)), to_number(args[1](ctx))
    values = [arg(ctx) for arg in args[2:]]
    flat: list[bool] = []
    for value in values:
        flat.extend(to_boolean(n.string_value()) for n in value) if isinstance(value, list) else flat.append(
            to_boolean(value)
        )
    count = sum(flat)
    return (low < 0 or count >= low) and (high < 0 or count <= high)


# -- dates ------------------------------------------------------------------------------


def fn_today(ctx: Context, args: list[Compiled]) -> Value:
    _arity("today", args, 0)
    return ctx.env.now().date().isoformat()


def fn_now(ctx: Context, args: list[Compiled]) -> Value:
    _arity("now", args, 0)
    return ctx.env.now().isoformat(timespec="milliseconds")


def _as_days(value: Value) -> float:
    if isinstance(value, float | int) and not isinstance(value, bool):
        return float(value)
    return to_number(to_string(value))


def fn_date(ctx: Context, args: list[Compiled]) -> Value:
    _arity("date", args, 1)
    days = _as_days(args[0](ctx))
    return "" if math.isnan(days) or math.isinf(days) else days_to_date(days)


def fn_date_time(ctx: Context, args: list[Compiled]) -> Value:
    _arity("date-time", args, 1)
    days = _as_days(args[0](ctx))
    if math.isnan(days) or math.isinf(days):
        return ""
    return (datetime(1970, 1, 1) + timedelta(days=days)).isoformat(timespec="milliseconds")


def fn_decimal_date_time(ctx: Context, args: list[Compiled]) -> Value:
    _arity("decimal-date-time", args, 1)
    return _as_days(args[0](ctx))


_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
_DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]


def fn_format_date(ctx: Context, args: list[Compiled]) -> Value:
    _arity("format-date", args, 2)
    value = args[0](ctx)
    days = _as_days(value)
    if math.isnan(days) or math.isinf(days):
        return ""
    moment = datetime(1970, 1, 1) + timedelta(days=days)
    return _format_moment(moment, to_string(args[1](ctx)))


def _format_moment(moment: datetime, pattern: str) -> str:
    codes = {
        "Y": f"{moment.year:04d}",
        "y": f"{moment.year % 100:02d}",
        "m": f"{moment.month:02d}",
        "n": str(moment.month),
        "b": _MONTHS[moment.month - 1],
        "d": f"{moment.day:02d}",
        "e": str(moment.day),
        "H": f"{moment.hour:02d}",
        "h": str(moment.hour),
        "M": f"{moment.minute:02d}",
        "S": f"{moment.second:02d}",
        "3": f"{moment.microsecond // 1000:03d}",
        "a": _DAYS[moment.weekday()],
    }
    return re.sub(r"%(.)", lambda m: codes.get(m.group(1), m.group(0)), pattern)


def _library() -> dict[str, Function]:
    return {
        "count": fn_count,
        "sum": fn_sum,
        "min": _extreme("min", min),
        "max": _extreme("max", max),
        "position": fn_position,
        "last": fn_last,
        "current": fn_current,
        "instance": fn_instance,
        "indexed-repeat": fn_indexed_repeat,
        "string": fn_string,
        "concat": fn_concat,
        "join": fn_join,
        "string-length": fn_string_length,
        "normalize-space": fn_normalize_space,
        "contains": fn_contains,
        "starts-with": fn_starts_with,
        "ends-with": fn_ends_with,
        "substr": fn_substr,
        "substring": fn_substring,
        "substring-before": fn_substring_before,
        "substring-after": fn_substring_after,
        "translate": fn_translate,
        "regex": fn_regex,
        "coalesce": fn_coalesce,
        "uuid": fn_uuid,
        "selected": fn_selected,
        "is-selected": fn_selected,
        "count-selected": fn_count_selected,
        "selected-at": fn_selected_at,
        "jr:choice-name": fn_choice_name,
        "round": fn_round,
        "int": fn_int,
        "floor": _unary_math("floor", math.floor),
        "ceiling": _unary_math("ceiling", math.ceil),
        "abs": _unary_math("abs", abs),
        "sqrt": _unary_math("sqrt", math.sqrt),
        "exp": _unary_math("exp", math.exp),
        "log": _unary_math("log", math.log),
        "log10": _unary_math("log10", math.log10),
        "sin": _unary_math("sin", math.sin),
        "cos": _unary_math("cos", math.cos),
        "tan": _unary_math("tan", math.tan),
        "asin": _unary_math("asin", math.asin),
        "acos": _unary_math("acos", math.acos),
        "atan": _unary_math("atan", math.atan),
        "pi": lambda ctx, args: math.pi,
        "pow": fn_pow,
        "number": fn_number,
        "boolean": fn_boolean,
        "boolean-from-string": fn_boolean_from_string,
        "not": fn_not,
        "true": fn_true,
        "false": fn_false,
        "if": fn_if,
        "once": fn_once,
        "random": fn_random,
        "checklist": fn_checklist,
        "today": fn_today,
        "now": fn_now,
        "date": fn_date,
        "date-time": fn_date_time,
        "decimal-date-time": fn_decimal_date_time,
        "decimal-date": fn_decimal_date_time,
        "format-date": fn_format_date,
        "format-date-time": fn_format_date,
    }


_FUNCTIONS: MappingProxyType[str, Function] = MappingProxyType(_library())


def known_functions() -> frozenset[str]:
    """Names of the functions the evaluator implements."""
    return frozenset(_FUNCTIONS)


def compile_call(name: str, args: list[Compiled]) -> Compiled:
    """A closure calling function ``name`` with ``args``; unknown names raise when called."""
    function = _FUNCTIONS.get(name)
    if function is None:

        def unknown(ctx: Context) -> Value:
            raise EvaluationError(f"不支持的函数 {name}()", f"unsupported function {name}()")

        return unknown
    return lambda ctx: function(ctx, args)


__all__ = ["compile_call", "date_to_days", "known_functions"]
