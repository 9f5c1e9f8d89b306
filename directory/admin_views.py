"""Staff-only views of the directory admin (mounted under /admin/directory/ by wagtail_hooks)."""

from __future__ import annotations

from dataclasses import asdict

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import path
from django.utils.translation import gettext_lazy as _

from .importer import ImportFileError, import_directory
from .places import find_places

MAX_UPLOAD = 50 * 2**20


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV or XLSX file"),
        help_text=_("Columns as documented in docs/directory.md; UTF-8 for CSV."),
    )
    dry_run = forms.BooleanField(
        label=_("Dry run: check the file and write nothing"), required=False, initial=True
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Choose a .csv or .xlsx file."))
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError(_("The file is larger than 50 MB."))
        return upload


def import_view(request):
    """Upload a file, see the validation report; write only when valid and not a dry run."""
    if not request.user.has_perms(["directory.add_servicepoint", "directory.change_servicepoint"]):
        raise PermissionDenied
    report = error = None
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            report = import_directory(
                upload.name,
                dry_run=form.cleaned_data["dry_run"],
                content=upload.read(),
                user=request.user,
            )
        except ImportFileError as exc:
            error = str(exc)
    return render(
        request,
        "directory/admin/import.html",
        {"form": form, "report": report, "error": error, "header_title": _("Import directory")},
    )


def places(request):
    """Divisions matching ``q``, for the point map's address box (never calls the internet)."""
    query = request.GET.get("q", "")[:200]
    return JsonResponse({"results": [asdict(place) for place in find_places(query)]})


app_name = "directory_admin"
urlpatterns = [
    path("places/", places, name="places"),
    path("import/", import_view, name="import"),
]
