"""The full-text index over ``SearchEntry`` tokens, per database vendor (used by the migration)."""

SQLITE_CREATE = [
    # External-content FTS5 table kept in step with search_entry by triggers.
    "CREATE VIRTUAL TABLE search_fts USING fts5("
    "title_tokens, body_tokens, content='search_searchentry', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 0')",
    "CREATE TRIGGER search_entry_ai AFTER INSERT ON search_searchentry BEGIN "
    "INSERT INTO search_fts(rowid, title_tokens, body_tokens) "
    "VALUES (new.id, new.title_tokens, new.body_tokens); END",
    "CREATE TRIGGER search_entry_ad AFTER DELETE ON search_searchentry BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, title_tokens, body_tokens) "
    "VALUES ('delete', old.id, old.title_tokens, old.body_tokens); END",
    "CREATE TRIGGER search_entry_au AFTER UPDATE ON search_searchentry BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, title_tokens, body_tokens) "
    "VALUES ('delete', old.id, old.title_tokens, old.body_tokens); "
    "INSERT INTO search_fts(rowid, title_tokens, body_tokens) "
    "VALUES (new.id, new.title_tokens, new.body_tokens); END",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS search_entry_au",
    "DROP TRIGGER IF EXISTS search_entry_ad",
    "DROP TRIGGER IF EXISTS search_entry_ai",
    "DROP TABLE IF EXISTS search_fts",
]

# Tokens are prepared in Python, so the vector is built from them verbatim (no parser, the
# `simple` configuration's behaviour): title tokens weigh A, body tokens B.
POSTGRES_CREATE = [
    "ALTER TABLE search_searchentry ADD COLUMN tsv tsvector GENERATED ALWAYS AS ("
    "setweight(array_to_tsvector(string_to_array(title_tokens, ' ')), 'A') || "
    "setweight(array_to_tsvector(string_to_array(body_tokens, ' ')), 'B')) STORED",
    "CREATE INDEX search_entry_tsv ON search_searchentry USING GIN (tsv)",
]
POSTGRES_DROP = [
    "DROP INDEX IF EXISTS search_entry_tsv",
    "ALTER TABLE search_searchentry DROP COLUMN IF EXISTS tsv",
]


def create(schema_editor) -> None:
    statements = {"sqlite": SQLITE_CREATE, "postgresql": POSTGRES_CREATE}
    for sql in statements.get(schema_editor.connection.vendor, []):
        schema_editor.execute(sql)


def drop(schema_editor) -> None:
    statements = {"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}
    for sql in statements.get(schema_editor.connection.vendor, []):
        schema_editor.execute(sql)


# SQLite: (doc_type, level, city_code, categories, division_code, lat) of every row, narrow
# (migrations 0002, 0003).
FACET_INDEX = "search_entry_facets"
