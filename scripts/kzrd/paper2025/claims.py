"""The declared claims (``resources/claims.yaml``): each claim's words, its decision rule, the
thresholds of that rule (centre, band, reason) and its analysis choices (options, each with a reason).

The loader checks the file against the input contract (``schemas/inputs.yaml``, entry ``claims``) and
what a schema cannot say: every choice is a column of the multiverse table, ``applies_when`` names
only earlier choices and their options, every reference is an option. Config (``claims.thresholds``,
``claims.reference``) may move a threshold's centre or a choice's reference option; a key that names
nothing is refused in one line naming it. Pure functions, no I/O beyond the one read.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from kzrd.core import contract
from kzrd.core.errors import InputError
from kzrd.core.schemas import schema

# ``reference`` words a from-data choice may use instead of an option id
DATA_REFERENCES = ("cross_section", "last", "before_change", "first", "study_year")
# the multiverse table's columns that are not choices (schemas/outputs.yaml, audit_multiverse)
NOT_CHOICES = ("claim_id", "spec", "reference", "specification", "setting", "thresholds", "value",
               "deciding", "verdict", "proxy")  # fmt: skip


def choice_columns() -> list[str]:
    """The multiverse table's choice columns: every choice of a claim must be one of them."""
    return [c for c in schema("audit_multiverse").names if c not in NOT_CHOICES]


class _Problem(Exception):
    """A problem at ``key`` of the claims file (turned into one InputError line naming file and key)."""

    def __init__(self, key: str, message: str) -> None:
        super().__init__(key, message)
        self.key, self.message = key, message


@dataclass(frozen=True)
class Option:
    id: str
    label: str
    why: str
    short: str = ""  # a short label for the verdict table (the label if empty)


@dataclass(frozen=True)
class Choice:
    name: str
    label: str
    reference: str
    why: str = ""
    options: tuple[Option, ...] = ()  # declared options; empty when they come from the data
    from_data: str = ""  # what the data offer, when the options come from the data
    applies_when: dict[str, tuple[str, ...]] = field(default_factory=dict)
    reference_from_config: bool = False

    def applies(self, reading: dict[str, str]) -> bool:
        """Whether this choice is made under ``reading`` (the options of the earlier choices)."""
        return all(reading.get(c) in ok for c, ok in self.applies_when.items())


@dataclass(frozen=True)
class Threshold:
    name: str
    label: str
    value: float
    band: tuple[float, float]
    unit: str
    reason: str
    applies_when: dict[str, tuple[str, ...]] = field(default_factory=dict)
    from_config: bool = False

    def applies(self, reading: dict[str, str]) -> bool:
        return all(reading.get(c) in ok for c, ok in self.applies_when.items())

    @property
    def settings(self) -> list[tuple[str, float]]:
        """(setting, value): the centre, then each end of the band that differs from it."""
        out = [("centre", self.value)]
        for end, v in (("low", self.band[0]), ("high", self.band[1])):
            if v != self.value:
                out.append((end, v))
        return out


@dataclass(frozen=True)
class Scope:
    """Which part of a claim's sentence its rule judges (``judged``), which it does not and why
    (``not_judged``), and the claims that judge the sentence's other parts (``joined_with``)."""

    short: str
    judged: str
    not_judged: str
    joined_with: tuple[str, ...] = ()


@dataclass(frozen=True)
class Claim:
    id: str
    kind: str
    section: str
    title: str
    quote: str
    where: str
    rule_template: str
    paraphrased: bool = False
    proxy: str = ""
    not_checkable: str = ""
    scope: Scope | None = None  # the parts of a sentence this claim judges, and those it does not
    groups: dict[str, dict[str, Any]] = field(default_factory=dict)
    thresholds: dict[str, Threshold] = field(default_factory=dict)
    choices: dict[str, Choice] = field(default_factory=dict)

    def scope_columns(self) -> dict[str, str]:
        """The verdict table's scope columns (empty when the rule judges the whole sentence)."""
        s = self.scope or Scope("", "", "")
        return dict(
            scope=s.short,
            judged=s.judged,
            not_judged=s.not_judged,
            joined_with=" ".join(s.joined_with),
        )

    @property
    def rule(self) -> str:
        """The decision rule with the thresholds' centre values written in."""
        return self.worded(self.rule_template)

    def worded(self, template: str) -> str:
        """``template`` (the rule, or its translation) with the thresholds' centre values written in."""
        return template.format(**{k: f"{t.value:g}" for k, t in self.thresholds.items()})

    def t(self, name: str) -> Threshold:
        return self.thresholds[name]


