import re

import pytest
from django.apps import apps
from django.contrib.auth import authenticate, get_user_model
from django.core.management import CommandError, call_command
from stdnum.cn import uscc

from content.models import NewsPage, StoryPage
from demo import world
from directory.models import (
    HOLIDAY_CAMP_MIN_DAYS,
    Organization,
    Project,
    ProjectCategory,
    ServicePoint,
)
from impact import privacy
from impact.models import ImpactSnapshot
from impact.services import published
from tests.factories.directory import OrganizationFactory, ServicePointFactory
from volunteer.models import Application, Contact, Pairing, Status

MARK = "（演示）"
MOBILE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")


@pytest.fixture
def demo_world(fujian_divisions, home_page):
    world.load()


def row_counts() -> dict[str, int]:
    return {m._meta.label: m._default_manager.count() for m in apps.get_models()}


@pytest.mark.django_db
def test_demo_organisations_and_projects(demo_world):
    organizations = Organization.objects.filter(is_demo=True)
    assert 18 <= organizations.count() <= 22
    assert all(uscc.is_valid(o.uscc) for o in organizations)
    assert all(o.name.count(MARK) == 1 and o.name_en.count("(demo)") == 1 for o in organizations)
    assert {o.rating for o in organizations} >= {"", "2A", "3A", "4A", "5A"}
    assert all(o.service_area.exists() for o in organizations)
    assert Organization.objects.public().filter(is_demo=True).count() >= 18

    projects = Project.objects.filter(is_demo=True)
    assert 35 <= projects.count() <= 45
    assert set(projects.values_list("category", flat=True)) == set(ProjectCategory.values)
    assert all(p.title.count(MARK) == 1 for p in projects)
    camps = projects.filter(category="holiday_care", start_date__isnull=False)
    assert camps.count() >= 3
    assert all((c.end_date - c.start_date).days + 1 >= HOLIDAY_CAMP_MIN_DAYS for c in camps)
    assert projects.exclude(schedule="").count() >= 5  # weekly classes and counselling
    # Stations show the projects held there.
    assert ServicePoint.objects.filter(is_demo=True, projects__isnull=False).exists()


@pytest.mark.django_db
def test_demo_stories_and_news_with_drawn_pictures_and_translations(demo_world):
    chinese = [
        p
        for model in (StoryPage, NewsPage)
        for p in model.objects.filter(slug__startswith="demo-", locale__language_code="zh-hans")
    ]
    assert 6 <= len(chinese) <= 10
    assert all(p.title.count(MARK) == 1 and p.live for p in chinese)
    assert all(p.share_image.file.name.endswith(".svg") for p in chinese)
    translated = [p for p in chinese if p.get_translations().exists()]
    assert len(translated) >= 2
    assert {type(p) for p in translated} == {StoryPage, NewsPage}


@pytest.mark.django_db
def test_demo_volunteers_cannot_sign_in_and_carry_no_real_data(demo_world):
    applications = Application.objects.filter(user__username__startswith="demo-volunteer-")
    assert set(applications.values_list("status", flat=True)) == set(Status.values)
    for application in applications:
        assert application.real_name.count(MARK) == 1
        assert not MOBILE.search(application.phone)
        assert application.phone.startswith("+86100000")
        user = application.user
        assert not user.has_usable_password()
        assert user.email.endswith("@example.invalid")
        assert authenticate(username=user.username, password="") is None
    pairings = Pairing.objects.filter(application__in=applications)
    assert pairings.count() >= 40
    assert all(p.case_code.startswith(p.county.code) and MARK in p.case_code for p in pairings)
    quarters = {c.occurred_on.isoformat()[:7] for c in Contact.objects.all()}
    assert len(quarters) >= 12  # contacts over many past months


@pytest.mark.django_db
def test_impact_shows_suppressed_rounded_and_visible_cells_and_a_trend(demo_world):
    snapshot = ImpactSnapshot.objects.get()
    assert snapshot.data["demo"] is True
    table = published().table
    province = [r for r in table.rows if r.region.level == "province" and "Q" in r.period]
    talks = [r.values["talks"] for r in province]
    assert all(isinstance(v, int) for v in talks[-4:])
    assert talks[-1] > talks[-4] > 0  # a rising trend, not a flat line
    values = [v for r in table.rows for v in r.values.values()]
    assert privacy.small_mark() in values
    assert privacy.WITHHELD_MARK in values
    shown = [v for v in values if isinstance(v, int) and v > 0]
    assert shown and all(v % privacy.rounding_base() == 0 for v in shown)


@pytest.mark.django_db
def test_loading_twice_adds_nothing(demo_world):
    before = row_counts()
    world.load()
    assert row_counts() == before


@pytest.mark.django_db
def test_remove_demo_data_leaves_nothing_behind(fujian_divisions, home_page):
    real_point = ServicePointFactory()
    real_org = OrganizationFactory()
    before = row_counts()
    call_command("load_demo_data")
    assert row_counts() != before
    call_command("remove_demo_data")
    after = row_counts()
    assert {k: (before[k], after[k]) for k in before if before[k] != after[k]} == {}
    assert ServicePoint.objects.get() == real_point
    assert Organization.objects.get() == real_org
    assert not get_user_model().objects.filter(username__startswith="demo-").exists()


@pytest.mark.django_db
def test_production_settings_refuse_the_demo_unless_asked(fujian_divisions, home_page, settings):
    settings.DEMO_DATA_ALLOWED = False
    with pytest.raises(CommandError, match="--allow-production"):
        call_command("load_demo_data")
    assert not Organization.objects.exists()
    call_command("load_demo_data", "--allow-production")
    assert Organization.objects.filter(is_demo=True).exists()


@pytest.mark.django_db
def test_plaque_register_marks_demo_plaques_once(demo_world, client):
    from directory.models import Plaque

    plaques = Plaque.objects.filter(is_demo=True)
    assert plaques.exists()
    for plaque in plaques:
        assert f"{plaque.number} {plaque.awarding_body}".count(MARK) == 1
    html = client.get("/plaques/").content.decode()
    assert "（演示） （演示）" not in html and "（演示）（演示）" not in html
