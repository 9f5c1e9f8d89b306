"""Public directory pages: browse city → county → township, one page per point, organisation
and project. Hidden records 404; township-precision points show their township only."""

from __future__ import annotations

import json
from urllib.parse import quote

from django.conf import settings
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import _json_script_escapes
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from . import public
from .hours import Schedule, format_date_range, format_span
from .models import Division, LocationPrecision
from .navigation import navigation_links
from .poster import poster_for, qr_svg


def _ld_json(data: dict) -> str:
    # The same escaping as json_script, so a name cannot close the <script> element.
    return mark_safe(json.dumps(data, ensure_ascii=False).translate(_json_script_escapes))


def _absolute(request, path: str) -> str:
    return request.build_absolute_uri(path)


def index(request):
    divisions, children, counts = public.division_tree()
    cities = public.nodes(children.get(None, []), divisions, counts)
    return render(
        request,
        "directory/index.html",
        {"cities": cities, "total": sum(node.count for node in cities)},
    )


def division(request, code: str):
    current = get_object_or_404(Division, code=code)
    divisions, children, counts = public.division_tree()
    node = public.nodes([current.pk], divisions, counts)[0]
    language = get_language()
    now = timezone.now()
    points = [
        {"point": p, "name": p.display_name(language), **_status(Schedule.for_point(p), now)}
        for p in public.public_points(current)
    ]
    return render(
        request,
        "directory/division.html",
        {
            "division": current,
            "name": current.display_name(language),
            "breadcrumbs": public.breadcrumbs(current)[:-1],
            "children": public.nodes(children.get(current.pk, []), divisions, counts),
            "level_counts": public.level_counts(node.by_level),
            "total": node.count,
            "points": points,
        },
    )


def _status(schedule: Schedule, now) -> dict:
    return {"hours_known": schedule.is_known, "open_now": schedule.is_open(now)}


def point_detail(request, pk: int):
    point = public.public_point(pk)
    if point is None:
        raise Http404
    language = get_language()
    schedule = Schedule.for_point(point)
    now = timezone.now()
    today = timezone.localdate(now)
    latitude, longitude = point.public_location()
    township_only = point.location_precision == LocationPrecision.TOWNSHIP
    address = public.public_address(point)
    chain = public.breadcrumbs(point.division)
    organization = point.responsible_organization
    if organization is not None and not organization.is_listed:
        organization = None
    url = _absolute(request, request.path)
    ld = {
        "@context": "https://schema.org",
        "@type": "GovernmentOffice",
        "@id": url,
        "name": point.display_name(language),
        "url": url,
        "address": {
            "@type": "PostalAddress",
            "addressCountry": "CN",
            "addressRegion": "福建省",
            "addressLocality": "".join(d.name for d in chain),
            **({} if township_only or not point.address else {"streetAddress": point.address}),
        },
        "geo": {"@type": "GeoCoordinates", "latitude": latitude, "longitude": longitude},
    }
    # schema.org has no precision for coordinates: an approximate position says so in words
    # (the same sentences as the HSDS download's location description).
    if township_only:
        ld["geo"]["description"] = _(
            "The position is the centre of the township, not the place itself."
        )
    elif point.location_approximate:
        ld["geo"]["description"] = _(
            "The position is the seat of the division served, not the place itself."
        )
    if point.service_phone:
        ld["telephone"] = point.service_phone
    hours_text = schedule.weekly_text(language)
    if schedule.periods:
        ld["openingHoursSpecification"] = [
            {
                "@type": "OpeningHoursSpecification",
                "dayOfWeek": f"https://schema.org/{DAYS[p.weekday]}",
                "opens": p.opens.strftime("%H:%M"),
                "closes": p.closes.strftime("%H:%M"),
            }
            for p in sorted(schedule.periods)
        ]
    if organization is not None:
        ld["parentOrganization"] = {"@type": "Organization", "name": organization.name}
    if hasattr(point, "plaque"):
        ld["award"] = f"{point.plaque.awarding_body} {point.plaque.number}"
    return render(
        request,
        "directory/point_detail.html",
        {
            "point": point,
            "name": point.display_name(language),
            "breadcrumbs": chain,
            "address": address,
            "township_only": township_only,
            "latitude": latitude,
            "longitude": longitude,
            "hours_text": hours_text,
            "hours_known": schedule.is_known,
            "open_now": schedule.is_open(now),
            "closures": [
                {"dates": format_date_range(c.start, c.end, language), "reason": c.reason}
                for c in schedule.upcoming_closures(today)
            ],
            "sessions": [
                {
                    "dates": format_date_range(s.start, s.end, language),
                    "hours": format_span(s.opens, s.closes, language),
                    "title": s.title,
                }
                for s in schedule.upcoming_sessions(today)
            ],
            "categories": list(point.categories.all()),
            "organization": organization,
            "plaque": getattr(point, "plaque", None),
            "navigation": navigation_links(latitude, longitude, point.display_name(language)),
            "projects": list(public.projects_at(point)),
            "map_tiles": public.map_tiles(),
            "report_url": _report_url(point.display_name(language), url),
            "ld_json": _ld_json(ld),
        },
    )


def point_poster(request, pk: int):
    """A printable A4 poster of a public point, with a QR code to its page, for noticeboards."""
    point = public.public_point(pk)
    if point is None:
        raise Http404
    language = get_language() or settings.LANGUAGE_CODE
    page_url = _absolute(request, reverse("directory:point", args=[point.pk]))
    poster = poster_for(point, page_url, language)
    return render(
        request,
        "directory/point_poster.html",
        {
            "point": point,
            "poster": poster,
            "qr": qr_svg(page_url, _("QR code: %(url)s") % {"url": page_url}),
        },
    )


DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def _report_url(name: str, url: str) -> str:
    subject = _("Correction for %(name)s") % {"name": name}
    body = _("Page: %(url)s\n\nWhat is wrong, and what is right:\n") % {"url": url}
    return (
        f"mailto:{settings.DIRECTORY_CORRECTIONS_EMAIL}?subject={quote(subject)}&body={quote(body)}"
    )


def organization_detail(request, pk: int):
    organization = public.public_organization(pk)
    if organization is None:
        raise Http404
    language = get_language()
    url = _absolute(request, request.path)
    ld = {
        "@context": "https://schema.org",
        "@type": "Organization",
        "@id": url,
        "name": organization.display_name(language),
        "url": url,
        "identifier": {
            "@type": "PropertyValue",
            "propertyID": "USCC",
            "value": organization.uscc,
        },
        "areaServed": [d.name for d in organization.service_area.all()],
    }
    if organization.description:
        ld["description"] = organization.description
    return render(
        request,
        "directory/organization_detail.html",
        {
            "organization": organization,
            "name": organization.display_name(language),
            "projects": list(organization.projects.all()),
            "report_url": _report_url(organization.display_name(language), url),
            "ld_json": _ld_json(ld),
        },
    )


def project_detail(request, pk: int):
    project = public.public_project(pk)
    if project is None:
        raise Http404
    language = get_language()
    title = project.title_en if language.startswith("en") and project.title_en else project.title
    url = _absolute(request, request.path)
    return render(
        request,
        "directory/project_detail.html",
        {
            "project": project,
            "title": title,
            "organization_name": project.organization.display_name(language),
            "points": list(project.service_points.all()),
            "dates": (
                format_date_range(
                    project.start_date, project.end_date or project.start_date, language
                )
                if project.start_date
                else ""
            ),
            "report_url": _report_url(title, url),
        },
    )
