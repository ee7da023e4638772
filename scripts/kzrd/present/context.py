"""The context of the three documents (main report, supplement, data appendix): every table as a
:class:`~kzrd.reference.exhibits.TableData` built from computed outputs only, every prose number as a link to
its entry in the numbers registry. Pure functions of DataFrames; the rule script does the reading."""

from __future__ import annotations

import html
import posixpath
import re
from typing import Any

import pandas as pd
from markupsafe import Markup

from kzrd.core import i18n
from kzrd.core.i18n import N_, _, and_join, ngettext
from kzrd.paper2025.audit import group_consecutive
from kzrd.paper2025.multiverse import COMBINATIONS, DEPENDS, NOTHING_DECLARED
from kzrd.paper2025.verdicts import (
    CONSISTENT,
    INCONSISTENT,
    NOT_CHECKABLE,
    NUMBER,
    PARTLY,
    PROXY_ONLY,
    STATUSES,
    TAXONOMY,
    TREND_WINDOWS,
    series_status,
)
from kzrd.present.export import PREVIEW_ROWS
from kzrd.present.style import badge
from kzrd.reference.exhibits import Col, TableData, doc_href, file_anchor, number_anchor
from kzrd.reference.labels import INDICATOR_LABELS
from kzrd.reference.regions import NATIONAL

# The results sections of the main report, in order: anchor -> title (the contents list and the
# verdict table's links both read it; each claim of resources/claims.yaml names its section)
# (titles in English, marked: section_titles() gives them in the language of the render)
SECTIONS = {
    "res-magnitude": N_("Levels of the paper's Tables 1-2"),
    "res-concentration": N_("Concentration (key finding 1, the paper's Figure 1)"),
    "res-enterprises": N_("Enterprises engaged in R&D"),
    "res-growth": N_("The regions of key finding 2"),
    "res-correlation": N_("Universities and technical employment (the paper's Figure 2)"),
    "res-digital": N_("Digital differentiation (key finding 3)"),
    "res-further": N_("Further claims of the text"),
    "res-2019": N_("The 2019 study's conclusion"),
    "res-not-checkable": N_("Claims not checkable"),
    "res-internal": N_("Internal checks"),
}


def section_titles() -> dict[str, str]:
    """The results sections' titles (:data:`SECTIONS`) in the language of the render."""
    return {k: _(t) for k, t in SECTIONS.items()}


def number_link(number_id: str, text: str, document: str, medium: str = "screen") -> str:
    """A number of the registry as a link to its row in the data appendix (in print, where the data
    appendix is not at hand, the number alone)."""
    href = doc_href("data", document, medium, number_anchor(number_id))
    return f'<a class="n" href="{href}">{text}</a>' if href else f'<span class="n">{text}</span>'


def number_links(
    registry: list[dict[str, Any]], document: str, medium: str = "screen"
) -> dict[str, Markup]:
    """Each registry number as a link to its row in the data appendix."""
    return {e["id"]: Markup(number_link(e["id"], e["text"], document, medium)) for e in registry}


def _claim_html(r: Any, base: str = "") -> str:
    """A claim's cell: its short name, a link to its section (in ``base``: '' for the main report
    itself), where the paper's words are quoted with where it makes them."""
    title = f'<a href="{base}#{r.section}">{html.escape(r.title)}</a>'
    if not r.scope:
        return f"<b>{title}</b>"
    # Translators: under a claim's name: the part of the paper's sentence it judges ("its first clause")
    judges = _("judges {scope}").format(scope=html.escape(r.scope))
    return f'<b>{title}</b><br><span class="ref">{judges}</span>'


def verdict_html(verdict: str, reference_verdict: str = "", proxy: str = "") -> str:
    """A verdict with its mark; a verdict that depends on a choice with the reference reading's."""
    v = str(badge(verdict))
    if verdict == DEPENDS:
        # Translators: under "depends on a choice": the verdict under the reference reading
        ref = _("reference reading: {verdict}").format(verdict=badge(reference_verdict))
        v += f'<br><span class="ref">{ref}</span>'
    if proxy:
        # Translators: after a verdict decided on proxy series, not the series the claim names
        on = _("(on proxies)")
        v += f' <span class="ref">{on}</span>'
    return v


def verdict_table(v: pd.DataFrame, kind: str, base: str = "") -> TableData:
    """Page 1: each claim (short name, where the paper makes it), its published verdict, how many of
    its specifications give each verdict, the reference reading's deciding number and the choices
    that move it; the claims no official series can check named in the table's note (a row of
    their own ran to ten lines in its narrow column and printed alone on the next page)."""
    rows = v[v["kind"] == kind].copy()
    rows["title"] = rows["title"].map(_)  # the claims' short names (resources/claims.yaml)
    nc = rows["section"].eq("res-not-checkable")
    note = ""
    if kind == "official" and nc.any():
        n = int(nc.sum())
        note = ngettext("Not in the table, {n} claim {verdict} (no official regional series measures it; one "
                        "would make it checkable): {titles}.",
                        "Not in the table, {n} claims {verdict} (no official regional series measures "
                        "them; one would make each checkable): {titles}.", n).format(
            n=n, verdict=badge(NOT_CHECKABLE), titles="; ".join(map(html.escape, rows.loc[nc, "title"])))  # fmt: skip
        rows = rows[~nc]
    rows["claim_html"] = [_claim_html(r, base) for r in rows.itertuples()]
    rows["verdict_html"] = [
        verdict_html(r.verdict, r.reference_verdict, r.proxy) for r in rows.itertuples()
    ]
    rows["moves"] = [_moves(r) for r in rows.itertuples()]
    cols = [Col("claim_html", _("Claim (quoted in its section)")), Col("verdict_html", _("Verdict")),
            Col("robustness", _("Specifications by verdict")), Col("headline", _("Deciding number (reference reading)")),
            Col("moves", _("What moves the verdict"))]  # fmt: skip
    return TableData(
        cols, rows, note=Markup(note), classes="verdicts", raw={"claim_html", "verdict_html"}
    )


def _moves(r: Any) -> str:
    """The 'what moves the verdict' cell: nothing, or the choices and thresholds that move it (the
    single changes that flip it are in the claim's section)."""
    if r.robust:
        # Translators: nothing moves the verdict (a cell of the verdict table)
        return _("nothing")
    return str(r.moved_by)


def flips_sentence(flip: str) -> str:
    """From the reference reading, the single changes that flip a claim's verdict, as a sentence."""
    if not flip or flip == NOTHING_DECLARED:
        return ""
    if flip == COMBINATIONS:
        return _("From the reference reading, no single change flips it: {flip}.").format(
            flip=_(flip)
        )
    return _("From the reference reading, one change flips it: {flip}.").format(flip=flip)


# The terms page 1 may use, each with a pattern that finds it and its meaning; page 1 explains the
# ones its bottom line and verdict table use (terms_used), so that it can be read alone. The patterns
# find the English words (terms_used is given the English texts); terms and meanings are translated
# where they are shown.
GLOSSARY: dict[str, tuple[str, str]] = {
    # Translators: the glossary of page 1: a term, then its meaning ("term: meaning; term: meaning.")
    N_("specification"): (r"specification", N_("one reading of a claim's words (one option of each declared choice) with its thresholds")),
    N_("reference reading"): (r"reference reading", N_("each choice's reference option and each threshold's centre (resources/claims.yaml)")),
    N_("band"): (r"\bband\b", N_("the range over which a threshold is tried, both ends")),
    N_("multiverse"): (r"multiverse", N_("every claim decided under every one of its specifications")),
    N_("snapshot"): (r"snapshot", N_("data mode: offline, from the official values shipped in resources/")),
    N_("meta-rule"): (r"meta-rule", N_("a claim's verdict is that of all its specifications when they agree, otherwise “depends on a choice the paper does not state”")),
    N_("robust"): (r"\brobust\b", N_("every specification of the claim gives the same verdict (else: depends)")),
    N_("online mode"): (r"online mode", N_("a run that downloads the series the snapshot lacks")),
    N_("moved by"): (r"moved by|What moves", N_("the choices and thresholds whose options give different verdicts")),
    N_("BNS"): (r"\bBNS\b", N_("Bureau of National Statistics of Kazakhstan")),
    N_("head count"): (r"head count", N_("researchers counted as persons")),
    N_("FTE"): (r"\bFTE\b", N_("researchers in full-time equivalents, fewer than persons")),
    N_("CV"): (r"\bCV\b", N_("coefficient of variation across regions (standard deviation / mean)")),
    N_("Spearman ρ"): (r"Spearman", N_("rank correlation")),
    N_("r"): (r"\br =", N_("Pearson correlation")),
    N_("Holm"): (r"Holm", N_("p-value adjusted for the family of tests")),
    N_("proxy"): (r"prox(y|ies)", N_("a series standing in for the one the claim names (its bias stated in the claim's section)")),
    N_("±"): (r"±", N_("within the tolerance in which a paper's value matches the official one")),
    N_("SDG"): (r"\bSDG\b", N_("indicator of the national Sustainable Development Goals platform")),
}  # fmt: skip


