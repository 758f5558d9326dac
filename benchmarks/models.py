"""Reference data and official figures for benchmarking.

Everything here is loaded by the importers in `benchmarks/importers/` from official files and is
read-only for users. Money is in £ thousand, cash prices, stored exactly as published (Decimal),
with NULL meaning "not published / not submitted" — never zero.
"""

from django.db import models

from . import ro
from .years import FinancialYear, FinancialYearField

__all__ = [
    "FinancialYear",
    "FinancialYearField",
    "AuthorityType",
    "AuthorityQuerySet",
    "Region",
    "Tier",
    "Authority",
    "Dataset",
    "ImportRun",
    "Service",
    "Measure",
    "ReturnStatus",
    "OutturnReturn",
    "OutturnValue",
    "BudgetLine",
    "BudgetValue",
    "PopulationSource",
    "PopulationEstimate",
    "PlaceCharacteristics",
    "Polarity",
    "PerformanceMeasure",
    "PerformanceValue",
    "PriceIndex",
    "DetailLine",
    "DetailValue",
    "BoundaryLayer",
    "Boundary",
]

# Enough room for the fractional values in the 2017-18 RS workbook (up to 17 significant digits).
MONEY = {"max_digits": 30, "decimal_places": 15}


class AuthorityType(models.TextChoices):
    COUNTY = "CTY", "County council"
    DISTRICT = "NMD", "District council"
    UNITARY = "UA", "Unitary authority"
    METROPOLITAN = "MD", "Metropolitan district"
    LONDON_BOROUGH = "LBO", "London borough"
    CITY_OF_LONDON = "CC", "City of London"
    SCOTTISH_COUNCIL = "SCO", "Scottish council"
    WELSH_COUNCIL = "WPA", "Welsh principal council"
    NI_DISTRICT = "NID", "Northern Ireland district council"
    OTHER = "O", "Other body"


# English principal councils: the ones MHCLG's revenue outturn covers and we benchmark.
# (Other areas code against PRINCIPAL_COUNCIL_TYPES meaning exactly these six types.)
ENGLISH_COUNCIL_TYPES = {"CTY", "NMD", "UA", "MD", "LBO", "CC"}
PRINCIPAL_COUNCIL_TYPES = ENGLISH_COUNCIL_TYPES
# Councils in Scotland, Wales and Northern Ireland are principal councils too (is_principal_council),
# but have no MHCLG returns.
UK_PRINCIPAL_COUNCIL_TYPES = ENGLISH_COUNCIL_TYPES | {"SCO", "WPA", "NID"}


class Region(models.TextChoices):
    NORTH_EAST = "North East", "North East"
    NORTH_WEST = "North West", "North West"
    YORKSHIRE = "Yorkshire and The Humber", "Yorkshire and The Humber"
    EAST_MIDLANDS = "East Midlands", "East Midlands"
    WEST_MIDLANDS = "West Midlands", "West Midlands"
    EAST = "East of England", "East of England"
    LONDON = "London", "London"
    SOUTH_EAST = "South East", "South East"
    SOUTH_WEST = "South West", "South West"


class Tier(models.TextChoices):
    SINGLE = "single", "Single tier (unitary, metropolitan, London)"
    UPPER = "upper", "Upper tier (county)"
    LOWER = "lower", "Lower tier (district)"
    NONE = "none", "Not a council"


class AuthorityQuerySet(models.QuerySet):
    def principal_councils(self):
        return self.filter(is_principal_council=True)

    def english_councils(self):
        """English principal councils (current and former): the bodies the benchmarks compare."""
        return self.filter(is_principal_council=True, authority_type__in=ENGLISH_COUNCIL_TYPES)

    def current(self):
        return self.filter(end_date__isnull=True)

    def other_bodies(self):
        return self.filter(authority_type=AuthorityType.OTHER)


