from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST
from wagtail.models import Page

from cop.communities.selectors import postable_groups
from cop.core import member_pages
from cop.core.errors import NotPermitted
from cop.core.idempotency import once
from cop.core.params import id_param
from cop.core.ratelimits import refuse
from cop.members.models import Profile
from cop.members.selectors import is_moderator

from . import permissions, selectors, services
from .emails import UNSUBSCRIBE_KINDS, read_unsubscribe_token
from .forms import EditPostForm, FlagForm, HideForm, ReplyForm, ThreadForm, ThreadModerationForm, WatchForm
from .models import Category, Post, PostStatus, Thread, WatchLevel

THREADS_PER_PAGE = 25
# Long threads are shown a page at a time (as Discourse loads posts in chunks).
POSTS_PER_PAGE = 50


def _add_errors(form, error: Exception) -> None:
    """Copy a service's refusal onto the form so the page shows it in the error summary."""
    if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
        for field, messages_ in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages_)
    elif isinstance(error, ValidationError):
        form.add_error(None, error.messages)
    else:
        form.add_error(None, str(error) or "You cannot do this")


def _form_page(request, form_class, template, context, act, *, initial=None, adjust=None):
    """The shape the discussion form pages share. GET shows the form. A POST that validates
    calls `act(cleaned_data)`, which does the work through a service and returns the
    redirect; a service's refusal (ValidationError, NotPermitted) is shown on the form.
    Anything else re-renders the form with 400. `adjust(form)` runs on every new form."""
    if request.method == "POST":
        form, status = form_class(request.POST), 400
    else:
        form, status = form_class(initial=initial or {}), 200
    if adjust:
        adjust(form)
    if request.method == "POST" and form.is_valid():
        try:
            return act(form.cleaned_data)
        except (ValidationError, NotPermitted) as error:
            _add_errors(form, error)
    return render(request, template, {"form": form, **context}, status=status)


def _restricted(request, category):
    return render(request, "discussions/restricted.html", {"category": category}, status=403)


def _page(request, queryset, per_page=THREADS_PER_PAGE):
    paginator = Paginator(queryset, per_page)
    return paginator.get_page(request.GET.get("page"))


def _thread_list_context(request, threads, sort):
    page = _page(request, threads)
    for thread in page.object_list:
        thread.unread = request.user.is_authenticated and selectors.is_unread(thread)
    return {
        "page_obj": page,
        "threads": page.object_list,
        "sort": sort,
        "sorts": [(key, label) for key, (label, _) in selectors.SORTS.items()],
    }


def index(request):
    sort = request.GET.get("sort", "activity")
    if sort not in selectors.SORTS:
        sort = "activity"
    tag = request.GET.get("tag", "")[:50]
    query = request.GET.get("q", "").strip()[:100]
    threads = selectors.thread_list(request.user, sort=sort, tag=tag, query=query)
    context = _thread_list_context(request, threads, sort)
    context.update(
        query=query,
        categories=selectors.categories_with_counts(request.user),
        tag=tag,
        can_post=permissions.can_participate(request.user),
        unread_notifications=selectors.unread_notification_count(request.user),
    )
    return render(request, "discussions/index.html", context)


def category_detail(request, slug):
    category = get_object_or_404(Category, slug=slug)
    if not permissions.can_see_category(request.user, category):
        return _restricted(request, category)
    sort = request.GET.get("sort", "activity")
    if sort not in selectors.SORTS:
        sort = "activity"
    threads = selectors.thread_list(request.user, category=category, sort=sort)
    context = _thread_list_context(request, threads, sort)
    context.update(
        category=category,
        can_post=permissions.can_start_thread(request.user, category),
        watch_level=selectors.category_watch_level(request.user, category),
        watch_choices=WatchLevel.choices,
    )
    return render(request, "discussions/category.html", context)


def _thread_or_404(request, pk):
    thread = get_object_or_404(Thread.objects.select_related("category", "author", "case_study", "group"), pk=pk)
    if not permissions.can_see_category(request.user, thread.category):
        return thread, _restricted(request, thread.category)
    if not permissions.can_see_thread(request.user, thread):
        raise Http404
    return thread, None


