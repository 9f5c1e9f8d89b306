# AccountPhone and ReviewerScope move to the accounts app (accounts 0001 takes them over).
# State only: the tables volunteer_accountphone and volunteer_reviewerscope stay where they are.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('volunteer', '0003_pairing_contacts_cadence'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name='AccountPhone'),
                migrations.DeleteModel(name='ReviewerScope'),
            ],
            database_operations=[],
        ),
    ]