class Authority(models.Model):
    """A local authority or other local public body, current or former.

    Councils come from mySociety's lookup (GSS code). Other bodies that file revenue outturn
    returns (police, fire, national parks, waste, GLA, combined authorities: MHCLG class "O") are
    added by the outturn importers; bodies that only appear in the early E-code-only workbooks
    have no GSS code.
    """

    gss_code = models.CharField("GSS code", max_length=9, unique=True, null=True, blank=True)
    ecode = models.CharField("MHCLG E-code", max_length=10, blank=True, db_index=True)
    mysociety_code = models.CharField(
        "mySociety code",
        max_length=10,
        unique=True,
        null=True,
        blank=True,
        help_text="local-authority-code in mySociety's lookup",
    )
    name = models.CharField(max_length=200)
    official_name = models.CharField(max_length=250, blank=True)
    alt_names = models.TextField(blank=True, help_text="Other names, one per line")
    slug = models.SlugField(max_length=200, blank=True)
    authority_type = models.CharField(max_length=3, choices=AuthorityType.choices, db_index=True)
    lookup_type = models.CharField(
        max_length=10, blank=True, help_text="Type code exactly as in the lookup (e.g. NMD, COMB, SCO)"
    )
    tier = models.CharField(max_length=6, choices=Tier.choices, default=Tier.NONE, db_index=True)
    is_principal_council = models.BooleanField(default=False, db_index=True)
    ro_class = models.CharField("MHCLG class", max_length=5, blank=True, help_text="e.g. SC, SD, MD, LB, UA, O")
    ro_detailed_class = models.CharField(
        "MHCLG detailed class", max_length=5, blank=True, help_text="e.g. P police, FR fire, NPA, WA, CA, GLA"
    )
    region = models.CharField(max_length=40, blank=True, db_index=True)
    region_source = models.CharField(
        max_length=200,
        blank=True,
        help_text="Where the region was taken from: an official file that states it, else the authority lookup",
    )
    nation = models.CharField(max_length=40, blank=True)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="districts",
        help_text="The county council of a district",
    )
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    successors = models.ManyToManyField("self", symmetrical=False, blank=True, related_name="predecessors")
    former_gss_codes = models.CharField(max_length=200, blank=True)
    latitude = models.DecimalField(max_digits=12, decimal_places=8, null=True, blank=True)
    longitude = models.DecimalField(max_digits=12, decimal_places=8, null=True, blank=True)

    objects = AuthorityQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "authorities"
        indexes = [models.Index(fields=["is_principal_council", "authority_type"], name="authority_principal_type")]

    def __str__(self):
        return self.name

    @property
    def is_current(self) -> bool:
        return self.end_date is None

    @property
    def code(self) -> str:
        return self.gss_code or self.ecode


class Dataset(models.TextChoices):
    AUTHORITIES = "authorities", "Authority lookup (mySociety)"
    REVENUE_OUTTURN = "revenue_outturn", "Revenue outturn (RS/RSX)"
    REVENUE_BUDGET = "revenue_budget", "Revenue account budget (RA)"
    POPULATION = "population", "Population estimates (ONS)"
    PERFORMANCE = "performance", "Performance measures (Oflog)"
    SERVICE_DETAIL = "service_detail", "Revenue outturn detail (RO3 social care)"
    PRICES = "prices", "GDP deflators (HM Treasury)"
    BOUNDARIES = "boundaries", "Boundaries (ONS)"


