"""The API's one error shape, ``{"error": {"code", "message", "field"}}`` with a 4xx status, for
every app that answers under /api/ (the project's handlers in ``portal.api.errors`` apply it).

A package of the ground floor: apps raise these without importing the project shell.
"""

from __future__ import annotations

from django.core.validators import ProhibitNullCharactersValidator
from rest_framework import status
from rest_framework.exceptions import APIException


class InvalidParameter(APIException):
    """A query parameter the client got wrong; names the parameter in ``field``."""

    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "invalid_parameter"

    def __init__(self, field: str, message: str, code: str = "invalid_parameter"):
        self.field = field
        super().__init__(detail=message, code=code)


def error_body(code: str, message: str, field: str | None = None) -> dict:
    return {"error": {"code": code, "message": message, "field": field}}


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
