"""All of the benchmarks app's migrations before the first release, squashed into one (issue 12).

`replaces` lets a database that applied the old chain carry on without running anything. Nothing here
imports this project's code except what Django's field deconstruction names (custom fields, callable
defaults); data is a frozen copy."""

import benchmarks.years
import django.db.models.deletion
from django.db import migrations, models

# A frozen copy of the RO service lines as they were when this migration was written. Migrations
# never import live code: benchmarks.ro may change, and benchmarks.services.ensure_services brings
# the rows up to date on every import.
# (code, name, short name, sort order, is_total, first year, last year, definition notes)
SERVICES = [
    (
        "190",
        "Education services",
        "Education",
        10,
        False,
        None,
        None,
        "Includes schools funding passed straight through to schools, which dominates totals for education "
        "authorities.",
    ),
    ("290", "Highways and transport services", "Highways and transport", 20, False, None, None, ""),
    (
        "330",
        "Children's social care",
        "Children's social care",
        30,
        False,
        2011,
        None,
        "Published separately from 2011-12; in 2010-11 social care is one combined line.",
    ),
    (
        "360",
        "Adult social care",
        "Adult social care",
        40,
        False,
        2011,
        None,
        "Published separately from 2011-12; in 2010-11 social care is one combined line.",
    ),
    (
        "330+360",
        "Social care (children's and adults' combined)",
        "Social care",
        45,
        False,
        2010,
        2010,
        "2010-11 only: the RS workbook publishes one combined social care line. Not comparable with the separate "
        "children's (330) and adult (360) lines of later years.",
    ),
    (
        "390",
        "Public health",
        "Public health",
        50,
        False,
        2013,
        None,
        "A council service only from 2013-14, when public health moved from the NHS to councils.",
    ),
    ("490", "Housing services (general fund)", "Housing (GFRA)", 60, False, None, None, ""),
    ("509", "Cultural and related services", "Cultural", 70, False, None, None, ""),
    ("590", "Environmental and regulatory services", "Environmental and regulatory", 80, False, None, None, ""),
    ("599", "Planning and development services", "Planning and development", 90, False, None, None, ""),
    ("601", "Police services", "Police", 100, False, None, None, ""),
    ("602", "Fire and rescue services", "Fire and rescue", 110, False, None, None, ""),
    ("690", "Central services", "Central services", 120, False, None, None, ""),
    ("698", "Other services", "Other", 130, False, None, None, ""),
    ("699", "Total service expenditure", "Total", 140, True, None, None, "Total of lines 190 to 698 as published."),
]


def seed(apps, schema_editor):
    Service = apps.get_model("benchmarks", "Service")
    for code, name, short_name, sort_order, is_total, first_year, last_year, notes in SERVICES:
        Service.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "short_name": short_name,
                "sort_order": sort_order,
                "is_total": is_total,
                "definition_notes": notes,
                "first_year": first_year,
                "last_year": last_year,
            },
        )


