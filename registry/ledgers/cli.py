"""``bangfu-ledger``: import the county's existing ledgers, export Bangfu's ledgers.

::

    bangfu-ledger import FILE --profile DIR --user NAME [--dry-run] [--json]
                              [--mapping FILE] [--skip-refused]
    bangfu-ledger export KIND --profile DIR --user NAME --out FILE
                              [--month YYYY-MM] [--area CODE] [--unmasked] [--export-anyway]
                              [--rule RULE_ID]   (subsidy-list; its --month may be YYYY)

The passphrase is asked for at a prompt, or taken from the environment variable
``BANGFU_PASSPHRASE`` for scripted use; never from an argument. Exit status: 0 done (or a
clean dry run), 1 rows or the file refused (nothing written), 2 the profile could not be
opened (wrong passphrase, unknown user, no profile) or bad arguments.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any

from registry.cli_profile import PASSPHRASE_ENV, open_for_cli
from registry.errors import BangfuError
from registry.ledgers.import_decoding import LedgerFileError
from registry.ledgers.import_fields import FIELDS
from registry.store import Store

EXPORT_KINDS = ("village-monthly", "township-changes", "national-persons", "subsidy-list")
SUBSIDY = "subsidy-list"
_MONTH_OF = {False: r"\d{4}-(0[1-9]|1[0-2])", True: r"\d{4}(-(0[1-9]|1[0-2]))?"}

_EPILOG = f"""\
密码：在提示符下输入，或由环境变量 {PASSPHRASE_ENV} 提供（用于脚本）；不能作为命令行参数。
The passphrase is read from a prompt, or from the environment variable {PASSPHRASE_ENV}
for scripted use; it is never a command-line argument.
退出码 / exit status: 0 完成 done; 1 有行或整个文件被拒绝，未写入 refused, nothing written;
2 无法打开档案（密码错误等）或参数错误 profile not opened or bad arguments.
"""


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of both subcommands."""
    parser = argparse.ArgumentParser(
        prog="bangfu-ledger", description="导入、导出台账 / import and export ledgers",
        epilog=_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    imp = commands.add_parser("import", help="导入已有台账（.xlsx、.xls、.csv）", epilog=_EPILOG,
                              formatter_class=argparse.RawDescriptionHelpFormatter)
    imp.add_argument("file", type=Path, help="台账文件 / ledger file")
    _profile_args(imp)
    imp.add_argument("--dry-run", action="store_true", help="只检查，不写入 / check only")
    imp.add_argument("--json", action="store_true", help="以一个 JSON 对象输出报告")
    imp.add_argument("--mapping", type=Path, help='列映射 JSON 文件：{"表头": "字段名" 或 null}')
    imp.add_argument("--skip-refused", action="store_true",
                     help="跳过被拒绝的行，导入其余行 / leave refused rows out")
    imp.add_argument("--village", help="户编号不以村代码开头的新户归入的村（12位村代码，县级、乡镇档案）"
                     " / village of new households whose 户编号 has no village code")
    exp = commands.add_parser("export", help="导出台账", epilog=_EPILOG,
                              formatter_class=argparse.RawDescriptionHelpFormatter)
    exp.add_argument("kind", choices=EXPORT_KINDS)
    _profile_args(exp)
    exp.add_argument("--out", type=Path, required=True, help="输出文件（.xlsx 或 .csv）")
    exp.add_argument("--month", help="月份 YYYY-MM（补贴名册也可为年份 YYYY）")
    exp.add_argument("--rule", help="补贴名册：只列此规则编号的登记 / subsidy list of one rule")
    exp.add_argument("--area", help="行政区划代码 / division code")
    exp.add_argument("--unmasked", action="store_true", help="不遮蔽证件号码和电话（须有权限）")
    exp.add_argument("--export-anyway", action="store_true",
                     help="国办系统导出：疑点数据检查有问题时仍然导出 / export despite findings")
    return parser


def _profile_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--profile", type=Path, required=True, help="档案目录 / profile folder")
    parser.add_argument("--user", required=True, help="用户名 / user name")


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    args = build_parser().parse_args(argv)
    month_of = _MONTH_OF[args.command == "export" and args.kind == SUBSIDY]
    if args.command == "export" and args.month and not re.fullmatch(month_of, args.month):
        print("错误：--month 应为 YYYY-MM（如 2026-11）" + "；补贴名册也可为 YYYY（全年）"
              * (args.kind == SUBSIDY), file=sys.stderr)
        return 2
    if args.command == "export" and args.rule and args.kind != SUBSIDY:
        print("错误：--rule 只用于补贴发放名册（subsidy-list）", file=sys.stderr)
        return 2
    store = open_for_cli(args.profile, args.user)
    if store is None:
        return 2
    try:
        if args.command == "import":
            return _import(store, args)
        return _export(store, args)
    finally:
        store.close()


def _import(store: Store, args: argparse.Namespace) -> int:
    from registry.ledgers.imports import REFUSED, commit_import, import_report, plan_import

    try:
        plan = plan_import(store, args.file, mapping_file=args.mapping, village=args.village)
    except LedgerFileError as exc:
        return _file_refused(exc, args.json)
    refused = plan.count(REFUSED)
    blocked = bool(refused) and not args.skip_refused
    result = None
    if not args.dry_run and not blocked:
        try:
            result = commit_import(store, plan, skip_refused=args.skip_refused)
        except BangfuError as exc:  # a rule only the store can check, e.g. a concurrent edit
            return _file_refused(exc, args.json)
    report = import_report(plan, committed=result is not None, result=result)
    if args.json:
        print(json.dumps(report, ensure_ascii=False))
    else:
        _print_report(report, dry_run=args.dry_run, blocked=blocked)
    return 1 if refused and not args.skip_refused else 0


def _file_refused(exc: BangfuError, as_json: bool) -> int:
    if as_json:
        print(json.dumps({"encoding": None, "repaired": None, "rows": 0, "create": 0,
                          "update": 0, "refused": [{"row": None, "column": None,
                                                    "problem": exc.message_zh}],
                          "committed": False, "error": exc.message_zh}, ensure_ascii=False))
    print(f"错误：{exc.message_zh}（整个文件未导入）", file=sys.stderr)
    return 1


def _print_report(report: dict[str, Any], *, dry_run: bool, blocked: bool) -> None:
    print(f"编码：{report['encoding']}　表头在第 {report['header_row']} 行")
    print("表头预览：" + " | ".join(report["preview"]))
    if report["repaired"]:
        print(f"已修复：{report['repaired']}")
    for header, name in report["columns"].items():
        print(f"  列“{header}” → {FIELDS[name].label}（{name}）")
    if report["not_imported"]:
        print("不导入的列：" + "、".join(report["not_imported"]))
    for note in report["notes"]:
        print(f"说明：{note}")
    for label, key in (("新增", "create_rows"), ("更新", "update_rows"),
                       ("疑似重复（新增并标记，待县级核实）", "merge_candidate_rows")):
        if report[key]:
            print(f"{label}：第 {row_ranges(report[key])} 行")
    for item in report["refused"]:
        print(f"  第 {item['row']} 行，列“{item['column']}”：{item['problem']}")
    print(f"共 {report['rows']} 行：新增 {report['create']}，更新 {report['update']}，"
          f"拒绝 {report['refused_rows']}；待县级核实的疑似重复 {report['merge_candidates']}")
    if report["committed"]:
        print("已导入。")
    elif dry_run:
        print("试运行：未写入任何数据。")
    elif blocked:
        print("有被拒绝的行，未导入任何数据；请修改文件，或用 --skip-refused 跳过这些行。")


def row_ranges(rows: list[int]) -> str:
    """Row numbers as short ranges: ``[2, 3, 4, 7]`` -> ``"2-4、7"``."""
    parts: list[str] = []
    start = previous = None
    for row in [*rows, None]:
        if row is not None and previous is not None and row == previous + 1:
            previous = row
            continue
        if start is not None:
            parts.append(str(start) if start == previous else f"{start}-{previous}")
        start = previous = row
    return "、".join(parts)


def _export(store: Store, args: argparse.Namespace) -> int:
    """The export through the one audited path (``county_ledgers.export_ledger``)."""
    from registry import accounts
    from registry.county_ledgers import export_ledger
    from registry.ledgers.exports import subsidy_kind

    kind = subsidy_kind(args.rule) if args.kind == "subsidy-list" else args.kind
    try:
        rows = export_ledger(store, kind, out=args.out, month=args.month, area=args.area,
                             unmasked=args.unmasked, export_anyway=args.export_anyway)
    except accounts.NotAllowed:
        print("错误：当前用户的角色无权导出完整证件号码和电话（--unmasked）", file=sys.stderr)
        return 1
    except BangfuError as exc:
        hint = "（命令行：--export-anyway）" if type(exc).__name__ == "ExportRefused" else ""
        print(f"错误：{exc.message_zh}{hint}", file=sys.stderr)
        return 1
    except ValueError as exc:  # an unknown file suffix, named by the exporter
        print(f"错误：{exc}", file=sys.stderr)
        return 1
    print(f"已导出 {rows} 行到 {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
