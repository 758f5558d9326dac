"""What other apps add to a member's account: their part of account deletion, of the data
download, of the profile page and the expertise locator.

members is the lower layer (discussions and the rest read its users and profiles), so it never
imports those apps. Each registers its part here in its AppConfig.ready() with a direct import, so
a renamed function fails at start-up instead of silently leaving personal data behind.
"""

from __future__ import annotations

from collections.abc import Callable

_FORGET: list[Callable] = []  # (user) -> None, inside delete_account's transaction
_EXPORT: list[Callable] = []  # (user) -> dict, merged into the data download
_PROFILE: list[Callable] = []  # (member, viewer) -> dict, merged into the profile page's context
_EXPERTISE: list[Callable] = []  # (topic, viewer) -> list of people, for the expertise locator


def register(*, forget=None, export=None, profile=None, expertise=None) -> None:
    for hooks, hook in ((_FORGET, forget), (_EXPORT, export), (_PROFILE, profile), (_EXPERTISE, expertise)):
        if hook is not None and hook not in hooks:
            hooks.append(hook)


def forget(user) -> None:
    for hook in _FORGET:
        hook(user)


def export(user) -> dict:
    data = {}
    for hook in _EXPORT:
        data.update(hook(user))
    return data


def profile_context(member, viewer) -> dict:
    context = {}
    for hook in _PROFILE:
        context.update(hook(member, viewer))
    return context


def find_experts(topic: str, viewer) -> list:
    return [person for hook in _EXPERTISE for person in hook(topic, viewer)]
