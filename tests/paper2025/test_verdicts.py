"""Every decision rule of kzrd.paper2025.verdicts on small hand-made inputs on both sides of its threshold."""

from __future__ import annotations

import pandas as pd
import pytest

from kzrd.paper2025 import verdicts as V

ALMATY, ASTANA, KARAGANDA, EK = "750000000", "710000000", "350000000", "630000000"


def test_every_claim_has_a_rule_and_a_known_kind():
    ids = [c.id for c in V.CLAIMS]
    assert len(ids) == len(set(ids))
    for c in V.CLAIMS:
        assert c.kind in ("official", "internal") and c.rule and c.quote and c.title
    assert set(V.INTERNAL) <= set(V.TAXONOMY)


def test_unknown_verdict_is_refused():
    with pytest.raises(ValueError, match="unknown verdict"):
        V.Verdict("x", "sort of true", "", "")


def _shares(values):
    return pd.DataFrame([dict(variable=v, label=v, year=y, share_pct=s) for v, y, s in values])


def test_concentration_on_both_sides_of_half():
    above = _shares([("researchers", 2022, 60.1), ("rd_expenditure", 2022, 50.01)])
    assert V.decide_concentration(above).verdict == "consistent"
    mixed = _shares([("researchers", 2022, 60.1), ("rd_expenditure", 2022, 50.0)])
    assert V.decide_concentration(mixed).verdict == "partly consistent"
    below = _shares([("researchers", 2022, 49.9), ("rd_expenditure", 2022, 30.0)])
    assert V.decide_concentration(below).verdict == "inconsistent with official statistics"


def test_leadership():
    def table(flags):
        return pd.DataFrame(
            [
                dict(indicator=f"i{k}", label=f"i{k}", first="A", second="B", cities_top2=f)
                for k, f in enumerate(flags)
            ]
        )

    assert V.decide_leadership(table([True, True])).verdict == "consistent"
    assert V.decide_leadership(table([True, False])).verdict == "partly consistent"
    assert (
        V.decide_leadership(table([False, False])).verdict
        == "inconsistent with official statistics"
    )


def _totals(ratios, thresholds=None):
    thresholds = thresholds or [1.0] * len(ratios)
    return pd.DataFrame(
        [dict(year=2010 + k, basis="b", paper_regions=5, paper_sum=r * 100, official=100.0, ratio=r, threshold=t)
         for k, (r, t) in enumerate(zip(ratios, thresholds, strict=True))]
    )  # fmt: skip


def _regions(ratios):
    return pd.DataFrame(
        [
            dict(kato=f"k{k}", region=f"R{k}", year=2022, paper=r * 10, official=10.0, ratio=r)
            for k, r in enumerate(ratios)
        ]
    )


def test_magnitude_sum_above_national_in_every_year_is_inconsistent():
    v = V.decide_magnitude("table1_researchers", _totals([1.64, 2.9]), _regions([1.0]), "persons")
    assert v.verdict == "inconsistent with official statistics"
    # one year in which the national total reaches the paper's sum: the sum no longer decides
    v = V.decide_magnitude(
        "table1_researchers", _totals([1.64, 1.0]), _regions([1.1, 1.15]), "persons"
    )
    assert v.verdict == "consistent"


def test_magnitude_fte_year_counts_only_beyond_the_head_count_factor():
    # an FTE year with ratio 1.3 below the factor 1.36: not a contradiction, regions decide
    v = V.decide_magnitude(
        "table1_researchers", _totals([1.64, 1.3], [1.0, 1.36]), _regions([1.1, 2.0]), "persons"
    )
    assert v.verdict == "partly consistent"
    v = V.decide_magnitude(
        "table1_researchers", _totals([1.64, 1.37], [1.0, 1.36]), _regions([1.1, 2.0]), "persons"
    )
    assert v.verdict == "inconsistent with official statistics"


def test_magnitude_regions_on_both_sides_of_the_tolerance():
    tot = _totals([0.8])
    assert (
        V.decide_magnitude(
            "table2_universities", tot, _regions([1.2, 0.8]), "organisations"
        ).verdict
        == "consistent"
    )
    assert (
        V.decide_magnitude(
            "table2_universities", tot, _regions([1.21, 0.8]), "organisations"
        ).verdict
        == "partly consistent"
    )
    assert V.decide_magnitude(
        "table2_universities", tot, _regions([1.21, 0.79]), "organisations"
    ).verdict == ("inconsistent with official statistics")


