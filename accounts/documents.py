"""Private documents (volunteers' certificates, organisations' registration papers): stored
outside every public folder, accepted by what the bytes are, not by the file name."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.template.defaultfilters import filesizeformat
from django.utils.functional import LazyObject
from django.utils.translation import gettext_lazy as _


class PrivateStorage(LazyObject):
    """Files under ``PRIVATE_MEDIA_ROOT``: no URL, served only by an access-checked view."""

    def _setup(self):
        self._wrapped = FileSystemStorage(location=settings.PRIVATE_MEDIA_ROOT, base_url=None)


_private_storage = PrivateStorage()


def private_storage() -> PrivateStorage:
    """The storage as a callable, so migrations record a reference, not a machine's path."""
    return _private_storage


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


class CertificateField(forms.FileField):
    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if upload and hasattr(upload, "size"):
            upload.sniffed_content_type = check_certificate(upload)
        return upload
