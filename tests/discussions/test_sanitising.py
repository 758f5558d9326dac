"""Server-side check of the XSS corpus (the browser test proves the same in Chromium)."""

from html.parser import HTMLParser
from urllib.parse import urlparse

import pytest

from cop.core.sanitise import ALLOWED_TAGS
from cop.discussions.models import Post

from .factories import PostFactory
from .xss_payloads import PAYLOADS

pytestmark = pytest.mark.django_db


class ElementCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.elements = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))


def elements(html):
    collector = ElementCollector()
    collector.feed(html)
    return collector.elements


def test_corpus_is_large_enough():
    assert len(set(PAYLOADS)) >= 50


@pytest.mark.parametrize("payload", PAYLOADS)
def test_post_html_has_only_allowed_tags_and_safe_attributes(payload):
    post = PostFactory(body=payload)
    html = Post.objects.get(pk=post.pk).body_html
    for tag, attrs in elements(html):
        assert tag in ALLOWED_TAGS, html
        for name, value in attrs.items():
            assert name in {"href", "title", "rel", "scope"}, html
            if name == "href":
                assert urlparse(value.strip()).scheme in {"", "http", "https", "mailto"}, html
