"""The four-level service network and the administrative divisions it is laid over."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel

from . import public_fields
from .choices import (  # noqa: F401 - re-exported: the directory's names live beside its models
    ChangeAction,
    Level,
    ListingStatus,
    LocationPrecision,
    OrganizationKind,
    OrganizationRating,
    ProjectCategory,
    ServiceLevel,
    VerificationStatus,
    Weekday,
)
from .codes import code_prefix  # noqa: F401 - the rule, re-exported beside Division
from .privacy import validate_no_personal_data, validate_public_contact
from .validators import validate_uscc

# Published free text: long enough for a real description, short enough for a list and a page.
DESCRIPTION_MAX_LENGTH = 2000
HOW_TO_JOIN_MAX_LENGTH = 500


class RecordsChanges:
    """Saves through the change history (directory/changes.py), in one transaction."""

    def save(self, *args, **kwargs):
        from .changes import save_with_history

        save_with_history(self, super().save, *args, **kwargs)


class BilingualName:
    """Chooses ``name`` or ``name_en`` for the language being served."""

    name: str
    name_en: str

    def display_name(self, language: str | None = None) -> str:
        """The name in the given language (English falls back to Chinese when unknown)."""
        if language and language.startswith("en") and self.name_en:
            return self.name_en
        return self.name


class Division(BilingualName, models.Model):
    """An administrative division of Fujian (city, county or township) with its NBS code.

    Loaded from the NBS 2023 codes with GeoNames seat points; where no open source places a
    division, it carries its parent's point and ``location_approximate`` is set.
    """

    code = models.CharField(
        _("code"),
        max_length=12,
        unique=True,
        help_text=_(
            "NBS statistical division code: 6 digits for cities and counties, 9 for townships."
        ),
    )
    name = models.CharField(_("name"), max_length=64)
    name_en = models.CharField(
        _("English name"),
        max_length=128,
        blank=True,
        help_text=_("Pinyin name with an English level word, e.g. Taining County."),
    )
    level = models.CharField(_("level"), max_length=16, choices=Level.choices, db_index=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    latitude = models.FloatField(_("latitude"), help_text=_("WGS-84 latitude of the seat."))
    longitude = models.FloatField(_("longitude"), help_text=_("WGS-84 longitude of the seat."))
    location_approximate = models.BooleanField(
        _("location approximate"),
        default=False,
        help_text=_("The point is the parent division's, as no open source places this one."),
    )
    # For the open-data API's modified_after and its Last-Modified.
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("division")
        verbose_name_plural = _("divisions")

    def __str__(self) -> str:
        return self.name

    PUBLIC_FIELDS = public_fields.DIVISION

    def code_prefix(self) -> str:
        """The code prefix that selects this division and everything inside it (``code_prefix``)."""
        return code_prefix(self.code)


class ServiceCategory(models.Model):
    """One of the ten projects, as a row so a service point can offer several (seeded)."""

    code = models.CharField(
        _("code"), max_length=32, primary_key=True, choices=ProjectCategory.choices
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("service category")
        verbose_name_plural = _("service categories")

    def __str__(self) -> str:
        return str(ProjectCategory(self.code).label)


class ServicePointQuerySet(models.QuerySet):
    def public(self) -> "ServicePointQuerySet":
        return self.filter(is_public=True)

    def demo(self) -> "ServicePointQuerySet":
        return self.filter(is_demo=True)

    def with_public_location(self) -> "ServicePointQuerySet":
        """Annotate ``public_lat``/``public_lon``/``public_approximate``: the rules of
        ``ServicePoint.public_location()`` and ``public_location_approximate()`` as SQL.

        The same township-precision rule, for bulk readers (map clusters, exports) that cannot
        afford to build a model instance per row.
        """
        township = models.Q(location_precision=LocationPrecision.TOWNSHIP)
        return self.annotate(
            public_lat=models.Case(
                models.When(township, then=models.F("division__latitude")),
                default=models.F("latitude"),
                output_field=models.FloatField(),
            ),
            public_lon=models.Case(
                models.When(township, then=models.F("division__longitude")),
                default=models.F("longitude"),
                output_field=models.FloatField(),
            ),
            public_approximate=models.Case(
                models.When(township | models.Q(location_approximate=True), then=True),
                default=False,
                output_field=models.BooleanField(),
            ),
        )


class ServicePoint(RecordsChanges, BilingualName, ClusterableModel):
    """A place in the four-level network where children and families get help.

    City: regional child-welfare institution; county: minors-protection and guidance centre;
    township: children's care station; village: children's home (DESIGN.md §3).
    """

    name = models.CharField(_("name"), max_length=200, validators=[validate_no_personal_data])
    name_en = models.CharField(
        _("English name"),
        max_length=200,
        blank=True,
        validators=[validate_no_personal_data],
        help_text=_("Shown on the English site."),
    )
    level = models.CharField(_("level"), max_length=16, choices=ServiceLevel.choices, db_index=True)
    division = models.ForeignKey(
        Division,
        verbose_name=_("division"),
        on_delete=models.PROTECT,
        related_name="service_points",
        help_text=_("The division the point serves: its city, county or township."),
    )
    address = models.CharField(
        _("address"), max_length=300, blank=True, validators=[validate_no_personal_data]
    )
    latitude = models.FloatField(_("latitude"), help_text=_("WGS-84 latitude."))
    longitude = models.FloatField(_("longitude"), help_text=_("WGS-84 longitude."))
    location_approximate = models.BooleanField(
        _("location approximate"),
        default=False,
        help_text=_("The point was placed at its division's seat, not at its own address."),
    )
    location_precision = models.CharField(
        _("location precision"),
        max_length=16,
        choices=LocationPrecision.choices,
        default=LocationPrecision.EXACT,
        help_text=_(
            "Township centre only: public output shows the township's centre, never this point."
        ),
    )
    categories = models.ManyToManyField(
        ServiceCategory,
        verbose_name=_("services offered"),
        blank=True,
        related_name="service_points",
        help_text=_("Which of the programme's ten projects this point delivers."),
    )
    service_phone = models.CharField(
        _("service phone"),
        max_length=32,
        blank=True,
        help_text=_("The station's public service line. Never a person's mobile number."),
    )
    is_public = models.BooleanField(
        _("public"), default=True, help_text=_("Hidden points appear in no public output.")
    )
    is_demo = models.BooleanField(
        _("demo record"),
        default=False,
        help_text=_("Generated demonstration data, not a real station. Flagged in every export."),
    )
    external_id = models.CharField(
        _("external id"),
        max_length=64,
        unique=True,
        null=True,
        blank=True,
        help_text=_("Stable identifier used by imports to update the same record."),
    )
    accessibility_notes = models.TextField(
        _("accessibility notes"),
        blank=True,
        max_length=1000,
        validators=[validate_no_personal_data],
        help_text=_("Step-free access, accessible toilet, sign language, how to ask for help."),
    )
    responsible_organization = models.ForeignKey(
        "Organization",
        verbose_name=_("responsible organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="service_points",
        help_text=_(
            "The organisation that runs the point, when it is not the civil-affairs office."
        ),
    )
    last_verified = models.DateField(
        _("last verified"),
        null=True,
        blank=True,
        help_text=_("When staff last confirmed these details with the point itself."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ServicePointQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        verbose_name = _("service point")
        verbose_name_plural = _("service points")
        # Viewport queries filter on both coordinates at once; a composite index is what helps.
        indexes = [models.Index(fields=["longitude", "latitude"], name="servicepoint_lon_lat")]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        # The township centre is only meaningful when the point's division is a township.
        if (
            self.location_precision == LocationPrecision.TOWNSHIP
            and self.division_id
            and self.division.level != Level.TOWNSHIP
        ):
            raise ValidationError(
                {
                    "division": _(
                        "A point published at township precision must belong to a township."
                    )
                },
                code="township_precision_needs_township",
            )

    def public_location(self) -> tuple[float, float]:
        """(latitude, longitude) that public output may carry.

        The one place where the township-precision rule is applied: every page, API, download and
        search index must take the location from here.
        """
        if self.location_precision == LocationPrecision.TOWNSHIP:
            return self.division.latitude, self.division.longitude
        return self.latitude, self.longitude

    def public_location_approximate(self) -> bool:
        """Whether the public location is only a division's seat, not the point's own place.

        True for a point placed at its division's seat (``location_approximate``, e.g. a
        township without a seat point of its own, at its county's) and for one published at
        township precision. Maps, lists and APIs then mark it approximate and show no distance
        in metres: the point may be tens of kilometres from where it is drawn.
        """
        return self.location_approximate or self.location_precision == LocationPrecision.TOWNSHIP


# An organisation not re-verified within this time is stale: out of every public output.
VERIFICATION_VALID_FOR = datetime.timedelta(days=365)


def public_organization_q(prefix: str = "", now: datetime.datetime | None = None) -> models.Q:
    """The one rule for which organisations are public: shown, verified, not stale.

    ``prefix`` applies it through a relation (``"organization__"`` from a project).
    """
    now = now or timezone.now()
    return models.Q(
        **{
            f"{prefix}is_public": True,
            f"{prefix}verification_status": VerificationStatus.VERIFIED,
            f"{prefix}verified_at__gt": now - VERIFICATION_VALID_FOR,
        }
    )


class OrganizationQuerySet(models.QuerySet):
    def public(self, now: datetime.datetime | None = None) -> "OrganizationQuerySet":
        """Organisations any public page, API, download or search index may show."""
        return self.filter(public_organization_q(now=now))

    def stale(self, now: datetime.datetime | None = None) -> "OrganizationQuerySet":
        """Verified organisations whose verification is more than a year old."""
        now = now or timezone.now()
        return self.filter(
            verification_status=VerificationStatus.VERIFIED,
            verified_at__lte=now - VERIFICATION_VALID_FOR,
        )


class Organization(RecordsChanges, BilingualName, models.Model):
    """A social organisation, social-work agency, charity or volunteer team serving children.

    Identified by its Unified Social Credit Code; its public contact is a channel of the
    organisation, never a person's phone.
    """

    PUBLIC_FIELDS = public_fields.ORGANIZATION

    name = models.CharField(_("name"), max_length=200, validators=[validate_no_personal_data])
    name_en = models.CharField(
        _("English name"), max_length=200, blank=True, validators=[validate_no_personal_data]
    )
    uscc = models.CharField(
        _("Unified Social Credit Code"),
        max_length=18,
        unique=True,
        validators=[validate_uscc],
        help_text=_("18 characters, GB 32100-2015 check digit."),
    )
    kind = models.CharField(_("kind"), max_length=32, choices=OrganizationKind.choices)
    rating = models.CharField(
        _("rating"), max_length=2, choices=OrganizationRating.choices, blank=True, default=""
    )
    service_area = models.ManyToManyField(
        Division,
        verbose_name=_("service area"),
        blank=True,
        related_name="organizations",
        help_text=_("Divisions the organisation serves."),
    )
    contact_channel = models.CharField(
        _("public contact channel"),
        max_length=200,
        blank=True,
        validators=[validate_public_contact],
        help_text=_("An office line, website or official account. Never a person's mobile."),
    )
    description = models.TextField(
        _("description"),
        blank=True,
        max_length=DESCRIPTION_MAX_LENGTH,
        validators=[validate_no_personal_data],
    )
    is_public = models.BooleanField(
        _("public"),
        default=True,
        help_text=_("Hidden organisations appear nowhere public, even when verified."),
    )
    is_demo = models.BooleanField(_("demo record"), default=False)
    external_id = models.CharField(
        _("external id"), max_length=64, unique=True, null=True, blank=True
    )
    verification_status = models.CharField(
        _("verification"),
        max_length=16,
        choices=VerificationStatus.choices,
        default=VerificationStatus.PENDING,
        db_index=True,
        help_text=_("Changed only through the review pages, which record every decision."),
    )
    verified_at = models.DateTimeField(
        _("last verified"),
        null=True,
        blank=True,
        help_text=_("A verification older than a year makes the organisation stale."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name

    @property
    def is_stale(self) -> bool:
        """Verified, but not re-verified for a year."""
        return (
            self.verification_status == VerificationStatus.VERIFIED
            and self.verified_at is not None
            and self.verified_at <= timezone.now() - VERIFICATION_VALID_FOR
        )

    @property
    def is_listed(self) -> bool:
        """The public rule of ``OrganizationQuerySet.public()`` for one loaded instance."""
        return (
            self.is_public
            and self.verification_status == VerificationStatus.VERIFIED
            and self.verified_at is not None
            and not self.is_stale
        )


# The programme's rule: a holiday camp runs at least ten days per session.
HOLIDAY_CAMP_MIN_DAYS = 10


class ProjectQuerySet(models.QuerySet):
    def public(self, now: datetime.datetime | None = None) -> "ProjectQuerySet":
        """Published, shown listings of public organisations: all that public output may show."""
        return self.filter(
            public_organization_q("organization__", now),
            is_public=True,
            status=ListingStatus.PUBLISHED,
        )


class Project(RecordsChanges, models.Model):
    """A service that an organisation runs under one of the ten projects: a summer camp, a weekend
    class, counselling, legal aid... at one or more places."""

    PUBLIC_FIELDS = public_fields.PROJECT

    title = models.CharField(_("title"), max_length=200, validators=[validate_no_personal_data])
    title_en = models.CharField(
        _("English title"), max_length=200, blank=True, validators=[validate_no_personal_data]
    )
    category = models.CharField(_("category"), max_length=32, choices=ProjectCategory.choices)
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="projects",
    )
    service_points = models.ManyToManyField(
        ServicePoint,
        verbose_name=_("service points"),
        blank=True,
        related_name="projects",
        help_text=_("Stations where the project takes place."),
    )
    divisions = models.ManyToManyField(
        Division,
        verbose_name=_("places served"),
        blank=True,
        related_name="projects",
        help_text=_("Divisions served, when the project is not tied to a station."),
    )
    summary = models.TextField(
        _("summary"),
        blank=True,
        max_length=DESCRIPTION_MAX_LENGTH,
        validators=[validate_no_personal_data],
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)
    schedule = models.CharField(
        _("recurring schedule"),
        max_length=200,
        blank=True,
        validators=[validate_no_personal_data],
        help_text=_("For regular activities, e.g. every Saturday 9:00–11:00."),
    )
    age_min = models.PositiveSmallIntegerField(_("youngest age"), null=True, blank=True)
    age_max = models.PositiveSmallIntegerField(_("oldest age"), null=True, blank=True)
    is_free = models.BooleanField(_("free of charge"), default=True)
    cost = models.CharField(
        _("cost"),
        max_length=200,
        blank=True,
        validators=[validate_no_personal_data],
        help_text=_("What families pay, if anything."),
    )
    how_to_join = models.TextField(
        _("how to join"),
        blank=True,
        max_length=HOW_TO_JOIN_MAX_LENGTH,
        validators=[validate_public_contact],
        help_text=_("How families sign up: an office line, a station, a date. No personal phone."),
    )
    status = models.CharField(
        _("moderation status"),
        max_length=16,
        choices=ListingStatus.choices,
        default=ListingStatus.DRAFT,
        db_index=True,
        help_text=_("Changed only through moderation, which records every step."),
    )
    is_public = models.BooleanField(
        _("public"), default=True, help_text=_("Hidden projects appear nowhere, even published.")
    )
    is_demo = models.BooleanField(_("demo record"), default=False)
    external_id = models.CharField(
        _("external id"), max_length=64, unique=True, null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProjectQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        errors = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = ValidationError(
                _("The last day cannot be before the first day."), code="reversed_dates"
            )
        elif (
            self.category == ProjectCategory.HOLIDAY_CARE
            and self.start_date
            and self.end_date
            and (self.end_date - self.start_date).days + 1 < HOLIDAY_CAMP_MIN_DAYS
        ):
            errors["end_date"] = ValidationError(
                _(
                    "A holiday camp must run at least %(days)s days per session; this one runs "
                    "%(actual)s."
                ),
                code="holiday_camp_too_short",
                params={
                    "days": HOLIDAY_CAMP_MIN_DAYS,
                    "actual": (self.end_date - self.start_date).days + 1,
                },
            )
        if self.age_min is not None and self.age_max is not None and self.age_max < self.age_min:
            errors["age_max"] = ValidationError(
                _("The oldest age cannot be below the youngest."), code="reversed_ages"
            )
        if errors:
            raise ValidationError(errors)

    @property
    def is_listed(self) -> bool:
        """The public rule of ``ProjectQuerySet.public()`` for one loaded instance."""
        return (
            self.is_public
            and self.status == ListingStatus.PUBLISHED
            and self.organization.is_listed
        )


def _validate_times(opens, closes) -> None:
    if opens is not None and closes is not None and opens == closes:
        raise ValidationError(
            {"closes": _("Closing time must differ from opening time.")}, code="empty_period"
        )


class OpeningPeriod(RecordsChanges, models.Model):
    """One weekly opening period of a service point; a day may have several (morning, afternoon).

    A period whose closing time is earlier than its opening time runs past midnight into the next
    day (a shelter's night duty 20:00–08:00); it belongs to the day on which it starts.
    """

    service_point = ParentalKey(
        ServicePoint, on_delete=models.CASCADE, related_name="opening_periods"
    )
    weekday = models.PositiveSmallIntegerField(_("day"), choices=Weekday.choices)
    opens = models.TimeField(_("opens"), help_text=_("e.g. 08:30"))
    closes = models.TimeField(
        _("closes"),
        help_text=_("e.g. 17:30. Earlier than the opening time: the period ends the next day."),
    )

    class Meta:
        ordering = ["weekday", "opens"]
        verbose_name = _("opening period")
        verbose_name_plural = _("opening periods")

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"

    def clean(self) -> None:
        _validate_times(self.opens, self.closes)


class Closure(RecordsChanges, models.Model):
    """Dates on which the weekly hours do not apply (public holidays, renovation)."""

    service_point = ParentalKey(ServicePoint, on_delete=models.CASCADE, related_name="closures")
    start_date = models.DateField(_("first day closed"))
    end_date = models.DateField(_("last day closed"), help_text=_("Inclusive."))
    reason = models.CharField(
        _("reason"),
        max_length=100,
        blank=True,
        validators=[validate_no_personal_data],
        help_text=_("e.g. National Day holiday"),
    )

    class Meta:
        ordering = ["start_date"]
        verbose_name = _("closure")
        verbose_name_plural = _("closures")

    def __str__(self) -> str:
        return f"{self.start_date}–{self.end_date}"

    def clean(self) -> None:
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError(
                {"end_date": _("The last day closed cannot be before the first day.")},
                code="reversed_dates",
            )


class Session(RecordsChanges, models.Model):
    """Dated opening outside the weekly pattern, e.g. a holiday camp open every day of a fortnight.

    Sessions are opened deliberately on their dates, so a closure does not cancel them.
    """

    service_point = ParentalKey(ServicePoint, on_delete=models.CASCADE, related_name="sessions")
    title = models.CharField(
        _("title"),
        max_length=100,
        blank=True,
        validators=[validate_no_personal_data],
        help_text=_("e.g. Summer holiday camp"),
    )
    start_date = models.DateField(_("first day"))
    end_date = models.DateField(
        _("last day"), help_text=_("Inclusive; same as the first day for one day.")
    )
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(
        _("closes"), help_text=_("Earlier than the opening time: each session ends the next day.")
    )

    class Meta:
        ordering = ["start_date", "opens"]
        verbose_name = _("dated session")
        verbose_name_plural = _("dated sessions")

    def __str__(self) -> str:
        return f"{self.title} {self.start_date}–{self.end_date}"

    def clean(self) -> None:
        _validate_times(self.opens, self.closes)
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError(
                {"end_date": _("The last day cannot be before the first day.")},
                code="reversed_dates",
            )


class Plaque(RecordsChanges, models.Model):
    """The plaque (授牌) awarding a county its minors-protection guidance centre; one per centre."""

    service_point = models.OneToOneField(
        ServicePoint,
        verbose_name=_("guidance centre"),
        on_delete=models.CASCADE,
        related_name="plaque",
        limit_choices_to={"level": ServiceLevel.COUNTY},
        help_text=_("The county minors-protection and guidance centre that holds the plaque."),
    )
    number = models.CharField(
        _("plaque number"),
        max_length=64,
        unique=True,
        validators=[validate_no_personal_data],
        help_text=_("As engraved on the plaque."),
    )
    awarded_on = models.DateField(_("date awarded"))
    awarding_body = models.CharField(
        _("awarding body"),
        max_length=200,
        validators=[validate_no_personal_data],
        help_text=_("e.g. 福建省民政厅 (Fujian Department of Civil Affairs)"),
    )
    is_demo = models.BooleanField(_("demo record"), default=False)

    class Meta:
        ordering = ["awarded_on"]
        verbose_name = _("plaque")
        verbose_name_plural = _("plaques")

    def __str__(self) -> str:
        return self.number

    def clean(self) -> None:
        point = getattr(self, "service_point", None) if self.service_point_id else None
        if point is not None and point.level != ServiceLevel.COUNTY:
            raise ValidationError(
                {"service_point": _("Plaques are awarded to county guidance centres only.")},
                code="not_county",
            )


class DirectoryChange(models.Model):
    """One recorded change to a directory record: who, when, which fields, old → new.

    Written in the same transaction as the change itself, so the log never disagrees with the
    data; it feeds the public changelog, which shows only changes to public records.
    """

    model = models.CharField(_("record type"), max_length=32, db_index=True)
    object_id = models.CharField(_("record id"), max_length=64, db_index=True)
    object_repr = models.CharField(_("record"), max_length=200)
    action = models.CharField(_("action"), max_length=16, choices=ChangeAction.choices)
    changed_fields = models.JSONField(
        _("changed fields"),
        default=dict,
        blank=True,
        help_text=_("Field name → [old, new]; personal fields carry only their name."),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    source = models.CharField(
        _("source"), max_length=32, blank=True, help_text=_("admin, import, demo, shell…")
    )
    is_public = models.BooleanField(
        _("public record"),
        default=True,
        help_text=_("Whether the record was public after the change."),
    )
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-changed_at", "-id"]
        verbose_name = _("directory change")
        verbose_name_plural = _("directory changes")

    def __str__(self) -> str:
        return f"{self.changed_at:%Y-%m-%d %H:%M} {self.action} {self.model} {self.object_id}"
