"""Members' case studies and lessons: drafts kept page by page, the author's credit, members' lessons
and the notices their authors get. Then two data steps:

Moderators and Editors may review members' lessons (view and change CaseStudyLesson in the admin).

The "Case study review" moderation workflow that members' case studies go through: one group
approval task for Editors and Moderators, assigned to the case study index when there is one (the
service that sends a case study assigns it again, so a site whose index comes later still works).

Names are copied, not imported, so this migration keeps working if the code changes.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

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
        ('benchmarks', '0001_squashed_0006_detail_prices_region_source'),
        ('casestudies', '0001_squashed_0002_seed_themes'),
        ('library', '0001_initial'),
        ('wagtailimages', '0027_image_description'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ('wagtailcore', '0098_apitoken'),
        ('auth', '0012_alter_user_first_name_max_length'),
        ('contenttypes', '0002_remove_content_type_name'),
    ]

    operations = [
        migrations.CreateModel(
            name='CaseStudyDraft',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('answers', models.JSONField(blank=True, default=dict)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('submitted_at', models.DateTimeField(blank=True, null=True)),
                ('document', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='library.librarydocument')),
                ('image', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='wagtailimages.image')),
                ('member', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='case_study_drafts', to=settings.AUTH_USER_MODEL)),
                ('page', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='member_drafts', to='casestudies.casestudypage')),
            ],
            options={
                'ordering': ['-updated_at', '-pk'],
            },
        ),
        migrations.CreateModel(
            name='CaseStudyLesson',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('organisation', models.CharField(blank=True, max_length=200)),
                ('what_worked', models.TextField(max_length=1500)),
                ('what_did_not', models.TextField(max_length=1500, verbose_name='what did not work')),
                ('differently', models.TextField(max_length=1500, verbose_name='what they would do differently')),
                ('status', models.CharField(choices=[('pending', 'Waiting for a moderator'), ('approved', 'Published'), ('rejected', 'Not published')], default='pending', max_length=10)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('decided_at', models.DateTimeField(blank=True, null=True)),
                ('reason', models.CharField(blank=True, max_length=500, verbose_name='reason for not publishing')),
                ('author', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='case_study_lessons', to=settings.AUTH_USER_MODEL)),
                ('council', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='benchmarks.authority')),
                ('decided_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('page', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='member_lessons', to='casestudies.casestudypage')),
            ],
            options={
                'verbose_name': 'member lesson',
                'ordering': ['-created_at', '-pk'],
            },
        ),
        migrations.CreateModel(
            name='AuthorNotice',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('read_at', models.DateTimeField(blank=True, null=True)),
                ('recipient', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='case_study_notices', to=settings.AUTH_USER_MODEL)),
                ('lesson', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='notices', to='casestudies.casestudylesson')),
            ],
            options={
                'ordering': ['-created_at', '-pk'],
            },
        ),
        migrations.CreateModel(
            name='CaseStudyAuthor',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('organisation', models.CharField(blank=True, max_length=200)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('council', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='benchmarks.authority')),
                ('member', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='case_studies_shared', to=settings.AUTH_USER_MODEL)),
                ('page', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='authors', to='casestudies.casestudypage')),
            ],
            options={
                'ordering': ['created_at', 'pk'],
                'constraints': [models.UniqueConstraint(fields=('page', 'member'), name='one_credit_per_member')],
            },
        ),
        migrations.AddIndex(
            model_name='casestudylesson',
            index=models.Index(fields=['page', 'status', 'created_at'], name='lesson_page_status'),
        ),
        migrations.AddConstraint(
            model_name='authornotice',
            constraint=models.UniqueConstraint(fields=('recipient', 'lesson'), name='one_notice_per_lesson'),
        ),
        migrations.RunPython(create_workflow, migrations.RunPython.noop),
        migrations.RunPython(grant_lesson_review, migrations.RunPython.noop),
    ]
