"""Every privacy rule of impact.privacy, including attempted recovery by subtraction."""

import itertools
import random

import pytest

from impact.privacy import publish, round_count, share, suppress
from impact.sources import PROVINCE, Region

pytestmark = pytest.mark.django_db  # the settings fixture; no table is read

REGIONS = [
    Region(PROVINCE, "福建省", "Fujian", "province", None),
    Region("350100", "福州市", "Fuzhou", "city", PROVINCE),
    Region("350100", "福州市本级", "Fuzhou (city level)", "city_proper", "350100"),
    Region("350102", "鼓楼区", "Gulou", "county", "350100"),
    Region("350103", "台江区", "Taijiang", "county", "350100"),
    Region("350104", "仓山区", "Cangshan", "county", "350100"),
    Region("350400", "三明市", "Sanming", "city", PROVINCE),
    Region("350400", "三明市本级", "Sanming (city level)", "city_proper", "350400"),
    Region("350429", "泰宁县", "Taining", "county", "350400"),
    Region("350430", "建宁县", "Jianning", "county", "350400"),
]
FUZHOU_COUNTIES = ("350102", "350103", "350104")
COUNTIES = ["350102", "350103", "350104", "350429", "350430"]


def quarter(counties: dict, province: dict | None = None) -> dict:
    return {"counties": counties, "city_proper": {}, "cities": {}, "province": province or {}}


def data(**quarters) -> dict:
    return {"quarters": quarters}


def value(table, code, level, period, measure):
    return table.row(code, level, period).values[measure]


def test_small_count_is_shown_as_below_threshold_never_its_value():
    table = publish(data(**{"2027Q1": quarter({"350102": {"pairings_active": 3}})}), REGIONS, 10, 5)
    assert value(table, "350102", "county", "2027Q1", "pairings_active") == "<10"
    # The city and province totals equal that one count: they are withheld as well.
    assert value(table, "350100", "city", "2027Q1", "pairings_active") == "<10"
    assert value(table, PROVINCE, "province", "2027Q1", "pairings_active") == "<10"


def test_zero_is_published():
    table = publish(data(**{"2027Q1": quarter({"350102": {"talks": 40}})}), REGIONS, 10, 5)
    assert value(table, "350103", "county", "2027Q1", "talks") == 0


def test_threshold_and_rounding_come_from_settings(settings):
    settings.IMPACT_SUPPRESSION_THRESHOLD = 20
    settings.IMPACT_ROUNDING_BASE = 10
    table = publish(
        data(**{"2027Q1": quarter({"350102": {"talks": 15}, "350103": {"talks": 44}})}), REGIONS
    )
    assert value(table, "350102", "county", "2027Q1", "talks") == "<20"
    assert table.threshold == 20


@pytest.mark.parametrize(("raw", "published"), [(10, 10), (12, 10), (13, 15), (22, 20), (98, 100)])
def test_counts_are_rounded_to_five(raw, published):
    assert round_count(raw, 5) == published


def test_totals_are_rounded_independently_of_their_parts():
    counts = {"350102": {"talks": 12}, "350103": {"talks": 12}, "350104": {"talks": 12}}
    table = publish(data(**{"2027Q1": quarter(counts)}), REGIONS, 10, 5)
    parts = [value(table, c, "county", "2027Q1", "talks") for c in ("350102", "350103", "350104")]
    assert parts == [10, 10, 10]
    assert value(table, "350100", "city", "2027Q1", "talks") == 35  # 36, not 10 + 10 + 10


# --- complementary suppression ------------------------------------------------------------

SMALL = range(1, 10)


def feasible(published, limit=10, base=5, ceiling=200):
    """The values an attacker cannot exclude for a published cell."""
    if published == f"<{limit}":
        return set(range(1, limit))
    if published == "x":
        return set(range(limit, ceiling))  # withheld cells are never 0 and never small
    if published == 0:
        return {0}
    half = base // 2
    return set(range(max(limit, published - half), published + half + 1))


def recover(total, members, target_index, limit=10, base=5):
    """Every value of ``members[target_index]`` consistent with total = sum(members)."""
    totals = feasible(total, limit, base)
    others = [feasible(m, limit, base) for i, m in enumerate(members) if i != target_index]
    possible = set()
    for candidate in feasible(members[target_index], limit, base):
        rest_min = sum(min(o) for o in others)
        rest_max = sum(max(o) for o in others)
        if any(rest_min <= t - candidate <= rest_max for t in totals):
            possible.add(candidate)
    return possible


def test_subtracting_visible_cells_from_the_total_does_not_reveal_a_small_count():
    counts = {"350102": {"pairings_active": 3}, "350103": {"pairings_active": 20},
              "350104": {"pairings_active": 35}}  # fmt: skip
    table = publish(data(**{"2027Q1": quarter(counts)}), REGIONS, 10, 5)
    cells = [value(table, c, "county", "2027Q1", "pairings_active") for c in FUZHOU_COUNTIES]
    proper = table.row("350100", "city_proper", "2027Q1")
    total = value(table, "350100", "city", "2027Q1", "pairings_active")
    assert cells[0] == "<10"
    # Without complementary suppression the attack would be: 58 - 20 - 35 = 3.
    assert cells.count("x") == 1, "a second county is withheld"
    assert cells[1] == "x"  # the smallest other one
    assert proper is None  # no city-level pairings: its zeros are implied
    # Every value from 1 to 9 stays possible for the small county.
    assert recover(total, cells, 0) == set(SMALL)


