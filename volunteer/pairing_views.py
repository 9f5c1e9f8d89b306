"""Pages of pairing and the contact log: the volunteer's (under /volunteer/my/) and the
reviewers' (under /volunteer/review/, behind TOTP and scoped to their counties)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

import audit
from accounts.services import is_reviewer
from volunteer import pairing as services
from volunteer.models import AccessAction, Pairing
from volunteer.pairing_forms import ContactForm, EndPairingForm, PairingForm
from volunteer.services import log_access


def _reviewer_required(request) -> None:
    if not is_reviewer(request.user):
        log_access(request, AccessAction.DENIED)
        raise PermissionDenied


def _scoped_pairing(request, pk: int) -> Pairing:
    _reviewer_required(request)
    pairing = services.reviewable_pairings(request.user).filter(pk=pk).first()
    if pairing is None:
        # Another county's pairing is answered like one that does not exist, and recorded.
        hidden = Pairing.objects.filter(pk=pk).first()
        if hidden is not None:
            audit.record_out_of_scope(request, hidden)
        raise Http404
    return pairing


# --- the volunteer ------------------------------------------------------------------------


@login_required
def my_pairings(request):
    today = timezone.localdate()
    pairings = [
        (pairing, services.standing(pairing, today) if pairing.is_open else [])
        for pairing in services.own_pairings(request.user)
    ]
    return render(request, "volunteer/my_pairings.html", {"pairings": pairings, "today": today})


@login_required
def log_contact(request, pk: int):
    pairing = get_object_or_404(services.own_pairings(request.user), pk=pk)
    if not pairing.is_open or pairing.is_suspended:
        messages.error(
            request,
            _("This pairing has ended.")
            if not pairing.is_open
            else _("Your approval has expired: contacts can be logged again after the re-check."),
        )
        return redirect("volunteer_my_pairings")
    form = ContactForm(request.POST or None, pairing=pairing)
    if request.method == "POST" and form.is_valid():
        try:
            contact = services.log_contact(pairing, user=request.user, **form.cleaned_data)
        except services.PairingRefused as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("Contact logged. The county centre has been told about your concern.")
                if contact.concern
                else _("Contact logged. Thank you."),
            )
            return redirect("volunteer_my_pairings")
    return render(
        request,
        "volunteer/log_contact.html",
        {"form": form, "pairing": pairing},
        status=400 if request.method == "POST" else 200,
    )


# --- reviewers ----------------------------------------------------------------------------


@login_required
def review_pairings(request):
    _reviewer_required(request)
    pairings = services.reviewable_pairings(request.user).select_related("application")
    return render(
        request,
        "volunteer/review_pairings.html",
        {"pairings": pairings[:500], "count": pairings.count()},
    )


@login_required
def review_pairing_new(request):
    _reviewer_required(request)
    form = PairingForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            pairing = services.create_pairing(actor=request.user, **form.cleaned_data)
        except services.PairingRefused as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Pairing created."))
            return redirect("volunteer_review_pairing", pk=pairing.pk)
    return render(
        request,
        "volunteer/review_pairing_new.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def review_pairing(request, pk: int):
    pairing = _scoped_pairing(request, pk)
    form = EndPairingForm(request.POST or None, pairing=pairing)
    if request.method == "POST" and form.is_valid():
        try:
            services.end_pairing(
                pairing,
                ended_on=form.cleaned_data["ended_on"],
                reason=form.cleaned_data["end_reason"],
                actor=request.user,
            )
        except services.PairingRefused as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Pairing ended."))
        return redirect("volunteer_review_pairing", pk=pairing.pk)
    # The notes are about a child: every look is logged.
    log_access(request, AccessAction.VIEW_PAIRING, pairing.application)
    return render(
        request,
        "volunteer/review_pairing.html",
        {
            "pairing": pairing,
            "standing": services.standing(pairing) if pairing.is_open else [],
            "contacts": pairing.contacts.all(),
            "form": form,
        },
    )


@login_required
def review_overdue(request):
    _reviewer_required(request)
    return render(
        request,
        "volunteer/review_overdue.html",
        {"overdue": services.overdue_for_reviewer(request.user)},
    )