def _thread_page(request, thread, reply_form=None, status=200):
    user = request.user
    page_obj = Paginator(selectors.thread_posts(thread, user), POSTS_PER_PAGE).get_page(request.GET.get("page"))
    posts = list(page_obj.object_list)
    moderator = is_moderator(user)
    permissions.mark_post_permissions(posts, user, thread)
    opening = posts[0] if posts and posts[0].is_opening else None
    replies = posts[1:] if opening else posts
    if reply_form is None and permissions.can_reply(user, thread):
        initial = {}
        quote_id = id_param(request.GET.get("quote", ""))
        if quote_id is not None:
            quoted = next((p for p in posts if p.pk == quote_id and p.status == PostStatus.VISIBLE), None)
            if quoted is not None:
                author = quoted.author.username if quoted.author and not quoted.author.deleted_at else None
                lines = "\n".join(f"> {line}" for line in quoted.body.splitlines())
                initial["body"] = (f"@{author} wrote:\n" if author else "") + lines + "\n\n"
        reply_form = ReplyForm(initial=initial)
    context = {
        "thread": thread,
        "category": thread.category,
        "opening": opening,
        "replies": replies,
        "reply_form": reply_form,
        "page_obj": page_obj,
        "can_reply": permissions.can_reply(user, thread),
        "can_accept": permissions.can_accept_answer(user, thread),
        "is_moderator": moderator,
        "watch_level": selectors.thread_watch_level(user, thread),
        "watch_choices": WatchLevel.choices,
        "service_areas": _service_areas(thread),
        "tags": list(thread.tags.all()),
    }
    if user.is_authenticated:
        services.mark_thread_read(user, thread)
    if status == 200 and not thread.category.restricted and thread.is_visible:
        meta = selectors.thread_shell_meta(
            thread, posts, user, can_reply=context["can_reply"], page_number=page_obj.number
        )
        member_pages.offer(request, "thread", meta)
    return render(request, "discussions/thread.html", context, status=status)


def _service_areas(thread):
    """(code, name) for the RO lines the thread is about; the name is known once reference data is loaded."""
    from benchmarks.models import Service

    codes = [area.code for area in thread.service_areas.all()]
    names = dict(Service.objects.filter(code__in=codes).values_list("code", "name")) if codes else {}
    return [(code, names.get(code, "")) for code in codes]


def thread_detail(request, pk, slug=None):
    thread, refusal = _thread_or_404(request, pk)
    if refusal:
        return refusal
    if slug != thread.slug:
        return redirect(thread.get_absolute_url(), permanent=True)
    return _thread_page(request, thread)


def post_permalink(request, pk):
    """Redirect to the page of the thread that shows this post."""
    post = _post_or_404(request, pk)
    thread = post.thread
    if not permissions.can_see_category(request.user, thread.category):
        return _restricted(request, thread.category)
    before = (
        selectors.thread_posts(thread, request.user)
        .filter(Q(created_at__lt=post.created_at) | Q(created_at=post.created_at, id__lt=post.id))
        .count()
    )
    page = before // POSTS_PER_PAGE + 1
    query = f"?page={page}" if page > 1 else ""
    return redirect(f"{thread.get_absolute_url()}{query}#post-{post.pk}")


def _post_reply(request, thread, form):
    """Add the reply from a bound form and redirect to it, or show the thread with the errors."""
    if form.is_valid():
        try:
            post = services.create_reply(request.user, thread, body=form.cleaned_data["body"])
        except services.RateLimited as error:
            form.add_error(None, str(error))
            refuse(request, error.seconds)  # Retry-After (cop.core.ratelimits)
            return _thread_page(request, thread, reply_form=form, status=429)
        except (ValidationError, NotPermitted) as error:
            _add_errors(form, error)
        else:
            if post.status == PostStatus.PENDING:
                messages.success(request, "Thank you. Your reply will appear once a moderator has approved it.")
            else:
                messages.success(request, "Your reply has been posted.")
            return redirect(post.get_absolute_url())
    return _thread_page(request, thread, reply_form=form, status=400)


@login_required
@require_POST
def reply(request, pk):
    thread, refusal = _thread_or_404(request, pk)
    if refusal:
        return refusal
    form = ReplyForm(request.POST)
    return once(request, f"reply:{thread.pk}", lambda: _post_reply(request, thread, form))


