"""The audit's statistics against independent recomputations, and its verdicts on the real data."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from kzrd import PROJECT_ROOT
from kzrd.core.errors import InputError
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


@pytest.fixture(scope="module")
def decided(data, registry):
    """Every claim of resources/claims.yaml decided on the real snapshots (the verdicts rule's pure part)."""
    from kzrd.paper2025.claims import choice_columns, load_claims
    from kzrd.paper2025.verdicts import Evidence, verdict_tables

    refs = pd.DataFrame(
        [dict(id="rd_internal_expenditure_2023", value=172.6, year=2023, publisher="p", url="u")]
    )
    cs, clean = data["cs"], data["clean"]
    by_year = audit.official_by_year(cs, clean, registry.created, data["cal"], registry.split_from)
    totals, levels = audit.magnitudes(data["cells"], by_year, cs, refs)
    pairs = [dict(family="f", x=x, y=y, label="l") for y in ("researchers_per_million", "researchers_per_10k")
             for x in ("universities", "universities_per_100k")]  # fmt: skip
    corr = correlation_family(
        cs[cs["kato"] != "000000000"], pairs, n_resamples=199, seed=1, without=tuple(CITIES)
    )
    ev = Evidence(
        values=audit.regional_values(cs, clean, build_panel(clean, registry), {}), by_year=by_year, totals=totals,
        levels=levels, growth=audit.growth(data["trends"], ["630000000", "350000000"], first=2010, last=2023, before_change=2021),
        correlations=corr, cells=data["cells"], stated=data["paper"]["figure1_shares"].set_index("kato")["value"],
        cities=tuple(CITIES), trend_regions=("630000000", "350000000"), names={k: registry.name(k) for k in registry.regions["kato"]},
        figure1_candidates=audit.figure1_candidates(data["cells"], data["paper"]["figure1_shares"], cs),
    )  # fmt: skip
    claims = load_claims(PROJECT_ROOT / "resources" / "claims.yaml")
    claims = type(claims)(
        claims.meta_rule, tuple(c for c in claims.claims if c.id != "study2019_top5"), claims.period
    )
    words = dict(cross_section="2022", before_change="2021", last="2023")
    return verdict_tables(claims, ev, words, choice_columns())


def test_verdicts_on_the_real_data(decided):
    v, nums, mv = decided
    ref = dict(zip(v["claim_id"], v["reference_verdict"], strict=True))
    # the reference readings give the verdicts the report had before the multiverse
    assert {k: ref[k] for k in ("concentration", "leadership", "table1_researchers", "table1_expenditure", "table2_universities",
                                "finding2_growth", "figure2_correlation", "t1_equals_t2", "figure1_from_tables")} == {
        "concentration": "consistent", "leadership": "partly consistent", "table1_researchers": "inconsistent with official statistics",
        "table1_expenditure": "inconsistent with official statistics", "table2_universities": "partly consistent",
        "finding2_growth": "partly consistent", "figure2_correlation": "not checked offline: proxy only", "t1_equals_t2": "reproduced",
        "figure1_from_tables": "not reproduced"}  # fmt: skip
    published = dict(zip(v["claim_id"], v["verdict"], strict=True))
    moved = dict(zip(v["claim_id"], v["moved_by"], strict=True))
    depends = "depends on a choice the paper does not state"
    # robust: every basis and year of the paper's period contradicts the paper's levels
    assert (
        published["table1_researchers"]
        == published["table1_expenditure"]
        == "inconsistent with official statistics"
    )
    # "less than 3%" read as a share of a region's enterprises, in either bulletin: no region below it
    assert published["enterprises_below_3pct"] == "inconsistent with official statistics"
    # concentration: the two cities hold most researchers and expenditure, not most universities
    # (36 + 14 of 116), so the reading of "research resources" moves it
    assert published["concentration"] == depends and moved["concentration"] == "research resources"
    # the reviewers' disputes, re-decided: each depends on a named choice
    assert (
        published["leadership"] == depends
        and "reading of the enterprise share" in moved["leadership"]
    )
    assert published["finding2_growth"] == depends and "window" in moved["finding2_growth"]
    assert not nums["id"].duplicated().any()
    n = nums.set_index("id")["value"]
    # Karaganda on the same territory, 2021 -> 2023: 457 -> 439 researchers per million
    assert n["growth_350000000_researchers_per_million_first"] == 457
    assert n["growth_350000000_researchers_per_million_last"] == pytest.approx(439.088, abs=0.01)
    # enterprises doing R&D over R&D-form respondents: none of the 18 regions outside the cities below 3%
    g = mv[(mv["claim_id"] == "enterprises_below_3pct") & (mv["setting"] == "centre")].set_index(
        "reading"
    )
    assert g.at["rd_form_rate", "value"] == 0 and g.at["innovation_rate", "value"] == 0
    # as shares of the national count: Almaty city 132 of 414 enterprises doing R&D
    lead = mv[(mv["claim_id"] == "leadership") & (mv["reading"] == "national_share")]
    assert set(lead["verdict"]) == {"consistent"}
    assert len(mv) == v["n_specs"].sum()


def test_concentration_over_the_sum_of_the_regions_differs_from_the_national_row(decided):
    _, _, mv = decided
    c = mv[(mv["claim_id"] == "concentration") & (mv["source"] == "sdg")].pivot_table(
        index="year", columns="denominator", values="value"
    )
    assert (
        c["regions"] != c["national"]
    ).any()  # the derived regional series do not add up to the national row


def test_growth_noise_by_hand(data):
    g = audit.growth(
        data["trends"], ["630000000", "350000000"], first=2010, last=2023, before_change=2021
    )
    key = ["window", "territory", "noise_measure"]
    ek = g[(g["kato"] == "630000000") & (g["indicator"] == "researchers_per_million")].set_index(
        key
    )
    series = [525, 521, 489, 604, 560, 612, 604, 604, 642, 581, 560, 608]  # SDG 9-5-2, 2010-2021
    d = np.diff(series)
    # the noise of a two-year change (2021 -> 2023): the SD of annual changes times sqrt(2)
    assert ek.loc[("short", "same", "sd"), "noise"] == pytest.approx(np.std(d, ddof=1) * np.sqrt(2))
    assert ek.loc[("short", "same", "median"), "noise"] == pytest.approx(
        np.median(np.abs(d)) * np.sqrt(2)
    )
    # the long window: the mean of 2010-2012 to 2023, 12 years from the middle of the three
    long = ek.loc[("long", "same", "sd")]
    assert long["value_first"] == pytest.approx(np.mean(series[:3])) and long[
        "noise"
    ] == pytest.approx(np.std(d, ddof=1) * np.sqrt(12))
    ts = stats.theilslopes(series, range(2010, 2022))
    trend = ek.loc[("trend", "", "")]
    assert (trend["slope"], trend["slope_low"], trend["slope_high"]) == pytest.approx(
        (ts.slope, ts.low_slope, ts.high_slope)
    )
    # as published, 2023 is East Kazakhstan without Abai: a lower value than on the same territory
    assert (
        ek.loc[("short", "published", "sd"), "value_last"]
        != ek.loc[("short", "same", "sd"), "value_last"]
    )


def test_growth_refuses_too_few_base_years(data):
    with pytest.raises(
        InputError, match=r"config key 'trend_years\.first': 2019 leaves fewer than four base years"
    ):
        audit.growth(data["trends"], ["630000000"], first=2019, last=2023, before_change=2021)


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
    # the head-count/FTE factor is the bulletin's own: persons over persons x FTE coefficient (no population)
    fte = res[res["basis"].isin(audit.FTE_BASES)]
    assert fte["threshold"].tolist() == pytest.approx([18014 / 13150.22] * len(fte))
    # one population basis per series: 2023 (no GRP per capita yet) is its own basis, of 1 January
    assert res.loc[res["basis"] == audit.FTE_1_JANUARY, "year"].tolist() == [2023]
    exp = tot[tot["claim_id"] == "table1_expenditure"]
    assert exp["ratio"].min() == pytest.approx(583.8 / 172.6)
    t2 = tot[(tot["claim_id"] == "table2_researchers") & (tot["basis"] == "BNS head count")]
    assert t2["paper_sum"].iloc[0] == 37760
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
