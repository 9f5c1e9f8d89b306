import re

import pytest
from django.core.management import call_command

from directory.demo import generate_demo_network, remove_demo_network
from directory.models import Division, ServicePoint
from tests.factories.directory import ServicePointFactory

MOBILE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")


@pytest.mark.django_db
def test_demo_network_has_one_point_per_division_and_village_homes(fujian_divisions):
    result = generate_demo_network()
    points = ServicePoint.objects.all()
    assert points.filter(level="city").count() == 9
    assert points.filter(level="county").count() == 84
    assert points.filter(level="township").count() == 1107
    assert 0 < points.filter(level="village").count() <= 84
    assert result.created == points.count()
    assert all(p.is_demo and "（演示）" in p.name and "(demo)" in p.name_en for p in points)
    assert not any(MOBILE.search(p.service_phone) for p in points)
    approximate_division = Division.objects.filter(location_approximate=True).first()
    assert points.filter(division=approximate_division).first().location_approximate


@pytest.mark.django_db
def test_demo_generation_is_idempotent(fujian_divisions):
    first = generate_demo_network()
    again = generate_demo_network()
    assert again.created == 0 and again.updated == 0
    assert again.unchanged == first.created
    assert ServicePoint.objects.count() == first.created


@pytest.mark.django_db
def test_removing_demo_data_keeps_real_points(fujian_divisions, capsys):
    generate_demo_network()
    real = ServicePointFactory(division=Division.objects.get(code="350429"))
    call_command("remove_demo_data")
    assert list(ServicePoint.objects.all()) == [real]
    assert "Removed" in capsys.readouterr().out
    assert remove_demo_network() == 0


@pytest.mark.django_db
def test_demo_points_offer_their_levels_services(fujian_divisions):
    generate_demo_network()
    station = ServicePoint.objects.filter(level="township").first()
    assert set(station.categories.values_list("code", flat=True)) == {
        "care_network",
        "holiday_care",
        "family_affection",
        "childrens_school",
    }


@pytest.mark.django_db
def test_demo_village_homes_are_published_only_at_the_township_centre(fujian_divisions):
    generate_demo_network()
    home = ServicePoint.objects.filter(level="village").first()
    assert home.location_precision == "township"
    assert (home.latitude, home.longitude) != (home.division.latitude, home.division.longitude)
    assert home.public_location() == (home.division.latitude, home.division.longitude)


@pytest.mark.django_db
def test_demo_points_have_hours_and_a_few_centres_a_plaque(fujian_divisions):
    from directory.hours import Schedule
    from directory.models import OpeningPeriod, Plaque

    generate_demo_network()
    periods = OpeningPeriod.objects.count()
    county = ServicePoint.objects.filter(level="county").order_by("external_id").first()
    assert Schedule.for_point(county).weekly_text() == "周一至周五 8:30–12:00、14:30–17:30"
    assert Plaque.objects.filter(is_demo=True, service_point__level="county").count() == 3
    generate_demo_network()
    assert OpeningPeriod.objects.count() == periods
    assert Plaque.objects.count() == 3
