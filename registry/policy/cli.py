"""``bangfu-policy`` (``python -m registry.policy``): check packs, explain and test case files.

- ``check PACK``: every problem of a pack workbook with its sheet, row and column (exit 1 if any).
- ``explain CASES.yaml [--packs DIR]``: every answer of every case with its reasons.
- ``test CASES.yaml [--packs DIR]``: one line per case, last ``N passed, M failed``; exit 1 on
  any failure.

``--packs`` may be given several times (folders of ``.xlsx`` or single files); without it the
packs shipped with Bangfu are used.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from registry.errors import ValidationError
from registry.policy import BUILTIN_DIR, PackError, check_pack, load_packs
from registry.policy.cases import Case, load_cases, run_case
from registry.policy.evaluate import Answer, Evaluation, evaluate
from registry.policy.model import Pack


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="bangfu-policy", description="政策包检查与案例测试")
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="检查政策包工作簿")
    check.add_argument("pack", type=Path)
    for name, text in (("explain", "逐条解释案例的答案"), ("test", "按案例的 expect 测试")):
        cmd = sub.add_parser(name, help=text)
        cmd.add_argument("cases", type=Path)
        cmd.add_argument("--packs", type=Path, action="append", default=None)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``bangfu-policy``."""
    args = _parser().parse_args(argv)
    if args.command == "check":
        return _check(args.pack)
    try:
        packs = load_packs(*(args.packs or [BUILTIN_DIR]))
        cases = load_cases(args.cases.read_text(encoding="utf-8"), name=args.cases.name)
    except PackError as exc:
        for problem in exc.problems:
            print(problem)
        return 2
    except (ValidationError, OSError) as exc:
        print(f"错误：{exc}")
        return 2
    return _test(cases, packs) if args.command == "test" else _explain(cases, packs)


def _check(path: Path) -> int:
    try:
        data = path.read_bytes()
    except OSError as exc:
        print(f"错误：无法读取 {path.name}：{exc.strerror}")
        return 2
    problems = check_pack(data)
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} 个问题")
        return 1
    pack = load_packs(path)[0]
    print(f"OK {pack.id}：{len(pack.rules)} 条规则，SHA-256 {pack.digest}")
    return 0


def _test(cases: list[Case], packs: list[Pack]) -> int:
    passed = failed = 0
    for case in cases:
        outcome = run_case(case, packs)
        if outcome.passed:
            passed += 1
            print(f"PASS {case.id}")
        else:
            failed += 1
            print(f"FAIL {case.id}: " + "；".join(outcome.problems))
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


def _explain(cases: list[Case], packs: list[Pack]) -> int:
    for case in cases:
        evaluation = evaluate(case.facts, as_of=case.as_of, region=case.region, packs=packs,
                              kind=case.subject)
        print("\n".join(explain_lines(case.id, evaluation)))
        print()
    return 0


def explain_lines(title: str, evaluation: Evaluation) -> list[str]:
    """The lines ``explain`` prints for one evaluation: notice first, governing answers, then
    superseded ones."""
    lines = [f"== {title}：{evaluation.region_name}（{evaluation.region}）"
             f" {evaluation.as_of.isoformat()} {evaluation.subject}"]
    if evaluation.notice_zh:
        lines.append(f"!! {evaluation.notice_zh}")
    if not evaluation.answers:
        lines.append("（该地区的政策包中没有适用于此类对象的规则）")
    ordered = sorted(evaluation.answers, key=lambda a: a.superseded_by is not None)
    for answer in ordered:
        lines += _answer_lines(answer)
    return lines


def _answer_lines(answer: Answer) -> list[str]:
    rule = answer.rule
    verdict = {True: "符合", False: "不符合", None: "待定（事实不全）"}[answer.eligible]
    head = f"[{verdict}] {rule.id} {rule.name_zh}（{rule.kind}）"
    if answer.superseded_by:
        head += f" —— 被 {answer.superseded_by} 取代"
    lines = [head, f"    金额：{_money(answer)}"]
    if answer.people_counted is not None:
        lines.append(f"    计入人数：{answer.people_counted}")
    mark = {"held": "✓", "failed": "✗", "unknown": "?"}
    lines += [f"    {mark[c.status]} {c.kind}：{c.reason_zh}" for c in answer.conditions]
    src = rule.source
    lines.append(f"    来源：{src.seed} {src.clause}「{src.quote}」")
    return lines


def _money(answer: Answer) -> str:
    if not answer.amount_stated:
        return "未明确（原文：按规定）"
    if answer.amount is not None:
        return f"{answer.amount:g} {answer.unit}"
    if answer.cap is not None:
        return f"不超过 {answer.cap:g} {answer.unit}"
    return "无法计算（事实不全或无对应档次）"


if __name__ == "__main__":
    sys.exit(main())
