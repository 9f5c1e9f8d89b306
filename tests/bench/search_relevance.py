# ruff: noqa: T201  (a benchmark prints its figures)
"""success@3, MRR and precision@10 per kind of the judged queries (tests/search/queries.json):
the database backend side by side with Wagtail's default database search (unsegmented) on the
same data, and the engine backend (osmem-server, or ELASTICSEARCH_URL's cluster) on its own.
precision@10 is the share of the first 10 results that are in the place the query names.

Run explicitly (tests/bench is not part of the default run)::

    .venv/bin/python -m pytest tests/bench/search_relevance.py -s -q
    DATABASE_URL=postgres://... .venv/bin/python -m pytest tests/bench/search_relevance.py -s -q

Wagtail indexes a throwaway model holding the very same documents (title, English title, body),
so both engines see the same text; only the analysis differs.
"""

import pytest
from django.db import connection, models
from wagtail.search import index
from wagtail.search.backends import get_search_backend

from search import service
from search.contract import SearchQuery
from tests.search.judged import evaluate, index_demo_network


class JudgedRecord(index.Indexed, models.Model):
    """The search documents as a plain model, for Wagtail's search (benchmark only)."""

    title = models.CharField(max_length=300)
    title_en = models.CharField(max_length=300)
    body = models.TextField()
    division_code = models.CharField(max_length=12, null=True)
    level = models.CharField(max_length=16, null=True)

    search_fields = [
        index.SearchField("title"),
        index.SearchField("title_en"),
        index.SearchField("body"),
    ]

    class Meta:
        app_label = "search"


@pytest.mark.django_db(transaction=True)
def test_relevance_database_backend_against_wagtail_default():
    ours = service.get_backend("database")
    documents = index_demo_network(ours)

    with connection.schema_editor() as editor:
        editor.create_model(JudgedRecord)
    try:
        records = JudgedRecord.objects.bulk_create(
            JudgedRecord(
                title=d.title,
                title_en=d.title_en,
                body=f"{d.body} {d.body_en}",
                division_code=d.division_code,
                level=d.level,
            )
            for d in documents
        )
        wagtail = get_search_backend()
        wagtail.add_bulk(JudgedRecord, records)

        def run_ours(judged):
            result = ours.search(SearchQuery(text=judged.q, language=judged.lang, page_size=10))
            return [(h.document.division_code, h.document.level) for h in result.hits]

        def run_wagtail(judged):
            try:
                hits = list(wagtail.search(judged.q, JudgedRecord)[:10])
            except Exception:  # a query Wagtail cannot parse finds nothing
                return []
            return [(r.division_code, r.level) for r in hits]

        ours_kinds, ours_all, ours_ranks = evaluate(run_ours)
        wagtail_kinds, wagtail_all, _ = evaluate(run_wagtail)
    finally:
        with connection.schema_editor() as editor:
            editor.delete_model(JudgedRecord)

    print(f"\n{len(documents)} documents on {connection.vendor}; {ours_all.n} judged queries")
    print(
        f"{'kind':15} {'n':>3}   {'database s@3':>12} {'MRR':>5} {'P@10':>5}"
        f"   {'wagtail s@3':>11} {'MRR':>5} {'P@10':>5}"
    )
    for kind, scores in ours_kinds.items():
        other = wagtail_kinds[kind]
        print(
            f"{kind:15} {scores.n:3d}   {scores.success_at_3:12.2f} {scores.mrr:5.2f}"
            f" {scores.precision_at_10:5.2f}   {other.success_at_3:11.2f} {other.mrr:5.2f}"
            f" {other.precision_at_10:5.2f}"
        )
    print(
        f"{'overall':15} {ours_all.n:3d}   {ours_all.success_at_3:12.2f} {ours_all.mrr:5.2f}"
        f" {ours_all.precision_at_10:5.2f}   {wagtail_all.success_at_3:11.2f}"
        f" {wagtail_all.mrr:5.2f} {wagtail_all.precision_at_10:5.2f}"
    )
    misses = [(j.q, r) for j, r in ours_ranks if r is None or r > 3]
    print("database backend misses (query, rank):", misses or "none")


@pytest.mark.django_db(transaction=True)
def test_relevance_engine_backend(engine_backend):
    documents = index_demo_network(engine_backend)

    def run(judged):
        result = engine_backend.search(
            SearchQuery(text=judged.q, language=judged.lang, page_size=10)
        )
        return [(h.document.division_code, h.document.level) for h in result.hits]

    kinds, overall, ranks = evaluate(run)
    print(f"\n{len(documents)} documents, engine backend; {overall.n} judged queries")
    print(f"{'kind':15} {'n':>3}   {'engine s@3':>10} {'MRR':>5} {'P@10':>5}")
    for kind, scores in kinds.items():
        print(
            f"{kind:15} {scores.n:3d}   {scores.success_at_3:10.2f} {scores.mrr:5.2f}"
            f" {scores.precision_at_10:5.2f}"
        )
    print(
        f"{'overall':15} {overall.n:3d}   {overall.success_at_3:10.2f} {overall.mrr:5.2f}"
        f" {overall.precision_at_10:5.2f}"
    )
    misses = [(j.q, r) for j, r in ranks if r is None or r > 3]
    print("engine backend misses (query, rank):", misses or "none")
