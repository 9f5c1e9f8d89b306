"""The choices the directory's records take (levels, categories, kinds, statuses): plain
enumerations, kept apart from the models so that forms, search and open data can name them."""

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


class ProjectCategory(models.TextChoices):
    """The programme's ten projects (十项工程), the taxonomy of services and project listings."""

    CARE_NETWORK = "care_network", _("Care network")
    HOLIDAY_CARE = "holiday_care", _("Holiday care")
    PAIRING_SUPPORT = "pairing_support", _("Pairing support")
    FAMILY_AFFECTION = "family_affection", _("Family affection")
    MENTAL_HEALTH = "mental_health", _("Mental health")
    CHILDRENS_SCHOOL = "childrens_school", _("Children's school")
    LOTTERY_EDUCATION_AID = "lottery_education_aid", _("Lottery education aid")
    LEGAL_AID = "legal_aid", _("Legal aid")
    SMART_CARE = "smart_care", _("Smart care")
    TEAM_BUILDING = "team_building", _("Team building")


class LocationPrecision(models.TextChoices):
    """How precisely a point may be published."""

    EXACT = "exact", _("Exact")
    # Some children's homes are in a private setting: publish only the township's centre.
    TOWNSHIP = "township", _("Township centre only")


class OrganizationKind(models.TextChoices):
    SOCIAL_ORGANISATION = "social_organisation", _("Social organisation")
    SOCIAL_WORK_AGENCY = "social_work_agency", _("Social-work agency")
    CHARITY = "charity", _("Charity")
    VOLUNTEER_TEAM = "volunteer_team", _("Volunteer team")


class OrganizationRating(models.TextChoices):
    """社会组织评估等级."""

    NONE = "", _("Not rated")
    A1 = "1A", "1A"
    A2 = "2A", "2A"
    A3 = "3A", "3A"
    A4 = "4A", "4A"
    A5 = "5A", "5A"


class VerificationStatus(models.TextChoices):
    """Where an organisation stands with the county or city staff who verify it."""

    PENDING = "pending", _("Waiting for verification")
    VERIFIED = "verified", _("Verified")
    REJECTED = "rejected", _("Rejected")


class ListingStatus(models.TextChoices):
    """A project listing's moderation: only published listings are public."""

    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted for moderation")
    PUBLISHED = "published", _("Published")
    RETURNED = "returned", _("Returned with comments")
    ARCHIVED = "archived", _("Archived")


class Weekday(models.IntegerChoices):
    """Days of the week numbered as Python's ``date.weekday()`` (Monday is 0)."""

    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class ChangeAction(models.TextChoices):
    CREATED = "created", _("Created")
    UPDATED = "updated", _("Updated")
    DELETED = "deleted", _("Deleted")
    WITHDRAWN = "withdrawn", _("Withdrawn from public view")
