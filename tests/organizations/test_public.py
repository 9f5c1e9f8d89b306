"""Only verified, current organisations and published projects appear anywhere public; the
/organizations/ list filters by area, kind, rating and project without JavaScript."""

import datetime
import importlib

import pytest
from django.apps import apps
from django.utils import timezone

from directory.models import ListingStatus, Organization, Project, VerificationStatus
from search import service
from tests.factories.directory import (
    DivisionFactory,
    OrganizationFactory,
    ProjectFactory,
    ServicePointFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(county, django_capture_on_commit_callbacks):
    """One listed organisation with one published project, and every kind of unlisted one."""
    station = ServicePointFactory(division=county, name="泰宁县儿童关爱服务站")
    with django_capture_on_commit_callbacks(execute=True):
        listed = OrganizationFactory(name="公开社工中心", service_area=[county])
        published = ProjectFactory(organization=listed, title="公开营地", service_points=[station])
        hidden_orgs = [
            OrganizationFactory(name="待核实社工中心", pending=True, service_area=[county]),
            OrganizationFactory(name="被驳回社工中心", rejected=True, service_area=[county]),
            OrganizationFactory(name="过期社工中心", stale=True, service_area=[county]),
            OrganizationFactory(name="隐藏社工中心", hidden=True, service_area=[county]),
        ]
        hidden_projects = [
            ProjectFactory(
                organization=listed, title=f"{name}营地", service_points=[station], **trait
            )
            for name, trait in [
                ("草稿", {"draft": True}),
                ("待审", {"submitted": True}),
                ("退回", {"returned": True}),
                ("归档", {"archived": True}),
            ]
        ] + [
            ProjectFactory(organization=org, title=f"{org.name[:3]}营地", service_points=[station])
            for org in hidden_orgs
        ]
    service.rebuild()
    return listed, published, hidden_orgs, hidden_projects


HIDDEN_WORDS = ["待核实", "被驳回", "过期", "隐藏", "草稿", "待审", "退回", "归档"]


def assert_only_public(text: str) -> None:
    for word in HIDDEN_WORDS:
        assert word not in text, word


def test_nothing_unpublished_appears_anywhere_public(client, world):
    listed, published, hidden_orgs, hidden_projects = world
    pages = {
        "/organizations/": "公开社工中心",
        f"/directory/organizations/{listed.pk}/": "公开营地",
        "/api/v1/organizations/": "公开社工中心",
        "/api/v1/projects/": "公开营地",
        "/api/v1/search/?q=营地": "公开营地",
        "/api/v1/search/?q=社工中心": "公开社工中心",
        "/map/?q=营地": "公开营地",
        "/opendata/organizations.csv": "公开社工中心",
        "/opendata/organizations.json": "公开社工中心",
        "/opendata/projects.csv": "公开营地",
        "/opendata/projects.json": "公开营地",
        "/directory/changes.atom": "",
    }
    for url, expected in pages.items():
        response = client.get(url)
        assert response.status_code == 200, url
        body = b"".join(response.streaming_content) if response.streaming else response.content
        text = body.decode("utf-8-sig")
        assert expected in text, url
        assert_only_public(text)
    for organization in hidden_orgs:
        assert client.get(f"/directory/organizations/{organization.pk}/").status_code == 404
    for project in hidden_projects:
        assert client.get(f"/directory/projects/{project.pk}/").status_code == 404
    assert client.get("/api/v1/organizations/").json()["count"] == 1
    assert client.get("/api/v1/projects/").json()["count"] == 1


def test_public_output_never_carries_certificates_members_or_personal_contacts(client, world):
    listed, *_ = world
    record = client.get("/api/v1/organizations/").json()["results"][0]
    assert set(record) == {
        "id",
        "name",
        "name_en",
        "uscc",
        "kind",
        "rating",
        "service_area",
        "contact_channel",
        "description",
        "verified_on",
        "is_demo",
        "updated_at",
    }
    assert record["verified_on"] == timezone.localdate().isoformat()
    project = client.get("/api/v1/projects/").json()["results"][0]
    assert {"schedule", "age_min", "age_max", "is_free", "cost", "how_to_join"} <= set(project)


def test_the_public_rule_lives_in_the_querysets(world):
    listed, published, *_ = world
    assert list(Organization.objects.public()) == [listed]
    assert list(Project.objects.public()) == [published]
    assert listed.is_listed and published.is_listed


@pytest.fixture
def listing_world(db):
    sanming = DivisionFactory(code="350400", name="三明市", level="city")
    taining = DivisionFactory(code="350429", name="泰宁县", level="county", parent=sanming)
    fuzhou = DivisionFactory(code="350100", name="福州市", level="city")
    gulou = DivisionFactory(code="350102", name="鼓楼区", level="county", parent=fuzhou)
    a = OrganizationFactory(name="泰宁甲社工", rating="5A", service_area=[taining])
    b = OrganizationFactory(
        name="鼓楼乙志愿队", kind="volunteer_team", rating="", service_area=[gulou]
    )
    ProjectFactory(organization=a, category="legal_aid", title="法律援助进村")
    ProjectFactory(organization=b, category="legal_aid", title="草稿法援", draft=True)
    return a, b


@pytest.mark.parametrize(
    ("query", "names"),
    [
        ("", {"泰宁甲社工", "鼓楼乙志愿队"}),
        ("area=350400", {"泰宁甲社工"}),
        ("area=350429", {"泰宁甲社工"}),
        ("area=350102", {"鼓楼乙志愿队"}),
        ("kind=volunteer_team", {"鼓楼乙志愿队"}),
        ("rating=5A", {"泰宁甲社工"}),
        ("category=legal_aid", {"泰宁甲社工"}),
        ("kind=nonsense&rating=9Z", {"泰宁甲社工", "鼓楼乙志愿队"}),
    ],
)
def test_the_organisation_list_filters_with_plain_get(client, listing_world, query, names):
    response = client.get(f"/organizations/?{query}")
    assert response.status_code == 200
    shown = {o.name for o in response.context["page_obj"].object_list}
    assert shown == names


def test_the_organisation_list_links_each_page_which_lists_its_published_projects(
    client, listing_world
):
    a, _ = listing_world
    text = client.get("/organizations/").content.decode()
    assert f'href="/directory/organizations/{a.pk}/"' in text
    assert "<form" in text and 'method="get"' in text  # filters work without JavaScript
    page = client.get(f"/directory/organizations/{a.pk}/").content.decode()
    assert "法律援助进村" in page


def test_existing_organisations_and_projects_stay_public_after_the_migration(county):
    migration = importlib.import_module(
        "directory.migrations.0005_organization_verification_project_moderation"
    )
    organization = OrganizationFactory(pending=True, is_demo=True, service_area=[county])
    project = ProjectFactory(organization=organization, draft=True)
    migration.keep_existing_public(apps, None)
    organization.refresh_from_db()
    project.refresh_from_db()
    assert organization.verification_status == VerificationStatus.VERIFIED
    assert organization.verified_at > timezone.now() - datetime.timedelta(minutes=1)
    assert project.status == ListingStatus.PUBLISHED
    assert project.is_listed
