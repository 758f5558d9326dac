"""Page context from an app's selectors, without the page model importing them.

A page model's selectors read the models module, so a model that imported its selectors (even
inside get_context) would close an import cycle. Instead the selectors module registers, with
@page_context(PageClass), the function that adds the page's context, and PageContextMixin looks
it up when the page is served. Each app imports its selectors in AppConfig.ready(), so a page
class with no registered function is a programming error: it raises, it never renders empty.
"""

from __future__ import annotations

from collections.abc import Callable

ContextFunction = Callable[..., dict]
_PROVIDERS: dict[type, ContextFunction] = {}


def page_context(page_class: type) -> Callable[[ContextFunction], ContextFunction]:
    """Register `function(page, request) -> dict` as the extra context of `page_class`."""

    def register(function: ContextFunction) -> ContextFunction:
        _PROVIDERS[page_class] = function
        return function

    return register


class PageContextMixin:
    """Adds the context registered for this page class (see page_context) to Wagtail's."""

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        try:
            provider = _PROVIDERS[type(self)]
        except KeyError:
            raise LookupError(f"No @page_context registered for {type(self).__name__}") from None
        context.update(provider(self, request))
        return context
