from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.feedgenerator import Atom1Feed
from django.views.decorators.http import require_POST

from cop.core.errors import Invalid, NotPermitted
from cop.core.exports import csv_response
from cop.core.sanitise import render_markdown

from . import registry, selectors, services
from .forms import GroupFilterForm, GroupForm, InviteForm
from .models import Access, Membership, MembershipStatus, Role

CONTENT_PER_KIND = 10
FEED_ITEMS = 30


def _add_errors(form, error: Exception) -> None:
    if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
        for field, messages_ in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages_)
    else:
        form.add_error(None, getattr(error, "message", "") or "You cannot do this")


def _group_or_404(request, slug):
    """The group, if its page exists for this person (an invite-only group is hidden from others)."""
    group = selectors.group_with_counts(slug)
    if group is None or not selectors.can_see_group(request.user, group):
        raise Http404
    return group


def _content_or_404(request, slug):
    """The group, if this person may read its content; for anyone else it does not exist."""
    group = _group_or_404(request, slug)
    if not selectors.can_view_content(request.user, group):
        raise Http404
    return group


def directory(request):
    form = GroupFilterForm(request.GET or None)
    filters = form.filters() if request.GET else {"q": "", "theme": "", "service": "", "region": ""}
    groups = list(
        selectors.group_directory(
            request.user,
            theme=filters["theme"],
            service=filters["service"],
            region=filters["region"],
            query=filters["q"],
        )
    )
    names = selectors.service_names()
    for group in groups:
        group.service_area_names = [names.get(a.code, a.code) for a in group.service_areas.all()]
    return render(
        request,
        "communities/directory.html",
        {
            "form": form,
            "groups": groups,
            "filtered": any(filters.values()),
            "memberships": list(selectors.my_memberships(request.user)),
        },
    )


@login_required
def new_group(request):
    if request.method == "POST":
        form, status = GroupForm(request.POST), 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                group = services.create_group(
                    request.user,
                    name=data["name"],
                    summary=data["summary"],
                    description=data["description"],
                    access=data["access"],
                    theme_slugs=data["themes"],
                    service_codes=data["service_codes"],
                    region=data["region"],
                )
            except (ValidationError, NotPermitted) as error:
                _add_errors(form, error)
            else:
                messages.success(request, "Your group has been created. You are its manager.")
                return redirect(group.get_absolute_url())
    else:
        form, status = GroupForm(initial={"access": Access.OPEN}), 200
    return render(request, "communities/new_group.html", {"form": form}, status=status)


def _sections(group) -> list[dict]:
    return [
        {"kind": kind, "items": kind.items(group, CONTENT_PER_KIND), "new_url": kind.new_url(group)}
        for kind in registry.kinds()
    ]


def detail(request, slug):
    group = _group_or_404(request, slug)
    membership = selectors.membership_for(request.user, group)
    can_read = selectors.can_view_content(request.user, group)
    names = selectors.service_names()
    context = {
        "group": group,
        "membership": membership,
        "can_read": can_read,
        "can_manage": selectors.can_manage(request.user, group),
        "description_html": render_markdown(group.description) if group.description else "",
        "themes": list(group.themes.all()),
        "service_areas": [names.get(a.code, a.code) for a in group.service_areas.all()],
        "sections": _sections(group) if can_read else [],
        "managers": selectors.managers_of(group),
    }
    return render(request, "communities/detail.html", context)


def members(request, slug):
    group = _content_or_404(request, slug)
    return render(
        request,
        "communities/members.html",
        {
            "group": group,
            "members": list(selectors.group_members(group)),
            "can_manage": selectors.can_manage(request.user, group),
        },
    )


@login_required
def manage(request, slug):
    group = _group_or_404(request, slug)
    if not selectors.can_manage(request.user, group):
        raise Http404
    form = InviteForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                membership = services.invite(request.user, group, email=form.cleaned_data["email"])
            except (ValidationError, NotPermitted) as error:
                _add_errors(form, error)
            else:
                done = "added to" if membership.status == MembershipStatus.ACTIVE else "invited to"
                messages.success(request, f"{membership.user} has been {done} the group.")
                return redirect("communities:manage", slug=group.slug)
    return render(
        request,
        "communities/manage.html",
        {
            "group": group,
            "form": form,
            "pending": list(selectors.group_members(group, status=MembershipStatus.PENDING)),
            "invited": list(selectors.group_members(group, status=MembershipStatus.INVITED)),
            "members": list(selectors.group_members(group)),
            "approve_actions": [("approve", "Approve"), ("refuse", "Refuse")],
            "manager_actions": [("demote", "Make ordinary member"), ("remove", "Remove")],
            "member_actions": [("appoint", "Appoint as manager"), ("remove", "Remove")],
        },
        status=status,
    )


