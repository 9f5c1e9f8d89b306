"""The `elasticsearch` client path (SEARCH_ENGINE_CLIENT=elasticsearch) sends the same DSL bodies
to the same endpoints as opensearch-py. osmem-server refuses that client's compatibility headers,
so a small loopback HTTP server playing Elasticsearch 8 records what it is sent; the behaviour
itself is checked against osmem (and a real cluster, with ELASTICSEARCH_URL) by the other tests."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from search.backends.engine import EngineBackend
from search.contract import ClusterQuery, SearchQuery
from tests.search.engine import corpus

ALIAS = "fulei-esclient-search"
OLD_INDEX = f"{ALIAS}-20260101000000-aaaaaa"


class FakeElasticsearch(BaseHTTPRequestHandler):
    requests: list[tuple[str, str, str]] = []

    def _answer(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode() if length else ""
        self.requests.append((self.command, self.path.split("?")[0], body))
        path = self.path.split("?")[0]
        if path.startswith("/_alias/"):
            answer = {OLD_INDEX: {"aliases": {ALIAS: {}}}}
        elif self.command == "GET" and path.endswith("*"):
            answer = {OLD_INDEX: {"aliases": {ALIAS: {}}}, "unrelated-index": {}}
        elif path == "/_bulk":
            lines = [json.loads(line) for line in body.splitlines() if line.strip()]
            answer = {
                "errors": False,
                "items": [
                    {op: {"_id": meta["_id"], "status": 201}}
                    for line in lines
                    for op, meta in line.items()
                    if op in ("index", "delete")
                ],
            }
        else:
            answer = {
                "acknowledged": True,
                "status": "green",
                "count": 8,
                "hits": {"total": {"value": 0, "relation": "eq"}, "hits": []},
            }
        data = json.dumps(answer).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/vnd.elasticsearch+json;compatible-with=8")
        self.send_header("X-Elastic-Product", "Elasticsearch")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = _answer

    def log_message(self, *args):
        pass


@pytest.fixture
def fake_elasticsearch():
    FakeElasticsearch.requests = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeElasticsearch)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def test_the_elasticsearch_client_sends_the_same_requests(fake_elasticsearch):
    backend = EngineBackend(
        url=fake_elasticsearch, client="elasticsearch", prefix="fulei-esclient", timeout=2
    )
    assert backend.index(corpus.ALL) == len(corpus.ALL)
    backend.search(SearchQuery(text="泰宁", near=(26.0, 117.0), level="county"))
    backend.clusters(ClusterQuery(bbox=(115.8, 23.4, 120.8, 28.4), zoom=6))
    backend.rebuild(corpus.POINTS)
    assert backend.health()["status"] == "ok"

    calls = [(method, path) for method, path, _ in FakeElasticsearch.requests]
    bodies = {(method, path): body for method, path, body in FakeElasticsearch.requests}
    assert ("PUT", "/_bulk") in calls
    assert ("POST", f"/{ALIAS}/_refresh") in calls  # every write is refreshed explicitly
    searches = [
        body for method, path, body in FakeElasticsearch.requests if path.endswith("_search")
    ]
    search, clusters = (json.loads(body) for body in searches)
    assert search["sort"][0]["_geo_distance"]["location"] == {"lat": 26.0, "lon": 117.0}
    assert {"term": {"level": "county"}} in search["query"]["bool"]["filter"]
    assert "geotile_grid" in clusters["aggs"]["cells"]
    created = [path for method, path in calls if method == "PUT" and path.startswith(f"/{ALIAS}-")]
    assert len(created) == 1
    mapping = json.loads(bodies[("PUT", created[0])])["mappings"]["properties"]
    assert mapping["location"] == {"type": "geo_point"}
    swap = json.loads(bodies[("POST", "/_aliases")])["actions"]
    assert swap == [
        {"remove": {"index": OLD_INDEX, "alias": ALIAS}},
        {"add": {"index": created[0][1:], "alias": ALIAS}},
    ]
    # The old index goes; an index of another name that a wildcard listing returned does not.
    assert ("DELETE", f"/{OLD_INDEX}") in calls
    assert ("DELETE", "/unrelated-index") not in calls
