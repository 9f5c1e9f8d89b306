"""/api/schema/ checked with openapi-spec-validator (the OpenAPI Initiative's rules for a valid
OpenAPI 3 document), and the open-data parameters documented as they behave."""

import yaml
from openapi_spec_validator import validate


def test_api_schema_is_a_valid_openapi_document(client, db):
    response = client.get("/api/schema/")
    assert response.status_code == 200
    schema = yaml.safe_load(response.content)
    validate(schema)  # raises with the offending path on the first error
    parameters = {
        p["name"]: p
        for p in schema["paths"]["/api/v1/divisions/"]["get"]["parameters"]
        if "name" in p
    }
    assert "当时或之后" in parameters["modified_after"]["description"]  # on or after
