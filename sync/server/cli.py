"""``bangfu-server``: serve, enrol devices, revoke them, import USB bundles."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sqlalchemy.exc import StatementError

from sync.server.db import database_url, open_engine
from sync.server.files import secure_data_dir

#: The default of ``serve --decode-budget-mb`` (as ``sync.server.app.DECODE_BUDGET``).
DECODE_BUDGET = 48 * 2**20


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="bangfu-server", description="Bangfu county server")
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="run the HTTP server")
    _common(serve)
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8443)
    serve.add_argument("--tls-cert", type=Path, help="server certificate chain (PEM)")
    serve.add_argument("--tls-key", type=Path, help="its private key (PEM)")
    serve.add_argument("--workers", type=int, default=1,
                       help="server processes (above 1 needs PostgreSQL)")
    serve.add_argument("--log-level", default="warning",
                       choices=["debug", "info", "warning", "error"],
                       help="JSON log lines on stderr; info adds one per request")
    serve.add_argument("--decode-budget-mb", type=int, default=DECODE_BUDGET // 2**20,
                       help="megabytes that pushes may hold at once (read and decoded);"
                            " beyond it a push gets 503 and retries")
    serve.add_argument("--max-auth-failures", type=int, default=20,
                       help="failed enrolments or tokens per address before 429")
    serve.add_argument("--auth-failure-window", type=float, default=300.0,
                       help="seconds a failed attempt counts against its address")
    enroll = sub.add_parser("enroll", help="print a one-time enrolment code")
    _common(enroll)
    enroll.add_argument("--name", required=True)
    enroll.add_argument("--role", required=True,
                        choices=["village", "site", "township", "county", "admin"],
                        help="admin: a county administrator's token for /v1/admin")
    enroll.add_argument("--scope", required=True,
                        help="12-digit division code (admin: a county, prefecture or province)")
    revoke = sub.add_parser("revoke", help="revoke a device's token")
    _common(revoke)
    who = revoke.add_mutually_exclusive_group(required=True)
    who.add_argument("--device")
    who.add_argument("--name")
    key = sub.add_parser("server-key", help="print the public key devices seal bundles to")
    _common(key)
    imp = sub.add_parser("import-bundle", help="import a sealed USB bundle")
    _common(imp)
    imp.add_argument("bundle", type=Path)
    rec = sub.add_parser("recovery-key", help="the county recovery key (made once)")
    rec_sub = rec.add_subparsers(dest="recovery_command", required=True)
    rec_init = rec_sub.add_parser("init", help="make the key pair; private half to --out")
    _common(rec_init)
    rec_init.add_argument("--out", required=True, type=Path,
                          help="file for the private half, sealed under a passphrase"
                               " (prompted, or env BANGFU_RECOVERY_PASSPHRASE)")
    rec_show = rec_sub.add_parser("show", help="print the public half devices receive")
    _common(rec_show)
    back = sub.add_parser("backup", help="copy the SQLite database while the server runs")
    _common(back)
    back.add_argument("--out", required=True, type=Path, help="the backup file to write")
    rest = sub.add_parser("restore", help="put a backup back (server stopped)")
    _common(rest)
    rest.add_argument("--from", dest="source", required=True, type=Path,
                      help="a file written by backup")
    told = sub.add_parser("disclosures", help="list the answers that told a device an ID"
                                              " number is registered outside its scope")
    _common(told)
    told.add_argument("--device", help="only this device's")
    enc = sub.add_parser("encrypt-db", help="encrypt a plaintext SQLite server database"
                                            " in place (stop the server first)")
    _common(enc)
    return parser


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data", required=True, type=Path, help="server data directory")
    parser.add_argument("--db", help="database URL (default: SQLite in --data, encrypted"
                                     " with SQLCipher)")
    parser.add_argument("--db-key", type=Path,
                        help="the SQLite database's key file (default: server_db.key in"
                             " --data; made on first use)")


def main(argv: list[str] | None = None) -> int:
    """Run the ``bangfu-server`` command line."""
    args = _parser().parse_args(argv)
    try:
        secure_data_dir(args.data)
        if args.command in _OFFLINE:  # these must not open (or upgrade) the live database
            return _OFFLINE[args.command](args)
        engine = open_engine(database_url(args.data, args.db), key_file=args.db_key)
        return _COMMANDS[args.command](args, engine)
    except Exception as exc:  # noqa: BLE001 - one clean message for the operator
        print(f"bangfu-server: {error_text(exc)}", file=sys.stderr)
        return 2


def error_text(exc: BaseException) -> str:
    """The operator's message for ``exc``; a database statement's error is named only by
    its kind (its text may quote the values, and change sets hold personal data)."""
    if isinstance(exc, StatementError):
        kind = type(exc).__name__  # IntegrityError, OperationalError ...: never its text
        return (f"数据库操作失败（{kind}）：请检查数据库是否被其他程序占用、磁盘是否已满、"
                f"--db 地址是否正确 / database error ({kind})")
    return str(exc)


def _serve(args: argparse.Namespace, engine) -> int:  # noqa: ANN001
    from sync.protocol import MAX_BATCH_BYTES
    from sync.server.app import MAX_BODY
    from sync.server.workers import run as run_workers

    tls = _tls_files(args.tls_cert, args.tls_key)
    if not tls and args.host not in ("127.0.0.1", "localhost", "::1"):
        print("bangfu-server: warning: no --tls-cert: devices refuse plain http to another"
              " computer (put a TLS proxy in front, or give the county's certificate)",
              file=sys.stderr)
    if args.decode_budget_mb < (MAX_BODY + MAX_BATCH_BYTES) // 2**20 or \
            args.max_auth_failures < 1 or args.auth_failure_window <= 0:
        raise ValueError("serve: --decode-budget-mb must hold one push of the largest size"
                         f" ({(MAX_BODY + MAX_BATCH_BYTES) // 2**20}), the failure limits"
                         " must be positive")
    return run_workers(args, engine, tls=tls)


def _tls_files(cert: Path | None, key: Path | None) -> dict[str, str]:
    """uvicorn's TLS options; both files or neither, each readable and PEM."""
    if (cert is None) != (key is None):
        raise ValueError("serve: --tls-cert and --tls-key must be given together")
    if cert is None or key is None:
        return {}
    for flag, path in (("--tls-cert", cert), ("--tls-key", key)):
        try:
            head = path.read_bytes()[:4096]
        except OSError as exc:
            raise ValueError(f"serve {flag} {path}: cannot be read ({type(exc).__name__})"
                             ) from None
        if b"-----BEGIN" not in head:
            raise ValueError(f"serve {flag} {path}: not a PEM file")
    return {"ssl_certfile": str(cert), "ssl_keyfile": str(key)}


