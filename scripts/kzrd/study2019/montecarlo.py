"""Uncertainty and sensitivity of the reconstructed index: Monte Carlo over the construction choices.

Each replication draws a normalisation (min-max, z-score, rank), weights (Dirichlet noise around the
nominal weights within each block), an aggregation (arithmetic, geometric) and one indicator to drop
(or none). Replications are computed in fixed blocks of ``BLOCK`` with seed ``seed + block id``, so a
result does not depend on how the blocks are split across jobs. Everything is vectorised in numpy.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

BLOCK = 1000
METHODS = ("minmax", "zscore", "rank")


def normalised_stack(treated: np.ndarray, polarity: np.ndarray) -> np.ndarray:
    """(methods, regions, indicators): each normalisation, higher = better, shifted to a minimum of 1
    so that the geometric mean is defined for every method."""
    x = treated * polarity
    mm = (x - x.min(0)) / (x.max(0) - x.min(0)) * 100
    z = (x - x.mean(0)) / x.std(0)
    rk = np.argsort(np.argsort(x, axis=0), axis=0).astype(float) + 1
    stack = np.stack([mm, z, rk])
    return stack - stack.min(axis=1, keepdims=True) + 1


def replicate_block(stack: np.ndarray, block_of: np.ndarray, nominal: np.ndarray, seed: int, size: int = BLOCK,
                    concentration: float = 20.0, with_choices: bool = False):  # fmt: skip
    """Ranks (size, regions) of ``size`` replications drawn with ``seed`` (and, if asked, the choices)."""
    rng = np.random.default_rng(seed)
    n_methods, n_regions, n_ind = stack.shape
    blocks = np.unique(block_of)
    method = rng.integers(0, n_methods, size)
    geometric = rng.integers(0, 2, size).astype(bool)
    drop = rng.integers(-1, n_ind, size)  # -1 = drop nothing
    w = rng.gamma(concentration * nominal, 1.0, size=(size, n_ind))  # Dirichlet via gamma draws
    w[np.arange(size), np.where(drop >= 0, drop, 0)] *= drop < 0
    member = block_of[None, :] == blocks[:, None]  # (B, I)
    wb = w[:, None, :] * member[None, :, :]  # (size, B, I)
    wb /= np.maximum(wb.sum(axis=2, keepdims=True), 1e-300)
    x = stack[method]  # (size, R, I)
    arith = np.einsum("sri,sbi->srb", x, wb)
    geo = np.exp(np.einsum("sri,sbi->srb", np.log(x), wb))
    block_scores = np.where(geometric[:, None, None], geo, arith)
    index = np.where(
        geometric[:, None], np.exp(np.log(block_scores).mean(axis=2)), block_scores.mean(axis=2)
    )
    order = np.argsort(-index, axis=1, kind="stable")
    ranks = np.empty_like(order)
    ranks[np.arange(size)[:, None], order] = np.arange(1, n_regions + 1)
    if with_choices:
        return ranks, dict(normalisation=method, geometric=geometric, drop=drop)
    return ranks


def replicate_loop(stack: np.ndarray, block_of: np.ndarray, nominal: np.ndarray, seed: int, size: int = BLOCK,
                   concentration: float = 20.0) -> np.ndarray:  # fmt: skip
    """The same replications one by one (for the benchmark and to check the vectorised code)."""
    rng = np.random.default_rng(seed)
    n_methods, n_regions, n_ind = stack.shape
    blocks = np.unique(block_of)
    method = rng.integers(0, n_methods, size)
    geometric = rng.integers(0, 2, size).astype(bool)
    drop = rng.integers(-1, n_ind, size)
    w_all = rng.gamma(concentration * nominal, 1.0, size=(size, n_ind))
    out = np.empty((size, n_regions), dtype=np.int64)
    for s in range(size):
        w = w_all[s].copy()
        if drop[s] >= 0:
            w[drop[s]] = 0.0
        x = stack[method[s]]
        scores = []
        for b in blocks:
            wb = np.where(block_of == b, w, 0.0)
            wb = wb / max(wb.sum(), 1e-300)
            scores.append(
                np.exp((np.log(x) * wb).sum(axis=1)) if geometric[s] else (x * wb).sum(axis=1)
            )
        sc = np.column_stack(scores)
        index = np.exp(np.log(sc).mean(axis=1)) if geometric[s] else sc.mean(axis=1)
        order = np.argsort(-index, kind="stable")
        out[s, order] = np.arange(1, n_regions + 1)
    return out


def rank_counts(ranks: np.ndarray) -> np.ndarray:
    """(regions, ranks) histogram of the ranks."""
    n_regions = ranks.shape[1]
    counts = np.zeros((n_regions, n_regions), dtype=np.int64)
    for j in range(n_regions):
        counts[j] = np.bincount(ranks[:, j] - 1, minlength=n_regions)
    return counts


def run_blocks(stack, block_of, nominal, seed: int, block_ids: list[int]) -> np.ndarray:
    total = None
    for b in block_ids:
        c = rank_counts(replicate_block(stack, block_of, nominal, seed + b))
        total = c if total is None else total + c
    return total


def _effect_rows(
    ranks: np.ndarray, ch: dict, target: np.ndarray, indicator_ids: list[str]
) -> list[dict]:
    """Per construction choice of one block: its replications and how many keep ``target`` on top."""
    k = len(target)
    hit = (ranks[:, target] <= k).all(axis=1)
    labels = {
        "normalisation": np.array(METHODS)[ch["normalisation"]],
        "aggregation": np.where(ch["geometric"], "geometric", "arithmetic"),
        "dropped indicator": np.where(
            ch["drop"] >= 0, np.array([*indicator_ids, "none"])[ch["drop"]], "none"
        ),
    }
    rows = []
    for choice, values in labels.items():
        for v in np.unique(values):
            m = values == v
            rows.append(
                dict(
                    choice=choice,
                    value=str(v),
                    replications=int(m.sum()),
                    top_set_kept=int(hit[m].sum()),
                )
            )
    return rows


def _effects_frame(rows: list[dict]) -> pd.DataFrame:
    out = (
        pd.DataFrame(rows)
        .groupby(["choice", "value"], as_index=False)[["replications", "top_set_kept"]]
        .sum()
    )
    out["share_kept"] = out["top_set_kept"] / out["replications"]
    return out


def choice_effects(stack, block_of, nominal, seed: int, block_ids: list[int], target: np.ndarray,
                   indicator_ids: list[str]) -> pd.DataFrame:  # fmt: skip
    """For each construction choice, replications and how many keep ``target`` (region positions)
    as exactly the top len(target) regions."""
    return simulate(stack, block_of, nominal, seed, block_ids, target, indicator_ids)[1]


def simulate(stack, block_of, nominal, seed: int, block_ids: list[int], target: np.ndarray,
             indicator_ids: list[str]) -> tuple[np.ndarray | None, pd.DataFrame]:  # fmt: skip
    """Each block of replications computed once: the rank counts (as :func:`run_blocks`) and the
    choice effects (as :func:`choice_effects`)."""
    total, rows = None, []
    for b in block_ids:
        ranks, ch = replicate_block(stack, block_of, nominal, seed + b, with_choices=True)
        c = rank_counts(ranks)
        total = c if total is None else total + c
        rows += _effect_rows(ranks, ch, target, indicator_ids)
    return total, _effects_frame(rows) if rows else pd.DataFrame(columns=EFFECT_COLUMNS)


def quantile_from_counts(counts: np.ndarray, q: float) -> np.ndarray:
    cum = np.cumsum(counts, axis=1) / counts.sum(axis=1, keepdims=True)
    return (np.argmax(cum >= q - 1e-12, axis=1) + 1).astype(float)


def rank_bands(
    counts: np.ndarray, kato: list[str], names: list[str], nominal_rank: np.ndarray
) -> pd.DataFrame:
    ranks = np.arange(1, counts.shape[1] + 1)
    mean = (counts * ranks).sum(axis=1) / counts.sum(axis=1)
    shift = (counts * np.abs(ranks[None, :] - nominal_rank[:, None])).sum(axis=1) / counts.sum(
        axis=1
    )
    return pd.DataFrame(dict(kato=kato, region=names, nominal_rank=nominal_rank.astype("int64"),
                             median_rank=quantile_from_counts(counts, 0.5), p05_rank=quantile_from_counts(counts, 0.05),
                             p95_rank=quantile_from_counts(counts, 0.95), mean_rank=mean, mean_abs_shift=shift,
                             replications=counts.sum(axis=1).astype("int64")))  # fmt: skip


# ---------------------------------------------------------------- the scatter-gather steps of the rules

EFFECT_COLUMNS = ["choice", "value", "replications", "top_set_kept", "share_kept"]


def prepare(
    treated_long: pd.DataFrame, fw: dict
) -> tuple[pd.DataFrame, np.ndarray, np.ndarray, np.ndarray]:
    """The treated indicator matrix (regions with every indicator), its normalised stack, each
    indicator's block and its nominal weight within the block."""
    ids = [i["id"] for i in fw["indicators"]]
    treated = treated_long.pivot(index="kato", columns="indicator", values="value")[ids].dropna()
    polarity = np.array([i["polarity"] for i in fw["indicators"]], float)
    block_of = np.array([i["block"] for i in fw["indicators"]])
    nominal = np.array([1 / (block_of == b).sum() for b in block_of])
    return treated, normalised_stack(treated.to_numpy(), polarity), block_of, nominal


