"""The OpenAPI description of /api/: what it covers (the responses every operation shares are
in ``apierrors.schema``).

drf-spectacular walks every URL of the project, which would also publish Wagtail's admin API
(staff-only, answering 302 to the sign-in page); /api/schema/ is the public contract only.
"""


def public_api_only(endpoints, **kwargs):
    """drf-spectacular preprocessing hook: keep the endpoints under /api/."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/")]
