"""The verification queue inside the Wagtail admin: moderators and editors approve or refuse
members' requests to be verified as council officers."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse

from cop.core.errors import DomainError

from . import selectors, services
from .forms import RefuseVerificationForm
from .models import VerificationRequest

QUEUE_SIZE = 100


def verification_queue(request):
    if not selectors.may_review_verifications(request.user):
        raise PermissionDenied
    refuse_forms = {}
    status = 200
    if request.method == "POST":
        verification = get_object_or_404(VerificationRequest, pk=request.POST.get("request"))
        action = request.POST.get("action")
        try:
            if action == "approve":
                services.approve_verification(verification, request.user)
                messages.success(request, f"{verification.user} is now a verified officer of {verification.council}.")
                return redirect("members_verification_queue")
            if action == "refuse":
                form = RefuseVerificationForm(request.POST, prefix=f"refuse-{verification.pk}")
                if form.is_valid():
                    services.refuse_verification(verification, request.user, reason=form.cleaned_data["reason"])
                    messages.success(
                        request, f"{verification.user}'s request has been refused and they have been told why."
                    )
                    return redirect("members_verification_queue")
                refuse_forms[verification.pk] = form
                status = 400
            else:
                messages.error(request, "Choose approve or refuse")
                status = 400
        except DomainError as error:
            messages.error(request, error.message)
            return redirect("members_verification_queue")
    requests = list(selectors.pending_verification_requests()[:QUEUE_SIZE])
    domain_councils = selectors.councils_for_emails([item.work_email for item in requests])
    for item in requests:
        item.refuse_form = refuse_forms.get(item.pk) or RefuseVerificationForm(prefix=f"refuse-{item.pk}")
        item.domain_council = domain_councils[item.work_email]
    return TemplateResponse(
        request,
        "members/admin/verification_queue.html",
        {"requests": requests, "header_title": "Verification requests"},
        status=status,
    )
