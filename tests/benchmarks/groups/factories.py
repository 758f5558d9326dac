import factory

from benchmarks.groups.models import ComparisonGroup
from tests.members.factories import UserFactory


class ComparisonGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ComparisonGroup
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Group {n}")
    created_by = factory.SubFactory(UserFactory)

    @factory.post_generation
    def members(self, create, extracted, **kwargs):
        if create and extracted:
            self.members.set(extracted)
