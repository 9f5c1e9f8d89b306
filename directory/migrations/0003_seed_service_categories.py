from django.db import migrations

CODES = [
    "care_network",
    "holiday_care",
    "pairing_support",
    "family_affection",
    "mental_health",
    "childrens_school",
    "lottery_education_aid",
    "legal_aid",
    "smart_care",
    "team_building",
]


def seed(apps, schema_editor):
    ServiceCategory = apps.get_model("directory", "ServiceCategory")
    for code in CODES:
        ServiceCategory.objects.get_or_create(code=code)


class Migration(migrations.Migration):
    dependencies = [("directory", "0002_network_taxonomy_organizations")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
