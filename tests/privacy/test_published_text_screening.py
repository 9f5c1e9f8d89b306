"""Published free text is screened for personal data (directory/privacy.py) wherever it is
written: an organisation's registration, a project listing, the directory admin, a story or news
page, a plaque, a directory import. Phones in five formats, an e-mail address and ID-card
numbers are refused with the field named, and never reach a page, the API, search or a CSV.
"""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from directory.importer import import_directory
from directory.models import Organization, Plaque, Project, ServicePoint
from directory.privacy import find_personal_data
from search import service
from tests.factories.content import make_news, make_story
from tests.factories.directory import (
    DivisionFactory,
    OrganizationFactory,
    ProjectFactory,
    ServicePointFactory,
)
from tests.factories.organizations import MembershipFactory
from tests.factories.volunteer import UserFactory, add_totp, make_id_number
from tests.privacy.scanner import crawl

pytestmark = pytest.mark.django_db

ID_NUMBER = make_id_number(datetime.date(1986, 11, 23), region="350429", sequence="217")
OLD_ID_NUMBER = "350429861123217"
PERSONAL = {
    "mobile with dots": "报名请联系 138.1234.5678 林老师",
    "mobile with spaces": "电话 138 1234 5678",
    "mobile, international": "+86 138-1234-5678 (微信同号)",
    "landline with area code": "(0591) 8765 4320",
    "mobile, plain": "13812345678",
    "e-mail": "联系人邮箱 lin.laoshi@163.com",
    "ID-card number": f"负责人身份证 {ID_NUMBER}",
    "old ID-card number": f"旧身份证 {OLD_ID_NUMBER}",
}
MOBILES = [v for k, v in PERSONAL.items() if k.startswith("mobile")]
# What must never appear in public output, as digits or as the address.
NEEDLES = ["13812345678", "87654320", "lin.laoshi@163.com", ID_NUMBER, OLD_ID_NUMBER]
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


# --- The detector ---------------------------------------------------------------------------


@pytest.mark.parametrize("text", PERSONAL.values(), ids=PERSONAL.keys())
def test_every_format_is_found(text):
    assert find_personal_data(text)


@pytest.mark.parametrize(
    "text",
    [
        "１３８１２３４５６７８",  # full-width digits
        '<p>请拨打 <a href="tel:13812345678">这里</a></p>',  # hidden in a link
        "<p>138<b>1234</b>5678</p>",  # split by markup
        "mailto:lin.laoshi%40163.com",
        ID_NUMBER.lower()[:-1] + ID_NUMBER[-1].lower(),
    ],
)
def test_disguised_personal_data_is_found(text):
    assert find_personal_data(text)


@pytest.mark.parametrize(
    "text",
    [
        "全国青少年服务台 12355",
        "2026年12月4日 9:00–11:00，每周六",
        "区划 350102001，坐标 26.06139,119.30611",
        "统一社会信用代码 52350000MJ0000001X",
        "闽民未保〔2021〕001号",
        "招收 40 名 8–14 岁儿童，费用 200 元",
        ID_NUMBER[:-1] + ("1" if ID_NUMBER[-1] != "1" else "2"),  # wrong check character
        "directory@fulei.example",  # the programme's own corrections address
    ],
)
def test_ordinary_public_text_is_not_taken_for_personal_data(text):
    assert find_personal_data(text) == []


def test_a_contact_field_takes_an_office_line_but_not_a_mobile():
    for office_line in ("0598-7831234", "(0591) 8765 4321", "400-123-4567"):
        assert find_personal_data(office_line, allow_office_lines=True) == []
    for mobile in MOBILES:
        assert find_personal_data(mobile, allow_office_lines=True)
    assert find_personal_data("office@163.com", allow_office_lines=True)


# --- Where it is applied ----------------------------------------------------------------------


@pytest.fixture
def county(db):
    city = DivisionFactory(code="350400", name="三明市", level="city")
    return DivisionFactory(code="350429", name="泰宁县", level="county", parent=city)


@pytest.fixture
def organization(county):
    return OrganizationFactory(name="泰宁县阳光社会工作服务中心", service_area=[county])


