"""The declared claims (resources/claims.yaml), the multiverse of their specifications and the
meta-rule, on hand-made claims and on the real file."""

from __future__ import annotations

import pandas as pd
import pytest

from kzrd import PROJECT_ROOT
from kzrd.core.errors import InputError
from kzrd.paper2025 import multiverse as M
from kzrd.paper2025.claims import Choice, Claim, Claims, Option, Threshold, load_claims, with_config
from kzrd.paper2025.verdicts import DECIDE, TAXONOMY

CLAIMS_FILE = PROJECT_ROOT / "resources" / "claims.yaml"
COLUMNS = ["window", "noise", "year"]


def _claim(thresholds=None, **choices) -> Claim:
    return Claim(id="c", kind="official", section="res-x", title="t", quote="q", where="w", rule_template="r",
                 thresholds=thresholds or {}, choices=choices)  # fmt: skip


def _choice(name, *ids, reference=None, applies_when=None) -> Choice:
    return Choice(name, name.title(), reference or ids[0], options=tuple(Option(i, i.upper(), "why") for i in ids),
                  applies_when=applies_when or {})  # fmt: skip


def test_readings_respect_applies_when():
    c = _claim(
        window=_choice("window", "short", "trend"),
        noise=_choice("noise", "sd", "median", applies_when={"window": ("short",)}),
    )
    assert M.readings(c) == [
        {"window": "short", "noise": "sd"},
        {"window": "short", "noise": "median"},
        {"window": "trend"},
    ]


def test_thresholds_are_varied_one_at_a_time_at_both_band_ends():
    c = _claim({"k": Threshold("k", "k", 1.0, (1.0, 2.0), "", ""), "m": Threshold("m", "m", 5.0, (4.0, 6.0), "", "")},
               window=_choice("window", "short"))  # fmt: skip
    settings = [s.setting for s in M.specifications(c)]
    assert settings == ["centre", "k high", "m low", "m high"]  # k's low end is its centre
    assert [s.thresholds for s in M.specifications(c)][2] == {"k": 1.0, "m": 4.0}


def test_reference_from_data_resolves_words_and_nearest_year():
    c = _claim(year=Choice("year", "Year", "cross_section", from_data="years"))
    years = lambda choice, r: [(y, y) for y in ("2019", "2020", "2023")]  # noqa: E731
    assert M.reference_reading(c, years, {"cross_section": "2020"}) == {"year": "2020"}
    assert M.reference_reading(c, years, {"cross_section": "2022"}) == {
        "year": "2023"
    }  # nearest, later on a tie


def _mv(verdicts, settings=None, windows=None):
    n = len(verdicts)
    return pd.DataFrame(dict(claim_id="c", spec=range(n), reference=[i == 0 for i in range(n)],
                             window=windows or ["short"] * n, noise="", year="", setting=settings or ["centre"] * n,
                             verdict=verdicts))  # fmt: skip


def test_meta_rule_robust_when_every_specification_agrees():
    c = _claim(window=_choice("window", "short", "long"))
    m = M.meta_rule(
        _mv(["consistent", "consistent"], windows=["short", "long"]), Claims("", (c,)), COLUMNS
    ).iloc[0]
    assert m["verdict"] == "consistent" and m["robust"] and m["robustness"] == "all 2 agree"
    assert m["moved_by"] == "" and m["flip"] == "nothing declared"


def test_meta_rule_one_dissent_makes_it_depend_and_names_the_choice():
    c = _claim(window=_choice("window", "short", "long"))
    m = M.meta_rule(
        _mv(["consistent", "partly consistent"], windows=["short", "long"]),
        Claims("", (c,)),
        COLUMNS,
    ).iloc[0]
    assert m["verdict"] == M.DEPENDS and not m["robust"]
    assert m["reference_verdict"] == "consistent"
    assert m["moved_by"] == "window" and m["flip"] == "window: LONG → partly consistent"
    assert m["robustness"] == "consistent 1; partly consistent 1 (of 2)"


def test_meta_rule_names_a_threshold_whose_band_end_moves_it():
    c = _claim(
        {"k": Threshold("k", "k", 1.0, (1.0, 2.0), "", "")}, window=_choice("window", "short")
    )
    m = M.meta_rule(_mv(["consistent", "inconsistent with official statistics"], settings=["centre", "k high"]),
                    Claims("", (c,)), COLUMNS).iloc[0]  # fmt: skip
    assert m["moved_by"] == "the k threshold" and m["flip"] == "k 2 → inconsistent"


