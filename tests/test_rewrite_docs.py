"""Every recipe of docs/rewriting.md runs: its file blocks are written, its python blocks
executed in order, in one namespace, in a scratch directory (their asserts are the test).
"""

from __future__ import annotations

import re
from pathlib import Path

import attrs
import pytest

DOC = Path(__file__).resolve().parent.parent / "docs" / "rewriting.md"
_FENCE = re.compile(r"^```(\w+)(?: (\S+))?\n(.*?)^```$", re.MULTILINE | re.DOTALL)


@attrs.frozen
class Block:
    language: str
    filename: str | None
    code: str


def recipes(text: str) -> dict[str, list[Block]]:
    """The ``### `` sections of the ``## Recipes`` chapter, each with its fenced blocks."""
    chapter = text.partition("\n## Recipes\n")[2].split("\n## ", 1)[0]
    found: dict[str, list[Block]] = {}
    for section in chapter.split("\n### ")[1:]:
        title, _, body = section.partition("\n")
        found[title] = [Block(*match.groups()) for match in _FENCE.finditer(body)]
    return found


RECIPES = recipes(DOC.read_text(encoding="utf-8"))


def test_the_doc_has_the_recipes_the_issue_asks_for() -> None:
    assert sorted(RECIPES) == [
        "Finding rows that point at the same bytes",
        "From a single store to multi-store cinder",
        "Moving a Ceph cluster: new fsid and pool",
        "Swift credentials to `swift+config`",
        "Taking s3 and http credentials out of the database",
    ]
    for title, blocks in RECIPES.items():
        assert any(block.language == "python" for block in blocks), title
        assert {block.language for block in blocks} <= {"python", "ini"}, title


@pytest.mark.parametrize("title", sorted(RECIPES))
def test_recipe_runs(title: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, object] = {"__name__": f"recipe {title}"}
    for block in RECIPES[title]:
        if block.filename is not None:
            (tmp_path / block.filename).write_text(block.code, encoding="utf-8")
            continue
        assert block.language == "python"
        exec(compile(block.code, f"{DOC.name}: {title}", "exec"), namespace)  # noqa: S102 (our doc)


def test_recipes_parser_reads_files_and_code() -> None:
    text = (
        "\n## Recipes\n\n### One\n\n```ini a.conf\n[x]\n```\n\n```python\nx = 1\n```\n"
        "\n## Next\n\n### Not a recipe\n\n```python\nraise SystemExit\n```\n"
    )
    assert recipes(text) == {
        "One": [Block("ini", "a.conf", "[x]\n"), Block("python", None, "x = 1\n")]
    }