def blocks_of_chunk(replications: int, chunks: int, chunk: int) -> list[int]:
    """The blocks of 1,000 replications that chunk ``chunk`` of ``chunks`` runs (round robin)."""
    return [b for b in range(replications // BLOCK) if b % chunks == chunk]


def chunk_tables(
    treated: pd.DataFrame, stack: np.ndarray, block_of: np.ndarray, nominal: np.ndarray,
    seed: int, blocks: list[int], named: pd.Series,
) -> tuple[pd.DataFrame, pd.DataFrame]:  # fmt: skip
    """One chunk: rank counts per region and the effect of each choice on the named regions' top set
    (every replication computed once)."""
    target = np.flatnonzero(treated.index.isin(named))
    counts, effects = simulate(
        stack, block_of, nominal, seed, blocks, target, list(treated.columns)
    )
    n = len(treated)
    counts = counts if counts is not None else np.zeros((n, n), dtype=np.int64)
    rows = [
        dict(kato=k, rank=r + 1, count=int(counts[i, r]))
        for i, k in enumerate(treated.index)
        for r in range(n)
    ]
    return pd.DataFrame(rows, columns=["kato", "rank", "count"]), effects


def gather_tables(
    treated: pd.DataFrame, counts: pd.DataFrame, effects: pd.DataFrame, scores: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """All chunks together: rank bands per region, and the share of replications that keep the
    named regions' top set under each choice."""
    counts = counts.groupby(["kato", "rank"], as_index=False)["count"].sum()
    wide = (
        counts.pivot(index="kato", columns="rank", values="count")
        .reindex(treated.index)
        .fillna(0)
        .to_numpy(dtype=np.int64)
    )
    scores = scores.set_index("kato").loc[treated.index]
    bands = rank_bands(wide, list(treated.index), list(scores["region"]), scores["rank"].to_numpy())
    effects = effects.groupby(["choice", "value"], as_index=False)[
        ["replications", "top_set_kept"]
    ].sum()
    effects["share_kept"] = effects["top_set_kept"] / effects["replications"]
    return bands.sort_values("nominal_rank").reset_index(drop=True), effects
