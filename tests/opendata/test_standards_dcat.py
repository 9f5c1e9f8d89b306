"""catalog.jsonld checked with the DCAT-AP 3.0.1 SHACL shapes (tests/opendata/standards/
dcat-ap-3.0.1/, from SEMICeu/DCAT-AP, see its README): the mandatory constraints and the ranges."""

from functools import cache
from pathlib import Path

import pytest
from pyshacl import validate
from rdflib import Graph

STANDARDS = Path(__file__).parent / "standards" / "dcat-ap-3.0.1"


@cache
def shapes() -> Graph:
    graph = Graph()
    for name in ("shapes.ttl", "range.ttl"):
        graph.parse(STANDARDS / name, format="turtle")
    return graph


def catalogue_graph(client) -> Graph:
    response = client.get("/opendata/catalog.jsonld")
    assert response.status_code == 200
    return Graph().parse(data=response.content.decode(), format="json-ld")


def violations(data: Graph) -> tuple[bool, str]:
    conforms, _report, text = validate(data, shacl_graph=shapes(), inference="none")
    return conforms, text


@pytest.mark.django_db
def test_catalogue_conforms_to_the_dcat_ap_shapes_and_ranges(client, network):
    conforms, text = violations(catalogue_graph(client))
    assert conforms, text


# What a CKAN instance's licence register holds for the licences we may publish under
# (ckan/model/license.py: id, url, title); ckanext-dcat matches a distribution's licence by URL,
# then by the licence document's dct:title.
CKAN_LICENSES = [
    ("cc-by", "http://www.opendefinition.org/licenses/cc-by", "Creative Commons Attribution"),
    (
        "cc-by-sa",
        "http://www.opendefinition.org/licenses/cc-by-sa",
        "Creative Commons Attribution Share-Alike",
    ),
    ("cc-zero", "http://www.opendefinition.org/licenses/cc-zero", "Creative Commons CCZero"),
]


def ckan_harvest(graph: Graph) -> dict[str, dict]:
    """The fields ckanext-dcat's DCAT-AP profile reads from each dataset: identifier, modified,
    licence (first distribution whose licence matches the register) and each resource's media
    type and format. Read from its profiles (euro_dcat_ap_base.py, base.py), written afresh."""
    from rdflib import RDF, RDFS, Literal, Namespace, URIRef

    dcat = Namespace("http://www.w3.org/ns/dcat#")
    dct = Namespace("http://purl.org/dc/terms/")
    by_url = {url: key for key, url, _title in CKAN_LICENSES}
    by_title = {title: key for key, _url, title in CKAN_LICENSES}

    def value(subject, predicate) -> str:
        # A literal as text; an IRI as its rdfs:label when it has one, else the IRI.
        for obj in graph.objects(subject, predicate):
            if isinstance(obj, Literal):
                return str(obj)
            label = graph.value(obj, RDFS.label)
            return str(label) if label is not None else str(obj)
        return ""

    harvested = {}
    for dataset in graph.subjects(RDF.type, dcat.Dataset):
        license_id = ""
        resources = []
        for distribution in graph.objects(dataset, dcat.distribution):
            licence = graph.value(distribution, dct.license)
            if licence is not None and not license_id:
                license_id = by_url.get(str(licence)) or by_title.get(value(licence, dct.title), "")
            mimetype = value(distribution, dcat.mediaType)
            fmt = graph.value(distribution, dct["format"])
            label = str(fmt) if isinstance(fmt, URIRef) else (str(fmt) if fmt else "")
            resources.append({"mimetype": mimetype, "format": label})
        harvested[value(dataset, dct.identifier)] = {
            "license_id": license_id,
            "modified": value(dataset, dct.modified),
            "resources": resources,
        }
    return harvested


@pytest.mark.django_db
def test_ckan_harvest_maps_every_dataset_to_cc_by_with_a_date(client, network):
    from datetime import datetime

    harvested = ckan_harvest(catalogue_graph(client))
    assert set(harvested) >= {"service-points", "organizations", "projects", "divisions"}
    for identifier, dataset in harvested.items():
        assert dataset["license_id"] == "cc-by", identifier
        assert datetime.fromisoformat(dataset["modified"]).tzinfo is not None, identifier
        for resource in dataset["resources"]:
            # CKAN's format registry knows these plain media types (CSV, GeoJSON, JSON).
            assert resource["mimetype"] in {"text/csv", "application/geo+json", "application/json"}
            assert resource["format"].startswith(
                "http://publications.europa.eu/resource/authority/file-type/"
            )


@pytest.mark.django_db
def test_catalogue_answers_304_until_a_dataset_changes(client, network):
    first = client.get("/opendata/catalog.jsonld")
    assert first["ETag"] and first["Last-Modified"]
    again = client.get("/opendata/catalog.jsonld", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    since = client.get("/opendata/catalog.jsonld", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304
    network.station.name = "测试镇儿童关爱服务站（新址）"
    network.station.save()
    changed = client.get("/opendata/catalog.jsonld", HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200 and changed["ETag"] != first["ETag"]
