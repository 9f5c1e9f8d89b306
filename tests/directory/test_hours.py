from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from directory.hours import (
    Closure,
    DatedSession,
    HoursSyntaxError,
    Period,
    Schedule,
    format_date_range,
    parse_weekly,
    render_weekly,
)
from tests.factories.directory import ServicePointFactory

BEIJING = ZoneInfo("Asia/Shanghai")
MON, TUE, WED, THU, FRI, SAT, SUN = range(7)


def at(text: str, tz=BEIJING) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=tz)


def office_hours(days=range(MON, SAT)):
    return [
        p
        for d in days
        for p in (Period(d, time(8, 30), time(12)), Period(d, time(14), time(17, 30)))
    ]


def test_weekdays_with_the_same_hours_are_merged_into_a_range():
    periods = [Period(d, time(8, 30), time(17, 30)) for d in range(MON, SAT)]
    assert render_weekly(periods) == "周一至周五 8:30–17:30"
    assert render_weekly(periods, "en") == "Mon–Fri 8:30–17:30"


def test_several_periods_per_day_and_a_different_saturday():
    periods = office_hours() + [Period(SAT, time(9), time(12))]
    assert render_weekly(periods) == "周一至周五 8:30–12:00、14:00–17:30；周六 9:00–12:00"
    assert render_weekly(periods, "en") == "Mon–Fri 8:30–12:00, 14:00–17:30; Sat 9:00–12:00"


def test_days_that_are_not_consecutive_are_listed():
    periods = [Period(d, time(9), time(11)) for d in (MON, WED, FRI)]
    assert render_weekly(periods) == "周一、周三、周五 9:00–11:00"


def test_two_runs_with_the_same_hours_share_one_group():
    periods = [Period(d, time(9), time(17)) for d in (MON, TUE, WED, FRI, SAT, SUN)]
    assert render_weekly(periods) == "周一至周三、周五至周日 9:00–17:00"


def test_a_night_period_is_written_as_ending_the_next_day():
    assert render_weekly([Period(SAT, time(20), time(8))]) == "周六 20:00–次日8:00"
    assert render_weekly([Period(SAT, time(20), time(8))], "en") == "Sat 20:00–8:00 (next day)"


def test_no_periods_render_as_nothing():
    assert render_weekly([]) == ""


def test_open_within_a_period_and_closed_at_lunch():
    schedule = Schedule(periods=office_hours())
    # 2026-11-30 is a Monday.
    assert schedule.is_open(at("2026-11-30T08:30"))
    assert schedule.is_open(at("2026-11-30T11:59"))
    assert not schedule.is_open(at("2026-11-30T12:00"))
    assert not schedule.is_open(at("2026-11-30T13:00"))
    assert not schedule.is_open(at("2026-12-05T10:00"))  # Saturday


def test_open_now_is_computed_in_beijing_time_whatever_the_input_zone():
    schedule = Schedule(periods=office_hours())
    # 01:00 UTC on Monday is 09:00 in Beijing.
    assert schedule.is_open(at("2026-11-30T01:00", tz=ZoneInfo("UTC")))
    # 09:00 UTC on Monday is 17:00 in Beijing: still open; 10:00 UTC is 18:00: closed.
    assert schedule.is_open(at("2026-11-30T09:00", tz=ZoneInfo("UTC")))
    assert not schedule.is_open(at("2026-11-30T10:00", tz=ZoneInfo("UTC")))


def test_a_period_across_midnight_is_open_on_both_sides_and_belongs_to_its_start_day():
    schedule = Schedule(periods=[Period(SAT, time(20), time(8))])
    assert not schedule.is_open(at("2026-12-05T19:59"))  # Saturday evening
    assert schedule.is_open(at("2026-12-05T23:30"))
    assert schedule.is_open(at("2026-12-06T00:00"))  # Sunday after midnight
    assert schedule.is_open(at("2026-12-06T07:59"))
    assert not schedule.is_open(at("2026-12-06T08:00"))
    assert not schedule.is_open(at("2026-12-06T21:00"))  # Sunday evening: no period
    # Friday-night-to-Saturday is not covered: the period starts on Saturday only.
    assert not schedule.is_open(at("2026-12-05T02:00"))


def test_a_sunday_night_period_runs_into_monday():
    schedule = Schedule(periods=[Period(SUN, time(22), time(6))])
    assert schedule.is_open(at("2026-11-30T05:00"))  # Monday morning


def test_a_period_closing_at_midnight_ends_at_midnight():
    schedule = Schedule(periods=[Period(FRI, time(18), time(0))])
    assert schedule.is_open(at("2026-12-04T23:59"))
    assert not schedule.is_open(at("2026-12-05T00:00"))
    assert render_weekly(schedule.periods) == "周五 18:00–次日0:00"


def test_a_holiday_closure_cancels_weekly_hours_on_its_days_only():
    schedule = Schedule(
        periods=office_hours(range(7)),
        closures=[Closure(date(2026, 10, 1), date(2026, 10, 7), "国庆节")],
    )
    assert not schedule.is_open(at("2026-10-01T09:00"))
    assert not schedule.is_open(at("2026-10-07T15:00"))
    assert schedule.is_open(at("2026-09-30T09:00"))
    assert schedule.is_open(at("2026-10-08T09:00"))


