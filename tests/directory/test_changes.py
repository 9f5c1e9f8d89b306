from datetime import time, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from directory.changes import acting_as, changes_since
from directory.models import (
    ChangeAction,
    DirectoryChange,
    LocationPrecision,
    OpeningPeriod,
)
from tests.factories.directory import (
    DivisionFactory,
    OrganizationFactory,
    PlaqueFactory,
    ProjectFactory,
    ServicePointFactory,
)
from tests.factories.volunteer import add_totp

pytestmark = pytest.mark.django_db


def test_creating_a_point_is_recorded_with_its_author():
    user = get_user_model().objects.create_user("editor")
    with acting_as(user, "admin"):
        point = ServicePointFactory(name="泰宁县儿童关爱服务站")
    change = DirectoryChange.objects.get(model="servicepoint", object_id=str(point.pk))
    assert change.action == ChangeAction.CREATED
    assert change.user == user and change.source == "admin"
    assert change.changed_fields["name"] == [None, "泰宁县儿童关爱服务站"]


def test_an_update_records_old_and_new_values_of_the_changed_fields_only():
    point = ServicePointFactory(name="旧名", address="旧址")
    DirectoryChange.objects.all().delete()
    point.name = "新名"
    point.save()
    change = DirectoryChange.objects.get()
    assert change.action == ChangeAction.UPDATED
    assert change.changed_fields == {"name": ["旧名", "新名"]}


def test_saving_without_a_change_records_nothing():
    point = ServicePointFactory()
    DirectoryChange.objects.all().delete()
    point.save()
    assert not DirectoryChange.objects.exists()


def test_personal_fields_are_recorded_by_name_only():
    point = ServicePointFactory(service_phone="0598-1111111")
    organization = OrganizationFactory(contact_channel="0591-2222222")
    point.service_phone = "0598-3333333"
    point.save()
    organization.contact_channel = "官方公众号"
    organization.save()
    recorded = str(list(DirectoryChange.objects.values_list("changed_fields", flat=True)))
    assert "1111111" not in recorded and "3333333" not in recorded
    assert "2222222" not in recorded and "官方公众号" not in recorded
    assert "service_phone" in recorded and "contact_channel" in recorded


def test_a_township_precision_points_real_place_is_not_logged():
    township = DivisionFactory(code="350429101", level="township")
    point = ServicePointFactory(
        division=township,
        latitude=26.912345,
        longitude=117.198765,
        address="某村某组12号",
        location_precision=LocationPrecision.TOWNSHIP,
    )
    point.latitude = 26.923456
    point.save()
    recorded = str(list(DirectoryChange.objects.values_list("changed_fields", flat=True)))
    assert "26.912345" not in recorded and "26.923456" not in recorded
    assert "117.198765" not in recorded and "某村某组" not in recorded


def test_deletes_and_child_rows_are_recorded():
    point = ServicePointFactory()
    period = OpeningPeriod(service_point=point, weekday=0, opens=time(8, 30), closes=time(17, 30))
    period.save()
    change = DirectoryChange.objects.filter(object_id=str(point.pk)).order_by("id").last()
    assert change.changed_fields == {"opening_periods": [None, "Monday 08:30–17:30"]}
    period.delete()
    point_id = point.pk
    point.delete()
    actions = list(
        DirectoryChange.objects.filter(object_id=str(point_id)).values_list("action", flat=True)
    )
    assert actions[0] == ChangeAction.DELETED
    assert actions.count(ChangeAction.UPDATED) == 2


def test_organisations_projects_and_plaques_are_recorded():
    project = ProjectFactory()
    plaque = PlaqueFactory()
    models = set(DirectoryChange.objects.values_list("model", flat=True))
    assert {"organization", "project", "plaque", "servicepoint"} <= models
    assert project.pk and plaque.pk


def test_a_failed_transaction_leaves_no_change_behind():
    with pytest.raises(RuntimeError), transaction.atomic():
        ServicePointFactory()
        raise RuntimeError
    assert not DirectoryChange.objects.exists()


def test_changes_since_leaves_out_hidden_records_and_older_changes():
    before = timezone.now()
    visible = ServicePointFactory()
    ServicePointFactory(hidden=True)
    assert [c.object_id for c in changes_since(before)] == [str(visible.pk)]
    assert list(changes_since(timezone.now() + timedelta(seconds=1))) == []


def test_a_point_hidden_later_keeps_only_an_anonymous_withdrawal_in_public():
    point = ServicePointFactory(name="将被隐藏的站点")
    point.is_public = False
    point.save()
    public = list(changes_since(None))
    assert [c.action for c in public] == [ChangeAction.WITHDRAWN]
    assert DirectoryChange.objects.filter(object_id=str(point.pk)).count() == 2


def test_the_atom_feed_lists_public_changes_without_values(client):
    point = ServicePointFactory(name="泰宁县儿童关爱服务站", service_phone="0598-7654321")
    point.address = "杉城镇胜利街1号"
    point.save()
    hidden = ServicePointFactory(name="隐藏站点", hidden=True)
    response = client.get("/directory/changes.atom")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    body = response.content.decode()
    assert "泰宁县儿童关爱服务站" in body
    assert "address" in body and "胜利街" not in body and "7654321" not in body
    assert "隐藏站点" not in body and f"/points/{hidden.pk}/" not in body
    assert reverse("directory:point", args=[point.pk]) in body


def test_the_feed_takes_modified_after(client):
    ServicePointFactory(name="早前的站点")
    DirectoryChange.objects.update(changed_at=timezone.now() - timedelta(days=3))
    ServicePointFactory(name="新近的站点")
    since = (timezone.now() - timedelta(days=1)).date().isoformat()
    body = client.get("/directory/changes.atom", {"modified_after": since}).content.decode()
    assert "新近的站点" in body and "早前的站点" not in body
    assert client.get("/directory/changes.atom", {"modified_after": "nonsense"}).status_code == 200


def test_admin_edits_are_attributed_to_the_signed_in_user(client):
    user = get_user_model().objects.create_superuser("chief", "chief@example.org", "pw")
    add_totp(user)  # staff reach the admin only with an authenticator app
    client.force_login(user)
    organization = OrganizationFactory(rating="")
    url = reverse("wagtailsnippets_directory_organization:edit", args=[organization.pk])
    data = {
        "name": "改名后的社工中心",
        "name_en": "",
        "uscc": organization.uscc,
        "kind": organization.kind,
        "rating": "3A",
        "contact_channel": "",
        "description": "",
        "is_public": "on",
        "external_id": "",
    }
    assert client.post(url, data).status_code == 302
    change = DirectoryChange.objects.filter(model="organization").first()
    assert change.user == user and change.source == "admin"
    assert change.changed_fields["rating"] == ["", "3A"]
