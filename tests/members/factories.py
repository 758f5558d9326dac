"""Factories for members: plain members, verified council officers and moderators."""

import factory
from allauth.account.models import EmailAddress

from benchmarks.models import Authority
from cop.members.models import Profile, User, VerificationMethod
from cop.members.services import ensure_moderators_group


class AuthorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Authority
        django_get_or_create = ("gss_code",)

    gss_code = factory.Sequence(lambda n: f"E0{9000000 + n}")
    name = factory.Sequence(lambda n: f"Testshire Council {n}")
    authority_type = "CTY"
    region = "West Midlands"
    nation = "England"


class UserFactory(factory.django.DjangoModelFactory):
    """A member whose email address is verified (they can sign in)."""

    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"member{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    display_name = factory.Sequence(lambda n: f"Member {n}")
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery")

    @factory.post_generation
    def verified_email(obj, create, extracted, **kwargs):
        if not create:
            return
        obj.save()
        EmailAddress.objects.get_or_create(
            user=obj, email=obj.email, defaults={"verified": extracted is not False, "primary": True}
        )
        Profile.objects.get_or_create(user=obj)


class VerifiedOfficerFactory(UserFactory):
    """A member verified as an officer of `council` (an Authority; one is created if not given)."""

    @factory.post_generation
    def council(obj, create, extracted, **kwargs):
        if not create:
            return
        council = extracted or AuthorityFactory()
        Profile.objects.filter(user=obj).update(
            verified_council=council,
            organisation=council,
            verification_method=VerificationMethod.MODERATOR,
        )
        if hasattr(obj, "_state") and "profile" in obj._state.fields_cache:
            del obj._state.fields_cache["profile"]


class ModeratorFactory(UserFactory):
    """A member of the "Moderators" group."""

    @factory.post_generation
    def moderators_group(obj, create, extracted, **kwargs):
        if not create:
            return
        obj.groups.add(ensure_moderators_group())


class StaffFactory(UserFactory):
    is_staff = True
    is_superuser = True