@dataclass(frozen=True)
class Claims:
    meta_rule: str
    claims: tuple[Claim, ...]
    period: tuple[int, int] = (0, 9999)  # the paper's period (claims.yaml key period)

    def __getitem__(self, claim_id: str) -> Claim:
        for c in self.claims:
            if c.id == claim_id:
                return c
        raise KeyError(claim_id)

    @property
    def ids(self) -> list[str]:
        return [c.id for c in self.claims]


def _choice(name: str, raw: dict[str, Any], where: str, earlier: dict[str, Choice]) -> Choice:
    options = tuple(
        Option(o["id"], o["label"], o["why"], o.get("short", "")) for o in raw.get("options", [])
    )
    ids = [o.id for o in options]
    if len(set(ids)) != len(ids):
        raise _Problem(f"{where}.options", "an option id is given twice")
    if bool(options) == bool(raw.get("from_data")):
        raise _Problem(f"{where}", "give either options or from_data")
    reference = str(raw["reference"])
    if options and reference not in ids:
        raise _Problem(
            f"{where}.reference", f"{reference!r} is not one of its options ({', '.join(ids)})"
        )
    applies = {}
    for other, opts in (raw.get("applies_when") or {}).items():
        if other not in earlier:
            raise _Problem(
                f"{where}.applies_when", f"{other!r} is not a choice declared before {name!r}"
            )
        known = [o.id for o in earlier[other].options]
        bad = [o for o in opts if known and o not in known]
        if bad:
            raise _Problem(
                f"{where}.applies_when.{other}",
                f"unknown option {bad[0]!r} (options: {', '.join(known)})",
            )
        applies[other] = tuple(opts)
    return Choice(name, raw["label"], reference, raw.get("why", ""), options, raw.get("from_data", ""), applies)  # fmt: skip


def _claim(raw: dict[str, Any], where: str, columns: set[str]) -> Claim:
    choices: dict[str, Choice] = {}
    for name, spec in (raw.get("choices") or {}).items():
        if name not in columns:
            raise _Problem(
                f"{where}.choices.{name}",
                f"not a column of the multiverse table "
                f"(schemas/outputs.yaml, audit_multiverse: {', '.join(sorted(columns))})",
            )
        choices[name] = _choice(name, spec, f"{where}.choices.{name}", choices)
    thresholds = {}
    for name, t in (raw.get("thresholds") or {}).items():
        lo, hi = (float(b) for b in t["band"])
        value = float(t["value"])
        if not lo <= value <= hi:
            raise _Problem(
                f"{where}.thresholds.{name}",
                f"value {value:g} lies outside its band [{lo:g}, {hi:g}]",
            )
        applies = {k: tuple(v) for k, v in (t.get("applies_when") or {}).items()}
        for k in applies:
            if k not in choices:
                raise _Problem(
                    f"{where}.thresholds.{name}.applies_when", f"{k!r} is not a choice of the claim"
                )
        thresholds[name] = Threshold(name, t["label"], value, (lo, hi), t["unit"], " ".join(t["reason"].split()), applies)  # fmt: skip
    rule = " ".join(raw["rule"].split())
    try:
        rule.format(**{k: "" for k in thresholds})
    except KeyError as err:
        raise _Problem(
            f"{where}.rule", f"names threshold {err.args[0]!r}, which the claim does not declare"
        ) from None
    return Claim(
        id=raw["id"], kind=raw["kind"], section=raw["section"], title=raw["title"],
        quote=" ".join(raw["quote"].split()), where=raw["where"], rule_template=rule,
        paraphrased=bool(raw.get("paraphrased", False)), proxy=" ".join(raw.get("proxy", "").split()),
        not_checkable=raw.get("not_checkable", ""), groups=raw.get("groups") or {},
        scope=_scope(raw.get("scope")),
        thresholds=thresholds, choices=choices,
    )  # fmt: skip


