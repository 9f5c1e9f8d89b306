"""SQLite only: the facet index also holds each row's division code and latitude, so that the
database backend's in-process map of each row's values (search.backends.database._FacetMap)
can test the division filter and "has a location" (near me) without reading the table."""

from django.db import migrations

from search.fts import FACET_INDEX


def widen(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(f"DROP INDEX IF EXISTS {FACET_INDEX}")
        schema_editor.execute(
            f"CREATE INDEX {FACET_INDEX} ON search_searchentry "
            "(doc_type, level, city_code, categories, division_code, lat)"
        )


def narrow(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(f"DROP INDEX IF EXISTS {FACET_INDEX}")
        schema_editor.execute(
            f"CREATE INDEX {FACET_INDEX} ON search_searchentry "
            "(doc_type, level, city_code, categories)"
        )


class Migration(migrations.Migration):
    dependencies = [("search", "0002_facet_index")]

    operations = [migrations.RunPython(widen, narrow)]
