"""Map clusters of the database side: exact counts per viewport, public points only."""

import random

import pytest

from directory.models import (
    Level,
    LocationPrecision,
    ServiceCategory,
    ServiceLevel,
    ServicePoint,
)
from search import clusters
from search.contract import ClusterQuery
from tests.factories.directory import DivisionFactory, ServicePointFactory

pytestmark = pytest.mark.django_db

VIEWS = [
    ((115.0, 23.0, 121.0, 29.0), 5),
    ((115.0, 23.0, 121.0, 29.0), 7),
    ((116.5, 25.5, 118.5, 27.5), 8),
    ((117.0, 26.0, 118.0, 27.0), 10),
    ((117.3, 26.3, 117.6, 26.6), 12),
    ((117.4, 26.4, 117.5, 26.5), 15),
    ((73.0, 18.0, 135.0, 54.0), 3),
    ((-180.0, -90.0, 180.0, 90.0), 18),  # a huge bbox at a high zoom: the grid coarsens
]


@pytest.fixture(autouse=True)
def fresh_index():
    clusters.reset_index()
    yield
    clusters.reset_index()


@pytest.fixture
def network():
    """~1,500 points over Fujian, some hidden, some published at their township's centre."""
    rng = random.Random(4)
    county = DivisionFactory(code="350401", latitude=26.4, longitude=117.5)
    townships = [
        DivisionFactory(
            code=f"350401{n:03d}",
            level=Level.TOWNSHIP,
            parent=county,
            latitude=26.0 + n * 0.05,
            longitude=117.0 + n * 0.04,
        )
        for n in range(20)
    ]
    ServiceCategory.objects.get_or_create(code="legal_aid")
    points = []
    for n in range(1500):
        township = townships[n % len(townships)]
        points.append(
            ServicePoint(
                name=f"点{n}",
                level=rng.choice(ServiceLevel.values),
                division=township,
                latitude=rng.uniform(23.5, 28.3),
                longitude=rng.uniform(115.9, 120.7),
                is_public=n % 10 != 0,
                location_precision=(
                    LocationPrecision.TOWNSHIP if n % 7 == 0 else LocationPrecision.EXACT
                ),
            )
        )
    created = ServicePoint.objects.bulk_create(points)
    through = ServicePoint.categories.through
    through.objects.bulk_create(
        [
            through(servicepoint_id=p.pk, servicecategory_id="legal_aid")
            for p in created
            if p.pk % 3 == 0
        ]
    )
    return created


def expected(bbox, level=None, category=None):
    """Brute force over the model's own rule, ServicePoint.public_location()."""
    west, south, east, north = bbox
    found = {}
    queryset = ServicePoint.objects.public().select_related("division")
    if category:
        queryset = queryset.filter(categories__code=category)
    for point in queryset:
        lat, lon = point.public_location()
        if west <= lon <= east and south <= lat <= north and level in (None, point.level):
            found[str(point.pk)] = (lat, lon)
    return found


@pytest.mark.parametrize(("bbox", "zoom"), VIEWS)
def test_cluster_counts_add_up_to_the_public_points_in_the_bbox(network, bbox, zoom):
    result = clusters.grid_clusters(ClusterQuery(bbox=bbox, zoom=zoom))
    assert sum(c.count for c in result) == len(expected(bbox))
    assert 0 < len(result) <= clusters.MAX_CELLS
    west, south, east, north = bbox
    for cluster in result:
        assert west <= cluster.lon <= east and south <= cluster.lat <= north
        if cluster.count > 1:
            b_west, b_south, b_east, b_north = cluster.bounds
            assert west <= b_west <= cluster.lon <= b_east <= east
            assert south <= b_south <= cluster.lat <= b_north <= north


@pytest.mark.parametrize(("level", "category"), [("village", None), (None, "legal_aid")])
@pytest.mark.parametrize(("bbox", "zoom"), VIEWS[:5])
def test_filters_apply_to_clusters(network, bbox, zoom, level, category):
    result = clusters.grid_clusters(
        ClusterQuery(bbox=bbox, zoom=zoom, level=level, category=category)
    )
    assert sum(c.count for c in result) == len(expected(bbox, level, category))
    singles = [c for c in result if c.count == 1]
    assert all(c.level == level for c in singles) if level else True


def test_zoomed_out_and_zoomed_in_paths_agree(network):
    """The aggregate tables and the direct grouping give the same clusters."""
    index = clusters.get_index()
    for bbox, zoom in VIEWS[:5]:
        band = clusters.choose_band(bbox, zoom)
        query = ClusterQuery(bbox=bbox, zoom=min(zoom, clusters.POINTS_ZOOM - 1))
        from_tables = clusters._from_table(index, query, band)
        direct = clusters._group(
            index.points,
            _positions_in(index, bbox),
            band,
        )
        assert sorted((c.count, round(c.lat, 9), round(c.lon, 9)) for c in from_tables) == sorted(
            (c.count, round(c.lat, 9), round(c.lon, 9)) for c in direct
        )


