"""docs/divergences.md and the rules of the conformance suite name the same divergences."""

from __future__ import annotations

import pytest

from tests.conformance import doc
from tests.conformance.divergences import RULES


def test_every_rule_is_documented_and_every_entry_is_a_rule() -> None:
    documented = [entry.rule_id for entry in doc.entries()]
    assert len(documented) == len(set(documented)), "an identifier is documented twice"
    assert sorted(set(RULES) - set(documented)) == [], "rules without an entry in the doc"
    assert sorted(set(documented) - set(RULES)) == [], "doc entries without a rule"


def test_each_example_names_a_store_of_its_rule() -> None:
    for entry in doc.entries():
        assert entry.store in RULES[entry.rule_id].stores, entry


@pytest.mark.parametrize(
    ("text", "message"),
    [
        pytest.param("### `a-rule`\n\nno example\n", "has 0", id="missing-example"),
        pytest.param(
            "### `a-rule`\n- **Example** (`http`): `http://a`\n- **Example** (`http`): `http://b`\n",
            "has 2",
            id="two-examples",
        ),
    ],
)
def test_entries_refuses_malformed_entries(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        doc.entries(text)


def test_entries_unescapes_examples() -> None:
    text = "### `a-rule`\n- **Example** (`file`): `file:///a\\tb{x*3}`\n"
    assert doc.entries(text) == [doc.Entry("a-rule", "file", "file:///a\tbxxx")]