def _bases(below_a, below_b, n=18):
    return pd.DataFrame(
        [dict(basis="rd_form", label="a", n_periphery=n, n_below=below_a, almaty=27.6, ulytau=5.3),
         dict(basis="innovation_survey", label="b", n_periphery=n, n_below=below_b, almaty=1.7, ulytau=0.6)]
    )  # fmt: skip


def test_enterprise_share_depends_on_the_denominator():
    assert (
        V.decide_enterprise_share(_bases(0, 18)).verdict
        == "depends on a choice the paper does not state"
    )
    assert (
        V.decide_enterprise_share(_bases(9, 18)).verdict == "consistent"
    )  # half counts as holding
    assert (
        V.decide_enterprise_share(_bases(8, 8)).verdict == "inconsistent with official statistics"
    )


def test_figure1_within_three_points_or_not():
    stated = pd.Series({ASTANA: 28.0, ALMATY: 24.0, KARAGANDA: 15.0})

    def official(a, b, c):
        return pd.DataFrame(
            [dict(variable="researchers", label="R", year=2022, kato=k, region=k, share_pct=s)
             for k, s in ((ASTANA, a), (ALMATY, b), (KARAGANDA, c))]
        )  # fmt: skip

    assert V.decide_figure1(official(31.0, 21.0, 15.0), stated).verdict == "consistent"
    assert (
        V.decide_figure1(official(31.1, 21.0, 15.0), stated).verdict
        == "inconsistent with official statistics"
    )


def _growth(changes):
    rows = []
    for (kato, region, ind), (change, noise) in changes.items():
        rows.append(dict(kato=kato, region=region, indicator=ind, label=ind, value_first=1.0, value_last=1.0 + change,
                         change=change, noise=noise, noise_median=noise / 2))  # fmt: skip
    return pd.DataFrame(rows)


def test_growth_needs_a_rise_beyond_noise_and_no_fall():
    ek_rd, ek_res = (
        (EK, "East Kazakhstan", "rd_expenditure_pct_grp"),
        (EK, "East Kazakhstan", "researchers_per_million"),
    )
    k_rd, k_res = (
        (KARAGANDA, "Karaganda", "rd_expenditure_pct_grp"),
        (KARAGANDA, "Karaganda", "researchers_per_million"),
    )
    both = _growth({ek_rd: (0.06, 0.05), ek_res: (89, 51), k_rd: (0.026, 0.025), k_res: (-18, 135)})
    assert V.decide_growth(both).verdict == "consistent"
    one = _growth({ek_rd: (0.06, 0.05), ek_res: (89, 51), k_rd: (0.023, 0.025), k_res: (-18, 135)})
    v = V.decide_growth(one)
    assert v.verdict == "partly consistent"
    # under the median absolute change (half the noise here) Karaganda's R&D intensity rises: the
    # flip names that series and the verdict it gives, not East Kazakhstan, which grows either way
    assert v.flip.startswith(
        "consistent with the median absolute year-to-year change (× √2) as the noise: "
        "Karaganda, rd_expenditure_pct_grp: rises against ±0.01"
    )
    assert "East Kazakhstan" not in v.flip
    # with the published rounding step, the flip says how many steps that noise is
    stepped = V.decide_growth(one.assign(resolution=0.01))
    assert "rises against ±0.013 (1.2 rounding steps of the published 0.01)" in stepped.flip
    # a series whose status the other noise changes, in a region that grows either way: no flip
    steady = _growth(
        {ek_rd: (0.03, 0.05), ek_res: (89, 51), k_rd: (0.026, 0.025), k_res: (-18, 135)}
    )
    assert V.decide_growth(steady).verdict == "consistent"
    assert V.decide_growth(steady).flip == (
        "the median absolute year-to-year change as the noise changes no region's growth"
    )
    falls = _growth({ek_rd: (0.06, 0.05), ek_res: (-60, 51), k_rd: (0.0, 0.025), k_res: (-18, 135)})
    assert V.decide_growth(falls).verdict == "inconsistent with official statistics"


CORR = dict(spearman_rho=0.5, spearman_p_holm=0.01, pearson_r_without_capitals=0.3, n_without_capitals=18,
            pearson_bca_low=0.1, pearson_bca_high=0.9, pearson_r=0.8, pearson_perm_p=0.001, n=20)  # fmt: skip