def terms_used(texts: list[str]) -> list[tuple[str, str]]:
    """The glossary's terms that occur in ``texts`` (markup stripped), in the glossary's order."""
    plain = re.sub(r"<[^>]+>", " ", " ".join(texts))
    return [(_(t), _(meaning)) for t, (rx, meaning) in GLOSSARY.items() if re.search(rx, plain)]


def table_texts(t: TableData) -> list[str]:
    """Every shown cell and heading of a table, as text."""
    cols = t.shown()
    return [c.label for c in cols] + [
        str(v) for c in cols for v in t.rows[c.key] if isinstance(v, str)
    ]


def verdict_counts(v: pd.DataFrame) -> dict[str, list[dict[str, Any]]]:
    """The official claims grouped for the prose: robust, depending on a choice, waiting for the true
    variable (a proxy only offline), not checkable (each a list of verdict rows)."""
    off = v[v["kind"] == "official"]
    checkable = off[~off["verdict"].isin([NOT_CHECKABLE])]
    waiting = checkable["verdict"].eq(PROXY_ONLY)
    decided = checkable[~waiting]
    return dict(
        robust=decided[decided["robust"]].to_dict("records"),
        depends=decided[~decided["robust"]].to_dict("records"),
        waiting=checkable[waiting].to_dict("records"),
        not_checkable=off[off["verdict"].eq(NOT_CHECKABLE)].to_dict("records"),
    )


def robust_findings(robust: list[dict[str, Any]]) -> Markup:
    """The claims that keep one verdict under every reading, grouped by that verdict (the worst
    first), each by its short name: page 1's substantive bottom line."""
    by: dict[str, list[str]] = {}
    for r in robust:  # a claim that judges one clause of its sentence says so
        title = (
            # Translators: a claim's short name, when the claim judges one clause of the paper's sentence
            _("{title} (one clause)").format(title=_(r["title"]))
            if r.get("scope")
            else _(r["title"])
        )
        by.setdefault(r["verdict"], []).append(html.escape(title))
    rank = {INCONSISTENT: 0, PARTLY: 1, CONSISTENT: 2}
    order = sorted(by, key=lambda v: rank.get(v, len(rank)))
    return Markup("; ".join(f"{badge(v)}: {', '.join(by[v])}" for v in order))


def config_note(claims) -> str:
    """Which thresholds and reference readings came from the configuration (key claims), in words."""
    parts = [
        f"{c.id}.{n} = {t.value:g}"
        for c in claims.claims
        for n, t in c.thresholds.items()
        if t.from_config
    ]
    parts += [
        f"{c.id}.{n} = {ch.reference}"
        for c in claims.claims
        for n, ch in c.choices.items()
        if ch.reference_from_config
    ]
    if not parts:
        return ""
    # Translators: {settings} lists settings such as "finding2_growth.multiple = 2" (names kept as they are)
    return _(
        "Set in the configuration (key claims), not in resources/claims.yaml: {settings}."
    ).format(settings="; ".join(parts))


def registry_words(
    registry, trend_regions: list[str], cs: pd.DataFrame, sources: dict, cities: list[str]
) -> dict[str, Any]:
    """Words the templates take from the region registry, the config and the source list: the units
    split off at the latest border change, the configured trend regions, the SDG series used."""
    created = registry.created
    last = max(created.values())
    r = registry.regions.set_index("kato")

    def name(k: str) -> str:  # a region's name in the language of the render
        return i18n.current().regions.get(k, r.at[k, "name_en"])

    splits = [dict(child=name(k), parent=name(r.at[k, "predecessor_kato"]), year=y)
              for k, y in sorted(created.items()) if y == last and r.at[k, "predecessor_kato"] in r.index]  # fmt: skip
    names = [name(k) for k in trend_regions]
    sdg = [
        sid.removeprefix("sdg_").replace("_", "-")
        for sid in sorted(sources)
        if sid.startswith("sdg_")
    ]
    return dict(splits=splits, city_names=and_join([name(k) for k in cities]), trend_names=and_join(names),
                sdg_series=", ".join(sdg))  # fmt: skip


# the language a publication's own title is printed in, said where it is not the document's
TITLE_LANGUAGES = {"kk": N_("in Kazakh"), "ru": N_("in Russian")}


def own_titles(sources: dict[str, dict]) -> Markup:
    """The publications of resources/sources.yaml by their own titles (key own_title), for the
    References of a translated document: each in the document's language where the publication
    prints one, else in the one it prints, marked with that language; once each. Empty in English,
    whose References name the publications in English words."""
    code = i18n.current().code
    if code == i18n.SOURCE:
        return Markup("")
    seen: dict[str, str] = {}
    for spec in sources.values():
        titles = spec.get("own_title", {})
        if not titles:
            continue
        lang = code if code in titles else sorted(titles)[0]
        seen.setdefault(titles[lang]["title"], lang)
    return Markup("; ").join(
        Markup('«<cite lang="{}">{}</cite>»').format(lang, title)  # (both languages quote with «»)
        + (Markup(" ({})").format(_(TITLE_LANGUAGES[lang])) if lang != code else "")
        for title, lang in seen.items()
    )


def rules_table(v: pd.DataFrame) -> TableData:
    rows = v.assign(
        title=v["title"].map(_),
        check=v["kind"].map({"official": _("against official data"), "internal": _("internal")}),
    )
    return TableData(
        [Col("title", _("Claim")), Col("check", _("Check")), Col("rule", _("Decision rule"))],
        rows.reset_index(drop=True),
        classes="rules",
    )


def to_range(low: str, high: str) -> str:
    """'0.5 to 1.5': a range of two numbers already formatted."""
    # Translators: a range of two numbers, "0.5 to 1.5"
    return _("{low} to {high}").format(low=low, high=high)


def of(n: int, total: int) -> str:
    """'3 of 17'."""
    # Translators: a count out of a total, "3 of 17"
    return _("{n} of {total}").format(n=n, total=total)


def status_text(status: str) -> str:
    return _(STATUSES[status]) if status in STATUSES else status


def thresholds_table(claims) -> TableData:
    """Every threshold of resources/claims.yaml: centre, band, unit, reason, and whether config set it."""
    rows = [dict(claim=_(c.title), name=n, centre=t.value, band=to_range(f"{t.band[0]:g}", f"{t.band[1]:g}") if t.band[0] != t.band[1] else _("none"),
                 unit=_(t.unit), reason=_("{reason} (centre set in the config)").format(reason=_(t.reason)) if t.from_config else _(t.reason))
            for c in claims.claims for n, t in c.thresholds.items()]  # fmt: skip
    return TableData([Col("claim", _("Claim")), Col("name", _("Threshold")), Col("centre", _("Centre"), "g"), Col("band", _("Band"), num=True),
                      Col("unit", _("Unit")), Col("reason", _("Reason"))], pd.DataFrame(rows), classes="compact")  # fmt: skip