def test_a_night_period_begun_before_a_closure_runs_to_its_end():
    schedule = Schedule(
        periods=[Period(d, time(20), time(8)) for d in range(7)],
        closures=[Closure(date(2026, 10, 1), date(2026, 10, 1))],
    )
    assert schedule.is_open(at("2026-10-01T07:00"))  # from the evening of 30 September
    assert not schedule.is_open(at("2026-10-01T21:00"))  # 1 October's own night is closed
    assert not schedule.is_open(at("2026-10-02T07:00"))
    assert schedule.is_open(at("2026-10-02T21:00"))


def test_dated_sessions_open_on_their_dates_even_during_a_closure():
    schedule = Schedule(
        periods=office_hours(),
        closures=[Closure(date(2026, 7, 1), date(2026, 8, 31), "暑假")],
        sessions=[DatedSession(date(2026, 7, 13), date(2026, 7, 24), time(8), time(16), "夏令营")],
    )
    assert not schedule.is_open(at("2026-07-10T09:00"))  # closed for summer, before the camp
    assert schedule.is_open(at("2026-07-13T08:00"))
    assert schedule.is_open(at("2026-07-18T15:00"))  # a Saturday inside the camp
    assert not schedule.is_open(at("2026-07-18T16:00"))
    assert not schedule.is_open(at("2026-07-25T09:00"))


def test_an_overnight_session_runs_into_the_day_after_its_last_day():
    schedule = Schedule(
        sessions=[DatedSession(date(2026, 8, 1), date(2026, 8, 2), time(19), time(7), "夜间营")]
    )
    assert schedule.is_open(at("2026-08-03T06:00"))
    assert not schedule.is_open(at("2026-08-03T19:30"))


def test_a_schedule_without_hours_is_unknown_rather_than_closed():
    assert not Schedule().is_known
    assert Schedule(periods=[Period(MON, time(9), time(10))]).is_known


def test_upcoming_closures_and_sessions_leave_out_past_ones():
    past, future = (
        Closure(date(2026, 1, 1), date(2026, 1, 3)),
        Closure(date(2026, 10, 1), date(2026, 10, 7)),
    )
    schedule = Schedule(closures=[future, past])
    assert schedule.upcoming_closures(date(2026, 6, 1)) == [future]


def test_date_ranges_in_chinese_and_english():
    assert format_date_range(date(2026, 10, 1), date(2026, 10, 7)) == "2026年10月1日至10月7日"
    assert format_date_range(date(2026, 12, 30), date(2027, 1, 2)) == "2026年12月30日至2027年1月2日"
    assert format_date_range(date(2026, 10, 1), date(2026, 10, 1)) == "2026年10月1日"
    assert format_date_range(date(2026, 10, 1), date(2026, 10, 7), "en") == "1 Oct – 7 Oct 2026"


@pytest.mark.django_db
def test_a_points_schedule_is_read_from_its_related_rows():
    point = ServicePointFactory()
    point.opening_periods.create(weekday=MON, opens=time(8, 30), closes=time(17, 30))
    point.closures.create(start_date=date(2026, 11, 30), end_date=date(2026, 11, 30))
    point.sessions.create(
        start_date=date(2026, 11, 30), end_date=date(2026, 11, 30), opens=time(19), closes=time(21)
    )
    schedule = Schedule.for_point(point)
    assert schedule.weekly_text() == "周一 8:30–17:30"
    assert not schedule.is_open(at("2026-11-30T09:00"))
    assert schedule.is_open(at("2026-11-30T20:00"))


@pytest.mark.parametrize(
    "text",
    [
        "周一至周五 8:30–12:00、14:00–17:30；周六 9:00–12:00",
        "Mon–Fri 8:30–12:00, 14:00–17:30; Sat 9:00–12:00",
        "mon-fri 08:30-12:00,14:00-17:30;sat 09:00-12:00",
        "星期一到星期五 8:30-12:00、14:00-17:30；周六 9:00-12:00",
    ],
)
def test_hours_text_is_read_back_in_either_language(text):
    periods = parse_weekly(text)
    assert render_weekly(periods) == "周一至周五 8:30–12:00、14:00–17:30；周六 9:00–12:00"


def test_reading_night_periods_and_day_lists():
    assert parse_weekly("周六 20:00–次日8:00") == [Period(SAT, time(20), time(8))]
    assert parse_weekly("Sat 20:00–8:00 (next day)") == [Period(SAT, time(20), time(8))]
    assert [p.weekday for p in parse_weekly("周一、周三 9:00-10:00")] == [MON, WED]
    assert parse_weekly("周五 18:00-24:00") == [Period(FRI, time(18), time(0))]


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("周八 9:00-10:00", "unknown day"),
        ("周一 9:00", "cannot read the period"),
        ("周一 25:00-26:00", "cannot read the time"),
        ("周一 9:00-9:00", "is empty"),
        ("周五至周一 9:00-10:00", "cannot read the days"),
        ("全天开放", "expected days then times"),
    ],
)
def test_unreadable_hours_say_what_is_wrong(text, problem):
    with pytest.raises(HoursSyntaxError, match=problem):
        parse_weekly(text)
