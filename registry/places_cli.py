"""``bangfu-places``: look up place names, and keep a county's local renames.

Subcommands::

    bangfu-places name CODE...                          short and full name of each code
    bangfu-places list --profile DIR --user NAME        the profile's overrides
    bangfu-places set  --profile DIR --user NAME CODE NAME   rename (county profile)
    bangfu-places clear --profile DIR --user NAME CODE  back to the edition's name

``set`` and ``clear`` are one journaled write each (``registry.places``): they sync to every
device under the county. The passphrase comes from a prompt or ``BANGFU_PASSPHRASE``.
Exit status: 0 done, 1 refused (the reason on stderr, in Chinese), 2 usage.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from registry.cli_profile import open_for_cli
from registry.errors import ValidationError
from registry.places import (
    EDITION,
    PlaceNames,
    clear_place_name,
    overrides_of,
    places_of,
    set_place_name,
)
from registry.store import Store


def build_parser() -> argparse.ArgumentParser:
    """The command line of ``bangfu-places``."""
    parser = argparse.ArgumentParser(prog="bangfu-places", description=f"地名（{EDITION}）")
    sub = parser.add_subparsers(dest="command", required=True)
    name = sub.add_parser("name", help="区划代码的简称和全称")
    name.add_argument("codes", nargs="+", metavar="CODE")
    for command, text in (("list", "本档案的地名修改"), ("set", "修改地名（县级档案）"),
                          ("clear", "撤销修改，恢复统计用区划名称")):
        one = sub.add_parser(command, help=text)
        one.add_argument("--profile", type=Path, required=True)
        one.add_argument("--user", required=True)
        if command != "list":
            one.add_argument("code", metavar="CODE")
        if command == "set":
            one.add_argument("name", metavar="NAME")
    return parser


def _show(places: PlaceNames, code: str) -> str:
    return f"{code}\t{places.name(code)}\t{places.full(code)}"


def _act(store: Store, args: argparse.Namespace) -> int:
    if args.command == "list":
        places = places_of(store)
        for code in sorted(overrides_of(store)):
            print(_show(places, code))
        return 0
    if args.command == "set":
        set_place_name(store, args.code, args.name)
    else:
        clear_place_name(store, args.code)
    print(_show(places_of(store), args.code.strip()))
    return 0


def main(argv: list[str] | None = None) -> int:
    """Run ``bangfu-places``; return the exit status."""
    args = build_parser().parse_args(argv)
    if args.command == "name":
        places = PlaceNames()
        for code in args.codes:
            print(_show(places, code))
        return 0
    store = open_for_cli(args.profile, args.user)
    if store is None:
        return 1
    try:
        return _act(store, args)
    except ValidationError as exc:
        print(f"错误：{exc.field}：{exc.message_zh}（未作任何修改）", file=sys.stderr)
        return 1
    finally:
        store.close()


if __name__ == "__main__":
    raise SystemExit(main())
