"""Sync: the protocol (pure), the client, and the county server."""
