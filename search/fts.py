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
# Migration 0004:
# - A narrow heap: every text column above 128 bytes a row goes to TOAST, so the rows the GIN
#   index finds (and the id map's read of every row) visit few pages. At 700k rows the heap
#   shrank from 1,348 MB to 227 MB; listing a city's 120k matches went from 141 to 33 ms and
#   reading every row's filter values from 608 to 36 ms. Set before the column is added, so the
#   rewrite that adding it makes moves the existing rows' text out too.
# - The title tokens alone, unweighted. A title-only match on the weighted vector above
#   (`'word':A`) cannot be answered from the GIN index alone: PostgreSQL rechecks every
#   candidate row's vector, 35-135 ms for a city's name at 700k rows.
POSTGRES_TITLE_CREATE = [
    "ALTER TABLE search_searchentry SET (toast_tuple_target = 128)",
    "ALTER TABLE search_searchentry ADD COLUMN title_tsv tsvector GENERATED ALWAYS AS ("
    "array_to_tsvector(string_to_array(title_tokens, ' '))) STORED",
    "CREATE INDEX search_entry_title_tsv ON search_searchentry USING GIN (title_tsv)",
]
POSTGRES_TITLE_DROP = [
    "DROP INDEX IF EXISTS search_entry_title_tsv",
    "ALTER TABLE search_searchentry DROP COLUMN IF EXISTS title_tsv",
    "ALTER TABLE search_searchentry RESET (toast_tuple_target)",
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
# PostgreSQL's GIN indexes of the vectors (created above).
GIN_INDEXES = ("search_entry_tsv", "search_entry_title_tsv")
