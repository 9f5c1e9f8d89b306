"""Every located index row gets its grid cell's token after its body tokens (see
``search.backends.database.entries.cell_token``, which computes the same numbers), so that rows
written before need no rebuild."""

from django.db import migrations

TOKEN = {
    "sqlite": (
        "'geocell' || CAST((lat + 90) / 0.05 AS INTEGER) || 'x' || "
        "CAST((lon + 180) / 0.05 AS INTEGER)"
    ),
    "postgresql": (
        "'geocell' || floor((lat + 90) / 0.05)::bigint || 'x' || floor((lon + 180) / 0.05)::bigint"
    ),
}


def add_cell_tokens(apps, schema_editor) -> None:
    token = TOKEN.get(schema_editor.connection.vendor)
    if token is None:
        return
    schema_editor.execute(
        "UPDATE search_searchentry SET body_tokens = CASE WHEN body_tokens = '' THEN "
        f"{token} ELSE body_tokens || ' ' || {token} END "
        "WHERE lat IS NOT NULL AND lon IS NOT NULL AND body_tokens NOT LIKE %s",
        ["%geocell%"],
    )


class Migration(migrations.Migration):
    dependencies = [("search", "0005_network_order_index")]

    operations = [migrations.RunPython(add_cell_tokens, migrations.RunPython.noop)]
