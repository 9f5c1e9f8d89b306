"""The four-level service network and the administrative divisions it is laid over."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    """Levels shared by divisions and service points (DESIGN.md §3)."""

    CITY = "city", _("City")
    COUNTY = "county", _("County")
    TOWNSHIP = "township", _("Township")
    VILLAGE = "village", _("Village")


class ServiceLevel(models.TextChoices):
    """The four levels of the service network, with the names the programme gives them."""

    CITY = "city", _("Regional child-welfare institution")
    COUNTY = "county", _("Minors-protection and guidance centre")
    TOWNSHIP = "township", _("Children's care station")
    VILLAGE = "village", _("Children's home")


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

    class Meta:
        ordering = ["code"]
        verbose_name = _("division")
        verbose_name_plural = _("divisions")

    def __str__(self) -> str:
        return self.name


class ServicePointQuerySet(models.QuerySet):
    def public(self) -> "ServicePointQuerySet":
        return self.filter(is_public=True)

    def demo(self) -> "ServicePointQuerySet":
        return self.filter(is_demo=True)


class ServicePoint(BilingualName, models.Model):
    """A place in the four-level network where children and families get help.

    City: regional child-welfare institution; county: minors-protection and guidance centre;
    township: children's care station; village: children's home (DESIGN.md §3).
    """

    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(
        _("English name"), max_length=200, blank=True, help_text=_("Shown on the English site.")
    )
    level = models.CharField(_("level"), max_length=16, choices=ServiceLevel.choices, db_index=True)
    division = models.ForeignKey(
        Division,
        verbose_name=_("division"),
        on_delete=models.PROTECT,
        related_name="service_points",
        help_text=_("The division the point serves: its city, county or township."),
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    latitude = models.FloatField(_("latitude"), help_text=_("WGS-84 latitude."))
    longitude = models.FloatField(_("longitude"), help_text=_("WGS-84 longitude."))
    location_approximate = models.BooleanField(
        _("location approximate"),
        default=False,
        help_text=_("The point was placed at its division's seat, not at its own address."),
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
