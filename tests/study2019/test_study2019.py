"""The 2019 study's reconstruction: the index on a hand-computed example, the clustering against
scipy and scikit-learn called directly, the framework validation."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import yaml
from scipy.cluster.hierarchy import fcluster, linkage
from sklearn.cluster import KMeans
from sklearn.metrics import adjusted_rand_score, silhouette_score

from kzrd.core.errors import InputError
from kzrd.study2019.clusters import canonical, cluster_regions
from kzrd.study2019.index import (
    aggregate,
    build_index,
    cronbach_alpha,
    load_framework,
    normalise,
    treat_outliers,
)

FW = {
    "reference_year": 2022,
    "options": {"normalisation": "minmax", "weights": "equal", "aggregation": "arithmetic",
                "outliers": {"skewness": 2.0, "kurtosis": 3.5, "max_winsorised": 5},
                "performance_groups": [{"name": "leader", "above": 125}, {"name": "strong", "above": 100},
                                       {"name": "moderate", "above": 70}, {"name": "emerging", "above": 0}]},
    "blocks": {"A": "a", "B": "b"},
    "indicators": [
        {"id": "a1", "column": "c1", "block": "A", "polarity": 1, "unit": "u", "year": 2022, "source": "s"},
        {"id": "a2", "column": "c2", "block": "A", "polarity": -1, "unit": "u", "year": 2022, "source": "s"},
        {"id": "b1", "column": "c3", "block": "B", "polarity": 1, "unit": "u", "year": 2022, "source": "s"},
    ],
}  # fmt: skip


def _cs():
    return pd.DataFrame({
        "kato": ["000000000", "1", "2", "3"], "region": ["KZ", "R1", "R2", "R3"],
        "c1": [10.0, 0.0, 10.0, 20.0], "c2": [5.0, 1.0, 5.0, 9.0], "c3": [50.0, 40.0, 70.0, 100.0],
    })  # fmt: skip


def test_index_by_hand():
    r = build_index(_cs(), FW)
    s = r["scores"].set_index("kato")
    # min-max: a1 -> 0, 50, 100; a2 (polarity -1) -> 100, 50, 0; b1 -> 0, 50, 100
    # block A = mean(a1, a2) = 50 for all; block B = b1; index = mean of blocks
    assert s["block_A"].tolist() == pytest.approx([50, 50, 50])
    assert s["index"].tolist() == pytest.approx([25, 50, 75])
    assert s["rank"].tolist() == [3, 2, 1]
    # relative to national: mean of value/national x 100, with polarity -1 inverting a2
    assert s.at["3", "relative_to_national"] == pytest.approx((200 + 180 + 200) / 3)
    assert s.at["3", "group"] == "leader" and s.at["1", "group"] == "emerging"
    assert r["outliers"]["treatment"].eq("none").all()


def test_outlier_rule_winsorises_then_logs():
    x = pd.DataFrame({"v": [float(i) for i in range(1, 20)] + [100.0]})
    treated, report = treat_outliers(x, 2.0, 3.5, 1)
    assert report.iloc[0]["treatment"] == "winsorised 1 value(s)" and treated["v"].max() == 19.0
    heavy = pd.DataFrame({"v": [1.0] * 14 + [2.0, 3.0, 50.0, 60.0, 80.0, 100.0]})
    _, rep = treat_outliers(heavy, 0.5, 1.0, 2)
    assert rep.iloc[0]["treatment"] == "log(x - min + 1)"


def test_normalisations_and_aggregation():
    m = pd.DataFrame({"a": [1.0, 2.0, 3.0], "b": [3.0, 6.0, 9.0]})
    pol = {"a": 1, "b": -1}
    z = normalise(m, "zscore", pol)
    assert z["a"].tolist() == pytest.approx(((m["a"] - 2) / np.sqrt(2 / 3)).tolist())
    assert normalise(m, "rank", pol)["b"].tolist() == [3.0, 2.0, 1.0]
    w = pd.Series({"a": 0.5, "b": 0.5})
    g = aggregate(pd.DataFrame({"a": [4.0], "b": [9.0]}), w, "geometric")
    assert g.iloc[0] == pytest.approx(6.0)
    assert (
        aggregate(pd.DataFrame({"a": [4.0], "b": [np.nan]}), w, "arithmetic").iloc[0] == 4.0
    )  # missing left out, not filled


def test_cronbach_alpha_by_hand():
    b = pd.DataFrame({"x": [1.0, 2.0, 3.0, 4.0], "y": [2.0, 2.0, 4.0, 4.0]})
    k, item_var, total_var = 2, b.var(ddof=1).sum(), b.sum(axis=1).var(ddof=1)
    assert cronbach_alpha(b) == pytest.approx(k / (k - 1) * (1 - item_var / total_var))


def test_framework_errors_name_the_key(tmp_path, root):
    bad = yaml.safe_load((root / "resources" / "index_framework.yaml").read_text(encoding="utf-8"))
    bad["options"]["normalisation"] = "softmax"
    path = tmp_path / "fw.yaml"
    path.write_text(yaml.safe_dump(bad, allow_unicode=True), encoding="utf-8")
    with pytest.raises(
        InputError, match=r"fw.yaml: key 'options.normalisation': 'softmax' is not one of"
    ):
        load_framework(path)
    assert (
        load_framework(root / "resources" / "index_framework.yaml")["blocks"]["A"]
        == "Innovation potential"
    )


def test_clustering_against_scipy_and_sklearn():
    rng = np.random.default_rng(0)
    m = pd.DataFrame(np.vstack([rng.normal(0, 1, (10, 3)), rng.normal(5, 1, (10, 3))]), columns=list("abc"),
                     index=[f"{i:09d}" for i in range(20)])  # fmt: skip
    names = pd.Series([f"R{i}" for i in range(20)], index=m.index)
    c = cluster_regions(m, names, seed=11, n_boot=30)
    z = ((m - m.mean()) / m.std(ddof=0)).to_numpy()
    assert int(c["summary"]["k"].iloc[0]) == 2
    km = KMeans(n_clusters=2, n_init=50, random_state=11).fit_predict(z)
    assert (c["members"]["kmeans"].to_numpy() == canonical(km)).all()
    ward = fcluster(linkage(z, method="ward"), t=2, criterion="maxclust")
    assert (c["members"]["ward"].to_numpy() == canonical(ward)).all()
    assert c["summary"]["ari_ward_kmeans"].iloc[0] == pytest.approx(adjusted_rand_score(km, ward))
    sil = c["silhouette"].set_index("k")["silhouette"]
    assert sil[2] == pytest.approx(silhouette_score(z, km))
    assert c["members"]["stability"].between(0, 1).all() and c["members"]["stability"].mean() > 0.9


def test_maps_draw_every_region(registry, root):
    from conftest import shared_file

    from kzrd.present.figures import figure_boundary_map

    kato = sorted(registry.current["kato"])
    scores = pd.DataFrame({"kato": kato, "index": np.linspace(10, 90, 20)})
    members = pd.DataFrame({"kato": kato, "kmeans": [1] * 17 + [2] * 3})
    fig = figure_boundary_map(scores, members, root / "resources/geo/regions_adm1.geojson", "geokz")
    assert [len(ax.patches) for ax in fig.axes[:2]] == [20, 20]
    shp = shared_file("geo/kaz_admbnda_adm1_2024.shp")
    fig = figure_boundary_map(scores, members, shp, "geokz, CC BY 4.0")
    assert min(len(ax.patches) for ax in fig.axes[:2]) >= 20
