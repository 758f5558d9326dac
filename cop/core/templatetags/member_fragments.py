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
