"""Data generator for the perf harness: saved comparison groups (the official figures themselves
come from `import_official_data`, see tests/perf/perf_import.py and tests/perf/perf_profile.py)."""

import random


def seed(n: int) -> None:
    """Create ``n`` saved comparison groups of 5 to 30 current councils each (bulk inserts)."""
    from benchmarks.groups.models import ComparisonGroup
    from benchmarks.models import Authority

    council_ids = list(
        Authority.objects.filter(is_principal_council=True, end_date__isnull=True).values_list("id", flat=True)
    )
    if len(council_ids) < 5:
        print("seed_benchmark_groups: import the official authority lookup first; nothing created")
        return
    rng = random.Random(6)
    groups = ComparisonGroup.objects.bulk_create(
        [ComparisonGroup(name=f"Perf group {i}", description="Generated for load tests") for i in range(n)],
        batch_size=1000,
    )
    through = ComparisonGroup.members.through
    links = [
        through(comparisongroup_id=g.id, authority_id=a)
        for g in groups
        for a in rng.sample(council_ids, rng.randint(5, min(30, len(council_ids))))
    ]
    through.objects.bulk_create(links, batch_size=5000)
    print(f"seed_benchmark_groups: {len(groups)} groups, {len(links)} memberships")
