import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from wagtail.models import Page

from cop.core.errors import DomainError

from . import extensions, selectors, services
from .forms import (
    DeleteAccountForm,
    DirectoryFilterForm,
    ProfileForm,
    SuspendForm,
    VerificationRequestForm,
    VerifyOfficerForm,
)
from .models import User

MEMBERS_PER_PAGE = 30


@login_required
def directory(request):
    councils = selectors.directory_councils()
    form = DirectoryFilterForm(request.GET or None, councils=councils)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    profiles = selectors.directory_members(
        query=filters.get("q", ""),
        council=filters.get("council", ""),
        region=filters.get("region", ""),
        council_type=filters.get("council_type", ""),
        expertise=filters.get("expertise", ""),
    )
    page = Paginator(profiles, MEMBERS_PER_PAGE).get_page(request.GET.get("page"))
    query_string = request.GET.copy()
    query_string.pop("page", None)
    return render(
        request,
        "members/directory.html",
        {
            "form": form,
            "page_obj": page,
            "profiles": page.object_list,
            "query_string": query_string.urlencode(),
            "popular_expertise": selectors.popular_expertise(15),
        },
    )


@login_required
def me(request):
    return redirect("members:detail", username=request.user.username)


@login_required
def member_detail(request, username):
    member = get_object_or_404(
        User.objects.select_related("profile__organisation", "profile__verified_council"),
        username=username,
        deleted_at__isnull=True,
    )
    profile = services.ensure_profile(member)
    is_self = member.pk == request.user.pk
    verification = selectors.latest_verification_request(member) if is_self else None
    case_studies = (
        Page.objects.live()
        .public()
        .filter(owner=member, content_type__model="casestudypage")
        .order_by("-first_published_at")[:20]
    )
    return _profile_page(
        request,
        {
            "member": member,
            "profile": profile,
            "is_self": is_self,
            "verification": verification,
            # The decision is shown as a notice until the member has seen it once.
            "verification_notice": bool(verification and verification.decided_at and not verification.notice_seen_at),
            "show_email": selectors.email_visible_to(profile, request.user),
            "case_studies": case_studies,
            "can_moderate": selectors.is_moderator(request.user) and member.pk != request.user.pk,
            "verified_council": selectors.verified_council_for(member),
            # The member's threads and answers, from discussions (see cop.members.extensions).
            **extensions.profile_context(member, request.user),
        },
    )


def _profile_page(request, context):
    response = render(request, "members/detail.html", context)
    if context["verification_notice"]:
        services.mark_verification_notice_seen(context["verification"])
    return response


@login_required
def ask_verification(request):
    """A member asks to be verified as an officer of their council."""
    profile = services.ensure_profile(request.user)
    pending = selectors.latest_verification_request(request.user)
    if pending is not None and pending.status != "pending":
        pending = None
    if request.method == "POST" and pending is None:
        form = VerificationRequestForm(request.POST)
        if form.is_valid():
            try:
                verification = services.request_verification(request.user, **form.cleaned_data)
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                if verification is None:
                    messages.success(request, f"You are now a verified officer of {form.cleaned_data['council']}.")
                else:
                    messages.success(
                        request, "Your request has been sent. A moderator will check it and we will email you."
                    )
                return redirect("members:me")
        status = 400
    else:
        form = VerificationRequestForm(
            initial={"council": profile.organisation_id, "role": profile.role, "work_email": request.user.email}
        )
        status = 200
    return render(
        request,
        "members/verification.html",
        {"form": form, "pending": pending, "verified_council": selectors.verified_council_for(request.user)},
        status=status,
    )


@login_required
def edit_profile(request):
    profile = services.ensure_profile(request.user)
    if request.method == "POST":
        form = ProfileForm(request.POST, instance=profile, user=request.user)
        if form.is_valid():
            services.save_profile(form)
            messages.success(request, "Your profile has been saved.")
            return redirect("members:me")
        status = 400
    else:
        form = ProfileForm(instance=profile, user=request.user)
        status = 200
    return render(request, "members/edit.html", {"form": form}, status=status)


@login_required
def delete_account(request):
    if request.method == "POST":
        form = DeleteAccountForm(request.POST)
        if form.is_valid():
            user = request.user
            logout(request)
            services.delete_account(user)
            messages.success(request, "Your account has been deleted. Your posts remain, shown as “Former member”.")
            return redirect("/")
        status = 400
    else:
        form = DeleteAccountForm()
        status = 200
    return render(request, "members/delete.html", {"form": form}, status=status)


@login_required
def download_data(request):
    data = services.export_member_data(request.user)
    response = HttpResponse(
        json.dumps(data, indent=2, ensure_ascii=False), content_type="application/json; charset=utf-8"
    )
    stamp = timezone.now().strftime("%Y-%m-%d")
    response["Content-Disposition"] = f'attachment; filename="place-exchange-my-data-{stamp}.json"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def expertise_locator(request):
    topic = request.GET.get("topic", "").strip()[:100]
    people = extensions.find_experts(topic, request.user) if topic else []
    return render(
        request,
        "members/expertise.html",
        {"topic": topic, "people": people, "popular_expertise": selectors.popular_expertise(20)},
    )


@login_required
def moderate_member(request, username):
    if not selectors.is_moderator(request.user):
        raise PermissionDenied
    member = get_object_or_404(User, username=username, deleted_at__isnull=True)
    if member.pk == request.user.pk:
        raise PermissionDenied
    profile = services.ensure_profile(member)
    suspend_form = SuspendForm(prefix="suspend")
    verify_form = VerifyOfficerForm(prefix="verify")
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "suspend":
            suspend_form = SuspendForm(request.POST, prefix="suspend")
            if suspend_form.is_valid():
                services.suspend_member(
                    member, days=suspend_form.cleaned_data["days"], reason=suspend_form.cleaned_data["reason"]
                )
                messages.success(request, f"{member} is suspended.")
                return redirect("members:detail", username=member.username)
            status = 400
        elif action == "lift":
            services.lift_suspension(member)
            messages.success(request, f"{member}'s suspension has been lifted.")
            return redirect("members:detail", username=member.username)
        elif action == "verify":
            verify_form = VerifyOfficerForm(request.POST, prefix="verify")
            if verify_form.is_valid():
                services.verify_by_moderator(member, verify_form.cleaned_data["council"], request.user)
                messages.success(
                    request, f"{member} is now a verified officer of {verify_form.cleaned_data['council']}."
                )
                return redirect("members:detail", username=member.username)
            status = 400
        elif action == "revoke":
            services.revoke_verification(member)
            messages.success(request, f"{member} is no longer a verified officer.")
            return redirect("members:detail", username=member.username)
        else:
            status = 400
    return render(
        request,
        "members/moderate.html",
        {"member": member, "profile": profile, "suspend_form": suspend_form, "verify_form": verify_form},
        status=status,
    )