def choices_table(claims, mv: pd.DataFrame | None = None) -> TableData:
    """Every analysis choice of resources/claims.yaml: its options (the reference marked) and why; for
    a choice whose options come from the data, the options the data offered and the reference one."""
    ref = mv[mv["reference"]].set_index("claim_id") if mv is not None else None
    rows = []
    for c in claims.claims:
        for ch in c.choices.values():
            # Translators: {choice} is the name of another choice of the claim, {options} its option ids (both kept as they are)
            when = "; ".join(_("only with {choice} = {options}").format(choice=k, options=", ".join(v))
                             for k, v in ch.applies_when.items())  # fmt: skip
            if ch.options:
                for o in ch.options:
                    rows.append(dict(claim=_(c.title), choice=_(ch.label), option=_("{option} (reference)").format(option=_(o.label)) if o.id == ch.reference else _(o.label),
                                     why=_(o.why) + (f" ({when})" if when else "")))  # fmt: skip
                continue
            offered = (
                sorted(set(mv.loc[mv["claim_id"] == c.id, ch.name]) - {""})
                if mv is not None
                else []
            )
            chosen = (
                ref.at[c.id, ch.name] if ref is not None and c.id in ref.index else ch.reference
            )
            rows.append(dict(claim=_(c.title), choice=_(ch.label), why=_(ch.why),
                             option=_("{source}: {options} (reference: {chosen})").format(source=_(ch.from_data), options=", ".join(offered), chosen=chosen)))  # fmt: skip
    rows = pd.DataFrame(rows)
    return TableData([Col("claim", _("Claim")), Col("choice", _("Choice")), Col("option", _("Option")), Col("why", _("Why"))], rows,
                     classes="compact", group="claim")  # fmt: skip


def _ranges(years: list[str]) -> str:
    return (
        group_consecutive([int(y) for y in years])
        if all(y.isdigit() for y in years)
        else ", ".join(years)
    )


def _setting(setting: str) -> str:
    """A multiverse setting other than the centre, in words: 'multiple low' -> 'multiple at the low end'
    (the threshold's name kept as it is)."""
    name, _sep, end = setting.rpartition(" ")
    if end == "low":
        return _("{threshold} at the low end").format(threshold=name)
    if end == "high":
        return _("{threshold} at the high end").format(threshold=name)
    return setting


def specifications_table(mv: pd.DataFrame, v: pd.DataFrame, columns: list[str]) -> TableData:
    """Every claim's specifications, one row per reading: the verdict with every threshold at its
    centre, the verdicts at the ends of the bands where they differ, the deciding number; readings
    that differ only in consecutive years with the same verdicts are one row."""
    out = []
    for r in v.itertuples():
        g = mv[mv["claim_id"] == r.claim_id]
        choice_cols = [c for c in columns if (g[c] != "").any()]
        readings = []
        for _key, h in g.groupby(choice_cols or ["claim_id"], sort=False):
            centre = h[h["setting"] == "centre"].iloc[0]
            ends = "; ".join(f"{_setting(x.setting)}: {_(x.verdict)}"
                             for x in h[h["setting"] != "centre"].itertuples() if x.verdict != centre["verdict"])  # fmt: skip
            readings.append(dict(centre, ends=ends))
        rd = pd.DataFrame(readings)
        if "year" in choice_cols and len(rd):
            others = [c for c in choice_cols if c != "year"]
            merged = []
            for _key, h in rd.groupby(
                [*others, "verdict", "ends"] if others else ["verdict", "ends"], sort=False
            ):
                years = sorted(h["year"])
                first = h.iloc[0].to_dict()
                span = _ranges(years)
                first["specification"] = re.sub(
                    re.escape(_("Year")) + r": \d{4}",
                    f"{_('Year')}: {span}",
                    first["specification"],
                )
                lo, hi = h["value"].min(), h["value"].max()
                first["value_text"] = (
                    f"{lo:.3g}" if lo == hi or len(h) == 1 else to_range(f"{lo:.3g}", f"{hi:.3g}")
                )
                merged.append(first)
            rd = pd.DataFrame(merged)
        if "value_text" not in rd:
            rd["value_text"] = rd["value"].map(lambda x: "" if pd.isna(x) else f"{x:.3g}")
        rd["value_text"] = rd["value_text"].fillna("")
        rd["claim"] = f"{_(r.title)} ({_(r.verdict)}; {r.robustness})"  # heads the claim's rows
        # Translators: the reading of a claim that has no choices (a cell of the table of specifications)
        rd["specification"] = rd["specification"].replace("", _("one reading"))
        out.append(rd)
    rows = pd.concat(out, ignore_index=True)
    # Translators: marks the reference reading's row in the table of specifications
    rows["reference_mark"] = rows["reference"].map({True: _("reference"), False: ""})
    rows["verdict_html"] = rows["verdict"].map(lambda x: str(badge(x)))
    return TableData([Col("claim", _("Claim (published verdict)")), Col("specification", _("Reading")), Col("reference_mark", _("Reference")),
                      Col("value_text", _("Deciding number"), num=True), Col("verdict_html", _("Verdict (thresholds at their centres)")),
                      Col("ends", _("At the ends of a threshold's band, where it differs"))], rows, classes="compact specs",
                     raw={"verdict_html"}, group="claim")  # fmt: skip


def taxonomy() -> list[dict[str, str]]:
    """The verdicts and their meanings (kzrd.paper2025.verdicts.TAXONOMY), as shown."""
    return [dict(verdict=_(k), meaning=_(v)) for k, v in TAXONOMY.items()]


def year_table(y: pd.DataFrame) -> TableData:
    return TableData([Col("quantity", _("Quantity")), Col("paper_year", _("Paper's year")), Col("official_year", _("Official year(s) used")),
                      Col("why", _("Why"))], y)  # fmt: skip


QUANTITIES = {
    "researchers": N_("Researchers"),
    "expenditure": N_("R&D expenditure, bn KZT"),
    "universities": N_("Universities"),
}


def quantity_label(claim_id: str) -> str:
    """A magnitude claim's quantity and the paper's table, from its id: table2_researchers ->
    'Researchers (Table 2)'. An id of another form is a bug, not a blank cell."""
    table, quantity = claim_id.split("_", 1)
    # Translators: a quantity and the paper's table it is printed in, "Researchers (Table 2)"
    return _("{quantity} (Table {number})").format(
        quantity=_(QUANTITIES[quantity]), number=table.removeprefix("table")
    )


def magnitude_totals_table(t: pd.DataFrame) -> TableData:
    g = (t.groupby(["claim_id", "basis"], sort=False)
         .agg(years=("year", lambda s: f"{s.min()}" if s.min() == s.max() else f"{s.min()}-{s.max()}"),
              paper_sum=("paper_sum", "first"), paper_regions=("paper_regions", "first"),
              official_min=("official", "min"), official_max=("official", "max"),
              ratio_min=("ratio", "min"), ratio_max=("ratio", "max"), threshold=("threshold", "first"))
         .reset_index())  # fmt: skip
    g["quantity"] = [quantity_label(c) for c in g["claim_id"]]
    g["basis"] = g["basis"].map(_)  # (the bases, marked where kzrd.paper2025.audit names them)
    g["official_range"] = [(f"{a:,.1f}" if round(a, 1) == round(b, 1) else to_range(f"{a:,.1f}", f"{b:,.1f}")) if c == "table1_expenditure"
                           else (f"{a:,.0f}" if round(a) == round(b) else to_range(f"{a:,.0f}", f"{b:,.0f}"))
                           for a, b, c in zip(g["official_min"], g["official_max"], g["claim_id"], strict=True)]  # fmt: skip
    g["ratio_range"] = [
        f"{a:.2f}" if round(a, 2) == round(b, 2) else to_range(f"{a:.2f}", f"{b:.2f}")
        for a, b in zip(g["ratio_min"], g["ratio_max"], strict=True)
    ]
    g["paper_sum_text"] = [
        f"{v:,.1f}" if c == "table1_expenditure" else f"{v:,.0f}"
        for v, c in zip(g["paper_sum"], g["claim_id"], strict=True)
    ]
    cols = [Col("quantity", _("Quantity (the paper's table)")), Col("basis", _("Official basis")), Col("years", _("Years")),
            Col("paper_regions", _("Regions in the paper"), "int"), Col("paper_sum_text", _("Paper's sum"), num=True),
            Col("official_range", _("Official national total"), num=True), Col("ratio_range", _("Paper / official"), num=True),
            Col("threshold", _("Ratio that contradicts"), ".2f")]  # fmt: skip
    return TableData(cols, g, note=_("Ratio that contradicts: a year contradicts the paper when its ratio exceeds this value "
                     "(1 like for like; for FTE years the 2022 head-count/FTE factor, since FTE are fewer than persons)."))  # fmt: skip


