"""Directory records become documents with public fields only, and the index follows changes."""

import pytest
from django.utils import timezone

from directory.models import LocationPrecision, Organization, Project, ServiceCategory
from directory.search_documents import (
    organization_documents,
    project_documents,
    service_point_documents,
)
from search import service
from search.contract import SearchQuery
from search.models import SearchEntry
from tests.factories.directory import DivisionFactory, ServicePointFactory


@pytest.fixture
def taining(db):
    return DivisionFactory(
        code="350429", name="泰宁县", name_en="Taining County", latitude=26.9, longitude=117.17
    )


def titles(text, **kwargs):
    return [h.document.title for h in service.search(SearchQuery(text=text, **kwargs)).hits]


def test_hidden_points_never_become_documents(taining):
    ServicePointFactory(division=taining, name="泰宁隐藏站", hidden=True)
    shown = ServicePointFactory(division=taining, name="泰宁公开站")
    assert [d.id for d in service_point_documents()] == [str(shown.pk)]


def test_township_precision_points_are_indexed_at_the_township_centre(taining):
    point = ServicePointFactory(
        division=taining,
        latitude=26.95,
        longitude=117.25,
        location_precision=LocationPrecision.TOWNSHIP,
    )
    (document,) = service_point_documents([point.pk])
    assert (document.lat, document.lon) == (26.9, 117.17)
    assert document.url == f"/directory/points/{point.pk}/"
    assert document.city_code == "350400" and document.division_name == "泰宁县"


def test_the_index_follows_saves_and_deletes(taining, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        point = ServicePointFactory(division=taining, name="泰宁县儿童关爱服务站")
    assert titles("taining") == ["泰宁县儿童关爱服务站"]

    with django_capture_on_commit_callbacks(execute=True):
        point.name = "泰宁县儿童之家"
        point.save()
    assert titles("泰宁") == ["泰宁县儿童之家"]

    with django_capture_on_commit_callbacks(execute=True):
        point.categories.add(ServiceCategory.objects.get_or_create(code="legal_aid")[0])
    assert titles("泰宁", category="legal_aid") == ["泰宁县儿童之家"]

    with django_capture_on_commit_callbacks(execute=True):
        point.is_public = False
        point.save()
    assert titles("泰宁") == []

    with django_capture_on_commit_callbacks(execute=True):
        point.is_public = True
        point.save()
        point.delete()
    assert SearchEntry.objects.count() == 0


def test_organisations_and_projects_are_searchable_and_follow_their_organisation(
    taining, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        org = Organization.objects.create(
            name="泰宁县阳光社工服务中心",
            name_en="Taining Sunshine Social Work Centre",
            uscc="91350429MA00000000",
            kind="social_work_agency",
            description="心理辅导",
            verification_status="verified",
            verified_at=timezone.now(),
        )
        org.service_area.add(taining)
        project = Project.objects.create(
            title="泰宁暑期心理辅导营",
            category="mental_health",
            organization=org,
            summary="暑期儿童心理辅导",
            status="published",
        )
        project.divisions.add(taining)
    result = service.search(SearchQuery(text="心理辅导"))
    assert {h.document.type for h in result.hits} == {"organization", "project"}
    assert {d.division_code for d in project_documents()} == {"350429"}
    assert [d.title for d in organization_documents()] == ["泰宁县阳光社工服务中心"]

    with django_capture_on_commit_callbacks(execute=True):
        org.is_public = False
        org.save()
    assert service.search(SearchQuery(text="心理辅导")).count == 0


def test_rebuild_indexes_every_public_record(taining):
    ServicePointFactory.create_batch(3, division=taining)
    ServicePointFactory(division=taining, hidden=True)
    assert service.rebuild() == 3
    assert SearchEntry.objects.count() == 3


def test_health_reports_the_configured_backend(db):
    from search.health import search_status

    assert search_status() == {"backend": "database", "status": "ok", "empty": True}
