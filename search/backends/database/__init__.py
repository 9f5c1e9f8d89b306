"""The embedded backend: full text in the project's own database (SQLite FTS5 or PostgreSQL).

- ``backend``: ``DatabaseBackend`` (retrieve candidates in SQL, rank them in Python);
- ``dialect``: the SQL that differs between SQLite and PostgreSQL, as one object;
- ``facets``: each row's filter and facet values held in this process (the facet map);
- ``matches``: recent long match lists held in this process (the match cache);
- ``changes``: the index version in the shared cache that tells processes to forget both;
- ``entries``: a document as an index row and back.
"""

from .backend import DatabaseBackend

__all__ = ["DatabaseBackend"]