def magnitude_regions_table(r: pd.DataFrame, claim: str, year: int) -> TableData:
    r = r[r["claim_id"] == claim]
    a = r[(r["year"] == year) & ~r["basis"].str.startswith("SDG")].set_index("kato")
    b = r[(r["year"] == 2023) & r["basis"].str.startswith("SDG")].set_index("kato")
    rows = pd.DataFrame(
        dict(region=a["region"], paper=a["paper"], official=a["official"], ratio=a["ratio"])
    )
    rows["official_2023"] = b["official"].reindex(rows.index)
    rows["ratio_2023"] = b["ratio"].reindex(rows.index)
    digits = ",.0f" if claim != "table1_expenditure" else ",.1f"
    return TableData([Col("region", _("Region")), Col("paper", _("Paper"), digits), Col("official", _("Official {year}").format(year=year), digits),
                      Col("ratio", _("Ratio {year}").format(year=year), ".2f"), Col("official_2023", _("Official {year}").format(year=2023), digits),
                      Col("ratio_2023", _("Ratio {year}").format(year=2023), ".2f")], rows.reset_index(drop=True))  # fmt: skip


def both_magnitudes_table(r: pd.DataFrame, year: int) -> TableData:
    res = magnitude_regions_table(r, "table1_researchers", year).rows.add_prefix("res_")
    exp = magnitude_regions_table(r, "table1_expenditure", year).rows.add_prefix("exp_")
    rows = pd.concat([res, exp.drop(columns="exp_region")], axis=1)
    cols = [Col("res_region", _("Region")),
            Col("res_paper", _("Researchers: paper"), ",.0f"), Col("res_official", _("official {year} (persons)").format(year=year), ",.0f"),
            Col("res_ratio", _("ratio"), "ratio"), Col("res_ratio_2023", _("ratio 2023 (FTE)"), "ratio"),
            Col("exp_paper", _("Expenditure: paper (bn KZT)"), ",.1f"), Col("exp_official", _("official {year}").format(year=year), "sig3"),
            Col("exp_ratio", _("ratio"), "ratio"), Col("exp_ratio_2023", _("ratio 2023"), "ratio")]  # fmt: skip
    return TableData(cols, rows, classes="compact")


def enterprise_table(
    values: pd.DataFrame, cells: pd.DataFrame, cities: list[str], below: float
) -> TableData:
    """The share of enterprises engaged in R&D under each reading of claims.yaml: the national value,
    the two cities, the paper's listed regions and the other regions' range, and how many are below
    the paper's threshold."""
    from kzrd.paper2025.verdicts import READING_INDICATOR

    t1 = cells[
        (cells["table"] == "table1") & (cells["indicator"] == "share_enterprises_rd")
    ].set_index("kato")["value"]
    rows = []
    for reading, ind in READING_INDICATOR.items():
        g = values[values["indicator"] == ind].set_index("kato")
        if g.empty:
            continue
        other = g.drop(index=[c for c in cities if c in g.index])["value"]
        rows.append(dict(label=_(g["label"].iloc[0]), national=g["national"].iloc[0] if reading != "national_share" else 100.0,
                         **{f"c{i}": g["value"].get(k) for i, k in enumerate(cities)},
                         listed="; ".join(f"{g.at[k, 'region'].replace(' Region', '').replace(' city', '')} {g.at[k, 'value']:.1f} ({t1[k]:g})"
                                          for k in t1.index if k in g.index and k not in cities),
                         range=to_range(f"{other.min():.1f}", f"{other.max():.1f}"), n_below=of(int((other < below).sum()), len(other))))  # fmt: skip
    rows = pd.DataFrame(rows)
    names = {
        f"c{i}": values.loc[values["kato"] == k, "region"].iloc[0] for i, k in enumerate(cities)
    }
    cols = [Col("label", _("Reading")), Col("national", _("National (%)"), ".1f"),
            *(Col(k, f"{n} (%)", ".1f") for k, n in names.items()),
            Col("listed", _("Other regions of the paper's Table 1: official (paper)")),
            Col("range", _("Other regions: range (%)"), num=True), Col("n_below", _("Other regions below {threshold}%").format(threshold=f"{below:g}"), num=True)]  # fmt: skip
    printed = "; ".join(
        f"{names.get(f'c{i}', k)} {t1[k]:g}%" for i, k in enumerate(cities) if k in t1.index
    )
    return TableData(cols, rows, classes="compact",
                     # Translators: {values} lists regions with the paper's percentages, "Astana city 10.1%; Almaty city 8.2%"
                     note=_("The paper prints {values}. Readings and why each is defensible: the supplement's table of choices.").format(values=printed))  # fmt: skip


# How the growth tables print each finding-2 indicator.
GROWTH_FORMATS = {"rd_expenditure_pct_grp": ".3f", "researchers_per_million": ",.0f"}


def growth_table(g: pd.DataFrame) -> TableData:
    """Key finding 2 on the same territory: the short window's change against both noise measures
    (at one noise unit); the long window and the slopes are in the supplement."""
    fmt = GROWTH_FORMATS
    key = ["kato", "indicator"]
    short = g[(g["window"] == "short") & (g["territory"] == "same")]
    sd, med = (
        short[short["noise_measure"] == "sd"].set_index(key),
        short[short["noise_measure"] == "median"].set_index(key),
    )
    rows = []
    for k in sd.index:
        f = fmt.get(k[1], ".2f")
        a = sd.loc[k]
        rows.append(dict(region=a["region"], label=a["label"], first=format(a["value_first"], f), last=format(a["value_last"], f),
                         change=format(a["change"], "+" + f), noise=format(a["noise"], f), status=status_text(series_status(a["change"], a["noise"])),
                         noise_median=format(med.loc[k, "noise"], f), status_median=status_text(series_status(a["change"], med.loc[k, "noise"]))))  # fmt: skip
    a = short.iloc[0] if len(short) else None
    y0, y1 = (int(a["year_from"]), int(a["year_to"])) if a is not None else (0, 0)
    cols = [Col("region", _("Region")), Col("label", _("Indicator")), Col("first", f"{y0}", num=True),
            Col("last", _("{year} (same territory)").format(year=y1), num=True), Col("change", _("Change"), num=True),
            Col("noise", _("Noise (s.d.)"), num=True), Col("status", _("Status (s.d.)")), Col("noise_median", _("Noise (median)"), num=True),
            Col("status_median", _("Status (median)"))]  # fmt: skip
    return TableData(cols, pd.DataFrame(rows), classes="compact",
                     note=_("Noise: the base years' year-to-year changes (standard deviation or median absolute change) × √(years spanned), at one noise unit; "
                     "the status of every window, territory, noise measure and multiple is in the supplement's table of specifications."))  # fmt: skip


def growth_windows_table(
    g: pd.DataFrame, windows: dict[str, str], territories: dict[str, str]
) -> TableData:
    """Key finding 2 in every window of the claim's choices: a window's first value (the mean of its
    first three years for the long window) and last value, its change, and the change against both
    noise measures at one noise unit; for the slope windows the Theil-Sen slope per year and its 95%
    interval. ``windows`` and ``territories`` label the options (resources/claims.yaml)."""
    fmt = GROWTH_FORMATS

    def short(status: str) -> str:
        return _("within noise") if status == "no change beyond noise" else status_text(status)

    order = {w: n for n, w in enumerate(windows)}
    g = g.assign(_w=g["window"].map(order)).sort_values(
        ["kato", "indicator", "_w", "territory"], kind="stable"
    )
    key = ["kato", "indicator", "window", "territory"]
    med = g[g["noise_measure"] == "median"].set_index(key)["noise"]
    rows = []
    for a in g[g["noise_measure"].isin(["sd", ""]) | g["noise_measure"].isna()].itertuples():
        f = fmt.get(a.indicator, ".2f")
        slope = a.window in TREND_WINDOWS
        row = dict(series=f"{a.region}: {a.label}", window=f"{_(windows[a.window]) if a.window in windows else a.window} ({a.year_from}-{a.year_to})",
                   territory="" if slope else _(territories[a.territory]) if a.territory in territories else a.territory,
                   values=f"{a.value_first:{f}} → {a.value_last:{f}}")  # fmt: skip
        if slope:
            # Translators: a slope per year and its 95% interval, "+0.012/yr (-0.003 to +0.020)"
            row["change"] = _("{slope}/yr ({low} to {high})").format(
                slope=f"{a.slope:+{f}}", low=f"{a.slope_low:+{f}}", high=f"{a.slope_high:+{f}}"
            )
        else:
            m = med.loc[(a.kato, a.indicator, a.window, a.territory)]
            row.update(change=format(a.change, "+" + f), sd=f"{short(series_status(a.change, a.noise))} ({a.noise:{f}})",
                       median=f"{short(series_status(a.change, m))} ({m:{f}})")  # fmt: skip
        rows.append(row)
    rows = pd.DataFrame(rows).fillna("")
    cols = [Col("series", _("Region: indicator")), Col("window", _("Window (years)")), Col("territory", _("Territory")),
            Col("values", _("First → last"), num=True), Col("change", _("Change, or slope per year (95%)"), num=True),
            Col("sd", _("Status (noise, s.d.)")), Col("median", _("Status (noise, median)"))]  # fmt: skip
    return TableData(cols, rows, classes="compact",
                     note=_("First: the window's first year (the long window: the mean of its first three years). Slope windows: the "
                     "Theil-Sen slope per year with its 95% interval. Status: the change against the noise at one noise unit "
                     "(rises, falls, or within noise; the verdict's multiple is in the table of thresholds); noise: the base "
                     "years' year-to-year changes (standard deviation or median absolute change) × √(years spanned)."))  # fmt: skip


