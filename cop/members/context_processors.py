"""What the member bar (base.html) shows a signed-in member; read only when the bar is drawn."""

from .selectors import is_verified_officer


def member_context(request):
    user = getattr(request, "user", None)
    return {
        # Callables: a template calls each only where it uses it (the bar of a signed-in member).
        "member_is_verified_officer": lambda: is_verified_officer(user),
    }