def test_meta_rule_leaves_undecidable_specifications_out_of_the_count():
    c = _claim(window=_choice("window", "short", "long"))
    m = M.meta_rule(
        _mv(["consistent", "not checkable with published data"], windows=["short", "long"]),
        Claims("", (c,)),
        COLUMNS,
    ).iloc[0]
    assert m["verdict"] == "consistent" and m["robust"]
    assert m["robustness"] == "one reading; 1 more cannot be decided"


def test_run_marks_one_reference_and_labels_options():
    c = _claim(window=_choice("window", "short", "long", reference="long"))
    mv, refs, labels = M.run(
        Claims("", (c,)),
        {"c": lambda s: M.Outcome("consistent", 1.0, s.choice("window"))},
        {},
        {},
        COLUMNS,
    )
    assert mv["reference"].tolist() == [False, True] and refs["c"].deciding == "long"
    assert mv["specification"].tolist() == ["Window: SHORT", "Window: LONG"]
    assert labels["c"][("window", "long")] == "LONG"


def test_a_choice_the_data_offer_nothing_for_gives_one_undecidable_row():
    c = _claim(year=Choice("year", "Year", "cross_section", from_data="years"))
    mv, _refs, _ = M.run(
        Claims("", (c,)),
        {"c": lambda s: M.Outcome("consistent")},
        {"c": lambda ch, r: []},
        {},
        COLUMNS,
    )
    assert len(mv) == 1 and mv["verdict"].iloc[0] == "not checkable with published data"


# ------------------------------------------------------------------------------ the real claims file


@pytest.fixture(scope="module")
def claims():
    return load_claims(CLAIMS_FILE)


def test_every_declared_claim_has_a_decision_function_and_reasons(claims):
    assert len(claims.ids) == len(set(claims.ids))
    for c in claims.claims:
        assert c.id in DECIDE, c.id
        for t in c.thresholds.values():
            assert t.band[0] <= t.value <= t.band[1] and t.reason
        for ch in c.choices.values():
            assert ch.options or ch.from_data
            assert all(o.why for o in ch.options)
    assert "depends on a choice the paper does not state" in TAXONOMY


def test_rules_carry_their_thresholds(claims):
    assert "1 × the noise" in claims["finding2_growth"].rule
    assert "at least 25%" in claims["finding3_digital"].rule


def test_config_moves_a_threshold_and_widens_its_band(claims):
    c = with_config(claims, {"thresholds": {"finding2_growth": {"noise_multiple": 3}}})[
        "finding2_growth"
    ]
    t = c.t("noise_multiple")
    assert (t.value, t.band, t.from_config) == (3.0, (1.0, 3.0), True)
    assert "3 × the noise" in c.rule


@pytest.mark.parametrize(
    "cfg, message",
    [
        ({"thresholds": {"nope": {"x": 1}}}, "config key 'claims.thresholds.nope': unknown claim (claims: concentration, leadership,"),
        ({"thresholds": {"finding2_growth": {"k": 1}}}, "config key 'claims.thresholds.finding2_growth.k': claim finding2_growth has no threshold 'k' (noise_multiple)"),
        ({"reference": {"finding2_growth": {"window": "decade"}}}, "config key 'claims.reference.finding2_growth.window': 'decade' is not an option (short, short_prior, long, trend, trend_all)"),
    ],
)  # fmt: skip
def test_config_that_names_nothing_is_refused_in_one_line(claims, cfg, message):
    with pytest.raises(InputError) as err:
        with_config(claims, cfg)
    assert str(err.value).startswith(message)


@pytest.mark.parametrize(
    "edit, message",
    [
        (("        label: \"noise multiple\"\n        value: 1\n", "        label: \"noise multiple\"\n        value: 3\n"),
         "key 'claims.9.thresholds.noise_multiple': value 3 lies outside its band [1, 2]"),
        (("      window:\n        label: \"Window\"\n        reference: short", "      window:\n        label: \"Window\"\n        reference: decade"),
         "key 'claims.9.choices.window.reference': 'decade' is not one of its options (short, short_prior, long, trend, trend_all)"),
        (("      noise:\n        label:", "      wobble:\n        label:"), "key 'claims.9.choices.wobble': not a column of the multiverse table"),
        (("      joined_with: [finding2_growth]", "      joined_with: [finding2_growt]"),
         "key 'claims.10.scope.joined_with': 'finding2_growt' is not another claim"),
    ],
)  # fmt: skip
def test_a_bad_claims_file_names_the_key(tmp_path, edit, message):
    text = CLAIMS_FILE.read_text(encoding="utf-8")
    assert edit[0] in text
    bad = tmp_path / "claims.yaml"
    bad.write_text(text.replace(edit[0], edit[1], 1), encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_claims(bad)
    assert str(err.value).startswith(f"{bad}: {message}")
