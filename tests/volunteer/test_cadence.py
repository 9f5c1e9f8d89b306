"""Cadence: due dates by calendar month and quarter, across boundaries and leap years."""

import datetime

import pytest

from volunteer.cadence import add_months, evaluate, next_due, period_end, period_start

D = datetime.date
# The package conftest clears the (database) cache around every test.
pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("anchor", "period", "due"),
    [
        # A talk on 10 January: February's is due by 29 February in a leap year ...
        (D(2028, 1, 10), "month", D(2028, 2, 29)),
        # ... and by 28 February otherwise.
        (D(2027, 1, 10), "month", D(2027, 2, 28)),
        # The last day of a month moves to the end of the next one, whatever its length.
        (D(2028, 1, 31), "month", D(2028, 2, 29)),
        (D(2027, 8, 31), "month", D(2027, 9, 30)),
        # Across the year boundary.
        (D(2027, 12, 31), "month", D(2028, 1, 31)),
        # A home visit in November (Q4): the next one is due by the end of Q1.
        (D(2027, 11, 15), "quarter", D(2028, 3, 31)),
        # The first day and the last day of a quarter give the same due date.
        (D(2028, 4, 1), "quarter", D(2028, 9, 30)),
        (D(2028, 6, 30), "quarter", D(2028, 9, 30)),
        (D(2028, 9, 30), "quarter", D(2028, 12, 31)),
    ],
)
def test_next_due(anchor, period, due):
    assert next_due(anchor, period) == due


def test_period_bounds_in_a_leap_february():
    assert period_start(D(2028, 2, 29), "month") == D(2028, 2, 1)
    assert period_end(D(2028, 2, 1), "month") == D(2028, 2, 29)
    assert period_end(D(2028, 2, 14), "quarter") == D(2028, 3, 31)
    assert add_months(D(2028, 2, 29), 12) == D(2029, 2, 28)


def test_overdue_starts_the_day_after_the_due_date():
    # A pairing started on 15 January 2028 with no talk yet: due by 29 February.
    on_due_day = evaluate(D(2028, 1, 15), None, "talk", "month", D(2028, 2, 29))
    day_after = evaluate(D(2028, 1, 15), None, "talk", "month", D(2028, 3, 1))
    assert on_due_day.due_on == D(2028, 2, 29)
    assert not on_due_day.overdue
    assert day_after.overdue


def test_a_late_contact_clears_the_overdue_state():
    overdue = evaluate(D(2028, 1, 15), None, "talk", "month", D(2028, 3, 5))
    assert overdue.overdue
    caught_up = evaluate(D(2028, 1, 15), D(2028, 3, 4), "talk", "month", D(2028, 3, 5))
    assert not caught_up.overdue
    assert caught_up.due_on == D(2028, 4, 30)