class ImportRun(models.Model):
    """Provenance of one import of one official file."""

    class Status(models.TextChoices):
        SUCCEEDED = "succeeded", "Succeeded"
        FAILED = "failed", "Failed (nothing changed)"

    dataset = models.CharField(max_length=20, choices=Dataset.choices, db_index=True)
    year = FinancialYearField(null=True, blank=True, help_text="Financial year the file covers, if one")
    file_name = models.CharField(max_length=255)
    sha256 = models.CharField("SHA-256", max_length=64, db_index=True)
    file_size = models.PositiveBigIntegerField(default=0)
    publisher_last_updated = models.DateField(
        null=True, blank=True, help_text="The 'Last updated' date printed in the file, where it has one"
    )
    publisher_title = models.CharField(max_length=300, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SUCCEEDED)
    started_at = models.DateTimeField(auto_now_add=True)
    seconds = models.FloatField(default=0)
    rows_read = models.PositiveIntegerField(default=0)
    rows_loaded = models.PositiveIntegerField(default=0)
    values_loaded = models.PositiveIntegerField(default=0)
    rows_skipped = models.PositiveIntegerField(default=0)
    report = models.JSONField(default=dict, blank=True)
    report_text = models.TextField(blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        indexes = [models.Index(fields=["dataset", "file_name"], name="importrun_dataset_file")]

    def __str__(self):
        return f"{self.get_dataset_display()}: {self.file_name} ({self.started_at:%Y-%m-%d %H:%M})"


class Service(models.Model):
    """A revenue outturn (RO) service line, e.g. 190 education, 699 total service expenditure."""

    code = models.CharField(max_length=10, unique=True, help_text="RO line number as published, e.g. 190")
    name = models.CharField(max_length=120)
    short_name = models.CharField(max_length=60, blank=True)
    sort_order = models.PositiveSmallIntegerField(default=0)
    is_total = models.BooleanField(default=False)
    first_year = FinancialYearField(null=True, blank=True, help_text="First year this line is comparable from")
    last_year = FinancialYearField(null=True, blank=True, help_text="Last year this line was published")
    definition_notes = models.TextField(blank=True, help_text="Definitional breaks users must know about")

    class Meta:
        ordering = ["sort_order", "code"]

    def __str__(self):
        return f"{self.code} {self.name}"


class Measure(models.TextChoices):
    """The seven RSX measures (columns C1..C7 of the RO form)."""

    EMPLOYEES = "employees", "Employees (C1)"
    RUNNING_EXPENSES = "running_expenses", "Running expenses (C2)"
    TOTAL_EXPENDITURE = "total_expenditure", "Total expenditure (C3 = C1 + C2)"
    SALES_FEES_CHARGES = "sales_fees_charges", "Sales, fees and charges (C4)"
    OTHER_INCOME = "other_income", "Other income (C5)"
    TOTAL_INCOME = "total_income", "Total income (C6 = C4 + C5)"
    NET_CURRENT_EXPENDITURE = "net_current_expenditure", "Net current expenditure (C7 = C3 - C6)"


# RO form column number -> measure (the one definition is benchmarks.ro.MEASURES).
MEASURE_BY_COLUMN = {column: Measure(key) for column, key in ro.MEASURES.items()}
COLUMN_BY_MEASURE = {m: c for c, m in MEASURE_BY_COLUMN.items()}


class ReturnStatus(models.TextChoices):
    SUBMITTED = "submitted", "Submitted"
    NOT_SUBMITTED = "not_submitted", "Not submitted"


class OutturnReturn(models.Model):
    """One authority's official revenue outturn return for one year (one row of the RS/RSX file)."""

    authority = models.ForeignKey(Authority, on_delete=models.CASCADE, related_name="outturn_returns")
    year = FinancialYearField()
    status = models.CharField(max_length=15, choices=ReturnStatus.choices, default=ReturnStatus.SUBMITTED)
    not_submitted_marker = models.CharField(max_length=20, blank=True, help_text="e.g. [x] or ... as published")
    certified = models.BooleanField(null=True, blank=True, help_text="Certified column (from 2022-23)")
    name_as_published = models.CharField(max_length=200, blank=True)
    ro_class = models.CharField(max_length=5, blank=True)
    ro_detailed_class = models.CharField(max_length=5, blank=True)
    notes = models.CharField(max_length=100, blank=True, help_text="Notes column as published")
    source = models.ForeignKey(ImportRun, on_delete=models.PROTECT, related_name="outturn_returns")

    class Meta:
        ordering = ["year", "authority__name"]
        constraints = [models.UniqueConstraint(fields=["authority", "year"], name="outturnreturn_authority_year")]
        indexes = [models.Index(fields=["year", "status"], name="outturnreturn_year_status")]

    def __str__(self):
        return f"{self.authority} {self.year}: {self.get_status_display()}"


class OutturnValue(models.Model):
    """One published figure: authority × year × service line × measure, £ thousand."""

    # Single-column FK indexes are left out on purpose: the unique constraint (authority first) and
    # the (year, service, measure) index serve every query, and fewer indexes make imports faster.
    authority = models.ForeignKey(Authority, on_delete=models.CASCADE, related_name="outturn_values", db_index=False)
    year = FinancialYearField()
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="outturn_values", db_index=False)
    measure = models.CharField(max_length=30, choices=Measure.choices)
    value_thousands = models.DecimalField(**MONEY, null=True, blank=True, help_text="£ thousand; NULL = not submitted")
    source = models.ForeignKey(ImportRun, on_delete=models.PROTECT, related_name="outturn_values", db_index=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["authority", "year", "service", "measure"], name="outturnvalue_authority_year_service_measure"
            )
        ]
        indexes = [models.Index(fields=["year", "service", "measure"], name="outturnvalue_year_service_meas")]

    def __str__(self):
        return f"{self.authority_id} {self.year} {self.service_id} {self.measure}: {self.value_thousands}"


class BudgetLine(models.Model):
    """A detailed revenue account budget (RA) line, code exactly as published (e.g. 505, 581, 990)."""

    code = models.CharField(max_length=10, unique=True)
    name = models.CharField(max_length=250)
    section = models.CharField(max_length=120, blank=True)
    asset_id = models.CharField(max_length=40, blank=True, help_text="MHCLG database asset ID, e.g. eduerl")
    sort_order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "code"]

    def __str__(self):
        return f"{self.code} {self.name}"