class Migration(migrations.Migration):

    initial = True

    replaces = [
        ('benchmarks', '0001_initial'),
        ('benchmarks', '0002_reference_data_models'),
        ('benchmarks', '0003_seed_services'),
        ('benchmarks', '0004_authority_types_and_precision'),
        ('benchmarks', '0005_leaner_value_indexes'),
        ('benchmarks', '0006_detail_prices_region_source'),
    ]

    dependencies = [
    ]

    operations = [
        migrations.CreateModel(
            name='BudgetLine',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('code', models.CharField(max_length=10, unique=True)),
                ('name', models.CharField(max_length=250)),
                ('section', models.CharField(blank=True, max_length=120)),
                ('asset_id', models.CharField(blank=True, help_text='MHCLG database asset ID, e.g. eduerl', max_length=40)),
                ('sort_order', models.PositiveIntegerField(default=0)),
            ],
            options={
                'ordering': ['sort_order', 'code'],
            },
        ),
        migrations.CreateModel(
            name='DetailLine',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('form', models.CharField(default='RO3', max_length=10)),
                ('code', models.CharField(help_text='Row number on the form as published, e.g. 10', max_length=20)),
                ('name', models.CharField(max_length=250)),
                ('section', models.CharField(blank=True, max_length=200)),
                ('sort_order', models.PositiveIntegerField(default=0)),
            ],
            options={
                'ordering': ['form', 'sort_order', 'code'],
            },
        ),
        migrations.CreateModel(
            name='PerformanceMeasure',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('code', models.CharField(max_length=20, unique=True)),
                ('name', models.CharField(max_length=250)),
                ('polarity', models.CharField(choices=[('higher', 'Higher is better'), ('lower', 'Lower is better'), ('not_stated', 'Not stated by the publisher')], default='not_stated', max_length=10)),
                ('rank_order_as_published', models.CharField(blank=True, max_length=20)),
                ('unit_label', models.CharField(blank=True, help_text='As published; blank where the publisher states no unit', max_length=60)),
                ('publisher', models.CharField(default='Office for Local Government (Oflog)', max_length=100)),
            ],
            options={
                'ordering': ['code'],
            },
        ),
        migrations.CreateModel(
            name='Service',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('code', models.CharField(help_text='RO line number as published, e.g. 190', max_length=10, unique=True)),
                ('name', models.CharField(max_length=120)),
                ('short_name', models.CharField(blank=True, max_length=60)),
                ('sort_order', models.PositiveSmallIntegerField(default=0)),
                ('is_total', models.BooleanField(default=False)),
                ('first_year', benchmarks.years.FinancialYearField(blank=True, help_text='First year this line is comparable from', null=True)),
                ('last_year', benchmarks.years.FinancialYearField(blank=True, help_text='Last year this line was published', null=True)),
                ('definition_notes', models.TextField(blank=True, help_text='Definitional breaks users must know about')),
            ],
            options={
                'ordering': ['sort_order', 'code'],
            },
        ),
        migrations.CreateModel(
            name='Authority',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('gss_code', models.CharField(blank=True, max_length=9, null=True, unique=True, verbose_name='GSS code')),
                ('ecode', models.CharField(blank=True, db_index=True, max_length=10, verbose_name='MHCLG E-code')),
                ('mysociety_code', models.CharField(blank=True, help_text="local-authority-code in mySociety's lookup", max_length=10, null=True, unique=True, verbose_name='mySociety code')),
                ('name', models.CharField(max_length=200)),
                ('official_name', models.CharField(blank=True, max_length=250)),
                ('alt_names', models.TextField(blank=True, help_text='Other names, one per line')),
                ('slug', models.SlugField(blank=True, max_length=200)),
                ('authority_type', models.CharField(choices=[('CTY', 'County council'), ('NMD', 'District council'), ('UA', 'Unitary authority'), ('MD', 'Metropolitan district'), ('LBO', 'London borough'), ('CC', 'City of London'), ('SCO', 'Scottish council'), ('WPA', 'Welsh principal council'), ('NID', 'Northern Ireland district council'), ('O', 'Other body')], db_index=True, max_length=3)),
                ('lookup_type', models.CharField(blank=True, help_text='Type code exactly as in the lookup (e.g. NMD, COMB, SCO)', max_length=10)),
                ('tier', models.CharField(choices=[('single', 'Single tier (unitary, metropolitan, London)'), ('upper', 'Upper tier (county)'), ('lower', 'Lower tier (district)'), ('none', 'Not a council')], db_index=True, default='none', max_length=6)),
                ('is_principal_council', models.BooleanField(db_index=True, default=False)),
                ('ro_class', models.CharField(blank=True, help_text='e.g. SC, SD, MD, LB, UA, O', max_length=5, verbose_name='MHCLG class')),
                ('ro_detailed_class', models.CharField(blank=True, help_text='e.g. P police, FR fire, NPA, WA, CA, GLA', max_length=5, verbose_name='MHCLG detailed class')),
                ('region', models.CharField(blank=True, db_index=True, max_length=40)),
                ('region_source', models.CharField(blank=True, help_text='Where the region was taken from: an official file that states it, else the authority lookup', max_length=200)),
                ('nation', models.CharField(blank=True, max_length=40)),
                ('start_date', models.DateField(blank=True, null=True)),
                ('end_date', models.DateField(blank=True, null=True)),
                ('former_gss_codes', models.CharField(blank=True, max_length=200)),
                ('latitude', models.DecimalField(blank=True, decimal_places=8, max_digits=12, null=True)),
                ('longitude', models.DecimalField(blank=True, decimal_places=8, max_digits=12, null=True)),
                ('parent', models.ForeignKey(blank=True, help_text='The county council of a district', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='districts', to='benchmarks.authority')),
                ('successors', models.ManyToManyField(blank=True, related_name='predecessors', to='benchmarks.authority')),
            ],
            options={
                'verbose_name_plural': 'authorities',
                'ordering': ['name'],
            },
        ),
        migrations.CreateModel(
            name='ImportRun',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('dataset', models.CharField(choices=[('authorities', 'Authority lookup (mySociety)'), ('revenue_outturn', 'Revenue outturn (RS/RSX)'), ('revenue_budget', 'Revenue account budget (RA)'), ('population', 'Population estimates (ONS)'), ('performance', 'Performance measures (Oflog)'), ('service_detail', 'Revenue outturn detail (RO3 social care)'), ('prices', 'GDP deflators (HM Treasury)')], db_index=True, max_length=20)),
                ('year', benchmarks.years.FinancialYearField(blank=True, help_text='Financial year the file covers, if one', null=True)),
                ('file_name', models.CharField(max_length=255)),
                ('sha256', models.CharField(db_index=True, max_length=64, verbose_name='SHA-256')),
                ('file_size', models.PositiveBigIntegerField(default=0)),
                ('publisher_last_updated', models.DateField(blank=True, help_text="The 'Last updated' date printed in the file, where it has one", null=True)),
                ('publisher_title', models.CharField(blank=True, max_length=300)),
                ('status', models.CharField(choices=[('succeeded', 'Succeeded'), ('failed', 'Failed (nothing changed)')], default='succeeded', max_length=10)),
                ('started_at', models.DateTimeField(auto_now_add=True)),
                ('seconds', models.FloatField(default=0)),
                ('rows_read', models.PositiveIntegerField(default=0)),
                ('rows_loaded', models.PositiveIntegerField(default=0)),
                ('values_loaded', models.PositiveIntegerField(default=0)),
                ('rows_skipped', models.PositiveIntegerField(default=0)),
                ('report', models.JSONField(blank=True, default=dict)),
                ('report_text', models.TextField(blank=True)),
            ],
            options={
                'ordering': ['-started_at', '-id'],
                'indexes': [models.Index(fields=['dataset', 'file_name'], name='importrun_dataset_file')],
            },
        ),
        migrations.CreateModel(
            name='DetailValue',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('year', benchmarks.years.FinancialYearField()),
                ('measure', models.CharField(choices=[('employees', 'Employees (C1)'), ('running_expenses', 'Running expenses (C2)'), ('total_expenditure', 'Total expenditure (C3 = C1 + C2)'), ('sales_fees_charges', 'Sales, fees and charges (C4)'), ('other_income', 'Other income (C5)'), ('total_income', 'Total income (C6 = C4 + C5)'), ('net_current_expenditure', 'Net current expenditure (C7 = C3 - C6)')], max_length=30)),
                ('value_thousands', models.DecimalField(blank=True, decimal_places=15, help_text='£ thousand; NULL = not submitted', max_digits=30, null=True)),
                ('authority', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='detail_values', to='benchmarks.authority')),
                ('line', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='values', to='benchmarks.detailline')),
                ('source', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='detail_values', to='benchmarks.importrun')),
            ],
        ),
        migrations.CreateModel(
            name='BudgetValue',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('year', benchmarks.years.FinancialYearField()),
                ('value_thousands', models.DecimalField(blank=True, decimal_places=15, max_digits=30, null=True)),
                ('marker', models.CharField(blank=True, help_text='Text published instead of a number, e.g. ... or Category discontinued', max_length=40)),
                ('authority', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='budget_values', to='benchmarks.authority')),
                ('line', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='values', to='benchmarks.budgetline')),
                ('source', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='budget_values', to='benchmarks.importrun')),
            ],
        ),
        migrations.CreateModel(
            name='OutturnReturn',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('year', benchmarks.years.FinancialYearField()),
                ('status', models.CharField(choices=[('submitted', 'Submitted'), ('not_submitted', 'Not submitted')], default='submitted', max_length=15)),
                ('not_submitted_marker', models.CharField(blank=True, help_text='e.g. [x] or ... as published', max_length=20)),
                ('certified', models.BooleanField(blank=True, help_text='Certified column (from 2022-23)', null=True)),
                ('name_as_published', models.CharField(blank=True, max_length=200)),
                ('ro_class', models.CharField(blank=True, max_length=5)),
                ('ro_detailed_class', models.CharField(blank=True, max_length=5)),
                ('notes', models.CharField(blank=True, help_text='Notes column as published', max_length=100)),
                ('authority', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='outturn_returns', to='benchmarks.authority')),
                ('source', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='outturn_returns', to='benchmarks.importrun')),
            ],
            options={
                'ordering': ['year', 'authority__name'],
            },
        ),
        migrations.CreateModel(
            name='PerformanceValue',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('year', benchmarks.years.FinancialYearField()),
                ('value', models.DecimalField(blank=True, decimal_places=15, help_text='As published', max_digits=30, null=True)),
                ('authority', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='performance_values', to='benchmarks.authority')),
                ('measure', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='values', to='benchmarks.performancemeasure')),
                ('source', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='performance_values', to='benchmarks.importrun')),
            ],
        ),
        migrations.CreateModel(
            name='PlaceCharacteristics',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('mid_year', models.PositiveSmallIntegerField()),
                ('area_sq_km', models.DecimalField(blank=True, decimal_places=4, max_digits=14, null=True)),
                ('people_per_sq_km', models.DecimalField(blank=True, decimal_places=4, max_digits=14, null=True)),
                ('median_age', models.DecimalField(blank=True, decimal_places=2, max_digits=6, null=True)),
                ('population', models.PositiveIntegerField(blank=True, null=True)),
                ('aged_0_15', models.PositiveIntegerField(blank=True, null=True)),
                ('aged_16_64', models.PositiveIntegerField(blank=True, null=True)),
                ('aged_65_plus', models.PositiveIntegerField(blank=True, null=True)),
                ('aged_85_plus', models.PositiveIntegerField(blank=True, null=True)),
                ('age_by_sex', models.JSONField(blank=True, default=dict, help_text='{"F": [age 0..90+], "M": [...]} single-year counts as published')),
                ('authority', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='place_characteristics', to='benchmarks.authority')),
                ('import_run', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='place_characteristics', to='benchmarks.importrun')),
            ],
            options={
                'verbose_name_plural': 'place characteristics',
            },
        ),
        migrations.CreateModel(
            name='PopulationEstimate',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('mid_year', models.PositiveSmallIntegerField(help_text='Calendar year of the 30 June estimate')),
                ('population', models.PositiveIntegerField()),
                ('source', models.CharField(choices=[('ons_mye22', 'ONS mid-year estimates, June 2022 (mye22final.xlsx)'), ('ons_mid2023_transcribed', 'ONS mid-2023 (transcribed, provisional)'), ('mysociety_pop2020', 'mySociety lookup pop-2020 (mid-2020)'), ('ons_mid2013', 'ONS mid-2013 estimates (MYE2, mid-2013)'), ('ons_mid2019', 'ONS mid-2019 estimates (April 2020 codes)')], max_length=30)),
                ('authority', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='population_estimates', to='benchmarks.authority')),
                ('import_run', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='population_estimates', to='benchmarks.importrun')),
            ],
            options={
                'ordering': ['authority', '-mid_year'],
            },
        ),
        migrations.CreateModel(
            name='PriceIndex',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('year', benchmarks.years.FinancialYearField(unique=True)),
                ('deflator', models.DecimalField(decimal_places=6, max_digits=14)),
                ('base_year', benchmarks.years.FinancialYearField(help_text='The year whose deflator is 100')),
                ('provisional', models.BooleanField(default=True, help_text='True where the series is a transcription or marked provisional')),
                ('source', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='price_indexes', to='benchmarks.importrun')),
            ],
            options={
                'verbose_name_plural': 'price indexes',
                'ordering': ['year'],
            },
        ),
        migrations.CreateModel(
            name='OutturnValue',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('year', benchmarks.years.FinancialYearField()),
                ('measure', models.CharField(choices=[('employees', 'Employees (C1)'), ('running_expenses', 'Running expenses (C2)'), ('total_expenditure', 'Total expenditure (C3 = C1 + C2)'), ('sales_fees_charges', 'Sales, fees and charges (C4)'), ('other_income', 'Other income (C5)'), ('total_income', 'Total income (C6 = C4 + C5)'), ('net_current_expenditure', 'Net current expenditure (C7 = C3 - C6)')], max_length=30)),
                ('value_thousands', models.DecimalField(blank=True, decimal_places=15, help_text='£ thousand; NULL = not submitted', max_digits=30, null=True)),
                ('authority', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='outturn_values', to='benchmarks.authority')),
                ('source', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='outturn_values', to='benchmarks.importrun')),
                ('service', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='outturn_values', to='benchmarks.service')),
            ],
        ),
        migrations.AddField(
            model_name='detailline',
            name='service',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='detail_lines', to='benchmarks.service'),
        ),
        migrations.AddIndex(
            model_name='authority',
            index=models.Index(fields=['is_principal_council', 'authority_type'], name='authority_principal_type'),
        ),
        migrations.AddIndex(
            model_name='detailvalue',
            index=models.Index(fields=['year', 'line', 'measure'], name='detailvalue_year_line_measure'),
        ),
        migrations.AddConstraint(
            model_name='detailvalue',
            constraint=models.UniqueConstraint(fields=('authority', 'year', 'line', 'measure'), name='detailvalue_authority_year_line_measure'),
        ),
        migrations.AddIndex(
            model_name='budgetvalue',
            index=models.Index(fields=['year', 'line'], name='budgetvalue_year_line'),
        ),
        migrations.AddConstraint(
            model_name='budgetvalue',
            constraint=models.UniqueConstraint(fields=('authority', 'year', 'line'), name='budgetvalue_authority_year_line'),
        ),
        migrations.AddIndex(
            model_name='outturnreturn',
            index=models.Index(fields=['year', 'status'], name='outturnreturn_year_status'),
        ),
        migrations.AddConstraint(
            model_name='outturnreturn',
            constraint=models.UniqueConstraint(fields=('authority', 'year'), name='outturnreturn_authority_year'),
        ),
        migrations.AddIndex(
            model_name='performancevalue',
            index=models.Index(fields=['authority', 'year'], name='perfvalue_authority_year'),
        ),
        migrations.AddConstraint(
            model_name='performancevalue',
            constraint=models.UniqueConstraint(fields=('measure', 'authority', 'year'), name='perfvalue_measure_authority_year'),
        ),
        migrations.AddConstraint(
            model_name='placecharacteristics',
            constraint=models.UniqueConstraint(fields=('authority', 'mid_year'), name='place_authority_mid_year'),
        ),
        migrations.AddConstraint(
            model_name='populationestimate',
            constraint=models.UniqueConstraint(fields=('authority', 'mid_year'), name='population_authority_mid_year'),
        ),
        migrations.AddIndex(
            model_name='outturnvalue',
            index=models.Index(fields=['year', 'service', 'measure'], name='outturnvalue_year_service_meas'),
        ),
        migrations.AddConstraint(
            model_name='outturnvalue',
            constraint=models.UniqueConstraint(fields=('authority', 'year', 'service', 'measure'), name='outturnvalue_authority_year_service_measure'),
        ),
        migrations.AddConstraint(
            model_name='detailline',
            constraint=models.UniqueConstraint(fields=('form', 'code', 'name'), name='detailline_form_code_name'),
        ),
        migrations.RunPython(seed, migrations.RunPython.noop),
    ]