def robust_table(c: dict[str, Any], cities: str | None = None) -> TableData:
    cities = _("the two cities") if cities is None else cities
    rows = pd.DataFrame([
        dict(stat=_("Spearman ρ (rank-based)"), est=c["spearman_rho"], ci="", p=c["spearman_p_holm"], note=_("Holm-adjusted p across the family")),
        dict(stat=_("Pearson r without {cities}").format(cities=cities), est=c["pearson_r_without_capitals"], ci="", p=None, note=f"n = {int(c['n_without_capitals'])}"),
        dict(stat=_("Pearson r, BCa bootstrap 95% interval"), est=c["pearson_r"], ci=to_range(f"{c['pearson_bca_low']:.2f}", f"{c['pearson_bca_high']:.2f}"), p=c["pearson_perm_p"], note=_("p: permutation")),
        dict(stat=_("Kendall τ"), est=c["kendall_tau"], ci="", p=c["kendall_p"], note=_("p not adjusted")),
        dict(stat=_("Leave-one-out range of r"), est=None, ci=to_range(f"{c['loo_r_min']:.2f}", f"{c['loo_r_max']:.2f}"), p=None,
             note=_("lowest without {region}").format(region=c["loo_r_min_without"])),
        dict(stat=_("Influential regions (Cook's distance > 4/n)"), est=None, ci="", p=None, note=c["cooks_flagged"] or _("none")),
    ])  # fmt: skip
    return TableData([Col("stat", _("Statement")), Col("est", _("Estimate"), ".2f"), Col("ci", _("Interval")), Col("p", "p", "pval"),
                      Col("note", _("Note"))], rows)  # fmt: skip


def digital_table(
    mv: pd.DataFrame, paper_cv: float, claim_id: str = "finding3_digital"
) -> TableData:
    """Each official regional series a reading of the claim uses, its spread across regions and the
    verdict with the thresholds at their centres; the paper's own Table 3 column under the same rule
    in the note."""
    g = mv[(mv["claim_id"] == claim_id) & (mv["setting"] == "centre")]
    rows = g.assign(
        series=g["specification"]
        .str.replace(r"^[^:]+: ", "", regex=True)
        # Translators: an official series and the age group it covers, "Internet users, ages 16-74"
        .str.replace(r"^(.*); Age group: (.*)$", lambda m: _("{series}, ages {ages}").format(series=m.group(1), ages=m.group(2)), regex=True)
    )  # fmt: skip
    rows["verdict_html"] = rows["verdict"].map(lambda x: str(badge(x)))
    return TableData([Col("series", _("Official series")), Col("value", _("CV across regions (%)"), ".1f"), Col("deciding", _("Spread")),
                      Col("verdict_html", _("Verdict of this reading"))], rows.reset_index(drop=True), classes="compact", raw={"verdict_html"},
                     note=_("For comparison, the paper's own column 'colleges with high-speed internet' over its 8 regions: CV {cv}%.").format(cv=f"{paper_cv:.0f}"))  # fmt: skip


def confidential_indicators(validation: pd.DataFrame) -> list[str]:
    """Indicators with regional values BNS marks confidential (x), from the validation findings."""
    hit = validation[validation["message"].str.contains("confidential", na=False)]
    return sorted(set(hit["indicator"]))


def paper_table(cells: pd.DataFrame, table: str) -> TableData:
    t = cells[cells["table"] == table].sort_values(["row", "column"])
    header = t.drop_duplicates("column").sort_values("column")
    wide = t.pivot_table(index="row", columns="column", values="printed", aggfunc="first")
    wide.insert(0, "region", t.groupby("row")["region_printed"].first())
    wide.columns = ["region", *[f"c{c}" for c in header["column"]]]
    cols = [
        Col("region", _("Region")),
        *(
            Col(f"c{c}", p, "printed")
            for c, p in zip(header["column"], header["column_printed"], strict=True)
        ),
    ]
    return TableData(cols, wide.reset_index(drop=True), classes="paper")


# ------------------------------------------------------------------------------ supplement tables


# Short headings so that the eleven columns fit a printed page; the note spells each one out.
CS_COLUMNS = [  # Translators: a short column heading (abbreviated to fit the page), then its meaning
              ("population", N_("Population"), ",.0f", N_("persons")),
              ("universities", N_("Univ."), ",.0f", N_("higher-education institutions")),
              ("universities_per_100k", N_("Univ. per 100k"), ".2f", N_("the same per 100,000 population")),
              ("researchers", N_("Res."), ",.0f", N_("researchers (head count)")),
              ("researchers_per_10k", N_("Res. per 10k"), ".1f", N_("the same per 10,000 population")),
              ("share_enterprises_rd_pct", N_("Ent. R&D %"), ".1f", N_("enterprises doing R&D, % of the enterprises reporting on the R&D form")),
              ("rd_expenditure_bn_kzt", N_("R&D bn KZT"), ".2f", N_("internal R&D expenditure, billion tenge")),
              ("rd_expenditure_pct_grp_bns", N_("R&D % GRP"), ".2f", N_("the same, % of gross regional product")),
              ("innovation_activity_pct", N_("Innov. %"), ".1f", N_("innovation activity, % of enterprises")),
              ("grp_per_capita", N_("GRP per cap."), ",.0f", N_("gross regional product per person, thousand tenge"))]  # fmt: skip


def cross_section_table(cs: pd.DataFrame) -> TableData:
    return TableData(
        [Col("region", _("Region")), *(Col(k, _(lab), f) for k, lab, f, _words in CS_COLUMNS)],
        cs.sort_values("kato").reset_index(drop=True),
        note="; ".join(f"{_(lab)}: {_(words)}" for _key, lab, _fmt, words in CS_COLUMNS) + ".",
        classes="compact",
    )


def digital_regions_table(cs: pd.DataFrame) -> TableData:
    rows = cs.sort_values("internet_users_pct", ascending=False).reset_index(drop=True)
    return TableData([Col("region", _("Region")), Col("internet_users_pct", _("Internet users (%)"), ".1f"),
                      Col("broadband_1a_per_100", _("Broadband 1A per 100"), ".2f"), Col("broadband_1b_per_100", _("Broadband 1B per 100"), ".2f"),
                      Col("broadband_1c_per_100", _("Broadband 1C per 100"), ".3f")], rows)  # fmt: skip


def paper_table_name(table: str) -> str:
    """'table1' -> 'Table 1' (a table of the paper)."""
    return _("Table {number}").format(number=table.removeprefix("table"))


def counterparts_table(cp: pd.DataFrame, labels: dict[str, str]) -> TableData:
    rows = cp[cp["table"].isin(["table1", "table2"])].copy()
    rows["indicator_label"] = rows["indicator"].map(labels).fillna(rows["indicator"])
    rows["table_label"] = rows["table"].map(paper_table_name)
    rows["note"] = rows["note"].map(_)  # (kzrd.paper2025.analysis.COUNTERPARTS)
    rows = rows.drop_duplicates(["kato", "indicator"]).sort_values(
        ["table", "indicator", "paper_value"], ascending=[True, True, False]
    )
    return TableData([Col("table_label", _("Paper table")), Col("indicator_label", _("Indicator")), Col("region", _("Region")),
                      Col("paper_value", _("Paper"), "auto"), Col("official_value", _("Official"), "sig3"), Col("ratio", _("Ratio"), "ratio"),
                      Col("note", _("Official source"))], rows.reset_index(drop=True), classes="compact")  # fmt: skip


