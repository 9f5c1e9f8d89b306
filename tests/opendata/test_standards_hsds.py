"""The HSDS downloads checked with the Open Referral specification's own compiled schema
(tests/opendata/standards/hsds-3.0/, CC BY-SA 4.0, see its README)."""

import datetime
import json
from functools import cache
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from directory.models import OpeningPeriod

STANDARDS = Path(__file__).parent / "standards" / "hsds-3.0"


@cache
def validator(name: str) -> Draft202012Validator:
    schema = json.loads((STANDARDS / name).read_text(encoding="utf-8"))
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def errors_of(document: dict, name: str = "tabular.json") -> list[str]:
    return [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in validator(name).iter_errors(document)
    ]


def body(response) -> bytes:
    assert response.status_code == 200, response
    return b"".join(response.streaming_content)


@pytest.mark.parametrize("dataset", ["service-points", "organizations", "projects"])
def test_hsds_download_validates_against_the_official_tabular_schema(client, network, dataset):
    OpeningPeriod.objects.create(
        service_point=network.county_point,
        weekday=0,
        opens=datetime.time(8, 30),
        closes=datetime.time(17, 30),
    )
    document = json.loads(body(client.get(f"/opendata/{dataset}.json")))
    assert errors_of(document) == []
