"""Moderators and Editors may review members' lessons (view and change CaseStudyLesson in the admin).

The "Case study review" moderation workflow that members' case studies go through: one group
approval task for Editors and Moderators, assigned to the case study index when there is one (the
service that sends a case study assigns it again, so a site whose index comes later still works).

Names are copied, not imported, so this migration keeps working if the code changes."""

from django.db import migrations

WORKFLOW_NAME = "Case study review"
TASK_NAME = "Case study review: check the facts, figures and sources"
REVIEW_GROUPS = ("Editors", "Moderators")


def create_workflow(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    CaseStudyIndexPage = apps.get_model("casestudies", "CaseStudyIndexPage")

    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    if not WorkflowTask.objects.filter(workflow=workflow).exists():
        content_type, _ = ContentType.objects.get_or_create(app_label="wagtailcore", model="groupapprovaltask")
        task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
        if task is None:
            task = GroupApprovalTask.objects.create(name=TASK_NAME, content_type=content_type, active=True)
        task.groups.set([Group.objects.get_or_create(name=name)[0] for name in REVIEW_GROUPS])
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    for index in CaseStudyIndexPage.objects.all():
        WorkflowPage.objects.update_or_create(page_id=index.pk, defaults={"workflow": workflow})


def grant_lesson_review(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    # Permissions are normally created after migrate; create these two now so the groups can hold them.
    content_type, _ = ContentType.objects.get_or_create(app_label="casestudies", model="casestudylesson")
    permissions = [
        Permission.objects.get_or_create(
            content_type=content_type, codename=f"{action}_casestudylesson", defaults={"name": f"Can {action} member lesson"}
        )[0]
        for action in ("view", "change")
    ]
    for name in REVIEW_GROUPS:
        Group.objects.get_or_create(name=name)[0].permissions.add(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("casestudies", "0003_member_case_studies_and_lessons"),
        ("wagtailcore", "0098_apitoken"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(create_workflow, migrations.RunPython.noop),
        migrations.RunPython(grant_lesson_review, migrations.RunPython.noop),
    ]
