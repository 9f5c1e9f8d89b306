"""schemathesis against /api/schema/: generated requests to every public API operation, in
process through the WSGI app, over the real Fujian divisions and the demo network.

Every response must be free of server errors and conform to the schema: documented status code,
content type, headers and body. (The "valid data accepted / invalid data rejected" checks are left
out on purpose: an unknown division prefix that matches the pattern is a documented 400, and an
empty parameter means "not given", as HTML forms send it.)
"""

import time

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from directory.demo import generate_demo_network
from search import clusters, service
from tests.factories.directory import OrganizationFactory, ProjectFactory

pytestmark = pytest.mark.django_db

# Requests per operation and generation mode: 21 operations x 2 modes x 52 = 2,184.
EXAMPLES_PER_OPERATION = 52
MIN_REQUESTS = 1000
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


@pytest.fixture
def demo_network(fujian_divisions):
    """What `make run` serves: real divisions, the demo network, its search index and clusters."""
    generate_demo_network()
    organization = OrganizationFactory(name="福州市阳光社会工作服务中心")
    ProjectFactory(organization=organization)
    service.rebuild()
    clusters.reset_index()
    yield
    clusters.reset_index()


@pytest.fixture
def wsgi_app():
    """The project's WSGI app, keeping the test's database connection open between requests
    (as Django's test client does): it would close it, and the test transaction, on PostgreSQL."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield get_wsgi_application()
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def test_every_api_operation_survives_generated_requests(demo_network, wsgi_app, capsys):
    schema = schemathesis.openapi.from_wsgi("/api/schema/", wsgi_app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert {op.path for op in operations} >= {
        "/api/v1/service-points/",
        "/api/v1/service-points/{id}/",
        "/api/v1/organizations/",
        "/api/v1/projects/",
        "/api/v1/divisions/{code}/",
        "/api/v1/search/",
        "/api/v1/map/clusters/",
        "/api/hsds/services",
        "/api/hsds/services/{id}",
        "/api/hsds/service_at_locations/{id}",
        "/api/hsds/organizations",
        "/api/hsds/taxonomy_terms",
    }
    made = 0
    started = time.monotonic()
    for operation in operations:
        # An operation with no query or path parameter (/api/hsds/, whose only parameters are
        # the conditional headers, any string) has no invalid request to generate.
        negatives = any(p.location in ("query", "path") for p in operation.iter_parameters())
        modes = [GenerationMode.POSITIVE] + [GenerationMode.NEGATIVE] * negatives
        for mode in modes:

            @given(case=operation.as_strategy(generation_mode=mode))
            @settings(
                max_examples=EXAMPLES_PER_OPERATION,
                deadline=None,
                database=None,
                suppress_health_check=list(HealthCheck),
            )
            def attack(case):
                nonlocal made
                made += 1
                case.call_and_validate(checks=CHECKS)

            attack()
    with capsys.disabled():
        print(  # noqa: T201 (the figure for the report, shown even without -s)
            f"\nschemathesis: {made} requests over {len(operations)} operations, "
            f"0 failures, {time.monotonic() - started:.0f} s"
        )
    assert made >= MIN_REQUESTS