def magnitude_years_table(r: pd.DataFrame) -> TableData:
    r = r[
        r["basis"].str.startswith("SDG")
        & r["claim_id"].isin(["table1_researchers", "table1_expenditure"])
    ].copy()
    r["quantity"] = r["claim_id"].map(
        {"table1_researchers": "Researchers", "table1_expenditure": "Expenditure"}
    )
    shown = {"Researchers": _("Researchers"), "Expenditure": _("Expenditure")}
    w = r.pivot_table(index=["quantity", "region"], columns="year", values="ratio").reset_index()
    years = [c for c in w.columns if isinstance(c, int | float) and not isinstance(c, bool)]
    w.columns = [str(c) for c in w.columns]
    w["quantity"] = w["quantity"].map(shown)
    # why a cell is empty: no official value in that year (a region created later), or an official
    # value of zero (a rate below the platform's rounding step), which gives no ratio
    zero = r[r["official"] == 0].sort_values(["region", "quantity", "year"])
    zeros = "; ".join(
        f"{z.region}, {shown[z.quantity].lower()} {z.year}" for z in zero.itertuples()
    )
    if zeros:
        # Translators: {cells} lists region, quantity and year, "Abai Region, researchers 2022; …"
        note = _("— : the official series has no value for the region in that year (the region did not exist yet), "
                 "or its official value is zero, so that no ratio is defined ({cells}: the SDG rate is "
                 "published to two decimals and reads zero; a rate of a few rounding steps is imprecise for "
                 "the same reason, and so is its ratio).").format(cells=zeros)  # fmt: skip
    else:
        note = _(
            "— : the official series has no value for the region in that year (the region did not exist yet)."
        )
    return TableData(
        [
            Col("quantity", _("Quantity")),
            Col("region", _("Region")),
            *(Col(str(y), str(y), ".1f") for y in years),
        ],
        w,
        note=note,
        classes="compact",
    )


def indices_table(idx: pd.DataFrame) -> TableData:
    return TableData([Col("label", _("Basis")), Col("denominator", _("Denominator")), Col("n_regions", _("Regions"), "int"),
                      Col("cr2", _("CR2 (%)"), ".1f"), Col("cr3", _("CR3 (%)"), ".1f"), Col("hhi", _("HHI"), ",.0f")], idx)  # fmt: skip


def candidates_table(f: pd.DataFrame, labels: dict[str, str]) -> TableData:
    f = f.copy()
    f["table"] = f["table"].map(paper_table_name)
    f["indicator"] = f["indicator"].map(labels).fillna(f["indicator"])
    f["denominator"] = (f["denominator"].str.replace(r"table(\d)", r"Table \1", regex=True)
                        .str.replace(", rd_expenditure_bn_kzt", ", internal R&D expenditure").str.replace("BNS), researchers", "BNS), researchers (persons)"))  # fmt: skip
    return TableData([Col("table", _("Paper table")), Col("indicator", _("Column")), Col("denominator", _("Denominator")),
                      Col("astana", _("Astana (%)"), ".1f"), Col("almaty", _("Almaty (%)"), ".1f"), Col("karaganda", _("Karaganda (%)"), ".1f"),
                      Col("mean_abs_diff", _("Mean absolute difference (points)"), ".1f"), Col("max_abs_diff", _("Largest absolute difference (points)"), ".1f")], f)  # fmt: skip


def concentration_2022_table(c: pd.DataFrame) -> TableData:
    return TableData([Col("label", _("Variable")), Col("n", _("Regions"), "int"), Col("cr2", _("CR2 (%)"), ".1f"), Col("cr3", _("CR3 (%)"), ".1f"),
                      Col("hhi", _("HHI"), ",.0f"), Col("hhi_normalised", _("HHI normalised"), ".3f"), Col("gini", _("Gini"), ".3f"),
                      Col("theil", _("Theil (population)"), ".3f"), Col("cv_per_capita", _("CV per capita"), ".2f")], c)  # fmt: skip


def over_time_table(o: pd.DataFrame, names: dict[str, str]) -> TableData:
    rows = o.copy()
    rows["note"] = rows["note"].map(
        lambda t: re.sub(r"\b\d{9}\b", lambda m: names.get(m.group(0), m.group(0)), t)
    )
    rows["variable_label"] = rows["variable"].map({"rd_expenditure_sdg_x_grp": _("R&D expenditure (9-5-1 × GRP)"),
                                                   "researchers_sdg_x_population": _("Researchers (9-5-2 × population)")})  # fmt: skip
    rows["status_note"] = [
        s if s != "ok" else n for s, n in zip(rows["status"], rows["note"], strict=True)
    ]
    return TableData([Col("variable_label", _("Variable")), Col("year", _("Year"), "year"), Col("n", _("Regions"), "int"), Col("cr2", _("CR2 (%)"), ".1f"),
                      Col("hhi_normalised", _("HHI normalised"), ".3f"), Col("gini", _("Gini"), ".3f"), Col("status_note", _("Note"))],
                     rows.sort_values(["variable", "year"]).reset_index(drop=True), classes="compact")  # fmt: skip


def lq_table(q: pd.DataFrame) -> TableData:
    return TableData([Col("region", _("Region")), Col("lq_researchers", _("Researchers"), ".2f"),
                      Col("lq_rd_internal_expenditure", _("Internal R&D expenditure"), ".2f"), Col("lq_enterprises_rd", _("Enterprises doing R&D"), ".2f")], q)  # fmt: skip


VARIABLE_LABELS = {"universities": N_("universities"), "universities_per_100k": N_("universities per 100,000"),
                   "researchers_per_million": N_("researchers per million (proxy)"), "researchers": N_("researchers"),
                   "researchers_per_10k": N_("researchers per 10,000"), "technical_employment_share_pct": N_("technical employment (%)")}  # fmt: skip


def correlations_table(c: pd.DataFrame) -> TableData:
    rows = c.copy()

    def variable(name: str) -> str:
        return _(VARIABLE_LABELS[name]) if name in VARIABLE_LABELS else name

    # Translators: a correlation's specification: its label, then the two variables correlated
    rows["spec"] = [_("{label}: {x} vs {y}").format(label=lab, x=variable(x), y=variable(y))
                    for lab, x, y in zip(rows["label"], rows["x"], rows["y"], strict=True)]  # fmt: skip
    rows["bca"] = [
        to_range(f"{a:.2f}", f"{b:.2f}")
        for a, b in zip(rows["pearson_bca_low"], rows["pearson_bca_high"], strict=True)
    ]
    return TableData([Col("spec", _("Specification")), Col("n", "n", "int"), Col("pearson_r", _("Pearson r"), ".2f"), Col("bca", _("BCa 95%")),
                      Col("spearman_rho", _("Spearman ρ"), ".2f"), Col("spearman_p_holm", _("Holm p (ρ)"), "pval"),
                      Col("kendall_tau", _("Kendall τ"), ".2f"), Col("pearson_r_without_capitals", _("r without the two cities"), ".2f"),
                      Col("cooks_flagged", _("Cook's D > 4/n"))], rows, classes="compact")  # fmt: skip


def trends_table(tr: pd.DataFrame, labels: dict[str, str]) -> TableData:
    """Values as published to their own precision: R&D intensity (published to 2 decimals, 3 where
    recombined), researchers per million as whole numbers."""
    t = tr[
        (tr["year"] >= 2019) & ~((tr["kato"] == NATIONAL) & (tr["territory"] == "pre2022"))
    ].copy()
    w = t.pivot_table(
        index=["indicator", "region", "territory"], columns="year", values="value"
    ).reset_index()
    years = sorted(int(y) for y in t["year"].unique())
    w.columns = [str(c) for c in w.columns]
    digits = {"rd_expenditure_pct_grp": ".3f", "researchers_per_million": ",.0f"}
    for y in years:
        w[str(y)] = [
            format(v, digits.get(i, ".2f")) if pd.notna(v) else ""
            for v, i in zip(w[str(y)], w["indicator"], strict=True)
        ]
    w["indicator"] = w["indicator"].map(labels).fillna(w["indicator"])
    w["territory"] = w["territory"].map(
        {"current": _("as published"), "pre2022": _("same territory (pre-2022)")}
    )
    return TableData([Col("indicator", _("Indicator")), Col("region", _("Region")), Col("territory", _("Territory")),
                      *(Col(str(y), str(y), num=True) for y in years)], w, classes="compact")  # fmt: skip


