"""Reference data for benchmarking: authorities (from mySociety's lookup)."""

from django.db import models


class AuthorityType(models.TextChoices):
    COUNTY = "CTY", "County council"
    DISTRICT = "NMD", "District council"
    UNITARY = "UA", "Unitary authority"
    METROPOLITAN = "MD", "Metropolitan district"
    LONDON_BOROUGH = "LBO", "London borough"
    CITY_OF_LONDON = "CC", "City of London"
    OTHER = "O", "Other body"


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


class Authority(models.Model):
    """A local authority, current or former, identified by its GSS code."""

    gss_code = models.CharField("GSS code", max_length=9, unique=True)
    ecode = models.CharField("MHCLG E-code", max_length=10, blank=True, db_index=True)
    name = models.CharField(max_length=200)
    official_name = models.CharField(max_length=250, blank=True)
    alt_names = models.TextField(blank=True, help_text="Other names, one per line")
    slug = models.SlugField(max_length=200, blank=True)
    authority_type = models.CharField(max_length=3, choices=AuthorityType.choices, db_index=True)
    region = models.CharField(max_length=40, blank=True, db_index=True)
    nation = models.CharField(max_length=40, blank=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="districts",
        help_text="The county council of a district",
    )
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    successors = models.ManyToManyField("self", symmetrical=False, blank=True, related_name="predecessors")

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "authorities"

    def __str__(self):
        return self.name

    @property
    def is_current(self) -> bool:
        return self.end_date is None
