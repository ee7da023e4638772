"""The audit's statistics against independent recomputations, and its verdicts on the real data."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from kzrd.data.derived import implied_population
from kzrd.data.features import build_cross_section, build_panel
from kzrd.paper2025 import audit
from kzrd.paper2025.analysis import trend_slopes, trends
from kzrd.reference.paper import cells, load_paper
from kzrd.reference.sources import load_sources, read_snapshot, verify_snapshot, with_source
from kzrd.stats.correlation import correlation_family


@pytest.fixture(scope="module")
def data(registry):
    clean = pd.concat(
        [with_source(read_snapshot(verify_snapshot(s)), s) for s in load_sources()],
        ignore_index=True,
    )
    cs = build_cross_section(build_panel(clean, registry), clean, registry, 2022)
    paper = load_paper(registry)
    tr = trends(clean, registry, ["630000000", "350000000"], 2010, 2023)
    return dict(
        clean=clean,
        cs=cs,
        paper=paper,
        cells=cells(paper),
        trends=tr,
        slopes=trend_slopes(tr),
        cal=audit.calendar(cs, clean, registry.created),
    )


CITIES = ["750000000", "710000000"]


def test_the_calendar_comes_from_the_data(data):
    cal = data["cal"]
    assert (cal.cross_section, cal.border_change, cal.last, cal.before_change) == (
        2022,
        2022,
        2023,
        2021,
    )
    assert cal.sdg_years == tuple(range(2010, 2024)) and cal.population_year == 2022


def test_concentration_2022_by_hand(data):
    c = audit.concentration_2022(data["cs"]).set_index("variable")
    assert c.at["researchers", "cr2"] == pytest.approx((7280 + 3554) / 18014 * 100)
    lq = audit.location_quotients(data["cs"]).set_index("kato")
    assert lq.at["750000000", "lq_researchers"] == pytest.approx(
        (7280 / 18014) / (2_161_695 / 19_765_004)
    )


def test_concentration_over_time_marks_missing_years(data, registry):
    t = audit.concentration_over_time(data["clean"], registry.created, data["cal"])
    res = t[t["variable"] == "researchers_sdg_x_population"].set_index("year")
    # GRP per capita is published up to 2022: no population, hence no researchers, for 2023
    assert res.at[2023, "status"] == (
        "no population by region on this basis (GRP / GRP per capita, published up to 2022)"
    )
    assert (res.loc[2010:2022, "status"] == "ok").all()
    assert (res.loc[2010:2022, "population_basis"] == audit.POPULATION_BASIS).all()
    assert bool(t.loc[t["year"] == 2022, "base_change"].all())


def test_concentration_over_time_leaves_out_regions_before_creation(data, registry):
    """The SDG files give Abai, Zhetisu and Ulytau a 0 for 2021: no such territory existed."""
    t = audit.concentration_over_time(data["clean"], registry.created, data["cal"])
    rd = t[t["variable"] == "rd_expenditure_sdg_x_grp"].set_index("year")
    assert rd.at[2021, "n"] == 17 and rd.at[2022, "n"] == 20 and rd.at[2017, "n"] == 16
    assert rd.at[2021, "note"] == (
        "left out, before the region was created: 100000000, 330000000, 620000000"
    )
    assert rd.at[2020, "note"] == ""


def _snapshot(name: str, indicator: str) -> dict[tuple[str, int], float]:
    """(kato, year) -> value straight from a shipped snapshot CSV, with no package code."""
    import csv
    from pathlib import Path

    path = Path(__file__).parents[2] / "resources" / "snapshots" / f"{name}.csv"
    with path.open(encoding="utf-8") as f:
        return {
            (r["kato"], int(r["year"])): float(r["value"])
            for r in csv.DictReader(f)
            if r["indicator"] == indicator and r["status"] == "ok"
        }


def test_researcher_concentration_2015_by_hand(data, registry):
    """2015: researchers = 9-5-2 x (GRP / GRP per capita x 1,000), the 16 units of that year."""
    rate = _snapshot("sdg_9_5_2", "researchers_per_million")
    grp = _snapshot("bns_grp", "grp")
    pc = _snapshot("bns_grp_per_capita", "grp_per_capita")
    res = {
        k: rate[(k, 2015)] * grp[(k, 2015)] / pc[(k, 2015)] * 1e3 / 1e6
        for (k, y) in rate
        if y == 2015 and k != "000000000" and (k, 2015) in grp
    }
    assert len(res) == 16
    shares = np.sort(np.array(list(res.values())) / sum(res.values()) * 100)[::-1]
    t = audit.concentration_over_time(data["clean"], registry.created, data["cal"])
    row = t[(t["variable"] == "researchers_sdg_x_population") & (t["year"] == 2015)].iloc[0]
    assert row["n"] == 16
    assert row["cr2"] == pytest.approx(shares[:2].sum())
    assert row["hhi"] == pytest.approx((shares**2).sum())


def test_implied_population_agrees_with_the_official_count(data):
    """The 2022 population implied by GRP / GRP per capita (an average over the year) lies within
    2.5% of the official count on 1 January 2023 for every region and the nation."""
    ok = data["clean"][data["clean"]["status"] == "ok"]

    def series(ind):
        return ok[ok["indicator"] == ind].set_index(["kato", "year"])["value"]

    implied = implied_population(series("grp"), series("grp_per_capita")).xs(2022, level="year")
    official = series("population").xs(2022, level="year")
    ratio = (implied / official).dropna()
    assert len(ratio) == 21
    assert ratio.between(0.975, 1.025).all(), ratio[~ratio.between(0.975, 1.025)]


def test_totals_and_verdicts(data, registry):
    refs = pd.DataFrame(
        [dict(id="rd_internal_expenditure_2023", value=172.6, year=2023, publisher="p", url="u")]
    )
    tot = audit.totals(data["cells"], data["cs"], data["clean"], refs, data["cal"])
    res = tot[(tot["table"] == "table1") & (tot["indicator"] == "researchers")].iloc[0]
    assert res["paper_sum"] == 10450 + 8130 + 5420 + 4870 + 740 and res["reference_value"] == 18014
    exp = tot[(tot["table"] == "table1") & (tot["indicator"] == "rd_expenditure")]
    assert exp["reference_value"].tolist()[:2] == pytest.approx([121.5600957, 172.6])
    fig1 = audit.figure1_candidates(data["cells"], data["paper"]["figure1_shares"], data["cs"])
    best = fig1.iloc[0]
    assert (best["table"], best["indicator"]) == ("table2", "researchers")
    assert best["almaty"] == pytest.approx(10450 / 37760 * 100)
    corr = correlation_family(data["cs"][data["cs"]["kato"] != "000000000"], [dict(family="f", x="universities", y="researchers_per_million", label="l")],
                              n_resamples=199, seed=1)  # fmt: skip
    by_year = audit.official_by_year(data["cs"], data["clean"], registry.created, data["cal"])
    mags = audit.magnitudes(data["cells"], by_year, data["cs"], refs)
    growth = audit.growth(
        data["trends"], ["630000000", "350000000"], first=2021, last=2023, base_end=2021
    )
    v, nums = audit.verdicts(
        data["cells"],
        data["paper"]["figure1_shares"],
        data["cs"],
        by_year,
        mags,
        fig1,
        growth,
        corr,
        CITIES,
    )
    verdict = dict(zip(v["claim_id"], v["verdict"], strict=True))
    assert verdict == {
        "concentration": "consistent",
        "leadership": "partly consistent",
        "table1_researchers": "inconsistent with official statistics",
        "table1_expenditure": "inconsistent with official statistics",
        "table2_universities": "partly consistent",
        "enterprises_below_3pct": "depends on a choice the paper does not state",
        "figure1_shares": "inconsistent with official statistics",
        "finding2_growth": "partly consistent",
        "figure2_correlation": "not checked offline: proxy only",
        "finding3_digital": "consistent",
        "publications_half": "not checkable with published data",
        "no_publications": "not checkable with published data",
        "graduate_employment": "not checkable with published data",
        "online_programmes": "not checkable with published data",
        "table3_tvet": "not checkable with published data",
        "t1_equals_t2": "reproduced",
        "figure1_from_tables": "not reproduced",
        "publications_from_table2": "reproduced",
    }
    assert not nums["id"].duplicated().any()
    n = nums.set_index("id")["value"]
    # Karaganda on the same territory (Table 8 of the old report): 457 -> 439 researchers per million
    assert n["growth_350000000_researchers_per_million_first"] == 457
    assert n["growth_350000000_researchers_per_million_last"] == pytest.approx(439.088, abs=0.01)
    # enterprises doing R&D: 0 of 18 regions below 3% over R&D-form respondents, 18 of 18 over the survey
    assert (n["enterprises_rd_form_below"], n["enterprises_innovation_survey_below"]) == (0, 18)
    assert n["enterprises_rd_form_almaty"] == pytest.approx(132 / 478 * 100)
    assert n["enterprises_innovation_survey_almaty"] == pytest.approx(132 / 7826 * 100)
    # Karaganda's official share of researchers, 2022: 980 of 18,014 persons
    share = by_year[(by_year["basis"] == "BNS head count") & (by_year["kato"] == "350000000")][
        "share_pct"
    ].iloc[0]
    assert share == pytest.approx(980 / 18014 * 100)


def test_growth_noise_by_hand(data):
    g = audit.growth(
        data["trends"], ["630000000", "350000000"], first=2021, last=2023, base_end=2021
    ).set_index(["kato", "indicator"])
    ek = g.loc[("630000000", "researchers_per_million")]
    series = [525, 521, 489, 604, 560, 612, 604, 604, 642, 581, 560, 608]  # SDG 9-5-2, 2010-2021
    # the noise of a two-year change (2021 -> 2023): the SD of annual changes times sqrt(2)
    assert ek["noise"] == pytest.approx(np.std(np.diff(series), ddof=1) * np.sqrt(2))
    assert ek["noise_median"] == pytest.approx(np.median(np.abs(np.diff(series))) * np.sqrt(2))
    assert ek["early_mean"] == pytest.approx(np.mean(series[:3]))
    assert ek["theil_sen_slope"] == pytest.approx(
        stats.theilslopes(series, range(2010, 2022)).slope
    )


def test_magnitudes_every_year(data, registry):
    refs = pd.DataFrame(
        [dict(id="rd_internal_expenditure_2023", value=172.6, year=2023, publisher="p", url="u")]
    )
    by_year = audit.official_by_year(data["cs"], data["clean"], registry.created, data["cal"])
    tot, reg = audit.magnitudes(data["cells"], by_year, data["cs"], refs)
    res = tot[tot["claim_id"] == "table1_researchers"]
    assert set(res["year"]) == set(range(2010, 2024))
    assert res.loc[res["basis"] == "BNS head count", "ratio"].iloc[0] == pytest.approx(
        29610 / 18014
    )
    fte = res[res["basis"] == audit.FTE_BASIS]
    assert fte["threshold"].tolist() == pytest.approx(
        [18014 / data["cs"].iloc[0]["researchers_fte"]] * len(fte)
    )
    exp = tot[tot["claim_id"] == "table1_expenditure"]
    assert exp["ratio"].min() == pytest.approx(583.8 / 172.6)
    # Ulytau exists only from 2022: no earlier year for it
    assert reg.loc[reg["kato"] == "620000000", "year"].min() == 2022


def test_official_tables_have_every_region_and_say_what_is_missing(data):
    t = audit.official_tables(data["cs"])
    assert {len(x) for x in t.values()} == {21}
    scopus = next(c for c in t["table2"].columns if c.startswith("Publications"))
    assert "no official regional source" in scopus and t["table2"][scopus].isna().all()


def test_published_step_reads_the_rounding_of_a_series():
    from kzrd.data.clean import published_step

    assert published_step(pd.Series([0.05, 0.1, 0.12])) == 0.01
    assert published_step(pd.Series([487.0, 494.0])) == 1.0
    assert published_step(pd.Series([581.5, 560.0])) == 0.1