def _new_thread_page(request, form, case_study, status):
    suspended = not permissions.can_participate(request.user)
    return render(
        request,
        "discussions/new_thread.html",
        {"form": form, "case_study": case_study, "suspended": suspended},
        status=status,
    )


def _start_thread(request, form, case_study):
    """Create the thread from a bound form and redirect to it, or show the form again."""
    status = 400
    if form.is_valid():
        try:
            thread = services.create_thread(
                request.user,
                form.cleaned_data["category"],
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
                tags=form.cleaned_data["tags"],
                service_codes=form.cleaned_data["service_codes"],
                case_study=case_study,
                group=form.cleaned_data.get("group"),
            )
        except services.RateLimited as error:
            form.add_error(None, str(error))
            refuse(request, error.seconds)  # Retry-After (cop.core.ratelimits)
            status = 429
        except (ValidationError, NotPermitted) as error:
            _add_errors(form, error)
        else:
            if not thread.is_visible:
                messages.success(request, "Thank you. Your discussion will appear once a moderator has approved it.")
            else:
                messages.success(request, "Your discussion has been started.")
            return redirect(thread.get_absolute_url())
    return _new_thread_page(request, form, case_study, status)


@login_required
def new_thread(request):
    categories = selectors.visible_categories(request.user)
    case_study = None
    case_study_id = id_param(request.POST.get("case_study") or request.GET.get("case_study"))
    if case_study_id is not None:
        case_study = Page.objects.live().public().filter(pk=case_study_id).first()
    groups = postable_groups(request.user)
    if request.method == "POST":
        form = ThreadForm(request.POST, categories=categories, groups=groups)
        # A double-click sends the same form twice: the second is sent to the first's thread.
        return once(request, "thread", lambda: _start_thread(request, form, case_study))
    initial = {}
    category_slug = request.GET.get("category")
    if category_slug:
        initial["category"] = categories.filter(slug=category_slug).first()
    if case_study is not None:
        initial["case_study"] = case_study.pk
        initial["title"] = f"Discussing: {case_study.title}"[:150]
    service = request.GET.get("service", "")[:10]
    if service.isascii() and service.isdigit():
        initial["service_codes"] = service
    group_slug = request.GET.get("group", "")[:120]
    if group_slug:
        initial["group"] = groups.filter(slug=group_slug).first()
    form = ThreadForm(initial=initial, categories=categories, groups=groups)
    return _new_thread_page(request, form, case_study, 200)


def _post_or_404(request, pk):
    post = get_object_or_404(Post.objects.select_related("thread__category", "thread__group", "author"), pk=pk)
    if not permissions.can_see_thread(request.user, post.thread) or not permissions.can_see_post_body(
        request.user, post
    ):
        raise Http404
    return post


@login_required
def edit_post(request, pk):
    post = _post_or_404(request, pk)
    if not permissions.can_edit_post(request.user, post):
        raise PermissionDenied

    def save(data):
        title = data.get("title") if post.is_opening else None
        services.edit_post(request.user, post, body=data["body"], title=title)
        messages.success(request, "Your changes have been saved.")
        return redirect(post.get_absolute_url())

    def replies_have_no_title(form):
        if not post.is_opening:
            form.fields.pop("title", None)

    return _form_page(
        request,
        EditPostForm,
        "discussions/edit_post.html",
        {"post": post},
        save,
        initial={"body": post.body, "title": post.thread.title},
        adjust=replies_have_no_title,
    )


def post_history(request, pk):
    post = _post_or_404(request, pk)
    revisions = post.revisions.select_related("edited_by")
    return render(request, "discussions/post_history.html", {"post": post, "revisions": revisions})


@login_required
def flag_post(request, pk):
    post = _post_or_404(request, pk)
    if not permissions.can_flag(request.user, post):
        raise PermissionDenied

    def flag(data):
        services.flag_post(request.user, post, reason=data["reason"], detail=data["detail"])
        messages.success(request, "Thank you. Moderators will review the post you flagged.")
        return redirect(post.thread.get_absolute_url())

    return _form_page(request, FlagForm, "discussions/flag_post.html", {"post": post}, flag)


@login_required
@require_POST
def helpful(request, pk):
    post = _post_or_404(request, pk)
    marked = services.toggle_helpful(request.user, post)
    messages.success(request, "You marked the post as helpful." if marked else "You removed your helpful mark.")
    return redirect(post.get_absolute_url())


