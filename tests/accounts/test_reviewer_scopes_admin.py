"""Staff give and withdraw reviewers' areas in the Wagtail admin, audited; a reviewer's filters
offer only their own area (issue 16, item 7)."""

import pytest

from accounts.models import ReviewerScope
from audit.models import Action, AuditEntry
from tests.factories.directory import DivisionFactory
from tests.factories.volunteer import (
    PhoneUserFactory,
    ReviewerScopeFactory,
    UserFactory,
    add_totp,
)

pytestmark = pytest.mark.django_db

LIST = "/admin/snippets/accounts/reviewerscope/"


def test_staff_give_and_withdraw_a_reviewers_area_and_both_are_audited(client, admin_user, county):
    reviewer = PhoneUserFactory(username="user3", phone="+8613812345678")
    client.force_login(admin_user)
    form = client.get(LIST + "add/").content.decode()
    assert "138****5678" in form and "user3" not in form  # reviewers by their display name
    assert "福州市 · 鼓楼区" in form
    response = client.post(LIST + "add/", {"user": reviewer.pk, "division": county.pk})
    assert response.status_code == 302
    scope = ReviewerScope.objects.get(user=reviewer)
    added = AuditEntry.objects.get(action=Action.REVIEWER_SCOPE_ADDED)
    assert added.actor == admin_user
    listing = client.get(LIST).content.decode()
    assert "138****5678" in listing and "鼓楼区" in listing
    response = client.post(LIST + f"delete/{scope.pk}/")
    assert response.status_code == 302
    assert not ReviewerScope.objects.filter(user=reviewer).exists()
    removed = AuditEntry.objects.get(action=Action.REVIEWER_SCOPE_REMOVED)
    assert removed.actor == admin_user


def test_staff_without_the_permission_cannot_change_areas(client, county):
    from django.contrib.auth.models import Permission

    staff = UserFactory(is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="access_admin"))
    add_totp(staff)
    client.force_login(staff)
    response = client.post(LIST + "add/", {"user": staff.pk, "division": county.pk})
    assert response.status_code in (302, 403)
    assert not ReviewerScope.objects.exists()


def test_a_county_reviewer_filters_only_their_county(client, county, city):
    other = DivisionFactory(code="350103", name="台江区", level="county", parent=city)
    scope = ReviewerScopeFactory(division=county)
    add_totp(scope.user)
    client.force_login(scope.user)
    response = client.get("/volunteer/review/")
    choices = dict(response.context["form"].fields["county"].choices)
    labels = [str(label) for label in choices.values()]
    assert "鼓楼区" in labels
    assert "台江区" not in labels
    # A county outside the area is refused by the filter, not silently ignored.
    response = client.get(f"/volunteer/review/?county={other.pk}")
    assert response.context["form"].errors
