"""The share of pairings meeting the cadence reaches the open CSVs when a county has enough
pairings on both sides of it (at least the threshold meeting and not meeting)."""

import csv
import datetime
import io

import pytest

from impact import quarters
from impact.snapshot import take_snapshot
from tests.factories.volunteer import ApprovedApplicationFactory, ContactFactory, PairingFactory

LATER = datetime.date.today() + datetime.timedelta(days=100)


def csv_rows(client, path: str) -> list[dict]:
    response = client.get(path)
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


@pytest.fixture
def jianning_pairings(geography):
    """Jianning at the end of the quarter the snapshot closes: 30 active pairings, 20 with a
    talk and a home visit that week (meeting the cadence), 10 with no contact for 200 days."""
    quarter = quarters.last_closed(LATER)
    _, end = quarters.bounds(quarter)
    county = geography["jianning"]
    for n in range(30):
        pairing = PairingFactory(
            application=ApprovedApplicationFactory(county=county, role="pairing"),
            started_on=end - datetime.timedelta(days=200),
        )
        if n < 20:
            for kind in ("talk", "home_visit"):
                ContactFactory(
                    pairing=pairing, contact_type=kind, occurred_on=end - datetime.timedelta(days=3)
                )
    take_snapshot(LATER)
    return quarter


def test_the_share_is_published_in_the_wide_and_the_tidy_csv(client, jianning_pairings):
    quarter = jianning_pairings
    wide = csv_rows(client, "/opendata/impact-statistics.csv")
    row = next(r for r in wide if r["region_code"] == "350430" and r["period"] == quarter)
    assert row["pairings_active"] == "30"
    assert row["cadence_share_percent"] == "70"  # 20 of 30, in steps of 10
    tidy = csv_rows(client, "/opendata/impact-measures.csv")
    share = next(
        r
        for r in tidy
        if r["region_code"] == "350430"
        and r["period"] == quarter
        and r["measure"] == "cadence_share_percent"
    )
    assert (share["value"], share["suppression"], share["unit"]) == ("70", "", "percent")


def test_the_share_is_withheld_when_fewer_than_ten_miss_the_cadence(client, geography):
    quarter = quarters.last_closed(LATER)
    _, end = quarters.bounds(quarter)
    for n in range(25):
        pairing = PairingFactory(
            application=ApprovedApplicationFactory(county=geography["jianning"], role="pairing"),
            started_on=end - datetime.timedelta(days=200),
        )
        if n < 20:  # 5 miss it: a small count the share would reveal
            for kind in ("talk", "home_visit"):
                ContactFactory(
                    pairing=pairing, contact_type=kind, occurred_on=end - datetime.timedelta(days=3)
                )
    take_snapshot(LATER)
    wide = csv_rows(client, "/opendata/impact-statistics.csv")
    row = next(r for r in wide if r["region_code"] == "350430" and r["period"] == quarter)
    assert row["cadence_share_percent"] == "x"
