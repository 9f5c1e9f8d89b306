"""Each dataset's public fields are declared once (the models' PUBLIC_FIELDS) and the API, the
downloads, the data dictionary and the listing form all follow that one list."""

import csv
import io

import pytest
from django.core.exceptions import ImproperlyConfigured

from directory.models import Division, Organization, Project
from opendata.datasets import DATASETS, Field, described
from organizations.forms import ListingForm

API = "/api/v1"
# Never public: moderation, visibility and the verification record.
PRIVATE = {"status", "is_public", "verification_status", "verified_by", "owners", "documents"}


def csv_header(client, dataset: str) -> list[str]:
    response = client.get(f"/opendata/{dataset}.csv")
    raw = b"".join(response.streaming_content).decode("utf-8-sig")
    return next(csv.reader(io.StringIO(raw)))


def api_keys(client, endpoint: str) -> list[str]:
    return list(client.get(f"{API}/{endpoint}/").json()["results"][0])


def test_a_project_publishes_the_same_fields_in_the_api_the_download_and_the_form(client, network):
    public = list(Project.PUBLIC_FIELDS)
    assert api_keys(client, "projects") == ["id", *public, "is_demo", "updated_at"]

    # The download spells relations as identifiers, the organisation also by its name.
    columns = ["id"]
    for name in public:
        columns += ["organization_id", "organization_name"] if name == "organization" else [name]
    assert csv_header(client, "projects") == [*columns, "is_demo", "updated_at"]
    assert [f.name for f in DATASETS["projects"].fields] == [*columns, "is_demo", "updated_at"]

    # The organisation writes every public field but its own name; the summary comes first.
    form = ListingForm(organization=network.organization)
    assert set(form.fields) == set(public) - {"organization"}
    assert list(form.fields)[:4] == ["title", "title_en", "category", "summary"]

    assert not PRIVATE & (set(public) | set(columns))


@pytest.mark.parametrize(
    ("dataset", "model", "renamed"),
    [
        ("organizations", Organization, {"verified_at": "verified_on"}),
        ("divisions", Division, {"parent": "parent_code"}),
    ],
)
def test_organisations_and_divisions_publish_the_same_columns_in_the_api_and_the_download(
    client, network, dataset, model, renamed
):
    columns = [renamed.get(name, name) for name in model.PUBLIC_FIELDS]
    if dataset == "organizations":
        columns = ["id", *columns, "is_demo", "updated_at"]
    assert csv_header(client, dataset) == columns
    assert api_keys(client, dataset) == columns
    assert [f.name for f in DATASETS[dataset].fields] == columns
    assert not PRIVATE & set(columns)


def test_a_column_without_its_description_stops_the_portal():
    with pytest.raises(ImproperlyConfigured, match="cost"):
        described(("id", "cost"), Field("id", "integer", "Identifier."))
    with pytest.raises(ImproperlyConfigured, match="capacity"):
        described(("id",), Field("id", "integer", "."), Field("capacity", "integer", "."))
