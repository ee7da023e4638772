"""A rule's code inputs are computed from its script's imports (kzrd.core.deps), never kept by hand."""

from __future__ import annotations

import re

from kzrd.core.deps import module_closure


def test_closure_follows_imports_inside_functions_and_through_modules(tmp_path):
    pkg = tmp_path / "kzrd"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "a.py").write_text("def f():\n    from kzrd import b\n    return b\n")
    (pkg / "b.py").write_text("import kzrd.c\nfrom kzrd import PROJECT_ROOT\n")
    (pkg / "c.py").write_text("import os\n")
    (pkg / "unused.py").write_text("")
    script = tmp_path / "rule.py"
    script.write_text("from kzrd.a import f\n")
    assert module_closure(script, pkg) == [
        "kzrd/__init__.py",
        "kzrd/a.py",
        "kzrd/b.py",
        "kzrd/c.py",
    ]


def test_the_verdicts_rule_depends_on_the_rules_and_the_multiverse(root):
    closure = module_closure(root / "scripts" / "verdicts.py", root / "scripts" / "kzrd")
    # kzrd.paper2025.verdicts imports kzrd.paper2025.multiverse inside a function: a changed meta-rule
    # must rerun the verdicts
    assert {
        "kzrd/paper2025/verdicts.py",
        "kzrd/paper2025/multiverse.py",
        "kzrd/paper2025/claims.py",
        "kzrd/reference/regions.py",
    } <= set(closure)
    assert "kzrd/present/figures.py" not in closure  # nor does it rerun on figure code
    audit = module_closure(root / "scripts" / "audit.py", root / "scripts" / "kzrd")
    assert "kzrd/paper2025/verdicts.py" not in audit  # the evidence does not rerun on a rule change


def test_every_rule_with_a_script_declares_the_closure_of_that_script(root):
    """Its inputs name code_of(<its script>), or are those of a rule with the same script."""
    rules = {}  # rule -> its script
    for smk in sorted((root / "rules").glob("*.smk")):
        for block in re.split(r"(?m)^(?=\s*rule \w+:)", smk.read_text(encoding="utf-8")):
            script = re.search(r'script:\s*\n\s*"\.\./scripts/(\w+)\.py"', block)
            if script and 'code=code_of("' in block:
                rules[re.search(r"rule (\w+):", block).group(1)] = script.group(1)
    for smk in sorted((root / "rules").glob("*.smk")):
        for block in re.split(r"(?m)^(?=\s*rule \w+:)", smk.read_text(encoding="utf-8")):
            script = re.search(r'script:\s*\n\s*"\.\./scripts/(\w+)\.py"', block)
            if not script:
                continue
            name = re.search(r"rule (\w+):", block).group(1)
            inherited = re.search(
                r"\*\*rules\.(\w+)\.input", block
            )  # another rule's inputs, code included
            if inherited:
                assert rules[inherited.group(1)] == script.group(1), f"{smk.name}: rule {name}"
                continue
            assert f'code=code_of("{script.group(1)}")' in block, f"{smk.name}: rule {name}"
            assert "code=code(" not in block, f"{smk.name}: rule {name} keeps a hand-made list"
