import pytest
from django.urls import reverse

from tests.members.factories import ModeratorFactory, UserFactory

from .factories import CategoryFactory, PostFactory, ThreadFactory

pytestmark = pytest.mark.django_db


def test_pages_render_for_member_and_moderator(client, home_page):
    thread = ThreadFactory(tags=None)
    reply = PostFactory(thread=thread)
    member = UserFactory()
    for user in (None, member, ModeratorFactory()):
        client.logout()
        if user:
            client.force_login(user)
        for url in [
            reverse("discussions:index"),
            thread.category.get_absolute_url(),
            thread.get_absolute_url(),
            reverse("discussions:post_history", args=[reply.pk]),
        ]:
            response = client.get(url)
            assert response.status_code == 200, (url, user)
    client.force_login(member)
    for url in [
        reverse("discussions:new_thread"),
        reverse("discussions:notifications"),
        reverse("members:directory"),
        reverse("members:me"),
        reverse("members:edit"),
        reverse("members:delete"),
        reverse("members:expertise") + "?topic=question",
        reverse("members:detail", args=[thread.author.username]),
        reverse("discussions:flag_post", args=[reply.pk]),
    ]:
        response = client.get(url, follow=True)
        assert response.status_code == 200, url


def test_a_new_category_is_listed_on_the_index_with_a_working_link(client, home_page):
    category = CategoryFactory(name="Pooled budgets in practice")
    html = client.get(reverse("discussions:index")).content.decode()
    assert "Pooled budgets in practice" in html and f'href="{category.get_absolute_url()}"' in html
    assert client.get(category.get_absolute_url()).status_code == 200