def _enroll(args: argparse.Namespace, engine) -> int:  # noqa: ANN001
    from sync.server.auth import create_enrolment

    print(create_enrolment(engine, name=args.name, role=args.role, scope=args.scope))
    return 0


def _revoke(args: argparse.Namespace, engine) -> int:  # noqa: ANN001
    from sync.server.auth import revoke

    count = revoke(engine, device_id=args.device, name=args.name)
    print(f"revoked {count}")
    return 0 if count else 1


def _server_key(args: argparse.Namespace, _engine) -> int:  # noqa: ANN001
    from sync.server.keys import server_public_hex

    print(server_public_hex(args.data))
    return 0


def _import_bundle(args: argparse.Namespace, engine) -> int:  # noqa: ANN001
    import json

    from sync.server.bundles import import_bundle, read_bundle, summary
    from sync.server.hub import Hub

    acks = import_bundle(Hub(engine), args.data, read_bundle(args.bundle))
    print(json.dumps(summary(acks)))
    return 0


def _encrypt_db(args: argparse.Namespace) -> int:
    import json

    from sync.server.cipher import encrypt_database

    if args.db:
        raise ValueError("encrypt-db: for the SQLite database in --data, not --db")
    counts = encrypt_database(args.data / "server.db", args.db_key)
    print(json.dumps({"encrypted": str(args.data / "server.db"), "rows": counts}))
    return 0


def _disclosures(args: argparse.Namespace, engine) -> int:  # noqa: ANN001
    import json

    from sync.server.hub import Hub

    for row in Hub(engine).disclosures(device_id=args.device):
        print(json.dumps(row, ensure_ascii=False))
    return 0


def _recovery_key(args: argparse.Namespace) -> int:
    from sync.server.recovery import init_recovery_key, recovery_public_hex

    if args.recovery_command == "show":
        public = recovery_public_hex(args.data)
        if public is None:
            print("bangfu-server: no recovery key yet: run recovery-key init", file=sys.stderr)
            return 1
        print(public)
        return 0
    passphrase = _new_passphrase(RECOVERY_ENV)
    print(init_recovery_key(args.data, args.out, passphrase))
    return 0


RECOVERY_ENV = "BANGFU_RECOVERY_PASSPHRASE"


def _new_passphrase(env: str) -> str:
    """A new passphrase from ``env`` or asked twice at a prompt; checked for strength."""
    import getpass
    import os

    from sync.protocol import recoverykey

    passphrase = os.environ.get(env)
    if passphrase is None:
        passphrase = getpass.getpass("恢复密钥口令 / recovery key passphrase: ")
        if getpass.getpass("再输入一次 / again: ") != passphrase:
            raise ValueError("the two passphrases differ")
    recoverykey.check_key_passphrase(passphrase)
    return passphrase


def _backup(args: argparse.Namespace) -> int:
    import json

    from sync.server.ops import backup

    print(json.dumps(backup(args.data, args.out, db_url=args.db, key_file=args.db_key)))
    return 0


def _restore(args: argparse.Namespace) -> int:
    import json

    from sync.server.ops import restore

    print(json.dumps(restore(args.data, args.source, db_url=args.db, key_file=args.db_key)))
    return 0


_OFFLINE = {"backup": _backup, "restore": _restore, "recovery-key": _recovery_key,
            "encrypt-db": _encrypt_db}
_COMMANDS = {"serve": _serve, "enroll": _enroll, "revoke": _revoke,
             "server-key": _server_key, "import-bundle": _import_bundle,
             "disclosures": _disclosures}

if __name__ == "__main__":
    sys.exit(main())