@pytest.fixture
def owner_client(organization):
    """The organisation's owner, in a browser of their own (tests also use ``client``)."""
    owner = Client()
    owner.force_login(MembershipFactory(organization=organization, owner=True).user)
    return owner


def _registration(county, n, **overrides):
    from stdnum.cn import uscc

    first17 = f"52350429MJ{n:07d}"
    data = {
        "name": f"泰宁县第{n}社会工作服务中心",
        "uscc": first17 + uscc.calc_check_digit(first17),
        "kind": "social_work_agency",
        "rating": "",
        "service_area": [county.pk],
        "contact_channel": "0598-7831234",
        "description": "为留守儿童提供社会工作服务。",
        "registration_certificate": SimpleUploadedFile("licence.pdf", PDF),
    }
    data.update(overrides)
    return data


def _listing(county, **overrides):
    data = {
        "title": "泰宁县周末课堂",
        "title_en": "",
        "category": "childrens_school",
        "summary": "周末课业辅导。",
        "divisions": [county.pk],
        "schedule": "每周六 9:00–11:00",
        "is_free": "on",
        "how_to_join": "到泰宁县未成年人保护中心报名，电话 0598-7831234。",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize("field", ["name", "description", "contact_channel"])
def test_registration_refuses_personal_data_naming_the_field(client, county, field):
    client.force_login(UserFactory())
    for n, text in enumerate(PERSONAL.values(), start=1):
        if field == "contact_channel" and text == PERSONAL["landline with area code"]:
            continue  # an office line is what the contact channel is for
        response = client.post(
            "/en/organizations/register/", _registration(county, n, **{field: text})
        )
        assert response.status_code == 400, text
        errors = response.context["form"].errors
        assert list(errors) == [field], text
        assert "This text is published" in errors[field][0]
    assert not Organization.objects.exists()


@pytest.mark.parametrize("field", ["title", "summary", "schedule", "how_to_join"])
def test_a_listing_refuses_personal_data_naming_the_field(
    owner_client, organization, county, field
):
    for text in PERSONAL.values():
        if field == "how_to_join" and text == PERSONAL["landline with area code"]:
            continue  # how to join may give the office line
        response = owner_client.post(
            f"/en/organizations/{organization.pk}/projects/new/",
            _listing(county, **{field: text}),
        )
        assert response.status_code == 400, text
        assert list(response.context["form"].errors) == [field], text
    assert not Project.objects.exists()


def test_published_text_has_length_limits(client, owner_client, organization, county):
    client.force_login(UserFactory())
    response = client.post(
        "/en/organizations/register/", _registration(county, 9, description="关爱" * 50_000)
    )
    assert response.status_code == 400
    assert "at most 2000 characters" in response.context["form"].errors["description"][0]
    response = owner_client.post(
        f"/en/organizations/{organization.pk}/projects/new/",
        _listing(county, summary="林" * 2001, how_to_join="林" * 501),
    )
    assert set(response.context["form"].errors) == {"summary", "how_to_join"}
    assert not Organization.objects.filter(description__startswith="关爱关爱").exists()
    assert not Project.objects.exists()


def test_the_directory_admin_refuses_personal_data_in_an_organisation(client, organization):
    staff = UserFactory(is_staff=True, is_superuser=True)
    add_totp(staff)
    client.force_login(staff)
    url = f"/admin/snippets/directory/organization/edit/{organization.pk}/"
    form = client.get(url).context["form"]
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data["service_area"] = [d.pk for d in organization.service_area.all()]
    data["description"] = PERSONAL["mobile with dots"]
    response = client.post(url, data)
    assert response.status_code == 200
    assert "description" in response.context["form"].errors
    organization.refresh_from_db()
    assert "138" not in organization.description


@pytest.mark.parametrize("maker", [make_story, make_news])
@pytest.mark.parametrize("text", PERSONAL.values(), ids=PERSONAL.keys())
def test_a_story_or_news_item_with_personal_data_cannot_be_saved(home_page, maker, text):
    with pytest.raises(ValidationError) as refused:
        maker(
            title="爱心妈妈的一天",
            body=[
                ("paragraph", "<p>孩子们在站里写作业。</p>"),
                ("quote", {"quote": f"有事找我：{text}", "attribution": "林阿姨"}),
            ],
        )
    assert set(refused.value.message_dict) == {"body"}
    with pytest.raises(ValidationError) as refused:
        maker(title="爱心妈妈的一天", intro=text[:300])
    assert set(refused.value.message_dict) == {"intro"}


def test_a_story_in_rich_text_with_a_phone_link_cannot_be_saved(home_page):
    with pytest.raises(ValidationError) as refused:
        make_story(body=[("paragraph", '<p>请<a href="tel:13812345678">致电</a></p>')])
    assert "body" in refused.value.message_dict


def test_a_plaque_refuses_personal_data_in_its_awarding_body(county):
    point = ServicePointFactory(level="county", division=county)
    plaque = Plaque(
        service_point=point,
        number="闽民未保〔2021〕001号",
        awarded_on=datetime.date(2021, 6, 1),
        awarding_body=f"福建省民政厅 经办人 {PERSONAL['mobile, plain']}",
    )
    with pytest.raises(ValidationError) as refused:
        plaque.full_clean()
    assert set(refused.value.message_dict) == {"awarding_body"}


def test_an_import_refuses_personal_data_in_free_text_columns(county):
    township = DivisionFactory(code="350429100", name="杉城镇", level="township", parent=county)
    header = "external_id,name,level,division_code,latitude,longitude,address,accessibility_notes"
    rows = [
        f"TN-1,杉城镇儿童关爱服务站,township,{township.code},26.9,117.17,杉城镇,"
        f"有坡道；联系 {PERSONAL['mobile with spaces']}",
        f"TN-2,杉城镇儿童之家,village,{township.code},26.9,117.17,杉城镇 {PERSONAL['e-mail']},",
        f"TN-3,杉城镇服务点 {ID_NUMBER},township,{township.code},26.9,117.17,杉城镇,",
        f"TN-4,杉城镇服务点,township,{township.code},26.9,117.17,杉城镇,{'林' * 1001}",
    ]
    content = ("\n".join([header, *rows]) + "\n").encode()
    report = import_directory("points.csv", content=content)
    problems = {(p.row, p.column) for p in report.problems}
    assert {(2, "accessibility_notes"), (3, "address"), (4, "name")} <= problems
    assert (5, "accessibility_notes") in problems
    assert "mobile phone number" in str(report.problems[0])
    assert not ServicePoint.objects.exists()


# --- Never published --------------------------------------------------------------------------


def test_seeded_personal_data_is_refused_everywhere_and_never_published(
    client, home_page, organization, owner_client, county
):
    """Every attempt above in one run, then the public output is crawled for the seeded values."""
    applicant = UserFactory()
    for n, text in enumerate(PERSONAL.values(), start=1):
        client.force_login(applicant)
        client.post(
            "/organizations/register/",
            _registration(county, n, description=text, contact_channel=text),
        )
        owner_client.post(
            f"/organizations/{organization.pk}/projects/new/",
            _listing(county, summary=text, schedule=text),
        )
        with pytest.raises(ValidationError):
            make_story(title=f"故事{n}", body=[("paragraph", f"<p>{text}</p>")])
    client.logout()
    ProjectFactory(organization=organization, title="泰宁县暑期夏令营", divisions=[county])
    make_story(title="爱心妈妈林阿姨的故事")
    service.rebuild()

    assert not Organization.objects.exclude(pk=organization.pk).exists()
    assert list(Project.objects.values_list("title", flat=True)) == ["泰宁县暑期夏令营"]
    report = crawl(
        client,
        start=[
            "/organizations/",
            f"/directory/organizations/{organization.pk}/",
            "/directory/projects/",
            "/api/v1/organizations/",
            "/api/v1/projects/",
            "/api/v1/search/?q=泰宁",
            "/api/v1/search/?q=13812345678",
            "/opendata/projects.csv",
            "/opendata/organizations.csv",
            "/stories/",
            "/stories/feed/",
        ],
    )
    assert report.hits == []
    assert not [url for url, status in report.pages.items() if status >= 500]
    served = []
    for url in report.pages:
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        served.append(body.decode("utf-8", "replace"))
    everything = "\n".join(served)
    assert "泰宁县暑期夏令营" in everything  # the crawl saw the real listing
    for needle in NEEDLES:
        assert needle not in everything
