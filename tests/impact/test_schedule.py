import datetime

import pytest
from django.utils import timezone

from impact import quarters
from impact.snapshot import take_snapshot


def test_next_update_is_the_day_after_the_following_quarter_closes():
    assert quarters.next_update("2026Q3") == ("2026Q4", datetime.date(2027, 1, 1))
    assert quarters.next_update("2026Q4") == ("2027Q1", datetime.date(2027, 4, 1))


@pytest.mark.django_db
def test_impact_page_says_when_counted_what_it_covers_and_when_next(client, geography):
    snapshot, _ = take_snapshot(datetime.date(2026, 11, 20))
    html = client.get("/impact/").content.decode()
    # The page gives the date in the portal's time zone (Asia/Shanghai): from 16:00 UTC that is
    # already the next day, and the UTC date failed CI then.
    taken = timezone.localdate(snapshot.taken_at).isoformat()
    assert f"统计于 {taken}" in html
    assert "2026Q3（2026-07-01 至 2026-09-30）" in html
    assert "下一次更新将加入 2026Q4，于 2027-01-01 起发布" in html
    english = client.get("/en/impact/").content.decode()
    assert "The next update, adding 2026Q4, comes from 2027-01-01." in english


@pytest.mark.django_db
def test_impact_page_before_any_snapshot_says_figures_come_after_a_quarter(client):
    html = client.get("/en/impact/").content.decode()
    assert "Figures appear only after a quarter has closed" in html
