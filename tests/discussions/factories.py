from datetime import timedelta

import factory
from django.conf import settings
from django.utils import timezone

from cop.discussions.models import Category, Post, Thread
from tests.members.factories import UserFactory


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Category {n}")
    slug = factory.Sequence(lambda n: f"category-{n}")
    restricted = False


class ThreadFactory(factory.django.DjangoModelFactory):
    """A thread with its opening post (written directly, not through the rate-limited service)."""

    class Meta:
        model = Thread
        skip_postgeneration_save = True

    category = factory.SubFactory(CategoryFactory)
    title = factory.Sequence(lambda n: f"How do other councils handle question {n}?")
    author = factory.SubFactory(UserFactory)
    last_activity_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def opening(obj, create, extracted, **kwargs):
        if create:
            Post.objects.create(
                thread=obj, author=obj.author, is_opening=True, body=extracted or "We are looking at this. Any advice?"
            )


class PostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Post

    thread = factory.SubFactory(ThreadFactory)
    author = factory.SubFactory(UserFactory)
    body = factory.Sequence(lambda n: f"Reply number {n}: we tried this and it worked.")

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        post = super()._create(model_class, *args, **kwargs)
        thread = post.thread
        if post.status == "visible" and not post.is_opening:
            Thread.objects.filter(pk=thread.pk).update(
                reply_count=thread.posts.filter(is_opening=False, status="visible").count(),
                last_activity_at=post.created_at,
            )
        return post


class EstablishedMemberFactory(UserFactory):
    """A member whose flags count (cop.discussions.services.is_trusted_flagger): a confirmed email,
    an account older than DISCUSSIONS_FLAG_TRUST_DAYS and DISCUSSIONS_FLAG_TRUST_POSTS visible posts."""

    date_joined = factory.LazyFunction(
        lambda: timezone.now() - timedelta(days=settings.DISCUSSIONS_FLAG_TRUST_DAYS + 1)
    )

    @factory.post_generation
    def posts(obj, create, extracted, **kwargs):
        if create:
            thread = ThreadFactory(author=obj)
            for _ in range(settings.DISCUSSIONS_FLAG_TRUST_POSTS - 1):
                PostFactory(thread=thread, author=obj)
