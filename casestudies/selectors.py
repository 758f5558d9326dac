"""Reads for case studies and citizen stories.

The index page is faceted: each filter narrows the list, and each option shows how many
case studies it would match given the *other* filters (so choosing one region does not
hide the other regions). Every facet is one GROUP BY query and the listing prefetches
its relations, so the number of queries does not grow with the number of case studies.
"""

import operator
from dataclasses import dataclass, field
from functools import partial
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from wagtail.models import TaskState, WorkflowState

from benchmarks.count import selectors as count_selectors
from benchmarks.models import AuthorityType, Service
from cop.core import member_pages
from cop.core.pages import page_context
from cop.members.selectors import verified_council_for

from .models import (
    AuthorNotice,
    CaseStudyDraft,
    CaseStudyIndexPage,
    CaseStudyLesson,
    CaseStudyPage,
    CaseStudyTag,
    CaseStudyTheme,
    CitizenStoryIndexPage,
    CitizenStoryPage,
    EvidenceStrength,
    LessonStatus,
    SpatialLevel,
    Status,
    StoryConsent,
    WhoLeads,
)

PAGE_SIZE = 20

SORTS = {
    "newest": ("Newest", [F("first_published_at").desc(nulls_last=True), "-pk"]),
    "savings": ("Largest savings", [F("savings_amount").desc(nulls_last=True), "-pk"]),
    "reviewed": ("Most recently reviewed", [F("last_reviewed").desc(nulls_last=True), "-pk"]),
}


def _authority_type_labels() -> dict:
    return dict(AuthorityType.choices)


@dataclass
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool
    remove_querystring: str = ""


@dataclass
class Facet:
    key: str
    label: str
    options: list[FacetOption] = field(default_factory=list)

    @property
    def selected(self) -> list[FacetOption]:
        return [option for option in self.options if option.selected]


def _live_case_studies(index_page=None):
    queryset = CaseStudyPage.objects.live().public()
    if index_page is not None:
        queryset = queryset.child_of(index_page)
    return queryset


def _choice_filter(field_name):
    return lambda queryset, values: queryset.filter(**{f"{field_name}__in": values})


def _related_filter(lookup):
    return lambda queryset, values: queryset.filter(
        pk__in=CaseStudyPage.objects.filter(**{f"{lookup}__in": values}).values("pk")
    )


def _choice_counts(field_name, choices):
    def counts(queryset):
        rows = queryset.order_by().values(field_name).annotate(n=Count("pk"))
        found = {row[field_name]: row["n"] for row in rows}
        return [(value, label, found.get(value, 0)) for value, label in choices]

    return counts


def _through_counts(through, page_column, value_path, label_path=None, label_map=None, limit=None):
    def counts(queryset):
        fields = [value_path] + ([label_path] if label_path else [])
        rows = (
            through.objects.filter(**{f"{page_column}__in": queryset.order_by().values("pk")})
            .values(*fields)
            .annotate(n=Count(page_column, distinct=True))
            .order_by("-n", value_path)
        )
        if limit:
            rows = rows[:limit]
        result = []
        for row in rows:
            value = row[value_path]
            if value in (None, ""):
                continue
            if label_path:
                label = row[label_path]
            else:
                label = (label_map or {}).get(value, value)
            result.append((value, label, row["n"]))
        return sorted(result, key=lambda item: str(item[1]))

    return counts


PlacesThrough = CaseStudyPage.places.through
ServiceThrough = CaseStudyPage.service_areas.through

