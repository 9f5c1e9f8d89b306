"""The display switch behind the header link (works without JavaScript)."""

from django.http import HttpResponseBadRequest, HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET

from .display import ELDER_MODE_COOKIE, ELDER_MODE_MAX_AGE
from .forms import ElderModeForm


@require_GET
def elder_mode(request):
    """Turn the elder-friendly mode on or off for this browser, then go back to the page."""
    form = ElderModeForm(request.GET)
    if not form.is_valid():
        field, errors = next(iter(form.errors.items()))
        return HttpResponseBadRequest(
            f"{field}: {errors[0]}", content_type="text/plain; charset=utf-8"
        )
    target = form.cleaned_data["next"]
    # Only back to a page of this site: the link must not become an open redirect.
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = HttpResponseRedirect(target)
    if form.cleaned_data["on"]:
        response.set_cookie(
            ELDER_MODE_COOKIE,
            "1",
            max_age=ELDER_MODE_MAX_AGE,
            samesite="Lax",
            httponly=True,
            secure=request.is_secure(),
        )
    else:
        response.delete_cookie(ELDER_MODE_COOKIE, samesite="Lax")
    return response
