"""What of each directory record is public, declared once, in the order it is published.

The open-data API (opendata/serializers.py), the downloads and their data dictionary
(opendata/datasets.py) and the organisations' listing form (organizations/forms.py) read these
lists as ``Model.PUBLIC_FIELDS``: a field added here is published everywhere at once, and a field
left out (status, moderation, visibility, verification records) is never published.
"""

# What of a division is public, in the order the open-data API and the downloads publish it
# (``parent`` as its code, ``parent_code``).
DIVISION = (
    "code",
    "name",
    "name_en",
    "level",
    "parent",
    "latitude",
    "longitude",
    "location_approximate",
)

# What of an organisation is public, in the order the open-data API and the downloads
# publish it (``verified_at`` as the date ``verified_on``); owners, documents and the
# verification record stay private.
ORGANIZATION = (
    "name",
    "name_en",
    "uscc",
    "kind",
    "rating",
    "contact_channel",
    "service_area",
    "description",
    "verified_at",
)

# What of a project is public, in the order it is published. The open-data API
# (opendata/serializers.py), the downloads (opendata/datasets.py) and the organisation's
# listing form (organizations/forms.py, all but ``organization``, which the portal sets) read
# this one list: a field added here is written and published everywhere at once, and a field
# left out (status, moderation, is_public) is never published.
PROJECT = (
    "title",
    "title_en",
    "category",
    "organization",
    "service_points",
    "divisions",
    "summary",
    "start_date",
    "end_date",
    "schedule",
    "age_min",
    "age_max",
    "capacity",
    "is_free",
    "cost",
    "how_to_join",
)