# key, label, filter function, count function
FACETS = [
    (
        "theme",
        "Theme",
        _related_filter("themes__slug"),
        _through_counts(CaseStudyTheme, "content_object", "tag__slug", "tag__name"),
    ),
    (
        "service",
        "Service area",
        _related_filter("service_areas__code"),
        _through_counts(ServiceThrough, "casestudypage", "service__code", "service__name"),
    ),
    (
        "region",
        "Region",
        _related_filter("places__region"),
        _through_counts(PlacesThrough, "casestudypage", "authority__region"),
    ),
    (
        "council_type",
        "Council type",
        _related_filter("places__authority_type"),
        _through_counts(PlacesThrough, "casestudypage", "authority__authority_type", label_map=None),
    ),
    (
        "spatial_level",
        "Spatial level",
        _choice_filter("spatial_level"),
        _choice_counts("spatial_level", SpatialLevel.choices),
    ),
    ("who_leads", "Who leads", _choice_filter("who_leads"), _choice_counts("who_leads", WhoLeads.choices)),
    ("status", "Status", _choice_filter("status"), _choice_counts("status", Status.choices)),
    (
        "evidence",
        "Strength of evidence",
        _choice_filter("evidence_strength"),
        _choice_counts("evidence_strength", EvidenceStrength.choices),
    ),
    (
        "tag",
        "Tag",
        _related_filter("tags__slug"),
        _through_counts(CaseStudyTag, "content_object", "tag__slug", "tag__name", limit=30),
    ),
]
FACET_KEYS = [key for key, *_ in FACETS]


def _selected_values(params) -> dict[str, list[str]]:
    selected = {}
    for key in FACET_KEYS:
        values = [value.strip()[:100] for value in params.getlist(key) if value.strip()]
        if values:
            selected[key] = list(dict.fromkeys(values))
    return selected


def _apply_filters(queryset, selected, skip=None):
    for key, _label, filter_function, _counts in FACETS:
        if key != skip and key in selected:
            queryset = filter_function(queryset, selected[key])
    return queryset


def case_study_listing(params, index_page=None) -> dict:
    """Filtered, sorted and paginated case studies with a count for every filter option."""
    base = _live_case_studies(index_page)
    selected = _selected_values(params)
    sort = params.get("sort", "newest")
    if sort not in SORTS:
        sort = "newest"

    council_type_labels = _authority_type_labels()
    facets = []
    for key, label, _filter, count_function in FACETS:
        facet = Facet(key=key, label=label)
        chosen = set(selected.get(key, []))
        for value, option_label, count in count_function(_apply_filters(base, selected, skip=key)):
            if key == "council_type":
                option_label = council_type_labels.get(value, value)
            if count or value in chosen:
                facet.options.append(FacetOption(str(value), str(option_label), count, value in chosen))
        facets.append(facet)

    results = _apply_filters(base, selected).order_by(*SORTS[sort][1])
    paginator = Paginator(
        results.prefetch_related("places", "service_areas", "themes"), PAGE_SIZE, allow_empty_first_page=True
    )
    page_obj = paginator.get_page(params.get("page"))

    query = [(key, value) for key in FACET_KEYS for value in selected.get(key, [])]
    if sort != "newest":
        query.append(("sort", sort))
    for facet in facets:
        for option in facet.selected:
            option.remove_querystring = urlencode([(k, v) for k, v in query if (k, v) != (facet.key, option.value)])
    return {
        "page_obj": page_obj,
        "case_studies": list(page_obj.object_list),
        "total": paginator.count,
        "facets": facets,
        "selected": selected,
        "sort": sort,
        "sort_options": [(key, label) for key, (label, _order) in SORTS.items()],
        "querystring": urlencode(query),
        "filter_querystring": urlencode([(k, v) for k, v in query if k != "sort"]),
        "has_filters": bool(selected),
    }


def featured_case_studies(limit: int = 3) -> list[CaseStudyPage]:
    """The newest published case studies, for the home page; never one that still says what is not
    yet known (nothing sourced to feature)."""
    return list(
        CaseStudyPage.objects.live()
        .public()
        .filter(not_yet_known="")
        .order_by(F("first_published_at").desc(nulls_last=True), "-pk")[:limit]
    )


def case_studies_for_service(service_code: str, limit: int | None = 10) -> list[CaseStudyPage]:
    """Published case studies whose controlled service areas include this RO line code."""
    queryset = (
        CaseStudyPage.objects.live()
        .public()
        .filter(pk__in=ServiceThrough.objects.filter(service__code=str(service_code)).values("casestudypage_id"))
        .order_by(F("last_reviewed").desc(nulls_last=True), "-pk")
    )
    if limit:
        queryset = queryset[:limit]
    return list(queryset)


