import factory

from organizations.models import MemberRole, Membership
from tests.factories.directory import OrganizationFactory
from tests.factories.volunteer import UserFactory


class MembershipFactory(factory.django.DjangoModelFactory):
    """A member of a (verified) organisation; ``owner=True`` makes the owner."""

    class Meta:
        model = Membership

    organization = factory.SubFactory(OrganizationFactory)
    user = factory.SubFactory(UserFactory)
    role = MemberRole.MEMBER

    class Params:
        owner = factory.Trait(role=MemberRole.OWNER)
