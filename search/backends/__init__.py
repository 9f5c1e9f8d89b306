"""Search backends by name. Each backend module adds itself here when it is written."""

BACKENDS: dict[str, str] = {
    "database": "search.backends.database.DatabaseBackend",
    "elasticsearch": "search.backends.engine.EngineBackend",
}
