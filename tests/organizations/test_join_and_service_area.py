"""An unverified organisation's name stays private at /organizations/<id>/join/, and a listing
names only places inside its organisation's service area."""

import pytest

from directory.models import Project
from organizations.models import JoinRequest
from tests.factories.directory import OrganizationFactory
from tests.factories.organizations import MembershipFactory
from tests.factories.volunteer import UserFactory

from .conftest import make_uscc
from .test_listings import listing
from .test_registration import form_data

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("trait", ["pending", "rejected", "hidden", "stale"])
def test_a_signed_in_stranger_cannot_read_an_unlisted_organisations_name(client, county, trait):
    unlisted = OrganizationFactory(
        name="待审核的泰宁县社工机构", service_area=[county], **{trait: True}
    )
    client.force_login(UserFactory())
    for url in (f"/organizations/{unlisted.pk}/join/", f"/en/organizations/{unlisted.pk}/join/"):
        response = client.get(url)
        assert response.status_code == 404
        assert "待审核的泰宁县社工机构" not in response.content.decode()
    response = client.post(f"/organizations/{unlisted.pk}/join/", {"message": "hi"})
    assert response.status_code == 404
    assert not JoinRequest.objects.exists()
    # Same answer as an id that does not exist, and a forged link opens nothing.
    assert client.get(f"/organizations/{unlisted.pk + 1000}/join/").status_code == 404
    assert client.get(f"/organizations/{unlisted.pk}/join/?link=forged").status_code == 404


def test_a_public_organisations_join_page_still_names_it(client, organization):
    client.force_login(UserFactory())
    response = client.get(f"/en/organizations/{organization.pk}/join/")
    assert response.status_code == 200
    assert organization.name in response.content.decode()


def test_typing_an_unlisted_organisations_uscc_gives_a_working_join_link(client, county):
    unlisted = OrganizationFactory(pending=True, uscc=make_uscc(7), service_area=[county])
    MembershipFactory(organization=unlisted, owner=True)
    client.force_login(UserFactory())
    response = client.post("/en/organizations/register/", form_data(county, uscc=make_uscc(7)))
    assert response.status_code == 400
    link = response.context["join_url"]
    assert link.startswith(f"/en/organizations/{unlisted.pk}/join/?link=")
    assert client.get(link).status_code == 200
    assert client.post(link, {"message": "我是中心的社工"}).status_code == 302
    assert JoinRequest.objects.filter(organization=unlisted).exists()
    # The link opens only its own organisation.
    other = OrganizationFactory(pending=True, service_area=[county])
    token = link.split("?", 1)[1]
    assert client.get(f"/en/organizations/{other.pk}/join/?{token}").status_code == 404


def test_members_and_staff_still_reach_an_unlisted_organisations_join_page(client, county):
    unlisted = OrganizationFactory(pending=True, service_area=[county])
    member = MembershipFactory(organization=unlisted).user
    client.force_login(member)
    assert client.get(f"/organizations/{unlisted.pk}/join/").status_code == 200
    client.force_login(UserFactory(is_staff=True))
    assert client.get(f"/organizations/{unlisted.pk}/join/").status_code == 200


def test_a_listing_cannot_name_a_place_outside_the_service_area(
    owner_client, organization, county, other_county
):
    url = f"/en/organizations/{organization.pk}/projects/new/"
    form = owner_client.get(url).context["form"]
    offered = {str(value) for value, _ in form.fields["divisions"].widget.choices}
    assert str(county.pk) in offered
    assert str(other_county.pk) not in offered and str(other_county.parent.pk) not in offered

    for outside in ([other_county.pk], [county.pk, other_county.parent.pk]):
        response = owner_client.post(url, listing(county, divisions=outside))
        assert response.status_code == 400
        errors = response.context["form"].errors
        assert list(errors) == ["divisions"]
        assert "Outside your organisation's service area" in errors["divisions"][0]
    # The error names the place, in the page's language.
    chinese = owner_client.post(
        url.removeprefix("/en"), listing(county, divisions=[other_county.pk])
    )
    assert "超出贵机构的服务区域：鼓楼区" in chinese.context["form"].errors["divisions"][0]
    assert not Project.objects.exists()

    assert owner_client.post(url, listing(county)).status_code == 302


def test_a_city_wide_organisation_may_name_its_counties(client, city, county):
    organization = OrganizationFactory(service_area=[city])
    client.force_login(MembershipFactory(organization=organization, owner=True).user)
    response = client.post(
        f"/en/organizations/{organization.pk}/projects/new/",
        listing(county, divisions=[city.pk, county.pk]),
    )
    assert response.status_code == 302
    assert set(Project.objects.get().divisions.all()) == {city, county}
