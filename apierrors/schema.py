"""The OpenAPI responses every API operation shares: the error shape and 304."""

from drf_spectacular.utils import OpenApiResponse, inline_serializer
from rest_framework import serializers

# One component for the error shape of apierrors, shared by every operation.
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
