"""All of the casestudies app's migrations before the first release, squashed into one (issue 12).

`replaces` lets a database that applied the old chain carry on without running anything. Nothing here
imports this project's code except what Django's field deconstruction names (custom fields, callable
defaults); data is a frozen copy."""

import casestudies.models
import cop.core.pages
import django.core.validators
import django.db.models.deletion
import modelcluster.contrib.taggit
import modelcluster.fields
import wagtail.fields
from django.conf import settings
from django.db import migrations, models

from django.utils.text import slugify

# Copied (not imported) so that this migration keeps working if the list changes later.
THEMES = [
    "Children's services", "Drugs and alcohol", "Housing", "Worklessness", "Asset management", "Older people",
    "Offender management", "Back office", "Early years", "Young people", "Health and care", "Community safety",
]


def seed(apps, schema_editor):
    Theme = apps.get_model("casestudies", "Theme")
    for name in THEMES:
        Theme.objects.get_or_create(slug=slugify(name), defaults={"name": name})


class Migration(migrations.Migration):

    initial = True

    replaces = [
        ('casestudies', '0001_initial'),
        ('casestudies', '0002_seed_themes'),
    ]

    dependencies = [
        ('benchmarks', '0001_squashed_0006_detail_prices_region_source'),
        ('wagtailcore', '0098_apitoken'),
        ('taggit', '0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='CaseStudyIndexPage',
            fields=[
                ('page_ptr', models.OneToOneField(auto_created=True, on_delete=django.db.models.deletion.CASCADE, parent_link=True, primary_key=True, serialize=False, to=settings.WAGTAIL_PAGE_MODEL)),
                ('intro', wagtail.fields.RichTextField(blank=True)),
            ],
            options={
                'abstract': False,
            },
            bases=(cop.core.pages.PageContextMixin, 'wagtailcore.page'),
        ),
        migrations.CreateModel(
            name='CaseStudyPage',
            fields=[
                ('page_ptr', models.OneToOneField(auto_created=True, on_delete=django.db.models.deletion.CASCADE, parent_link=True, primary_key=True, serialize=False, to=settings.WAGTAIL_PAGE_MODEL)),
                ('summary', models.TextField(help_text='One or two sentences: what was done, where, and what it achieved', max_length=600)),
                ('spatial_level', models.CharField(choices=[('county', 'County'), ('district', 'District'), ('town', 'Town'), ('ward', 'Ward'), ('neighbourhood', 'Neighbourhood'), ('street', 'Street')], db_index=True, max_length=20)),
                ('who_leads', models.CharField(choices=[('council', 'Council'), ('partnership', 'Partnership'), ('community', 'Community'), ('provider', 'Provider')], db_index=True, max_length=20)),
                ('status', models.CharField(choices=[('exploring', 'Exploring'), ('piloting', 'Piloting'), ('scaled', 'Scaled'), ('stopped', 'Stopped')], db_index=True, max_length=20)),
                ('period_start', models.DateField(blank=True, null=True)),
                ('period_end', models.DateField(blank=True, null=True)),
                ('problem', wagtail.fields.RichTextField()),
                ('intervention', wagtail.fields.RichTextField()),
                ('outcomes', wagtail.fields.RichTextField(blank=True)),
                ('lessons', wagtail.fields.StreamField([('text', 0), ('quote', 3), ('lessons', 6), ('figure', 10), ('document', 12), ('embed', 13)], blank=True, block_lookup={0: ('wagtail.blocks.RichTextBlock', (), {'features': ['h2', 'h3', 'bold', 'italic', 'link', 'ol', 'ul', 'document-link'], 'template': 'core/blocks/text.html'}), 1: ('wagtail.blocks.TextBlock', (), {}), 2: ('wagtail.blocks.CharBlock', (), {'max_length': 200, 'required': False}), 3: ('wagtail.blocks.StructBlock', [[('quote', 1), ('attribution', 2)]], {}), 4: ('wagtail.blocks.CharBlock', (), {'max_length': 400}), 5: ('wagtail.blocks.ListBlock', (4,), {}), 6: ('wagtail.blocks.StructBlock', [[('heading', 2), ('lessons', 5)]], {}), 7: ('wagtail.images.blocks.ImageChooserBlock', (), {}), 8: ('wagtail.blocks.CharBlock', (), {'help_text': 'Describe the image for people who cannot see it', 'max_length': 250}), 9: ('wagtail.blocks.CharBlock', (), {'max_length': 250, 'required': False}), 10: ('wagtail.blocks.StructBlock', [[('image', 7), ('alt_text', 8), ('caption', 9)]], {}), 11: ('wagtail.documents.blocks.DocumentChooserBlock', (), {}), 12: ('wagtail.blocks.StructBlock', [[('document', 11), ('description', 9)]], {}), 13: ('cop.core.blocks.SafeEmbedBlock', (), {})}, verbose_name='lessons learned')),
                ('savings_amount', models.DecimalField(blank=True, decimal_places=0, max_digits=14, null=True, validators=[django.core.validators.MinValueValidator(0)], verbose_name='savings (£)')),
                ('savings_percent', models.DecimalField(blank=True, decimal_places=1, max_digits=5, null=True, validators=[django.core.validators.MinValueValidator(0), django.core.validators.MaxValueValidator(100)], verbose_name='savings (%)')),
                ('savings_basis', models.CharField(blank=True, choices=[('per_year', 'Per year'), ('one_off', 'One-off')], max_length=10)),
                ('evidence_strength', models.CharField(choices=[('estimate', 'Estimate'), ('modelled', 'Modelled'), ('measured', 'Measured'), ('independently_evaluated', 'Independently evaluated')], db_index=True, default='estimate', max_length=30, verbose_name='strength of evidence')),
                ('savings_source', models.CharField(blank=True, help_text='Where the savings figure comes from', max_length=300)),
                ('last_reviewed', models.DateField(blank=True, db_index=True, null=True)),
            ],
            options={
                'verbose_name': 'case study',
            },
            bases=(cop.core.pages.PageContextMixin, 'wagtailcore.page'),
        ),
        migrations.CreateModel(
            name='CaseStudyPartner',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('sort_order', models.IntegerField(blank=True, editable=False, null=True)),
                ('name', models.CharField(max_length=200)),
                ('sector', models.CharField(choices=[('council', 'Council'), ('nhs', 'NHS'), ('police', 'Police'), ('fire', 'Fire and rescue'), ('dwp', 'DWP / Jobcentre Plus'), ('probation', 'Probation and justice'), ('housing', 'Housing provider'), ('education', 'Schools and colleges'), ('voluntary', 'Voluntary and community sector'), ('business', 'Business'), ('central_government', 'Central government'), ('other', 'Other')], max_length=30)),
            ],
            options={
                'ordering': ['sort_order'],
                'abstract': False,
            },
        ),
        migrations.CreateModel(
            name='CaseStudySpendLine',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('sort_order', models.IntegerField(blank=True, editable=False, null=True)),
                ('agency', models.CharField(max_length=200)),
                ('sector', models.CharField(blank=True, choices=[('council', 'Council'), ('nhs', 'NHS'), ('police', 'Police'), ('fire', 'Fire and rescue'), ('dwp', 'DWP / Jobcentre Plus'), ('probation', 'Probation and justice'), ('housing', 'Housing provider'), ('education', 'Schools and colleges'), ('voluntary', 'Voluntary and community sector'), ('business', 'Business'), ('central_government', 'Central government'), ('other', 'Other')], max_length=30)),
                ('amount', models.DecimalField(decimal_places=0, max_digits=16, validators=[django.core.validators.MinValueValidator(0)], verbose_name='amount (£)')),
                ('year', models.CharField(help_text='Financial year, e.g. "2008-09"', max_length=20)),
                ('source', models.CharField(help_text='Where the figure comes from', max_length=300)),
                ('source_url', models.URLField(blank=True)),
            ],
            options={
                'ordering': ['sort_order'],
                'abstract': False,
            },
        ),
        migrations.CreateModel(
            name='CaseStudyTag',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
            ],
            options={
                'abstract': False,
            },
        ),
        migrations.CreateModel(
            name='CaseStudyTheme',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
            ],
            options={
                'abstract': False,
            },
        ),
        migrations.CreateModel(
            name='CitizenStoryIndexPage',
            fields=[
                ('page_ptr', models.OneToOneField(auto_created=True, on_delete=django.db.models.deletion.CASCADE, parent_link=True, primary_key=True, serialize=False, to=settings.WAGTAIL_PAGE_MODEL)),
                ('intro', wagtail.fields.RichTextField(blank=True)),
            ],
            options={
                'abstract': False,
            },
            bases=(cop.core.pages.PageContextMixin, 'wagtailcore.page'),
        ),
        migrations.CreateModel(
            name='CitizenStoryPage',
            fields=[
                ('page_ptr', models.OneToOneField(auto_created=True, on_delete=django.db.models.deletion.CASCADE, parent_link=True, primary_key=True, serialize=False, to=settings.WAGTAIL_PAGE_MODEL)),
                ('reference', models.CharField(default=casestudies.models.new_story_reference, editable=False, max_length=20, unique=True)),
                ('byline', models.CharField(help_text='First name or a chosen name only, never a full name', max_length=60)),
                ('place_description', models.CharField(blank=True, help_text="Where, in the storyteller's own words (e.g. a town)", max_length=120)),
                ('pull_quote', models.CharField(blank=True, max_length=300)),
                ('body', wagtail.fields.RichTextField()),
                ('is_illustrative', models.BooleanField(default=False, help_text="An example written by the Place Exchange team, not a real person's story")),
            ],
            options={
                'verbose_name': 'citizen story',
            },
            bases=('wagtailcore.page',),
        ),
        migrations.CreateModel(
            name='StoryConsent',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('purpose', models.TextField(help_text='What the storyteller agreed to')),
                ('given_on', models.DateField()),
                ('expires_on', models.DateField(blank=True, null=True)),
                ('how_given', models.CharField(choices=[('online_form', 'Online form (Share your story)'), ('paper', 'Signed paper form'), ('email', 'By email'), ('recorded_verbal', 'Recorded verbal consent'), ('illustrative', 'Not needed: illustrative story written by the team')], max_length=30)),
                ('withdrawn_on', models.DateField(blank=True, null=True)),
                ('withdrawal_note', models.CharField(blank=True, max_length=300)),
            ],
            options={
                'verbose_name': 'story consent record',
            },
        ),
        migrations.CreateModel(
            name='Theme',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=100, unique=True, verbose_name='name')),
                ('slug', models.SlugField(allow_unicode=True, max_length=100, unique=True, verbose_name='slug')),
            ],
            options={
                'verbose_name': 'theme',
                'verbose_name_plural': 'themes',
                'ordering': ['name'],
            },
        ),
        migrations.CreateModel(
            name='CaseStudyAdoption',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('council', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='case_study_adoptions', to='benchmarks.authority')),
            ],
            options={
                'ordering': ['-created_at'],
            },
        ),
        migrations.AddField(
            model_name='casestudyadoption',
            name='recorded_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='casestudypage',
            name='contacts',
            field=modelcluster.fields.ParentalManyToManyField(blank=True, related_name='case_studies_as_contact', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='casestudypage',
            name='places',
            field=modelcluster.fields.ParentalManyToManyField(blank=True, help_text='The council or councils whose area this covers (region and council type follow from these)', related_name='case_studies', to='benchmarks.authority'),
        ),
        migrations.AddField(
            model_name='casestudypage',
            name='service_areas',
            field=modelcluster.fields.ParentalManyToManyField(blank=True, help_text='Revenue outturn service lines this work is about (shared with benchmarking)', limit_choices_to={'is_total': False}, related_name='case_studies', to='benchmarks.service'),
        ),
        migrations.AddField(
            model_name='casestudyadoption',
            name='case_study',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='adoptions', to='casestudies.casestudypage'),
        ),
        migrations.AddField(
            model_name='casestudypartner',
            name='page',
            field=modelcluster.fields.ParentalKey(on_delete=django.db.models.deletion.CASCADE, related_name='partners', to='casestudies.casestudypage'),
        ),
        migrations.AddField(
            model_name='casestudyspendline',
            name='page',
            field=modelcluster.fields.ParentalKey(on_delete=django.db.models.deletion.CASCADE, related_name='spend_lines', to='casestudies.casestudypage'),
        ),
        migrations.AddField(
            model_name='casestudytag',
            name='content_object',
            field=modelcluster.fields.ParentalKey(on_delete=django.db.models.deletion.CASCADE, related_name='tagged_items', to='casestudies.casestudypage'),
        ),
        migrations.AddField(
            model_name='casestudytag',
            name='tag',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='%(app_label)s_%(class)s_items', to='taggit.tag'),
        ),
        migrations.AddField(
            model_name='casestudypage',
            name='tags',
            field=modelcluster.contrib.taggit.ClusterTaggableManager(blank=True, help_text='A comma-separated list of tags.', through='casestudies.CaseStudyTag', to='taggit.Tag', verbose_name='tags'),
        ),
        migrations.AddField(
            model_name='casestudytheme',
            name='content_object',
            field=modelcluster.fields.ParentalKey(on_delete=django.db.models.deletion.CASCADE, related_name='theme_items', to='casestudies.casestudypage'),
        ),
        migrations.AddField(
            model_name='citizenstorypage',
            name='linked_case_studies',
            field=modelcluster.fields.ParentalManyToManyField(blank=True, related_name='citizen_stories', to='casestudies.casestudypage'),
        ),
        migrations.AddField(
            model_name='citizenstorypage',
            name='place',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='citizen_stories', to='benchmarks.authority'),
        ),
        migrations.AddField(
            model_name='citizenstorypage',
            name='service_area',
            field=models.ForeignKey(blank=True, limit_choices_to={'is_total': False}, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='citizen_stories', to='benchmarks.service'),
        ),
        migrations.AddField(
            model_name='storyconsent',
            name='story',
            field=models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='consent', to='casestudies.citizenstorypage'),
        ),
        migrations.AddField(
            model_name='casestudytheme',
            name='tag',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='tagged_case_studies', to='casestudies.theme'),
        ),
        migrations.AddField(
            model_name='casestudypage',
            name='themes',
            field=modelcluster.contrib.taggit.ClusterTaggableManager(blank=True, help_text='A comma-separated list of tags.', through='casestudies.CaseStudyTheme', to='casestudies.Theme', verbose_name='themes'),
        ),
        migrations.AddConstraint(
            model_name='casestudyadoption',
            constraint=models.UniqueConstraint(fields=('case_study', 'council'), name='one_adoption_per_council'),
        ),
        migrations.RunPython(seed, migrations.RunPython.noop),
    ]