def slopes_table(s: pd.DataFrame, labels: dict[str, str]) -> TableData:
    rows = s.copy()
    rows["indicator"] = rows["indicator"].map(labels).fillna(rows["indicator"])
    rows["years"] = rows["first_year"].astype(str) + "-" + rows["last_year"].astype(str)
    return TableData([Col("indicator", _("Indicator")), Col("region", _("Region")), Col("years", _("Years")),
                      Col("slope_per_year", _("OLS slope per year"), ".3f"), Col("slope_p", _("p (HC3)"), "pval")], rows)  # fmt: skip


def validation_table(v: pd.DataFrame) -> TableData:
    g = (
        v.groupby(["severity", "check", "source"], as_index=False)
        .size()
        .rename(columns={"size": "count"})
    )
    ex = v.groupby(["severity", "check", "source"])["message"].first().reset_index(drop=True)
    g["example"] = ex
    return TableData([Col("severity", _("Severity")), Col("check", _("Check")), Col("source", _("Source")), Col("count", _("Findings"), "int"),
                      Col("example", _("First finding"))], g.sort_values(["severity", "check", "source"]).reset_index(drop=True), classes="compact",
                     downloads=[(_("full list of findings"), "validation_full.csv", v.to_csv(index=False, lineterminator="\n"))])  # fmt: skip


def derived_sums_table(d: pd.DataFrame) -> TableData:
    rows = d.assign(series_label=d["series"].map({"rd_expenditure_sdg_x_grp": _("R&D expenditure (9-5-1 × GRP), bn KZT"),
                                                  "researchers_sdg_x_population": _("FTE researchers (9-5-2 × population)")}))  # fmt: skip
    return TableData([Col("series_label", _("Series")), Col("year", _("Year"), "year"), Col("n_regions", _("Units summed"), "int"),
                      Col("regional_sum", _("Sum of the units"), ",.1f"), Col("national", _("National row"), ",.1f"),
                      Col("gap_pct", _("Gap (% of the national row)"), "+.2f")], rows, classes="compact")  # fmt: skip


def own_time_table(g: pd.DataFrame, reference: tuple[str, str, str] | None = None) -> TableData:
    """The 2019 study's grid of data year x units x indicators; ``reference``: the verdict's reference
    reading (data year, territory, indicator set), whose row is marked."""
    rows = g.copy()
    key = list(
        zip(rows["data_year"].astype(str), rows["territory"], rows["indicator_set"], strict=True)
    )
    rows["reference_mark"] = [_("reference reading") if k == reference else "" for k in key]
    rows["share"] = [f"{v:.2f}" if pd.notna(v) else "" for v in rows["mc_named_top5_share"]]
    rows["all_named"] = [
        of(a, n) if b else ""
        for a, n, b in zip(rows["variants_all_named"], rows["variants"], rows["built"], strict=True)
    ]
    return TableData([Col("data_year", _("Data year"), "year"), Col("territory", _("Units")), Col("indicator_set", _("Indicators")),
                      Col("reference_mark", _("Verdict's reading")), Col("n_units", _("Units ranked"), "int"), Col("all_named", _("Variants with the five named on top"), num=True),
                      Col("share", _("Monte Carlo share"), num=True), Col("note", _("Note"))], rows, classes="compact")  # fmt: skip


def index_table(scores: pd.DataFrame, blocks: list[str]) -> TableData:
    return TableData([Col("rank", _("Rank"), "int"), Col("region", _("Region")), *(Col(f"block_{b}", _("Block {block}").format(block=b), ".1f") for b in blocks),
                      Col("index", _("Index"), ".1f"), Col("relative_to_national", _("Relative to national (%)"), ".1f"), Col("group", _("Group"))],
                     scores.sort_values("rank").reset_index(drop=True))  # fmt: skip


def blocks_table(blocks: pd.DataFrame, weights: pd.DataFrame) -> TableData:
    rows = blocks.copy()
    rows["block_label"] = rows["block"] + ": " + rows["name"]
    rows["weights"] = [
        (
            "; ".join(
                f"{INDICATOR_LABELS.get(w.indicator, w.indicator)} {w.weight:.2f}"
                for w in weights[weights["block"] == b].itertuples()
            )
        )
        for b in rows["block"]
    ]
    return TableData([Col("block_label", _("Block")), Col("n_indicators", _("Indicators"), "int"), Col("cronbach_alpha", _("Cronbach's alpha"), ".2f"),
                      Col("kmo", _("KMO"), ".2f"), Col("explained", _("Variance explained"), ".2f"), Col("weights", _("Weights"))], rows)  # fmt: skip


def clusters_table(m: pd.DataFrame) -> TableData:
    return TableData([Col("region", _("Region")), Col("kmeans", _("k-means cluster"), "int"), Col("ward", _("Ward cluster"), "int"),
                      Col("stability", _("Membership stability"), ".2f")], m)  # fmt: skip


def conclusion_table(c: pd.DataFrame) -> TableData:
    rows = c[c["named_by_paper"] | c["in_top5"]].copy()
    yes_no = {True: _("yes"), False: _("no")}
    rows["named"] = rows["named_by_paper"].map(yes_no)
    rows["top5"] = rows["in_top5"].map(yes_no)
    rows["band"] = [f"{a:g}-{b:g}" for a, b in zip(rows["p05_rank"], rows["p95_rank"], strict=True)]
    return TableData([Col("region", _("Region")), Col("named", _("Named in 2019")), Col("rank", _("Rank"), "int"), Col("median_rank", _("Median rank"), ".0f"),
                      Col("band", _("5-95% rank band")), Col("index", _("Index"), ".1f"), Col("group", _("Group")),
                      Col("kmeans", _("k-means cluster"), "int"), Col("top5", _("Among the top five"))], rows)  # fmt: skip


def effects_table(e: pd.DataFrame) -> TableData:
    e = e.copy()
    e["value"] = e["value"].map(lambda v: INDICATOR_LABELS.get(v, v))
    return TableData([Col("choice", _("Choice")), Col("value", _("Option")), Col("replications", _("Replications"), "int"),
                      Col("top_set_kept", _("Top five kept"), "int"), Col("share_kept", _("Share kept"), ".2f")], e)  # fmt: skip


# ------------------------------------------------------------------------------ data appendix


def outputs_table(
    appendix: list[dict[str, Any]], used_by: dict[str, list[Markup]], here: str
) -> TableData:
    """The data appendix's list of files: each Parquet file with a link to its CSV copy relative to
    ``here`` (the appendix's directory) and, folded, the first records of that CSV."""
    rows = pd.DataFrame(appendix)
    for key in ("csv", "preview"):  # files of the project and non-Parquet outputs have neither
        rows[key] = rows.get(key)
    rows["used_by"] = [", ".join(str(x) for x in used_by.get(p, [])) for p in rows["path"]]
    rows["anchor"] = rows["path"].map(file_anchor)
    rows["csv_href"] = [
        posixpath.relpath(c, here) if isinstance(c, str) else None for c in rows["csv"]
    ]
    rows["first_rows"] = [
        preview_cell(t, n) for t, n in zip(rows["preview"], rows["rows"], strict=True)
    ]
    return TableData([Col("path", "File"), Col("schema", "Schema"), Col("rows", "Rows", "int"), Col("rule", "Written by rule"),
                      Col("sha256", "sha256 (first 12)"), Col("used_by", "Used by"), Col("csv", "As CSV"),
                      Col("first_rows", "First rows")], rows, classes="compact", row_id="anchor", raw={"used_by", "first_rows"},
                     links={"csv": "csv_href"})  # fmt: skip


