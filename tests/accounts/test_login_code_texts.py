"""Sign-in codes by SMS go only to numbers with an account (issue 16: 20 requests sent 20 texts
to 20 numbers without one), and the answer does not tell which numbers have one."""

import pytest
from django.contrib.auth import get_user_model

from accounts import sms
from accounts.models import AccountPhone

pytestmark = pytest.mark.django_db


def ask_for_code(client, number: str):
    return client.post("/accounts/login/code/", {"phone": number})


def test_numbers_without_an_account_get_no_text(client):
    responses = [ask_for_code(client, f"1380000000{n}") for n in range(3)]
    assert sms.outbox == []
    assert {r.status_code for r in responses} == {302}


def test_a_number_with_an_account_gets_its_code_and_the_same_answer(client):
    user = get_user_model().objects.create_user("coder", password="x-Long-pass-77")
    AccountPhone.objects.create(user=user, phone="+8613912345678", verified=True)
    unknown = ask_for_code(client, "13800000001")
    client.cookies.clear()
    known = ask_for_code(client, "139 1234 5678")
    assert [m.phone for m in sms.outbox] == ["+8613912345678"]
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
