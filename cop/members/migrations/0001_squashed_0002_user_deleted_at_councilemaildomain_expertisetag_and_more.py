"""All of the members app's migrations before the first release, squashed into one (issue 12).

`replaces` lets a database that applied the old chain carry on without running anything. Nothing here
imports this project's code except what Django's field deconstruction names (custom fields, callable
defaults); data is a frozen copy."""

import django.contrib.auth.models
import django.contrib.auth.validators
import django.db.models.deletion
import django.utils.timezone
import taggit.managers
from django.conf import settings
from django.db import migrations, models

class Migration(migrations.Migration):

    initial = True

    replaces = [
        ('members', '0001_initial'),
        ('members', '0002_user_deleted_at_councilemaildomain_expertisetag_and_more'),
    ]

    dependencies = [
        ('auth', '0012_alter_user_first_name_max_length'),
        ('benchmarks', '0001_squashed_0006_detail_prices_region_source'),
        ('taggit', '0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx'),
    ]

    operations = [
        migrations.CreateModel(
            name='User',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('password', models.CharField(max_length=128, verbose_name='password')),
                ('last_login', models.DateTimeField(blank=True, null=True, verbose_name='last login')),
                ('is_superuser', models.BooleanField(default=False, help_text='Designates that this user has all permissions without explicitly assigning them.', verbose_name='superuser status')),
                ('username', models.CharField(error_messages={'unique': 'A user with that username already exists.'}, help_text='Required. 150 characters or fewer. Letters, digits and @/./+/-/_ only.', max_length=150, unique=True, validators=[django.contrib.auth.validators.UnicodeUsernameValidator()], verbose_name='username')),
                ('first_name', models.CharField(blank=True, max_length=150, verbose_name='first name')),
                ('last_name', models.CharField(blank=True, max_length=150, verbose_name='last name')),
                ('email', models.EmailField(blank=True, max_length=254, verbose_name='email address')),
                ('is_staff', models.BooleanField(default=False, help_text='Designates whether the user can log into this admin site.', verbose_name='staff status')),
                ('is_active', models.BooleanField(default=True, help_text='Designates whether this user should be treated as active. Unselect this instead of deleting accounts.', verbose_name='active')),
                ('date_joined', models.DateTimeField(default=django.utils.timezone.now, verbose_name='date joined')),
                ('display_name', models.CharField(blank=True, max_length=100)),
                ('deleted_at', models.DateTimeField(blank=True, null=True)),
                ('groups', models.ManyToManyField(blank=True, help_text='The groups this user belongs to. A user will get all permissions granted to each of their groups.', related_name='user_set', related_query_name='user', to='auth.group', verbose_name='groups')),
                ('user_permissions', models.ManyToManyField(blank=True, help_text='Specific permissions for this user.', related_name='user_set', related_query_name='user', to='auth.permission', verbose_name='user permissions')),
            ],
            options={
                'verbose_name': 'user',
                'verbose_name_plural': 'users',
                'abstract': False,
            },
            managers=[
                ('objects', django.contrib.auth.models.UserManager()),
            ],
        ),
        migrations.CreateModel(
            name='CouncilEmailDomain',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('domain', models.CharField(help_text='For example worcestershire.gov.uk (sub-domains such as mail.worcestershire.gov.uk also match)', max_length=253, unique=True)),
                ('authority', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='email_domains', to='benchmarks.authority')),
            ],
            options={
                'verbose_name': 'council email domain',
                'ordering': ['domain'],
            },
        ),
        migrations.CreateModel(
            name='ExpertiseTag',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('tag', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='%(app_label)s_%(class)s_items', to='taggit.tag')),
            ],
            options={
                'abstract': False,
            },
        ),
        migrations.CreateModel(
            name='Profile',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('other_organisation', models.CharField(blank=True, help_text="If you do not work for a council: your organisation's name", max_length=200)),
                ('role', models.CharField(blank=True, help_text='For example, Head of Commissioning', max_length=150)),
                ('region', models.CharField(blank=True, choices=[('North East', 'North East'), ('North West', 'North West'), ('Yorkshire and The Humber', 'Yorkshire and The Humber'), ('East Midlands', 'East Midlands'), ('West Midlands', 'West Midlands'), ('East of England', 'East of England'), ('London', 'London'), ('South East', 'South East'), ('South West', 'South West'), ('Wales', 'Wales'), ('Scotland', 'Scotland'), ('Northern Ireland', 'Northern Ireland'), ('National', 'National or UK-wide')], max_length=40)),
                ('bio', models.TextField(blank=True, max_length=1000, verbose_name='short bio')),
                ('email_visibility', models.CharField(choices=[('nobody', 'Nobody (only moderators)'), ('verified', 'Verified council officers'), ('members', 'All signed-in members')], default='nobody', max_length=10)),
                ('show_in_directory', models.BooleanField(default=True)),
                ('verification_method', models.CharField(blank=True, choices=[('email_domain', 'Council email domain'), ('moderator', 'Confirmed by a moderator')], max_length=20)),
                ('verified_at', models.DateTimeField(blank=True, null=True)),
                ('suspended_until', models.DateTimeField(blank=True, null=True)),
                ('suspension_reason', models.CharField(blank=True, max_length=500)),
                ('last_seen_at', models.DateTimeField(blank=True, db_index=True, null=True)),
                ('last_digest_at', models.DateTimeField(blank=True, null=True)),
                ('email_on_reply', models.BooleanField(default=True, verbose_name='email me about replies and mentions')),
                ('weekly_digest', models.BooleanField(default=True, verbose_name='weekly digest when I have not visited')),
                ('expertise', taggit.managers.TaggableManager(blank=True, help_text='Separate areas with commas, for example: adult social care, pooled budgets', through='members.ExpertiseTag', to='taggit.Tag', verbose_name='areas of expertise')),
                ('organisation', models.ForeignKey(blank=True, help_text='The council you work for, if any', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='member_profiles', to='benchmarks.authority')),
                ('user', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='profile', to=settings.AUTH_USER_MODEL)),
                ('verified_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('verified_council', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='verified_officers', to='benchmarks.authority')),
            ],
        ),
        migrations.AddField(
            model_name='expertisetag',
            name='content_object',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='expertise_items', to='members.profile'),
        ),
        migrations.AddIndex(
            model_name='profile',
            index=models.Index(fields=['show_in_directory', 'region'], name='members_pro_show_in_0cc0f0_idx'),
        ),
    ]
