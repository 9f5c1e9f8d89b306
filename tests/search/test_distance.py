"""Candidates are ordered by a cheap great-circle distance; what is shown and the radius are
geodesic (WGS84) distances."""

import random

from geopy.distance import geodesic

from search.contract import SearchQuery
from search.ranking import SPHERICAL_ERROR, rough_distance_m, within_radius


def test_the_radius_is_decided_by_the_geodesic_even_at_its_edge():
    rng = random.Random(7)
    query = SearchQuery(near=(26.08, 119.30), radius_km=30)
    decided_at_edge = 0
    for _ in range(2000):
        # Points in a ring a few hundred metres either side of the 30 km edge, every bearing.
        destination = geodesic(meters=rng.uniform(29_700, 30_300)).destination(
            query.near, rng.uniform(0, 360)
        )
        row = {"lat": destination.latitude, "lon": destination.longitude}
        rough = rough_distance_m(row, query)
        exact = geodesic(query.near, (row["lat"], row["lon"])).meters
        assert abs(rough - exact) <= exact * SPHERICAL_ERROR
        assert within_radius(row, rough, query) == (exact <= 30_000)
        decided_at_edge += abs(rough - 30_000) <= 30_000 * SPHERICAL_ERROR
    assert decided_at_edge > 100  # the geodesic fallback was exercised


def test_a_row_without_a_location_is_never_within_a_radius():
    query = SearchQuery(near=(26.08, 119.30), radius_km=30)
    row = {"lat": None, "lon": None}
    assert rough_distance_m(row, query) is None
    assert not within_radius(row, None, query)