class BudgetValue(models.Model):
    authority = models.ForeignKey(Authority, on_delete=models.CASCADE, related_name="budget_values", db_index=False)
    year = FinancialYearField()
    line = models.ForeignKey(BudgetLine, on_delete=models.PROTECT, related_name="values", db_index=False)
    value_thousands = models.DecimalField(**MONEY, null=True, blank=True)
    marker = models.CharField(
        max_length=40, blank=True, help_text="Text published instead of a number, e.g. ... or Category discontinued"
    )
    source = models.ForeignKey(ImportRun, on_delete=models.PROTECT, related_name="budget_values", db_index=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["authority", "year", "line"], name="budgetvalue_authority_year_line")
        ]
        indexes = [models.Index(fields=["year", "line"], name="budgetvalue_year_line")]

    def __str__(self):
        return f"{self.authority_id} {self.year} {self.line_id}: {self.value_thousands}"


class PopulationSource(models.TextChoices):
    ONS_MYE22 = "ons_mye22", "ONS mid-year estimates, June 2022 (mye22final.xlsx)"
    ONS_MID2023_TRANSCRIBED = "ons_mid2023_transcribed", "ONS mid-2023 (transcribed, provisional)"
    MYSOCIETY_POP2020 = "mysociety_pop2020", "mySociety lookup pop-2020 (mid-2020)"
    ONS_MID2013 = "ons_mid2013", "ONS mid-2013 estimates (MYE2, mid-2013)"
    ONS_MID2019 = "ons_mid2019", "ONS mid-2019 estimates (April 2020 codes)"


class PopulationEstimate(models.Model):
    """All-ages population of an authority at a mid-year (30 June), with where the figure came from."""

    authority = models.ForeignKey(Authority, on_delete=models.CASCADE, related_name="population_estimates")
    mid_year = models.PositiveSmallIntegerField(help_text="Calendar year of the 30 June estimate")
    population = models.PositiveIntegerField()
    source = models.CharField(max_length=30, choices=PopulationSource.choices)
    import_run = models.ForeignKey(ImportRun, on_delete=models.PROTECT, related_name="population_estimates")

    class Meta:
        ordering = ["authority", "-mid_year"]
        constraints = [models.UniqueConstraint(fields=["authority", "mid_year"], name="population_authority_mid_year")]

    def __str__(self):
        return f"{self.authority} mid-{self.mid_year}: {self.population}"


class PlaceCharacteristics(models.Model):
    """Place characteristics used to find nearest neighbours (ONS mid-2022 workbook)."""

    authority = models.ForeignKey(Authority, on_delete=models.CASCADE, related_name="place_characteristics")
    mid_year = models.PositiveSmallIntegerField()
    area_sq_km = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    people_per_sq_km = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    median_age = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    population = models.PositiveIntegerField(null=True, blank=True)
    aged_0_15 = models.PositiveIntegerField(null=True, blank=True)
    aged_16_64 = models.PositiveIntegerField(null=True, blank=True)
    aged_65_plus = models.PositiveIntegerField(null=True, blank=True)
    aged_85_plus = models.PositiveIntegerField(null=True, blank=True)
    age_by_sex = models.JSONField(
        default=dict, blank=True, help_text='{"F": [age 0..90+], "M": [...]} single-year counts as published'
    )
    import_run = models.ForeignKey(ImportRun, on_delete=models.PROTECT, related_name="place_characteristics")

    class Meta:
        verbose_name_plural = "place characteristics"
        constraints = [models.UniqueConstraint(fields=["authority", "mid_year"], name="place_authority_mid_year")]

    def __str__(self):
        return f"{self.authority} mid-{self.mid_year}"


class Polarity(models.TextChoices):
    HIGHER_IS_BETTER = "higher", "Higher is better"
    LOWER_IS_BETTER = "lower", "Lower is better"
    NOT_STATED = "not_stated", "Not stated by the publisher"


class PerformanceMeasure(models.Model):
    """An Oflog measure, e.g. ASC1, with its polarity and unit label exactly as published."""

    code = models.CharField(max_length=20, unique=True)
    name = models.CharField(max_length=250)
    polarity = models.CharField(max_length=10, choices=Polarity.choices, default=Polarity.NOT_STATED)
    rank_order_as_published = models.CharField(max_length=20, blank=True)
    unit_label = models.CharField(
        max_length=60, blank=True, help_text="As published; blank where the publisher states no unit"
    )
    publisher = models.CharField(max_length=100, default="Office for Local Government (Oflog)")

    class Meta:
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} {self.name}"


