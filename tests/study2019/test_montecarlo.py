"""Monte Carlo of the 2019 index: vectorised code against the loop, independence of the chunking,
rank bands by hand."""

from __future__ import annotations

import numpy as np
import pytest

from kzrd.study2019 import montecarlo as mc

RNG = np.random.default_rng(3)
TREATED = RNG.gamma(2.0, 2.0, size=(20, 7))
POLARITY = np.ones(7)
BLOCKS = np.array(["A"] * 5 + ["B"] * 2)
NOMINAL = np.array([1 / 5] * 5 + [1 / 2] * 2)
STACK = mc.normalised_stack(TREATED, POLARITY)


def test_vectorised_equals_loop():
    a = mc.replicate_block(STACK, BLOCKS, NOMINAL, seed=11, size=300)
    b = mc.replicate_loop(STACK, BLOCKS, NOMINAL, seed=11, size=300)
    assert (a == b).all()
    assert (
        np.sort(a, axis=1) == np.arange(1, 21)
    ).all()  # every replication is a permutation of ranks


def test_result_does_not_depend_on_the_chunking():
    blocks = list(range(6))
    whole = mc.run_blocks(STACK, BLOCKS, NOMINAL, 5, blocks)
    for n_chunks in (2, 3, 6):
        parts = [
            mc.run_blocks(STACK, BLOCKS, NOMINAL, 5, [b for b in blocks if b % n_chunks == c])
            for c in range(n_chunks)
        ]
        assert (sum(parts) == whole).all()
    assert whole.sum() == 6 * mc.BLOCK * 20


def test_rank_bands_by_hand():
    counts = np.array([[5, 3, 2], [0, 5, 5], [5, 2, 3]])
    b = mc.rank_bands(counts, ["a", "b", "c"], ["A", "B", "C"], np.array([1, 2, 3]))
    # cumulative shares reach 0.5 at rank 1 for A and C, at rank 2 for B
    assert b["median_rank"].tolist() == [1.0, 2.0, 1.0]
    assert b["p95_rank"].tolist() == [3.0, 3.0, 3.0]
    assert b.loc[0, "mean_rank"] == pytest.approx((5 * 1 + 3 * 2 + 2 * 3) / 10)
    assert b.loc[2, "mean_abs_shift"] == pytest.approx((5 * 2 + 2 * 1 + 3 * 0) / 10)


def test_choice_effects_cover_every_replication():
    eff = mc.choice_effects(
        STACK, BLOCKS, NOMINAL, 1, [0, 1], np.array([0, 1, 2, 3, 4]), [f"i{k}" for k in range(7)]
    )
    for _, g in eff.groupby("choice"):
        assert g["replications"].sum() == 2 * mc.BLOCK
    assert set(eff.loc[eff["choice"] == "dropped indicator", "value"]) == {
        "none",
        *[f"i{k}" for k in range(7)],
    }
