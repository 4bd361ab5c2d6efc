"""The domain and the local store: encrypted SQLite, journal, entities. No Qt."""
