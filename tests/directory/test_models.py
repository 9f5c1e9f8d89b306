from datetime import date, time

import pytest
from django.core.exceptions import ValidationError

from directory.models import (
    Closure,
    LocationPrecision,
    OpeningPeriod,
    ServiceLevel,
    Session,
)
from tests.factories.directory import (
    DivisionFactory,
    OrganizationFactory,
    PlaqueFactory,
    ServicePointFactory,
)


@pytest.mark.django_db
def test_exact_points_are_published_where_they_are():
    point = ServicePointFactory(latitude=26.1, longitude=118.1)
    assert point.public_location() == (26.1, 118.1)


@pytest.mark.django_db
def test_township_precision_points_publish_the_township_centre_only():
    township = DivisionFactory(code="350429101", level="township", latitude=26.9, longitude=117.2)
    point = ServicePointFactory(
        division=township,
        latitude=26.95,
        longitude=117.25,
        location_precision=LocationPrecision.TOWNSHIP,
    )
    assert point.public_location() == (26.9, 117.2)


def test_bilingual_names_fall_back_to_chinese():
    point = ServicePointFactory.build(name="泰宁县儿童之家", name_en="")
    assert point.display_name("en") == "泰宁县儿童之家"
    point.name_en = "Taining Children's Home"
    assert point.display_name("en") == "Taining Children's Home"
    assert point.display_name("zh-hans") == "泰宁县儿童之家"


@pytest.mark.django_db
def test_township_precision_needs_a_township_division():
    county = DivisionFactory(code="350429", level="county")
    point = ServicePointFactory.build(
        division=county, location_precision=LocationPrecision.TOWNSHIP
    )
    with pytest.raises(ValidationError) as error:
        point.full_clean()
    assert "division" in error.value.message_dict


def test_opening_periods_cannot_be_empty_and_closures_cannot_run_backwards():
    with pytest.raises(ValidationError) as error:
        OpeningPeriod(weekday=0, opens=time(9), closes=time(9)).clean()
    assert "closes" in error.value.message_dict
    OpeningPeriod(weekday=0, opens=time(20), closes=time(8)).clean()  # overnight is fine
    with pytest.raises(ValidationError) as error:
        Closure(start_date=date(2026, 10, 7), end_date=date(2026, 10, 1)).clean()
    assert "end_date" in error.value.message_dict
    with pytest.raises(ValidationError):
        Session(
            start_date=date(2026, 7, 2), end_date=date(2026, 7, 1), opens=time(8), closes=time(9)
        ).clean()


@pytest.mark.django_db
def test_plaques_go_to_county_guidance_centres_only():
    plaque = PlaqueFactory()
    assert plaque.service_point.plaque == plaque
    station = ServicePointFactory(level=ServiceLevel.TOWNSHIP)
    with pytest.raises(ValidationError) as error:
        PlaqueFactory.build(service_point=station).clean()
    assert "service_point" in error.value.message_dict


@pytest.mark.django_db
def test_factory_organisations_have_valid_codes():
    from stdnum.cn import uscc

    assert uscc.is_valid(OrganizationFactory().uscc)
