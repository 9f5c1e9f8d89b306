"""AccountPhone and ReviewerScope move from volunteer to accounts without touching a row.

A database at the layout before accounts/ existed (volunteer 0003, no accounts app) with rows in
both moved tables is migrated forward by the new migrations: every row is still there, read
through the new models, and permissions granted on the old models stay granted.
"""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("volunteer", "0003_pairing_contacts_cadence"), ("accounts", None)]
MOVED = ("accountphone", "reviewerscope")


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    # The state the database is now in: the targets, and every other app at its latest.
    named = {app for app, _ in targets}
    nodes = [n for n in executor.loader.graph.leaf_nodes() if n[0] not in named]
    nodes += [t for t in targets if t[1] is not None]  # (app, None): none of that app
    return executor.loader.project_state(nodes).apps


def leaves():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


@pytest.fixture
def latest_schema_afterwards():
    yield
    migrate(leaves())
    ContentType.objects.clear_cache()


@pytest.mark.usefixtures("latest_schema_afterwards")
def test_moved_tables_keep_every_row_and_their_permissions():
    old = migrate(BEFORE)
    User = old.get_model("auth", "User")
    Group = old.get_model("auth", "Group")
    Permission = old.get_model("auth", "Permission")
    OldContentType = old.get_model("contenttypes", "ContentType")
    Division = old.get_model("directory", "Division")
    AccountPhone = old.get_model("volunteer", "AccountPhone")
    ReviewerScope = old.get_model("volunteer", "ReviewerScope")

    # As on a database made before accounts/ existed: the content types are volunteer's.
    OldContentType.objects.filter(app_label="accounts", model__in=MOVED).delete()
    scope_type, _ = OldContentType.objects.get_or_create(
        app_label="volunteer", model="reviewerscope"
    )
    permission = Permission.objects.create(
        content_type=scope_type, codename="change_reviewerscope_old", name="Can change scope"
    )
    staff = Group.objects.create(name="Scope managers")
    staff.permissions.add(permission)

    city = Division.objects.create(
        code="350100", name="福州市", level="city", latitude=26.07, longitude=119.3
    )
    county = Division.objects.create(
        code="350102", name="鼓楼区", level="county", parent=city, latitude=26.08, longitude=119.29
    )
    users = [User.objects.create(username=f"old-{n}") for n in range(3)]
    phones = [
        AccountPhone.objects.create(user=users[0], phone="+8613812345678", verified=True),
        AccountPhone.objects.create(user=users[1], phone="+8613912345678", verified=False),
    ]
    scopes = [
        ReviewerScope.objects.create(user=users[1], division=county),
        ReviewerScope.objects.create(user=users[2], division=city),
    ]
    tables_before = set(connection.introspection.table_names())

    new = migrate(leaves())

    NewPhone = new.get_model("accounts", "AccountPhone")
    NewScope = new.get_model("accounts", "ReviewerScope")
    assert sorted(NewPhone.objects.values_list("pk", "user_id", "phone", "verified")) == sorted(
        (p.pk, p.user_id, p.phone, p.verified) for p in phones
    )
    assert sorted(NewScope.objects.values_list("pk", "user_id", "division_id")) == sorted(
        (s.pk, s.user_id, s.division_id) for s in scopes
    )
    # No table was created, renamed or dropped by the move.
    assert set(connection.introspection.table_names()) == tables_before
    # The permission granted on the old model now names the model where it lives.
    NewContentType = new.get_model("contenttypes", "ContentType")
    moved_type = NewContentType.objects.get(pk=scope_type.pk)
    assert (moved_type.app_label, moved_type.model) == ("accounts", "reviewerscope")
    NewGroup = new.get_model("auth", "Group")
    assert list(
        NewGroup.objects.get(pk=staff.pk).permissions.values_list(
            "content_type__app_label", "codename"
        )
    ) == [("accounts", "change_reviewerscope_old")]


@pytest.mark.usefixtures("latest_schema_afterwards")
def test_the_move_can_be_undone_with_the_rows_in_place():
    from accounts.models import AccountPhone
    from tests.factories.volunteer import UserFactory

    AccountPhone.objects.create(user=UserFactory(), phone="+8613812345678", verified=True)
    old = migrate(BEFORE)
    assert list(old.get_model("volunteer", "AccountPhone").objects.values_list("phone")) == [
        ("+8613812345678",)
    ]
