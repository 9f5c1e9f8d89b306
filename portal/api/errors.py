"""The project's handlers that give every API error the shape of ``apierrors`` (the exception
handler DRF calls, and the 404 handler for URLs under /api/ that match no route)."""

from __future__ import annotations

from django.http import Http404, JsonResponse
from django.views.defaults import page_not_found
from rest_framework import status
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response
from rest_framework.views import exception_handler

from apierrors import InvalidParameter, error_body


def _first_message(detail) -> tuple[str | None, str, str]:
    """(field, message, code) of the first problem in a DRF error detail tree."""
    if isinstance(detail, dict):
        field, value = next(iter(detail.items()))
        _, message, code = _first_message(value)
        return (None if field == "non_field_errors" else str(field)), message, code
    if isinstance(detail, list) and detail:
        return _first_message(detail[0])
    return None, str(detail), getattr(detail, "code", "invalid")


def api_exception_handler(exc, context):
    # DRF turns Django's Http404 into a NotFound response but passes the original exception on;
    # convert it first so the body below can read ``detail`` (get_object_or_404 in any view).
    if isinstance(exc, Http404):
        exc = NotFound()
    response = exception_handler(exc, context)
    if response is None:
        return None  # not an API exception: Django's handling (and a logged 500) applies
    if isinstance(exc, InvalidParameter):
        body = error_body(
            exc.default_code if not exc.get_codes() else exc.get_codes(), str(exc.detail), exc.field
        )
    elif isinstance(exc, ValidationError):
        field, message, code = _first_message(exc.detail)
        body = error_body(code or "invalid", message, field)
    else:
        codes = exc.get_codes() if hasattr(exc, "get_codes") else "error"
        body = error_body(codes if isinstance(codes, str) else "error", str(exc.detail))
    return Response(body, status=response.status_code, headers=dict(response.headers))


def not_found(request, exception=None):
    """The project's 404 handler: under /api/ the API's error shape, elsewhere the site's page.

    A URL under /api/ that matches no route (``/api/v1/projects/0.5/``) never reaches DRF, so
    without this it would answer Django's HTML page to a client that reads JSON.
    """
    if request.path.startswith("/api/"):
        return JsonResponse(
            error_body("not_found", str(NotFound.default_detail)), status=status.HTTP_404_NOT_FOUND
        )
    return page_not_found(request, exception)
