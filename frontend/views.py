from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

SECTIONS = {
    "map": {
        "title": _("Service map"),
        "text": _(
            "The searchable map of the service network is being built. Until it is ready, the "
            "home page shows how many stations there are at each level."
        ),
    },
    "volunteer": {
        "title": _("Volunteer"),
        "text": _(
            "Sign-up for caring parents and pairing volunteers is being built. Every volunteer is "
            "vetted before meeting a child."
        ),
    },
}


def section_placeholder(request, section: str):
    """A section whose feature is still being built: a real page, never a 404."""
    return render(request, "frontend/placeholder.html", SECTIONS[section])
