"""The concentration implementation (kzrd.stats.concentration) against closed forms."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from kzrd.stats import concentration


def test_inequality_measures_by_hand():
    v = np.array([1.0, 2.0, 3.0, 4.0])
    # Gini for sorted x: (2 * sum(i * x_i)) / (n * sum x) - (n + 1) / n
    assert concentration.gini(v) == pytest.approx(2 * (1 + 4 + 9 + 16) / (4 * 10) - 5 / 4)
    pop = np.array([4.0, 3.0, 2.0, 1.0])
    s, w = v / 10, pop / 10
    assert concentration.theil_population_weighted(v, pop) == pytest.approx(
        float((s * np.log(s / w)).sum())
    )
    m = concentration.concentration_measures(pd.Series(v), pd.Series(pop))
    assert m["hhi"] == pytest.approx(100 + 400 + 900 + 1600)
    assert m["hhi_normalised"] == pytest.approx((0.3 - 0.25) / 0.75)
    assert np.isnan(concentration.concentration_measures(pd.Series(v), None)["theil"])


def test_cv_per_capita_by_hand():
    v, pop = np.array([10.0, 20.0, 30.0, 60.0]), np.array([5.0, 5.0, 10.0, 20.0])
    m = concentration.concentration_measures(pd.Series(v), pd.Series(pop))
    pc = v / pop
    assert m["cv_per_capita"] == pytest.approx(pc.std() / pc.mean())
