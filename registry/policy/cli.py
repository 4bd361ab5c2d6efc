"""``bangfu-policy`` (``python -m registry.policy``): check packs, explain and test case files.

- ``check PACK``: every problem of a pack workbook with its sheet, row and column (exit 1 if
  any), a rule id a built-in rule already has for the same region and an overlapping
  window among them; a rule id shared otherwise is printed as a note (提示：…).
- ``explain CASES.yaml [--packs DIR]``: every answer of every case with its reasons.
- ``test CASES.yaml [--packs DIR]``: one line per case, last ``N passed, M failed``; exit 1 on
  any failure.
- ``publish PACK --profile DIR --user NAME [--region CODE]``: check a county pack and publish
  it on a county profile, to reach the devices under the county at their next sync (exit 1
  refused, nothing written; 2 profile not opened). ``withdraw PACK_ID --profile DIR --user
  NAME`` deletes a published one. The passphrase comes from a prompt or ``BANGFU_PASSPHRASE``.

``--packs`` may be given several times (folders of ``.xlsx`` or single files); without it the
packs shipped with Bangfu are used.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from registry.errors import ValidationError
from registry.policy import BUILTIN_DIR, PackError, PackProblem, check_pack, load_packs
from registry.policy.cases import Case, load_cases, run_case
from registry.policy.clashes import OtherPack, rule_id_clashes
from registry.policy.evaluate import Answer, Evaluation, evaluate
from registry.policy.model import Pack

if TYPE_CHECKING:
    from registry.store import Store


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="bangfu-policy", description="政策包检查与案例测试")
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="检查政策包工作簿")
    check.add_argument("pack", type=Path)
    for name, text in (("explain", "逐条解释案例的答案"), ("test", "按案例的 expect 测试")):
        cmd = sub.add_parser(name, help=text)
        cmd.add_argument("cases", type=Path)
        cmd.add_argument("--packs", type=Path, action="append", default=None)
        cmd.add_argument("--lang", choices=("zh", "en"), default="zh", help="explain 的语言")
    publish = sub.add_parser("publish", help="在县级档案上发布县级政策包（随同步下发到本县设备）")
    publish.add_argument("pack", type=Path)
    publish.add_argument("--region", default=None,
                         help="适用地区代码（默认：档案的县级代码）/ region, default the county")
    withdraw = sub.add_parser("withdraw", help="撤回已发布的县级政策包")
    withdraw.add_argument("pack_id")
    for cmd in (publish, withdraw):
        cmd.add_argument("--profile", type=Path, required=True, help="档案目录 / profile folder")
        cmd.add_argument("--user", required=True, help="用户名 / user name")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``bangfu-policy``."""
    args = _parser().parse_args(argv)
    if args.command == "check":
        return _check(args.pack)
    if args.command in ("publish", "withdraw"):
        return _county(args)
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
    if args.command == "test":
        return _test(cases, packs)
    return _explain(cases, packs, english=args.lang == "en")


def _check(path: Path) -> int:
    try:
        data = path.read_bytes()
    except OSError as exc:
        print(f"错误：无法读取 {path.name}：{exc.strerror}")
        return 2
    problems = check_pack(data)
    notes: tuple[PackProblem, ...] = ()
    if not problems:
        pack = load_packs(path)[0]
        clashes = rule_id_clashes(data, pack, _builtin_others(pack))
        problems, notes = list(clashes.refusals), clashes.notes
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} 个问题")
        return 1
    _print_notes(notes)
    print(f"OK {pack.id}：{len(pack.rules)} 条规则，SHA-256 {pack.digest}")
    return 0


def _builtin_others(pack: Pack) -> list[OtherPack]:
    """The built-in packs a checked pack is answered beside (but itself, when it is one)."""
    return [OtherPack(p) for p in load_packs(BUILTIN_DIR) if p.digest != pack.digest]


def _print_notes(notes: Sequence[PackProblem]) -> None:
    for note in notes:
        print(f"提示：{note}")


def _county(args: argparse.Namespace) -> int:
    """``publish`` / ``withdraw`` on an unlocked county profile (exit 1 refused, 2 not opened)."""
    from registry.cli_profile import open_for_cli  # only publish/withdraw open a profile

    store = open_for_cli(args.profile, args.user)
    if store is None:
        return 2
    try:
        return _withdraw(store, args.pack_id) if args.command == "withdraw" else \
            _publish(store, args.pack, region=args.region or store.default_scope)
    except PackError as exc:
        for problem in exc.problems:
            print(problem)
        print(f"{len(exc.problems)} 个问题，未发布")
        return 1
    except ValidationError as exc:
        print(f"错误：{exc.message_zh}（{exc.field}），未写入")
        return 1
    finally:
        store.close()


