"""Hostile cells in the files staff load (hypothesis): the directory importer and the division
loader either load complete records or refuse the file with a row- and column-named problem and
change nothing; no other exception, on SQLite or PostgreSQL."""

import csv

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from directory.divisions import DivisionFileError, load_divisions
from directory.importer import ImportFileError, import_directory
from directory.models import DirectoryChange, Division, ServicePoint
from tests.factories.directory import DivisionFactory
from tests.hostile import hostile_text

pytestmark = pytest.mark.django_db

IMPORT_COLUMNS = [
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
DIVISION_COLUMNS = ["code", "name", "level", "parent_code", "lon", "lat", "datum"]


def write_csv(path, header, values: dict) -> None:
    # surrogatepass: a lone surrogate reaches the file as the invalid bytes a broken tool writes.
    with open(path, "w", encoding="utf-8", errors="surrogatepass", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerow([values.get(column, "") for column in header])


def counts() -> tuple[int, int, int]:
    return ServicePoint.objects.count(), DirectoryChange.objects.count(), Division.objects.count()


@pytest.fixture
def county(db):
    return DivisionFactory(code="350429", name="泰宁县", latitude=26.9, longitude=117.17)


@given(hostile=st.dictionaries(st.sampled_from(IMPORT_COLUMNS), hostile_text, min_size=1))
@example(hostile={"name": "张三\x00李四"})
def test_directory_import_is_all_or_nothing_under_hostile_cells(tmp_path, county, hostile):
    row = {
        "external_id": "tn-hostile",
        "name": "泰宁县未成年人救助保护中心",
        "level": "county",
        "division_code": "350429",
        "latitude": "26.9",
        "longitude": "117.17",
        "categories": "care_network",
        "opening_hours": "周一至周五 8:30-17:30",
        **hostile,
    }
    path = tmp_path / "points.csv"
    write_csv(path, IMPORT_COLUMNS, row)
    before = counts()
    try:
        report = import_directory(path)
    except ImportFileError as error:
        assert str(error)  # the file as a whole is unreadable, said in words
        assert counts() == before
        return
    if not report.ok:
        assert counts() == before
        assert all(problem.row == 2 and problem.column for problem in report.problems)
        return
    # Loaded: one complete public record (created, or updated by its external id).
    point = ServicePoint.objects.get(external_id=row["external_id"].strip())
    assert point.name and point.division_id and point.level
    assert point.latitude is not None and point.longitude is not None
    assert point.name == row["name"].strip()
    assert report.created + report.updated + report.unchanged == 1


@given(hostile=st.dictionaries(st.sampled_from(DIVISION_COLUMNS), hostile_text, min_size=1))
@example(hostile={"name": "测\x00试"})
def test_division_loader_is_all_or_nothing_under_hostile_cells(tmp_path, county, hostile):
    row = {
        "code": "350429199",
        "name": "测试乡",
        "level": "township",
        "parent_code": "350429",
        "lon": "117.1",
        "lat": "26.8",
        **hostile,
    }
    path = tmp_path / "divisions.csv"
    write_csv(path, DIVISION_COLUMNS, row)
    before = counts()
    try:
        result = load_divisions(path)
    except DivisionFileError as error:
        assert error.errors and all(str(problem) for problem in error.errors)
        assert counts() == before
        return
    division = Division.objects.get(code=row["code"].strip())
    assert division.name == row["name"].strip() and division.parent == county
    assert division.latitude is not None and division.longitude is not None
    assert result.created + result.updated + result.unchanged == 1


# Found by the properties above on PostgreSQL, which refuses NUL in text: the loader crashed
# with a DataError instead of naming the cell.
@pytest.mark.parametrize("column", ["name", "external_id", "opening_hours"])
def test_a_nul_in_an_imported_cell_is_a_named_problem(tmp_path, county, column):
    row = {
        "external_id": "tn-1",
        "name": "泰宁县未成年人救助保护中心",
        "level": "county",
        "division_code": "350429",
        "latitude": "26.9",
        "longitude": "117.17",
    }
    row[column] = (row.get(column) or "周一 8:30-17:30") + "\x00"
    path = tmp_path / "points.csv"
    write_csv(path, IMPORT_COLUMNS, row)
    before = counts()
    report = import_directory(path)
    assert not report.ok
    assert (2, column) in [(problem.row, problem.column) for problem in report.problems]
    assert any("U+0000" in str(problem) for problem in report.problems)
    assert counts() == before


def test_a_nul_in_a_division_name_is_a_named_problem(tmp_path, county):
    path = tmp_path / "divisions.csv"
    write_csv(
        path,
        DIVISION_COLUMNS,
        {"code": "350429199", "name": "测\x00试", "level": "township", "parent_code": "350429"},
    )
    before = counts()
    with pytest.raises(DivisionFileError) as raised:
        load_divisions(path)
    assert [(e.row, e.column) for e in raised.value.errors] == [(2, "name")]
    assert "U+0000" in str(raised.value.errors[0])
    assert counts() == before
