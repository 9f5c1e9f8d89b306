import datetime

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.utils import timezone
from stdnum.cn import ric

from accounts.models import AccountPhone, ReviewerScope
from tests.factories.directory import DivisionFactory
from volunteer import idcard
from volunteer.models import (
    Application,
    CadenceRule,
    Contact,
    Pairing,
)


def make_id_number(born: datetime.date, region: str = "350102", sequence: str = "123") -> str:
    """A valid resident ID-card number for someone born on ``born``."""
    body = f"{region}{born:%Y%m%d}{sequence}"
    return body + ric.calc_check_digit(body + "0")


ADULT_ID = make_id_number(datetime.date(1985, 6, 1))


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.Sequence(lambda n: f"user{n}@example.org")
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-9")

    @factory.post_generation
    def verified_email(self, create, extracted, **kwargs):
        if create and self.email:
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)
        self.save()


class PhoneUserFactory(UserFactory):
    email = ""

    @factory.post_generation
    def phone(self, create, extracted, **kwargs):
        if create:
            AccountPhone.objects.create(
                user=self, phone=extracted or "+8613912345678", verified=True
            )


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    user = factory.SubFactory(UserFactory)
    role = "caring_parent"
    real_name = factory.Sequence(lambda n: f"张测试{n}")
    id_hash = factory.Sequence(lambda n: idcard.keyed_hash(make_id_number(
        datetime.date(1980, 1, 1) + datetime.timedelta(days=n))))  # fmt: skip
    id_last4 = "123X"
    phone = factory.Sequence(lambda n: f"+86137{n:08d}")
    county = factory.SubFactory(DivisionFactory)
    occupation = "教师"
    availability = "周末"
    languages = "普通话, 闽南话"
    motivation = "关爱留守儿童"
    privacy_notice_version = "2026-11"
    privacy_consented_at = factory.LazyFunction(timezone.now)
    background_check_consented_at = factory.LazyFunction(timezone.now)


class ReviewerScopeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReviewerScope

    user = factory.SubFactory(UserFactory)
    division = factory.SubFactory(DivisionFactory)


def add_totp(user) -> str:
    """Give a staff user or reviewer the authenticator app they must have; return its secret."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


class ApprovedApplicationFactory(ApplicationFactory):
    """An application approved a month ago, valid for a year; ``expired=True`` makes it lapse."""

    status = "approved"
    approved_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=30))
    expires_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=335))

    class Params:
        expired = factory.Trait(
            approved_at=factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=400)),
            expires_at=factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=35)),
        )


class PairingFactory(factory.django.DjangoModelFactory):
    """A pairing of an approved volunteer with a case of the volunteer's county."""

    class Meta:
        model = Pairing

    application = factory.SubFactory(ApprovedApplicationFactory)
    county = factory.LazyAttribute(lambda o: o.application.county)
    age_band = "6-11"
    started_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=60))

    @factory.lazy_attribute_sequence
    def case_code(self, n):
        return f"{self.county.code}-{n:04d}"


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    pairing = factory.SubFactory(PairingFactory)
    contact_type = "talk"
    occurred_on = factory.LazyFunction(timezone.localdate)
    duration_minutes = 45
    logged_by = factory.LazyAttribute(lambda o: o.pairing.application.user)


class CadenceRuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CadenceRule

    contact_type = "video_call"
    period = "month"
