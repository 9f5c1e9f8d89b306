import csv
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from directory.divisions import (
    DEFAULT_DIVISIONS_FILE,
    DivisionFileError,
    load_divisions,
    parse_divisions,
)
from directory.models import Division, Level
from directory.names import english_name

HEADER = ["code", "name", "level", "parent_code", "lon", "lat", "datum"]


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(rows)
    return path


def real_rows() -> list[list[str]]:
    with open(DEFAULT_DIVISIONS_FILE, encoding="utf-8") as handle:
        return [list(row.values()) for row in csv.DictReader(handle)]


@pytest.mark.django_db
def test_loads_every_fujian_division_with_its_level_and_parent(fujian_divisions):
    assert Division.objects.filter(level=Level.CITY).count() == 9
    assert Division.objects.filter(level=Level.COUNTY).count() == 84
    assert Division.objects.filter(level=Level.TOWNSHIP).count() == 1107
    taining = Division.objects.get(code="350429")
    assert taining.name == "泰宁县"
    assert taining.name_en == "Taining County"
    assert taining.parent.name == "三明市"
    assert not taining.location_approximate
    assert Division.objects.filter(parent=taining).count() > 0


@pytest.mark.django_db
def test_divisions_without_a_point_take_their_parents_point_and_are_marked(fujian_divisions):
    # 湖里区 has no point of its own in the source data.
    huli = Division.objects.get(code="350206")
    assert huli.location_approximate
    assert (huli.latitude, huli.longitude) == (huli.parent.latitude, huli.parent.longitude)
    assert Division.objects.filter(location_approximate=True).count() == 430
    assert not Division.objects.filter(location_approximate=False, latitude__isnull=True).exists()


@pytest.mark.django_db
def test_rerun_is_an_upsert_by_code(tmp_path, fujian_divisions):
    rows = real_rows()
    renamed = next(row for row in rows if row[0] == "350429")
    renamed[1] = "泰宁新县"
    result = load_divisions(write_csv(tmp_path / "d.csv", rows))
    assert (result.created, result.updated, result.unchanged) == (0, 1, 1199)
    assert Division.objects.count() == 1200
    assert Division.objects.get(code="350429").name == "泰宁新县"


@pytest.mark.django_db
def test_a_bad_file_is_reported_row_by_row_and_changes_nothing(tmp_path, fujian_divisions):
    before = list(Division.objects.order_by("code").values_list("code", "name", "latitude"))
    rows = real_rows()
    next(row for row in rows if row[0] == "350429")[1] = "改名不应生效"  # a valid change
    rows[2][5] = "abc"  # file row 4: latitude not a number
    rows[3][4] = "100.0"  # file row 5: longitude outside Fujian
    rows.append(["350999001", "幽灵镇", "township", "350999", "", "", "WGS-84"])  # unknown parent
    rows.append(["3501", "短码市", "city", "350000", "119.3", "26.0", "WGS-84"])  # bad code
    rows.append(rows[0][:])  # repeated code
    path = write_csv(tmp_path / "bad.csv", rows)

    with pytest.raises(DivisionFileError) as caught:
        load_divisions(path)

    problems = {(e.row, e.column) for e in caught.value.errors}
    last = len(rows) + 1
    assert (4, "lat") in problems
    assert (5, "lon") in problems
    assert (last - 2, "parent_code") in problems
    assert (last - 1, "code") in problems
    assert (last, "code") in problems
    after = list(Division.objects.order_by("code").values_list("code", "name", "latitude"))
    assert after == before


@pytest.mark.django_db
def test_missing_columns_and_non_csv_files_are_refused(tmp_path):
    path = tmp_path / "cols.csv"
    path.write_text("code,name\n350100,福州市\n", encoding="utf-8")
    with pytest.raises(DivisionFileError) as caught:
        parse_divisions(path)
    assert {e.column for e in caught.value.errors} == {"level", "parent_code", "lon", "lat"}

    binary = tmp_path / "binary.csv"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(DivisionFileError, match="not UTF-8"):
        parse_divisions(binary)
    assert not Division.objects.exists()


@pytest.mark.django_db
def test_command_reports_bad_rows_and_fails(tmp_path, capsys):
    path = write_csv(
        tmp_path / "bad.csv",
        [["350100", "福州市", "city", "350000", "119.3", "north", "WGS-84"]],
    )
    with pytest.raises(CommandError, match="no division was changed"):
        call_command("load_divisions", str(path))
    assert "row 2, column lat: 'north' is not a number" in capsys.readouterr().err
    assert not Division.objects.exists()


@pytest.mark.django_db
def test_dry_run_validates_without_writing(capsys):
    call_command("load_divisions", "--dry-run")
    assert "1200 rows are valid" in capsys.readouterr().out
    assert not Division.objects.exists()


@pytest.mark.django_db
def test_only_wgs84_coordinates_are_accepted(tmp_path):
    path = write_csv(
        tmp_path / "gcj.csv", [["350100", "福州市", "city", "350000", "119.3", "26.0", "GCJ-02"]]
    )
    with pytest.raises(DivisionFileError, match="only WGS-84"):
        load_divisions(path)


@pytest.mark.parametrize(
    ("chinese", "english"),
    [
        ("泰宁县", "Taining County"),
        ("沙县区", "Shaxian District"),
        ("厦门市", "Xiamen City"),
        ("杉城镇", "Shancheng Town"),
        ("鼓浪屿街道", "Gulangyu Subdistrict"),
    ],
)
def test_english_names(chinese, english):
    assert english_name(chinese) == english