def test_a_withheld_total_is_protected_in_its_own_group_too():
    # Sanming has 4 pairings in Taining (small); the province total then needs a complement
    # among the cities, which withholds Fuzhou's total; Fuzhou's counties must then hide two.
    counts = {"350429": {"pairings_active": 4}, "350430": {"pairings_active": 0},
              "350102": {"pairings_active": 40}, "350103": {"pairings_active": 50},
              "350104": {"pairings_active": 60}}  # fmt: skip
    table = publish(data(**{"2027Q1": quarter(counts)}), REGIONS, 10, 5)
    assert value(table, "350400", "city", "2027Q1", "pairings_active") == "<10"
    assert value(table, "350100", "city", "2027Q1", "pairings_active") == "x"
    fuzhou = [value(table, c, "county", "2027Q1", "pairings_active") for c in FUZHOU_COUNTIES]
    assert fuzhou.count("x") >= 1
    assert value(table, PROVINCE, "province", "2027Q1", "pairings_active") == 155


def test_a_small_quarter_cannot_be_recovered_from_the_year():
    year = {
        "2027Q1": quarter({"350102": {"talks": 4}}),
        "2027Q2": quarter({"350102": {"talks": 30}}),
        "2027Q3": quarter({"350102": {"talks": 25}}),
        "2027Q4": quarter({"350102": {"talks": 40}}),
    }
    table = publish(data(**year), REGIONS, 10, 5)
    quarters = [value(table, "350102", "county", f"2027Q{n}", "talks") for n in range(1, 5)]
    total = value(table, "350102", "county", "2027", "talks")
    assert quarters[0] == "<10"
    assert quarters.count("x") == 1  # a neighbouring period is withheld too
    assert total == 100  # 99 rounded
    assert recover(total, quarters, 0) == set(SMALL)


def test_stock_counts_have_no_year_total():
    year = {f"2027Q{n}": quarter({"350102": {"pairings_active": 30}}) for n in range(1, 5)}
    table = publish(data(**year), REGIONS, 10, 5)
    assert value(table, "350102", "county", "2027", "pairings_active") is None


def test_random_tables_never_leave_a_group_with_one_hidden_cell():
    rng = random.Random(6)
    measures = ["pairings_active", "talks", "volunteers_pairing"]
    for _ in range(30):
        quarters = {
            f"2027Q{n}": quarter(
                {
                    c: {m: rng.choice([0, 0, 1, 3, 8, 9, 10, 12, 25, 60]) for m in measures}
                    for c in COUNTIES
                }  # fmt: skip
            )
            for n in range(1, 5)
        }
        table = publish(data(**quarters), REGIONS, 10, 5)
        every_value = [v for row in table.rows for v in row.values.values()]
        assert not [v for v in every_value if isinstance(v, int) and 1 <= v < 10]
        for period, measure in itertools.product(table.periods, measures):
            groups = [
                ("350100", "city", ["350102", "350103", "350104"]),
                ("350400", "city", ["350429", "350430"]),
            ]
            for code, level, members in groups:
                if table.row(code, level, period) is None:
                    continue
                cells = [value(table, code, level, period, measure)] + [
                    value(table, m, "county", period, measure) for m in members
                ]
                if cells[0] is None:
                    continue
                proper = table.row(code, "city_proper", period)
                if proper is not None:
                    cells.append(proper.values[measure])
                hidden = [c for c in cells if isinstance(c, str)]
                assert len(hidden) != 1, (period, measure, code, cells)
            for county in COUNTIES:
                if measure != "talks":
                    continue
                cells = [value(table, county, "county", "2027", "talks")] + [
                    value(table, county, "county", f"2027Q{n}", "talks") for n in range(1, 5)
                ]
                assert len([c for c in cells if isinstance(c, str)]) != 1, (county, cells)


# --- shares -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("meeting", "pairings", "state", "published"),
    [
        (30, 60, "shown", 50),
        (20, 20, "shown", 100),
        (0, 20, "shown", 0),
        (3, 40, "shown", "x"),  # three pairings meet it: a small count
        (35, 40, "shown", "x"),  # five do not
        (30, 60, "withheld", "x"),
        (0, 0, "shown", None),
    ],
)
def test_cadence_share(meeting, pairings, state, published):
    assert share(meeting, pairings, state, 10) == published


def test_suppress_marks_primary_and_complementary_cells():
    raw = {("t", "q", "m"): 23, ("a", "q", "m"): 3, ("b", "q", "m"): 20}
    state = suppress(raw, [(("t", "q", "m"), [("a", "q", "m"), ("b", "q", "m")])], 10)
    assert state == {
        ("t", "q", "m"): "shown",
        ("a", "q", "m"): "small",
        ("b", "q", "m"): "withheld",
    }
