from cop.core.sanitise import render_markdown


def test_markdown_is_rendered():
    assert render_markdown("**bold** and [a link](https://example.org)") == (
        '<p><strong>bold</strong> and <a href="https://example.org" rel="nofollow noopener noreferrer ugc">a link</a></p>'
    )


def test_script_and_event_handlers_are_removed():
    html = render_markdown('<script>alert(1)</script><img src=x onerror=alert(1)><a href="javascript:alert(1)">x</a>')
    assert "<script" not in html
    assert "onerror" not in html
    assert "javascript:" not in html
