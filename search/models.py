"""The database backend's index: one row per searchable document, with everything needed to
answer a query without touching the source tables."""

from django.db import models


class SearchEntry(models.Model):
    """One indexed document (a public service point, organisation, project or story).

    ``title_tokens``/``body_tokens`` hold the prepared tokens (jieba words, pinyin, initials,
    English words), space-separated; a full-text index over them is created by the migration:
    an FTS5 table on SQLite, a generated ``tsvector`` column with a GIN index on PostgreSQL.
    """

    doc_type = models.CharField(max_length=32)
    doc_id = models.CharField(max_length=64)
    title = models.CharField(max_length=300)
    title_en = models.CharField(max_length=300, blank=True)
    body = models.TextField(blank=True)
    body_en = models.TextField(blank=True)
    url = models.CharField(max_length=300, blank=True)
    level = models.CharField(max_length=16, null=True, blank=True)
    # 0 city, 1 county, 2 township, 3 village, 4 none: the tie-break order of the network.
    level_rank = models.PositiveSmallIntegerField(default=4)
    division_code = models.CharField(max_length=12, null=True, blank=True)
    division_name = models.CharField(max_length=64, blank=True)
    division_name_en = models.CharField(max_length=128, blank=True)
    city_code = models.CharField(max_length=12, null=True, blank=True)
    # "|code|code|" so one LIKE finds a category.
    categories = models.CharField(max_length=400, blank=True)
    lat = models.FloatField(null=True, blank=True)
    lon = models.FloatField(null=True, blank=True)
    is_demo = models.BooleanField(default=False)
    updated_at = models.DateTimeField(null=True, blank=True)
    title_tokens = models.TextField(blank=True)
    body_tokens = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["doc_type", "doc_id"], name="search_entry_doc")
        ]
        indexes = [
            # Viewport and radius filters use both coordinates at once.
            models.Index(fields=["lon", "lat"], name="search_entry_lon_lat"),
            models.Index(fields=["division_code"], name="search_entry_division"),
            # The network order of a browse without words ("level_rank, division_code, id"):
            # a page comes straight off the index. On level_rank alone PostgreSQL walked every
            # village row to find a city's (260 ms at 700k).
            models.Index(
                fields=["level_rank", "division_code", "id"], name="search_entry_network_order"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.doc_type}:{self.doc_id}"