def test_correlation_rule_with_the_true_variable():
    assert V.decide_correlation(CORR, y_is_proxy=False).verdict == "consistent"
    weak = {**CORR, "pearson_r_without_capitals": 0.29}
    assert V.decide_correlation(weak, y_is_proxy=False).verdict == "partly consistent"
    none = {**weak, "pearson_perm_p": 0.05, "spearman_p_holm": 0.2, "pearson_bca_low": -0.1}
    assert (
        V.decide_correlation(none, y_is_proxy=False).verdict
        == "inconsistent with official statistics"
    )


def test_correlation_with_a_proxy_is_not_checked_either_way():
    for c in (CORR, {**CORR, "pearson_r_without_capitals": 0.02}):
        assert V.decide_correlation(c, y_is_proxy=True).verdict == "not checked offline: proxy only"


def test_digital_spread_thresholds():
    def cv(*values):
        return pd.DataFrame(
            [dict(series=f"s{k}", label=f"s{k}", cv_pct=v) for k, v in enumerate(values)]
        )

    assert V.decide_digital(cv(3.0, 25.0), 10.0).verdict == "consistent"
    assert V.decide_digital(cv(3.0, 24.9), 10.0).verdict == "partly consistent"
    assert V.decide_digital(cv(3.0, 9.9), 10.0).verdict == "inconsistent with official statistics"


def test_internal_checks():
    t1 = pd.Series({ALMATY: 10450.0, ASTANA: 8130.0})
    assert V.decide_t1_equals_t2(t1, t1.copy()).verdict == "reproduced"
    assert V.decide_t1_equals_t2(t1, t1 + 1).verdict == "not reproduced"
    stated = pd.Series({ASTANA: 28.0, ALMATY: 24.0, KARAGANDA: 15.0})
    cand = pd.DataFrame(
        [dict(table="t", indicator="i", denominator="d", astana=25.0, almaty=27.0, karaganda=12.0)]
    )
    assert V.decide_figure1_internal(cand, stated).verdict == "reproduced"
    cand.loc[0, "karaganda"] = 11.9
    assert V.decide_figure1_internal(cand, stated).verdict == "not reproduced"
    pub = pd.Series({ALMATY: 30.0, ASTANA: 20.0, EK: 50.0})
    assert (
        V.decide_publications_internal(pub).verdict == "not reproduced"
    )  # exactly half is not more than half
    pub[EK] = 49.0
    assert V.decide_publications_internal(pub).verdict == "reproduced"


def test_readme_exhibit_map_is_generated_from_the_registry(root):
    import importlib.util

    from kzrd.reference.exhibits import exhibit_map, load_registry

    spec = importlib.util.spec_from_file_location(
        "update_readme", root / "scripts" / "update_readme.py"
    )
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    readme = (root / "README.md").read_text(encoding="utf-8")
    table = exhibit_map(load_registry(root / "resources" / "exhibits.yaml"))
    assert mod.with_map(readme, table) == readme, "README's exhibit map is stale: run `make docs`"


def test_exhibit_registry_numbers_in_order_and_files_exist_or_are_outputs(root):
    from kzrd.reference.exhibits import load_registry, numbering

    entries = load_registry(root / "resources" / "exhibits.yaml")
    nums = numbering(entries)
    assert nums["verdicts"] == "Table 1" and nums["fig_concentration"] == "Figure 1"
    assert nums["s_cross_section"] == "Table S1" and nums["d_outputs"] == "Table D1"
    for e in entries:
        for f in e["files"]:
            assert f.startswith("results/") or (root / f).exists(), (e["id"], f)


def test_external_references_agree_with_their_file(root):
    from kzrd.reference.sources import load_references

    for rid, ref in load_references().items():
        table = pd.read_csv(root / ref["file"], dtype={"id": str}).set_index("id")
        assert table.at[rid, "value"] == ref["value"] and int(table.at[rid, "year"]) == ref["year"]
        assert ref["retrieved"] and ref["citation"] and ref["url"].startswith("https://")


def test_exhibit_rules_and_code_exist(root):
    import importlib
    import re

    from kzrd.reference.exhibits import load_registry

    rules = set(
        re.findall(
            r"^rule (\w+):", "".join(p.read_text() for p in (root / "rules").glob("*.smk")), re.M
        )
    )
    for e in load_registry(root / "resources" / "exhibits.yaml"):
        assert e["rule"] in rules, (e["id"], e["rule"])
        first = re.split(r"[ ,(/]", e["code"])[0]
        module, _, name = first.rpartition(".")
        if first.count(".") == 1:  # a module only (kzrd.study2019.clusters)
            module, name = first, ""
        mod = importlib.import_module(module)
        assert not name or hasattr(mod, name), (e["id"], e["code"])
