"""The dataset catalogue: what the /opendata/ page lists and what catalog.jsonld describes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

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


CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "dct:modified": {"@type": "xsd:dateTime"},
    "dct:license": {"@type": "@id"},
    "dcat:downloadURL": {"@type": "@id"},
    "dcat:accessURL": {"@type": "@id"},
    "dcat:mediaType": {"@type": "@id"},
    "dcat:landingPage": {"@type": "@id"},
    "foaf:homepage": {"@type": "@id"},
}


def dcat_catalog(base_url: str) -> dict:
    """The catalogue as DCAT-AP in JSON-LD; ``base_url`` is the site's scheme and host."""
    page = base_url + reverse("opendata")
    publisher = {
        "@id": base_url + "/#publisher",
        "@type": "foaf:Agent",
        "foaf:name": _both_languages(settings.WAGTAIL_SITE_NAME),
        "foaf:homepage": base_url + "/",
    }
    datasets = []
    for entry in entries():
        dataset = {
            "@id": f"{page}#{entry.slug}",
            "@type": "dcat:Dataset",
            "dct:identifier": entry.slug,
            "dct:title": _both_languages(entry.dataset.title),
            "dct:description": _both_languages(entry.dataset.description),
            "dct:license": license_url(),
            "dct:publisher": {"@id": publisher["@id"]},
            "dcat:landingPage": f"{page}#{entry.slug}",
            "dcat:distribution": [
                {
                    "@id": base_url + d.path,
                    "@type": "dcat:Distribution",
                    "dct:title": d.label,
                    "dcat:downloadURL": base_url + d.path,
                    "dcat:accessURL": base_url + d.path,
                    "dcat:mediaType": "https://www.iana.org/assignments/media-types/"
                    + d.media_type,
                    "dct:format": d.format.upper(),
                    "dct:license": license_url(),
                }
                for d in entry.distributions
            ],
        }
        if entry.modified:
            dataset["dct:modified"] = entry.modified.isoformat()
        datasets.append(dataset)
    return {
        "@context": CONTEXT,
        "@id": base_url + reverse("opendata-catalog-jsonld"),
        "@type": "dcat:Catalog",
        "dct:title": _both_languages(_("Fulei Portal open data")),
        "dct:description": _both_languages(
            _(
                "The Fujian Fulei programme's service network as open data: service points, "
                "organisations, projects and administrative divisions."
            )
        ),
        "dct:publisher": publisher,
        "dct:license": license_url(),
        "dcat:landingPage": page,
        "foaf:homepage": page,
        "dct:rights": _both_languages(GEONAMES_ATTRIBUTION),
        "dcat:dataset": datasets,
    }
