"""Where a device keeps its county-server connection: the encrypted store's meta table.

The token and the bundle-signing key are secrets, so they live only inside the
SQLCipher file; so does the county CA, so that no one with the laptop can swap it
for their own without the passphrase. No Qt here.
"""

from __future__ import annotations

from registry.store import Store
from sync.client.enrolment import Connection, connect

SERVER_URL_KEY = "server_url"
TOKEN_KEY = "sync_token"
_ROLE_KEY = "sync_role"
_SCOPE_KEY = "sync_scope"
_SERVER_KEY_KEY = "server_key"
_SIGNING_KEY = "signing_key"
_CA_KEY = "county_ca"
_FIELDS = {_ROLE_KEY: "role", _SCOPE_KEY: "scope", _SERVER_KEY_KEY: "server_key",
           _SIGNING_KEY: "signing_key", _CA_KEY: "ca_pem"}


def save_connection(store: Store, connection: Connection) -> None:
    """Keep ``connection`` in the store (one transaction), replacing any before it."""
    values = {SERVER_URL_KEY: connection.url, TOKEN_KEY: connection.token,
              **{key: getattr(connection, name) for key, name in _FIELDS.items()}}
    with store.transaction():  # each set_meta nests in it as a savepoint
        for key, value in values.items():
            store.set_meta(key, value)


def load_connection(store: Store) -> Connection | None:
    """The stored connection, or ``None`` if this device was never connected."""
    url, token = store.meta(SERVER_URL_KEY), store.meta(TOKEN_KEY)
    if not url or not token:
        return None
    return Connection(url, token, store.meta(_ROLE_KEY) or "", store.meta(_SCOPE_KEY) or "",
                      store.meta(_SERVER_KEY_KEY), store.meta(_SIGNING_KEY) or "",
                      store.meta(_CA_KEY))


def enrol_store(store: Store, url: str, code: str, ca_pem: str | None = None,
                **transport: object) -> Connection:
    """Enrol this profile's device with the server and keep the connection.

    Nothing is stored unless the server accepted the code.
    """
    connection = connect(url, code, device_id=store.device, scope=store.default_scope,
                         ca_pem=ca_pem, **transport)
    save_connection(store, connection)
    return connection
