"""The dataset catalogue: what the /opendata/ page lists and what catalog.jsonld describes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from .datasets import DATASETS, Dataset

MEDIA_TYPES = {
    "csv": "text/csv",
    "geojson": "application/geo+json",
    "json": "application/json",
}
FORMAT_LABELS = {
    "csv": _("CSV (UTF-8 with BOM, opens in Excel)"),
    "geojson": _("GeoJSON (RFC 7946, WGS-84)"),
    "json": _("JSON shaped after Open Referral HSDS 3.0"),
}
PLAIN_JSON_LABEL = _("JSON (array of records)")
LICENSE_NAMES = {
    "https://creativecommons.org/licenses/by/4.0/": "CC BY 4.0",
    "https://creativecommons.org/licenses/by-sa/4.0/": "CC BY-SA 4.0",
    "https://creativecommons.org/publicdomain/zero/1.0/": "CC0 1.0",
}
GEONAMES_ATTRIBUTION = _(
    "Division seat points: contains data from GeoNames (https://www.geonames.org/), licensed "
    "under CC BY 4.0. Division codes: National Bureau of Statistics 2023."
)


def license_url() -> str:
    return settings.OPENDATA_LICENSE


def license_name() -> str:
    return LICENSE_NAMES.get(license_url(), license_url())


@dataclass
class Distribution:
    format: str
    label: str
    media_type: str
    path: str


@dataclass
class Entry:
    dataset: Dataset
    count: int
    modified: datetime | None
    distributions: list[Distribution]

    @property
    def slug(self) -> str:
        return self.dataset.slug


def download_path(slug: str, fmt: str) -> str:
    return reverse("opendata-download", kwargs={"dataset": slug, "fmt": fmt})


def entries() -> list[Entry]:
    result = []
    for dataset in DATASETS.values():
        count, modified = dataset.stats()
        distributions = [
            Distribution(
                fmt,
                str(
                    PLAIN_JSON_LABEL
                    if fmt == "json" and dataset.slug == "divisions"
                    else FORMAT_LABELS[fmt]
                ),
                MEDIA_TYPES[fmt],
                download_path(dataset.slug, fmt),
            )
            for fmt in dataset.formats
        ]
        result.append(Entry(dataset, count, modified, distributions))
    return result


def _both_languages(text) -> list[dict]:
    values = []
    for language, tag in (("zh-hans", "zh-Hans"), ("en", "en")):
        with translation.override(language):
            values.append({"@value": str(text), "@language": tag})
    return values


# The EU's file-type vocabulary, which DCAT-AP wants for dct:format.
FILE_TYPES = {
    "csv": "http://publications.europa.eu/resource/authority/file-type/CSV",
    "geojson": "http://publications.europa.eu/resource/authority/file-type/GEOJSON",
    "json": "http://publications.europa.eu/resource/authority/file-type/JSON",
}
IANA = "https://www.iana.org/assignments/media-types/"
# CKAN's licence register (ckan/model/license.py) matches a licence by its URL or by its title;
# our licence URLs are Creative Commons' own, so the title is what lets a CKAN harvester map the
# licence to its id (cc-by, cc-by-sa, cc-zero).
CKAN_LICENSE_TITLES = {
    "https://creativecommons.org/licenses/by/4.0/": "Creative Commons Attribution",
    "https://creativecommons.org/licenses/by-sa/4.0/": "Creative Commons Attribution Share-Alike",
    "https://creativecommons.org/publicdomain/zero/1.0/": "Creative Commons CCZero",
}

CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "dct:modified": {"@type": "xsd:dateTime"},
    "dcat:downloadURL": {"@type": "@id"},
    "dcat:accessURL": {"@type": "@id"},
}


def site_base_url() -> str:
    """Scheme, host and port of the public site: never the request's Host header, so a harvest
    through a host alias finds the same dataset URIs."""
    return settings.SITE_BASE_URL.rstrip("/")


def license_document() -> dict:
    url = license_url()
    return {
        "@id": url,
        "@type": "dct:LicenseDocument",
        "dct:title": {"@value": CKAN_LICENSE_TITLES.get(url, license_name()), "@language": "en"},
        "rdfs:label": license_name(),
    }


def _ref(iri: str) -> dict:
    return {"@id": iri}


def _distribution(base_url: str, d: Distribution, modified: datetime | None) -> dict:
    record = {
        "@id": base_url + d.path,
        "@type": "dcat:Distribution",
        "dct:title": d.label,
        "dcat:downloadURL": base_url + d.path,
        "dcat:accessURL": base_url + d.path,
        "dcat:mediaType": {
            "@id": IANA + d.media_type,
            "@type": "dct:MediaType",
            # CKAN reads a media type IRI's label as the plain type (text/csv).
            "rdfs:label": d.media_type,
        },
        "dct:format": {
            "@id": FILE_TYPES[d.format],
            "@type": "dct:MediaTypeOrExtent",
            "rdfs:label": d.format.upper(),
        },
        "dct:license": _ref(license_url()),
    }
    if modified:
        record["dct:modified"] = modified.isoformat()
    return record


def dcat_catalog(base_url: str | None = None) -> dict:
    """The catalogue as DCAT-AP 3.0.1 in JSON-LD, with URIs under ``base_url`` (the site's)."""
    base_url = base_url or site_base_url()
    page = base_url + reverse("opendata")
    publisher = {
        "@id": base_url + "/#publisher",
        "@type": "foaf:Agent",
        "foaf:name": _both_languages(settings.WAGTAIL_SITE_NAME),
        "foaf:homepage": {"@id": base_url + "/", "@type": "foaf:Document"},
    }
    landing = {"@id": page, "@type": "foaf:Document"}
    current = entries()
    datasets = []
    for entry in current:
        # A dataset without a change date (the divisions) was last modified with the catalogue's
        # own code: the newest date of any dataset stands in, so that every record has one.
        modified = entry.modified or catalogue_modified(current)
        datasets.append(
            {
                "@id": f"{page}#{entry.slug}",
                "@type": "dcat:Dataset",
                "dct:identifier": entry.slug,
                "dct:title": _both_languages(entry.dataset.title),
                "dct:description": _both_languages(entry.dataset.description),
                "dct:license": _ref(license_url()),
                "dct:publisher": _ref(publisher["@id"]),
                "dct:modified": modified.isoformat(),
                "dcat:landingPage": {"@id": f"{page}#{entry.slug}", "@type": "foaf:Document"},
                "dcat:distribution": [
                    _distribution(base_url, d, modified) for d in entry.distributions
                ],
            }
        )
    return {
        "@context": CONTEXT,
        **{
            "@id": base_url + reverse("opendata-catalog-jsonld"),
            "@type": "dcat:Catalog",
            "dct:title": _both_languages(_("Fulei Portal open data")),
            "dct:description": _both_languages(
                _(
                    "The Fujian Fulei programme's service network as open data: service "
                    "points, organisations, projects and administrative divisions."
                )
            ),
            "dct:publisher": publisher,
            # The licence, described once; every other reference is to its IRI.
            "dct:license": license_document(),
            "dct:modified": catalogue_modified(current).isoformat(),
            "dcat:landingPage": landing,
            "foaf:homepage": landing,
            "dct:rights": {
                "@id": base_url + "/opendata/#rights",
                "@type": "dct:RightsStatement",
                "rdfs:label": _both_languages(GEONAMES_ATTRIBUTION),
            },
            "dcat:dataset": datasets,
        },
    }


EPOCH = datetime(2020, 1, 1, tzinfo=UTC)  # the programme's start: the date of an empty catalogue


def catalogue_modified(current: list[Entry] | None = None) -> datetime:
    """The newest change of any dataset: the catalogue's dct:modified and Last-Modified."""
    dates = [e.modified for e in (current if current is not None else entries()) if e.modified]
    return max(dates, default=EPOCH)