MANAGER_ACTIONS = {
    "approve": (lambda user, group, pk: services.approve(user, group, pk), "{name} is now a member."),
    "refuse": (lambda user, group, pk: services.refuse(user, group, pk), "{name}'s request has been refused."),
    "remove": (lambda user, group, pk: services.remove(user, group, pk), "{name} has been removed."),
    "appoint": (lambda user, group, pk: services.set_role(user, group, pk, Role.MANAGER), "{name} is now a manager."),
    "demote": (
        lambda user, group, pk: services.set_role(user, group, pk, Role.MEMBER),
        "{name} is no longer a manager.",
    ),
}


@login_required
@require_POST
def manage_member(request, slug, membership_id, action):
    group = _group_or_404(request, slug)
    if action not in MANAGER_ACTIONS or not selectors.can_manage(request.user, group):
        raise Http404
    membership = Membership.objects.filter(group=group, pk=membership_id).select_related("user").first()
    if membership is None:
        raise Http404
    act, message = MANAGER_ACTIONS[action]
    try:
        act(request.user, group, membership.pk)
    except Invalid as error:
        messages.error(request, error.message)
    else:
        messages.success(request, message.format(name=membership.user))
    return redirect("communities:manage", slug=group.slug)


@login_required
@require_POST
def join(request, slug):
    group = _group_or_404(request, slug)
    membership = services.join(request.user, group)
    if membership.status == MembershipStatus.ACTIVE:
        messages.success(request, f"You are now a member of {group.name}.")
    else:
        messages.success(request, f"You have asked to join {group.name}. A manager will look at your request.")
    return redirect(group.get_absolute_url())


@login_required
@require_POST
def leave(request, slug):
    group = _group_or_404(request, slug)
    try:
        services.leave(request.user, group)
    except Invalid as error:
        messages.error(request, error.message)
        return redirect(group.get_absolute_url())
    messages.success(request, f"You are no longer in {group.name}.")
    if group.access == Access.INVITE:
        return redirect("communities:directory")
    return redirect(group.get_absolute_url())


@login_required
@require_POST
def digest(request, slug):
    group = _content_or_404(request, slug)
    services.set_digest(request.user, group, include=request.POST.get("digest") == "1")
    messages.success(request, "Your digest setting for this group has been saved.")
    return redirect(group.get_absolute_url())


def _content(group, limit: int) -> list:
    items = [item for kind in registry.kinds() for item in kind.items(group, limit)]
    return sorted(items, key=lambda i: (i.date is not None, i.date), reverse=True)[:limit]


def feed(request, slug):
    """An Atom feed of the group's newest content: for a closed group, only its members get one."""
    group = _content_or_404(request, slug)
    link = request.build_absolute_uri(group.get_absolute_url())
    atom = Atom1Feed(title=f"{group.name} – Place Exchange", link=link, description=group.summary, language="en")
    for item in _content(group, FEED_ITEMS):
        atom.add_item(
            title=f"{item.kind}: {item.title}",
            link=request.build_absolute_uri(item.url),
            description=item.summary,
            pubdate=item.date,
            author_name=item.author or None,
            unique_id=request.build_absolute_uri(item.url),
        )
    response = HttpResponse(atom.writeString("utf-8"), content_type=atom.content_type)
    if group.is_closed:
        response["Cache-Control"] = "private, no-store"
    return response


def export(request, slug):
    """The group's content as a spreadsheet (CSV), for those who may read it."""
    group = _content_or_404(request, slug)
    rows = [
        (
            item.kind,
            item.title,
            request.build_absolute_uri(item.url),
            item.author,
            item.date.isoformat() if item.date else "",
        )
        for item in _content(group, 1000)
    ]
    response = csv_response(f"{group.slug}-content.csv", ["Type", "Title", "Link", "Author", "Date"], rows)
    response["Cache-Control"] = "private, no-store"
    return response
