"""The OpenAPI description of /api/: what it covers and the responses every operation shares.

drf-spectacular walks every URL of the project, which would also publish Wagtail's admin API
(staff-only, answering 302 to the sign-in page); /api/schema/ is the public contract only.
"""

from drf_spectacular.utils import OpenApiResponse, inline_serializer
from rest_framework import serializers


def public_api_only(endpoints, **kwargs):
    """drf-spectacular preprocessing hook: keep the endpoints under /api/."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/")]


# One component for the error shape of portal.api.errors, shared by every operation.
API_ERROR = inline_serializer(
    "ApiError",
    {
        "error": inline_serializer(
            "ApiErrorDetail",
            {
                "code": serializers.CharField(),
                "message": serializers.CharField(),
                "field": serializers.CharField(allow_null=True),
            },
        )
    },
)
BAD_PARAMETER = OpenApiResponse(API_ERROR, description="A bad parameter, named in `error.field`.")
NOT_FOUND = OpenApiResponse(API_ERROR, description="No such record or page.")
NOT_MODIFIED = OpenApiResponse(
    description="Not modified: the ETag or date sent in If-None-Match / If-Modified-Since is "
    "still current (no body)."
)