def related_case_studies(page: CaseStudyPage, service_ids, theme_ids, tag_ids, limit: int = 3) -> list:
    """Other case studies sharing the most service areas, themes and tags with this one."""
    if not (service_ids or theme_ids or tag_ids):
        return []
    shared_service = ServiceThrough.objects.filter(service_id__in=service_ids).values("casestudypage_id")
    shared_theme = CaseStudyTheme.objects.filter(tag_id__in=theme_ids).values("content_object_id")
    shared_tag = CaseStudyTag.objects.filter(tag_id__in=tag_ids).values("content_object_id")
    return list(
        CaseStudyPage.objects.live()
        .public()
        .exclude(pk=page.pk)
        .filter(Q(pk__in=shared_service) | Q(pk__in=shared_theme) | Q(pk__in=shared_tag))
        .annotate(
            shared=Count("service_areas", filter=Q(service_areas__in=service_ids), distinct=True)
            + Count("theme_items", filter=Q(theme_items__tag_id__in=theme_ids), distinct=True)
            + Count("tagged_items", filter=Q(tagged_items__tag_id__in=tag_ids), distinct=True)
        )
        .order_by("-shared", F("first_published_at").desc(nulls_last=True))[:limit]
    )


def spend_chart(spend_lines) -> dict:
    """Rows of the place's count, each with its share of the largest line (for CSS bars)."""
    lines = list(spend_lines)
    if not lines:
        return {"rows": [], "total": 0}
    largest = max(line.amount for line in lines) or 1
    total = sum(line.amount for line in lines)
    rows = [
        {
            "line": line,
            "width": max(1, round(float(line.amount) / float(largest) * 100)) if line.amount else 0,
            "share": round(float(line.amount) / float(total) * 100, 1) if total else 0,
        }
        for line in lines
    ]
    return {"rows": rows, "total": total, "largest": max(lines, key=lambda line: line.amount)}


def _benchmark_figures(place, service_codes) -> list[dict] | None:
    """The place's latest figures for these services beside councils of its type, from benchmarking.

    Benchmarking keeps each year's figures in memory, so this costs a few queries at most and
    never one per case study. Any failure there leaves the links on their own.
    """
    try:
        from benchmarks import comparison as comparisons
        from benchmarks import grouping, store

        years = store.available_years()
        if not years or not service_codes:
            return None
        dataset = store.year_dataset(years[-1])
        if place.pk not in dataset.records:
            return None
        group = grouping.build_group(dataset, place.pk, "type")
        figures = []
        for code in service_codes:
            service = store.service_by_code(code)
            if service is None:
                continue
            comparison = comparisons.compare_service(dataset, group, place.pk, service)
            if comparison.delivers and comparison.sentence:
                figures.append({"code": code, "sentence": comparison.sentence, "year": dataset.year.label})
        return figures or None
    except Exception:  # noqa: BLE001 - figures are a bonus beside a case study, never a reason to fail it
        return None


def benchmark_links(places, service_areas) -> list[dict]:
    codes = [area.code for area in service_areas]
    return [
        {
            "place": place,
            "url": reverse("benchmarks:profile", kwargs={"gss": place.gss_code}),
            "service_links": [
                {"area": area, "url": reverse("benchmarks:service", kwargs={"gss": place.gss_code, "code": area.code})}
                for area in service_areas
            ],
            "figures": _benchmark_figures(place, codes),
        }
        for place in places
    ]


def verified_council(user):
    if not user.is_authenticated:
        return None
    return verified_council_for(user)


def _case_study_shared(page: CaseStudyPage, request) -> dict:
    """What the case study page shows every reader alike (rendered once, see cop.core.fragments)."""
    places = list(page.places.all())
    service_areas = list(page.service_areas.all())
    # Taggit's manager ignores Theme.Meta.ordering; without a sort the order follows the query plan.
    themes = sorted(page.themes.all(), key=lambda theme: theme.name)
    tags = list(page.tags.all())
    parent = page.get_parent()
    return {
        "index_url": parent.get_url(request) if parent else "/case-studies/",
        "places": places,
        "regions": sorted({place.region for place in places if place.region}),
        "council_types": sorted({place.get_authority_type_display() for place in places}),
        "service_areas": service_areas,
        "themes": themes,
        "tags": tags,
        "partners": list(page.partners.all()),
        "chart": spend_chart(page.spend_lines.all()),
        "linked_count": count_selectors.linked_count(page.linked_count),
        "contacts": list(page.contacts.all()),
        "credits": list(page.authors.select_related("member")),
        "adoptions": list(page.adoptions.select_related("council", "recorded_by")),
        "related": related_case_studies(
            page, [a.pk for a in service_areas], [t.pk for t in themes], [t.pk for t in tags]
        ),
        "benchmarks": benchmark_links(places, service_areas),
        "stories": list(
            page.citizen_stories.live()
            .public()
            .filter(pk__in=StoryConsent.objects.valid().values("story_id"))
            .only("title", "url_path", "byline", "path", "depth")
        ),
    }


