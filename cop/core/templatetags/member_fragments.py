"""``{% shared_fragment "name" part ... %}...{% shared_fragment_end %}``: a part of a page that is
the same for every reader, rendered once and cached.

The parts identify the object and its last change (for example ``page.pk
page.latest_revision_id``); see cop.core.fragments for the keys, the invalidation and why
nothing personal can end up inside. The closing tag deliberately does not start with "end":
djhtml would then indent everything inside, and wrapping part of an existing template would
rewrite every line of it (merge conflicts for nothing).
"""

from django import template
from django.utils.safestring import mark_safe

from cop.core.fragments import cached_fragment, masked_context, with_csrf_token
from cop.core.member_pages import SLOTS, mark_slot, region_name

register = template.Library()


class FragmentNode(template.Node):
    def __init__(self, name, parts, nodelist):
        self.name = name
        self.parts = parts
        self.nodelist = nodelist

    def render(self, context):
        name = self.name.resolve(context)
        parts = [part.resolve(context) for part in self.parts]

        def render_shared() -> str:
            with context.push(masked_context()):
                return str(self.nodelist.render(context))

        html = cached_fragment(context.get("request"), name, parts, render_shared)
        return mark_safe(with_csrf_token(html, context.get("csrf_token")))  # noqa: S308 - rendered by our templates


@register.tag("shared_fragment")
def do_fragment(parser, token):
    bits = token.split_contents()
    if len(bits) < 3:
        raise template.TemplateSyntaxError("{% shared_fragment %} needs a name and at least one key part")
    nodelist = parser.parse(("shared_fragment_end",))
    parser.delete_first_token()
    return FragmentNode(parser.compile_filter(bits[1]), [parser.compile_filter(bit) for bit in bits[2:]], nodelist)


class PersonalNode(template.Node):
    def __init__(self, name, nodelist):
        self.name = name
        self.nodelist = nodelist

    def render(self, context):
        html = self.nodelist.render(context)
        return mark_safe(mark_slot(context.get("request"), self.name, html))  # noqa: S308 - rendered by our templates


@register.tag("personal")
def do_personal(parser, token):
    """``{% personal "slot" %}...{% personal_end %}``: a hole in a member page shell, filled per
    request by cop.core.member_pages.SLOTS[slot] (the content here is what the full view shows)."""
    bits = token.split_contents()
    if len(bits) != 2 or bits[1][0] not in "\"'":
        raise template.TemplateSyntaxError('{% personal "slot" %} needs one quoted slot name')
    name = bits[1][1:-1]
    if name not in SLOTS:
        raise template.TemplateSyntaxError(f"{{% personal %}}: no slot named {name!r} in cop.core.member_pages.SLOTS")
    nodelist = parser.parse(("personal_end",))
    parser.delete_first_token()
    return PersonalNode(name, nodelist)


class RegionNode(template.Node):
    def __init__(self, name, key, nodelist):
        self.name = name
        self.key = key
        self.nodelist = nodelist

    def render(self, context):
        html = self.nodelist.render(context)
        name = region_name(self.name, self.key.resolve(context) if self.key is not None else None)
        return mark_safe(mark_slot(context.get("request"), name, html))  # noqa: S308 - rendered by our templates


@register.tag("region")
def do_region(parser, token):
    """``{% region "name" key %}...{% region_end %}``: a part of a member page shell that a page
    kind's check may show differently to one member (their own post, their watch setting)."""
    bits = token.split_contents()
    if len(bits) not in (2, 3) or bits[1][0] not in "\"'":
        raise template.TemplateSyntaxError('{% region "name" [key] %} needs a quoted name and at most one key')
    nodelist = parser.parse(("region_end",))
    parser.delete_first_token()
    key = parser.compile_filter(bits[2]) if len(bits) == 3 else None
    return RegionNode(bits[1][1:-1], key, nodelist)
