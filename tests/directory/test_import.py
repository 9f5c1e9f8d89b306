import csv
import io

import prcoords
import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from directory.importer import ImportFileError, import_directory
from directory.models import DirectoryChange, ServicePoint
from tests.factories.directory import DivisionFactory, OrganizationFactory

pytestmark = pytest.mark.django_db

HEADER = [
    "external_id",
    "name",
    "level",
    "division_code",
    "latitude",
    "longitude",
    "datum",
    "location_precision",
    "categories",
    "opening_hours",
    "organization_uscc",
    "is_public",
]


@pytest.fixture
def divisions():
    county = DivisionFactory(code="350429", name="泰宁县", latitude=26.9, longitude=117.17)
    township = DivisionFactory(
        code="350429100",
        name="杉城镇",
        level="township",
        parent=county,
        latitude=26.89,
        longitude=117.16,
    )
    return county, township


def row(**overrides):
    values = {
        "external_id": "tn-001",
        "name": "泰宁县未成年人救助保护中心",
        "level": "county",
        "division_code": "350429",
        "latitude": "26.9",
        "longitude": "117.17",
        "datum": "",
        "location_precision": "",
        "categories": "care_network,legal_aid",
        "opening_hours": "周一至周五 8:30-17:30",
        "organization_uscc": "",
        "is_public": "",
    }
    values.update(overrides)
    return values


def write_csv(tmp_path, rows, name="points.csv", header=HEADER):
    path = tmp_path / name
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for values in rows:
            writer.writerow([values.get(column, "") for column in header])
    return path


def test_a_valid_file_creates_points_with_services_and_hours(tmp_path, divisions):
    path = write_csv(
        tmp_path,
        [
            row(),
            row(
                external_id="tn-002",
                name="杉城镇儿童关爱服务站",
                level="township",
                division_code="350429100",
            ),
        ],
    )
    report = import_directory(path)
    assert report.ok and (report.created, report.updated) == (2, 0)
    point = ServicePoint.objects.get(external_id="tn-001")
    assert set(point.categories.values_list("code", flat=True)) == {"care_network", "legal_aid"}
    assert point.opening_periods.count() == 5
    assert DirectoryChange.objects.filter(source="import", action="created").count() == 2


def test_reimporting_updates_by_external_id_and_leaves_unchanged_rows_alone(tmp_path, divisions):
    import_directory(write_csv(tmp_path, [row(), row(external_id="tn-002")]))
    DirectoryChange.objects.all().delete()
    path = write_csv(
        tmp_path,
        [row(name="新名称", opening_hours="周一至周六 9:00-17:00"), row(external_id="tn-002")],
    )
    report = import_directory(path)
    assert (report.created, report.updated, report.unchanged) == (0, 1, 1)
    point = ServicePoint.objects.get(external_id="tn-001")
    assert point.name == "新名称" and point.opening_periods.count() == 6
    assert ServicePoint.objects.count() == 2
    fields = [c.changed_fields for c in DirectoryChange.objects.all()]
    assert {"name": ["泰宁县未成年人救助保护中心", "新名称"]} in fields
    assert any("opening_periods" in f for f in fields)


def test_a_dry_run_reports_and_writes_nothing(tmp_path, divisions):
    report = import_directory(write_csv(tmp_path, [row()]), dry_run=True)
    assert report.ok and report.rows == 1
    assert not ServicePoint.objects.exists()


def test_one_bad_row_means_nothing_is_written(tmp_path, divisions):
    rows = [row(external_id=f"tn-{i:03d}") for i in range(5)] + [
        row(external_id="bad", latitude="x")
    ]
    report = import_directory(write_csv(tmp_path, rows))
    assert not report.ok
    assert [(p.row, p.column) for p in report.problems] == [(7, "latitude")]
    assert not ServicePoint.objects.exists() and not DirectoryChange.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "column", "message"),
    [
        ({"name": ""}, "name", "required"),
        ({"external_id": "x" * 65}, "external_id", "longer than 64"),
        ({"level": "province"}, "level", "unknown level"),
        ({"division_code": "110101"}, "division_code", "no division has the code"),
        ({"longitude": "east"}, "longitude", "is not a number"),
        ({"latitude": "39.9", "longitude": "116.4"}, "latitude", "outside Fujian"),
        ({"longitude": "26.9", "latitude": "117.17"}, "latitude", "not swapped"),
        ({"datum": "mercator"}, "datum", "unknown coordinate system"),
        ({"location_precision": "street"}, "location_precision", "unknown precision"),
        ({"location_precision": "township"}, "location_precision", "needs a township"),
        ({"categories": "care_network,football"}, "categories", "football"),
        ({"opening_hours": "全天"}, "opening_hours", "expected days then times"),
        ({"organization_uscc": "91110000600037341L"}, "organization_uscc", "no organisation"),
        ({"is_public": "maybe"}, "is_public", "is not yes or no"),
    ],
)
def test_every_kind_of_problem_is_reported_with_row_and_column(
    tmp_path, divisions, overrides, column, message
):
    report = import_directory(
        write_csv(tmp_path, [row(), row(**{"external_id": "tn-9", **overrides})])
    )
    assert {p.row for p in report.problems} == {3}
    assert column in [p.column for p in report.problems]
    assert message in next(p.message for p in report.problems if p.column == column)
    assert not ServicePoint.objects.exists()


