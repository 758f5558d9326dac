"""All of the submissions app's migrations before the first release, squashed into one (issue 12).

`replaces` lets a database that applied the old chain carry on without running anything. Nothing here
imports this project's code except what Django's field deconstruction names (custom fields, callable
defaults); data is a frozen copy."""

import benchmarks.years
import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    replaces = [
        ('submissions', '0001_initial'),
        ('submissions', '0002_alter_submissionevent_action'),
    ]

    dependencies = [
        ('benchmarks', '0001_squashed_0006_detail_prices_region_source'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Submission',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('year', benchmarks.years.FinancialYearField(help_text='Financial year the figures cover')),
                ('status', models.CharField(choices=[('draft', 'Draft'), ('submitted', 'Submitted for certification'), ('certified', 'Certified'), ('published', 'Published')], db_index=True, default='draft', max_length=10)),
                ('release_date', models.DateField(blank=True, db_index=True, help_text='Certified figures are published to everyone on this date; before it only verified officers see them', null=True)),
                ('version', models.PositiveIntegerField(default=1, help_text='Bumped on every change (optimistic concurrency)')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('updated_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('submitted_at', models.DateTimeField(blank=True, null=True)),
                ('certified_at', models.DateTimeField(blank=True, null=True)),
                ('published_at', models.DateTimeField(blank=True, null=True)),
                ('certified_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('council', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='benchmark_submissions', to='benchmarks.authority')),
                ('created_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('submitted_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('updated_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['-year', 'council__name'],
            },
        ),
        migrations.CreateModel(
            name='SubmissionEvent',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('version', models.PositiveIntegerField(help_text="The submission's version after this change")),
                ('action', models.CharField(choices=[('created', 'Started'), ('saved', 'Figures saved'), ('uploaded', 'Figures saved from an uploaded file'), ('submitted', 'Submitted for certification'), ('returned', 'Returned to draft (figures changed after submission)'), ('certified', 'Certified'), ('published', 'Published'), ('release', 'Release date changed')], max_length=10)),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('reason', models.TextField(blank=True, help_text="Why, in the person's own words")),
                ('changes', models.JSONField(blank=True, default=list, help_text='[{"line": "190", "measure": "employees", "old": "1.000", "new": "2.000"}, …] (explanations too)')),
                ('actor', models.ForeignKey(blank=True, help_text='Empty when the system acted (scheduled publication)', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('submission', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='events', to='submissions.submission')),
            ],
            options={
                'ordering': ['-version', '-id'],
            },
        ),
        migrations.CreateModel(
            name='SubmissionValue',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('measure', models.CharField(choices=[('employees', 'Employees (C1)'), ('running_expenses', 'Running expenses (C2)'), ('total_expenditure', 'Total expenditure (C3 = C1 + C2)'), ('sales_fees_charges', 'Sales, fees and charges (C4)'), ('other_income', 'Other income (C5)'), ('total_income', 'Total income (C6 = C4 + C5)'), ('net_current_expenditure', 'Net current expenditure (C7 = C3 - C6)')], max_length=30)),
                ('value_thousands', models.DecimalField(decimal_places=3, help_text='£ thousand', max_digits=15)),
                ('explanation', models.TextField(blank=True, help_text='Why a flagged figure (big change on last year, or far from similar councils) is right')),
                ('service', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='submission_values', to='benchmarks.service')),
                ('submission', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='values', to='submissions.submission')),
            ],
        ),
        migrations.AddIndex(
            model_name='submission',
            index=models.Index(fields=['status', 'year'], name='submission_status_year'),
        ),
        migrations.AddConstraint(
            model_name='submission',
            constraint=models.UniqueConstraint(fields=('council', 'year'), name='submission_council_year'),
        ),
        migrations.AddIndex(
            model_name='submissionevent',
            index=models.Index(fields=['submission', 'version'], name='submissionevent_version'),
        ),
        migrations.AddConstraint(
            model_name='submissionvalue',
            constraint=models.UniqueConstraint(fields=('submission', 'service', 'measure'), name='submissionvalue_cell'),
        ),
    ]
