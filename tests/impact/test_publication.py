"""Snapshots, the /impact/ page, the API, the CSV: scrubbed numbers from real records."""

import datetime
import json
import re

import pytest
from django.core.management import call_command

from impact.models import ImpactSnapshot
from impact.snapshot import take_snapshot
from tests.factories.directory import OrganizationFactory, ServicePointFactory
from tests.factories.volunteer import ApprovedApplicationFactory, ContactFactory, PairingFactory

D = datetime.date
# The factories date approvals, pairings and contacts around the real today; the snapshots
# below are taken "later", once the quarter holding today has closed.
LATER = datetime.date.today() + datetime.timedelta(days=100)


@pytest.fixture
def records(geography):
    """Taining: 3 pairings (a small count) with 3 talks and a note; Jianning: 25 pairings."""
    taining, jianning = geography["taining"], geography["jianning"]
    for _ in range(3):
        item = PairingFactory(application=ApprovedApplicationFactory(county=taining))
        ContactFactory(pairing=item, note="孩子的秘密笔记")
    for _ in range(25):
        PairingFactory(application=ApprovedApplicationFactory(county=jianning, role="pairing"))
    for _ in range(12):
        ServicePointFactory(division=jianning)
    OrganizationFactory(service_area=[taining])
    OrganizationFactory(service_area=[geography["sanming"]], hidden=True)


def ints_between(value, low, high):
    """Every integer within [low, high] found anywhere in a JSON document."""
    found = []
    if isinstance(value, bool):
        return found
    if isinstance(value, int) and low <= value <= high:
        found.append(value)
    elif isinstance(value, dict):
        for item in value.values():
            found += ints_between(item, low, high)
    elif isinstance(value, list):
        for item in value:
            found += ints_between(item, low, high)
    return found


def test_snapshot_is_cron_safe(records):
    first, created = take_snapshot(LATER)
    again, created_again = take_snapshot(LATER)
    assert created and not created_again
    assert again.pk == first.pk
    assert ImpactSnapshot.objects.count() == 1
    call_command("snapshot_impact", "--today", LATER.isoformat(), stdout=_Sink())
    assert ImpactSnapshot.objects.count() == 1


def test_api_carries_no_value_between_one_and_the_threshold(client, records):
    take_snapshot(LATER)
    body = client.get("/api/v1/stats/impact/").json()
    values = [row["values"] for row in body["results"]]
    assert ints_between(values, 1, 9) == []
    latest = body["snapshot"]["through_quarter"]
    row = {(r["region"]["code"], r["period"]): r for r in body["results"]}
    taining = row["350429", latest]
    assert taining["values"]["pairings_active"] == "<10"
    jianning = row["350430", latest]
    assert jianning["values"]["pairings_active"] == "x"  # the complement of Taining's 3
    assert jianning["values"]["volunteers_pairing"] == 25
    assert jianning["values"]["service_points_township"] == 10  # 12 rounded
    # The hidden organisation is not counted; one public one is a small count.
    assert taining["values"]["organizations"] == "<10"
    assert "秘密" not in json.dumps(body, ensure_ascii=False)


def test_api_filters_and_errors(client, records):
    take_snapshot(LATER)
    body = client.get("/api/v1/stats/impact/", {"level": "city"}).json()
    assert {r["region"]["level"] for r in body["results"]} == {"city"}
    response = client.get("/api/v1/stats/impact/", {"level": "village"})
    assert response.status_code == 400
    assert response.json()["error"]["field"] == "level"
    response = client.get("/api/v1/stats/impact/", {"period": "2026-Q9"})
    assert response.status_code == 400
    assert response.json()["error"]["field"] == "period"


def test_api_without_a_snapshot_is_empty_not_an_error(client, geography):
    body = client.get("/api/v1/stats/impact/").json()
    assert body["count"] == 0
    assert body["snapshot"] is None
    # The schema must allow what is sent before the first snapshot (schemathesis found it).
    assert (body["threshold"], body["rounding"]) == (None, None)
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    fields = schema["components"]["schemas"]["ImpactStatistics"]["properties"]
    assert fields["threshold"].get("nullable") and fields["rounding"].get("nullable")


def test_schema_describes_the_endpoint(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").content.decode()
    assert "/api/v1/stats/impact/" in schema


def test_page_carries_no_value_between_one_and_the_threshold(client, records):
    take_snapshot(LATER)
    for url in ("/impact/", "/en/impact/"):
        response = client.get(url)
        assert response.status_code == 200
        html = response.content.decode()
        cells = re.findall(r"<td>([^<]*)</td>", html)
        titles = re.findall(r"<title>[^<:]*: ([^<]*)</title>", html)
        assert cells and titles
        for text in cells + titles:
            number = text.strip().rstrip("%")
            assert not (number.isdigit() and 1 <= int(number) <= 9), (url, text)
        assert "&lt;10" in html
        assert "秘密" not in html
        # Charts are inline SVG with a table alternative; no inline script or style.
        assert 'role="img"' in html and "<details" in html
        assert "<script>" not in html and 'style="' not in html


def test_page_options_work_without_javascript(client, records):
    take_snapshot(LATER)
    response = client.get("/impact/", {"measure": "volunteers_pairing", "region": "350400"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="volunteers_pairing" selected' in html
    # The map and the trend show the chosen figure, the trend for the chosen city.
    assert re.search(r'<h2 id="map-title">[^<]*已批准的结对帮扶志愿者', html)
    assert re.search(r'<h2 id="trend-title">三明市', html)
    response = client.get("/impact/", {"measure": "nonsense"})
    assert response.status_code == 200  # falls back to the default figure


def test_csv_in_the_catalogue(client, records):
    take_snapshot(LATER)
    response = client.get("/opendata/impact-statistics.csv")
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeffregion_code,")
    assert "<10" in body and "秘密" not in body
    rows = [line.split(",") for line in body.splitlines()[1:]]
    numbers = [int(c) for row in rows for c in row[6:] if c.isdigit()]
    assert not [n for n in numbers if 1 <= n <= 9]
    catalogue = client.get("/opendata/catalog.jsonld").json()
    assert "impact-statistics" in {d["dct:identifier"] for d in catalogue["dcat:dataset"]}


def test_two_downloads_at_different_moments_cannot_be_subtracted(client, geography):
    taining = geography["taining"]
    pairings = [
        PairingFactory(application=ApprovedApplicationFactory(county=taining)) for _ in range(20)
    ]
    take_snapshot(LATER)
    before = client.get("/api/v1/stats/impact/", {"region": "350429"}).json()
    # One more talk in the quarter already published, logged late ...
    ContactFactory(pairing=pairings[0], contact_type="talk")
    # ... then a later snapshot, a quarter on: the published quarter has not moved.
    take_snapshot(LATER + datetime.timedelta(days=92))
    after = client.get("/api/v1/stats/impact/", {"region": "350429"}).json()
    assert after["snapshot"]["through_quarter"] > before["snapshot"]["through_quarter"]
    old = {r["period"]: r["values"] for r in before["results"]}
    new = {r["period"]: r["values"] for r in after["results"]}
    assert all(new[period] == values for period, values in old.items())


class _Sink:
    def write(self, text):
        pass

    def flush(self):
        pass