def test_a_bad_date_and_a_duplicate_id_are_reported(tmp_path, divisions):
    header = [*HEADER, "last_verified"]
    path = write_csv(tmp_path, [row(), row(last_verified="2026-13-01")], header=header)
    problems = {(p.row, p.column) for p in import_directory(path).problems}
    assert problems == {(3, "last_verified"), (3, "external_id")}


def test_file_level_problems(tmp_path, divisions):
    with pytest.raises(ImportFileError, match="missing column"):
        import_directory(write_csv(tmp_path, [row()], header=HEADER[:3]))
    with pytest.raises(ImportFileError, match="unknown column.*colour"):
        import_directory(write_csv(tmp_path, [row()], header=[*HEADER, "colour"]))
    with pytest.raises(ImportFileError, match=".csv or .xlsx"):
        import_directory(tmp_path / "points.txt")
    latin = tmp_path / "latin.csv"
    latin.write_bytes(",".join(HEADER).encode() + "\n1,\xe9".encode("latin-1"))
    with pytest.raises(ImportFileError, match="UTF-8"):
        import_directory(latin)


def test_gcj02_and_bd09_coordinates_are_converted(tmp_path, divisions):
    gcj = prcoords.wgs_gcj(prcoords.Coords(26.9, 117.17))
    bd = prcoords.wgs_bd(prcoords.Coords(26.91, 117.18))
    path = write_csv(
        tmp_path,
        [
            row(latitude=str(gcj.lat), longitude=str(gcj.lon), datum="GCJ-02"),
            row(external_id="tn-2", latitude=str(bd.lat), longitude=str(bd.lon), datum="百度"),
        ],
    )
    assert import_directory(path).ok
    a, b = ServicePoint.objects.order_by("external_id")
    assert (a.latitude, a.longitude) == pytest.approx((26.9, 117.17), abs=2e-6)
    assert (b.latitude, b.longitude) == pytest.approx((26.91, 117.18), abs=2e-6)


def test_xlsx_with_chinese_headers_and_an_organisation(tmp_path, divisions):
    organization = OrganizationFactory()
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["编号", "名称", "层级", "区划代码", "纬度", "经度", "责任机构代码", "公开"])
    sheet.append(
        ["tn-x", "泰宁县儿童之家", "儿童之家", 350429100, 26.89, 117.16, organization.uscc, "否"]
    )
    path = tmp_path / "points.xlsx"
    workbook.save(path)
    report = import_directory(path)
    assert report.ok, report.problems
    point = ServicePoint.objects.get(external_id="tn-x")
    assert point.level == "village" and point.division.code == "350429100"
    assert point.responsible_organization == organization and not point.is_public


def test_the_command_prints_the_report_and_fails_on_problems(tmp_path, divisions):
    out = io.StringIO()
    call_command("import_directory", str(write_csv(tmp_path, [row()])), "--dry-run", stdout=out)
    assert "1 row(s) are valid; dry run" in out.getvalue()
    assert not ServicePoint.objects.exists()
    bad = write_csv(tmp_path, [row(level="")], name="bad.csv")
    out = io.StringIO()
    with pytest.raises(CommandError, match="nothing was written"):
        call_command("import_directory", str(bad), stdout=out)
    assert "row 2, column level: required" in out.getvalue()
    call_command("import_directory", str(write_csv(tmp_path, [row()])), stdout=out)
    assert "1 created" in out.getvalue()