def _scope(raw: dict[str, Any] | None) -> Scope | None:
    if not raw:
        return None
    words = {k: " ".join(raw[k].split()) for k in ("short", "judged", "not_judged")}
    return Scope(**words, joined_with=tuple(raw.get("joined_with", ())))


def load_claims(path: str | Path, columns: list[str] | None = None) -> Claims:
    """``resources/claims.yaml``, checked; every choice must be one of ``columns`` (default: the
    multiverse table's choice columns)."""
    path = Path(path)
    columns = choice_columns() if columns is None else columns
    doc = contract.load_yaml(path, "claims")
    out, seen = [], set()
    for n, raw in enumerate(doc["claims"]):
        where = f"{path}: key 'claims.{n}"
        if raw["id"] in seen:
            raise InputError(f"{where}.id': claim {raw['id']!r} is given twice")
        seen.add(raw["id"])
        try:
            out.append(_claim(raw, f"claims.{n}", set(columns)))
        except _Problem as p:
            raise InputError(f"{path}: key '{p.key}': {p.message}") from None
    for n, c in enumerate(out):
        for other in c.scope.joined_with if c.scope else ():
            if other not in seen or other == c.id:
                raise InputError(
                    f"{path}: key 'claims.{n}.scope.joined_with': {other!r} is not another claim"
                )
    period = (int(doc["period"]["first"]), int(doc["period"]["last"]))
    return Claims(" ".join(doc["meta_rule"].split()), tuple(out), period)


def with_config(claims: Claims, cfg: dict[str, Any] | None) -> Claims:
    """The claims with config ``claims.thresholds.<claim>.<name>`` (a new centre; the band widens to
    include it) and ``claims.reference.<claim>.<choice>`` (another reference option) applied. A key
    that names no claim, threshold, choice or declared option stops with one line naming the key."""
    cfg = cfg or {}
    ids = claims.ids
    new = {c.id: c for c in claims.claims}
    for section in ("thresholds", "reference"):
        for cid, values in (cfg.get(section) or {}).items():
            key = f"config key 'claims.{section}.{cid}'"
            if cid not in new:
                raise InputError(f"{key}: unknown claim (claims: {', '.join(ids)})")
            c = new[cid]
            pool = c.thresholds if section == "thresholds" else c.choices
            for name, value in values.items():
                if name not in pool:
                    what = "threshold" if section == "thresholds" else "choice"
                    raise InputError(
                        f"{key[:-1]}.{name}': claim {cid} has no {what} {name!r} "
                        f"({', '.join(pool) or 'none'})"
                    )
                if section == "thresholds":
                    t = c.thresholds[name]
                    v = float(value)
                    band = (min(t.band[0], v), max(t.band[1], v))
                    c = replace(c, thresholds={**c.thresholds, name: replace(t, value=v, band=band, from_config=True)})  # fmt: skip
                else:
                    ch = c.choices[name]
                    if ch.options and str(value) not in [o.id for o in ch.options]:
                        raise InputError(
                            f"{key[:-1]}.{name}': {value!r} is not an option "
                            f"({', '.join(o.id for o in ch.options)})"
                        )
                    c = replace(
                        c,
                        choices={
                            **c.choices,
                            name: replace(ch, reference=str(value), reference_from_config=True),
                        },
                    )
            new[cid] = c
    return Claims(claims.meta_rule, tuple(new[i] for i in ids), claims.period)
