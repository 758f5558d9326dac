"""The squarified treemap and the count's arithmetic, without a database."""

from decimal import Decimal

import pytest

from benchmarks.count.arithmetic import Count, Part, apportion, in_prices, money, summary_sentence
from benchmarks.count.treemap import squarify


def test_treemap_tiles_fill_the_box_in_proportion_to_their_values():
    tiles = squarify([("a", 6), ("b", 6), ("c", 4), ("d", 3), ("e", 2), ("f", 2), ("g", 1), ("none", 0)], 600, 400)
    assert [t.label for t in tiles] == ["a", "b", "c", "d", "e", "f", "g"]  # zero and negative are not drawn
    assert sum(t.width * t.height for t in tiles) == pytest.approx(600 * 400, rel=1e-3)
    for t in tiles:
        assert t.width * t.height == pytest.approx(t.value / 24 * 600 * 400, rel=1e-2)
        assert 0 <= t.x and t.x + t.width <= 600.01 and 0 <= t.y and t.y + t.height <= 400.01
    # The classic example of Bruls et al.: the first two tiles share the left half.
    assert (tiles[0].x, tiles[0].width, tiles[1].y) == (0, 300, 200)


def test_apportion_rounds_half_up_to_the_penny_and_parts_add_up():
    assert apportion(Decimal("10000.00001"), 1, 2) == Decimal("5000.00001")
    assert apportion(Decimal("100"), 1, 3) == Decimal("33.33333")
    with pytest.raises(ValueError):
        apportion(Decimal("1"), 1, 0)
    count = Count(
        [
            Part("C", "E1", "council", "official", {"190": Decimal("1.00001")}, "s"),
            Part("P", "E2", "police", "apportioned", {"601": apportion(Decimal("100"), 1, 3)}, "s", 1, 3),
        ],
        population=10,
    )
    assert count.total_thousands == Decimal("34.33334")
    real = in_prices(count, Decimal("1.25"))
    assert real.total_thousands == sum(p.value_thousands for p in real.parts) == Decimal("42.917")
    assert money(Decimal("4400000")) == "£4.4bn" and money(Decimal("950")) == "£950k"
    assert summary_sentence(count, "Testshire").startswith("Councils account for 3% of £34k counted in Testshire")
