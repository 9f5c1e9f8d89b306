"""PostgreSQL only: a narrow heap (text moved to TOAST from 128 bytes a row), and an unweighted
vector of the title tokens with its own GIN index, so that a title-only match is answered by the
index without rechecking each row (see search.fts). Rewrites the table: about 1.5 minutes at
700k rows."""

from django.db import migrations

from search import fts


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in fts.POSTGRES_TITLE_CREATE:
            schema_editor.execute(sql)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in fts.POSTGRES_TITLE_DROP:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("search", "0003_filter_values_in_facet_index")]

    operations = [migrations.RunPython(create, drop)]
