"""Permission changes are recorded whoever makes them and wherever."""

import pytest
from django.contrib.auth.models import Group, Permission
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

from audit.models import AuditEntry
from tests.factories.directory import DivisionFactory
from tests.factories.volunteer import ReviewerScopeFactory, UserFactory

pytestmark = pytest.mark.django_db


def entries(action, target=None):
    queryset = AuditEntry.objects.filter(action=action)
    if target is not None:
        queryset = queryset.filter(target_type=target._meta.label_lower, target_id=str(target.pk))
    return list(queryset.order_by("pk"))


def test_adding_and_removing_a_user_from_groups_is_recorded_from_both_sides():
    user = UserFactory()
    editors = Group.objects.create(name="Alpha desk")
    moderators = Group.objects.create(name="Beta desk")
    user.groups.add(editors, moderators)
    moderators.user_set.remove(user)
    user.groups.clear()
    details = [e.detail for e in entries("permission.group_membership", user)]
    assert details == ["added: Alpha desk, Beta desk", "removed: Beta desk", "removed: Alpha desk"]


def test_a_users_and_a_groups_permissions_are_recorded():
    user = UserFactory()
    group = Group.objects.create(name="Gamma desk")
    permission = Permission.objects.get(codename="view_auditentry")
    user.user_permissions.add(permission)
    group.permissions.set([permission])
    group.permissions.set([])
    assert [e.detail for e in entries("permission.user_permissions", user)] == [
        "added: audit.view_auditentry"
    ]
    assert [e.detail for e in entries("permission.group_permissions", group)] == [
        "added: audit.view_auditentry",
        "removed: audit.view_auditentry",
    ]


def test_staff_and_superuser_flags_are_recorded_but_sign_ins_are_not():
    user = UserFactory()
    assert entries("permission.staff_status", user) == []
    user.is_staff = True
    user.save()
    user.is_superuser = True
    user.save(update_fields=["is_superuser"])
    user.last_name = "x"
    user.save()
    user.is_staff = False
    user.save()
    details = [e.detail for e in entries("permission.staff_status", user)]
    assert details == [
        "is_staff: False → True",
        "is_superuser: False → True",
        "is_staff: True → False",
    ]


def test_a_new_superuser_is_recorded():
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_superuser("boss", "boss@example.org", "x-y-z-123")
    assert [e.detail for e in entries("permission.staff_status", user)] == [
        "is_staff: → True; is_superuser: → True"
    ]


def test_reviewer_scopes_given_and_taken_away_are_recorded():
    county = DivisionFactory(code="350102", level="county")
    scope = ReviewerScopeFactory(division=county)
    user_id = scope.user_id
    scope.delete()
    added = entries("permission.reviewer_scope_added")
    removed = entries("permission.reviewer_scope_removed")
    assert [e.detail for e in added] == [f"user #{user_id}, division 350102"]
    assert [e.detail for e in removed] == [f"user #{user_id}, division 350102"]


def test_wagtail_page_and_collection_permissions_are_recorded(home_page):
    group = Group.objects.create(name="Story editors")
    edit = Permission.objects.get(codename="change_page")
    root = Page.objects.get(depth=1)
    page_permission = GroupPagePermission.objects.create(group=group, page=root, permission=edit)
    page_permission.delete()
    add_document = Permission.objects.get(codename="add_document")
    GroupCollectionPermission.objects.create(
        group=group, collection=Collection.get_first_root_node(), permission=add_document
    )
    page_details = [e.detail for e in entries("permission.page_permissions", group)]
    assert page_details == [
        f"added: wagtailcore.change_page for group Story editors on page #{root.pk}",
        f"removed: wagtailcore.change_page for group Story editors on page #{root.pk}",
    ]
    assert len(entries("permission.collection_permissions", group)) == 1


def test_the_signed_in_user_making_a_change_is_the_actor(client, admin_user):
    """Through a real admin request: the middleware tells the receivers who acted."""
    target = UserFactory()
    group = Group.objects.create(name="Alpha desk")
    client.force_login(admin_user)
    response = client.post(
        f"/admin/users/edit/{target.pk}/",
        {
            "username": target.username,
            "email": target.email,
            "first_name": "Reviewer",
            "last_name": "Two",
            "is_active": "on",
            "is_superuser": "",
            "groups": [group.pk],
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    [entry] = entries("permission.group_membership", target)
    assert entry.actor == admin_user
    assert entry.path == f"/admin/users/edit/{target.pk}/"
    assert entry.detail == "added: Alpha desk"