def _current_councils():
    from benchmarks.models import Authority

    return list(Authority.objects.filter(end_date__isnull=True).only("pk", "name").order_by("name"))


def case_study_detail(page: CaseStudyPage, request) -> dict:
    # The shared values are lazy: when the template finds its fragments cached they are never
    # computed, so a signed-in reader costs the personal queries only.
    shared = SimpleLazyObject(lambda: _case_study_shared(page, request))
    context = {name: SimpleLazyObject(partial(operator.getitem, shared, name)) for name in CASE_STUDY_SHARED}
    user = getattr(request, "user", None)
    council = verified_council(user) if user is not None else None
    signed_in = user is not None and user.is_authenticated
    if member_pages.marking(request) and not page.get_view_restrictions().exists():
        member_pages.offer(request, "plain")
    return {
        **context,
        "adoption_councils": SimpleLazyObject(_current_councils) if council is None and signed_in else [],
        "verified_council": council,
        "already_adopted": council is not None and page.adoptions.filter(council=council).exists(),
        "discuss_url": reverse("discussions:new_thread") + f"?case_study={page.pk}",
        # Lazy, like the shared values: cached with the page's fragments (approving a lesson purges them).
        "member_lessons": SimpleLazyObject(partial(approved_lessons, page)),
        "lesson_url": reverse("casestudies:add_lesson", args=[page.pk]),
    }


CASE_STUDY_SHARED = (
    "index_url",
    "places",
    "regions",
    "council_types",
    "service_areas",
    "themes",
    "tags",
    "partners",
    "chart",
    "linked_count",
    "contacts",
    "credits",
    "adoptions",
    "related",
    "benchmarks",
    "stories",
)


# Citizen stories -------------------------------------------------------------------------------


def published_stories(index_page=None):
    queryset = (
        CitizenStoryPage.objects.live()
        .public()
        .filter(pk__in=StoryConsent.objects.valid(timezone.localdate()).values("story_id"))
    )
    if index_page is not None:
        queryset = queryset.child_of(index_page)
    return queryset


def story_listing(params, index_page=None) -> dict:
    stories = published_stories(index_page)
    service = params.get("service", "").strip()
    if service:
        stories = stories.filter(service_area__code=service)
    stories = stories.select_related("place", "service_area").order_by(
        F("first_published_at").desc(nulls_last=True), "-pk"
    )
    paginator = Paginator(stories, PAGE_SIZE, allow_empty_first_page=True)
    page_obj = paginator.get_page(params.get("page"))
    return {
        "page_obj": page_obj,
        "stories": list(page_obj.object_list),
        "service": service,
        "service_areas": list(Service.objects.filter(is_total=False).order_by("code")),
        "querystring": urlencode({"service": service} if service else {}),
    }


# Page context (see cop.core.pages) -------------------------------------------------------


@page_context(CaseStudyIndexPage)
def _case_study_index_page_context(page, request) -> dict:
    return {"listing": case_study_listing(request.GET, index_page=page)}


@page_context(CaseStudyPage)
def _case_study_page_context(page, request) -> dict:
    return case_study_detail(page, request)


def live_linked_case_studies(story: CitizenStoryPage) -> list[CaseStudyPage]:
    """The published case studies a story links to. In a preview the relation is modelcluster's
    in-memory FakeQuerySet (no .live()), so the filter is on the pages themselves, in both cases."""
    return [study for study in story.linked_case_studies.all() if study.live]


