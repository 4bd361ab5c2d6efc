"""``bangfu-server``: serve, enrol devices, revoke them, import USB bundles."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

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
                        choices=["village", "site", "township", "county"])
    enroll.add_argument("--scope", required=True, help="12-digit division code")
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
        if args.command == "encrypt-db":
            return _encrypt_db(args)
        engine = open_engine(database_url(args.data, args.db), key_file=args.db_key)
        return _COMMANDS[args.command](args, engine)
    except Exception as exc:  # noqa: BLE001 - one clean message for the operator
        print(f"bangfu-server: {exc}", file=sys.stderr)
        return 2


def _serve(args: argparse.Namespace, engine) -> int:  # noqa: ANN001
    import uvicorn

    from sync.protocol import MAX_BATCH_BYTES
    from sync.server.app import MAX_BODY, create_app
    from sync.server.keys import server_public_hex
    from sync.server.limits import FailureLimit

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
    app = create_app(engine, server_key=server_public_hex(args.data),
                     decode_budget=args.decode_budget_mb * 2**20,
                     failures=FailureLimit(failures=args.max_auth_failures,
                                           window_s=args.auth_failure_window))
    app.state.data_dir = args.data
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning", **tls)
    return 0


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


_COMMANDS = {"serve": _serve, "enroll": _enroll, "revoke": _revoke,
             "server-key": _server_key, "import-bundle": _import_bundle,
             "disclosures": _disclosures}

if __name__ == "__main__":
    sys.exit(main())