def preview_cell(rows: Any, n_rows: Any) -> Markup | None:
    """The header and first rows of a file's CSV (kzrd.present.export.preview) as a small table
    folded in a <details> whose summary counts them; None for a file without a CSV. Cells are
    joined by a tab and rows by a line break in the markup, so that the text of the cell (the
    exhibit's own CSV strips the tags) reads as tab-separated values."""
    if not isinstance(rows, list):
        return None
    n = int(n_rows)
    summary = f"first {min(PREVIEW_ROWS, n)} of {n}" if n else "no rows (header only)"
    head = "\t".join(f'<th scope="col">{html.escape(c)}</th>' for c in rows[0])
    body = "\n".join(
        "<tr>" + "\t".join(f"<td>{html.escape(c)}</td>" for c in r) + "</tr>" for r in rows[1:]
    )
    return Markup(f'<details class="preview"><summary>{summary}</summary>\n<div class="scroll"><table class="preview">'
                  f"<thead><tr>{head}</tr></thead>\n<tbody>{body}</tbody></table></div></details>")  # fmt: skip


def numbers_table(registry: list[dict[str, Any]]) -> TableData:
    rows = pd.DataFrame(sorted(registry, key=lambda e: e["id"]))
    rows["value_text"] = rows["value"].map(lambda v: f"{v:.6g}")
    rows["anchor"] = rows["id"].map(number_anchor)
    return TableData([Col("id", "Number id"), Col("text", "As printed"), Col("value_text", "Value"), Col("unit", "Unit"),
                      Col("file", "File"), Col("rule", "Rule")], rows, classes="compact", row_id="anchor")  # fmt: skip


def sources_table(sources: list[dict[str, Any]]) -> TableData:
    return TableData([Col("id", "Source"), Col("title", "Title"), Col("publisher", "Publisher"), Col("edition", "Edition"),
                      Col("url_text", "Upstream"), Col("upstream_sha256", "Upstream sha256"), Col("snapshot", "Snapshot"),
                      Col("snapshot_sha256", "Snapshot sha256")], pd.DataFrame(sources), classes="compact", links={"url_text": "href"})  # fmt: skip


def references_table(refs: dict[str, dict[str, Any]]) -> TableData:
    rows = pd.DataFrame([dict(id=k, **v) for k, v in refs.items()])
    return TableData([Col("id", "Id"), Col("title", "Number"), Col("value", "Value", ",.1f"), Col("unit", "Unit"), Col("year", "Year", "year"),
                      Col("citation", "Citation"), Col("url", "URL"), Col("retrieved", "Retrieved"), Col("file", "File")], rows, classes="compact",
                     links={"url": "url"})  # fmt: skip


def exhibits_table(rows: list[dict[str, Any]]) -> TableData:
    """The exhibit map (kzrd.reference.exhibits.exhibit_rows) as a table of the data appendix."""
    frame = pd.DataFrame(rows).assign(
        exhibit=lambda d: d["number"] + " (" + d["id"] + ")",
        files=lambda d: d["files"].map(", ".join),
    )
    return TableData([Col("exhibit", "Exhibit"), Col("document", "Document"), Col("caption", "Caption (start)"), Col("files", "Files"),
                      Col("rule", "Rule"), Col("code", "Code")], frame, classes="compact")  # fmt: skip


def linked(text: str, ids: dict[str, str], document: str, medium: str = "screen") -> Markup:
    """``text`` escaped, each number in it that ``ids`` (text -> registry id) knows a link to its
    row of the numbers registry in the data appendix."""

    def link(m: re.Match) -> str:
        nid = ids.get(m.group(0))
        return number_link(nid, m.group(0), document, medium) if nid else m.group(0)

    return Markup(NUMBER.sub(link, html.escape(text)))


def claim_rows(v: pd.DataFrame, mv: pd.DataFrame, claims, numbers: pd.DataFrame | None = None,
               document: str = "report", medium: str = "screen") -> dict[str, dict[str, Any]]:  # fmt: skip
    """Each verdict row by claim id, with its reference reading in short words and its words with
    their numbers linked to the registry (``numbers``: the verdicts' numbers, by claim)."""
    ref = mv[mv["reference"]].set_index("claim_id")
    by_claim = {}
    for n in numbers.itertuples() if numbers is not None else ():
        by_claim.setdefault(n.claim_id, {}).setdefault(n.text, n.id)
    out = {}
    for r in v.to_dict("records"):
        ids = by_claim.get(r["claim_id"], {})
        r["deciding_html"] = linked(r["deciding"], ids, document, medium)
        r["robustness_html"] = linked(r["robustness"], ids, document, medium)
        r["quote"] = r["claim"]
        r["flips"] = flips_sentence(r["flip"])
        r["verdict_html"] = badge(r["verdict"])
        r["reference_html"] = badge(r["reference_verdict"]) if r["reference_verdict"] else ""
        c = claims[r["claim_id"]]
        spec = ref.at[r["claim_id"], "specification"] if r["claim_id"] in ref.index else ""
        said = dict(part.split(": ", 1) for part in spec.split("; ") if ": " in part)
        words = []
        for name, ch in c.choices.items():
            o = ref.at[r["claim_id"], name] if r["claim_id"] in ref.index else ""
            if o:
                opt = next((x for x in ch.options if x.id == o), None)
                words.append(
                    f"{_(ch.label).lower()}: {_(opt.short or opt.label) if opt else said.get(ch.label, o)}"
                )
        r["reference_reading"] = "; ".join(words)
        out[r["claim_id"]] = r
    for r in out.values():
        r["scope_html"] = scope_sentence(r, out)
    return out


def scope_sentence(r: dict[str, Any], rows: dict[str, dict[str, Any]]) -> Markup:
    """For a claim that judges part of its sentence: what it judges, what not and why, and, when
    other claims judge the other parts, how they combine (the sentence holds where every part does)
    with each part's reference verdict."""
    if not r.get("scope"):
        return Markup("")
    # Translators: {scope} is the part of the paper's sentence, "its first clause"
    out = _("Judged here: {judged} ({scope} of the sentence). Not judged here: {not_judged}.").format(
        judged=html.escape(r["judged"]), scope=html.escape(r["scope"]), not_judged=html.escape(r["not_judged"]))  # fmt: skip
    clauses = [r] + [rows[i] for i in str(r.get("joined_with", "")).split() if i in rows]
    if len(clauses) == 1:
        return Markup(out)
    ref = [o["reference_verdict"] or o["verdict"] for o in clauses]
    parts = "; ".join(f'<a href="#{o["section"]}">{html.escape(_(o["title"]))}</a>: {badge(v)}'
                      for o, v in zip(clauses, ref, strict=True))  # fmt: skip
    if not set(ref) <= {CONSISTENT, PARTLY, INCONSISTENT}:
        # Translators: {parts} lists each clause with its verdict under the reference reading
        whole = _("The whole sentence holds where every clause does, partly where some do: under the reference "
                  "readings, {parts}.").format(parts=parts)  # fmt: skip
        return Markup(f"{out} {whole}")
    one = badge(ref[0] if len(set(ref)) == 1 else PARTLY)
    if any(o["verdict"] == DEPENDS for o in clauses):  # a clause depends: so does the whole
        # Translators: {depends} and {verdict} are verdicts; {parts} lists each clause with its verdict
        whole = _("The whole sentence holds where every clause does, partly where some do: it {depends}; under the "
                  "reference readings ({parts}) it is {verdict}.").format(depends=badge(DEPENDS), parts=parts, verdict=one)  # fmt: skip
    else:
        # Translators: {verdict} is a verdict; {parts} lists each clause with its verdict
        whole = _("The whole sentence holds where every clause does, partly where some do: under the reference "
                  "readings ({parts}) it is {verdict}.").format(parts=parts, verdict=one)  # fmt: skip
    return Markup(f"{out} {whole}")


def schemas_table(schemas: dict[str, Any]) -> TableData:
    rows = pd.DataFrame(
        [dict(schema=name, anchor=f"schema-{name}", column=c.name, dtype=c.dtype, unit=c.unit, description=c.description)
         for name, sch in schemas.items() for c in sch.columns]
    )  # fmt: skip
    first = ~rows["schema"].duplicated()
    rows["anchor"] = rows["anchor"].where(first, "")
    return TableData([Col("schema", "Schema"), Col("column", "Column"), Col("dtype", "dtype"), Col("unit", "Unit"),
                      Col("description", "Description")], rows, classes="compact", row_id="anchor")  # fmt: skip


def environment_table(packages: list[tuple[str, str]]) -> TableData:
    return TableData(
        [Col("package", "Package"), Col("version", "Version")],
        pd.DataFrame(packages, columns=["package", "version"]),
    )
