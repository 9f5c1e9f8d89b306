"""The API's one error shape: ``{"error": {"code", "message", "field"}}`` with a 4xx status."""

from __future__ import annotations

from django.core.validators import ProhibitNullCharactersValidator
from django.http import Http404, JsonResponse
from django.views.defaults import page_not_found
from rest_framework import status
from rest_framework.exceptions import APIException, NotFound, ValidationError
from rest_framework.response import Response
from rest_framework.views import exception_handler


class InvalidParameter(APIException):
    """A query parameter the client got wrong; names the parameter in ``field``."""

    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "invalid_parameter"

    def __init__(self, field: str, message: str, code: str = "invalid_parameter"):
        self.field = field
        super().__init__(detail=message, code=code)


def error_body(code: str, message: str, field: str | None = None) -> dict:
    return {"error": {"code": code, "message": message, "field": field}}


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


def reject_nul(query_params) -> None:
    """A 400 naming the first parameter that holds a NUL character.

    PostgreSQL refuses NUL in any text it is given, so such a value would otherwise reach the
    database as a filter and fail there with a 500.
    """
    for name, values in query_params.lists():
        if "\x00" in name or any("\x00" in value for value in values):
            raise InvalidParameter(
                name.replace("\x00", ""), str(ProhibitNullCharactersValidator.message)
            )
