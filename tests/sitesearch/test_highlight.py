from cop.sitesearch.highlight import highlight_title, snippet


def test_snippet_escapes_then_marks():
    html = str(snippet("Tom & Jerry's <b>pooled</b> budgets", ["pooled", "budget"]))
    assert html == "Tom &amp; Jerry&#x27;s &lt;b&gt;<mark>pooled</mark>&lt;/b&gt; <mark>budgets</mark>"


def test_snippet_of_a_long_document_shows_the_part_with_the_searched_word():
    text = "Filler words here. " * 2_000 + "Our pooled budget worked well." + " More filler." * 2_000
    html = str(snippet(text, ["pooled"]))
    assert "<mark>pooled</mark> budget worked well" in html
    assert html.startswith("… ") and html.endswith(" …")
    assert len(html) < 600


def test_query_text_cannot_inject_markup_through_the_marks():
    html = str(snippet("A <script> tag", ["script"]))
    assert "<script>" not in html and "<mark>script</mark>" in html


def test_titles_are_marked_from_their_start():
    words = " ".join(f"word{n}" for n in range(30))
    assert str(highlight_title(words + " budget", ["budget"])).startswith("word0 ")
