"""The no-criminal-record certificate: accepted by what the bytes are, not by the file name."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

# Leading bytes of the three formats we accept. A renamed .exe or .html matches none.
SIGNATURES = (
    (b"%PDF-", "application/pdf"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
)


def sniff_content_type(head: bytes) -> str | None:
    """The content type the leading bytes prove, or None."""
    for signature, content_type in SIGNATURES:
        if head.startswith(signature):
            return content_type
    return None


def check_certificate(upload) -> str:
    """Validate an uploaded certificate; returns its content type or raises ValidationError."""
    limit = settings.VOLUNTEER_UPLOAD_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            _("The file is too large: at most %(limit)s."),
            code="file_too_large",
            params={"limit": filesizeformat(limit)},
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    content_type = sniff_content_type(head)
    if content_type is None:
        raise ValidationError(
            _("Upload a PDF, JPEG or PNG file (the file's content is checked, not its name)."),
            code="file_type",
        )
    return content_type
