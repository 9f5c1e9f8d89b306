"""The impact statistics in tidy form, checked with frictionless against the Data Package's
Table Schema, and the impact API's conditional GET."""

import csv
import io
import json

from frictionless import Package, system

from impact.snapshot import take_snapshot
from tests.impact.test_publication import LATER, records  # noqa: F401 (fixture)


def download(client, path: str) -> bytes:
    response = client.get(path)
    assert response.status_code == 200, path
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_tidy_csv_keeps_numbers_numeric_and_says_why_a_value_is_missing(client, records):  # noqa: F811
    take_snapshot(LATER)
    text = download(client, "/opendata/impact-measures.csv").decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows
    for row in rows:
        if row["suppression"]:
            assert row["value"] == "" and row["suppression"] in {"below_threshold", "withheld"}
        else:
            assert float(row["value"]) >= 0
        assert row["period_type"] == ("quarter" if "Q" in row["period"] else "year")
    assert any(r["suppression"] == "below_threshold" for r in rows)
    assert "<10" not in text


def test_data_package_validates_with_frictionless(client, records, tmp_path):  # noqa: F811
    take_snapshot(LATER)
    descriptor = json.loads(download(client, "/opendata/datapackage.json"))
    names = {r["name"] for r in descriptor["resources"]}
    assert {"service-points", "organizations", "projects", "divisions"} <= names
    assert {"impact-statistics", "impact-measures"} <= names
    for resource in descriptor["resources"]:
        (tmp_path / resource["path"]).write_bytes(download(client, f"/opendata/{resource['path']}"))
    (tmp_path / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    with system.use_context(trusted=True):
        report = Package(str(tmp_path / "datapackage.json")).validate()
    assert report.valid, report.flatten(["resourceName", "rowNumber", "fieldName", "type", "note"])
    # frictionless reads the values of the tidy table as numbers.
    tidy = next(r for r in descriptor["resources"] if r["name"] == "impact-measures")
    assert {f["name"]: f["type"] for f in tidy["schema"]["fields"]}["value"] == "number"


def test_impact_api_answers_304_until_a_new_snapshot(client, records):  # noqa: F811
    take_snapshot(LATER)
    url = "/api/v1/stats/impact/?level=county"
    first = client.get(url)
    assert first["ETag"] and first["Last-Modified"]
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304
    other = client.get("/api/v1/stats/impact/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert other.status_code == 200  # another query is another resource