def _publish(store: Store, path: Path, *, region: str) -> int:
    from registry.policy.distribute import add_county_pack, check_county_pack, county_packs

    _print_notes(check_county_pack(store, path, region=region).notes)
    entity = add_county_pack(store, path, region=region)
    pack = next(c.pack for c in county_packs(store) if c.entity_id == entity)
    print(f"已发布 {pack.id}：{len(pack.rules)} 条规则，SHA-256 {pack.digest}，适用地区 {region}；"
          "下次同步时下发到本县设备")
    return 0


def _withdraw(store: Store, pack_id: str) -> int:
    from registry.policy.distribute import withdraw_county_pack

    withdraw_county_pack(store, pack_id)
    print(f"已撤回 {pack_id}；下次同步时本县设备随之删除")
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


def _explain(cases: list[Case], packs: list[Pack], *, english: bool = False) -> int:
    for case in cases:
        evaluation = evaluate(case.facts, as_of=case.as_of, region=case.region, packs=packs,
                              kind=case.subject)
        print("\n".join(explain_lines(case.id, evaluation, english=english)))
        print()
    return 0


_WORDS = {
    "zh": {True: "符合", False: "不符合", None: "待定（事实不全）", "by": " —— 被 {} 取代",
           "amount": "    金额：", "counted": "    计入人数：", "source": "    来源：",
           "none": "（该地区的政策包中没有适用于此类对象的规则）"},
    "en": {True: "eligible", False: "not eligible", None: "undecided (facts missing)",
           "by": " -- superseded by {}", "amount": "    amount: ", "counted": "    people counted: ",
           "source": "    source: ", "none": "(no rule for this kind of subject in the packs here)"},
}


def explain_lines(title: str, evaluation: Evaluation, *, english: bool = False) -> list[str]:
    """The lines ``explain`` prints for one evaluation: notice first, governing answers, then
    superseded ones; Chinese, or English with ``english``."""
    words = _WORDS["en" if english else "zh"]
    lines = [f"== {title}: {evaluation.region_name} ({evaluation.region})" if english else
             f"== {title}：{evaluation.region_name}（{evaluation.region}）"]
    lines[0] += f" {evaluation.as_of.isoformat()} {evaluation.subject}"
    notice = evaluation.notice_en if english else evaluation.notice_zh
    if notice:
        lines.append(f"!! {notice}")
    if not evaluation.answers:
        lines.append(str(words["none"]))
    for answer in sorted(evaluation.answers, key=lambda a: a.superseded_by is not None):
        lines += _answer_lines(answer, words, english=english)
    return lines


def _answer_lines(answer: Answer, words: dict, *, english: bool) -> list[str]:
    rule = answer.rule
    name = rule.name_en if english and rule.name_en else rule.name_zh
    head = f"[{words[answer.eligible]}] {rule.id} {name} ({rule.kind})"
    if answer.superseded_by:
        head += words["by"].format(answer.superseded_by)
    lines = [head, words["amount"] + _money(answer, english=english)]
    if answer.people_counted is not None:
        lines.append(f"{words['counted']}{answer.people_counted}")
    mark = {"held": "✓", "failed": "✗", "unknown": "?"}
    lines += [f"    {mark[c.status]} {c.kind}: {c.reason_en if english else c.reason_zh}"
              for c in answer.conditions]
    src = rule.source
    lines.append(f"{words['source']}{src.seed} {src.clause}「{src.quote}」")
    return lines


def _money(answer: Answer, *, english: bool = False) -> str:
    unit = answer.unit.replace("元", "yuan") if english else answer.unit
    if not answer.amount_stated:
        return "not stated (按规定)" if english else "未明确（原文：按规定）"
    if answer.amount is not None:
        return f"{answer.amount:g} {unit}"
    if answer.cap is not None:
        return f"{'at most' if english else '不超过'} {answer.cap:g} {unit}"
    return "cannot be computed (facts missing)" if english else "无法计算（事实不全或无对应档次）"


if __name__ == "__main__":
    sys.exit(main())
