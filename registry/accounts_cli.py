"""``bangfu-accounts``: users and roles of a profile, its audit log, county recovery.

::

    bangfu-accounts users       --profile DIR --user NAME
    bangfu-accounts add-user    --profile DIR --user NAME --name NEW [--role ROLE]
    bangfu-accounts remove-user --profile DIR --user NAME --name OLD
    bangfu-accounts set-role    --profile DIR --user NAME --name WHO --role ROLE
    bangfu-accounts passwd      --profile DIR --user NAME
    bangfu-accounts audit       --profile DIR --user NAME [--who U] [--action A]
                                [--device D] [--from DATE] [--to DATE] [--out FILE]
    bangfu-accounts recover     --profile DIR --key FILE --user NAME

Passphrases are read at a prompt or from the environment, never from arguments:
``BANGFU_PASSPHRASE`` (the acting user's), ``BANGFU_NEW_PASSPHRASE`` (a new one),
``BANGFU_RECOVERY_PASSPHRASE`` (the county recovery key file's). Exit status: 0
done, 1 refused (role, bad value), 2 the profile could not be opened or bad arguments.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

from registry import accounts, audit
from registry.errors import BangfuError
from registry.profile import Profile
from registry.store import Store

PASSPHRASE_ENV = "BANGFU_PASSPHRASE"
NEW_PASSPHRASE_ENV = "BANGFU_NEW_PASSPHRASE"
RECOVERY_ENV = "BANGFU_RECOVERY_PASSPHRASE"

_EPILOG = f"""\
密码：在提示符下输入，或由环境变量提供（用于脚本）：{PASSPHRASE_ENV}（当前用户）、
{NEW_PASSPHRASE_ENV}（新密码）、{RECOVERY_ENV}（县级恢复密钥文件的口令）。
退出码 / exit status: 0 完成 done; 1 被拒绝 refused; 2 无法打开档案或参数错误.
"""


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every subcommand."""
    parser = argparse.ArgumentParser(
        prog="bangfu-accounts", description="用户、角色、审计日志与县级恢复 / accounts",
        epilog=_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    _profile(sub.add_parser("users", help="列出用户和角色 / list users and roles"))
    add = _profile(sub.add_parser("add-user", help="添加用户 / add a user"))
    add.add_argument("--name", required=True, help="新用户名 / the new user")
    add.add_argument("--role", default=accounts.CLERK, choices=list(accounts.ROLES))
    rem = _profile(sub.add_parser("remove-user", help="删除用户 / remove a user"))
    rem.add_argument("--name", required=True, help="要删除的用户 / the user to remove")
    role = _profile(sub.add_parser("set-role", help="修改角色 / change a role"))
    role.add_argument("--name", required=True, help="用户 / the user")
    role.add_argument("--role", required=True, choices=list(accounts.ROLES))
    _profile(sub.add_parser("passwd", help="修改自己的密码 / change your passphrase"))
    log = _profile(sub.add_parser("audit", help="查看或导出审计日志 / read the audit log"))
    log.add_argument("--who", help="只看此用户 / only this user")
    log.add_argument("--action", choices=list(audit.ACTIONS), help="只看此操作 / only this action")
    log.add_argument("--device", help="只看此设备 / only this device")
    log.add_argument("--from", dest="since", help="起始日期 YYYY-MM-DD（含）")
    log.add_argument("--to", dest="until", help="截止日期 YYYY-MM-DD（含）")
    log.add_argument("--out", type=Path, help="导出到 .csv 或 .xlsx / export to a file")
    rec = sub.add_parser("recover", help="用县级恢复密钥设置新密码 / county recovery")
    rec.add_argument("--profile", type=Path, required=True, help="档案目录 / profile folder")
    rec.add_argument("--key", type=Path, required=True, help="县级恢复密钥文件 / key file")
    rec.add_argument("--user", required=True, help="要设置新密码的用户 / the user")
    for each in sub.choices.values():
        each.epilog, each.formatter_class = _EPILOG, argparse.RawDescriptionHelpFormatter
    return parser


def _profile(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    parser.add_argument("--profile", type=Path, required=True, help="档案目录 / profile folder")
    parser.add_argument("--user", required=True, help="当前用户名 / acting user")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    args = build_parser().parse_args(argv)
    if not Profile(args.profile).exists():
        print(f"错误：目录中没有档案（{args.profile}）", file=sys.stderr)
        return 2
    if args.command == "recover":
        return _recover(args)
    try:
        store = Profile(args.profile).unlock(args.user, _secret(PASSPHRASE_ENV, "密码"))
    except BangfuError as exc:
        print(f"错误：无法打开档案：{exc.message_zh}", file=sys.stderr)
        return 2
    try:
        return _COMMANDS[args.command](store, args)
    except (BangfuError, ValueError) as exc:
        print(f"错误：{getattr(exc, 'message_zh', None) or exc}", file=sys.stderr)
        return 1
    finally:
        store.close()


def _users(store: Store, _args: argparse.Namespace) -> int:
    for user, role in accounts.users(store):
        print(f"{user}\t{accounts.ROLES[role]}（{role}）")
    return 0


def _add_user(store: Store, args: argparse.Namespace) -> int:
    passphrase = _new_secret()
    accounts.add_user(store, user=args.name, passphrase=passphrase, role=args.role)
    print(f"已添加用户 {args.name}（{accounts.ROLES[args.role]}）")
    return 0


def _remove_user(store: Store, args: argparse.Namespace) -> int:
    accounts.remove_user(store, user=args.name)
    print(f"已删除用户 {args.name}")
    return 0


def _set_role(store: Store, args: argparse.Namespace) -> int:
    accounts.set_role(store, user=args.name, role=args.role)
    print(f"{args.name} 的角色已改为 {accounts.ROLES[args.role]}")
    return 0


def _passwd(store: Store, _args: argparse.Namespace) -> int:
    old = _secret(PASSPHRASE_ENV, "原密码")
    accounts.change_passphrase(store, old=old, new=_new_secret())
    print("密码已修改")
    return 0


def _audit(store: Store, args: argparse.Namespace) -> int:
    until = audit.day_start_ms(args.until) + 86_400_000 if args.until else None
    rows = audit.read(store, user=args.who, action=args.action, device=args.device,
                      since_ms=audit.day_start_ms(args.since) if args.since else None,
                      until_ms=until)
    if args.out:
        audit.export(store, rows, args.out)
        print(f"已导出 {len(rows)} 条审计记录到 {args.out}")
        return 0
    for e in rows:
        print("\t".join(audit.row_of(e)))
    return 0


def _recover(args: argparse.Namespace) -> int:
    from registry.recovery import PassphraseChangedNotAudited, recover_profile
    from sync.protocol.recoverykey import RecoveryKeyError

    try:
        store = recover_profile(args.profile, key_file=args.key,
                                key_passphrase=_secret(RECOVERY_ENV, "恢复密钥口令"),
                                user=args.user, new_passphrase=_new_secret())
    except RecoveryKeyError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 2
    except PassphraseChangedNotAudited as exc:
        print(f"错误：{exc.message_zh}", file=sys.stderr)
        return 2
    except BangfuError as exc:
        print(f"错误：无法恢复：{exc.message_zh}", file=sys.stderr)
        return 2
    store.close()
    print(f"已用县级恢复密钥为用户 {args.user} 设置新密码")
    return 0


def _secret(env: str, label: str) -> str:
    value = os.environ.get(env)
    return value if value is not None else getpass.getpass(f"{label}: ")


def _new_secret() -> str:
    value = os.environ.get(NEW_PASSPHRASE_ENV)
    if value is not None:
        return value
    first = getpass.getpass("新密码 / new passphrase: ")
    if getpass.getpass("再输入一次 / again: ") != first:
        raise ValueError("两次输入的新密码不一致")
    return first


_COMMANDS = {"users": _users, "add-user": _add_user, "remove-user": _remove_user,
             "set-role": _set_role, "passwd": _passwd, "audit": _audit}

if __name__ == "__main__":
    sys.exit(main())
