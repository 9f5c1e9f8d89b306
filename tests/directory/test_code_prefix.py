"""The division-code prefix rule has one meaning everywhere: ``code`` without its zero padding,
group by group (province 2 digits, city 2, county 2, township 3, village 3)."""

import pytest

from directory.models import Division, Level, code_prefix
from organizations.forms import ListingForm
from tests.factories.directory import DivisionFactory, OrganizationFactory, ServicePointFactory


@pytest.mark.parametrize(
    ("code", "prefix"),
    [
        ("350000", "35"),  # the province: everything in Fujian
        ("350400", "3504"),  # a city: its counties 3504xx and their townships
        ("350100", "3501"),
        ("350429", "350429"),  # a county is its own prefix
        ("350429101", "350429101"),  # a township
        ("350102100", "350102100"),  # a township whose own number ends in 00 stays whole
        ("350429101200", "350429101200"),  # a village (its number 200 is no padding)
        ("350429101000", "350429101"),  # a township padded to 12 digits
        ("350400000000", "3504"),  # a city padded to 12 digits
        ("3504", "3504"),  # a prefix already
        ("3500", "35"),
        ("35", "35"),
        ("350", "350"),  # not on a group boundary: taken as given
    ],
)
def test_one_meaning_for_every_level(code, prefix):
    assert code_prefix(code) == prefix


@pytest.mark.django_db
def test_a_division_gives_its_prefix_and_it_selects_what_lies_inside():
    city = DivisionFactory(code="350400", level=Level.CITY)
    county = DivisionFactory(code="350429", level=Level.COUNTY, parent=city)
    township = DivisionFactory(code="350429101", level=Level.TOWNSHIP, parent=county)
    DivisionFactory(code="350500", level=Level.CITY)  # a neighbouring city, never inside
    inside = {d.code for d in Division.objects.filter(code__startswith=city.code_prefix())}
    assert inside == {"350400", "350429", "350429101"}
    assert county.code_prefix() == "350429"
    assert township.code_prefix() == "350429101"


@pytest.mark.django_db
def test_the_listing_form_offers_the_stations_of_a_city_served_and_no_other():
    """organizations/forms.py dropped "00" from any code before (a township numbered 100 then
    selected its whole city); it now reads the same prefix as the map and the API."""
    city = DivisionFactory(code="350400", level=Level.CITY)
    county = DivisionFactory(code="350429", level=Level.COUNTY, parent=city)
    township = DivisionFactory(code="350429100", level=Level.TOWNSHIP, parent=county)
    elsewhere = DivisionFactory(code="350500", level=Level.CITY)
    inside = ServicePointFactory(division=township)
    in_the_county = ServicePointFactory(division=county)
    outside = ServicePointFactory(division=elsewhere)

    offered = set(
        ListingForm(organization=OrganizationFactory(service_area=[city]))
        .fields["service_points"]
        .queryset
    )
    assert {inside, in_the_county} <= offered and outside not in offered

    offered = set(
        ListingForm(organization=OrganizationFactory(service_area=[township]))
        .fields["service_points"]
        .queryset
    )
    assert offered == {inside}
