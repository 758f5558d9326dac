"""Read-only admin views: every change to a submission goes through the site so it is versioned and audited."""

from django.contrib import admin

from .models import Submission, SubmissionEvent, SubmissionValue


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class SubmissionEventInline(admin.TabularInline):
    model = SubmissionEvent
    fields = ["version", "action", "actor", "created_at", "reason"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Submission)
class SubmissionAdmin(ReadOnlyAdmin):
    list_display = ["council", "year", "status", "version", "release_date", "updated_at"]
    list_filter = ["status", "year"]
    search_fields = ["council__name", "council__gss_code"]
    inlines = [SubmissionEventInline]


@admin.register(SubmissionValue)
class SubmissionValueAdmin(ReadOnlyAdmin):
    list_display = ["submission", "service", "measure", "value_thousands"]
    list_filter = ["measure"]