@login_required
@require_POST
def accept(request, pk):
    post = _post_or_404(request, pk)
    try:
        thread = services.accept_answer(request.user, post)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(post.thread.get_absolute_url())
    if thread.accepted_post_id == post.pk:
        messages.success(request, "You marked this reply as the accepted answer.")
    else:
        messages.success(request, "The reply is no longer the accepted answer.")
    return redirect(post.get_absolute_url())


@login_required
def hide_post(request, pk):
    post = _post_or_404(request, pk)
    if not permissions.can_moderate(request.user):
        raise PermissionDenied

    def hide(data):
        services.hide_post(request.user, post, reason=data["reason"])
        messages.success(request, "The post has been hidden.")
        return redirect(post.thread.get_absolute_url() if post.thread.is_visible else reverse("discussions:index"))

    return _form_page(request, HideForm, "discussions/hide_post.html", {"post": post}, hide)


@login_required
@require_POST
def restore_post(request, pk):
    post = _post_or_404(request, pk)
    if not permissions.can_moderate(request.user):
        raise PermissionDenied
    services.restore_post(request.user, post)
    messages.success(request, "The post is visible again.")
    next_url = request.POST.get("next", "")
    if next_url.startswith("/admin/"):
        return redirect(next_url)
    return redirect(post.get_absolute_url())


@login_required
def moderate_thread(request, pk):
    thread, refusal = _thread_or_404(request, pk)
    if refusal:
        return refusal
    if not permissions.can_moderate(request.user):
        raise PermissionDenied

    def update(data):
        services.moderate_thread(
            request.user, thread, locked=data["is_locked"], pinned=data["is_pinned"], category=data["category"]
        )
        messages.success(request, "The discussion has been updated.")
        return redirect(thread.get_absolute_url())

    initial = {"is_locked": thread.is_locked, "is_pinned": thread.is_pinned, "category": thread.category}
    return _form_page(
        request, ThreadModerationForm, "discussions/moderate_thread.html", {"thread": thread}, update, initial=initial
    )


@login_required
@require_POST
def watch_thread(request, pk):
    thread, refusal = _thread_or_404(request, pk)
    if refusal:
        return refusal
    form = WatchForm(request.POST)
    if form.is_valid():
        services.set_thread_watch(request.user, thread, form.cleaned_data["level"])
        messages.success(request, "Your notification setting for this discussion has been saved.")
    else:
        messages.error(request, "Choose how you want to be notified")
    return redirect(thread.get_absolute_url())


@login_required
@require_POST
def watch_category(request, slug):
    category = get_object_or_404(Category, slug=slug)
    if not permissions.can_see_category(request.user, category):
        return _restricted(request, category)
    form = WatchForm(request.POST)
    if form.is_valid():
        services.set_category_watch(request.user, category, form.cleaned_data["level"])
        messages.success(request, "Your notification setting for this category has been saved.")
    else:
        messages.error(request, "Choose how you want to be notified")
    return redirect(category.get_absolute_url())


@login_required
def notifications(request):
    if request.method == "POST":
        services.mark_all_notifications_read(request.user)
        messages.success(request, "All notifications marked as read.")
        return redirect("discussions:notifications")
    page = _page(request, selectors.notifications_for(request.user), per_page=30)
    return render(
        request,
        "discussions/notifications.html",
        {
            "page_obj": page,
            "notifications": page.object_list,
            "unread_count": selectors.unread_notification_count(request.user),
        },
    )


def unsubscribe(request, token):
    """Works without signing in: the signed token identifies the member and the kind of email."""
    parsed = read_unsubscribe_token(token)
    profile = None
    if parsed:
        profile = Profile.objects.filter(user_id=parsed[0], user__is_active=True).select_related("user").first()
    if profile is None:
        return render(request, "discussions/unsubscribe.html", {"invalid": True}, status=400)
    kind = parsed[1]
    done = False
    if request.method == "POST":
        with transaction.atomic():
            setattr(profile, UNSUBSCRIBE_KINDS[kind], False)
            profile.save(update_fields=[UNSUBSCRIBE_KINDS[kind]])
        done = True
    return render(request, "discussions/unsubscribe.html", {"kind": kind, "done": done, "profile": profile})
