"""The multiverse: every claim decided under every specification of its declared choices and
thresholds (``resources/claims.yaml``), and the meta-rule that turns the specifications' verdicts into
the published verdict.

A *reading* gives each choice of a claim one option (a choice whose ``applies_when`` fails is not
made); a *specification* is a reading with every threshold at its centre, or one threshold at one end
of its band. The decision function of the claim (``kzrd.paper2025.verdicts``) is called once per
specification. Pure functions, no I/O.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

from kzrd.core.i18n import N_, gettext_data, ngettext
from kzrd.core.i18n import gettext as _
from kzrd.paper2025.claims import DATA_REFERENCES, Claim, Claims

UNDECIDED = ("not checkable with published data",)
DEPENDS = "depends on a choice the paper does not state"
# what flips a robust verdict, and a verdict no single change flips (kzrd.present.context.flips_sentence)
NOTHING_DECLARED = "nothing declared"
COMBINATIONS = N_("only combinations of choices, not one choice alone")


@dataclass(frozen=True)
class Number:
    """A number a verdict quotes (it goes into the report's numbers registry)."""

    id: str
    value: float
    unit: str
    text: str


@dataclass(frozen=True)
class Spec:
    """One specification of a claim."""

    claim: Claim
    reading: dict[str, str]
    thresholds: dict[str, float]
    setting: str = "centre"  # or "<threshold> low" / "<threshold> high"

    def choice(self, name: str, default: str = "") -> str:
        return self.reading.get(name, default)

    def t(self, name: str) -> float:
        return self.thresholds[name]

    def reading_short(self, name: str) -> str:
        """The short label of this specification's option of a declared choice ('' if not made)."""
        o = self.reading.get(name, "")
        ch = self.claim.choices.get(name)
        opt = next((x for x in ch.options if x.id == o), None) if ch else None
        return (opt.short or opt.label) if opt else o


@dataclass(frozen=True)
class Outcome:
    """The verdict of one specification: the verdict, its deciding number, the deciding numbers in
    words, a headline for page 1 and the numbers the reference specification's words quote."""

    verdict: str
    value: float = math.nan
    deciding: str = ""
    headline: str = ""
    numbers: tuple[Number, ...] = field(default=())


# (choice, the reading so far) -> the options the data offer, as (id, label)
OptionsOf = Callable[[str, dict[str, str]], list[tuple[str, str]]]


def _options(claim: Claim, name: str, reading: dict[str, str], options_of: OptionsOf | None):
    ch = claim.choices[name]
    if ch.options:
        return [(o.id, o.label) for o in ch.options]
    if options_of is None:
        raise ValueError(f"claim {claim.id}: choice {name} takes its options from the data")
    return options_of(name, reading)


def readings(claim: Claim, options_of: OptionsOf | None = None) -> list[dict[str, str]]:
    """Every reading of ``claim``, in the declared order of its choices and options."""
    out: list[dict[str, str]] = [{}]
    for name, ch in claim.choices.items():
        nxt = []
        for r in out:
            if not ch.applies(r):
                nxt.append(r)
                continue
            opts = _options(claim, name, r, options_of)
            nxt += [{**r, name: oid} for oid, _ in opts] if opts else [r]
        out = nxt
    return out


def reference_option(claim: Claim, name: str, options: list[str], words: dict[str, str]) -> str:
    """The reference option of a choice among ``options``: its declared option id, or for a choice
    whose options come from the data a word of :data:`DATA_REFERENCES` resolved by ``words`` (e.g.
    cross_section -> '2022'); the nearest available year if that year is not offered, else the first."""
    ref = claim.choices[name].reference
    want = words.get(ref, ref) if ref in DATA_REFERENCES and ref != "first" else ref
    if ref == "last":
        want = options[-1] if options else ""
    if want in options:
        return want
    years = [o for o in options if o.isdigit()]
    if want.isdigit() and years:
        return min(years, key=lambda y: (abs(int(y) - int(want)), -int(y)))
    return options[0] if options else ""


def reference_reading(
    claim: Claim, options_of: OptionsOf | None, words: dict[str, str]
) -> dict[str, str]:
    r: dict[str, str] = {}
    for name, ch in claim.choices.items():
        if ch.applies(r):
            ids = [oid for oid, _ in _options(claim, name, r, options_of)]
            r[name] = reference_option(claim, name, ids, words)
    return r


def specifications(claim: Claim, options_of: OptionsOf | None = None) -> list[Spec]:
    """Every reading at the centre thresholds and, one threshold at a time, at each end of its band."""
    centre = {k: t.value for k, t in claim.thresholds.items()}
    out = []
    for r in readings(claim, options_of):
        if any(ch.applies(r) and name not in r for name, ch in claim.choices.items()):
            continue  # a choice for which the data offer no option
        out.append(Spec(claim, r, centre))
        for name, t in claim.thresholds.items():
            if not t.applies(r):
                continue
            for setting, v in t.settings[1:]:
                out.append(Spec(claim, r, {**centre, name: v}, f"{name} {setting}"))
    return out


Decide = Callable[[Spec], Outcome]


def run(claims: Claims, decide: dict[str, Decide], options_of: dict[str, OptionsOf],
        words: dict[str, str], columns: list[str]) -> tuple[pd.DataFrame, dict[str, Outcome], dict]:  # fmt: skip
    """Every claim under every specification. Returns the multiverse table (one row per
    specification; ``columns`` are its choice columns), each claim's reference outcome and the label
    of every (choice, option) seen, by claim."""
    rows, refs, all_labels = [], {}, {}
    for claim in claims.claims:
        of = options_of.get(claim.id)
        ref = reference_reading(claim, of, words)
        labels: dict[tuple[str, str], str] = {}
        all_labels[claim.id] = labels
        specs = specifications(claim, of)
        if not specs:  # the data offer no option for some choice: nothing to decide
            empty = next(ch.label for n, ch in claim.choices.items() if n not in ref or not ref[n])
            specs, ref = [Spec(claim, {}, {k: t.value for k, t in claim.thresholds.items()})], {}
            decide = {
                **decide,
                claim.id: lambda s, e=empty: Outcome(
                    UNDECIDED[0],
                    deciding=_("the data offer no {choice} for it").format(choice=_(e).lower()),
                ),
            }
        for spec_no, spec in enumerate(specs):
            outcome = decide[claim.id](spec)
            is_ref = spec.reading == ref and spec.setting == "centre"
            if is_ref:
                refs[claim.id] = outcome
            row = dict(claim_id=claim.id, spec=spec_no, reference=is_ref)
            for c in columns:
                row[c] = spec.reading.get(c, "")
            for name, oid in spec.reading.items():
                if (name, oid) not in labels:
                    labels[(name, oid)] = dict(_options(claim, name, spec.reading, of)).get(
                        oid, oid
                    )
            row.update(
                specification="; ".join(f"{_(claim.choices[n].label)}: {_option_words(claim, n, o, labels)}" for n, o in spec.reading.items()),
                setting=spec.setting,
                thresholds="; ".join(f"{k} = {v:g}" for k, v in spec.thresholds.items()),
                value=float(outcome.value), deciding=outcome.deciding, verdict=outcome.verdict,
                proxy=bool(claim.proxy),
            )  # fmt: skip
            rows.append(row)
        if claim.id not in refs:
            raise ValueError(f"claim {claim.id}: no specification is the reference reading {ref}")
    return pd.DataFrame(rows), refs, all_labels


# ------------------------------------------------------------------------------ the meta-rule


def _moving(g: pd.DataFrame, claim: Claim, columns: list[str]) -> list[str]:
    """The choices (labels) and thresholds that move the verdict: two specifications that differ only
    in it have different verdicts."""
    choice_cols = [c for c in columns if c in claim.choices]
    moved = []
    for c in choice_cols:
        others = [o for o in choice_cols if o != c] + ["setting"]
        if (g.groupby(others, sort=False)["verdict"].nunique() > 1).any():
            moved.append(_(claim.choices[c].label).lower())
    for name, t in claim.thresholds.items():
        sub = g[g["setting"].isin(["centre", f"{name} low", f"{name} high"])]
        if (sub.groupby(choice_cols or ["claim_id"], sort=False)["verdict"].nunique() > 1).any():
            # Translators: a threshold that moves a claim's verdict, e.g. "the tolerance threshold"
            moved.append(_("the {label} threshold").format(label=_(t.label)))
    return moved


# a value with a unit whose words go around it in some language ("75 % of the regions" is
# «өңірлердің 75%-ы» in Kazakh): one message each, the same words in English
VALUE_WITH_UNIT = {"% of the regions": N_("{value} % of the regions")}


def _with_unit(value: float, unit: str) -> str:
    """A threshold's value with its unit, in the language of the run."""
    if unit in VALUE_WITH_UNIT:
        return _(VALUE_WITH_UNIT[unit]).format(value=f"{value:g}")
    return f"{value:g}{_unit(_(unit))}"


def _unit(unit: str) -> str:
    """A threshold's unit after its value: '20%', '2 percentage points', '2 × noise'."""
    return unit if unit == "%" else f" {unit}" if unit else ""


def _some(options: list[str], at_most: int = 3) -> str:
    """The first options of a list, and how many more ('a, b, c and 9 more')."""
    more = len(options) - at_most
    shown = ", ".join(options[:at_most])
    if more <= 0:
        return shown
    # Translators: the first options of a list and how many more, "a, b, c and 9 more"
    return ngettext("{options} and {n} more", "{options} and {n} more", more).format(
        options=shown, n=more
    )


def short(verdict: str) -> str:
    """A verdict in a few words (for the verdict table's columns)."""
    return verdict.replace(" with official statistics", "").replace("not checked offline: ", "")


def _option_words(claim: Claim, choice: str, option: str, labels: dict) -> str:
    """An option's label in the language of the run: a declared option's from the catalogue, one the
    data offer as the data give it (translated where the catalogue has it)."""
    if any(o.id == option for o in claim.choices[choice].options):
        return _(labels[(choice, option)])
    return gettext_data(labels[(choice, option)])


def _short_option(claim: Claim, choice: str, option: str, labels: dict) -> str:
    for o in claim.choices[choice].options:
        if o.id == option:
            return _(o.short or o.label)
    return gettext_data(labels.get((choice, option), option))


def _flips(g: pd.DataFrame, ref: pd.Series, claim: Claim, columns: list[str], labels: dict) -> str:
    """What moves the reference specification's (``ref``) verdict: each single change of one choice
    (the others at their reference, or not made under the new option) or of one threshold to a band
    end, in short words."""
    choice_cols = [c for c in columns if c in claim.choices]
    parts = []
    for c in choice_cols:
        same = (g["setting"] == "centre") & (g[c] != ref[c])
        for o in choice_cols:
            if o != c:
                # the other choices at their reference; one the new option switches off, or switches on
                # at its own reference option, is part of the same move
                turned_on = (ref[o] == "") & (g[o] == claim.choices[o].reference)
                same &= (g[o] == ref[o]) | (g[o] == "") | turned_on
        hit = g[same & (g["verdict"] != ref["verdict"])]
        if len(hit):
            by = [(v, list(dict.fromkeys(_short_option(claim, c, x, labels) for x in h[c])))
                  for v, h in hit.groupby("verdict", sort=False)]  # fmt: skip
            label = _(claim.choices[c].label).lower()
            parts += [f"{label}: {_some(opts)} → {_(short(v))}" for v, opts in by]
    for name, t in claim.thresholds.items():
        for end, value in t.settings[1:]:
            same = g["setting"] == f"{name} {end}"
            for o in choice_cols:
                same &= g[o] == ref[o]
            hit = g[same & (g["verdict"] != ref["verdict"])]
            if len(hit):
                parts.append(
                    f"{_(t.label)} {_with_unit(value, t.unit)} → {_(short(hit['verdict'].iloc[0]))}"
                )
    return "; ".join(parts)


def meta_rule(mv: pd.DataFrame, claims: Claims, columns: list[str], labels: dict | None = None) -> pd.DataFrame:  # fmt: skip
    """The published verdict of every claim from its specifications (the meta-rule of
    ``resources/claims.yaml``): robust when all decided specifications agree, otherwise
    :data:`DEPENDS`, with the choices that move it, the count behind each verdict and what moves the
    reference specification's verdict."""
    labels = labels or {}
    rows = []
    for claim in claims.claims:
        g = mv[mv["claim_id"] == claim.id]
        ref = g[g["reference"]].iloc[0]
        decided = g[~g["verdict"].isin(UNDECIDED)]
        counts = decided["verdict"].value_counts(sort=False)
        n, n_dec = len(g), len(decided)
        if n_dec == 0:
            verdict, robust = ref["verdict"], True
        else:
            robust = len(counts) == 1
            verdict = counts.index[0] if robust else DEPENDS
        order = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        moved = [] if robust else _moving(decided, claim, columns)
        flips = "" if robust else _flips(decided, ref, claim, columns, labels.get(claim.id, {}))
        undecided = n - n_dec
        if robust:
            robustness = (
                # Translators: every one of a claim's n (> 1) specifications gives the same verdict
                (_("all {n} agree").format(n=n_dec) if n_dec > 1 else _("one reading"))
                if n_dec
                else _("none can be decided")
            )
        else:
            # Translators: the count of specifications behind each verdict, e.g. "consistent 6;
            # partly consistent 2", and of all decided ones
            robustness = _("{counts} (of {n})").format(
                counts="; ".join(f"{_(short(v))} {k}" for v, k in order), n=n_dec
            )
        if undecided and n_dec:
            robustness = ngettext(
                "{words}; {n} more cannot be decided",
                "{words}; {n} more cannot be decided",
                undecided,
            ).format(words=robustness, n=undecided)
        # (kept in English: the report's flips_sentence reads them)
        flip = NOTHING_DECLARED if robust else flips or COMBINATIONS
        rows.append(dict(claim_id=claim.id, verdict=verdict, reference_verdict=ref["verdict"], robust=bool(robust),
                         n_specs=n, n_decided=n_dec, n_agree=int(counts.max()) if n_dec else 0,
                         robustness=robustness, moved_by=", ".join(moved), flip=flip))  # fmt: skip
    return pd.DataFrame(rows)
