"""``bangfu-server``: serve, enrol devices, revoke them, import USB bundles."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sync.server.db import database_url, open_engine


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="bangfu-server", description="Bangfu county server")
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="run the HTTP server")
    _common(serve)
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8443)
    serve.add_argument("--tls-cert")
    serve.add_argument("--tls-key")
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
    return parser


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data", required=True, type=Path, help="server data directory")
    parser.add_argument("--db", help="database URL (default: SQLite in --data)")


def main(argv: list[str] | None = None) -> int:
    """Run the ``bangfu-server`` command line."""
    args = _parser().parse_args(argv)
    args.data.mkdir(parents=True, exist_ok=True)
    try:
        engine = open_engine(database_url(args.data, args.db))
        return _COMMANDS[args.command](args, engine)
    except Exception as exc:  # noqa: BLE001 - one clean message for the operator
        print(f"bangfu-server: {exc}", file=sys.stderr)
        return 2


def _serve(args: argparse.Namespace, engine) -> int:  # noqa: ANN001
    import uvicorn

    from sync.server.app import create_app
    from sync.server.keys import server_public_hex

    app = create_app(engine, server_key=server_public_hex(args.data))
    app.state.data_dir = args.data
    uvicorn.run(app, host=args.host, port=args.port, ssl_certfile=args.tls_cert,
                ssl_keyfile=args.tls_key, log_level="warning")
    return 0


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

    from sync.server.bundles import import_bundle
    from sync.server.hub import Hub

    acks = import_bundle(Hub(engine), args.data, args.bundle.read_bytes())
    print(json.dumps({"batches": len(acks), "accepted": sum(a["accepted"] for a in acks)}))
    return 0


_COMMANDS = {"serve": _serve, "enroll": _enroll, "revoke": _revoke,
             "server-key": _server_key, "import-bundle": _import_bundle}

if __name__ == "__main__":
    sys.exit(main())