def _positions_in(index, bbox):
    import numpy as np

    west, south, east, north = bbox
    p = index.points
    inside = (p.lon >= west) & (p.lon <= east) & (p.lat >= south) & (p.lat <= north)
    return np.flatnonzero(inside)


def test_hidden_points_never_appear_and_township_points_sit_at_their_township():
    county = DivisionFactory(code="350402", latitude=26.5, longitude=117.5)
    township = DivisionFactory(
        code="350402100", level=Level.TOWNSHIP, parent=county, latitude=26.61, longitude=117.31
    )
    private = ServicePointFactory(
        division=township,
        level=ServiceLevel.VILLAGE,
        latitude=26.70,
        longitude=117.40,
        location_precision=LocationPrecision.TOWNSHIP,
    )
    hidden = ServicePointFactory(division=township, latitude=26.65, longitude=117.35, hidden=True)
    bbox = (117.0, 26.4, 117.6, 26.8)
    result = clusters.grid_clusters(ClusterQuery(bbox=bbox, zoom=16))
    assert [c.id for c in result] == [str(private.pk)]
    assert (result[0].lat, result[0].lon) == (26.61, 117.31)
    # Nothing is found around the private point's real location, nor the hidden point's.
    assert clusters.grid_clusters(ClusterQuery(bbox=(117.38, 26.68, 117.42, 26.72), zoom=16)) == []
    assert str(hidden.pk) not in {c.id for c in clusters.grid_clusters(ClusterQuery(bbox, 3))}


def test_edits_show_up_after_commit(django_capture_on_commit_callbacks):
    division = DivisionFactory(code="350403", latitude=26.0, longitude=118.0)
    first = ServicePointFactory(division=division)
    bbox = (117.0, 25.0, 119.0, 27.0)
    assert [c.id for c in clusters.grid_clusters(ClusterQuery(bbox, 16))] == [str(first.pk)]

    with django_capture_on_commit_callbacks(execute=True):
        second = ServicePointFactory(division=division, latitude=26.01)
    with django_capture_on_commit_callbacks(execute=True):
        first.is_public = False
        first.save()
    ids = {c.id for c in clusters.grid_clusters(ClusterQuery(bbox, 16))}
    assert ids == {str(second.pk)}

    with django_capture_on_commit_callbacks(execute=True):
        second.longitude = 118.5
        second.save()
    (moved,) = clusters.grid_clusters(ClusterQuery(bbox, 16))
    assert moved.lon == 118.5

    category, _ = ServiceCategory.objects.get_or_create(code="mental_health")
    query = ClusterQuery(bbox, 16, category="mental_health")
    assert clusters.grid_clusters(query) == []
    with django_capture_on_commit_callbacks(execute=True):
        second.categories.add(category)
    assert [c.id for c in clusters.grid_clusters(query)] == [str(second.pk)]

    with django_capture_on_commit_callbacks(execute=True):
        second.delete()
    assert clusters.grid_clusters(ClusterQuery(bbox, 16)) == []


def test_moving_a_township_moves_its_township_precision_points(django_capture_on_commit_callbacks):
    township = DivisionFactory(
        code="350404100", level=Level.TOWNSHIP, latitude=26.2, longitude=117.2
    )
    ServicePointFactory(
        division=township, latitude=26.3, longitude=117.3,
        location_precision=LocationPrecision.TOWNSHIP,
    )  # fmt: skip
    bbox = (117.0, 26.0, 118.0, 27.0)
    assert clusters.grid_clusters(ClusterQuery(bbox, 16))[0].lat == 26.2
    with django_capture_on_commit_callbacks(execute=True):
        township.latitude = 26.25
        township.save()
    assert clusters.grid_clusters(ClusterQuery(bbox, 16))[0].lat == 26.25


def test_zoomed_in_returns_single_points_for_client_side_clustering():
    township = DivisionFactory(
        code="350405100", level=Level.TOWNSHIP, latitude=26.2, longitude=117.2
    )
    for _ in range(3):  # three homes published at the same township centre
        ServicePointFactory(division=township, location_precision=LocationPrecision.TOWNSHIP)
    bbox = (117.1, 26.1, 117.3, 26.3)
    zoomed_in = clusters.grid_clusters(ClusterQuery(bbox, clusters.POINTS_ZOOM))
    assert [c.count for c in zoomed_in] == [1, 1, 1]
    zoomed_out = clusters.grid_clusters(ClusterQuery(bbox, clusters.POINTS_ZOOM - 1))
    assert [c.count for c in zoomed_out] == [3]


def test_many_filters_in_turn_stay_correct(network):
    bbox = VIEWS[1][0]
    for level in [None, *ServiceLevel.values]:
        for category in (None, "legal_aid"):
            query = ClusterQuery(bbox=bbox, zoom=7, level=level, category=category)
            assert sum(c.count for c in clusters.grid_clusters(query)) == len(
                expected(bbox, level, category)
            )
    assert len(clusters.get_index()._filtered) <= clusters.MAX_FILTERS