@page_context(CitizenStoryPage)
def _citizen_story_page_context(page, request) -> dict:
    return {"linked_case_studies": live_linked_case_studies(page)}


@page_context(CitizenStoryIndexPage)
def _citizen_story_index_page_context(page, request) -> dict:
    return {"listing": story_listing(request.GET, index_page=page)}


# Case studies and lessons shared by members -------------------------------------------------------

REVIEW_STATUS = {
    "draft": ("Not sent yet", "grey"),
    WorkflowState.STATUS_IN_PROGRESS: ("With the editors", "blue"),
    WorkflowState.STATUS_NEEDS_CHANGES: ("Changes requested", "orange"),
    "published": ("Published", "green"),
    "not_published": ("Not published", "red"),
}


@dataclass
class SharedCaseStudy:
    draft: CaseStudyDraft
    title: str
    status: str
    status_label: str
    status_colour: str
    comments: list = field(default_factory=list)
    url: str = ""

    @property
    def can_revise(self) -> bool:
        return self.status in ("draft", WorkflowState.STATUS_NEEDS_CHANGES, "published", "not_published")


def _review_comments(page_ids) -> dict[int, list]:
    """The editors' comments on each page's review tasks (asking for changes or approving), newest first."""
    states = (
        TaskState.objects.filter(
            workflow_state__base_content_type__app_label="wagtailcore",
            workflow_state__base_content_type__model="page",
            workflow_state__object_id__in=[str(pk) for pk in page_ids],
        )
        .exclude(comment="")
        .select_related("workflow_state", "finished_by")
        .order_by("-finished_at", "-pk")
    )
    comments: dict[int, list] = {}
    for state in states:
        comments.setdefault(int(state.workflow_state.object_id), []).append(
            {"text": state.comment, "when": state.finished_at, "status": state.get_status_display()}
        )
    return comments


def _status_of(draft: CaseStudyDraft, workflow: WorkflowState | None) -> str:
    if draft.page_id is None or draft.submitted_at is None:
        return "draft"
    if workflow is not None and workflow.status in (
        WorkflowState.STATUS_IN_PROGRESS,
        WorkflowState.STATUS_NEEDS_CHANGES,
    ):
        return workflow.status
    return "published" if draft.page.live else "not_published"


def my_case_studies(member) -> list[SharedCaseStudy]:
    """The member's drafts and sent case studies, each with where its review has got to."""
    drafts = list(CaseStudyDraft.objects.filter(member=member).select_related("page"))
    page_ids = [d.page_id for d in drafts if d.page_id]
    latest = {}
    for state in WorkflowState.objects.filter(
        base_content_type__app_label="wagtailcore",
        base_content_type__model="page",
        object_id__in=[str(pk) for pk in page_ids],
    ).order_by("created_at", "pk"):
        latest[int(state.object_id)] = state
    comments = _review_comments(page_ids) if page_ids else {}
    result = []
    for draft in drafts:
        status = _status_of(draft, latest.get(draft.page_id))
        label, colour = REVIEW_STATUS[status]
        title_answer = (draft.answers.get("title") or {}).get("title") or [""]
        title = draft.page.title if draft.page_id else (title_answer[0] or "Untitled case study")
        result.append(
            SharedCaseStudy(
                draft=draft,
                title=title,
                status=status,
                status_label=label,
                status_colour=colour,
                comments=comments.get(draft.page_id, []),
                url=draft.page.url if draft.page_id and draft.page.live else "",
            )
        )
    return result


def my_notices(member) -> list[AuthorNotice]:
    return list(
        AuthorNotice.objects.filter(recipient=member)
        .select_related("lesson__author", "lesson__page")
        .order_by("-created_at", "-pk")[:20]
    )


def approved_lessons(page: CaseStudyPage) -> list[CaseStudyLesson]:
    """Members' lessons shown under a case study: one query however many there are."""
    return list(
        CaseStudyLesson.objects.filter(page=page, status=LessonStatus.APPROVED)
        .select_related("author")
        .only(
            "what_worked",
            "what_did_not",
            "differently",
            "organisation",
            "created_at",
            "author__display_name",
            "author__first_name",
            "author__last_name",
            "author__username",
            "author__deleted_at",
        )
        .order_by("-created_at", "-pk")
    )