class PerformanceValue(models.Model):
    measure = models.ForeignKey(PerformanceMeasure, on_delete=models.CASCADE, related_name="values")
    authority = models.ForeignKey(Authority, on_delete=models.CASCADE, related_name="performance_values")
    year = FinancialYearField()
    value = models.DecimalField(max_digits=30, decimal_places=15, null=True, blank=True, help_text="As published")
    source = models.ForeignKey(ImportRun, on_delete=models.PROTECT, related_name="performance_values")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["measure", "authority", "year"], name="perfvalue_measure_authority_year")
        ]
        indexes = [models.Index(fields=["authority", "year"], name="perfvalue_authority_year")]

    def __str__(self):
        return f"{self.measure_id} {self.authority_id} {self.year}: {self.value}"


class PriceIndex(models.Model):
    """GDP deflator for one financial year (base year = 100), for showing money in real terms."""

    year = FinancialYearField(unique=True)
    deflator = models.DecimalField(max_digits=14, decimal_places=6)
    base_year = FinancialYearField(help_text="The year whose deflator is 100")
    provisional = models.BooleanField(
        default=True, help_text="True where the series is a transcription or marked provisional"
    )
    source = models.ForeignKey(ImportRun, on_delete=models.PROTECT, related_name="price_indexes")

    class Meta:
        ordering = ["year"]
        verbose_name_plural = "price indexes"

    def __str__(self):
        return f"{self.year}: {self.deflator}"


class DetailLine(models.Model):
    """A sub-service line of a detailed revenue outturn form (RO3 social care), as published.

    Row numbers are reused with other meanings when the form changes, so a line is its form, row
    number and label together; `service` is the RO summary line it belongs to (330 or 360).
    """

    form = models.CharField(max_length=10, default="RO3")
    code = models.CharField(max_length=20, help_text="Row number on the form as published, e.g. 10")
    name = models.CharField(max_length=250)
    section = models.CharField(max_length=200, blank=True)
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="detail_lines")
    sort_order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["form", "sort_order", "code"]
        constraints = [models.UniqueConstraint(fields=["form", "code", "name"], name="detailline_form_code_name")]

    def __str__(self):
        return f"{self.form} {self.code} {self.name}"


class DetailValue(models.Model):
    """One published detail figure: authority x year x detail line x measure, £ thousand."""

    authority = models.ForeignKey(Authority, on_delete=models.CASCADE, related_name="detail_values", db_index=False)
    year = FinancialYearField()
    line = models.ForeignKey(DetailLine, on_delete=models.PROTECT, related_name="values", db_index=False)
    measure = models.CharField(max_length=30, choices=Measure.choices)
    value_thousands = models.DecimalField(**MONEY, null=True, blank=True, help_text="£ thousand; NULL = not submitted")
    source = models.ForeignKey(ImportRun, on_delete=models.PROTECT, related_name="detail_values", db_index=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["authority", "year", "line", "measure"], name="detailvalue_authority_year_line_measure"
            )
        ]
        indexes = [models.Index(fields=["year", "line", "measure"], name="detailvalue_year_line_measure")]

    def __str__(self):
        return f"{self.authority_id} {self.year} {self.line_id} {self.measure}: {self.value_thousands}"


class BoundaryLayer(models.TextChoices):
    COUNTIES = "counties", "Counties and unitary authorities"
    DISTRICTS = "districts", "Local authority districts"


class Boundary(models.Model):
    """An English area's outline from the ONS boundaries, projected and simplified at import into SVG
    path data in map units (benchmarks/importers/boundaries.py), ready to draw on the server."""

    layer = models.CharField(max_length=10, choices=BoundaryLayer.choices)
    gss_code = models.CharField("GSS code", max_length=9)
    name = models.CharField(max_length=200, help_text="Area name as published by ONS")
    path = models.TextField(help_text="SVG path data in map units")
    min_x = models.IntegerField()
    min_y = models.IntegerField()
    max_x = models.IntegerField()
    max_y = models.IntegerField()
    source = models.ForeignKey(ImportRun, on_delete=models.PROTECT, related_name="boundaries", db_index=False)

    class Meta:
        ordering = ["layer", "gss_code"]
        constraints = [models.UniqueConstraint(fields=["layer", "gss_code"], name="boundary_layer_gss_code")]

    def __str__(self):
        return f"{self.gss_code} {self.name} ({self.layer})"
