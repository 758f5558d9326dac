"""Updates: page rules, index filters with counts, and the RSS and Atom feeds."""

import datetime
import io
from xml.etree import ElementTree

from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from casestudies.demo import ensure_index
from cop.home.models import HomePage
from cop.home.services import ensure_home_page
from cop.updates import demo
from cop.updates.models import UpdateIndexPage, UpdatePage


def _index(home_page):
    return ensure_index(home_page, UpdateIndexPage, "updates", "Updates", "")


def _update(index, title, category="news", date=datetime.date(2025, 3, 1), summary="Summary", live=True):
    page = UpdatePage(
        title=title, slug=title.lower().replace(" ", "-"), category=category, date=date, summary=summary, live=False
    )
    index.add_child(instance=page)
    if live:
        page.save_revision().publish()
    return page


class UpdatePageTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = ensure_home_page()

    def setUp(self):
        self.login()

    def test_editor_creates_index_and_update(self):
        self.assertAllowedParentPageTypes(UpdatePage, {UpdateIndexPage})
        self.assertAllowedParentPageTypes(UpdateIndexPage, {HomePage})
        self.assertCanCreate(
            self.home,
            UpdateIndexPage,
            nested_form_data({"title": "Updates", "slug": "updates", "intro": rich_text("")}),
        )
        index = UpdateIndexPage.objects.get()
        self.assertCanCreate(
            index,
            UpdatePage,
            nested_form_data(
                {
                    "title": "Fortnightly update 1",
                    "date": "2025-02-01",
                    "category": "report",
                    "summary": "What happened",
                    "author_name": "Team",
                    "body": streamfield([("text", rich_text("<p>Body <script>alert(1)</script></p>"))]),
                }
            ),
        )
        page = UpdatePage.objects.get()
        html = self.client.get(page.url).content.decode()
        assert "Fortnightly update 1" in html and "<script>alert(1)" not in html


def test_index_filters_by_category_and_year_with_counts(client, home_page):
    index = _index(home_page)
    _update(index, "News one", "news", datetime.date(2024, 5, 1))
    _update(index, "Blog one", "blog", datetime.date(2025, 5, 1))
    _update(index, "Blog two", "blog", datetime.date(2025, 6, 1))
    _update(index, "Draft news", "news", live=False)

    html = client.get("/updates/").content.decode()
    assert "3 updates" in html and "Draft news" not in html
    assert ">Blog (2)</option>" in html and ">News (1)</option>" in html
    assert html.index("Blog two") < html.index("Blog one") < html.index("News one")  # newest first

    blogs = client.get("/updates/?category=blog&year=2025").content.decode()
    assert "Blog one" in blogs and "News one" not in blogs
    assert ">2025 (2)</option>" in blogs
    assert client.get("/updates/?category=<script>&year=x").status_code == 200


def test_rss_and_atom_feeds_list_live_updates_with_escaped_text(client, home_page):
    index = _index(home_page)
    _update(index, "Feed item", summary="Tom & Jerry <script>alert(1)</script>")
    _update(index, "Not live", live=False)

    rss = client.get("/updates/feed/rss/")
    assert rss["Content-Type"].startswith("application/rss+xml")
    channel = ElementTree.fromstring(rss.content).find("channel")  # noqa: S314 - our own feed
    items = channel.findall("item")
    assert [item.findtext("title") for item in items] == ["Feed item"]
    assert items[0].findtext("link").endswith("/updates/feed-item/")
    assert items[0].findtext("description") == "Tom &amp; Jerry &lt;script&gt;alert(1)&lt;/script&gt;"
    assert items[0].findtext("category") == "News"

    atom = client.get("/updates/feed/atom/")
    assert atom["Content-Type"].startswith("application/atom+xml")
    namespace = {"a": "http://www.w3.org/2005/Atom"}
    entries = ElementTree.fromstring(atom.content).findall("a:entry", namespace)  # noqa: S314 - our own feed
    assert [entry.findtext("a:title", namespaces=namespace) for entry in entries] == ["Feed item"]
    assert 'rel="alternate" type="application/rss+xml"' in client.get("/updates/").content.decode()


def test_updates_demo_is_idempotent(home_page):
    demo.load(home_page, io.StringIO())
    demo.load(home_page, io.StringIO())
    assert UpdatePage.objects.live().count() == len(demo.UPDATES)
