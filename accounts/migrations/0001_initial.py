# The accounts app takes over AccountPhone and ReviewerScope from volunteer (volunteer 0004).
# State only: the models keep their tables (db_table = volunteer_*), so no row is copied and no
# table renamed. Their content types are relabelled, so permissions granted on them stay granted.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

MOVED = ("accountphone", "reviewerscope")


def relabel_content_types(from_label, to_label):
    def run(apps, schema_editor):
        ContentType = apps.get_model("contenttypes", "ContentType")
        db = schema_editor.connection.alias
        for model in MOVED:
            if ContentType.objects.using(db).filter(app_label=to_label, model=model).exists():
                continue
            ContentType.objects.using(db).filter(app_label=from_label, model=model).update(
                app_label=to_label
            )

    return run


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('directory', '0003_seed_service_categories'),
        ('volunteer', '0004_move_accounts_out'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='AccountPhone',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('phone', models.CharField(max_length=20, unique=True, verbose_name='mobile number')),
                        ('verified', models.BooleanField(default=False, verbose_name='verified')),
                        ('user', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='account_phone', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'account mobile number',
                        'verbose_name_plural': 'account mobile numbers',
                        'db_table': 'volunteer_accountphone',
                    },
                ),
                migrations.CreateModel(
                    name='ReviewerScope',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('division', models.ForeignKey(help_text='A county, or a city to review all its counties.', on_delete=django.db.models.deletion.CASCADE, related_name='+', to='directory.division')),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='reviewer_scopes', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'reviewer scope',
                        'verbose_name_plural': 'reviewer scopes',
                        'db_table': 'volunteer_reviewerscope',
                        'unique_together': {('user', 'division')},
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(
            relabel_content_types("volunteer", "accounts"),
            relabel_content_types("accounts", "volunteer"),
        ),
    ]
