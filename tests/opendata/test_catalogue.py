import json

import pytest

from tests.opendata.conftest import SECRET_STRINGS

GEONAMES = "GeoNames"


def test_catalogue_page_lists_every_dataset_with_its_facts(client, network):
    response = client.get("/opendata/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "开放数据" in html
    for slug in ("service-points", "organizations", "projects", "divisions"):
        assert f'id="{slug}"' in html
        assert f'href="/opendata/{slug}.csv"' in html
    assert 'href="/opendata/service-points.geojson"' in html
    assert 'href="/opendata/organizations.geojson"' not in html
    assert "CC BY 4.0" in html and 'href="https://creativecommons.org/licenses/by/4.0/"' in html
    # Record counts: 6 public points, 1 public organisation.
    assert "<dd>6</dd>" in html and "<dd>1</dd>" in html
    # The data dictionary: field, type, meaning.
    assert "<code>location_precision</code>" in html and "数据字典" in html
    assert GEONAMES in html and "CC BY 4.0" in html
    assert 'href="/opendata/catalog.jsonld"' in html


def test_english_catalogue_keeps_the_stable_download_paths(client, network):
    response = client.get("/en/opendata/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Open data" in html and "Data dictionary" in html
    assert 'href="/opendata/service-points.csv"' in html
    assert "/en/opendata/service-points.csv" not in html
    assert "contains data from GeoNames" in html


def test_licence_is_a_setting(client, network, settings):
    settings.OPENDATA_LICENSE = "https://creativecommons.org/publicdomain/zero/1.0/"
    assert "CC0 1.0" in client.get("/opendata/").content.decode()
    catalog = client.get("/opendata/catalog.jsonld").json()
    assert catalog["dct:license"]["@id"] == settings.OPENDATA_LICENSE
    assert catalog["dct:license"]["@type"] == "dct:LicenseDocument"
    assert catalog["dct:license"]["dct:title"]["@value"] == "Creative Commons CCZero"


def test_dcat_catalogue_structure(client, network, settings):
    settings.SITE_BASE_URL = "https://fulei.example.cn"
    # A harvest through another host name finds the same dataset URIs.
    response = client.get("/opendata/catalog.jsonld", HTTP_HOST="alias.example.org")
    assert response["Content-Type"].startswith("application/ld+json")
    catalog = json.loads(response.content)
    context = catalog["@context"]
    assert context["dcat"] == "http://www.w3.org/ns/dcat#"
    assert context["dct"] == "http://purl.org/dc/terms/"
    assert catalog["@type"] == "dcat:Catalog"
    assert catalog["@id"] == "https://fulei.example.cn/opendata/catalog.jsonld"
    assert "alias.example.org" not in response.content.decode()
    assert {t["@language"] for t in catalog["dct:title"]} == {"zh-Hans", "en"}
    assert catalog["dct:publisher"]["@type"] == "foaf:Agent"
    datasets = {d["dct:identifier"]: d for d in catalog["dcat:dataset"]}
    assert set(datasets) == {
        "service-points",
        "organizations",
        "projects",
        "divisions",
        "impact-statistics",
        "impact-measures",
    }
    for dataset in datasets.values():
        assert dataset["@type"] == "dcat:Dataset"
        for key in ("dct:title", "dct:description", "dct:license", "dct:publisher"):
            assert dataset[key], key
        for distribution in dataset["dcat:distribution"]:
            assert distribution["@type"] == "dcat:Distribution"
            url = distribution["dcat:downloadURL"]
            assert url.startswith("https://fulei.example.cn/opendata/")
            assert distribution["dcat:mediaType"]["@id"].startswith(
                "https://www.iana.org/assignments/media-types/"
            )
            assert distribution["dct:modified"]
            assert client.get(url.removeprefix("https://fulei.example.cn")).status_code == 200
        assert dataset["dct:modified"]
    assert {
        d["dcat:mediaType"]["rdfs:label"] for d in datasets["service-points"]["dcat:distribution"]
    } == {
        "text/csv",
        "application/geo+json",
        "application/json",
    }
    assert GEONAMES in json.dumps(catalog)


@pytest.mark.parametrize("path", ["/opendata/", "/en/opendata/", "/opendata/catalog.jsonld"])
def test_no_secret_in_the_catalogue(client, network, path):
    text = client.get(path).content.decode()
    for secret in SECRET_STRINGS:
        assert secret not in text, secret


def test_every_page_links_to_the_catalogue(client, network):
    assert 'href="/opendata/"' in client.get("/opendata/").content.decode()
    assert 'href="/en/opendata/"' in client.get("/en/opendata/").content.decode()


def test_catalogue_links_the_changelog_feed(client, network):
    html = client.get("/opendata/").content.decode()
    assert 'href="/directory/changes.atom"' in html
    feed = client.get("/directory/changes.atom")
    assert feed.status_code == 200
    assert feed["Content-Type"].startswith("application/atom+xml")


@pytest.mark.django_db
def test_only_the_divisions_are_dated_by_their_nbs_edition(client):
    """An empty dataset has no date; "NBS 2023 edition" is the divisions' date only."""
    html = client.get("/en/opendata/").content.decode()
    assert html.count("NBS 2023 edition") == 1
