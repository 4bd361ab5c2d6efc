"""Command line: ``python -m forms check FILE.xlsx``."""

from __future__ import annotations

import argparse
import sys

from forms.check import check_form
from forms.errors import FormError


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (the documentation test reads its commands and options)."""
    parser = argparse.ArgumentParser(prog="python -m forms", description="XLSForm tools")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="load, validate and evaluate a form")
    check.add_argument("file")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = build_parser().parse_args(argv)
    try:
        report = check_form(args.file)
    except FormError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    for line in report.lines():
        print(line)
    if not report.ok:
        return 1
    print("检查通过 / check passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
