"""``flush`` that can also empty the audit table on SQLite.

Emptying the whole database is not editing the trail: PostgreSQL's flush is a TRUNCATE, which
the row triggers let through, while SQLite's is a DELETE, which they stop. The triggers are
lifted for the flush and put back straight after. (The test runner flushes between
transactional tests.)
"""

from django.core.management.commands.flush import Command as FlushCommand
from django.db import DEFAULT_DB_ALIAS, connections

from audit import triggers


class Command(FlushCommand):
    def handle(self, **options):
        connection = connections[options.get("database") or DEFAULT_DB_ALIAS]
        if connection.vendor != "sqlite":
            return super().handle(**options)
        triggers.remove(connection)
        try:
            return super().handle(**options)
        finally:
            triggers.install(connection)
